"""What a reader sees of the reference tables (issue 46.8), in Chromium at a phone's and a
desktop's width: the data dictionary's column names are never broken mid-word (dep/art/men/t),
its Chinese names and the scoring rules' words are not stacked one character a line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import built

WIDTHS = [390, 1280]

#: For each element matched: its text, how many lines it takes (the client rectangles of its
#: text), and its width.
LINES = """(selector) => [...document.querySelectorAll(selector)].map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                         .map(r => Math.round(r.top)));
    return [e.textContent.trim(), tops.size, e.getBoundingClientRect().width];
})"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_dictionary_codes_are_never_broken(browser, base_url: str, width: int) -> None:
    with recorded_page(browser, base_url, viewport={"width": width, "height": 900}) as (
            page, record):
        page.goto(base_url + "data/")
        codes = page.evaluate(LINES, "table[id^=data-dictionary] td code")
        assert len(codes) > 30
        assert "department" in [c for c, _, _ in codes]
        broken = [(code, lines) for code, lines, _ in codes if lines != 1]
        assert not broken, broken
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert not record.errors, record.errors


def test_dictionary_and_rules_read_on_a_phone(browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (
            page, record):
        page.goto(base_url + "data/")
        names = page.evaluate(LINES, "table#data-dictionary td:nth-child(2)")
        assert ["项目编号", 1] in [[n, lines] for n, lines, _ in names]
        stacked = [(n, lines) for n, lines, _ in names if len(n) <= 8 and lines > 1]
        assert not stacked, stacked  # 项目单位 took four lines: 项/目/单/位
        words = page.evaluate(LINES, "table#data-dictionary td:last-child")
        narrow = [(n[:10], w) for n, _, w in words if w < 390 * 0.6]
        assert not narrow, narrow  # each 说明 has the card's width to wrap in
        page.goto(base_url + "about/")
        rules = page.evaluate(LINES, "table#scoring-rules tbody td:first-child")
        assert [n for n, _, _ in rules][:2] == ["比率法", "门槛比率法"]
        assert all(lines == 1 for _, lines, _ in rules), rules
        how = page.evaluate(LINES, "table#scoring-rules tbody td:last-child")
        assert all(w >= 390 * 0.6 for _, _, w in how), [(n[:10], w) for n, _, w in how]
        assert not record.errors, record.errors


def test_chart_data_opens_with_a_table_icon_not_a_pencil(browser, base_url: str) -> None:
    """Issue 46.11: "查看图表数据" wore Material's default <details> icon, a pencil (edit)."""
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + "trends/")
        summary = page.locator("details.pe-chart-data > summary").first
        summary.scroll_into_view_if_needed()
        icon, pencil = summary.evaluate("""s => [
            getComputedStyle(s, '::before').maskImage ||
            getComputedStyle(s, '::before').webkitMaskImage,
            getComputedStyle(document.body).getPropertyValue('--md-admonition-icon--note')]""")
        assert icon.startswith("url(") and "M5 4h14" in icon.replace("%20", " "), icon
        assert pencil.strip() and pencil.strip() != icon
        assert not [r for r in record.requests if not r.startswith((base_url, "data:"))]


def test_expanders_wear_a_chart_icon_not_a_pencil(browser, base_url: str) -> None:
    """Issue 46, the look at every page: a project's "展开图表" and "展开：…名次与分数分布",
    and the problems page's 归类方法, still wore the pencil (edit) icon that 查看图表数据 had
    lost; 方法 called a 末级指标 "评价表最细的一级指标" (一级指标 is the top level)."""
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (
            page, record):
        page.goto(base_url + "projects/2017/video-conference/")
        summaries = page.locator("details.pe-more > summary")
        assert summaries.count() == 2
        for i in range(2):
            icon, pencil = summaries.nth(i).evaluate("""s => [
                getComputedStyle(s, '::before').maskImage ||
                getComputedStyle(s, '::before').webkitMaskImage,
                getComputedStyle(document.body).getPropertyValue('--md-admonition-icon--note')]""")
            assert icon.startswith("url(") and "M22 21H2V3" in icon.replace("%20", " "), icon
            assert pencil.strip() and pencil.strip() != icon
        page.goto(base_url + "problems/")  # 归类方法: an information icon
        icon = page.locator("details.pe-method > summary").evaluate(
            "s => getComputedStyle(s, '::before').maskImage || "
            "getComputedStyle(s, '::before').webkitMaskImage")
        assert "M11 9h2V7h-2" in icon.replace("%20", " "), icon
        page.goto(base_url + "about/")  # 末级指标 is no 一级指标 (the top level)
        words = page.locator("article").inner_text()
        assert "末级指标（评价表中最细一层的指标）" in words
        assert "最细的一级指标" not in words
        assert not record.errors, record.errors


@pytest.mark.parametrize("path, section", [
    ("years/2017/", "年度汇总"), ("projects/2017/video-conference/", "年度汇总"),
    ("departments/hezuojiaoliu/2017/", "部门公开"), ("departments/hezuojiaoliu/", "部门公开"),
    ("rectification/2018/", "整改与问题"), ("problems/process/2017/", "整改与问题"),
    ("trends/", "趋势"), ("", "首页")])
def test_the_top_menu_marks_the_section(browser, base_url: str, path: str,
                                        section: str) -> None:
    """Issue 46.11: the top menu marked no section on year, department and project pages."""
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        active = page.locator(".md-tabs__item--active")
        assert active.all_inner_texts() == [section]
        if path == "years/2017/":  # on a page reached by a link too
            page.locator("#year-projects a", has_text="视频会议").click()
            page.wait_for_url("**/projects/2017/video-conference/")
            page.wait_for_function("() => document.querySelector('.md-tabs__item--active')")
            assert page.locator(".md-tabs__item--active").all_inner_texts() == ["年度汇总"]
        assert not record.errors, record.errors


@pytest.mark.parametrize("width", WIDTHS)
def test_each_years_downloads_read_on_one_line_and_hold_the_full_workbook(
        browser, base_url: str, width: int) -> None:
    """分年度结果: each year's line (CSV · Excel) fits one line at a phone's and a desktop's
    width, and its Excel link gives the year's full workbook (every sheet of the site's)."""
    import io

    import openpyxl

    with recorded_page(browser, base_url, viewport={"width": width, "height": 900}) as (
            page, record):
        page.goto(base_url + "data/")
        items = [item for item in page.evaluate(LINES, "ul.pe-links li")
                 if "年度：" in item[0]]
        assert [(text, lines) for text, lines, _ in items] == [
            ("2018 年度：CSV · Excel（XLSX）", 1), ("2017 年度：CSV · Excel（XLSX）", 1)]
        links = page.locator("ul.pe-links li", has_text="2017 年度").locator("a")
        assert links.all_inner_texts() == ["CSV", "Excel（XLSX）"]
        href = links.nth(1).evaluate("a => a.href")
        book = openpyxl.load_workbook(io.BytesIO(page.request.get(href).body()),
                                      read_only=True)
        assert book.sheetnames == ["项目", "指标", "预算明细", "目标", "资金来源", "整改",
                                   "年度主要任务", "人员编制", "网站设置"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert not record.errors, record.errors
