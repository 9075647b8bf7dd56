"""The search measurement (tests/bench/searchbench.py) on the seed site; no timing asserted."""

from __future__ import annotations

from tests.bench.searchbench import as_text, default_queries, measure_search, search_label
from tests.sitebuild import built


def test_measure_search_on_the_seed_site(browser) -> None:
    site = built("seed").site_dir
    queries = default_queries(site)
    names = {p.name for p in built("seed").content.projects}
    assert queries[0] == "项目" and len(queries) == 2 and queries[1] in names
    result = measure_search(site, ["视频会议", queries[1]], browser=browser)
    assert result["engine"] == "pagefind" and 0 < result["index_mib"] < 5
    for query, figures in result["queries"].items():
        assert figures["first_results_ms"] > 0, query
        assert figures["errors"] == [] and figures["external"] == [], figures
        kinds = figures["by_kind_kib"]
        # the bigram index's files for the query's Han words and the listing naming its
        # pages' fragments; no facet, no filter chunk
        assert kinds["bigram index"] > 0 and kinds["listing"] > 0 and kinds["fragments"] > 0
        assert "filters" not in kinds
        # Pagefind's wasm (loaded as the dialog opens), its index chunks only for a word
        # not Han (a project's year)
        assert kinds["wasm"] > 30
        assert ("index" in kinds) == any(ch.isdigit() for ch in query), (query, kinds)
        assert figures["requests"] >= 4
    assert any(ch.isdigit() for ch in queries[1])
    assert "视频会议" in as_text(result)


def test_measure_a_faceted_search_and_one_by_facets_only(browser) -> None:
    """项目 narrowed to 2018 and 优, and the same facets with no query: 工商联's project."""
    facets = {"年度": ["2018"], "评价等级": ["优"]}
    result = measure_search(built("seed").site_dir, facets=facets, browser=browser)
    figures = result["queries"]
    assert list(figures) == [search_label("项目", facets), search_label("", facets)] == \
        ["项目 ｜ 年度=2018，评价等级=优", "（仅筛选） ｜ 年度=2018，评价等级=优"]
    for label, f in figures.items():
        assert f["meta"] == "找到 1 个符合条件的结果" and f["shown"] == 1, label
        assert f["errors"] == [] and f["external"] == [], f
        assert f["by_kind_kib"]["filters"] > 0 and f["by_kind_kib"]["fragments"] > 0, label
    # a search by facets alone fetches no index chunk (search/listing.js), nor does one of
    # Han words only (the bigram index, search/han.js)
    assert "index" not in figures[search_label("", facets)]["by_kind_kib"]
    assert "bigram index" not in figures[search_label("", facets)]["by_kind_kib"]
    assert "index" not in figures[search_label("项目", facets)]["by_kind_kib"]
    assert figures[search_label("项目", facets)]["by_kind_kib"]["bigram index"] > 0
