"""What a reader sees when Pagefind's WebAssembly is slow to load (search/shards.js, the
module's comment; tests/browser/wasm_timing.py): the answer one index gives, never an empty
没有找到 or 搜索暂时不可用 for a query that has results.

On a sharded site a query, or a facet, only in shards is searched in a Pagefind of its own
(createInstance). The old script made it while the primary Pagefind, started when the reader
focused the field, was still loading the WebAssembly: both loaded it, the primary's replaced
the other's, and the reader saw 没有找到 (or 搜索暂时不可用) once, the next query working. Here
the primary's WebAssembly arrives just after the shard's Pagefind asked for its own, however
fast the test types, and compiling it is slow: each test failed on the old script.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.harness import open_search, recorded_page, serve_dir
from tests.browser.wasm_timing import slow_wasm
from tests.sitebuild import built

VIDEO = "2017年上海市政府驻外办事处视频会议系统运维项目"

# every text the result line showed, in order
WATCH = """() => {
  window.__metas = [];
  const meta = document.querySelector(".md-search-result__meta");
  new MutationObserver(() => window.__metas.push(meta.textContent))
    .observe(meta, { childList: true, characterData: true, subtree: true });
}"""

# an answer, or the lack of one: not 正在搜索…… nor the placeholder
ANSWERED = re.compile(r"^(找到 1 个|约 \d+ 个|\d+ 个)符合条件的结果$|^没有找到|^搜索暂时不可用")
NO_ANSWER = ("没有找到", "搜索暂时不可用")
# the primary's WebAssembly waits for a shard's to be asked for (the old script), at most this
HOLD_MS = 4000


def answer(page: Page) -> tuple[str, list[str]]:
    """The result line once the search has answered, and the titles shown."""
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(ANSWERED, timeout=30_000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    return meta.inner_text(), [t.replace("\u200b", "") for t in titles]


def typed_at_once(page: Page, query: str) -> None:
    """Focus the field (Pagefind starts loading) and type the query straight away."""
    open_search(page)
    field = page.locator("input.md-search__input")
    expect(field).to_be_focused()
    field.fill(query)


def facet_while_searching(page: Page, query: str, year: str, slow: bool) -> None:
    """Open the facets, type a query and choose a year while its search runs (on the slowed
    site: it runs for seconds there, and only a moment on the seed site)."""
    open_search(page)
    page.locator("details.pe-search-facets > summary").click()
    select = page.locator('select[data-facet="年度"]')
    expect(select).to_be_attached()
    page.locator("input.md-search__input").fill(query)
    if slow:
        expect(page.locator(".md-search-result__meta")).to_have_text("正在搜索……")
    select.select_option(year)


# the answer (result line, titles), every result line shown on the way, the page's errors
Seen = tuple[tuple[str, list[str]], list[str], list[str]]


def seen(kind: str, browser, act) -> Seen:  # noqa: ANN001 - Playwright's Browser
    """act(page, slow) on the about page of the seed site (one index) or the sharded seeds
    (slow: the WebAssembly slow, wasm_timing.py); the answer, every result line shown and
    the page's errors."""
    with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, record):
        served = slow_wasm(page, hold_ms=HOLD_MS) if kind == "sharded" else None
        page.goto(url + "about/")
        page.evaluate(WATCH)
        act(page, served is not None)
        shown = answer(page)
        if served is not None:
            assert served  # the worker was slowed: the order was forced
            assert [r for r in record.requests if "/pagefind/shard-" in r]
        return shown, page.evaluate("window.__metas"), record.errors


def test_a_query_typed_at_once_shows_its_answer(browser) -> None:
    """The reader types 视频会议 (only in a shard) as the field opens: the project, as one
    index finds it, and never 没有找到 on the way."""
    act = lambda page, _: typed_at_once(page, "视频会议")  # noqa: E731
    one, _, errors = seen("seed", browser, act)
    assert not errors, errors
    sharded, metas, errors = seen("sharded", browser, act)
    assert VIDEO in one[1]
    assert sharded == one
    assert not [m for m in metas if m.startswith(NO_ANSWER)], metas
    assert not errors, errors


def test_a_facet_chosen_while_a_search_runs_shows_its_answer(browser) -> None:
    """The reader types 项目 and picks 年度 2018 while it is searched (pages in one shard): the
    2018 projects, as one index finds them, and never 没有找到 on the way."""
    act = lambda page, slow: facet_while_searching(page, "项目", "2018", slow)  # noqa: E731
    one, _, errors = seen("seed", browser, act)
    assert not errors, errors
    sharded, metas, errors = seen("sharded", browser, act)
    assert one[1] and all(t.startswith("2018") for t in one[1]), one
    assert sharded == one
    assert not [m for m in metas if m.startswith(NO_ANSWER)], metas
    assert not errors, errors


API = """async ([root, searches]) => {
  const { pagefindLoader } = await import(root + "assets/javascripts/search/shards.js");
  const { bigramQuery } = await import(root + "assets/javascripts/search/bigrams.js");
  const pf = await pagefindLoader(new URL(root))();
  // each query as the dialog asks Pagefind for it (search/phrase.js)
  return Promise.all(searches.map(([query, options]) => pf.search(bigramQuery(query), options)
    .then((search) => Promise.all(search.results.map((r) => r.data())))
    .then((pages) => pages.map((page) => page.url))));
}"""

# at once on one page: a sort (a Pagefind per shard, made together), a query only in shards
# (a Pagefind of its own) and one in every bundle (the primary, shards merged into it); each
# with a word not Han (20: the years), which Pagefind is asked for (the Han words are looked
# up in the bigram index, search/han.js, which loads no Pagefind)
AT_ONCE = [["项目 20", {"sort": {"score": "desc"}, "filters": {"类型": "项目"}}],
           ["视频会议 2017", {}], ["项目 20", {}]]


def test_pagefinds_made_at_once_answer_as_one_index(browser) -> None:
    """Several Pagefinds asked for at once, the WebAssembly slow (search/shards.js's API, as
    the dialog uses it): each answer is one index's, the sorted one in its order."""
    answers = {}
    for kind in ("seed", "sharded"):
        with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, rec):
            served = slow_wasm(page) if kind == "sharded" else [url]
            page.goto(url + "about/")
            answers[kind] = page.evaluate(API, [url, AT_ONCE])
            assert served
            assert not rec.errors, rec.errors
    sorted_one, *others = answers["seed"]
    assert len(sorted_one) == 6 and all(others), answers["seed"]
    assert answers["sharded"][0] == sorted_one
    assert [sorted(a) for a in answers["sharded"][1:]] == [sorted(a) for a in others]
