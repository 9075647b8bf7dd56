/*
 * A search by filters only (the facets with no query word: every 2018 project graded 优, in
 * score order), answered from each bundle's filter index without Pagefind's search.
 *
 * Pagefind 1.5.2's search(null, {filters}) asks its index for the empty word, which every
 * index chunk matches: it downloaded the whole index (25.9 MiB of 62 MiB at 10,000
 * projects) for a search that reads no word. Upstream fixed it in 1.6.0 (Pagefind pull
 * request 1317), which PyPI's pagefind_bin_extended does not have. So the build writes each
 * bundle's filter index as JSON beside Pagefind's (filter/pe-listing.json, written by
 * generator/publish/pagefind_route.py from the bundle's metadata and filter chunks): its
 * pages (each page's fragment, in Pagefind's page order), the pages of each filter value (as
 * ranges) and the pages in each sort's order. A listing reads that file of each bundle holding pages of
 * the filters' values and the fragments of the results shown, and no index chunk.
 *
 * When the pinned Pagefind includes that fix, search(null, options) in each bundle gives the
 * same answer and this module can go (tests/browser/test_searchbench.py measures it).
 */
import { pageText } from "./phrase.js";

const LISTING = "filter/pe-listing.json";
const MAGIC = "pagefind_dcd"; // Pagefind's files: gzip(MAGIC + content), or MAGIC + content
const EXCERPT_CHARS = 60;
const PROJECT = "项目"; // the 类型 of a project's page (templates/_facets.html.j2)
const WHOLE = "部门整体"; // and of a 部门整体 result's page, listed after the projects

function fetchOk(url) {
  return fetch(url).then((response) => {
    if (!response.ok) {
      throw new Error(url + ": " + response.status);
    }
    return response;
  });
}

