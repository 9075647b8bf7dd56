"""A corrected score renders the project pages whose standing it changed, not every page of
its year and authority (issue 45: a score edit at 100,000 projects re-rendered about
12,500 pages). Counted, never timed."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.core.fmt import round2
from generator.core.urls import project_page, source_path
from generator.publish.pipeline import build
from tests.bench.measure import score_one_project
from tests.bench.synth import write_content
from tests.sitebuild import tmp_dir
from tests.test_build import digest
from tests.test_edit_work import rendered_pages

PROJECTS = "projects/"


def _pages(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes()
            for p in sorted((docs / "projects").rglob("*.md"))}


@pytest.mark.parametrize("index", [7, 150])
def test_a_corrected_score_renders_exactly_the_project_pages_it_changes(
        monkeypatch: pytest.MonkeyPatch, index: int) -> None:
    """The project pages rendered after a score is corrected by 0.01 are exactly those
    whose Markdown differs from before (the project's own, those whose rank or share
    below moved, all of a group whose shown average or distribution moved), far fewer than
    its year's and authority's; the site is a clean build's."""
    work = tmp_dir(f"score-edit-{index}")
    content = work / "content"
    files = write_content(content, 300)
    first = build(content, work / "build", None)
    before = _pages(first.docs_dir)
    edited_file = sorted(files)[index]
    project = next(p for p in first.content.projects
                   if Path(p.file).resolve() == edited_file.resolve())
    assert project.total is not None
    old_total = round2(project.total)
    rendered = rendered_pages(monkeypatch)
    score_one_project(edited_file)
    edited = build(content, work / "build", None)
    after = _pages(edited.docs_dir)
    changed = {path for path, text in after.items() if before.get(path) != text}
    assert source_path(project_page(project)) in changed
    assert {p for p in rendered if p.startswith(PROJECTS)} == changed
    groups = [p for p in edited.content.projects
              if p.year == project.year or p.authority == project.authority]
    assert len(changed) < len(groups) // 2, (len(changed), len(groups))
    moved = next(p for p in edited.content.projects if p.id == project.id)
    assert moved.total is not None and abs(round2(moved.total) - old_total) == Decimal("0.01")
    shutil.rmtree(work / "clean", ignore_errors=True)
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
