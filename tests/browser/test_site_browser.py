"""What a reader sees of the seed site in a real browser (Debian's Chromium)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import lxml.html
import pytest
from playwright.sync_api import Page, expect

from generator.publish.pagefind import pagefind_shards
from generator.publish.pagefind_route import WORDS
from tests.browser.harness import (
    assert_no_external,
    recorded_page,
    serious_axe_violations,
    serve_dir,
)
from tests.browser.wasm_timing import slow_wasm
from tests.sitebuild import built
from tests.test_pagefind_route import ids

PAGES = ["", "years/2017/", "departments/hezuojiaoliu/2017/", "projects/2017/video-conference/",
         "trends/", "data/", "about/"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


def search(page: Page, query: str) -> list[str]:
    """Type into Material's search box the way a reader does; return the result titles."""
    toggle = page.locator('label.md-header__button[for="__search"]')
    field = page.locator("input.md-search__input")
    if toggle.is_visible():
        toggle.click()
    else:
        field.click()
    expect(field).to_be_focused()
    items = page.locator(".md-search-result__item")
    if items.count():
        # an earlier query's results: empty the box first, so that none of them is taken for
        # this query's (they are replaced only after the debounce, later under load)
        field.fill("")
        expect(items).to_have_count(0)
    field.fill(query)
    field.press("End")
    expect(items.first).to_be_visible(timeout=10_000)
    # one snapshot of every title: the list is never read item by item while it may change
    return [t.replace("\u200b", "") for t in items.all_inner_texts()]


