/*
 * Loading Pagefind: the primary bundle (<site root>/pagefind/) and the shards listed in
 * pagefind/shards.json, each searched on its own and the results merged here.
 *
 * A large site's index is written in shards (generator/publish/pagefind.py, SHARD_PAGES),
 * each indexed by its own Pagefind run to bound the build's memory. shards.json also lists
 * the router (generator/publish/pagefind_route.py, read by route.js), every indexed word with
 * the bundles holding it, in chunks by word. A query's words are looked up there and the query is
 * searched only in the bundles holding every word that any bundle holds. At 98 shards a
 * project's full name then loads two or three shards, not 98; a word on every page still
 * loads them all.
 *
 * Pagefind merges bundles into one search (mergeIndex) but then searches every bundle it
 * merged, for every query: it has no option to search some of them (upstream issue 484).
 * So a query is run in a Pagefind holding exactly its bundles: one already holding only
 * some of them, with the others merged into it, or a new one (Pagefind's createInstance:
 * the same script and web worker; it downloads the WebAssembly again, 67 KiB, but runs in the
 * one the first Pagefind loaded). A first query of a page costs what it did when Pagefind's
 * script was patched to search some bundles (generator/publish/pagefind_patch.py, removed),
 * and the script is Pagefind's as shipped.
 *
 * One WebAssembly, made once: every Pagefind in the web worker (and in the page, where
 * Pagefind falls back to it) runs in one WebAssembly instance, held by pagefind.js in a
 * variable of the script (wasm-bindgen's glue: __wbg_init loads it only while that variable
 * is empty, and each Pagefind's index lives in its memory at a pointer). Two Pagefinds that
 * load it at the same time both find it empty and both instantiate it; the last one ready
 * replaces it, and the other Pagefind's pointer then points into the new, foreign memory:
 * its search traps ("memory access out of bounds", "unreachable") or finds nothing. That
 * happened when a query's first Pagefind was made while the primary one was still loading
 * (a word only in shards, searched or preloaded just after the dialog opened; more often
 * under load, where compiling the WebAssembly is slow). So no Pagefind is made until one
 * made before it holds the WebAssembly (made, below); Pagefind 1.5.2 and 1.6.0 have the same
 * glue, so this stays when upgrading.
 *
 * After an edit the pages it changed are in a delta shard, listed last, and their entries in
 * the shards they were indexed in are masked: shards.json lists those fragments and every
 * answer leaves them out (unmasked, below; generator/publish/pagefind_delta.py).
 *
 * A search by filters only is answered from the bundles' filter listings (listing.js), not
 * by Pagefind's search(null), which in 1.5.2 downloads the whole index. A query's bigram
 * words are looked up in the bigram index (han.js): Pagefind is asked for its other words.
 *
 * Pagefind leaves out a query word an index does not hold, so a shard without a rare word
 * would answer with pages holding only the other words (on the seed site in shards of 10
 * pages, 视频会议 found 4 pages instead of 1). One index would find no such page; leaving
 * out the shards that do not hold every word finds what one index finds.
 */
import { hanIndex, split } from "./han.js";
import { listing, numbers as bundleIds, textOf } from "./listing.js";
import { mergeSorted } from "./merge.js";
import { VERIFY_LIMIT } from "./order.js";
import { manifest, router } from "./route.js";

const OPTIONS = { excerptLength: 40 };
// A query in more bundles than PREVIEW_AFTER (a word on many pages of a large site) is first
// searched in PREVIEW_BUNDLES of them, the primary and the newest shards, for a first answer
// while the others load (see preview); a query naming a year (a project's full name starts
// with it: 2017年…) in the shards holding that year's pages first, up to PREVIEW_YEAR
const PREVIEW_AFTER = 8;
const PREVIEW_BUNDLES = 8;
const PREVIEW_YEAR = 12;
const YEAR = { key: "年度", word: /^(19|20)\d\d$/ };
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

