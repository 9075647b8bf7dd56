"""A common word searched on a site of many projects (issue 46, item 7), as a reader sees it.

On a 300-project site 项目 first showed ten department pages in mixed years, their snippets
the page's title again or its breadcrumbs, and no project before 显示更多; 关于数据 answered a
project's name because it lists the names of projects to read with care. Now: every project
before any other page, the newest year first (search/order.js), each snippet the passage
holding the word (search/phrase.js), and 关于数据 found for its own subject, not for a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.publish.pipeline import build
from tests.bench.synth import write_content
from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import page_soup, tmp_dir

PROJECTS = 120  # past search/phrase.js's VERIFY_LIMIT for 项目: the long answer's order
SHARD_PAGES = 100  # the project pages in several bundles, as a large site's


@pytest.fixture(scope="module")
def site() -> Path:
    out = tmp_dir("common-word")
    site = out / "site"
    if not (site / "index.html").is_file():
        write_content(out / "content", PROJECTS)
        result = build(out / "content", out / "build", site, shard_pages=SHARD_PAGES)
        assert not result.content.errors
    return site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_dir(site) as url:
        yield url


ROWS = """items => items.map((li) => {
  const link = li.querySelector('a');
  const paragraphs = [...li.querySelectorAll('article > p')];
  const facts = li.querySelector('.pe-search-facts');
  const excerpt = paragraphs.filter((p) => p !== facts).pop();
  return { group: li.classList.contains('pe-search-group') ? li.innerText : null,
    path: link ? new URL(link.href).pathname : null,
    title: (li.querySelector('h1') || {}).innerText || null,
    facts: facts ? facts.innerText : null,
    excerpt: excerpt ? excerpt.innerText : null,
    marks: excerpt ? [...excerpt.querySelectorAll('mark')].map((m) => m.innerText) : [] };
})"""


def search(page: Page, query: str, until_other: bool = False) -> list[dict]:
    """Type a query; the rows of the list (group headings and results), after 显示更多 as
    often as needed to reach the other pages when ``until_other``."""
    field = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    field.fill("")
    expect(meta).to_have_text("键入以开始搜索")
    field.fill(query)
    expect(meta).to_have_text(re.compile(r"符合条件的结果$|^没有找到"), timeout=20_000)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    more = page.locator("button.pe-search-more")
    while until_other and more.count() and not page.locator(
            ".pe-search-group", has_text="其他页面").count():
        shown = page.locator(".md-search-result__item").count()
        more.click()
        expect(page.locator(".md-search-result__item")).not_to_have_count(shown)
    return page.locator(".md-search-result__list > li").evaluate_all(ROWS)


def year_of(path: str) -> int:
    found = re.match(r"/projects/(\d{4})/", path)
    assert found, path
    return int(found.group(1))


def test_a_common_word_shows_projects_first_newest_first(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.locator("input.md-search__input").click()
        rows = search(page, "项目", until_other=True)
        again = search(page, "项目")  # the same query again: the same first ten
        assert not record.errors, record.errors
    results = [r for r in rows if r["group"] is None]
    first_ten = results[:10]
    assert all(r["path"].startswith("/projects/") for r in first_ten), first_ten
    assert all(r["facts"] for r in first_ten)  # year, department, score: a project's line
    # every project before every other page, under its heading
    assert [r["group"] for r in rows if r["group"]] == ["项目", "其他页面"]
    kinds = [r["path"].startswith("/projects/") for r in results]
    assert kinds == sorted(kinds, reverse=True)
    projects = [r["path"] for r in results if r["path"].startswith("/projects/")]
    assert len(projects) == PROJECTS  # every project's page holds 项目
    years = [year_of(path) for path in projects]
    assert years == sorted(years, reverse=True)  # the newest first
    assert [r["path"] for r in again if r["group"] is None] == [r["path"] for r in first_ten]


def test_a_shorter_answer_read_page_by_page_is_in_the_same_order(browser, base_url: str,
                                                                  site: Path) -> None:
    """A department's name: few enough pages to be read (search/phrase.js's VERIFY_LIMIT),
    in the same order as a long answer's: its projects, the newest first, then the rest."""
    authority = page_soup(site, "about/data").select_one("#data-differing + ul a")
    project = page_soup(site, authority["href"].removeprefix("../../").rstrip("/"))
    name = project.select_one(".pe-breadcrumbs a:nth-of-type(2)").get_text(strip=True)
    department = name.split(" ")[0]  # "上海市某某局 2015 年度公开"
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.locator("input.md-search__input").click()
        rows = search(page, department)
        meta = page.locator(".md-search-result__meta").inner_text()
        assert not record.errors, record.errors
    assert not meta.startswith("约"), meta  # every page read
    results = [r["path"] for r in rows if r["group"] is None]
    projects = [path for path in results if path.startswith("/projects/")]
    assert len(projects) == 10  # a block of ten projects, one a year (tests/bench/synth.py)
    assert results[:len(projects)] == projects
    years = [year_of(path) for path in projects]
    assert years == sorted(years, reverse=True), years


def test_a_snippet_is_the_passage_that_matched(browser, base_url: str) -> None:
    """Not the title again, nor the breadcrumbs, nor the headings of what the index leaves
    out (图表, 数据下载, 引用本页)."""
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.locator("input.md-search__input").click()
        rows = [r for r in search(page, "项目") if r["group"] is None]
        assert not record.errors, record.errors
    assert len(rows) == 10
    for row in rows:
        excerpt = row["excerpt"]
        assert row["marks"] and set(row["marks"]) == {"项目"}, row
        assert row["title"] not in excerpt, row
        assert not re.search(r"年度汇总 ·|年度公开|数据下载|引用本页|评价分值的位置", excerpt), row
        # a passage: the text around the word is a sentence of the page, not a label
        assert len(excerpt.strip("…")) >= 40, row


def _listed_on_about_data(site: Path) -> list[str]:
    page = page_soup(site, "about/data")
    listed = page.select("#data-differing + ul a")
    assert listed, "no project listed on 关于数据 (the synthetic content has overspends)"
    return [a.get_text(strip=True) for a in listed]


def test_about_data_does_not_answer_for_a_project_name(browser, base_url: str,
                                                       site: Path) -> None:
    name = _listed_on_about_data(site)[0]
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.locator("input.md-search__input").click()
        for_name = [r["path"] for r in search(page, name) if r["group"] is None]
        for_subject = [r["path"] for r in search(page, "数据来源") if r["group"] is None]
        for_title = [r["path"] for r in search(page, "关于数据") if r["group"] is None]
        assert not record.errors, record.errors
    assert for_name[0].startswith("/projects/"), for_name
    assert "/about/data/" not in for_name
    assert "/about/data/" in for_subject  # its own subject still finds it
    assert for_title[0] == "/about/data/"
