"""Work an edit's rebuild no longer does twice (issue 45): counted, never timed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import generator.site.charts as charts_module
import generator.site.context as context_module
import generator.site.pages as pages_module
from generator.content import discovery
from generator.content.discovery import read_content
from generator.core.themes import THEME_SLUGS
from generator.core.urls import (
    authority_page,
    department_page,
    problems_page,
    project_page,
    source_path,
    whole_page,
    year_page,
)
from generator.core.whole import WHOLE
from generator.publish import fingerprints, listings
from generator.publish.cache import CheckCache
from generator.publish.pipeline import build
from generator.site.context import build_context
from generator.site.theme_index import ThemeIndex
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest


def test_each_projects_rectification_is_read_once_for_its_four_groups(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A project counts in all, its year, its department's year and its authority: its
    problems' sources and whether it lacks rectification are read once, the figures the
    same as reading them for each group."""
    content = read_content(SEED_CONTENT)
    expected = build_context(content)
    for group in (expected.all, *expected.years.values(), *expected.authorities.values()):
        group.status_sources  # noqa: B018 - summed before reading is counted
    read: list[str] = []
    for name in ("problem_sources", "lacks_rectification"):
        real = getattr(context_module, name)

        def counting(project: Any, real: Any = real) -> Any:
            read.append(project.id)
            return real(project)

        monkeypatch.setattr(context_module, name, counting)
    site = build_context(content)
    projects = [p for p in content.projects if p.kind != "部门整体"]
    for mine, theirs in [(site.all, expected.all),
                         *zip(site.years.values(), expected.years.values(), strict=True),
                         *zip(site.authorities.values(), expected.authorities.values(),
                              strict=True)]:
        assert mine.status_sources == theirs.status_sources
        assert [p.id for p in mine.without_rectification] == \
            [p.id for p in theirs.without_rectification]
    assert sorted(read) == sorted(p.id for p in projects for _ in range(2))
    assert sum(site.all.status_sources.values()) > 0


@pytest.mark.site
def test_a_build_lists_the_projects_folder_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inputs' key (is the site current?) and the check read one listing of the
    projects folder, and an edit is still seen."""
    work = tmp_dir("one-listing")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", work / "site")
    walked: list[str] = []  # the listings of the folder (one os.scandir of it each)
    real = os.scandir

    def counting(top: Any = ".", *args: Any, **kwargs: Any) -> Any:
        if not isinstance(top, int) and \
                os.path.abspath(top) == os.path.abspath(content / "projects"):
            walked.append(os.fspath(top))
        return real(top, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", counting)
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
    target = content / "projects" / "2017" / "video-conference.yml"  # a name: year pages list it
    target.write_text(target.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
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
    rendered = rendered_pages(monkeypatch)
    indexed: list[int] = []
    real_of = ThemeIndex.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type[ThemeIndex], site: Any) -> ThemeIndex:
        indexed.append(len(site.projects))
        return real_of(cls, site)  # type: ignore[no-any-return]

    monkeypatch.setattr(ThemeIndex, "of", classmethod(counting))
    target = content / "projects" / "2017" / "video-conference.yml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("name: ", "name: 改", 1), encoding="utf-8")  # listed there
    edited = build(content, work / "build", None)
    themes = {p.split("/")[1] for p in rendered if p.startswith("problems/") and "/2017/" in p}
    assert themes == mine
    # a new name leaves every project's problems: the index is the earlier build's (making
    # it again was 0.8–1.0 s of such an edit at 10,000 projects)
    assert indexed == []
    clean = build(content, work / "clean", None)
    assert digest(edited.docs_dir) == digest(clean.docs_dir)


def rendered_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages rendered from now on, by their paths."""
    rendered: list[str] = []
    real = pages_module._render

    def counting(*args: Any, **kwargs: Any) -> Any:
        for path, text in real(*args, **kwargs):
            rendered.append(path)
            yield path, text

    monkeypatch.setattr(pages_module, "_render", counting)
    return rendered


