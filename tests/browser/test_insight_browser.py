"""Search facets and the accountability pages in a real browser (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import (
    assert_no_external,
    recorded_page,
    serious_axe_violations,
    serve_dir,
)
from tests.sitebuild import built

NEW_PAGES = ["rectification/", "rectification/2018/", "problems/", "problems/process/2017/",
             "departments/hezuojiaoliu/", "projects/2018/investment-statistics/",
             "projects/2018/federation-it/",
             # pages that name 评价方式 or say their averages mix methods (issue 33)
             "", "years/", "years/2017/", "trends/", "departments/hezuojiaoliu/2017/",
             "projects/2017/video-conference/"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def projects_by_path() -> dict[str, object]:
    return {f"/projects/{p.id}/": p for p in built("seed").content.projects}


def open_search(page: Page, query: str) -> None:
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def open_facets(page: Page) -> None:
    """Open the panel from the keyboard: Tab from the search box reaches its summary."""
    summary = page.locator(".pe-search-facets summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#pe-facet-0")).to_be_visible(timeout=10_000)


def result_paths(page: Page, base_url: str) -> list[str]:
    base = urlsplit(base_url).path
    links = page.locator(".md-search-result__item a").all()
    return ["/" + urlsplit(a.get_attribute("href")).path.removeprefix(base).lstrip("/")
            if a.get_attribute("href").startswith("http") else
            urlsplit(a.get_attribute("href")).path for a in links]


def wait_settled(page: Page) -> None:
    page.wait_for_function(
        "() => !/正在搜索/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.wait_for_timeout(300)


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_search_narrowed_to_2018_and_grade_you(browser, kind: str) -> None:
    projects = projects_by_path()
    wanted = [p for p in projects.values() if p.year == 2018 and p.grade == "优"]
    assert [p.total for p in wanted] == [Decimal("94.57")]  # 工商联 2018
    with serve_dir(built(kind).site_dir) as base_url, \
            recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        open_search(page, "项目")
        before = page.locator(".md-search-result__item").count()
        open_facets(page)
        year = page.locator("#pe-facet-0")
        year.focus()
        year.select_option("2018")  # the keyboard can do the same: the control is native
        box = page.get_by_role("checkbox", name="优（1）")
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
        expect(page.locator(".pe-search-facets summary")).to_contain_text("2 项筛选")
        wait_settled(page)
        paths = result_paths(page, base_url)
        assert paths == ["/projects/2018/federation-it/"] and len(paths) < before
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_search_ordered_by_score(browser, kind: str) -> None:
    projects = projects_by_path()
    with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, record):
        page.goto(url)
        open_search(page, "项目")
        open_facets(page)
        page.locator("#pe-facet-sort").select_option("desc")
        wait_settled(page)
        more = page.locator(".pe-search-more")
        while more.count():
            more.click()
            page.wait_for_timeout(200)
        paths = result_paths(page, url)
        scores = [projects[p].total for p in paths]
        assert len(scores) == len(projects)  # only project pages carry a score
        assert scores == sorted(scores, reverse=True)
        assert not record.errors, record.errors


def all_results(page: Page) -> None:
    """Show every result: "more" until none is left."""
    more = page.locator(".pe-search-more")
    while more.count():
        more.click()
        page.wait_for_timeout(200)


def shown(page: Page, count: int) -> None:
    """Wait for the count of a finished search (the dialog's own texts, Material's zh)."""
    text = {0: "没有找到符合条件的结果", 1: "找到 1 个符合条件的结果"}.get(
        count, f"{count} 个符合条件的结果")
    expect(page.locator(".md-search-result__meta")).to_have_text(text, timeout=10_000)
    expect(page.locator(".md-search-result__item")).to_have_count(min(count, 10))


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_facets_without_a_query(browser, kind: str) -> None:
    """No query word: the facets alone choose the results, with their count; Space on a
    checkbox and Enter on the summary, from the keyboard."""
    projects = projects_by_path()
    in_2018 = {path for path, p in projects.items() if p.year == 2018}
    assert in_2018 == {"/projects/2018/federation-it/", "/projects/2018/investment-statistics/"}
    with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, record):
        page.goto(url)
        page.locator("input.md-search__input").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("键入以开始搜索")
        open_facets(page)
        page.locator("#pe-facet-0").select_option("2018")
        shown(page, 2)
        assert set(result_paths(page, url)) == in_2018
        box = page.get_by_role("checkbox", name="优（1）")
        box.focus()
        page.keyboard.press("Space")
        shown(page, 1)
        assert result_paths(page, url) == ["/projects/2018/federation-it/"]
        bad = serious_axe_violations(page)
        assert not bad, bad
        page.keyboard.press("Space")  # 优 off again, and 全部 years: nothing chosen, no results
        shown(page, 2)
        page.locator("#pe-facet-0").select_option("")
        expect(page.locator(".md-search-result__meta")).to_have_text("键入以开始搜索")
        expect(page.locator(".md-search-result__item")).to_have_count(0)
        assert not record.errors, record.errors
        assert_no_external(record.requests, url)
        # no word, no index chunk: the filters alone (search/listing.js)
        assert [r for r in record.requests if "/filter/" in r]
        assert not [r for r in record.requests if "/index/" in r]


def test_method_facet_names_every_method_and_unnamed(browser, base_url: str) -> None:
    """评价方式 as a facet with every seed project under one value, 未注明 included
    (issue 33): checking one lists exactly its projects."""
    projects = projects_by_path()
    unnamed = {path for path, p in projects.items() if not p.method}
    assert len(unnamed) == 2
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.locator("input.md-search__input").click()
        open_facets(page)
        for label in ("第三方评价（3）", "部门评价（1）", "未注明（2）"):
            expect(page.get_by_role("checkbox", name=label)).to_have_count(1)
        box = page.get_by_role("checkbox", name="未注明（2）")
        box.focus()
        page.keyboard.press("Space")
        shown(page, 2)
        assert set(result_paths(page, base_url)) == unnamed
        assert not record.errors, record.errors


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_facets_without_a_query_in_score_order(browser, kind: str) -> None:
    """A sort alone lists every project by score; with 2017 chosen, that year's, lowest
    first: the order of the seeds' scores."""
    projects = projects_by_path()
    by_score = sorted(projects, key=lambda path: projects[path].total, reverse=True)
    assert [projects[p].total for p in by_score] == [Decimal(v) for v in (
        "94.57", "88.47", "87.80", "87.74", "87.12", "86.84")]
    of_2017 = [p for p in reversed(by_score) if projects[p].year == 2017]
    with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, record):
        page.goto(url)
        page.locator("input.md-search__input").click()
        open_facets(page)
        page.locator("#pe-facet-sort").select_option("desc")
        shown(page, len(projects))
        all_results(page)
        assert result_paths(page, url) == by_score
        page.locator("#pe-facet-sort").select_option("asc")
        page.locator("#pe-facet-0").select_option("2017")
        shown(page, len(of_2017))
        assert result_paths(page, url) == of_2017
        expect(page.locator(".pe-search-facets summary")).to_have_text(
            "筛选与排序（1 项筛选，按评价分值排序）")
        assert not record.errors, record.errors


