"""The seed 视频会议 project page as Chromium shows it (issue 33 items 1 and 5): the answer,
problems and their statuses included, in the first screen at 1280 × 800 and 390 × 844, the
score said once there, the page at most half its old height, and at 390 px no table (charts'
data and the standing opened too) wider than the phone. Screenshots of both widths are saved
under tests/screenshots/ (git-ignored) for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import ROOT, built

PAGE = "projects/2017/video-conference/"
#: document.documentElement.scrollHeight of this page before issue 33 (tree + 自评表 + 信息表
#: + open charts), measured at 8a9446d: 9,883 px at 1280 and 11,352 px at 390
BEFORE = {1280: 9883, 390: 11352}
SCREENS = [(1280, 800), (390, 844)]
SHOTS = ROOT / "tests" / "screenshots"

#: text nodes containing ``needle`` that are drawn, with their boxes (page coordinates)
BOXES = """(needle) => {
    const out = [];
    const walk = document.createTreeWalker(document.querySelector('article'),
                                           NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const node = walk.currentNode;
        if (!node.textContent.includes(needle)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const b = range.getBoundingClientRect();
        if (b.width > 0 && b.height > 0)
            out.push({top: b.top + scrollY, bottom: b.bottom + scrollY, left: b.left,
                      right: b.right, text: node.textContent.trim()});
    }
    return out;
}"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-first.png"))
    page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)
    assert (SHOTS / f"{name}-first.png").stat().st_size > 10_000


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_answer_and_the_problems_are_in_the_first_screen(browser, base_url: str,
                                                             width: int, height: int) -> None:
    with recorded_page(browser, base_url, viewport={"width": width, "height": height}) as (
            page, record):
        page.goto(base_url + PAGE)
        _shoot(page, f"project-video-conference-{width}")
        assert not record.errors
        facts = page.locator("table.pe-facts")
        for fact in ("评价分值", "评价等级", "评价方式", "评价年度", "预算金额", "实际支出",
                     "存在问题"):
            # the label's whole text (it may be a link to the 术语 page inside the cell)
            cell = facts.locator("tr", has=page.locator("th", has_text=re.compile(f"^{fact}$")))
            assert cell.count() == 1, fact
        for needle in ("87.74", "良好", "第三方评价", "上海科技咨询有限公司", "2017",
                       "10.00 万元", "执行率", "100.00%）",  # 执行率 links to the 术语 page
                       "按整改情况的文字判断"):
            first = [b for b in page.evaluate(BOXES, needle) if b["bottom"] <= height]
            assert first, f"{needle} is not in the first {width} × {height} screen"
            assert all(b["right"] <= width for b in first), (needle, first)
        # the problems' statuses in the facts; their texts once, right below (issue 46.9)
        summary = _box(page, "table.pe-facts .pe-rect-summary")
        assert summary["y"] + summary["height"] <= height
        expect(page.locator("table.pe-facts a.pe-facts__more")).to_have_attribute(
            "href", re.compile("#problems$"))
        assert page.locator("article").inner_text().count(
            "视频会议系统相关设施完备性有待进一步加强") == 1
        # the score is said once in the first screen
        scores = [b for b in page.evaluate(BOXES, "87.74") if b["top"] < height]
        assert len(scores) == 1, scores


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_page_is_at_most_half_its_old_height(browser, base_url: str, width: int,
                                                 height: int) -> None:
    with recorded_page(browser, base_url, viewport={"width": width, "height": height}) as (
            page, _):
        page.goto(base_url + PAGE)
        tall = page.evaluate("document.documentElement.scrollHeight")
        assert tall <= BEFORE[width] / 2, (width, tall)


def test_no_table_is_wider_than_a_phone(browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (page, _):
        page.goto(base_url + PAGE)
        # open everything folded (the standing, the charts and their data tables)
        page.evaluate("() => document.querySelectorAll('article details')"
                      ".forEach(d => d.open = true)")
        page.wait_for_timeout(300)
        tables = page.evaluate("""() => [...document.querySelectorAll('article table')]
            .map(t => { const b = t.getBoundingClientRect();
                        return {cls: t.className, width: b.width, right: b.right}; })""")
        assert len(tables) >= 8, tables
        wide = [t for t in tables if t["width"] > 390 or t["right"] > 390]
        assert not wide, wide
        assert page.evaluate("document.documentElement.scrollWidth") == 390
        # the indicator tree stacks: a leaf's name, then its labelled figures
        leaf = page.locator("table.pe-indicators td.pe-leaf").first
        assert leaf.inner_text() == "A1.1 战略目标适应性"
        figures = leaf.locator("xpath=following-sibling::td[not(contains(@class,'pe-none'))]")
        labelled = [figures.nth(i).evaluate(
            "e => getComputedStyle(e, '::before').content") for i in range(figures.count())]
        assert labelled == ['"满分值 "', '"得分 "', '"失分 "'], labelled
        assert page.locator("table.pe-indicators thead").bounding_box()["height"] <= 1
        _shoot(page, "project-video-conference-390-opened")


def test_screenshots_folder_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "tests/screenshots/" in ignored
    assert Path(SHOTS).relative_to(ROOT).as_posix() + "/" == "tests/screenshots/"


def test_a_self_evaluation_form_scrolls_in_its_own_labelled_box(browser) -> None:
    """The official 自评表 keeps its layout on a phone: its boxes scroll, the page does not,
    and a visible line says so (issue 33 item 5)."""
    from tests.honest_synth import synthetic_site

    with serve_dir(synthetic_site()) as url, recorded_page(
            browser, url, viewport={"width": 390, "height": 844}) as (page, _):
        page.goto(url + "projects/2020/self/")
        assert page.evaluate("document.documentElement.scrollWidth") == 390
        hint = page.locator(".pe-selfeval .pe-scroll-hint")
        assert hint.is_visible()
        assert hint.inner_text() == "本表按官方格式排列，较宽：在表内左右滑动查看全表。"
        boxes = page.locator(".pe-selfeval div.pe-scroll[role=region]")
        assert boxes.count() == 2
        labels = [boxes.nth(i).get_attribute("aria-label") for i in range(2)]
        assert labels == ["项目支出绩效自评表：项目资金与年度总体目标",
                          "项目支出绩效自评表：绩效指标"]
        assert boxes.nth(1).evaluate("e => e.scrollWidth > e.clientWidth")
        box = boxes.nth(1).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390
    with serve_dir(synthetic_site()) as url, recorded_page(
            browser, url, viewport={"width": 1280, "height": 800}) as (page, _):
        page.goto(url + "projects/2020/self/")
        assert not page.locator(".pe-selfeval .pe-scroll-hint").is_visible()
