"""A project page and a 部门公开 page (the 信息表) printed by Chromium to A4 (issue 33.8):
no navigation, search, buttons, downloads or feeds on paper; every table row whole on one
sheet. Read back from the PDF with pypdf, and checked in the print styles Chromium applies.

Before this change the 信息表 page printed its Word download, its Atom feed and its links to
other years, and the project page its copy button, CSV links and "展开" summaries."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf
import pytest
from playwright.sync_api import Page

from tests.browser.harness import recorded_page, serve_dir
from tests.browser.test_selfeval_print import A4_POINTS, found, squash
from tests.sitebuild import ROOT, built

SHOTS = ROOT / "tests" / "screenshots"

PAGES = {
    "projects/2017/video-conference/": ["2017年上海市政府驻外办事处视频会议系统运维项目",
                                        "项目概况", "87.74", "问题与整改", "绩效指标完成情况",
                                        "引用本页"],
    "departments/hezuojiaoliu/2017/": ["财政支出项目绩效评价结果", "绩效评价结果信息表4",
                                       "88.47分", "评价方式：第三方评价"],
}
#: Words only the screen shows: the site's navigation, the search box, buttons, downloads,
#: feeds and folded parts' summaries.
SCREEN_ONLY = ["首页", "整改与问题", "关于数据", "术语", "搜索", "复制引用", "下载",
               "订阅", "Atom", "展开", "查看项目详情", "历年概况", "筛选"]
HIDDEN = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", ".md-footer",
          ".pe-downloads", ".pe-cite__actions", ".pe-feed"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def printed(page: Page) -> tuple[list[str], bytes]:
    """The page as Chromium prints it on A4: each sheet's text (squashed), and the PDF."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        size = (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        assert size == A4_POINTS, size  # A4 portrait
    return [squash(sheet.extract_text() or "") for sheet in reader.pages], pdf


@pytest.mark.parametrize("path", list(PAGES))
def test_a_page_prints_on_a4_without_what_paper_cannot_use(browser, base_url: str,
                                                           path: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        sheets, pdf = printed(page)
        rows = page.evaluate("""() => [...document.querySelectorAll('article tr')]
            .filter(tr => tr.offsetParent !== null)  // as printed: what print hides is out
            .map(tr => [...tr.children].map(c => c.innerText.replace(/\\s+/g, '')))
            .filter(cells => cells.join('').length > 0)""")
        styles = page.evaluate("""(hidden) => ({
            hidden: hidden.map(sel => [sel, [...document.querySelectorAll(sel)]
                .map(e => getComputedStyle(e).display)]),
            rows: [...document.querySelectorAll('article tr')].map(tr =>
                getComputedStyle(tr).breakInside),
            })""", HIDDEN)
        assert not record.errors, record.errors
    SHOTS.mkdir(parents=True, exist_ok=True)  # for a person to look at (git-ignored)
    (SHOTS / ("print-" + path.strip("/").replace("/", "_") + ".pdf")).write_bytes(pdf)
    text = "".join(sheets)
    for expected in PAGES[path]:
        assert found(expected, text), expected
    shown = [word for word in SCREEN_ONLY if found(word, text)]
    assert not shown, shown
    for selector, displays in styles["hidden"]:
        assert all(d == "none" for d in displays), (selector, displays)
    assert any(displays for _, displays in styles["hidden"])
    assert styles["rows"] and set(styles["rows"]) == {"avoid"}, set(styles["rows"])
    # every row whole on one sheet: its first and last cells' text on the same sheet
    assert len(rows) >= 10
    for cells in rows:
        first, last = squash(cells[0])[:12], squash(cells[-1])[-12:]
        assert any(found(first, sheet) and found(last, sheet) for sheet in sheets), cells
