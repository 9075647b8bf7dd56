"""Every page of the seed site on a 390 × 844 phone, as Chromium lays it out (issue 33.5,
SPEC §6): nothing is wider than the screen, nothing scrolls sideways but the official
自评表's own labelled boxes, and every score and grade shown lies inside the screen's width.

Before this change the 部门 page's yearly table was 1,116 px wide inside a 358 px box, the
trends and year-summary tables 637 px, the rectification tables 809 and 740 px: the reader had
to scroll each sideways to reach 平均评价分值 and the grade counts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.publish.pipeline import build
from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import SEED_CONTENT, built, tmp_dir
from tests.test_selfeval import YONGDE

PHONE = {"width": 390, "height": 844}
SELFEVAL_PAGE = "projects/2022/yongde-nutrition/"

#: What one page shows at the phone's width: the document's width, the scroll boxes whose
#: content is wider than they are (with their label, if any), the visible elements that reach
#: past the screen outside a labelled box, and the boxes of every score and grade shown.
MEASURE = """(width) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const labelled = e => e.closest('[role="region"][aria-label]');
  const hidden = e => { for (let p = e; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.display === 'none' || s.visibility === 'hidden') return true;
      const b = p.getBoundingClientRect();
      if (s.overflow === 'hidden' && b.width <= 1) return true;  // visually hidden headers
    } return false; };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (typeof e.className === 'string' && e.className ?
       '.' + e.className.split(' ').join('.') : '');
  const root = document.querySelector('article') || document.body;
  const scrollers = [...root.querySelectorAll('*')].filter(e => {
      const s = getComputedStyle(e);
      return (s.overflowX === 'auto' || s.overflowX === 'scroll') &&
             e.scrollWidth > e.clientWidth + 1; })
    .map(e => [name(e), e.getAttribute('role'), e.getAttribute('aria-label'),
               e.scrollWidth, e.clientWidth]);
  const past = e => { const b = e.getBoundingClientRect();
      return b.width > 0 && (b.right > width + 0.5 || b.left < -0.5); };
  const outside = [...root.querySelectorAll('*')].filter(e =>  // the outermost of each
      past(e) && !(e.parentElement && past(e.parentElement)) && !labelled(e) && !hidden(e)
    ).map(e => { const b = e.getBoundingClientRect();
                  return [name(e), Math.round(b.left), Math.round(b.right)]; });
  const scored = [...root.querySelectorAll(
      '.pe-grade, td.pe-c-score, td.pe-c-grade, table.pe-facts td, table.pe-infotable td')]
    .filter(e => !hidden(e) && !labelled(e))
    .map(e => { const b = e.getBoundingClientRect();
                return [name(e), e.textContent.trim().slice(0, 20), b.left, b.right, b.width]; });
  return {width: document.documentElement.scrollWidth, scrollers, outside, scored};
}"""


@pytest.fixture(scope="module")
def seed_site() -> Path:
    return built("seed").site_dir


@pytest.fixture(scope="module")
def selfeval_site() -> Path:
    """The seeds plus one self-evaluation with its official form (the 自评表)."""
    work = tmp_dir("phone-selfeval")
    content = work / "content"
    if not (work / "site" / "index.html").is_file():
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(SEED_CONTENT, content)
        (content / "projects" / "2022").mkdir()
        shutil.copy(YONGDE, content / "projects" / "2022" / "yongde-nutrition.yml")
        build(content, work / "build", work / "site")
    return work / "site"


def pages_of(site: Path) -> list[str]:
    """Every HTML page of a built site, as its folder URL ("" for the home page)."""
    found = []
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        if folder.split("/")[0] in ("assets", "pagefind"):
            continue
        found.append("" if folder == "." else folder + "/")
    return found


def measure(page: Page, url: str) -> dict:
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(MEASURE, PHONE["width"])


def problems_of(path: str, seen: dict) -> list[str]:
    """What is wrong with one page at the phone's width, in words."""
    out = []
    if seen["width"] > PHONE["width"]:
        out.append(f"{path}: the page is {seen['width']} px wide")
    for name, role, label, inner, outer in seen["scrollers"]:
        if role != "region" or not label:
            out.append(f"{path}: {name} scrolls sideways ({inner} px in {outer} px), unlabelled")
    out += [f"{path}: {name} reaches {left}..{right} px" for name, left, right in seen["outside"]]
    for name, text, left, right, width in seen["scored"]:
        if width <= 0 or left < -0.5 or right > PHONE["width"] + 0.5:
            out.append(f"{path}: {name} 「{text}」 at {left:.0f}..{right:.0f} px")
    return out


@pytest.fixture(scope="module")
def seed_url(seed_site: Path) -> Iterator[str]:
    with serve_dir(seed_site) as url:
        yield url


