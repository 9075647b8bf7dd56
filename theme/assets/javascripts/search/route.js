/*
 * The router of a sharded index: pagefind/shards.json (the shards, the router's chunks, the
 * facets' counts) and, per query word, the bundles holding it (shards.js searches only
 * those). Written by generator/publish/pagefind_route.py.
 *
 * A query word matches the index words it starts; where no index word starts with it,
 * Pagefind matches the longest index word that it starts with (分 for 分析). The router
 * does the same over all bundles (see held): a bundle holding only such a shorter word
 * counts as holding the query word.
 *
 * After an edit the chunks are those of the shards as they were indexed (the base): a chunk
 * whose range holds a word the edit changed has a patch (in the delta shard's folder,
 * generator/publish/pagefind_reroute.py), each changed word with the bundles it is now in
 * besides the chunk's and those it no longer is in, read with the chunk.
 */
import { numbers as bundleIds } from "./listing.js";

// A query word so short that the index words it starts fill more router chunks than this
// is taken to be in every bundle (one character: 项 starts ~1% of the words)
const MAX_ROUTE_CHUNKS = 3;

export function fetchJson(url) {
  return fetch(url).then((response) => {
    if (!response.ok) {
      throw new Error(url + ": " + response.status);
    }
    return response.json();
  });
}

/**
 * pagefind/shards.json: the other shards' folders (site-relative, e.g. "pagefind/shard-1/"),
 * the router's chunks ([first word, file], in word order), the facets' counts, the bundles
 * holding each filter value's pages and the masked entries: the fragments of pages an edit
 * changed or removed since their shard was indexed (the changed pages are in the delta shard,
 * generator/publish/pagefind_delta.py), left out of every answer.
 */
export function manifest(root) {
  return fetchJson(new URL("pagefind/shards.json", root).href).then((data) => ({
    shards: (data && Array.isArray(data.shards)) ? data.shards : [],
    route: (data && Array.isArray(data.route)) ? data.route : [],
    filters: (data && data.filters) || {},
    held: (data && data.held) || {},
    masked: (data && Array.isArray(data.masked)) ? new Set(data.masked) : null,
    patches: (data && Array.isArray(data.patches)) ? data.patches : []
  }));
}

/**
 * The router: held(word) resolves to the set of bundles holding a word, an empty set when
 * none does, or null when it is not known (a word too short: every bundle).
 */
export function router(root, listed, patches = []) {
  const files = {};
  const known = {};
  // a chunk holds the words from its first up to the next chunk's first
  const chunks = listed.map(([first, file], i) =>
    ({ first, next: i + 1 < listed.length ? listed[i + 1][0] : null, file,
      patch: patches[i] || "" }));
  const before = (chunk, word) => chunk.next === null || word < chunk.next;

  /** A file of the router (a chunk, or a patch), fetched once. */
  function file(path) {
    if (!files[path]) {
      files[path] = fetchJson(new URL("pagefind/" + path, root).href);
      files[path].catch(() => {
        delete files[path]; // tried again by the next query
      });
    }
    return files[path];
  }

  /** A chunk's words, each with its bundles (a Set), its patch applied (a patch's file may
   *  hold the patches of the chunks beside it: the words of this one's range). */
  function chunk(c) {
    if (c.held) {
      return c.held;
    }
    c.held = Promise.all([file("route/" + c.file), c.patch ? file(c.patch) : []])
      .then(([list, changes]) => {
        const routed = new Map(list.map(([word, spec]) => [word, bundleIds(spec)]));
        changes.filter(([word]) => c.first <= word && before(c, word))
          .forEach(([word, added, removed]) => {
            const ids = new Set([...(routed.get(word) || []), ...bundleIds(added)]);
            bundleIds(removed).forEach((id) => ids.delete(id));
            routed.set(word, ids);
          });
        return routed;
      });
    c.held.catch(() => {
      c.held = null; // tried again by the next query
    });
    return c.held;
  }

  function collect(over, matches) {
    return Promise.all(over.map(chunk)).then((maps) => {
      const ids = new Set();
      maps.forEach((routed) => routed.forEach((some, word) => {
        if (matches(word)) {
          some.forEach((id) => ids.add(id));
        }
      }));
      return ids;
    });
  }

  /** The bundles of the longest index words the word starts with (Pagefind's fallback). */
  function shorter(word) {
    const chars = Array.from(word);
    const prefixes = Array.from(new Set(chars.slice(1).map((_, n) =>
      chars.slice(0, n + 1).join(""))));
    const over = chunks.filter((c) => prefixes.some((p) => c.first <= p && before(c, p)));
    return collect(over, (w) => prefixes.includes(w));
  }

  function held(word) {
    if (!Object.prototype.hasOwnProperty.call(known, word)) {
      const end = word + "\uffff";
      const over = chunks.filter((c) => c.first <= end && (c.next === null || c.next > word));
      known[word] = over.length > MAX_ROUTE_CHUNKS ? Promise.resolve(null)
        : collect(over, (w) => w.startsWith(word))
          .then((ids) => (ids.size ? ids : shorter(word)));
      known[word].catch(() => {
        delete known[word];
      });
    }
    return known[word];
  }

  return { held };
}
