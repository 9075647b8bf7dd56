"""Charts in a real browser: drawn on direct loads and on pages reached by links,
accessible (axe-core), and kept when a page is printed to PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import (
    assert_no_external,
    recorded_page,
    serious_axe_violations,
    serve_dir,
)
from tests.sitebuild import built

CHART_PAGES = ["", "years/2017/", "trends/", "projects/2017/cooperation-platform/"]
OTHER_PAGES = ["departments/hezuojiaoliu/2017/", "data/", "about/", "about/data/"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def assert_charts_drawn(page: Page) -> int:
    charts = page.locator("div.pe-chart")
    count = charts.count()
    assert count > 0, "no chart on the page"
    for i in range(count):
        expect(charts.nth(i).locator("svg").first).to_be_attached(timeout=10_000)
        # an ECharts SVG with drawn shapes, not an empty canvas
        assert charts.nth(i).locator("svg path, svg rect").count() > 0
    return count


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_drawn_on_direct_load(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        assert_charts_drawn(page)
        page.wait_for_load_state("networkidle")
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)


def test_charts_drawn_after_following_links(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        assert_charts_drawn(page)
        page.locator(".md-tabs a", has_text="年度汇总").click()
        page.locator("a", has_text="2017 年度").first.click()
        expect(page.locator("h1.pe-title")).to_have_text("2017 年度绩效评价结果汇总")
        assert_charts_drawn(page)
        page.locator("#year-projects a", has_text="视频会议").click()
        expect(page.locator("h1.pe-title")).to_contain_text("视频会议系统运维项目")
        assert_charts_drawn(page)
        page.locator(".md-tabs a", has_text="趋势").click()
        expect(page.locator("h1.pe-title")).to_have_text("趋势")
        assert_charts_drawn(page)
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)


def test_the_chart_library_is_fetched_only_by_pages_with_charts(browser, base_url: str) -> None:
    """ECharts is 1.1 MB: a reader whose first page draws no chart (a department's
    disclosure, the downloads) does not fetch it; a chart page does, and draws."""
    for path in CHART_PAGES + OTHER_PAGES:
        with recorded_page(browser, base_url) as (page, record):
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            fetched = [u for u in record.requests if u.endswith("/echarts.min.js")]
            if path in CHART_PAGES:
                assert len(fetched) == 1, (path, fetched)
                assert_charts_drawn(page)
            else:
                assert fetched == [], (path, fetched)
                assert page.locator("div.pe-chart").count() == 0
                assert page.evaluate("typeof window.echarts") == "undefined"
            assert not record.errors, (path, record.errors)


@pytest.mark.parametrize("path", CHART_PAGES + OTHER_PAGES)
def test_axe_finds_no_serious_violation(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url + path)
        if path in CHART_PAGES:
            assert_charts_drawn(page)
        bad = serious_axe_violations(page)
        assert not bad, bad


def test_printing_a_project_keeps_the_charts(browser, base_url: str, tmp_path: Path) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url + "projects/2017/cooperation-platform/")
        count = assert_charts_drawn(page)
        page.emulate_media(media="print")
        pdf = tmp_path / "project.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 20_000
        # in print media the charts are still there, drawn and visible
        for i in range(count):
            chart = page.locator("div.pe-chart").nth(i)
            expect(chart).to_be_visible()
            assert chart.locator("svg path, svg rect").count() > 0
        assert page.locator(".md-header").is_hidden()
