"""Search cuts Chinese as the index does (issue 33, item 4): what is not there is not found,
a phrase is found where Pagefind's own cut missed it. Fails on the old code (relax.js):
量子纠缠火锅 found one page there, 驻外办事处 none by Pagefind alone."""

from playwright.sync_api import expect

from tests.browser.test_site_browser import VIDEO, base_url, recorded_page, search

__all__ = ["base_url"]  # the seed site, served (a fixture)


def test_nonsense_finds_nothing(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _record):
        page.goto(base_url)
        search(page, "视频会议")
        field = page.locator("input.md-search__input")
        field.fill("量子纠缠火锅")
        expect(page.locator(".md-search-result__item")).to_have_count(0)
        expect(page.locator(".md-search-result__meta")).to_have_text("没有找到与“量子纠缠火锅”相关的结果")


def test_a_phrase_the_index_cut_otherwise_is_found(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _record):
        page.goto(base_url)
        results = search(page, "驻外办事处")
        assert VIDEO in results[0], results
        excerpt = page.locator(".md-search-result__item p").first
        expect(excerpt).not_to_contain_text("zh")
