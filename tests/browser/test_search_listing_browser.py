"""A search by filters only (search/listing.js) answers what Pagefind's own search(null) does,
from the bundles' listings (generator/publish/pagefind_route.py, LISTING) and no index chunk.

Pagefind 1.5.2's search(null, {filters, sort}) gives the right pages but downloads every
index chunk; the site's listing must give the same pages, in the same order under a sort,
on one bundle and on the sharded seeds, under a subpath too (an intranet's /jixiao/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.harness import assert_no_external, recorded_page, serve_dir
from tests.sitebuild import built

LISTED = """async ([root, filters, sort, ours]) => {
  const urls = (search) => Promise.all(search.results.map((r) => r.data().then((d) => d.url)));
  const options = sort ? { filters, sort } : { filters };
  if (ours) {
    const { pagefindLoader } = await import(root + "assets/javascripts/search/shards.js");
    return urls(await (await pagefindLoader(new URL(root))()).search(null, options));
  }
  const pagefind = await import(root + "pagefind/pagefind.js");  // its own, as shipped
  return urls(await pagefind.search(null, options));
}"""

SEARCHES = [
    ({"年度": "2018"}, None), ({"年度": "2017", "评价等级": {"any": ["优", "良"]}}, None),
    ({"评价方式": {"any": ["未注明"]}}, None), ({"主管部门": "上海市工商业联合会"}, None),
    ({"评价等级": "差"}, None), ({"类型": "项目"}, {"score": "desc"}),
    ({"类型": "项目", "年度": "2017"}, {"score": "asc"}),
]


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_a_listing_by_filters_is_pagefinds_answer_without_an_index_chunk(
        browser, kind: str, tmp_path: Path) -> None:
    """Ours on the seed site or the sharded seeds; Pagefind's on the seed site (one index)."""
    shutil.copytree(built(kind).site_dir, tmp_path / "jixiao")
    shutil.copytree(built("seed").site_dir, tmp_path / "one")
    with serve_dir(tmp_path) as url, recorded_page(browser, url) as (page, record):
        page.goto(url + "jixiao/about/")
        ours = [page.evaluate(LISTED, [url + "jixiao/", filters, sort, True])
                for filters, sort in SEARCHES]
        # no index chunk, and no Pagefind search at all: its listings and the pages' fragments
        assert not [r for r in record.requests if "/index/" in r or r.endswith(".pagefind")]
        assert [r for r in record.requests if r.endswith("/filter/pe-listing.json")]
        page.goto(url + "one/about/")
        theirs = [page.evaluate(LISTED, [url + "one/", filters, sort, False])
                  for filters, sort in SEARCHES]
        assert [r for r in record.requests if "/index/" in r]  # Pagefind 1.5.2's: all of them
        assert not record.errors, record.errors
        assert_no_external(record.requests, url)
    for (filters, sort), mine, pagefinds in zip(SEARCHES, ours, theirs, strict=True):
        assert all(u.startswith("/jixiao/projects/") for u in mine), mine
        pagefinds = [u.replace("/one/", "/jixiao/", 1) for u in pagefinds]
        if sort:
            assert mine == pagefinds and len(mine) > 1, (filters, mine, pagefinds)
        else:
            assert sorted(mine) == sorted(pagefinds), (filters, mine, pagefinds)
    assert [len(mine) for mine in ours] == [2, 4, 2, 1, 0, 6, 4]
