/*
 * Loading Pagefind: the primary bundle (<site root>/pagefind/) and the shards listed in
 * pagefind/shards.json, searched together as one index.
 *
 * A large site's index is written in shards (generator/build/pagefind.py, SHARD_PAGES),
 * each indexed by its own Pagefind run to bound the build's memory. The primary bundle's
 * Pagefind (one script, one web worker, one WebAssembly module) merges the others
 * (mergeIndex: only their metadata and, per query, their index and filter chunks are
 * fetched), and names each page's shard in a filter of its own (mergeFilter, SHARD).
 * Pagefind's merged filters() adds the shards' counts up; its merged search() does not keep
 * a sort (see sortedSearch).
 *
 * Pagefind leaves out a query word an index does not hold, so a shard without a rare word
 * would answer with pages holding only the other words (on the seed site in shards of 10
 * pages, 视频会议 found 4 pages instead of 1). One index would find no such page. So, for a
 * query of several words, a shard counts only if it holds every word that any shard holds
 * (see holds); when a shard does not, the query is searched again in the shards that do.
 *
 * Known gap: when no word of an index starts with a query word, Pagefind matches the longest
 * word of the index that the query word starts with (分 for 分析), if that word's chunk is
 * loaded. A shard so matching counts as holding the word, so a sharded site can still find a
 * few pages more or fewer than one index would: 16 of 257 random substrings of the pages'
 * text on a 3,000-project site with 2 shards (报告: 1,667 pages instead of 3, the other shard
 * matching 报). Both the old one-Pagefind-per-shard loading and this one behave so.
 */

/** The synthetic filter naming each page's shard: "0" the primary, "1"... the others. */
const SHARD = "pe-shard";
const OPTIONS = { excerptLength: 40 };

/** The words of a query as the browser segments it (as Pagefind does for Chinese). */
export function words(query) {
  if (!query) {
    return []; // a search by filters only (query null)
  }
  if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") {
    return query.split(/\s+/).filter(Boolean);
  }
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  return Array.from(segmenter.segment(query))
    .filter((part) => part.isWordLike)
    .map((part) => part.segment);
}

/** The other shards' folders (site-relative, e.g. "pagefind/shard-1/"). */
function shardFolders(root) {
  return fetch(new URL("pagefind/shards.json", root).href).then((response) => {
    if (!response.ok) {
      throw new Error("pagefind/shards.json: " + response.status);
    }
    return response.json();
  }).then((data) => ((data && Array.isArray(data.shards)) ? data.shards : []));
}

/** Search options narrowed to some shards (ids), keeping the reader's filters and sort. */
function inShards(options, ids) {
  return { ...options, filters: { ...(options.filters || {}), [SHARD]: { any: ids } } };
}

/**
 * Several lists, each in the order of a sort by one attribute, as one list in that order.
 * Results carry no sort value, so each is compared by its page's metadata of the same name
 * (the project pages give the sort key as metadata too: templates/_facets.html.j2). The
 * lists are merged lazily, as far as results are shown: the first k results load at most
 * k + (lists − 1) fragments.
 */
function mergeSorted(lists, sort) {
  const key = Object.keys(sort)[0];
  const desc = sort[key] === "desc";
  const total = lists.reduce((n, list) => n + list.length, 0);
  const pos = lists.map(() => 0);
  const heads = lists.map(() => null);
  const merged = [];
  let chain = Promise.resolve();

  function head(i) {
    heads[i] = heads[i] || lists[i][pos[i]].data();
    return heads[i];
  }

  function value(data) { // a page without the value comes last either way
    const v = parseFloat(data && data.meta && data.meta[key]);
    return Number.isNaN(v) ? (desc ? -Infinity : Infinity) : v;
  }

  function step() {
    const live = lists.map((list, i) => i).filter((i) => pos[i] < lists[i].length);
    return Promise.all(live.map(head)).then((datas) => {
      let best = -1;
      let bestValue = 0;
      datas.forEach((data, k) => {
        const v = value(data);
        if (best === -1 || (desc ? v > bestValue : v < bestValue)) {
          best = live[k];
          bestValue = v;
        }
      });
      merged.push(heads[best]);
      heads[best] = null;
      pos[best] += 1;
    });
  }

  function upTo(k) {
    chain = chain.then(function more() {
      return merged.length > k ? null : step().then(more);
    });
    return chain;
  }

  return Array.from({ length: total }, (_, k) => ({
    id: null,
    score: 0,
    data: () => upTo(k).then(() => merged[k])
  }));
}