@pytest.mark.parametrize("query, expected", [
    ("视频会议", "2017年上海市政府驻外办事处视频会议系统运维项目"),
    ("预算执行率", "预算执行率"),
    ("工商业联合会", "2018年信息化项目经费"),
])
def test_search_finds_chinese_words(browser, base_url: str, query: str, expected: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        results = search(page, query)
        assert any(expected in r for r in results), results
        assert_no_external(record.requests, base_url)


def test_search_result_opens_the_project(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url)
        search(page, "视频会议")
        page.locator(".md-search-result__item a").first.click()
        expect(page.locator("h1.pe-title")).to_have_text(
            "2017年上海市政府驻外办事处视频会议系统运维项目")


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site(browser, base_url: str, path: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert record.requests, "the page made no request at all"
        assert_no_external(record.requests, base_url)
        assert not record.errors, record.errors


def test_project_page_fits_a_phone(browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (page, _):
        page.goto(base_url + "projects/2017/cooperation-platform/")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        # the indicator tree stacks its rows inside the phone's width (issue 33): nothing to
        # scroll sideways, not even inside its wrapper; the wrapper still scrolls if need be
        wrapper = page.locator(".pe-scroll:has(table.pe-indicators)")
        assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth")
        assert wrapper.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")
        box = page.locator("table.pe-indicators").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390


def test_year_table_sorts_and_filters(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url + "years/2017/")
        scores = page.locator("#year-projects tbody tr td:nth-child(5)")
        expect(scores).to_have_count(4)
        page.locator("#year-projects thead th", has_text="评价分值").click()
        assert scores.all_inner_texts() == ["86.84", "87.12", "87.74", "88.47"]
        page.locator('input.pe-filter[data-target="year-projects"]').fill("视频会议")
        visible = page.locator("#year-projects tbody tr:visible")
        expect(visible).to_have_count(1)
        expect(visible.first).to_contain_text("视频会议系统运维项目")


# ---- search with Pagefind (the published site) ---------------------------------------------

VIDEO = "2017年上海市政府驻外办事处视频会议系统运维项目"


def test_search_finds_a_word_only_in_one_projects_rectification(browser, base_url: str) -> None:
    word = "性能评估"
    content = built("seed").content
    holders = [p for p in content.projects if any(word in t for t in p.rectification)]
    others = [p for p in content.projects if p not in holders]
    assert [p.name for p in holders] == [VIDEO]
    for project in others:  # nowhere else in the content
        assert word not in repr(project), project.id
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + "trends/")
        results = search(page, word)
        # only the project's page: its 部门公开 page repeats the 信息表 but is not indexed twice
        assert len(results) == 1 and VIDEO in results[0], results
        assert any(word in m for m in page.locator(".md-search-result__item p").all_inner_texts())
        marks = page.locator(".md-search-result__item p mark").all_inner_texts()
        assert marks and "".join(marks).replace("\u200b", "") in word * 2
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)


def test_search_keyboard_enter_opens_first_and_escape_closes(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + "about/")
        results = search(page, "视频会议")
        toggle = page.locator("#__search")
        assert toggle.is_checked()
        expect(page.locator(".md-search-result__meta")).to_contain_text(
            f"{len(results)} 个符合条件的结果")
        page.keyboard.press("Escape")
        expect(toggle).not_to_be_checked()
        page.locator("input.md-search__input").click()
        expect(toggle).to_be_checked()
        first = page.locator(".md-search-result__item h1").first.inner_text()
        page.locator("input.md-search__input").press("Enter")
        expect(page.locator("h1.pe-title")).to_have_text(first)
        expect(toggle).not_to_be_checked()
        assert not record.errors, record.errors


def test_search_after_following_links(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        page.locator(".md-tabs a", has_text="年度汇总").click()
        expect(page.locator("h1.pe-title")).to_contain_text("年度")
        page.locator("a", has_text="2017 年度").first.click()
        expect(page.locator("h1.pe-title")).to_have_text("2017 年度绩效评价结果汇总")
        results = search(page, "工商业联合会")
        assert any("2018年信息化项目经费" in r for r in results), results
        page.locator(".md-search-result__item a").filter(
            has=page.locator("h1", has_text="2018年信息化项目经费")).first.click()
        expect(page.locator("h1.pe-title")).to_have_text("2018年信息化项目经费")
        # and once more from the page the result loaded
        results = search(page, "视频会议")
        assert any(VIDEO in r for r in results), results
        assert not record.errors, record.errors
        assert_no_external(record.requests, base_url)


def test_search_shows_ten_results_then_more(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        search(page, "项目")
        meta = page.locator(".md-search-result__meta").inner_text()
        total = int(meta.split(" ")[0])
        assert total > 10, meta
        items = page.locator(".md-search-result__item")
        expect(items).to_have_count(10)
        more = page.locator("button.pe-search-more")
        expect(more).to_contain_text("显示更多")
        more.click()
        expect(items).to_have_count(min(total, 20))
        if total <= 20:
            expect(more).to_have_count(0)
        # a query with no match
        field = page.locator("input.md-search__input")
        field.fill("qzxjvw")
        expect(page.locator(".md-search-result__meta")).to_have_text("没有找到与“qzxjvw”相关的结果")
        expect(items).to_have_count(0)
        # the reset button empties the query and the results
        page.locator('.md-search__options button[type="reset"]').click()
        expect(page.locator(".md-search-result__meta")).to_have_text("键入以开始搜索")
        expect(field).to_have_value("")
        assert not record.errors, record.errors


def test_search_dialog_on_a_phone(browser, base_url: str) -> None:
    with recorded_page(browser, base_url, viewport={"width": 390, "height": 844}) as (page, rec):
        page.goto(base_url + "projects/2017/cooperation-platform/")
        expect(page.locator('label.md-header__button[for="__search"]')).to_be_visible()
        results = search(page, "预算执行率")
        assert any("2018年信息化项目经费" in r for r in results), results
        assert not rec.errors, rec.errors


def test_axe_with_search_open(browser, base_url: str) -> None:
    with recorded_page(browser, base_url) as (page, _):
        page.goto(base_url)
        search(page, "项目")
        expect(page.locator("button.pe-search-more")).to_be_visible()
        bad = serious_axe_violations(page)
        assert not bad, bad


def test_search_results_show_hostile_text_as_text(browser) -> None:
    with serve_dir(built("hostile").site_dir) as url, recorded_page(browser, url) as (page, rec):
        page.goto(url)
        results = search(page, "恶意项目名称")
        assert any("<script>alert('x')</script>恶意项目名称" in r for r in results), results
        box = page.locator(".md-search-result")
        assert box.locator("script, img, b, i").count() == 0
        search(page, "粗体单位")
        assert box.locator("script, img, b, i").count() == 0
        assert not rec.errors, rec.errors
        assert not rec.failed, rec.failed


def test_search_works_under_a_subpath(browser, tmp_path) -> None:
    # an intranet server may publish the site under a path, e.g. https://host/jixiao/
    shutil.copytree(built("seed").site_dir, tmp_path / "jixiao")
    with serve_dir(tmp_path) as url, recorded_page(browser, url) as (page, record):
        page.goto(url + "jixiao/years/2017/")
        search(page, "视频会议")
        link = page.locator(".md-search-result__item a").filter(
            has=page.locator("h1", has_text=VIDEO)).first
        assert link.get_attribute("href") == "/jixiao/projects/2017/video-conference/"
        link.click()
        expect(page.locator("h1.pe-title")).to_have_text(VIDEO)
        assert not record.errors, record.errors
        assert not [u for u in record.requests if "/pagefind/" in u and "/jixiao/" not in u]


def test_a_projects_full_name_finds_it_first(browser, base_url: str) -> None:
    names = sorted(p.name for p in built("seed").content.projects)
    with recorded_page(browser, base_url) as (page, record):
        page.goto(base_url)
        for name in names:
            search(page, name)
            # also where Pagefind's own cut of the name differs from the browser's (上海市 /
            # 上海 + 市): the query is searched as bigram words (search/bigrams.js)
            expect(page.locator(".md-search-result__item h1").first).to_have_text(name)
        assert not record.errors, record.errors


@pytest.mark.parametrize("query", ["项目", "视频会议", "工商业联合会", "预算执行率",
                                   "服务对象满意度"])
def test_a_sharded_index_finds_what_one_index_finds(browser, base_url: str, query: str) -> None:
    sharded = built("sharded").site_dir
    assert json.loads((sharded / "pagefind" / "shards.json").read_text("utf-8"))["shards"]
    found = {}
    with serve_dir(sharded) as sharded_url:
        for url in (base_url, sharded_url):
            with recorded_page(browser, url) as (page, record):
                page.goto(url + "about/")
                titles = search(page, query)
                meta = page.locator(".md-search-result__meta").inner_text()
                found[url] = (meta, sorted(titles) if len(titles) < 10 else len(titles))
                # a query of Han words only is answered without Pagefind (search/han.js),
                # which the opened dialog loads meanwhile: its requests counted once done
                page.wait_for_load_state("networkidle")
                assert not record.errors, record.errors
                assert_no_external(record.requests, url)
                shard_requests = [r for r in record.requests if "/pagefind/shard-" in r]
                assert bool(shard_requests) == (url == sharded_url)
                # one script and web worker, the primary bundle's, for every bundle; each
                # bundle searched loads its WebAssembly once (search/shards.js)
                for runtime in ("pagefind.js", "pagefind-worker.js"):
                    fetched = [r for r in record.requests if r.endswith("/" + runtime)]
                    assert fetched == [url + "pagefind/" + runtime], fetched
                wasm = [r for r in record.requests if r.endswith("/wasm.unknown.pagefind")]
                assert url + "pagefind/wasm.unknown.pagefind" in wasm, wasm
                assert len(wasm) == len(set(wasm)), wasm
    assert found[base_url] == found[sharded_url]
    assert any(ch.isdigit() for ch in found[base_url][0])


SEARCH_API = """async ([module, typed, filters]) => {
  const { pagefindLoader, words } = await import(module);
  const { bigramQuery } = await import(module.replace("shards.js", "bigrams.js"));
  const query = typed === null ? null : bigramQuery(typed); // as search/phrase.js asks
  const pf = await pagefindLoader(new URL("../", location.href))();
  const search = await pf.search(query, filters ? { filters } : {});
  const pages = await Promise.all(search.results.map((r) => r.data()));
  return { words: words(query), urls: pages.map((p) => p.url).sort() };
}"""


def holds(words: set[str], word: str) -> bool:
    """A bundle holds a query word when one of its words starts with it or, failing that,
    when it has a word the query word starts with (Pagefind's fallback, search/shards.js)."""
    return any(w.startswith(word) for w in words) or \
        any(word[:n] in words for n in range(1, len(word)))


@pytest.mark.parametrize(("query", "filters"), [
    ("视频会议", None), ("系统 运维", None), ("工商业联合会", None), ("满意度 运维", None),
    ("项目", None), ("2017", None), ("不存在的词语", None), (None, {"年度": "2018"}),
    ("项目", {"年度": "2018"}), ("项目", {"评价等级": {"any": ["优", "良"]}, "年度": "2017"}),
])
def test_a_query_loads_only_the_shards_holding_its_words(
        browser, base_url: str, query: str | None, filters: dict[str, object] | None) -> None:
    """Pagefind's API as search/shards.js gives it (the dialog searches the query's bigram
    words through it: search/phrase.js): the same pages as one index, from only the shards
    holding every word of the query that some bundle holds and pages of its filters' values
    (generator/publish/pagefind_route.py)."""
    sharded = built("sharded").site_dir
    manifest = json.loads((sharded / "pagefind" / "shards.json").read_text("utf-8"))
    bundles = ["pagefind", *(s.rstrip("/") for s in manifest["shards"])]
    listed = {b: set(json.loads((sharded / b / WORDS).read_text("utf-8"))["words"])
              for b in bundles}
    answers = {}
    with serve_dir(sharded) as sharded_url:
        for url in (base_url, sharded_url):
            with recorded_page(browser, url) as (page, record):
                # on the sharded site, the web worker as on a loaded machine: a slow compile
                # of the WebAssembly, the primary's a little late (wasm_timing.py); a query
                # only in shards trapped or found nothing so, when its Pagefind loaded the
                # WebAssembly beside the primary's (search/shards.js)
                served = slow_wasm(page) if url == sharded_url else []
                page.goto(url + "about/")
                answers[url] = page.evaluate(SEARCH_API, [
                    url + "assets/javascripts/search/shards.js", query, filters])
                assert not record.errors, record.errors
                fetched = {"/".join(r.removeprefix(url).split("/")[:2])
                           for r in record.requests if "/pagefind/shard-" in r}
                if url == base_url:
                    assert not fetched
                else:
                    # filters only, Han words only (the bigram index: search/han.js), or
                    # words no bundle holds together: no Pagefind
                    assert bool(served) == (query == "2017")
    assert answers[base_url]["urls"] == answers[sharded_url]["urls"]
    assert answers[base_url]["urls"] or query == "不存在的词语"
    words = [w.lower() for w in answers[sharded_url]["words"]]
    somewhere = [w for w in words if any(holds(listed[b], w) for b in bundles)]

    firsts = [first for first, _ in manifest["route"]]  # a chunk ends where the next begins

    def routed(word: str) -> bool:  # a word starting more chunks than MAX_ROUTE_CHUNKS: all
        return sum(1 for first, following in zip(firsts, [*firsts[1:], None], strict=True)
                   if first <= word + "\uffff" and (following is None or following > word)) <= 3
    expected = {b for b in bundles[1:] if (somewhere or not words) and
                all(holds(listed[b], w) for w in somewhere if routed(w))}
    for key, want in (filters or {}).items():  # the bundles with pages of a value
        values = [want] if isinstance(want, str) else want["any"]  # type: ignore[index]
        expected &= {bundles[i] for value in values if value in manifest["held"][key]
                     for i in ids(manifest["held"][key][value])}
    assert fetched == expected, (somewhere, fetched)
    if query in ("视频会议", "不存在的词语") or filters:
        assert len(expected) < len(bundles) - 1
    if query == "项目" and not filters:
        assert len(expected) == len(bundles) - 1


def test_a_query_in_many_shards_shows_a_first_answer_then_the_whole(browser) -> None:
    """On a site of many shards (here: the sharded seeds, 4 bundles, with search/shards.js's
    thresholds lowered to 2), the dialog first shows what the primary bundle and the newest
    shard find, or the shards of the year a query names, then the whole answer in its place."""
    sharded = built("sharded").site_dir
    manifest = json.loads((sharded / "pagefind" / "shards.json").read_text("utf-8"))
    of_2017 = ids(manifest["held"]["年度"]["2017"])
    assert len(of_2017) < len(manifest["shards"])
    bundle_of = {}  # a project page's title: its bundle's number
    for number, (_, pages) in enumerate(pagefind_shards(sharded, 10)):
        for page in pages:
            if "/projects/" in page.as_posix():
                title = lxml.html.fromstring(page.read_bytes()).xpath("//h1")[0].text_content()
                bundle_of[title.strip()] = number

    def lowered(route) -> None:  # noqa: ANN001 - Playwright's Route
        body = route.fetch().text()
        for name in ("PREVIEW_AFTER", "PREVIEW_BUNDLES"):
            assert f"const {name} = " in body
            body = re.sub(rf"const {name} = \d+;", f"const {name} = 2;", body)
        route.fulfill(body=body, content_type="text/javascript")

    with serve_dir(sharded) as url, recorded_page(browser, url) as (page, record):
        page.route("**/search/shards.js", lowered)
        page.goto(url + "about/")
        page.evaluate("""() => {
          window.__shown = [];
          const meta = document.querySelector(".md-search-result__meta");
          const list = document.querySelector(".md-search-result__list");
          new MutationObserver(() => window.__shown.push([meta.textContent,
              Array.from(list.querySelectorAll("h1")).map((h) => h.textContent)]))
            .observe(meta.parentNode, { childList: true, characterData: true, subtree: true });
        }""")
        for query, year in (("项目", None), ("2017 项目", "2017")):
            page.evaluate("window.__shown = []")
            search(page, query)
            expect(page.locator(".md-search-result__meta")).to_have_text(
                re.compile(r"^\d+ 个符合条件的结果$"))
            shown = page.evaluate("window.__shown")
            final = int(shown[-1][0].split(" ")[0])
            first = [(m, titles) for m, titles in shown
                     if m.startswith("已找到") and m.endswith("个结果，正在搜索全部索引……")]
            assert first, shown
            assert 0 < int(first[0][0].removeprefix("已找到 ").split(" ")[0]) <= final
            assert shown.index(list(first[-1])) < len(shown) - 1
            # a query naming a year (as a full name does) is first searched in the shards of
            # that year's pages, another in the newest (the last two, with the thresholds at 2)
            bundles = {bundle_of[t] for _, titles in first for t in titles if t in bundle_of}
            last = len(manifest["shards"])
            assert bundles and bundles <= (set(of_2017) if year else {last - 1, last}), first
        assert not record.errors, record.errors
