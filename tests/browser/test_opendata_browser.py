"""The citation's copy button in a real browser (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.harness import assert_no_external, recorded_page, serve_dir
from tests.sitebuild import built

PROJECT = "projects/2017/video-conference/"
NAME = "2017年上海市政府驻外办事处视频会议系统运维项目"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def test_copy_button_copies_the_citation(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page.goto(base_url + PROJECT + "#pe-cite-text")
        expected = (f"财政支出项目绩效评价结果公开. {NAME}. 2017年度绩效评价结果. "
                    f"{base_url}{PROJECT}")  # no base_url: the address the reader sees
        expect(page.locator("#pe-cite-text")).to_have_text(expected)
        button = page.get_by_role("button", name="复制引用")
        expect(button).to_be_visible()
        button.click()
        expect(page.locator(".pe-cite__status")).to_have_text("已复制到剪贴板")
        assert button.get_attribute("data-copied") == expected
        assert page.evaluate("() => navigator.clipboard.readText()") == expected
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)


def test_copy_button_after_following_a_link(browser, base_url: str) -> None:
    """A project page reached by a link from its year's page: its button copies its own
    citation (each link loads its page: test_navigation_browser.py)."""
    with recorded_page(browser, base_url) as (page, record):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page.goto(base_url + "years/2017/")
        page.locator(f'a[href$="{PROJECT}"]').first.click()
        page.wait_for_url(base_url + PROJECT)
        page.get_by_role("button", name="复制引用").click()
        expect(page.locator(".pe-cite__status")).to_have_text("已复制到剪贴板")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith("财政支出项目绩效评价结果公开. " + NAME)
        assert copied.endswith(base_url + PROJECT)
        assert not record.errors, record.errors


# Material publishes its page views as ``window.document$``; this notes which of the site's
# scripts subscribe to it (each such subscription is a start-up run on every page view) and
# counts what the copy button writes to the clipboard.
WATCH_STARTUPS = """
(() => {
  window.peStartups = [];
  window.peWrites = 0;
  let stream;
  Object.defineProperty(window, "document$", {configurable: true, get: () => stream,
    set(value) {
      stream = value;
      const subscribe = value.subscribe.bind(value);
      value.subscribe = (...args) => {
        const script = document.currentScript;
        if (script && /\\/javascripts\\/pe[^/]*\\.js$/.test(script.src)) {
          window.peStartups.push(script.src.split("/").pop());
        }
        return subscribe(...args);
      };
    }});
  if (navigator.clipboard) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => { window.peWrites += 1; return write(text); };
  }
})();
"""


def test_one_start_up_runs_the_page_and_its_citation(browser, base_url: str) -> None:
    """The site's page behaviour starts once a page view (pe-cite.js was a second script
    with its own start-up, walking the same page again): one subscription, one page script,
    and the citation still made absolute and copied once a click, page after page."""
    with recorded_page(browser, base_url) as (page, record):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page.add_init_script(WATCH_STARTUPS)
        for here in (PROJECT, "projects/2018/investment-statistics/"):
            page.goto(base_url + here)
            expect(page.locator(".pe-cite__status")).to_have_text("")
            page.get_by_role("button", name="复制引用").click()
            expect(page.locator(".pe-cite__status")).to_have_text("已复制到剪贴板")
            assert page.evaluate("window.peWrites") == 1  # one write a click
            assert page.evaluate("() => navigator.clipboard.readText()").endswith(
                base_url + here)
            assert page.evaluate("window.peStartups") == ["pe.js"]
            scripts = page.evaluate("Array.from(document.scripts, s => s.src.split('/').pop())")
            assert "pe.js" in scripts and "pe-cite.js" not in scripts
        assert not record.errors, record.errors
    # one start-up, yet each part on its own: a chart library that fails leaves the citation
    # working, as when the citation had its own script
    with recorded_page(browser, base_url) as (page, record):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page.route("**/echarts.min.js", lambda route: route.fulfill(
            content_type="text/javascript", body="window.echarts = {getInstanceByDom: () => "
            "null, init: () => { throw new Error('no drawing'); }};"))
        page.goto(base_url + PROJECT)
        page.get_by_role("button", name="复制引用").click()
        expect(page.locator(".pe-cite__status")).to_have_text("已复制到剪贴板")
        assert page.evaluate("() => navigator.clipboard.readText()").endswith(base_url + PROJECT)
        assert record.errors and all("no drawing" in e for e in record.errors), record.errors
