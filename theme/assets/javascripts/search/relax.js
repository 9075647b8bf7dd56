/*
 * A workaround for Pagefind's Chinese query segmentation (upstream Pagefind issue 1237).
 *
 * At build time Pagefind segments the pages' Chinese text with its own dictionary; in the
 * browser it segments the query with Intl.Segmenter, which cuts words differently (上海市
 * in the query, 上海 + 市 in the index; 检查 in the query, 专项检查 in the index). Pagefind
 * needs every word of the query on a page, so a query can miss the very page that holds the
 * whole phrase, or rank an exact project name below its neighbours. So find():
 *   - puts first the results whose title contains the whole query (rerank);
 *   - when nothing is found, or a name-length query is in no title of the first results,
 *     searches the query again in parts (leave one word out, then consecutive parts).
 * The reader's facets (options: filters) narrow every one of these searches. A search by
 * filters only, or sorted by score, is not relaxed (dialog.js searches it as it is).
 *
 * DELETE THIS MODULE when, and only when, Pagefind segments a query the same way as the
 * index it searches (upstream issue 1237 fixed in the Pagefind version pinned in
 * requirements.txt). To check: in pagefind-search.js pass to bindDialog, instead of find,
 *     (pf, query, options) => pf.search(query, options)
 *       .then((search) => (search && search.results) || [])
 * and drop the import; tests/browser/test_site_browser.py must still pass, in particular
 * test_a_projects_full_name_finds_it_first (every seed project's full name finds it first,
 * 上海市 names included). Only the entry imports this module; tests/bench/bench.py's
 * PAGEFIND_SEARCHES (MAX_LEAVE_ONE_OUT) and PAGEFIND_FRAGMENTS (RERANK_LIMIT) then fall to
 * 1 search and 10 fragments per query.
 */
import { words } from "./shards.js";

// Results whose title contains the whole query come first: checked among all results up to
// RERANK_LIMIT of them, else among the first RERANK_WINDOW for a query of a name's length.
const RERANK_LIMIT = 50;
const RERANK_WINDOW = 30;
const RERANK_MIN_CHARS = 6;
const NAME_MAX_CHARS = 40;
// The looser search (searchInParts) when a query finds nothing or not the named page
const MAX_LEAVE_ONE_OUT = 16;
const MAX_PARTS = 4;
const LOOSE_MAX_RESULTS = 1000;

function compact(text) {
  return String(text || "").replace(/\s+/g, "").toLowerCase();
}

/**
 * Load the first results' data; those whose title contains the whole query first.
 * Resolves to {results, hit}: hit tells whether such a title was found.
 */
function rerank(results, query) {
  const wanted = compact(query);
  let count = 0;
  if (results.length <= RERANK_LIMIT) {
    count = results.length;
  } else if (wanted.length >= RERANK_MIN_CHARS) {
    count = RERANK_WINDOW;
  }
  if (!count) {
    return Promise.resolve({ results, hit: false });
  }
  return Promise.all(results.slice(0, count).map((r) => r.data())).then((pages) => {
    let hit = false;
    const ranked = pages.map((page, i) => {
      const inTitle = compact(page.meta && page.meta.title).indexOf(wanted) !== -1;
      const loaded = Promise.resolve(page);
      hit = hit || inTitle;
      return { order: inTitle ? i : i + count, data: () => loaded };
    });
    ranked.sort((a, b) => a.order - b.order);
    return { results: ranked.concat(results.slice(count)), hit };
  });
}

/**
 * Search the query once without each of its words (fast: a search that keeps a rare word
 * starts from it), or, if that does not help, in MAX_PARTS consecutive parts; pages found by
 * more of these searches come first. A search that finds almost every page tells nothing
 * and is left out.
 */
function leaveOneOut(all) {
  if (all.length < 2 || all.length > MAX_LEAVE_ONE_OUT) {
    return [];
  }
  return all.map((_, skip) => all.filter((__, i) => i !== skip).join(" "));
}

function consecutiveParts(all) {
  const parts = [];
  const size = Math.ceil(all.length / Math.min(MAX_PARTS, all.length));
  for (let i = 0; all.length > 1 && i < all.length; i += size) {
    parts.push(all.slice(i, i + size).join(" "));
  }
  return parts;
}

function searchInParts(pf, variants, options) {
  if (!variants.length) {
    return Promise.resolve([]);
  }
  const each = variants.map((variant) => pf.search(variant, options));
  return Promise.all(each).then((searches) => {
    const found = {};
    const order = [];
    searches.forEach((search) => {
      const results = (search && search.results) || [];
      if (results.length > LOOSE_MAX_RESULTS) {
        return;
      }
      results.forEach((result) => {
        let seen = found[result.id];
        if (!seen) {
          found[result.id] = seen = { result, hits: 0, score: 0 };
          order.push(seen);
        }
        seen.hits += 1;
        seen.score = Math.max(seen.score, result.score || 0);
      });
    });
    order.sort((a, b) => b.hits - a.hits || b.score - a.score);
    return order.map((entry) => entry.result);
  });
}

/**
 * Pagefind's results for a query (pf: see shards.js) narrowed by options.filters, in the
 * order to show them: resolves to a list of results, each with data() as Pagefind's.
 */
export function find(pf, query, options = {}) {
  const wanted = compact(query);
  const nameLike = wanted.length >= RERANK_MIN_CHARS && wanted.length <= NAME_MAX_CHARS;
  function inParts() {
    const all = words(query);
    const loose = (variants) => searchInParts(pf, variants, options)
      .then((results) => rerank(results, query));
    return loose(leaveOneOut(all)).then((dropped) => {
      if (dropped.hit) {
        return dropped;
      }
      return loose(consecutiveParts(all))
        .then((parts) => (parts.hit || !dropped.results.length ? parts : dropped));
    });
  }
  return pf.search(query, options).then((search) => {
    const results = (search && search.results) || [];
    if (!results.length) {
      return inParts();
    }
    return rerank(results, query).then((ranked) => {
      if (ranked.hit || !nameLike) {
        return ranked;
      }
      return inParts().then((other) => (other.hit ? other : ranked));
    });
  }).then((ranked) => ranked.results);
}
