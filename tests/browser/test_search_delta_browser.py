"""After an edit searched through a delta shard (generator/publish/pagefind_delta.py), the
browser answers as a clean build of the edited content does: the new name is found, the
old entries of the edited and the removed pages never show, the facet counts and a search
by filters only leave them out (search/shards.js, route.js)."""

from __future__ import annotations

import json

from tests.browser.harness import recorded_page, serve_dir
from tests.browser.test_search_shards_browser import SEARCHES, SESSION
from tests.sitebuild import DELTA_GONE, DELTA_NAME, built

VIDEO = "/projects/2017/video-conference/"
EDITED = [
    [DELTA_NAME, {}], ["经复核", {}], ["视频会议 系统", {}], ["信息化项目经费", {}],
    [None, {"filters": {"年度": "2018"}}], [None, {"filters": {"类型": "项目"}}],
    [None, {"sort": {"score": "desc"}, "filters": {"类型": "项目"}}],
]


def test_an_edit_through_the_delta_is_searched_as_a_clean_build(browser) -> None:
    delta = built("delta").site_dir
    manifest = json.loads((delta / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["shards"][-1] == "pagefind/shard-delta/" and manifest["masked"]
    seen = {}
    for kind in ("delta", "delta-clean"):
        with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, rec):
            page.goto(url + "about/")
            seen[kind] = page.evaluate(SESSION, [url, SEARCHES + EDITED])
            assert not rec.errors, rec.errors
    answers, clean = seen["delta"]["answers"], seen["delta-clean"]["answers"]
    for (query, options), got, want in zip(SEARCHES + EDITED, answers, clean, strict=True):
        if "sort" in options:
            assert got == want, (query, options)
        else:
            assert len(got) == len(set(got)), (query, got)  # no page twice
            assert sorted(got) == sorted(want), (query, options, got, want)
    found = dict(zip([q for q, _ in SEARCHES + EDITED], answers, strict=False))
    assert [u.split("#")[0] for u in found[DELTA_NAME]] == [VIDEO]  # the new name, once
    assert found["经复核"]
    # the removed project's name is on no page now: its words' pages in its shard are masked
    # (and every bigram word must be held: one held by no page is not left out, han.js)
    assert found["信息化项目经费"] == []
    gone = "/" + DELTA_GONE.removesuffix(".yml") + "/"
    assert not [u for answer in answers for u in answer if u.startswith(gone)]  # removed
    assert seen["delta"]["filters"] == seen["delta-clean"]["filters"]  # masked not counted