/** Pagefind with the shards merged into it; search() as Pagefind's, shard-aware. */
function mergedPagefind(root, pagefind, folders) {
  const ids = [0, ...folders.map((_, i) => i + 1)].map(String);
  const held = {};

  /**
   * Which shards hold a word: asked once per word, then kept. The search names a shard no
   * page is in, so Pagefind counts each shard's matching pages (totalFilters) without
   * ranking them: fast even for a word on every page.
   */
  function holds(word) {
    if (!Object.prototype.hasOwnProperty.call(held, word)) {
      held[word] = pagefind.search(word, { filters: { [SHARD]: "none" } }).then((search) => {
        const counts = (search && search.totalFilters && search.totalFilters[SHARD]) || {};
        return ids.map((id) => counts[id] > 0);
      });
    }
    return held[word];
  }

  /** The shards that hold every word of the query some shard holds (all for one word). */
  function completeShards(query) {
    const all = words(query);
    if (all.length < 2) {
      return Promise.resolve(ids);
    }
    return Promise.all(all.map(holds)).then((perWord) => ids.filter((id, s) =>
      perWord.every((shards) => shards[s] || !shards.some(Boolean))));
  }

  /**
   * A sorted search. Each shard's Pagefind sorts its own results, but the merged search()
   * orders them all by score again, which under a sort is only each result's place in its
   * shard (3, 2, 1, 0 in one shard, 1, 0 in the next). So each shard is searched on its own
   * (its SHARD filter) and the sorted lists are merged.
   */
  function sortedSearch(query, options, shards) {
    if (shards.length < 2) { // one shard's order is Pagefind's
      return shards.length ? pagefind.search(query, inShards(options, shards))
        : Promise.resolve({ results: [] });
    }
    return Promise.all(shards.map((id) => pagefind.search(query, inShards(options, [id]))))
      .then((found) => ({
        results: mergeSorted(found.map((search) => (search && search.results) || []),
          options.sort)
      }));
  }

  function search(query, options = {}) {
    if (options.sort) {
      return completeShards(query).then((shards) => sortedSearch(query, options, shards));
    }
    const everywhere = pagefind.search(query, options);
    return Promise.all([everywhere, completeShards(query)]).then(([found, shards]) => {
      if (shards.length === ids.length) {
        return found;
      }
      if (!shards.length) {
        return { results: [] };
      }
      return pagefind.search(query, inShards(options, shards));
    });
  }

  return Promise.all(folders.map((folder, i) => pagefind.mergeIndex(
    new URL(folder, root).pathname,
    { ...OPTIONS, baseUrl: root.pathname, mergeFilter: { [SHARD]: ids[i + 1] } }
  ))).then(() => ({
    search,
    filters: () => pagefind.filters(), // the shards' counts added up, by Pagefind
    preload: (query) => pagefind.preload(query),
    init: () => pagefind.init()
  }));
}

function loadPagefind(root) {
  const imported = import(new URL("pagefind/pagefind.js", root).href);
  return Promise.all([imported, shardFolders(root)]).then(([pagefind, folders]) => {
    if (!folders.length) {
      return Promise.resolve(pagefind.options(OPTIONS)).then(() => pagefind);
    }
    return Promise.resolve(pagefind.options({ ...OPTIONS, mergeFilter: { [SHARD]: "0" } }))
      .then(() => mergedPagefind(root, pagefind, folders))
      .catch((err) => {
        pagefind.destroy(); // the next try merges the shards anew
        throw err;
      });
  });
}

/**
 * A function that loads Pagefind once, for the site at root (a URL ending in "/"), and
 * resolves to an object with search(query, options), filters(), preload(query) and init();
 * a failed load is tried again on the next call.
 */
export function pagefindLoader(root) {
  let pagefind = null;
  return function load() {
    if (!pagefind) {
      pagefind = loadPagefind(root);
      pagefind.catch(() => {
        pagefind = null;
      });
    }
    return pagefind;
  };
}