def test_every_seed_page_fits_a_phone(browser, seed_site: Path, seed_url: str) -> None:
    paths = pages_of(seed_site)
    assert len(paths) >= 30 and "departments/hezuojiaoliu/" in paths
    problems: list[str] = []
    scored = 0
    with recorded_page(browser, seed_url, viewport=PHONE) as (phone, record):
        for path in paths:
            seen = measure(phone, seed_url + path)
            problems += problems_of(path, seen)
            scored += len(seen["scored"])
        assert not record.errors, record.errors
    assert not problems, "\n".join(problems)
    assert scored > 100, scored  # the scores and grades were there to be measured


@pytest.mark.parametrize("path, labels", [
    ("departments/hezuojiaoliu/", ["平均评价分值 87.54", "良 4"]),
    ("years/", ["平均评价分值 87.54", "良 4"]),
    ("trends/", ["平均评价分值 87.54"]),
    ("rectification/", ["未说明 3", "已整改 2"]),
])
def test_summary_rows_are_cards_with_labelled_figures(browser, seed_url: str, path: str,
                                                      labels: list[str]) -> None:
    """On a phone a summary table's row is a card: each figure after its column's name, on
    screen (the ::before label is part of what the reader sees)."""
    with recorded_page(browser, seed_url, viewport=PHONE) as (phone, _):
        phone.goto(seed_url + path)
        shown = phone.evaluate("""() => [...document.querySelectorAll(
            'table.pe-stack td[data-label]')].map(td =>
            (getComputedStyle(td, '::before').content.replace(/^"|"$/g, '') +
             td.textContent).trim())""")
        header = phone.evaluate("""() => document.querySelector('table.pe-stack thead')
            .getBoundingClientRect().width""")
    for label in labels:
        assert label in shown, (label, shown)
    assert header <= 1  # the header row is for screen readers only


def test_the_selfevaluation_form_scrolls_in_its_own_labelled_box(browser,
                                                                 selfeval_site: Path) -> None:
    with serve_dir(selfeval_site) as url, recorded_page(browser, url, viewport=PHONE) as (
            phone, _):
        seen = measure(phone, url + SELFEVAL_PAGE)
        boxes = phone.evaluate("""() => [...document.querySelectorAll(
            'section.pe-selfeval div.pe-scroll')].map(e => [e.getAttribute('role'),
            e.getAttribute('aria-label'), e.tabIndex, e.scrollWidth, e.clientWidth,
            e.getBoundingClientRect().right])""")
        hint = phone.locator("section.pe-selfeval .pe-scroll-hint")
        hint_shown = hint.is_visible() and "左右滑动" in hint.inner_text()
    assert not problems_of(SELFEVAL_PAGE, seen), problems_of(SELFEVAL_PAGE, seen)
    assert len(boxes) == 2, boxes
    for role, label, tab, _inner, _outer, right in boxes:
        assert role == "region" and label.startswith("项目支出绩效自评表：") and tab == 0
        assert right <= PHONE["width"]
    assert any(inner > outer for *_, inner, outer, _ in boxes), boxes  # the form does scroll
    assert hint_shown


@pytest.mark.parametrize("path", ["years/", "trends/", "departments/hezuojiaoliu/"])
def test_grade_counts_start_below_the_methods_on_a_phone(browser, seed_url: str,
                                                         path: str) -> None:
    """On a phone a year's card ran "评价方式（项目数） 第三方评价 1、部门评价 1  优 1" on one
    line, the grade counts read as one more method (the look at every page, issue 46): the
    methods' cell now has its own line and the first grade count starts below it."""
    with recorded_page(browser, seed_url, viewport=PHONE) as (page, record):
        page.goto(seed_url + path)
        rows = page.evaluate("""() => [...document.querySelectorAll('tr')].filter(
            r => r.querySelector('td.pe-c-method') && r.querySelector('td.pe-c-grade'))
            .map(r => [r.querySelector('td.pe-c-method').getBoundingClientRect().bottom,
                       r.querySelector('td.pe-c-grade').getBoundingClientRect().top])""")
        assert not record.errors, record.errors
    assert rows, path
    assert all(grade >= method - 0.5 for method, grade in rows), rows



def test_a_sort_arrow_stays_on_its_header_s_line(browser, seed_url: str) -> None:
    """The departments table's 项目数 and 公开年度 headers put their sort arrow on a line of its
    own at 390 px (the look at every page, issue 46): each header is now one line tall."""
    with recorded_page(browser, seed_url, viewport=PHONE) as (page, record):
        page.goto(seed_url + "departments/")
        page.wait_for_selector("table.pe-sortable th[role=columnheader]")
        heads = page.evaluate("""() => [...document.querySelectorAll(
            'table.pe-sortable thead th')].map(th => {
              const s = getComputedStyle(th);
              const inner = th.getBoundingClientRect().height - parseFloat(s.paddingTop)
                  - parseFloat(s.paddingBottom);
              return [th.textContent.trim(), Math.round(inner / parseFloat(s.lineHeight))];
            })""")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert not record.errors, record.errors
    assert [h for h, _ in heads] == ["主管部门", "项目数", "公开年度"], heads
    assert all(lines == 1 for _, lines in heads), heads
    assert wide <= PHONE["width"]