def edit_field(content: Path, old: str, new: str) -> None:
    target = content / "projects" / "2017" / "video-conference.yml"
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.site
def test_an_edit_to_a_projects_text_renders_only_the_pages_that_show_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """概况 and 主要绩效 are shown on the project's page and its 部门公开 page (信息表) only:
    an edit to them renders those (with its authority's page and the 部门整体 pages, which
    always render), not its year's summary, 整改 and 问题 pages nor the pages over all years,
    whose charts are not even drawn; one listing is made (the file's); the site is a clean
    build's."""
    work = tmp_dir("text-edit")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", None)
    video = next(p for p in first.content.projects if p.id == "2017/video-conference")
    drawn: list[str] = []
    for name in ("home_charts", "trend_charts"):
        chart = getattr(charts_module, name)

        def draw(*args: Any, name: str = name, real: Any = chart) -> Any:
            drawn.append(name)
            return real(*args)

        monkeypatch.setattr(charts_module, name, draw)
    made: list[str] = []
    real_listing = listings.listing_of

    def listing(project: Any) -> str:
        made.append(project.id)
        return real_listing(project)

    rendered = rendered_pages(monkeypatch)
    monkeypatch.setattr(listings, "listing_of", listing)
    edit_field(content, "summary: ", "summary: 改")
    edit_field(content, "achievements:\n  - ", "achievements:\n  - 改")
    edited = build(content, work / "build", None)
    config = first.content.config
    wholes = {source_path(whole_page(w)) for w in first.content.projects if w.kind == WHOLE}
    assert set(rendered) == {source_path(project_page(video)),
                             source_path(department_page(video.authority, 2017, config)),
                             source_path(authority_page(video.authority, config)), *wholes}
    assert drawn == []
    assert made == [video.id]
    clean = build(content, work / "clean", None)
    assert digest(edited.docs_dir) == digest(clean.docs_dir)
    rendered.clear()
    drawn.clear()
    edit_field(content, "name: ", "name: 又")  # every list shows it: they render again
    again = build(content, work / "build", None)
    assert {"index.md", "years/index.md", "rectification/2017/index.md",
            "rectification/index.md", "problems/index.md", "trends/index.md"} <= set(rendered)
    assert sorted(drawn) == ["home_charts", "trend_charts"]
    drawn.clear()
    assert digest(again.docs_dir) == digest(build(content, work / "clean", None).docs_dir)


@pytest.mark.site
def test_a_tree_run_from_another_folder_checks_no_file_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The check cache is not keyed by the working folder: a build of the same content
    (named by its absolute path) from elsewhere reads every result from the cache."""
    work = tmp_dir("other-folder").absolute()
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    (work / "a").mkdir(exist_ok=True)
    (work / "b").mkdir(exist_ok=True)
    monkeypatch.chdir(work / "a")
    first = build(content, work / "build", None)
    checked: list[str] = []
    real = CheckCache.put

    def put(self: CheckCache, name: str, *args: Any) -> Any:
        checked.append(name)
        return real(self, name, *args)

    monkeypatch.setattr(CheckCache, "put", put)
    monkeypatch.chdir(work / "b")
    second = build(content, work / "build", None)
    assert checked == []
    assert digest(second.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
    assert len(first.content.projects) > 5


@pytest.mark.site
def test_an_edit_reads_the_group_figures_of_the_edited_project_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What a project adds to its groups (得分率, 整改 statuses and sources) is kept by file:
    an edit reads the edited project's only, the project files are named without an
    ``abspath`` each, and the figures are a clean build's."""
    work = tmp_dir("kept-facts")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    read: list[str] = []
    real = listings.project_facts

    def facts(project: Any) -> Any:
        read.append(project.id)
        return real(project)

    named: list[str] = []
    real_name = discovery._display_path

    def name(path: str, cwd: str) -> str:
        named.append(path)
        return real_name(path, cwd)

    monkeypatch.setattr(listings, "project_facts", facts)
    monkeypatch.setattr(discovery, "_display_path", name)
    monkeypatch.setattr(discovery, "_NAMES", {})  # as in a new process
    edit_field(content, "rectification:\n  - ", "rectification:\n  - 已整改。")
    edited = build(content, work / "build", None)
    assert read == ["2017/video-conference"]
    # the project files are named as they are listed (their folder's absolute path made
    # once), site.yml by itself
    assert named == [os.fspath(content / "site.yml")]
    assert {p.file for p in edited.content.projects} == {
        real_name(os.fspath(path), os.getcwd()) for path in (content / "projects").rglob("*.yml")}
    mine = build_context(edited.content).all
    clean = build(content, work / "clean", None)
    theirs = build_context(clean.content).all
    assert (mine.problem_statuses, mine.status_sources, mine.indicator_rates) == \
        (theirs.problem_statuses, theirs.status_sources, theirs.indicator_rates)
    assert digest(edited.docs_dir) == digest(clean.docs_dir)


