"""The search measurement (generator/searchbench.py) on the seed site; no timing asserted."""

from __future__ import annotations

from tests.bench.searchbench import as_text, default_queries, measure_search
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
        # Pagefind's script, wasm, metadata and the chunks for the query
        assert figures["by_kind_kib"]["wasm"] > 30 and figures["by_kind_kib"]["index"] > 0
        assert figures["requests"] >= 5
    assert "视频会议" in as_text(result)
