"""Many queries in one page of the sharded seeds (search/shards.js): each runs in a Pagefind
holding exactly the bundles it is routed to, reused and grown from query to query, so every
answer is what one index (the seed site) gives, whatever was searched before it."""

from __future__ import annotations

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import built

SESSION = """async ([root, searches]) => {
  const { pagefindLoader } = await import(root + "assets/javascripts/search/shards.js");
  const { bigramQuery } = await import(root + "assets/javascripts/search/bigrams.js");
  const pf = await pagefindLoader(new URL(root))();
  const answers = [];
  for (const [query, options] of searches) {
    // the query as the dialog asks Pagefind for it (search/phrase.js); null: filters only
    const search = await pf.search(query === null ? null : bigramQuery(query), options);
    const pages = await Promise.all(search.results.map((r) => r.data()));
    answers.push(pages.map((p) => p.url));
  }
  return { answers, filters: await pf.filters() };
}"""

# broad, narrow, none, broad again, sorted with a word, filtered, a preview's subset after
# the whole (one word on many pages, then one on few)
SEARCHES = [
    ["项目", {}], ["视频会议", {}], ["不存在的词语", {}], ["系统 运维", {}], ["项目", {}],
    ["工商业联合会", {}], ["项目", {"sort": {"score": "desc"}, "filters": {"类型": "项目"}}],
    ["项目", {"filters": {"年度": "2018"}}], ["2017", {}], ["满意度 运维", {}], ["视频会议", {}],
]


def test_a_session_of_queries_answers_each_as_one_index_does(browser) -> None:
    answers = {}
    for kind in ("seed", "sharded"):
        with serve_dir(built(kind).site_dir) as url, recorded_page(browser, url) as (page, rec):
            page.goto(url + "about/")
            answers[kind] = page.evaluate(SESSION, [url, SEARCHES])["answers"]
            assert not rec.errors, rec.errors
    for (query, options), one, sharded in zip(SEARCHES, answers["seed"], answers["sharded"],
                                               strict=True):
        if "sort" in options:
            assert sharded == one and len(one) == 6, (query, options)
        else:
            assert sorted(sharded) == sorted(one), (query, options, sharded, one)
    assert all(answers["seed"][i] for i in (0, 1, 4, 6, 7))  # 项目, 视频会议, sorted, 2018