@pytest.mark.site
def test_an_edit_of_a_text_makes_the_fingerprints_of_its_own_pages_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed file that lists as it did (a text of its page and its 部门公开): the other
    pages' fingerprints are the record's, not made again; a changed figure makes them
    all. The pages are a clean build's either way."""
    work = tmp_dir("kept-fingerprints")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    made: list[str] = []
    summaries: list[str] = []
    real = fingerprints.page_fingerprint
    real_summaries = fingerprints.summary_fingerprints

    def counting(state: Any, site: Any, project: Any, directory_urls: bool) -> str:
        made.append(project.id)
        return real(state, site, project, directory_urls)

    def counting_summaries(*args: Any, **named: Any) -> Any:
        summaries.append("all")
        return real_summaries(*args, **named)

    monkeypatch.setattr(fingerprints, "page_fingerprint", counting)
    monkeypatch.setattr(fingerprints, "summary_fingerprints", counting_summaries)
    edit_field(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    edited = build(content, work / "build", None)
    assert made == ["2017/video-conference"] and summaries == []
    assert "projects/2017/video-conference/index.md" in edited.stats.written
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
    made.clear()
    summaries.clear()
    # the year's lists show a name: every summary page's fingerprint is made again, but of
    # the project pages only its own (no other's standing changed: 5–6 s at 100,000)
    edit_field(content, "name: ", "name: 改")
    edited = build(content, work / "build", None)
    assert made == ["2017/video-conference"] and summaries == ["all"]
    assert digest(edited.docs_dir) == digest(build(content, work / "clean2", None).docs_dir)
    # another 评价方式 changes what its year's and authority's standings mix: their pages
    year = {p.id for p in edited.content.projects if p.year == 2017 and p.kind != WHOLE}
    video = next(p for p in edited.content.projects if p.id == "2017/video-conference")
    authority = {p.id for p in edited.content.projects
                 if p.authority == video.authority and p.kind != WHOLE}
    assert len(year) > 1 and len(authority - year) > 0
    made.clear()
    edit_field(content, "method: 第三方评价", "method: 部门评价")
    edited = build(content, work / "build", None)
    assert sorted(made) == sorted(year | authority)
    assert digest(edited.docs_dir) == digest(build(content, work / "clean3", None).docs_dir)
    # a project moved to another authority: its page's place changed, all are made
    made.clear()
    edit_field(content, f"authority: {video.authority}", "authority: 上海市工商业联合会")
    edited = build(content, work / "build", None)
    assert len(made) == len(edited.content.projects) - edited.whole_count
    assert digest(edited.docs_dir) == digest(build(content, work / "clean4", None).docs_dir)


def test_the_content_order_keys_each_authority_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sorting the content makes each authority's name key once and none for a name
    without digits; the order is the one the keys give."""
    from generator.core.order import natural

    keyed: list[str] = []

    def counting(text: str) -> Any:
        keyed.append(text)
        return natural(text)

    monkeypatch.setattr(discovery, "natural", counting)
    content = read_content(SEED_CONTENT)
    authorities = {p.authority for p in content.projects}
    assert sorted(keyed) == sorted([*authorities, *(p.name for p in content.projects
                                                    if any(c.isdigit() for c in p.name))])
    assert [p.id for p in content.projects] == [p.id for p in sorted(
        content.projects, key=lambda p: (-p.year, natural(p.authority), p.order or 10**9,
                                         natural(p.name), p.id))]


@pytest.mark.site
def test_an_edit_of_a_whole_departments_figures_alone_in_its_year_gives_the_clean_build(
        ) -> None:
    """A 部门整体 result has no standing among projects: a changed budget of one that is
    alone in its year and authority (no group of projects to rank in) makes the summary
    pages' fingerprints and no project page's, and the site is a clean build's."""
    work = tmp_dir("whole-alone")
    content = work / "content"
    shutil.copytree(Path(__file__).parent / "data" / "whole-site" / "content", content)
    source = content / "projects" / "2023" / "lincang-whole.yml"
    alone = content / "projects" / "2024" / "finance-whole.yml"
    alone.parent.mkdir()
    alone.write_text(source.read_text(encoding="utf-8")
                     .replace("year: 2023", "year: 2024")
                     .replace("临沧市政务服务管理局", "临沧市财政局"), encoding="utf-8")
    build(content, work / "build", None)
    made: list[str] = []
    real = fingerprints.page_fingerprint

    def counting(state: Any, site: Any, project: Any, directory_urls: bool) -> str:
        made.append(project.id)
        return real(state, site, project, directory_urls)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fingerprints, "page_fingerprint", counting)
        text = alone.read_text(encoding="utf-8")
        alone.write_text(text.replace("budget: 695.00", "budget: 696.00", 1), encoding="utf-8")
        edited = build(content, work / "build", None)
    assert made == []
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)


