"""Incremental builds: after any sequence of edits the site is byte for byte a clean
build's, and an edit checks, renders, indexes and makes again only what it changes.

Killed and stopped builds: tests/test_incremental_kills.py; one build at a time:
tests/test_build_lock.py."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

import generator.content.discovery
import generator.core.themes
import generator.site.feeds
import generator.site.pages
from generator.core.themes import themes_of
from generator.core.urls import (
    FEED_PATH,
    authority_page,
    department_feed,
    department_page,
    problems_page,
    rectification_page,
    source_path,
    year_page,
)
from generator.publish.pagefind import pagefind_shards
from generator.publish.partitions import nav_pages, page_output, split
from generator.publish.pipeline import build
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest
from tests.test_sitemap import listed, pages_of

pytestmark = pytest.mark.site

BASE_URL = "https://jxgk.example.gov.cn/gk/"
VIDEO = Path("projects/2017/video-conference.yml")
SMALL = {"shard_pages": 5, "mkdocs_pages": 9,  # several partitions and shards
         "delta_pages": 0}  # and no delta search shard: tests/test_search_delta.py


def _seed_copy(name: str) -> tuple[Path, Path]:
    """A scratch folder and, in it, a copy of the seed content."""
    work = tmp_dir(name)
    shutil.copytree(SEED_CONTENT, work / "content")
    return work, work / "content"


def _rename_video(content: Path) -> Path:
    """Prefix 改 to the video-conference project's name; returns its file."""
    target = content / VIDEO
    target.write_text(target.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                      encoding="utf-8")
    return target


def _edit_text(content: Path, rng: random.Random) -> str:
    files = sorted((content / "projects").rglob("*.yml"))
    target = rng.choice(files)
    text = target.read_text(encoding="utf-8")
    marker = rng.choice(["（修订）", "（更正）", "（补充）"])
    target.write_text(text.replace("name: ", f"name: {marker}", 1), encoding="utf-8")
    return f"text {target.name}"


def _edit_achievement(content: Path, rng: random.Random) -> str:
    """A typo fixed in a 主要绩效 paragraph: the project page's indexed text changes, its
    部门公开 page only in its 信息表, which the search index leaves out there."""
    files = sorted((content / "projects").rglob("*.yml"))
    target = rng.choice([f for f in files if "achievements:" in f.read_text(encoding="utf-8")])
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("achievements:\n  - ", "achievements:\n  - （修订）", 1),
                      encoding="utf-8")
    return f"achievement {target.name}"


def _change_score(content: Path, rng: random.Random) -> str:
    target = content / VIDEO
    if not target.exists():  # deleted or renamed by an earlier edit
        return "score (no change)"
    text = target.read_text(encoding="utf-8")
    leaf = "{code: A1.1, name: 战略目标适应性, weight: 2, score: 2}"
    if leaf not in text:
        return "score (no change)"
    text = text.replace(leaf, leaf.replace("score: 2", "score: 1"))
    text = text.replace("score: 87.74", "score: 86.74").replace("score: 9.00", "score: 8.00", 1)
    target.write_text(text, encoding="utf-8")
    return "score"


def _add(content: Path, rng: random.Random) -> str:
    source = content / VIDEO if (content / VIDEO).exists() else \
        sorted((content / "projects").rglob("*.yml"))[0]
    number = rng.randrange(1000)
    target = content / "projects" / "2017" / f"added-{number}.yml"
    text = source.read_text(encoding="utf-8").replace("name: ", f"name: 新增{number}", 1)
    target.write_text(text, encoding="utf-8")
    return f"add {target.name}"


def _delete(content: Path, rng: random.Random) -> str:
    files = sorted((content / "projects").rglob("*.yml"))
    if len(files) <= 3:
        return "delete (no change)"
    target = rng.choice(files)
    target.unlink()
    return f"delete {target.name}"