def test_no_facet_downloads_nothing_more(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        open_search(page, "视频会议")
        wait_settled(page)
        # Pagefind's filter chunks (the facets' counts); the listing beside them
        # (pe-listing.json) a Han query reads for its pages' ids (search/han.js)
        assert not [r for r in record.requests if r.endswith(".pf_filter")]
        open_facets(page)
        assert [r for r in record.requests if r.endswith(".pf_filter")]


@pytest.mark.parametrize("path", NEW_PAGES)
def test_new_pages_pass_axe_and_tables_sort(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        bad = serious_axe_violations(page)
        assert not bad, bad
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)
        sortable = page.locator("table.pe-sortable thead th").first
        if sortable.count():
            sortable.focus()
            page.keyboard.press("Enter")  # tablesort headers are keyboard-usable


def test_axe_with_the_facets_open(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url)
        open_search(page, "项目")
        open_facets(page)
        bad = serious_axe_violations(page)
        assert not bad, bad


def test_facets_are_styled_on_screen(browser, base_url: str) -> None:
    """The facet panel's screen rules apply (they were inside an unclosed ``@media print``):
    its options sit side by side in a padded panel, and it is hidden only when printing."""
    with recorded_page(browser, base_url) as (page, record):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base_url)
        open_search(page, "项目")
        open_facets(page)
        style = page.evaluate("""() => {
            const get = (sel, prop) =>
                getComputedStyle(document.querySelector(sel)).getPropertyValue(prop);
            return {panel: get('.pe-search-facets', 'padding-left'),
                    body: get('.pe-facet-body', 'display'),
                    wrap: get('.pe-facet-body', 'flex-wrap')};
        }""")
        assert style == {"panel": "16px", "body": "flex", "wrap": "wrap"}  # 0.8rem of 20px
        first = page.locator(".pe-facet").first.bounding_box()
        second = page.locator(".pe-facet").nth(1).bounding_box()
        assert first and second and second["x"] > first["x"]  # side by side, not stacked
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.pe-search-facets'))"
                             ".display") == "none"
        assert not record.errors, record.errors