/** A Pagefind file's content: the bytes after its signature, ungzipped first if need be. */
function content(bytes) {
  const decoder = new TextDecoder("utf-8");
  if (decoder.decode(bytes.slice(0, MAGIC.length)) === MAGIC) {
    return Promise.resolve(bytes.slice(MAGIC.length));
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer().then((raw) => content(new Uint8Array(raw)));
}

/** "0-3,7" as [0, 1, 2, 3, 7] (pagefind_route.py, bundle_set); "" as []. */
export function numbers(spec) {
  const out = [];
  String(spec || "").split(",").filter(Boolean).forEach((part) => {
    const [from, to] = part.split("-").map(Number);
    for (let n = from; n <= (to === undefined ? from : to); n += 1) {
      out.push(n);
    }
  });
  return out;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The text of a bundle's page (by its page number) as the reader sees it, each block a
 *  line (pe-text/<number>.txt, generator/publish/pagefind_han.py); null where there is
 *  none (search/phrase.js then reads the fragment's). */
export function textOf(bundle, number) {
  return fetchOk(bundle + "pe-text/" + number + ".txt").then((response) => response.text())
    .catch(() => null);
}

/**
 * A page's data as Pagefind's result.data() gives it (url under the site's root, meta,
 * filters, content, and peText: its text), with the start of its text as the excerpt (no
 * word to show it around).
 */
function fragment(bundle, hash, baseUrl, number) {
  return Promise.all([fetchOk(bundle + "fragment/" + hash + ".pf_fragment")
    .then((response) => response.arrayBuffer())
    .then((raw) => content(new Uint8Array(raw))), textOf(bundle, number)])
    .then(([body, peText]) => {
      const data = { ...JSON.parse(new TextDecoder("utf-8").decode(body)), peText };
      const text = pageText(data).replace(/\u200b/g, "");
      const url = /^(https?:)?\/\//.test(data.url) ? data.url
        : (baseUrl + "/" + data.url).replace(/\/+/g, "/");
      const cut = Array.from(text.replace(/\s+/g, " ").trim());
      const excerpt = escapeHtml(cut.slice(0, EXCERPT_CHARS).join("")) +
        (cut.length > EXCERPT_CHARS ? "…" : "");
      return { ...data, url, raw_url: data.url, content: text, excerpt };
    });
}

/**
 * The pages of one filter: {key: value}, {key: [values]} (all of them), {key: {any: [...]}},
 * {key: {all: [...]}} or {key: {none: [...]}}, as Pagefind reads them; null when it names
 * no values (it narrows nothing).
 */
function pagesOf(byValue, want, count) {
  const of = (value) => new Set(numbers(byValue && byValue[value]));
  const every = (values) => values.map(of).reduce((a, b) => new Set([...a].filter((p) => b.has(p))));
  if (typeof want === "string") {
    return of(want);
  }
  if (Array.isArray(want)) {
    return want.length ? every(want) : null;
  }
  if (want && Array.isArray(want.any)) {
    return new Set(want.any.flatMap((value) => [...of(value)]));
  }
  if (want && Array.isArray(want.all) && want.all.length) {
    return every(want.all);
  }
  if (want && Array.isArray(want.none)) {
    const out = new Set(want.none.flatMap((value) => [...of(value)]));
    return new Set(Array.from({ length: count }, (_, p) => p).filter((p) => !out.has(p)));
  }
  return null;
}

/**
 * The listing of the bundles at root: listIn(bundle, options) resolves to the results, in
 * the bundle's order (its sort's, or its pages'), of the bundle's pages matching
 * options.filters. bundle: the bundle's path ("/pagefind/shard-3/"); baseUrl: the site's
 * path ("/" or "/jixiao/"), which the pages' URLs are under.
 */
export function listing(baseUrl) {
  const files = {};

  function load(bundle) {
    if (!files[bundle]) {
      files[bundle] = fetchOk(bundle + LISTING).then((response) => response.json());
      files[bundle].catch(() => {
        delete files[bundle]; // tried again by the next search
      });
    }
    return files[bundle];
  }

  /** The bundle's pages (each page's id by Pagefind's page number) and the buckets of its
   *  bigram index (han.js). */
  function pagesIn(bundle) {
    return load(bundle).then(({ prefix, pages: names, han }) => ({
      pages: names ? names.split(" ").map((name) => (prefix || "") + name) : [],
      han: new Set(String(han || "").split(" ").filter(Boolean))
    }));
  }

  /** The results (see listing) of the pages matching options.filters, and of those in only
   *  (a Set of page numbers, where given). */
  function listIn(bundle, options = {}, only = null) {
    return load(bundle).then(({ prefix, pages: names, filters, sorts }) => {
      const pages = names ? names.split(" ").map((name) => (prefix || "") + name) : [];
      let kept = null;
      Object.entries(options.filters || {}).forEach(([key, want]) => {
        const some = pagesOf((filters || {})[key], want, pages.length);
        if (some) {
          kept = kept ? new Set([...kept].filter((p) => some.has(p))) : some;
        }
      });
      const all = Array.from({ length: pages.length }, (_, p) => p);
      let order = all;
      const [sortKey, direction] = Object.entries(options.sort || {})[0] || [];
      if (sortKey) {
        const sorted = ((sorts || {})[sortKey] || []).slice();
        if (direction === "desc") {
          sorted.reverse();
        }
        const listed = new Set(sorted);
        order = sorted.concat(all.filter((p) => !listed.has(p))); // no value: last
      }
      return order.filter((p) => (!kept || kept.has(p)) && (!only || only.has(p))).map((p) => ({
        id: pages[p],
        score: 0,
        data: () => fragment(bundle, pages[p], baseUrl, p)
      }));
    });
  }

  /**
   * What the bundle's listing tells of its pages without their fragments: a Map of each
   * project or 部门整体 page's id (its fragment, as Pagefind's results give it) to {year,
   * rank: 2 a project, 1 a 部门整体 result}, for putting
   * a long answer's projects first, the newest first (search/order.js). Pages not in it are
   * the other pages (a bundle of those has no filters: an empty listing).
   */
  function projectsIn(bundle) {
    return load(bundle).then(({ prefix, pages: names, filters }) => {
      const pages = names ? names.split(" ").map((name) => (prefix || "") + name) : [];
      const { 类型: kinds = {}, 年度: years = {} } = filters || {};
      const out = new Map([...numbers(kinds[WHOLE]).map((p) => [pages[p], { year: 0, rank: 1 }]),
        ...numbers(kinds[PROJECT]).map((p) => [pages[p], { year: 0, rank: 2 }])]);
      Object.entries(years).forEach(([year, spec]) => {
        numbers(spec).forEach((p) => {
          if (out.has(pages[p])) {
            out.get(pages[p]).year = Number(year) || 0;
          }
        });
      });
      return out;
    });
  }

  return { listIn, pagesIn, projectsIn };
}
