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
             "projects/2018/federation-it/"]


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


def test_search_narrowed_to_2018_and_grade_you(browser, base_url: str) -> None:
    projects = projects_by_path()
    wanted = [p for p in projects.values() if p.year == 2018 and p.grade == "优"]
    assert [p.total for p in wanted] == [Decimal("94.57")]  # 工商联 2018
    with recorded_page(browser, base_url) as (page, record):
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
        assert paths and len(paths) < before
        for path in paths:
            project = projects.get(path)
            assert project is not None, path
            assert project.year == 2018 and project.grade == "优", path
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


def test_no_facet_downloads_nothing_more(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        open_search(page, "视频会议")
        wait_settled(page)
        assert not [r for r in record.requests if "/pagefind/filter/" in r]
        open_facets(page)
        assert [r for r in record.requests if "/pagefind/filter/" in r]


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
