"""部门整体 results as a reader sees them (issue 43, pages), on ``tests/data/whole-site``: the
部门公开 page opens with the department's own result, its box within the first screen of a
phone; the result's own page answers first and prints on A4 with nothing outside the paper;
a year summary keeps the projects' statistics apart from the 部门整体 table; the search dialog
offers 评价对象 only on a site that has 部门整体 results. Screenshots at 1280 and 390 are saved
under tests/screenshots/ (git-ignored) for a person to look at."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import recorded_page, serve_dir
from tests.browser.test_insight_browser import open_facets, open_search, wait_settled
from tests.browser.test_print_fit_browser import tables_on_paper
from tests.browser.test_project_answer_browser import SHOTS
from tests.browser.test_selfeval_print import A4_POINTS, found, squash
from tests.sitebuild import built

SCREENS = [(1280, 800), (390, 844)]
DEPARTMENT = "departments/lincang-zhengwu/2023/"
WHOLE = "whole/2023/lincang-whole/"
YEAR = "years/2022/"


@pytest.fixture(scope="module")
def whole_url() -> Iterator[str]:
    with serve_dir(built("whole").site_dir) as url:
        yield url


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-first.png"))
    page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)


def _in_first_screen(page: Page, selector: str, height: int) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (selector, box)
    return box


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_department_page_opens_with_its_whole_result(browser, whole_url: str, width: int,
                                                         height: int) -> None:
    with recorded_page(browser, whole_url, viewport={"width": width, "height": height}) as (
            page, record):
        page.goto(whole_url + DEPARTMENT)
        _shoot(page, f"whole-department-{width}")
        answer = page.locator("section.pe-whole-answer")
        expect(answer).to_have_count(1)
        # the result's box is the first thing under the title, wholly in the first screen
        box = _in_first_screen(page, "section.pe-whole-answer", height)
        disclosure = page.locator(".pe-disclosure-title").bounding_box()
        assert disclosure is not None and disclosure["y"] > box["y"] + box["height"]
        for needle in ("97.90", "优", "单位自评", "695.00 万元", "98.99%", "年度主要任务",
                       "政务服务中心运行", "人员和日常运转"):
            expect(answer).to_contain_text(needle)
        _no_sideways_scroll(page, width)
        answer.get_by_role("link", name="查看部门整体支出绩效评价详情（评价表）").click()
        expect(page).to_have_url(whole_url + WHOLE)
        assert not record.errors, record.errors


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_whole_result_page_answers_first_then_shows_the_form(
        browser, whole_url: str, width: int, height: int) -> None:
    with recorded_page(browser, whole_url, viewport={"width": width, "height": height}) as (
            page, record):
        page.goto(whole_url + WHOLE)
        _shoot(page, f"whole-result-{width}")
        facts = page.locator("section.pe-whole-answer table.pe-facts")
        _in_first_screen(page, "section.pe-whole-answer table.pe-facts", height)
        for needle in ("97.90", "优", "单位自评", "695.00 万元", "98.99%", "21 人"):
            expect(facts).to_contain_text(needle)
        form = page.locator("section.pe-whole-form")
        expect(form.locator(".pe-selfeval-title")).to_contain_text("部门整体支出绩效自评表")
        for label in ("年度主要任务", "年度资金总额（万元）", "按收入性质", "按支出性质",
                      "年度总体目标"):
            expect(form.locator("table.pe-selfeval-head th", has_text=label).first) \
                .to_be_visible()
        # the wide form scrolls inside its own boxes on a phone; the page itself does not
        _no_sideways_scroll(page, width)
        assert not record.errors, record.errors


def test_the_whole_result_page_prints_on_a4_inside_the_paper(browser, whole_url: str) -> None:
    with recorded_page(browser, whole_url) as (page, record):
        page.goto(whole_url + WHOLE)
        page.emulate_media(media="print")
        rows = page.evaluate("""() => [...document.querySelectorAll(
            'section.pe-whole-form table.pe-selfeval-indicators tbody tr')]
            .map(tr => [...tr.cells].map(c => c.textContent.trim()))""")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        outside = tables_on_paper(page)
        assert not record.errors, record.errors
    assert not outside, "\n".join(outside)
    (SHOTS / "whole-result.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == \
            A4_POINTS
    sheets = [squash(sheet.extract_text() or "") for sheet in reader.pages]
    text = "".join(sheets)
    for heading in ("部门整体支出绩效自评表", "年度主要任务", "按收入性质", "按支出性质",
                    "年度总体目标", "年度绩效指标", "总分", "评价结论"):
        assert found(heading, text), heading
    assert len(rows) == 7
    for cells in rows[:-2]:  # each indicator row whole on one sheet
        name, target = cells[-6], cells[-5]
        assert any(found(name, s) and found(target, s) for s in sheets), (name, target)
    # the downloads and the search's facets are not printed
    assert not found("本结果数据（JSON）", text)


@pytest.mark.parametrize("width, height", SCREENS)
def test_a_year_summary_keeps_the_projects_statistics_apart(browser, whole_url: str,
                                                            width: int, height: int) -> None:
    with recorded_page(browser, whole_url, viewport={"width": width, "height": height}) as (
            page, record):
        page.goto(whole_url + YEAR)
        _shoot(page, f"whole-year-{width}")
        note = page.locator("p.pe-whole-apart").first
        expect(note).to_contain_text("只统计项目，不含本年度的 2 个部门整体支出绩效评价结果")
        if width == 1280:
            _in_first_screen(page, "p.pe-whole-apart", height)
        projects = page.locator("#year-projects tbody tr")
        wholes = page.locator("#year-wholes tbody tr")
        expect(projects).to_have_count(2)
        expect(wholes).to_have_count(2)
        expect(page.locator("table.pe-whole-summary")).to_contain_text("92.75 分")
        # in page order: the projects' list, then the 部门整体 table, then the charts
        tops = [page.locator(s).first.bounding_box()["y"]  # type: ignore[index]
                for s in ("#year-projects", "#year-wholes", "#chart-grades")]
        assert tops == sorted(tops)
        expect(page.locator("#chart-grades figcaption")).to_contain_text("2 个项目中")
        expect(wholes.first).to_contain_text("临沧市政务服务管理局")
        _no_sideways_scroll(page, width)
        assert not record.errors, record.errors


@pytest.mark.parametrize("width", [1280, 390])
def test_search_offers_the_kind_of_result_as_a_facet(browser, whole_url: str,
                                                     width: int) -> None:
    with recorded_page(browser, whole_url, viewport={"width": width, "height": 844}) as (
            page, record):
        page.goto(whole_url)
        if width == 390:
            page.locator('label.md-header__button[for="__search"]').click()
        open_search(page, "政务服务")
        open_facets(page)
        kind = page.locator('fieldset[data-facet="类型"]')
        expect(kind.locator("legend")).to_have_text("评价对象")
        expect(kind.get_by_role("checkbox", name="项目（4）")).to_be_visible()
        box = kind.get_by_role("checkbox", name="部门整体（3）")
        page.screenshot(path=str(SHOTS / f"whole-search-facet-{width}.png"))
        box.check()
        wait_settled(page)
        titles = page.locator(".md-search-result__item h1").all_inner_texts()
        assert titles and all(t.endswith("年度部门整体支出") for t in titles), titles
        assert "临沧市政务服务管理局2023年度部门整体支出" in titles
        assert not record.errors, record.errors
    if width == 390:
        return
    # a site without 部门整体 results (the seeds) offers no such facet
    with serve_dir(built("seed").site_dir) as url, recorded_page(browser, url) as (page, record):
        page.goto(url)
        open_search(page, "项目")
        open_facets(page)
        expect(page.locator('fieldset[data-facet="评价方式"]')).to_be_visible()
        expect(page.locator('fieldset[data-facet="类型"]')).to_have_count(0)
        assert not record.errors, record.errors


def test_a_whole_result_without_a_budget_shows_no_unit_on_a_phone(browser, whole_url: str
                                                                  ) -> None:
    """Issue 46 item 5: the 2022 部门整体 results publish no budget; on a phone the card read
    "预算 — 万元", a unit without a figure."""
    with recorded_page(browser, whole_url, viewport={"width": 390, "height": 844}) as (
            page, record):
        page.goto(whole_url + YEAR)
        shown = page.eval_on_selector_all("#year-wholes td.pe-c-budget", """cells => cells.map(
            c => [getComputedStyle(c, '::before').content, c.textContent.trim(),
                  getComputedStyle(c, '::after').content].map(
                t => t === 'none' || t === 'normal' ? '' : t.replace(/^"|"$/g, '')).join(''))""")
        assert shown == ["预算 —", "预算 —"]
        assert not record.errors, record.errors


def test_search_lists_whole_results_under_their_own_heading(browser, whole_url: str) -> None:
    """Issue 43 point 3: 部门整体 pages have their own heading after the projects, not
    其他页面."""
    with recorded_page(browser, whole_url) as (page, record):
        page.goto(whole_url)
        open_search(page, "政务服务")
        wait_settled(page)
        items = page.locator(".md-search-result__list > li")
        groups: list[tuple[str, list[str]]] = []
        for i in range(items.count()):
            item = items.nth(i)
            if "pe-search-group" in (item.get_attribute("class") or ""):
                groups.append((item.inner_text(), []))
            elif groups and item.locator("h1").count():
                groups[-1][1].append(item.locator("h1").inner_text())
        assert [name for name, _ in groups][:2] == ["项目", "部门整体支出绩效评价"], groups
        wholes = groups[1][1]
        assert "临沧市政务服务管理局2023年度部门整体支出" in wholes
        assert all(t.endswith("年度部门整体支出") for t in wholes), groups
        assert not any(t.endswith("年度部门整体支出") for _, ts in groups[2:] for t in ts)
        assert not record.errors, record.errors
