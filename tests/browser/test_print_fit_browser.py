"""Every page prints on A4 with its charts and tables inside the paper (issue 46, item 2),
printed as a reader does: from a desktop window (1280 px), where the charts were drawn for the
screen's column.

Chromium lays a printed page out at the paper's width (A4 less 15 mm margins: 180 mm, 680 CSS
px). Here the page is drawn at 1280 px, switched to print media, and then (a) every chart's
drawing and every text in it lies inside the chart's box and the chart inside the printed
column — the score-distribution chart keeps its 90–100 bin, the indicator chart its last bar;
(b) at the paper's width every table, with the outer half of its collapsed border, lies inside
the column (before, its right border was cut); (c) the PDF itself, rasterised, draws nothing in
the right margin.

Before this change the charts kept their screen width on paper and were cut on the right."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import recorded_page, serve_dir
from tests.browser.test_chart_fit_browser import MEASURE, faults
from tests.browser.test_selfeval_print import seeds_with_yongde, squash
from tests.sitebuild import built

PAPER = 680  # A4 less two 15 mm margins, in CSS px (180 mm × 96 / 25.4)

PAGES = ["", "years/2017/", "trends/", "projects/2017/cooperation-platform/",
         "departments/hezuojiaoliu/2017/", "problems/"]


@pytest.fixture(scope="module")
def seed_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def selfeval_url() -> Iterator[str]:
    """The seeds and one 单位自评 project with its 自评表 (tests/test_selfeval.py's YONGDE)."""
    with serve_dir(seeds_with_yongde("print-fit")) as url:
        yield url


#: Chromium printing to PDF (and a browser that lays the paper out before a script reacts)
#: runs no script between the screen and the paper: the page's print listeners are held back,
#: so what is measured is what the stylesheet alone makes of charts drawn for the screen.
NO_PRINT_LISTENERS = """(() => {
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const print = type === 'beforeprint' || type === 'afterprint' ||
      (type === 'change' && this instanceof MediaQueryList && this.media === 'print');
    return print ? undefined : add.call(this, type, listener, options);
  };
})();"""


def charts_on_paper(page: Page, url: str) -> list[str]:
    """Load at the desktop width, switch to print: what of each chart is off its box or the
    printed column."""
    page.add_init_script(NO_PRINT_LISTENERS)
    page.goto(url)
    charts = page.locator("div.pe-chart:visible")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg text").first).to_be_attached(timeout=10_000)
    page.emulate_media(media="print")
    page.wait_for_timeout(100)
    found = faults(page.evaluate(MEASURE))
    found += page.evaluate("""(paper) => {
      const out = [];
      const column = document.querySelector('article').getBoundingClientRect();
      document.querySelectorAll('div.pe-chart').forEach(el => {
        if (!el.offsetParent) return;
        const box = el.getBoundingClientRect();
        const id = el.closest('figure').id;
        if (box.width > paper + 0.5 || box.left < column.left - 0.5) {
          out.push(`${id}: ${box.width} px wide, paper ${paper}`);
        }
        el.querySelectorAll('svg').forEach(svg => {
          const r = svg.getBoundingClientRect();
          if (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5) {
            out.push(`${id}: drawing ${Math.round(r.width)}×${Math.round(r.height)} px ` +
                     `in a box of ${Math.round(box.width)}×${Math.round(box.height)}`);
          }
        });
      });
      return out;
    }""", PAPER)
    return found


TABLES = """() => {
  const column = document.querySelector('article').getBoundingClientRect();
  return [...document.querySelectorAll('article table')].filter(t => t.offsetParent)
    .map(t => {
      const cells = [...t.querySelectorAll('tr > :last-child')];
      const overhang = getComputedStyle(t).borderCollapse === 'collapse'
        ? Math.max(0, ...cells.map(c => parseFloat(getComputedStyle(c).borderRightWidth) / 2))
        : 0;
      const right = t.getBoundingClientRect().right + overhang;
      return right > column.right + 0.01
        ? `${t.className || 'table'}: right edge ${right} beyond the column's ${column.right}`
        : null;
    }).filter(Boolean);
}"""


def tables_on_paper(page: Page) -> list[str]:
    page.set_viewport_size({"width": PAPER, "height": 960})
    page.wait_for_timeout(100)
    return list(page.evaluate(TABLES))


@pytest.mark.parametrize("path", PAGES)
def test_seed_pages_print_inside_the_paper(browser, seed_url: str, path: str) -> None:
    with recorded_page(browser, seed_url) as (page, record):
        problems = charts_on_paper(page, seed_url + path)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        problems += tables_on_paper(page)
        assert not record.errors, record.errors
    assert not problems, "\n".join(problems)
    assert pdf.startswith(b"%PDF")


def test_a_self_evaluation_prints_its_charts_whole(browser, selfeval_url: str) -> None:
    with recorded_page(browser, selfeval_url) as (page, record):
        problems = charts_on_paper(page, selfeval_url + "projects/2022/yongde-nutrition/")
        texts = page.evaluate("""() => [...document.querySelectorAll('div.pe-chart svg text')]
            .map(t => t.textContent)""")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        problems += tables_on_paper(page)
        assert not record.errors, record.errors
    assert not problems, "\n".join(problems)
    assert "满意度指标" in texts and "90–100" in texts, texts
    assert pdf.startswith(b"%PDF")


def test_printing_with_the_page_s_own_listeners_keeps_every_chart(browser,
                                                                   seed_url: str) -> None:
    """Printed as the page is (its print listeners at work): every chart still drawn on
    paper, the two 得分率 charts' axis name among the PDF's text (a chart redrawn while the
    paper was laid out printed empty)."""
    with recorded_page(browser, seed_url) as (page, record):
        page.goto(seed_url + "projects/2017/cooperation-platform/")
        charts = page.locator("div.pe-chart:visible")
        for i in range(charts.count()):
            expect(charts.nth(i).locator("svg text").first).to_be_attached(timeout=10_000)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert not record.errors, record.errors
    text = "".join(squash(sheet.extract_text() or "")
                   for sheet in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(squash("得分率（%）")) == 2, text


def test_the_ledger_heads_print_on_one_line(browser, seed_url: str) -> None:
    """Printed from a desktop window, the 2018 project's ledger (its 整改情况 all "—") drew its
    head 整改情况 one character a line (the look at every page, issue 46)."""
    with recorded_page(browser, seed_url) as (page, record):
        page.goto(seed_url + "projects/2018/investment-statistics/")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": PAPER, "height": 960})
        page.wait_for_timeout(100)
        heads = page.evaluate("""() => [...document.querySelectorAll(
            'table.pe-ledger:not(.pe-ledger-lists) thead th')].map(th => {
              const range = document.createRange();
              range.selectNodeContents(th);
              const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                   .map(r => Math.round(r.top)));
              return [th.textContent.trim(), tops.size];
            })""")
        problems = tables_on_paper(page)
        assert not record.errors, record.errors
    assert [h for h, _ in heads][:5] == ["序号", "存在问题", "整改建议", "整改情况", "整改状态"]
    assert all(lines == 1 for _, lines in heads), heads
    assert not problems, problems


def test_a_printed_chart_has_no_data_button(browser, seed_url: str) -> None:
    """On paper, "查看图表数据" was a button with its chevron under every chart, which a
    printed page cannot open (the look at every page, issue 46): the chart prints, the
    button does not, while the screen keeps it."""
    with recorded_page(browser, seed_url) as (page, record):
        page.goto(seed_url + "years/2017/")
        buttons = """() => [...document.querySelectorAll('details.pe-chart-data')]
            .map(d => d.getBoundingClientRect().height)"""
        on_screen = page.evaluate(buttons)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": PAPER, "height": 960})
        page.wait_for_timeout(100)
        on_paper = page.evaluate(buttons)
        charts = page.evaluate("""() => [...document.querySelectorAll('div.pe-chart')]
            .filter(c => c.getBoundingClientRect().height > 0).length""")
        assert not record.errors, record.errors
    assert len(on_screen) >= 3 and all(h > 0 for h in on_screen), on_screen
    assert on_paper == [0] * len(on_screen), on_paper
    assert charts >= 3