/**
 * The bundles that hold pages matching a search's filters ({key: value}, {key: [values]}
 * or {key: {any: [values]}}; another form, or a key the build did not list, narrows
 * nothing), or null when there is no filter to narrow by.
 */
function filteredBundles(filters, byValue) {
  let ids = null;
  Object.entries(filters || {}).forEach(([key, want]) => {
    const values = typeof want === "string" ? [want]
      : (Array.isArray(want) ? want : (want && Array.isArray(want.any) ? want.any : null));
    if (!values || !byValue[key]) {
      return;
    }
    const some = new Set();
    values.forEach((value) => {
      if (byValue[key][value]) {
        bundleIds(byValue[key][value]).forEach((id) => some.add(id));
      }
    });
    ids = ids ? new Set([...ids].filter((id) => some.has(id))) : some;
  });
  return ids;
}

/** Pagefind over the bundles, each query in those routed to; search() as Pagefind's. */
function bundledPagefind(root, pagefind,
  { shards, route, patches, filters, held: byValue, masked }) {
  const all = [0, ...shards.map((_, i) => i + 1)];
  const paths = all.map((id) => (id ? new URL(shards[id - 1], root).pathname
    : new URL("pagefind/", root).pathname));
  const { held } = router(root, route, patches);
  const { listIn, pagesIn, projectsIn } = listing(root.pathname);
  const bigrams = hanIndex({ pagesIn, listIn });
  const merge = { ...OPTIONS, baseUrl: root.pathname };
  // Pagefinds, each searching a set of bundles: its own (the first; the primary's module is
  // the first Pagefind, of bundle 0) and those merged into it (mergeIndex). One searches
  // every bundle it holds, so a query is run in one holding only bundles it is routed to,
  // grown to them; where none is, a new one (createInstance: the same script, web worker and
  // WebAssembly). pf: a promise of the Pagefind (a new one is made once the WebAssembly is
  // loaded: made). queue: its work, one piece at a time, so that no search runs while
  // bundles another query needs are merged into it.
  const finders = [{ pf: Promise.resolve(pagefind), held: new Set([0]),
    queue: Promise.resolve() }];
  // resolves to true once a Pagefind made so far holds the WebAssembly (false while none
  // could load it), from the first Pagefind made on: the primary's first (see the module's
  // comment; a search by filters only loads no Pagefind at all)
  let loaded = null;

  /** Whether a Pagefind has its WebAssembly and index: its preload of no word waits for
   *  them (Pagefind waits for its index pointer) and reads no index chunk. */
  function ready(pf) {
    return Promise.resolve().then(() => pf.preload("")).then(() => true, () => false);
  }

  /** A new Pagefind, made by create() once one made before it holds the WebAssembly (or
   *  none could load it: then this one is the next to wait for). */
  function made(create) {
    const before = loaded || ready(pagefind); // the primary: its web worker is the one all share
    const pf = before.then(() => create());
    loaded = before.then((had) => had || pf.then(ready, () => false));
    return pf;
  }

  /** Run task(pf) in a Pagefind searching exactly the bundles ids. */
  function within(ids, task) {
    const want = new Set(ids);
    let finder = null;
    // the primary bundle can only be a Pagefind's first: mergeIndex skips a bundle whose
    // path starts the first's (pagefind/ starts pagefind/shard-1/)
    const fits = (f) => [...f.held].every((id) => want.has(id)) && f.held.has(0) === want.has(0);
    finders.forEach((f) => {
      if (fits(f) && (!finder || f.held.size > finder.held.size)) {
        finder = f;
      }
    });
    if (!finder) {
      const first = want.has(0) ? 0 : ids[0];
      finder = { pf: made(() => pagefind.createInstance({ ...merge, basePath: paths[first] })),
        held: new Set([first]), queue: Promise.resolve() };
      finders.push(finder);
    }
    const missing = ids.filter((id) => !finder.held.has(id));
    missing.forEach((id) => finder.held.add(id));
    const chosen = finder;
    const done = chosen.queue.then(() => chosen.pf)
      .then((pf) => Promise.all(missing.map((id) => pf.mergeIndex(paths[id], merge)))
        .then(() => task(pf)))
      .catch((err) => { // what it holds, or whether it works, is unknown now: a new one next
        const at = finders.indexOf(chosen);
        if (at !== -1) {
          finders.splice(at, 1);
        }
        throw err;
      });
    chosen.queue = done.catch(() => null);
    return done;
  }

  // a query's words some bundle holds, where a word is held by none but the masked entries of
  // a shard (the router leaves it out there: pagefind_delta.dead_words): Pagefind, which
  // leaves out a word its index lacks, would keep it in that shard and find only the masked
  // entries; a clean build's index lacks the word and leaves it out
  const live = new Map();

  /** The bundles to search a query in: those holding every word some bundle holds (all
   *  bundles for a search by filters only; none when no bundle holds any word) and pages
   *  of the filters' values. */
  function bundles(query, options) {
    if (!shards.length) {
      return Promise.resolve([0]);
    }
    const filtered = filteredBundles(options && options.filters, byValue);
    const parts = words(query).map((word) => word.toLowerCase());
    return Promise.all(parts.map(held)).then((sets) => {
      if (sets.length && sets.every((set) => set && !set.size)) {
        return [];
      }
      if (masked && sets.some((set) => set && !set.size)) { // see live
        live.set(query, parts.filter((_, i) => !sets[i] || sets[i].size).join(" "));
      }
      return all.filter((id) => sets.every((set) => !set || !set.size || set.has(id)) &&
        (!filtered || filtered.has(id)));
    });
  }

  /**
   * The bundles' results as one list: by score, as Pagefind's merged search orders them, or
   * under a sort in the sort's order (each bundle sorts its own; a result carries no sort
   * value, so the lists are merged by their pages' metadata: mergeSorted).
   */
  function merged(lists, options) {
    if (lists.length === 1) {
      return lists[0];
    }
    if (options.sort) {
      return mergeSorted(lists, options.sort);
    }
    return lists.flat().sort((a, b) => b.score - a.score);
  }

  /** The lists of Pagefind's results in the bundles ids, each result's data() with its
   *  page's text (peText: the build's file of it, by its bundle's listing's page number;
   *  the listings are fetched at once but waited for only by data()). */
  function withTexts(lists, ids) {
    const at = Promise.all(ids.map((id) => pagesIn(paths[id]).then(({ pages }) =>
      pages.map((page, number) => [page, [paths[id], number]]))))
      .then((all) => new Map(all.flat()), () => new Map()); // no listing: Pagefind's text
    return lists.map((list) => list.map((result) => ({
      ...result,
      data: () => Promise.all([result.data(), at.then((where) =>
        (where.has(result.id) ? textOf(...where.get(result.id)) : null))])
        .then(([data, peText]) => ({ ...data, peText }))
    })));
  }

  /** Each result marked with what its bundle's listing says of its page (pePage:
   *  {project, year}: search/order.js puts projects first, the newest first); the results
   *  as they are when a listing cannot be read. */
  function marked(results, ids) {
    return Promise.all(ids.map((id) => projectsIn(paths[id]))).then((maps) => {
      const projects = new Map(maps.flatMap((map) => [...map]));
      return results.map((result) => {
        const project = projects.get(result.id);
        return { ...result, pePage: { project: project ? project.rank : 0,
          year: project ? project.year : 0 } };
      });
    }).catch(() => results);
  }

  /** The lists' results with each page once, where there is a delta: no entry it masks,
   *  and an entry both a shard and the delta hold (a page changed back since) once. */
  function unmasked(lists) {
    if (!masked) {
      return lists;
    }
    const seen = new Set();
    return lists.map((list) => list.filter((result) => {
      const once = !masked.has(result.id) && !seen.has(result.id);
      seen.add(result.id);
      return once;
    }));
  }

  /** search(query, options) in the bundles routed to, or in those of them in only (a Set);
   *  a search by filters only (query null) from the bundles' listings (listing.js). */
  function search(query, options = {}, only = null) {
    return bundles(query, options).then((routed) => {
      const ids = only ? routed.filter((id) => only.has(id)) : routed;
      if (!ids.length) {
        return { results: [] };
      }
      // the bigram words from the bigram index (han.js), Pagefind asked for the others
      const { han } = split(query);
      const asked = han.length ? split(live.get(query) || query).rest : live.get(query) || query;
      const found = (pf) => pf.search(asked, options).then((f) => (f && f.results) || []);
      // under a sort, each bundle's list on its own (see merged); else all in one search
      const searched = (some) => (options.sort ? Promise.all(some.map((id) => within([id], found)))
        : within(some, found).then((results) => [results])).then((each) => withTexts(each, some));
      const lists = !query ? Promise.all(ids.map((id) => listIn(paths[id], options)))
        : han.length ? bigrams.lists(ids.map((id) => paths[id]), han, options,
          asked ? (some) => searched(some.map((path) => paths.indexOf(path))) : null)
          : searched(ids);
      const results = lists.then((each) => merged(unmasked(each), options));
      return (query && !options.sort
        ? results.then((found) => (found.length > VERIFY_LIMIT ? marked(found, ids) : found))
        : results)
        .then((found) => ({ results: found }));
    });
  }

  /** The bundles of a preview: the primary (if routed), and the shards of the years the
   *  query names or else the newest shards (the project pages are sharded in path order,
   *  projects/<year>/...); null when the bundles are few. */
  function previewOf(ids, query) {
    if (ids.length <= PREVIEW_AFTER) {
      return null;
    }
    const primary = ids.includes(0) ? [0] : [];
    const years = words(query).filter((word) => YEAR.word.test(word) &&
      byValue[YEAR.key] && byValue[YEAR.key][word]);
    const ofYears = new Set(years.flatMap((year) => bundleIds(byValue[YEAR.key][year])));
    const named = ids.filter((id) => id && ofYears.has(id)).slice(0, PREVIEW_YEAR);
    if (named.length) {
      return new Set([...primary, ...named]);
    }
    return new Set([...primary, ...ids.filter(Boolean).slice(primary.length - PREVIEW_BUNDLES)]);
  }

  /**
   * A first answer for a query in many bundles: resolves to null (search() is as fast), or
   * to {search(query, options)} in the preview's bundles.
   */
  function preview(query, options = {}) {
    return bundles(query, options).then((ids) => {
      const only = previewOf(ids, query);
      return only && { search: (q, o = {}) => search(q, o, only) };
    });
  }

  /** Load the routed bundles (of the query's words and the filters' values) and the
   *  query's index chunks (those of a preview first). */
  function preload(query, options = {}) {
    return bundles(query, options).then((ids) => {
      const some = previewOf(ids, query);
      const first = some ? ids.filter((id) => some.has(id)) : ids;
      const { han, rest } = split(query);
      first.forEach((id) => (han.length ? bigrams.idsIn(paths[id], han).catch(() => null) : null));
      return first.length && (rest || !han.length)
        ? within(first, (pf) => pf.preload(han.length ? rest : query, options)) : null;
    });
  }

  return {
    search: (query, options) => search(query, options),
    preview,
    // the bundles' counts, added up by the build; one bundle's from its Pagefind
    filters: () => (shards.length ? Promise.resolve(filters) : pagefind.filters()),
    preload,
    init: () => pagefind.init()
  };
}

function loadPagefind(root) {
  const imported = import(new URL("pagefind/pagefind.js", root).href);
  return Promise.all([imported, manifest(root)]).then(([pagefind, listed]) =>
    Promise.resolve(pagefind.options(OPTIONS)).then(() => bundledPagefind(root, pagefind, listed)));
}

/**
 * A function that loads Pagefind once, for the site at root (a URL ending in "/"), and
 * resolves to an object with search(query, options), filters(), preload(query) and init(),
 * and on a sharded site preview(query, options); a failed load is tried again on the next
 * call.
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