@pytest.mark.site
def test_a_rename_renders_the_page_of_a_themes_list_that_lists_the_project(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A theme's list over several pages: a renamed project's page of it renders again,
    its other pages do not (each is keyed by its own rows and the theme's counts); a new
    problem that moves the rows renders those it moved; the docs are a clean build's."""
    import generator.core.urls

    monkeypatch.setattr(generator.core.urls, "LIST_ROWS", 1)
    work = tmp_dir("theme-list-pages")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", None)
    index = build_context(first.content).themes
    listed = {name: [p for p, _ in entry.projects]
              for name, entry in index.by_year[2017].items() if entry.count}
    shared = next(projects for projects in listed.values() if len(projects) > 1)
    project = shared[-1]  # on the last page of a list of several
    mine = {name: projects.index(project) + 1 for name, projects in listed.items()
            if project in projects}
    rendered = rendered_pages(monkeypatch)
    target = Path(project.file)
    target.write_text(target.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                      encoding="utf-8")
    edited = build(content, work / "build", None)
    theme_pages = {p for p in rendered if p.startswith("problems/") and "/2017/" in p}
    assert theme_pages == {source_path(problems_page(THEME_SLUGS[name], 2017, n))
                           for name, n in mine.items()}
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
    rendered.clear()
    edit_field(content, "problems:\n  - ", "problems:\n  - 政府采购程序不规范。\n  - ")
    edited = build(content, work / "build", None)
    assert digest(edited.docs_dir) == digest(build(content, work / "clean2", None).docs_dir)


@pytest.mark.site
def test_a_rename_renders_the_first_page_of_its_years_list_and_its_own(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A year's list over several pages: the first keeps the year's figures and charts
    (every project's listing), the others only their rows; a renamed project renders the
    first and the page that lists it; the docs are a clean build's."""
    import generator.core.urls

    monkeypatch.setattr(generator.core.urls, "LIST_ROWS", 1)
    work = tmp_dir("year-list-pages")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", None)
    year = build_context(first.content).years[2017].projects
    assert len(year) > 2
    project = year[2]  # on page 3
    rendered = rendered_pages(monkeypatch)
    target = Path(project.file)
    target.write_text(target.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                      encoding="utf-8")
    edited = build(content, work / "build", None)
    assert {p for p in rendered if p.startswith("years/2017/")} == \
        {source_path(year_page(2017, 1)), source_path(year_page(2017, 3))}
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
