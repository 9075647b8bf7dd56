"""Terms linked to the 术语 page work as a reader uses them (issue 33.6): a tap on a phone
opens the entry, in view below the header; a pointer resting on the term shows the entry's
first sentence as a tooltip (Material's content.tooltips), so a desktop reader need not leave
the page. A link was chosen over an ``<abbr title>``: a title alone never shows on touch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import built

PAGE = "projects/2017/video-conference/"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def test_a_tap_on_a_term_opens_its_entry(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        page.locator("table.pe-facts a.pe-term", has_text="执行率").tap()
        page.wait_for_url("**/glossary/#execution-rate")
        page.wait_for_timeout(300)
        entry = page.evaluate("""() => {
            const dt = document.getElementById('execution-rate');
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const b = dt.getBoundingClientRect();
            return {top: b.top, bottom: b.bottom, header: header.bottom,
                    word: dt.textContent.trim(), text: dt.nextElementSibling.innerText,
                    marked: getComputedStyle(dt.nextElementSibling).backgroundColor};
        }""")
    finally:
        context.close()
    assert entry["word"] == "执行率"
    assert entry["text"].startswith("预算执行率：实际支出占预算金额的百分比")
    assert entry["header"] <= entry["top"] and entry["bottom"] <= 844, entry
    assert entry["marked"] not in ("rgba(0, 0, 0, 0)", "transparent"), entry  # :target


def test_a_pointer_on_a_term_shows_its_first_sentence(browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 1280, "height": 800}) as (
            page, record):
        page.goto(base_url + PAGE)
        term = page.locator("table.pe-facts a.pe-term", has_text="评价分值")
        term.hover()
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(state="visible", timeout=5000)
        text = tip.inner_text()
        assert not record.errors, record.errors
    assert text.strip() == "评价时按指标体系给项目打的总分，通常满分 100 分。"
