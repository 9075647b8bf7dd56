"""Work an edit's rebuild no longer does twice (issue 45): counted, never timed."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

import generator.site.charts as charts_module
import generator.site.context as context_module
import generator.site.pages as pages_module
from generator.content.discovery import read_content
from generator.core.themes import THEME_SLUGS
from generator.publish.pipeline import build
from generator.site.context import build_context
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest


def test_each_projects_rectification_is_read_once_for_its_four_groups(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A project counts in all, its year, its department's year and its authority: its
    problems' sources and whether it lacks rectification are read once, the figures the
    same as reading them for each group."""
    content = read_content(SEED_CONTENT)
    expected = build_context(content)
    read: list[str] = []
    for name in ("problem_sources", "lacks_rectification"):
        real = getattr(context_module, name)

        def counting(project: Any, real: Any = real) -> Any:
            read.append(project.id)
            return real(project)

        monkeypatch.setattr(context_module, name, counting)
    site = build_context(content)
    projects = [p for p in content.projects if p.kind != "部门整体"]
    assert sorted(read) == sorted(p.id for p in projects for _ in range(2))
    for mine, theirs in [(site.all, expected.all),
                         *zip(site.years.values(), expected.years.values(), strict=True),
                         *zip(site.authorities.values(), expected.authorities.values(),
                              strict=True)]:
        assert mine.status_sources == theirs.status_sources
        assert [p.id for p in mine.without_rectification] == \
            [p.id for p in theirs.without_rectification]
    assert sum(site.all.status_sources.values()) > 0


@pytest.mark.site
def test_a_build_lists_the_projects_folder_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inputs' key (is the site current?) and the check read one listing of the
    projects folder, and an edit is still seen."""
    work = tmp_dir("one-listing")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", work / "site")
    walked: list[str] = []
    real = os.walk

    def counting(top: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.basename(os.fspath(top)) == "projects":
            walked.append(os.fspath(top))
        return real(top, *args, **kwargs)

    monkeypatch.setattr(os, "walk", counting)
    target = content / "projects" / "2017" / "video-conference.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                      encoding="utf-8")
    result = build(content, work / "build", work / "site")
    assert len(walked) == 1
    assert any(p.name.startswith("改") for p in result.content.projects)
    assert "projects/2017/video-conference/index.md" in result.stats.written


@pytest.mark.site
def test_the_summary_pages_an_edit_leaves_are_not_even_made(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The charts of an authority's page or a year's summary are drawn only for the pages
    rendered again: those of the edited project's authority and year."""
    work = tmp_dir("kept-summaries")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", None)
    drawn: list[object] = []
    for module, name in ((charts_module.insight, "authority_charts"),
                         (charts_module, "year_charts")):
        real = getattr(module, name)

        def counting(owner: Any, *args: Any, real: Any = real) -> Any:
            drawn.append(owner if isinstance(owner, str) else args[0])
            return real(owner, *args)

        monkeypatch.setattr(module, name, counting)
    target = content / "projects" / "2017" / "video-conference.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("summary: ", "summary: 改", 1),
                      encoding="utf-8")
    video = next(p for p in first.content.projects if p.id == "2017/video-conference")
    build(content, work / "build", None)
    assert sorted(map(str, drawn)) == sorted([video.authority, "2017"])
    assert len({p.authority for p in first.content.projects}) > 1
    assert len({p.year for p in first.content.projects}) > 1
    clean = build(content, work / "clean", None)
    assert digest(work / "build" / "docs") == digest(clean.docs_dir)


@pytest.mark.site
def test_a_problem_themes_pages_render_again_only_when_its_projects_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited project: of its year's problem theme pages, only those of the themes it is
    in render again (no longer every theme of the year), and the site is a clean build's."""
    work = tmp_dir("theme-pages")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", None)
    video = next(p for p in first.content.projects if p.id == "2017/video-conference")
    index = build_context(first.content).themes
    mine = {THEME_SLUGS[name] for name, entry in index.by_year[2017].items()
            if any(p.id == video.id for p, _ in entry.projects)}
    others = {THEME_SLUGS[name] for name, entry in index.by_year[2017].items()
              if entry.count} - mine
    assert mine and others
    rendered: list[str] = []
    real = pages_module._render

    def counting(*args: Any, **kwargs: Any) -> Any:
        for path, text in real(*args, **kwargs):
            rendered.append(path)
            yield path, text

    monkeypatch.setattr(pages_module, "_render", counting)
    target = content / "projects" / "2017" / "video-conference.yml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("summary: ", "summary: 改", 1), encoding="utf-8")
    edited = build(content, work / "build", None)
    themes = {p.split("/")[1] for p in rendered if p.startswith("problems/") and "/2017/" in p}
    assert themes == mine
    clean = build(content, work / "clean", None)
    assert digest(edited.docs_dir) == digest(clean.docs_dir)
