"""The MkDocs process started before the build knows what to render (:class:`WarmMkDocs`):
it builds what a cold ``mkdocs build`` builds, reports its errors the same way, and ends
with the build when no run took it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.content.discovery import read_content
from generator.core.problems import BuildError
from generator.publish.children import ChildRun
from generator.publish.mkdocs import MkDocsRun, WarmMkDocs, mkdocs_config
from generator.publish.partitions import PartitionedRun, nav_pages, page_output
from generator.publish.shells import eligible
from generator.site.context import build_context
from tests.sitebuild import SEED_CONTENT, built
from tests.test_build import digest

EPOCH = "1700000000"


def _part(folder: Path) -> dict:
    """A small part as a partition gives MkDocs: the site's configuration, a few pages."""
    docs = folder / "docs"
    site = build_context(read_content(SEED_CONTENT))
    config = mkdocs_config(site, docs, folder / "site")
    for src in nav_pages(config["nav"]):
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(f"# {src}\n\n<p>第一段 &lt;script&gt;</p>\n", encoding="utf-8")
    return config


def test_a_warm_run_builds_what_a_cold_run_builds(tmp_path: Path) -> None:
    cold, warm_dir = tmp_path / "cold", tmp_path / "warm"
    MkDocsRun(_part(cold), cold / "mkdocs.yml", EPOCH).wait()
    warm = WarmMkDocs()
    try:
        first = MkDocsRun(_part(warm_dir), warm_dir / "mkdocs.yml", EPOCH, warm, again=True)
        first.wait()
        assert warm._ready is not None  # the next run's process, started
    finally:
        warm.close()
    assert digest(cold / "site") == digest(warm_dir / "site")
    assert (warm_dir / "site" / "index.html").is_file()


def test_a_warm_runs_error_is_mkdocs_own(tmp_path: Path) -> None:
    config = _part(tmp_path)
    config["docs_dir"] = str(tmp_path / "missing")
    warm = WarmMkDocs()
    try:
        run = MkDocsRun(config, tmp_path / "mkdocs.yml", EPOCH, warm)
        with pytest.raises(BuildError, match="MkDocs 构建失败：(.|\n)*missing"):
            run.wait()
    finally:
        warm.close()


def test_an_unused_warm_process_ends_with_close() -> None:
    warm = WarmMkDocs()
    assert warm._ready is not None
    process = warm._ready[0]
    warm.close()
    assert process.poll() is not None and warm._ready is None
    warm.close()  # twice: nothing left to end


def test_a_taken_process_that_died_reports_it(tmp_path: Path) -> None:
    warm = WarmMkDocs()
    assert warm._ready is not None
    warm._ready[0].kill()
    warm._ready[0].wait()
    run = ChildRun([], tmp_path / "x.log", dict(os.environ), "MkDocs 构建失败：",
                   warm.take(tmp_path / "mkdocs.yml", EPOCH, again=False))
    with pytest.raises(BuildError, match="MkDocs 构建失败"):
        run.wait()
    warm.close()


def _edit_like(folder: Path, warm: WarmMkDocs | None) -> tuple[PartitionedRun, Path]:
    """An edit's MkDocs step over the seeds' Markdown: two project pages (filled into
    shells) and a year's summary, without the common files."""
    docs = built().docs_dir
    projects = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("index.md")
                      if eligible(p.relative_to(docs).as_posix()))[:2]
    config = mkdocs_config(build_context(read_content(SEED_CONTENT)), docs, folder / "x")
    run = PartitionedRun(config, docs, folder / "parts", EPOCH,
                         [*projects, "years/2018/index.md"], [], common=False,
                         filled=folder / "filled", warm=warm)
    run.wait()
    return run, folder / "parts" / "part-0" / "site"


def test_a_warm_part_makes_its_pages_only_and_fills_the_shells_itself(tmp_path: Path
                                                                      ) -> None:
    """The part's theme files, 404.html, sitemap and stub pages, which the build throws
    away, are not made; the project pages are filled by the MkDocs process itself, not by
    a process of their own. What the build takes is what a cold run makes."""
    cold, cold_site = _edit_like(tmp_path / "cold", None)
    warm = WarmMkDocs()
    try:
        hot, hot_site = _edit_like(tmp_path / "warm", warm)
    finally:
        warm.close()
    assert len(cold.filling) == 1 and not hot.filling  # no process of their own
    part = hot.parts[0]
    made = {p.relative_to(hot_site).as_posix() for p in hot_site.rglob("*") if p.is_file()}
    assert made == {page_output(src, True) for src in part.pages + part.prototypes}
    assert part.stubs and {page_output(src, True) for src in part.stubs} <= \
        {p.relative_to(cold_site).as_posix() for p in cold_site.rglob("*.html")}
    assert (cold_site / "404.html").is_file() and (cold_site / "sitemap.xml").is_file()
    assert len(list((cold_site / "assets").rglob("*.js"))) > 10
    taken_cold, taken_hot = cold.outputs()[0], hot.outputs()[0]
    assert sorted(taken_cold) == sorted(taken_hot) and len(taken_hot) == 3
    for page in taken_hot:
        assert Path(taken_hot[page]).read_bytes() == Path(taken_cold[page]).read_bytes()


def test_many_pages_are_filled_by_a_process_a_core_into_the_same_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From ``FILL_SPLIT_FROM`` shelled pages (here lowered to the seeds' two), the fill
    runs in one process a core, each with its share of the pages; they write what one
    fill process writes."""
    one, _ = _edit_like(tmp_path / "one", None)
    monkeypatch.setattr("generator.publish.partitions.FILL_SPLIT_FROM", 2)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    two, _ = _edit_like(tmp_path / "two", None)
    assert len(one.filling) == 1 and len(two.filling) == 2
    shares = [json.loads(job.read_text(encoding="utf-8"))["pages"] for job in two.fill_parts]
    assert [len(pages) for pages in shares] == [1, 1]
    filled = {out: Path(path).read_bytes() for out, path in one.outputs()[0].items()
              if out in one.shelled}
    assert len(filled) == 2
    assert filled == {out: Path(path).read_bytes() for out, path in two.outputs()[0].items()
                      if out in two.shelled}
