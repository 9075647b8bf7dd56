"""Work beside the build runs at a lower priority (generator/base/priority.py): the
listing of the site folders and the background removal; the check, the downloads and the
MkDocs process, which an edit waits for, do not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.base.apart import Apart
from generator.base.priority import ASIDE, IDLE
from generator.publish import files, spare
from generator.publish.mkdocs import WarmMkDocs

PRINT_NICENESS = "import os; print(os.getpriority(os.PRIO_PROCESS, 0))"


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def _lowered(base: int, by: int) -> int:
    return min(base + by, 19)


def test_a_forked_call_aside_runs_lower_and_the_others_do_not() -> None:
    base = _niceness()
    assert Apart(_niceness, aside=True).join() == (True, _lowered(base, ASIDE))
    assert Apart(_niceness).join() == (True, base)  # the downloads' process
    assert _niceness() == base  # the build's own process is never lowered


def test_the_warm_mkdocs_process_keeps_the_builds_priority() -> None:
    """Its imports must be done when its run is wanted (see generator/base/priority.py)."""
    base = _niceness()
    warm = WarmMkDocs()
    try:
        assert warm._ready is not None
        assert os.getpriority(os.PRIO_PROCESS, warm._ready[0].pid) == base
    finally:
        warm.close()


def test_the_site_listing_is_forked_aside(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[dict[str, Any]] = []
    real = spare.Apart

    def recording(call: Any, **options: Any) -> Any:
        made.append(options)
        return real(call, **options)

    monkeypatch.setattr(spare, "Apart", recording)
    (tmp_path / "site" / "a").mkdir(parents=True)
    listed = spare.Listing(tmp_path / "site")
    listed.finish()
    assert made == [{"aside": True}]
    assert listed.published() is not None


def test_the_background_removal_runs_idle(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = subprocess.Popen

    def removal(args: list[str], **options: Any) -> Any:
        # the same preexec_fn, in a child that reports its priority instead of removing
        probe = [sys.executable, "-c", PRINT_NICENESS]
        with real(probe, preexec_fn=options["preexec_fn"], stdout=subprocess.PIPE,
                  text=True) as child:
            seen.append(int(child.communicate()[0]))
        return real(args, **options)

    monkeypatch.setattr(files.subprocess, "Popen", removal)
    trash = tmp_path / "trash"
    trash.mkdir()
    files.remove_later(trash)
    assert seen == [_lowered(_niceness(), IDLE)]