def _rename(content: Path, rng: random.Random) -> str:
    files = sorted((content / "projects").rglob("*.yml"))
    target = rng.choice(files)
    renamed = target.with_name(f"renamed-{rng.randrange(1000)}-{target.name}")
    target.rename(renamed)
    return f"rename {target.name} -> {renamed.name}"


def _edit_problem(content: Path, rng: random.Random) -> str:
    """A problem added (its theme's pages list the project, maybe a theme's first)."""
    files = sorted((content / "projects").rglob("*.yml"))
    target = rng.choice([f for f in files if "problems:\n" in f.read_text(encoding="utf-8")])
    text = target.read_text(encoding="utf-8")
    problem = rng.choice(["预算执行率偏低，资金支付滞后。", "绩效目标设置不够细化、量化。",
                          "合同管理不规范，验收资料缺失。"])
    target.write_text(text.replace("problems:\n", f"problems:\n  - {problem}\n", 1),
                      encoding="utf-8")
    return f"problem {target.name}"


def _join_series(content: Path, rng: random.Random) -> str:
    """A project put into another year's series, or taken out of it: other projects'
    pages (their trend) change."""
    target = content / VIDEO
    if not target.exists():
        return "series (no change)"
    text = target.read_text(encoding="utf-8")
    series = "series: 各地来沪投资数据采集与统计分析系统运维\n"
    text = text.replace(series, "") if series in text else \
        text.replace("year: 2017\n", f"year: 2017\n{series}", 1)
    target.write_text(text, encoding="utf-8")
    return "series"


EDITS = [_edit_text, _edit_achievement, _change_score, _add, _delete, _rename, _edit_problem,
         _join_series]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_edits_gives_the_clean_build(seed: int) -> None:
    rng = random.Random(seed)
    work, content = _seed_copy(f"edits-{seed}")
    if seed == 2:  # a published address: the sitemap lists every page (added, removed)
        site_yml = content / "site.yml"
        site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
            'base_url: ""', f'base_url: "{BASE_URL}"'), encoding="utf-8")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    done = []
    for step in range(4):
        edit = EDITS[(seed + step) % len(EDITS)] if step < 2 else rng.choice(EDITS)
        done.append(edit(content, rng))
        result = build(content, work / "build", site, **SMALL)
        if done[-1].endswith("(no change)"):
            continue  # nothing changed: the quick path
        assert "mkdocs" in result.seconds, done
        # only the changed pages (and the summaries that list them) went through MkDocs
        assert len(result.rendered) < len(list(site.rglob("index.html"))), done
    clean = build(content, work / f"clean-build-{seed}", work / f"clean-site-{seed}",
                  **SMALL).site_dir
    assert digest(site) == digest(clean), done
    if seed == 2:
        assert listed(site, BASE_URL) == pages_of(site, BASE_URL), done
    # the Markdown too: no page of a deleted or renamed project left behind, nor its folder
    docs, clean_docs = work / "build" / "docs", work / f"clean-build-{seed}" / "docs"
    assert digest(docs) == digest(clean_docs), done
    assert sorted(p for p in docs.rglob("*") if p.is_dir() and not any(p.iterdir())) == []


