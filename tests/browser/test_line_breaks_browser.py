"""Where lines break, in Chromium at a phone's and a desktop's width, on every page of the
seed site and of the 部门整体 test site: no heading leaves one character on a line of its own,
no number is split over two lines, and no label of the facts tables (up to six characters)
wraps on a phone.

A Chinese heading may break after any character: at 390 px the home page's title ended
"…结果公" / "开", the disclosure's "…绩效评价结" / "果", "…整改情" / "况" (seen in
screenshots, 2026-11-30). ``theme/assets/stylesheets/pe.css`` balances the lines of h1 and h2
(``text-wrap: balance``) and sets the disclosure title at the project title's size on a phone.
A chart's data table on a phone let its cells break anywhere, numbers too: 失分 "2.00" read
"2.0" over "0". The facts tables' labels had 5 characters' room on a phone: the home page's
first screen read "预算金额合" / "计" and "平均评价分" / "值" (their column is now 7.5em).
Lines are told apart by the tops of each character's box (or of the text's boxes), not by
the markup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.harness import serve_dir
from tests.browser.test_reader_browser import LINES
from tests.sitebuild import built

WIDTHS = [390, 1280]

#: Each content heading's lines: the characters whose boxes share a top, in order.
HEADING_LINES = """() => [...document.querySelectorAll('.md-content h1, .md-content h2')].map(h => {
    const lines = new Map();
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            if (!node.data[i].trim()) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getClientRects()[0];
            if (!box) continue;
            const top = Math.round(box.top);
            lines.set(top, (lines.get(top) || '') + node.data[i]);
        }
    }
    return [h.tagName, [...lines.values()]];
})"""


def _pages(site: Path) -> list[str]:
    """Every page's address under the site ("" for the home page)."""
    return sorted("" if p.parent == site else f"{p.parent.relative_to(site).as_posix()}/"
                  for p in site.rglob("index.html") if "assets" not in p.parts)


@pytest.fixture(scope="module")
def sites() -> Iterator[list[tuple[str, list[str]]]]:
    seed, whole = built("seed").site_dir, built("whole").site_dir
    with serve_dir(seed) as seed_url, serve_dir(whole) as whole_url:
        yield [(seed_url, _pages(seed)), (whole_url, _pages(whole))]


def _lines(page: Page, url: str | None = None) -> list[tuple[str, list[str]]]:
    """The page's headings and their lines, at ``url`` (None: the page as it is)."""
    if url is not None:
        page.goto(url)
    return [(tag, lines) for tag, lines in page.evaluate(HEADING_LINES)]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_heading_ends_in_a_line_of_one_character(
        browser, sites: list[tuple[str, list[str]]], width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    orphans, headings, wrapped = [], 0, 0
    for base, pages in sites:
        assert len(pages) > 20, pages
        for path in pages:
            for tag, lines in _lines(page, base + path):
                headings += 1
                wrapped += len(lines) > 1
                if len(lines) > 1 and len(lines[-1]) < 2:
                    orphans.append((path, tag, lines))
    page.close()
    assert headings > 100
    assert not orphans, orphans
    if width == 390:  # the check saw titles that do wrap on a phone
        assert wrapped > 10, wrapped


def test_without_balanced_lines_the_home_title_leaves_a_character_alone(
        browser, sites: list[tuple[str, list[str]]]) -> None:
    """The check above can fail: the home page at 390 px with wrapping as it was."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    seed_url = sites[0][0]
    balanced = _lines(page, seed_url)
    page.add_style_tag(content=".md-typeset h1, .md-typeset h2 { text-wrap: wrap; }")
    plain = _lines(page)
    page.close()
    tag, lines = balanced[0]  # two even lines ("财政支出项目绩" / "效评价结果公开" today)
    assert tag == "H1" and "".join(lines) == "财政支出项目绩效评价结果公开"
    assert len(lines) == 2 and min(map(len, lines)) >= 6, lines
    assert plain[0] == ("H1", ["财政支出项目绩效评价结果公", "开"])


def test_a_disclosure_title_keeps_its_department_and_year_on_one_line_of_a_phone(
        browser, sites: list[tuple[str, list[str]]]) -> None:
    """It was "上海市工商业联合会2018" / "年度" / "财政支出项目绩效评价结" / "果". (The first
    line is 353 px of the 358 px there is: a longer name is balanced over two lines.)"""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    lines = _lines(page, sites[0][0] + "departments/gongshanglian/2018/")
    page.close()
    assert lines[0] == ("H1", ["上海市工商业联合会2018年度", "财政支出项目绩效评价结果"])


OPEN_ALL = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
LOST_POINTS_PAGE = "projects/2017/video-conference/"


def _numbers(page: Page) -> list[tuple[str, int]]:
    """Every number shown in a table, with every section opened: its text and its lines."""
    page.evaluate(OPEN_ALL)
    return [(text, lines) for text, lines, width in page.evaluate(LINES, ".md-content .pe-num")
            if width > 2]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_number_is_split_over_two_lines(
        browser, sites: list[tuple[str, list[str]]], width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    split, wide, seen = [], [], 0
    for base, pages in sites:
        for path in pages:
            page.goto(base + path)
            numbers = _numbers(page)
            seen += len(numbers)
            split += [(path, text, lines) for text, lines in numbers if lines > 1]
            page_width = page.evaluate("document.documentElement.scrollWidth")
            if page_width > width:
                wide.append((path, page_width))
    page.close()
    assert seen > 1000, seen
    assert not split, split
    assert not wide, wide


def test_a_charts_data_keeps_its_numbers_whole_on_a_phone(
        browser, sites: list[tuple[str, list[str]]]) -> None:
    """The lost points' data, whose 失分 was split; and, with its cells let break anywhere
    again, the check above sees it."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(sites[0][0] + LOST_POINTS_PAGE)
    numbers = _numbers(page)
    page.add_style_tag(content=".md-typeset .pe-charts table.pe-table :is(th, td) { "
                               "white-space: normal !important; word-break: normal !important;"
                               " overflow-wrap: anywhere !important; }")
    broken = _numbers(page)
    page.close()
    lost = [lines for text, lines in numbers if text == "2.00"]
    assert lost and set(lost) == {1}, lost
    assert ("2.00", 2) in broken


def test_a_facts_label_of_up_to_six_characters_takes_one_line_on_a_phone(
        browser, sites: list[tuple[str, list[str]]]) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    labels: dict[str, int] = {}
    for base, pages in sites:
        for path in pages:
            page.goto(base + path)
            for text, lines, _ in page.evaluate(LINES, ".md-content table.pe-facts th"):
                labels[text] = max(lines, labels.get(text, 0))
    page.close()
    assert {"预算金额合计", "平均评价分值", "部门整体评价", "评价分值"} <= set(labels), labels
    wrapped = {text: lines for text, lines in labels.items() if len(text) <= 6 and lines > 1}
    assert not wrapped, wrapped
