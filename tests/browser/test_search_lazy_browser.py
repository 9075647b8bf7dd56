"""The search's parts are fetched when a reader first reaches for search, not with every page.

Each part (search/*.js) is a request of its own: thirteen more per page view, on an intranet
server without HTTP/2, for the many readers who never search. What a reader does before
they arrive must not be lost: the dialog opens at once, and a query typed while the parts
are still on their way is searched once they are bound (tests hold their responses back).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import built

# every part, as the site holds them (eleven: the entry's five import the others)
PARTS = {p.stem for p in (built("seed").site_dir / "assets" / "javascripts" / "search").glob(
    "*.js")}
COUNT = re.compile(r"^(\d+ 个|找到 1 个)符合条件的结果$")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def _search_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if "/javascripts/search/" in u or "/pagefind/" in u]


def _fetched_parts(requests: list[str]) -> set[str]:
    return {m.group(1) for u in requests if (m := re.search(r"/javascripts/search/(\w+)\.js", u))}


class _Held:
    """The parts' requests from now on, held back until :meth:`let_go`; after, let through."""

    def __init__(self, page: Page) -> None:
        self.page, self.released = page, False
        self.routes: list[Route] = []
        page.route("**/javascripts/search/*.js", self._arrived)

    def _arrived(self, route: Route) -> None:
        if self.released:
            route.continue_()
        else:
            self.routes.append(route)

    def let_go(self) -> None:
        for _ in range(100):  # the first part asked for
            if self.routes:
                break
            self.page.wait_for_timeout(50)
        assert self.routes, "no search part was asked for"
        self.released = True
        for route in self.routes:
            route.continue_()


def test_a_page_fetches_no_search_part_until_the_reader_types_slash(browser,
                                                                   base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + "projects/2017/video-conference/")
        page.wait_for_load_state("networkidle")
        assert _search_requests(record.requests) == []
        field, meta = page.locator("input.md-search__input"), page.locator(
            ".md-search-result__meta")
        held = _Held(page)
        page.keyboard.press("/")  # Material's shortcut
        expect(field).to_be_focused()
        expect(page.locator("#__search")).to_be_checked()  # the dialog opens at once
        page.keyboard.type("视频会议")  # while the parts are still on their way
        assert _fetched_parts(record.requests) <= {"bigrams", "dialog", "facets", "phrase",
                                                   "shards"}
        held.let_go()
        expect(meta).to_have_text(COUNT, timeout=10_000)
        expect(field).to_have_value("视频会议")
        expect(page.locator(".md-search-result__item").first).to_contain_text("视频会议")
        assert _fetched_parts(record.requests) == PARTS
        assert not record.errors, record.errors


def test_on_a_phone_the_header_button_opens_search_and_fetches_the_parts_once(
        browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (
            page, record):
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        assert _search_requests(record.requests) == []
        page.locator('label.md-header__button[for="__search"]').click()
        field = page.locator("input.md-search__input")
        expect(field).to_be_focused()
        expect(field).to_be_visible()
        field.fill("驻外办事处")
        expect(page.locator(".md-search-result__meta")).to_have_text(COUNT, timeout=10_000)
        # closed and opened again: nothing fetched twice, the dialog answers again
        page.keyboard.press("Escape")
        expect(page.locator("#__search")).not_to_be_checked()
        page.locator('label.md-header__button[for="__search"]').click()
        expect(field).to_be_focused()
        parts = [u for u in record.requests if "/javascripts/search/" in u]
        assert len(parts) == len(set(parts)) and _fetched_parts(parts) == PARTS
        assert not record.errors, record.errors


def test_a_click_into_the_field_on_a_desktop_searches_as_before(browser,
                                                                 base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        assert _search_requests(record.requests) == []
        field = page.locator("input.md-search__input")
        field.click()
        expect(page.locator("#__search")).to_be_checked()
        field.fill("门户网站")
        expect(page.locator(".md-search-result__meta")).to_have_text(COUNT, timeout=10_000)
        assert not record.errors, record.errors


def test_a_part_that_fails_to_arrive_is_fetched_again_the_next_time(browser,
                                                                     base_url: str) -> None:
    """The first request of one of the entry's parts fails (a dropped connection): search
    does not stay dead for the page's life; the next reach for search fetches the parts
    again, under new addresses (the browser keeps a failed module failed), and answers."""
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        failed: list[str] = []

        def once(route: Route) -> None:
            if failed:
                route.continue_()
            else:
                failed.append(route.request.url)
                route.abort()

        page.route("**/javascripts/search/facets.js", once)
        field = page.locator("input.md-search__input")
        page.keyboard.press("/")
        expect(field).to_be_focused()
        for _ in range(100):  # the failed request
            if failed:
                break
            page.wait_for_timeout(50)
        assert len(failed) == 1
        field.fill("门户网站")  # typing on in the field
        expect(page.locator(".md-search-result__meta")).to_have_text(COUNT, timeout=10_000)
        asked = [u for u in record.requests if "/javascripts/search/facets.js" in u]
        assert len(asked) == 2 and asked[1].endswith("facets.js?retry=1"), asked
        assert [e for e in record.errors if "facets.js" not in e] == [], record.errors
