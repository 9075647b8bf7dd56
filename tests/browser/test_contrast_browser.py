"""Words a reader can read: axe-core's colour-contrast rule over the search dialog with its
筛选与排序 panel open (at a desktop and a phone width) and over one page of each kind.

The facet labels once inherited the header's white and sat on the white search panel; axe
files 1:1 text under "incomplete", so :func:`contrast_failures` counts those too, and the label
colours are also measured here directly against the background they are drawn on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from generator.publish.pipeline import build
from tests.browser.harness import (
    contrast_failures,
    contrast_ratio,
    open_search,
    recorded_page,
    serious_axe_violations,
    serve_dir,
)
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_selfeval import YONGDE

#: One page of each kind: home, year, department disclosure, project (third-party), project
#: (self-evaluation), rectification, trends, glossary, data, about.
PAGE_KINDS = ["", "years/2017/", "departments/hezuojiaoliu/2017/",
              "projects/2017/video-conference/", "projects/2022/yongde-nutrition/",
              "rectification/", "trends/", "glossary/", "data/", "about/"]

WIDTHS = [1280, 390]

#: The colour of each text and of the first opaque background behind it.
COLOURS = """(selector) => [...document.querySelectorAll(selector)].map(e => {
    let bg = e;
    while (bg && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(bg).backgroundColor))
        bg = bg.parentElement;
    return [e.textContent.trim(), getComputedStyle(e).color,
            bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)'];
})"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The seeds plus a self-evaluated project (the 自评表 page kind)."""
    work = tmp_dir("contrast")
    site = work / "site"
    if not (site / "index.html").is_file():
        content = work / "content"
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(SEED_CONTENT, content)
        (content / "projects" / "2022").mkdir()
        shutil.copy(YONGDE, content / "projects" / "2022" / "yongde-nutrition.yml")
        assert not build(content, work / "build", site).content.errors
    with serve_dir(site) as url:
        yield url


def open_facets(page: Page) -> None:
    """The search box with a query's results, then its 筛选与排序 panel opened."""
    open_search(page)
    page.locator("input.md-search__input").fill("项目")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    page.locator(".pe-search-facets summary").click()
    expect(page.locator("#pe-facet-0")).to_be_visible(timeout=10_000)
    expect(page.locator(".pe-facet-option").first).to_be_visible(timeout=10_000)


@pytest.mark.parametrize("width", WIDTHS)
def test_facet_labels_can_be_read(browser, base_url: str, width: int) -> None:
    with recorded_page(browser, base_url, viewport={"width": width, "height": 900}) as (
            page, record):
        page.goto(base_url)
        open_facets(page)
        colours = page.evaluate(COLOURS, ".pe-search-facets label, .pe-search-facets legend")
        words = [text for text, _, _ in colours]
        for expected in ("年度", "主管部门", "评价等级", "评价方式", "排序"):
            assert expected in words, words
        assert any(w.startswith("优（") for w in words), words
        weak = [(text, fg, bg) for text, fg, bg in colours if contrast_ratio(fg, bg) < 4.5]
        assert not weak, weak
        bad = contrast_failures(page)
        assert not bad, bad
        assert not record.errors, record.errors


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_each_page_kind_passes_axe(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1").first).to_be_visible()
        bad = contrast_failures(page) + serious_axe_violations(page)
        assert not bad, bad
        assert not record.errors, record.errors


@pytest.mark.parametrize("path", ["", "projects/2022/yongde-nutrition/"])
def test_each_page_kind_passes_axe_on_a_phone(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (
            page, record):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        bad = contrast_failures(page) + serious_axe_violations(page)
        assert not bad, bad
        assert not record.errors, record.errors
