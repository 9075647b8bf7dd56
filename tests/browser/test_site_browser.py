"""What a reader sees of the seed site in a real browser (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import assert_no_external, recorded_page, serve_dir
from tests.sitebuild import built

PAGES = ["", "years/2017/", "departments/hezuojiaoliu/2017/", "projects/2017/video-conference/",
         "trends/", "data/", "about/"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def search(page: Page, query: str) -> list[str]:
    """Type into Material's search box the way a reader does; return the result titles."""
    toggle = page.locator('label.md-header__button[for="__search"]')
    field = page.locator("input.md-search__input")
    if toggle.is_visible():
        toggle.click()
    else:
        field.click()
    expect(field).to_be_focused()
    field.fill(query)
    field.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    items = page.locator(".md-search-result__item").all()
    return [t.inner_text().replace("\u200b", "") for t in items]


@pytest.mark.parametrize("query, expected", [
    ("视频会议", "2017年上海市政府驻外办事处视频会议系统运维项目"),
    ("预算执行率", "预算执行率"),
    ("工商业联合会", "2018年信息化项目经费"),
])
def test_search_finds_chinese_words(browser, base_url: str, query: str, expected: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        results = search(page, query)
        assert any(expected in r for r in results), results
        assert_no_external(record.requests, base_url)


def test_search_result_opens_the_project(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url)
        search(page, "视频会议")
        page.locator(".md-search-result__item a").first.click()
        expect(page.locator("h1.pe-title")).to_have_text(
            "2017年上海市政府驻外办事处视频会议系统运维项目")


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert record.requests, "the page made no request at all"
        assert_no_external(record.requests, base_url)
        assert not record.errors, record.errors


def test_project_page_fits_a_phone(browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (page, _):
        page.goto(base_url + "projects/2017/cooperation-platform/")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        # the wide indicator table scrolls inside its own wrapper instead of the page
        wrapper = page.locator(".pe-scroll:has(table.pe-indicators)")
        assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth")
        assert wrapper.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")


def test_year_table_sorts_and_filters(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url + "years/2017/")
        scores = page.locator("#year-projects tbody tr td:nth-child(5)")
        expect(scores).to_have_count(4)
        page.locator("#year-projects thead th", has_text="评价分值").click()
        assert scores.all_inner_texts() == ["86.84", "87.12", "87.74", "88.47"]
        page.locator('input.pe-filter[data-target="year-projects"]').fill("视频会议")
        visible = page.locator("#year-projects tbody tr:visible")
        expect(visible).to_have_count(1)
        expect(visible.first).to_contain_text("视频会议系统运维项目")
