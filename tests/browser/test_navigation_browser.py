"""Following a link loads the next page, and the page works (Debian's Chromium).

Material's instant navigation (``navigation.instant``) swapped a page in place only for links
that its sitemap lists at the served address (each ``<loc>`` given the page's protocol and host,
then compared with the link by port and path too). MkDocs lists pages only with a
``site_url``: the published site never has one (with or without site.yml's ``base_url``), so
it always loaded each page, while the preview (``jxgk serve``, whose ``site_url`` is its own
address) swapped them. The feature is off (mkdocs.yml): here even a site whose sitemap lists
every page at the served address, as the preview's does, loads each page, and the page it
loads works: its charts, its folds opened by a reader and by printing, its citation's copy
button, the top menu, search, and the way back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.harness import assert_no_external, recorded_page, serve_dir
from tests.browser.test_site_browser import search
from tests.sitebuild import built

YEAR = "years/2017/"
PROJECT = "projects/2017/video-conference/"
NAME = "2017年上海市政府驻外办事处视频会议系统运维项目"
OTHER = "2018年信息化项目经费"


@pytest.fixture(scope="module")
def site() -> Path:
    return built("seed").site_dir


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_dir(site) as url:
        yield url


def sitemap_of(site: Path, base_url: str) -> str:
    """The sitemap MkDocs writes when ``site_url`` is ``base_url`` (the preview's): every
    page's address. Material reads only the ``<loc>`` of each ``<url>``."""
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    locs = "".join(f"<url><loc>{base_url}{'' if p == '.' else p + '/'}</loc></url>"
                   for p in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>\n')


def listing_every_page(page: Page, site: Path, base_url: str) -> None:
    """Serve ``page`` the preview's sitemap instead of the published one (which lists none)."""
    body = sitemap_of(site, base_url)
    assert f"<loc>{base_url}{PROJECT}</loc>" in body

    def fulfill(route: Route) -> None:
        route.fulfill(content_type="application/xml", body=body)

    page.route("**/sitemap.xml", fulfill)


def follow(page: Page, link: str, path: str, base_url: str) -> None:
    """Click ``link`` (a locator's selector) with a marker on the window; the click must load
    ``path`` as a new document (the marker gone), not swap it in place."""
    page.evaluate("window.peBefore = true")
    page.locator(link).first.click()
    page.wait_for_url(base_url + path)
    expect(page.locator("h1.pe-title")).to_be_visible()
    assert page.evaluate("window.peBefore") is None, f"{path} was swapped in, not loaded"


def assert_drawn(page: Page, scope: str) -> None:
    """Every chart shown in ``scope`` is drawn: an ECharts SVG with shapes, as wide as its
    box."""
    charts = page.locator(f"{scope} div.pe-chart:visible")
    assert charts.count() > 0, scope
    for i in range(charts.count()):
        chart = charts.nth(i)
        expect(chart.locator("svg").first).to_be_attached()
        assert chart.locator("svg path, svg rect").count() > 0
        box, drawing = chart.bounding_box(), chart.locator("svg").first.bounding_box()
        assert box and drawing and drawing["width"] > 0.9 * box["width"] > 0, (i, box, drawing)


def open_charts(page: Page) -> None:
    """Open the project page's "展开图表" fold (unless the way back kept it open): its charts
    drawn at the fold's width."""
    fold = page.locator("details.pe-more", has=page.locator("summary", has_text="展开图表"))
    if fold.get_attribute("open") is None:
        fold.locator(":scope > summary").click()
    expect(fold).to_have_attribute("open", "")
    assert_drawn(page, "details.pe-more[open]")


def test_a_link_loads_the_next_page_even_where_the_sitemap_lists_it(
        browser, site: Path, base_url: str) -> None:
    """With the preview's sitemap (every page at the served address), where Material used to
    swap pages in place, each link loads its page, and the loaded page works."""
    with recorded_page(browser, base_url) as (page, record):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        listing_every_page(page, site, base_url)
        page.goto(base_url + YEAR)
        config = json.loads(page.locator("#__config").text_content() or "{}")
        assert "navigation.instant" not in config["features"]
        page.wait_for_load_state("networkidle")  # the sitemap fetched: Material could swap
        assert any(url.endswith("/sitemap.xml") for url in record.requests)
        assert_drawn(page, "article")

        follow(page, f'#year-projects a[href$="{PROJECT}"]', PROJECT, base_url)
        expect(page.locator("h1.pe-title")).to_contain_text("视频会议系统运维项目")
        assert page.locator(".md-tabs__item--active").all_inner_texts() == ["年度汇总"]
        # the charts of a fold, once a reader opens it
        open_charts(page)
        # printing opens every fold and closes them again afterwards
        closed = page.locator("details.pe-more:not([open])")
        assert closed.count() > 0
        page.emulate_media(media="print")
        expect(closed).to_have_count(0)
        page.emulate_media(media="screen")
        expect(closed).not_to_have_count(0)
        # the citation of this page, copied
        expected = (f"财政支出项目绩效评价结果公开. {NAME}. 2017年度绩效评价结果. "
                    f"{base_url}{PROJECT}")
        expect(page.locator("#pe-cite-text")).to_have_text(expected)
        page.get_by_role("button", name="复制引用").click()
        expect(page.locator(".pe-cite__status")).to_have_text("已复制到剪贴板")
        assert page.evaluate("() => navigator.clipboard.readText()") == expected

        # search answers on the loaded page, and its result is loaded too
        results = search(page, "工商业联合会")
        assert any(OTHER in r for r in results), results
        page.evaluate("window.peBefore = true")
        page.locator(".md-search-result__item a").filter(
            has=page.locator("h1", has_text=OTHER)).first.click()
        expect(page.locator("h1.pe-title")).to_have_text(OTHER)
        assert page.evaluate("window.peBefore") is None
        open_charts(page)
        page.get_by_role("button", name="复制引用").click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith(f"财政支出项目绩效评价结果公开. {OTHER}.") and \
            copied.endswith(page.url), copied

        # and back: the project page again, drawn
        page.go_back()
        page.wait_for_url(base_url + PROJECT)
        expect(page.locator("h1.pe-title")).to_contain_text("视频会议系统运维项目")
        open_charts(page)
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)