def test_any_sequence_of_edits_over_lists_of_one_row_gives_the_clean_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, each list a page a row: every page of the years' and themes' lists is
    kept or made again by its own rows (generator.publish.fingerprints)."""
    import generator.core.urls

    monkeypatch.setattr(generator.core.urls, "LIST_ROWS", 1)
    test_any_sequence_of_edits_gives_the_clean_build(4)


def test_a_changed_method_renders_the_pages_that_rank_with_it_again() -> None:
    """Project pages say which 评价方式 their ranks mix: a method changed in one file
    changes the other pages of its year (issue 33)."""
    work, content = _seed_copy("method-edit")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    target = content / VIDEO
    text = target.read_text(encoding="utf-8")
    assert "method: 第三方评价" in text
    target.write_text(text.replace("method: 第三方评价", "method: 单位自评"), encoding="utf-8")
    build(content, work / "build", site, **SMALL)
    other = site / "projects" / "2017" / "investment-registration" / "index.html"
    assert "单位自评 1 个" in other.read_text(encoding="utf-8")
    clean = build(content, work / "clean-build", work / "clean-site", **SMALL).site_dir
    assert digest(site) == digest(clean)


def test_partitions_equal_one_mkdocs_run() -> None:
    work = tmp_dir("partitions")
    one = build(SEED_CONTENT, work / "b1", work / "s1", mkdocs_pages=10_000).site_dir
    many = build(SEED_CONTENT, work / "b2", work / "s2", mkdocs_pages=4).site_dir
    assert digest(one) == digest(many)


def test_unchanged_files_are_not_checked_again(monkeypatch) -> None:
    work, content = _seed_copy("check-cache")
    build(content, work / "build", None)
    calls: list[Path] = []
    real = generator.content.discovery.process_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        calls.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.content.discovery, "process_file", counting)
    target = _rename_video(content)
    result = build(content, work / "build", None)
    assert calls == [target]
    assert any(p.name.startswith("改") for p in result.content.projects)
    assert not (content / "check-cache").exists() and (work / "build" / "check-cache").is_dir()
    # only the edited project's page is rendered again (its authority's page lists it)
    written = set(result.stats.written)
    assert "projects/2017/video-conference/index.md" in written
    assert not any(w.startswith("projects/") and "video-conference" not in w for w in written)


def test_problems_are_classified_with_the_check_and_not_again(monkeypatch) -> None:
    """Each problem's themes come with the checked result; a rebuild segments only a text
    it has not seen (jieba is not even loaded for an edit that leaves the problems)."""
    work, content = _seed_copy("themes")
    out = work / "build"
    first = build(content, out, None)
    classified = {p.id: p.problem_themes for p in first.content.projects}
    assert all(len(classified[p.id]) == len(p.problems_found) for p in first.content.projects)
    video = next(p for p in first.content.projects if p.id == "2017/video-conference")
    assert video.problems_found and classified[video.id][0] == themes_of(video.problems_found[0])
    segmented: list[str] = []
    real = generator.core.themes.words
    monkeypatch.setattr(generator.core.themes, "_THEMES", {})  # as in a new process
    monkeypatch.setattr(generator.core.themes, "_RUNS", {})
    monkeypatch.setattr(generator.core.themes, "words",
                        lambda text: segmented.append(text) or real(text))
    _rename_video(content)
    again = build(content, out, None)
    assert segmented == []
    assert {p.id: p.problem_themes for p in again.content.projects} == classified
    target = content / VIDEO
    target.write_text(target.read_text(encoding="utf-8").replace(
        f"- {video.problems_found[0]}", "- 新的问题：政府采购程序不规范", 1), encoding="utf-8")
    third = build(content, out, None)
    assert segmented == ["政府采购程序不规范"]  # of the new text, the run holding a keyword
    edited = next(p for p in third.content.projects if p.id == video.id)
    assert edited.problem_themes[0] == ("政府采购",)


def test_partition_helpers() -> None:
    assert split(list("abcdefg"), 3) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    assert split([], 3) == []
    assert page_output("projects/a/index.md", True) == "projects/a/index.html"
    assert page_output("about.md", True) == "about/index.html"
    assert page_output("about.md", False) == "about.html"
    assert nav_pages([{"首页": "index.md"}, {"方法": [{"x": "about/index.md"}]}]) == \
        ["index.md", "about/index.md"]


def test_no_cache_in_content_folder() -> None:
    assert not any(p.name in ("check-cache", "pages.pickle") for p in SEED_CONTENT.rglob("*"))
    assert os.path.isdir(SEED_CONTENT)


def test_an_edit_makes_again_only_the_downloads_of_its_projects(monkeypatch) -> None:
    """After editing a 2017 project, the 部门公开 documents of other years are kept as the
    last build wrote them: making one of them again fails this build (the downloads
    thread's error is raised by the build)."""
    import generator.downloads.disclosure_docx as docx

    work, content = _seed_copy("download-keys")
    first = build(content, work / "build", work / "site")
    assert "downloads" in first.seconds
    target = content / "projects" / "2017" / "video-conference.yml"
    target.write_text(target.read_text(encoding="utf-8").replace(
        "视频会议系统相关设施完备性有待进一步加强。", "视频会议设施有待加强。"), encoding="utf-8")
    real_docx = docx.disclosure_docx

    def only_2017(authority: str, year: int, *args: object) -> bytes:
        assert year == 2017, f"{authority} {year} 年的文档被重新生成"
        return real_docx(authority, year, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(docx, "disclosure_docx", only_2017)
    again = build(content, work / "build", work / "site")
    assert "downloads" in again.seconds
    assert "data/projects/2017/video-conference.json" in again.stats.written
    assert not any("/2018" in p or "2016" in p for p in again.stats.written if
                   p.startswith("data/"))
    monkeypatch.undo()
    clean = work / "clean"
    build(content, clean / "build", clean / "site")
    assert digest(work / "site") == digest(clean / "site")


def test_only_the_edited_projects_summary_pages_of_one_year_are_rendered_again(
        monkeypatch) -> None:
    """Of the pages made from one year's projects (部门公开, year, 整改, problem themes),
    only the edited project's are rendered again; the docs are those of a clean build."""
    work, content = _seed_copy("department-pages")
    build(content, work / "build", None)
    rendered: list[str] = []
    real = generator.site.pages._render

    def recording(site, directory_urls, pages, compiled=None):  # noqa: ANN001, ANN202
        for path, text in real(site, directory_urls, pages, compiled):  # as _render
            rendered.append(path)
            yield path, text

    monkeypatch.setattr(generator.site.pages, "_render", recording)
    _rename_video(content)
    result = build(content, work / "build", None)
    departments = sorted(p for p in rendered if p.startswith("departments/") and
                         p.count("/") == 3)
    video = next(p for p in result.content.projects if p.id == "2017/video-conference")
    assert departments == [source_path(department_page(video.authority, 2017,
                                                       result.content.config))]
    assert source_path(year_page(2017)) in rendered
    assert source_path(rectification_page(2017)) in rendered
    assert any(p.startswith("problems/") and p.endswith("/2017/index.md") for p in rendered)
    other_year = [p for p in rendered if "/2018/" in p or p.startswith("years/2018")]
    assert other_year == [], other_year
    assert source_path(problems_page()) in rendered  # over all years: always rendered
    authorities = [p for p in rendered if p.startswith("departments/") and p.count("/") == 2]
    assert authorities == [source_path(authority_page(video.authority, result.content.config))]
    clean = build(content, work / "clean", None)
    for path in sorted((work / "clean" / "docs").rglob("*.md")):
        rel = path.relative_to(work / "clean" / "docs")
        assert (work / "build" / "docs" / rel).read_bytes() == path.read_bytes(), rel
    assert clean.project_count == result.project_count


def test_a_long_list_goes_on_over_numbered_pages(monkeypatch) -> None:
    """A year's list of more than LIST_ROWS projects: the first page keeps the summary and
    charts, the next ones the rest of the rows, numbered on; pages that a shorter list no
    longer needs are removed, and the docs are those of a clean build."""
    from bs4 import BeautifulSoup

    import generator.core.urls

    monkeypatch.setattr(generator.core.urls, "LIST_ROWS", 3)
    work, content = _seed_copy("paged-lists")
    site = work / "site"
    build(content, work / "build", site)

    def page(url: str) -> BeautifulSoup:
        return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")

    first, second = page(year_page(2017)), page(year_page(2017, 2))
    numbers = [[td.get_text() for td in table.select("tbody tr td:first-child")]
               for table in (first.select_one("#year-projects"),
                             second.select_one("#year-projects"))]
    assert numbers == [["1", "2", "3"], ["4"]]
    assert first.select_one("h1").get_text() == "2017 年度绩效评价结果汇总"
    assert second.select_one("h1").get_text() == "2017 年度绩效评价结果汇总（第 2 页）"
    assert first.select(".pe-chart") and not second.select(".pe-chart")
    assert not second.select(".pe-facts")
    assert [a["href"] for a in first.select("nav.pe-pager a")] == ["2/", "2/"]  # above, below
    assert [a["href"] for a in second.select("nav.pe-pager a")] == ["../", "../"]
    assert second.select_one("nav.pe-pager [aria-current=page]").get_text() == "第 2 页"
    assert not page(year_page(2018)).select("nav.pe-pager")  # two projects: one page
    (content / VIDEO).unlink()  # three projects of 2017 left: one page
    build(content, work / "build", site)
    assert not (site / year_page(2017, 2)).exists()
    assert not page(year_page(2017)).select("nav.pe-pager")
    build(content, work / "clean", None)
    for path in sorted((work / "clean" / "docs").rglob("*.md")):
        rel = path.relative_to(work / "clean" / "docs")
        assert (work / "build" / "docs" / rel).read_bytes() == path.read_bytes(), rel


@pytest.mark.usefixtures("downloads_here")
def test_only_the_edited_projects_authoritys_feed_is_made_again(monkeypatch) -> None:
    work, content = _seed_copy("feeds")
    build(content, work / "build", work / "site")
    feeds: list[str] = []
    real = generator.site.feeds.atom_feed

    def recording(projects, config, path, *args):  # noqa: ANN001, ANN002, ANN202 - as atom_feed
        feeds.append(path)
        return real(projects, config, path, *args)

    monkeypatch.setattr(generator.site.feeds, "atom_feed", recording)
    _rename_video(content)
    result = build(content, work / "build", work / "site")
    config = result.content.config
    authority = "上海市人民政府合作交流办公室"
    assert {p.authority for p in result.content.projects} == {authority, "上海市工商业联合会"}
    assert feeds == [FEED_PATH, department_feed(authority, config)]  # not the other's
    feed = (work / "site" / department_feed(authority, config)).read_text(encoding="utf-8")
    assert "改2017年上海市政府驻外办事处视频会议系统运维项目" in feed


def test_an_edit_of_a_projects_text_indexes_again_only_its_pages_shard() -> None:
    """Its 部门公开 page changed only in what the index leaves out: that shard is kept."""
    work, content = _seed_copy("one-shard")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("index.html")}
    fragments = {p.name: p.stat().st_ino for p in site.glob("pagefind/**/*.pf_fragment")}
    _edit_achievement(content, random.Random(0))
    result = build(content, work / "build", site, **SMALL)
    changed = sorted(rel for rel, data in before.items()
                     if (site / rel).read_bytes() != data)
    assert len(changed) == 2 and changed[0].startswith("departments/"), changed
    shards = {page.relative_to(site).as_posix(): bundle
              for bundle, pages in pagefind_shards(site, SMALL["shard_pages"]) for page in pages}
    assert shards[changed[0]] != shards[changed[1]]  # in two shards ...
    assert result.indexed == [shards[changed[1]]]  # ... of which one is indexed again
    # which started from the bundle before (pagefind_reuse): Pagefind wrote the edited
    # page's fragment and left the others, the same files, as they were
    bundle = site / shards[changed[1]]
    reindexed = {p.name: p.stat().st_ino for p in (bundle / "fragment").iterdir()}
    new = [name for name, inode in reindexed.items() if fragments.get(name) != inode]
    assert len(new) == 1 and len(reindexed) >= 3, new
    clean = build(content, work / "clean-build", work / "clean-site", **SMALL).site_dir
    assert digest(site) == digest(clean)  # nothing left of the bundle before
