"""What keeps a forked worker from copying the build's memory (issue 45: 100,000 projects in
3 GiB). Whatever the build process or a worker forked from it writes after the fork is
copied; these tests check the outcomes that keep those writes few, not figures in bytes
(``python -m tests.bench.treemem`` and ``tests.bench.forkprobe`` measure those)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

from generator.base import parallel
from generator.base.parallel import PARALLEL_FROM, can_fork, share
from generator.base.writer import Writer
from generator.core.urls import project_page, source_path
from tests.sitebuild import tmp_dir


def _where(state: None, part: Sequence[int]) -> list[tuple[int, bool]]:
    return [(os.getpid(), threading.current_thread() is threading.main_thread())
            for _ in part]


def test_forked_work_runs_in_a_thread_of_its_own_here_and_in_the_workers() -> None:
    """A new thread gets a malloc arena of its own: what the work allocates does not fill
    the gaps of the heap the processes share (see :func:`parallel.in_own_thread`)."""
    assert can_fork()
    parts = share(_where, None, list(range(PARALLEL_FROM * 2)), workers=2)
    seen = [entry for part in parts for entry in part]
    assert len(seen) == PARALLEL_FROM * 2
    assert {pid for pid, _ in seen} - {os.getpid()}, "some items went to a worker"
    assert not any(main for _, main in seen)


def test_a_failure_in_the_thread_reaches_the_caller() -> None:
    def fail(state: None, part: Sequence[int]) -> None:
        raise ValueError("坏")

    try:
        parallel.in_own_thread(fail, None, [1])
    except ValueError as error:
        assert str(error) == "坏"
    else:
        raise AssertionError("no error")


def test_summaries_and_shared_figures_are_done_before_the_page_workers_fork(
        monkeypatch: Any) -> None:
    """The summary pages read every project: rendered beside a worker, every page of the
    heap they touch would be copied. They are written before ``share`` forks, and what
    each project page would compute for the whole site on first use is computed then too."""
    from generator.content.discovery import read_content
    from generator.site import pages
    from generator.site.context import build_context
    from tests.bench.synth import write_content

    folder = tmp_dir("fork-memory")
    write_content(folder / "content", count=PARALLEL_FROM + 20)
    site = build_context(read_content(folder / "content"))
    writer = Writer(folder / "docs")
    at_fork: dict[str, Any] = {}

    def watched(*args: Any, **kwargs: Any) -> Any:
        at_fork["seen"] = set(writer.seen)
        at_fork["cached"] = set(vars(site))
        at_fork["ranked"] = all("sorted_totals" in vars(group) for group in
                                [*site.years.values(), *site.authorities.values()])
        return share(*args, **kwargs)

    monkeypatch.setattr(pages, "share", watched)
    pages.write_pages(site, writer, workers=2)
    projects = {source_path(project_page(p)) for p in site.projects}
    summaries = writer.seen - projects
    assert len(summaries) > 10 and summaries <= at_fork["seen"]
    assert "built" in at_fork["cached"] and at_fork["ranked"]
