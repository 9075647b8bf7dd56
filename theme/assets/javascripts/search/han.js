/*
 * The bigram index (issue 45, item 3; written by generator/publish/pagefind_han.py): each
 * bundle's Han bigram words, each with the pages holding it, beside Pagefind's index and not
 * in it (Pagefind spent half its build on them and a query used none of what it kept of
 * them). A query's bigram words (bigrams.js) are looked up here and Pagefind is asked only
 * for its other words, or not at all (search/shards.js).
 *
 * A bundle's words are in files by the low byte of their first character (pe-han/<bucket>.json:
 * {word: pages as ranges}), so a one-character query (the first half of the words starting
 * with it) reads one file and takes every page of those words and of its lone word. The
 * page numbers are Pagefind's for the bundle; its listing (listing.js, pagesIn) names each
 * page's fragment, the id Pagefind's results carry.
 */
import { numbers } from "./listing.js";
import { fetchJson } from "./route.js";

// a bigram word (zh + two characters' code points spelt a-p), a lone word (one and "z")
// or a one-character query (zh + one): bigrams.js
const HAN_WORD = /^zh[a-p]{4}(?:[a-p]{4}|z)?$/;
const PREFIX_LENGTH = 6;

/** Whether a word of the query Pagefind is given is one of the bigram index's. */
export function isHan(word) {
  return HAN_WORD.test(word);
}

/** The bucket of a word: the last two letters of its first character (pagefind_han.py). */
function bucketOf(word) {
  return word.slice(4, 6);
}

// a word Pagefind indexes has a letter or a digit: punctuation alone ("(" of "系统(运维)")
// matches no page, and Pagefind answered "( )" with none
const WORDLIKE = /[\p{L}\p{N}]/u;

/** A query as Pagefind is given it, split: its bigram index words (han) and the others
 *  Pagefind is asked for (rest, a string: empty when there is none). */
export function split(query) {
  const all = String(query || "").split(/\s+/).filter(Boolean);
  return { han: all.filter(isHan),
    rest: all.filter((word) => !isHan(word) && WORDLIKE.test(word)).join(" ") };
}

/**
 * The bigram index of the bundles, with their listings (listing.js: pagesIn(bundle) gives
 * {pages: each page's id by number, han: the buckets the bundle has}, listIn(bundle,
 * options, only) the results of its pages): idsIn(bundle, words) resolves to the pages of
 * the bundle holding every word ({numbers: Set, ids: Set}), a one-character word any word
 * starting with it; lists(...) to the results of a query with such words.
 */
export function hanIndex({ pagesIn, listIn }) {
  const files = {};

  function file(bundle, name) {
    const key = bundle + "pe-han/" + name + ".json";
    if (!files[key]) {
      files[key] = fetchJson(key);
      files[key].catch(() => {
        delete files[key]; // tried again by the next search
      });
    }
    return files[key];
  }

  function pagesOf(bundle, held, word) {
    const name = bucketOf(word);
    if (!held.has(name)) {
      return Promise.resolve(new Set());
    }
    return file(bundle, name).then((entries) => {
      if (word.length > PREFIX_LENGTH) {
        return new Set(numbers(entries[word]));
      }
      const out = new Set();
      Object.keys(entries).forEach((other) => {
        if (other.startsWith(word)) {
          numbers(entries[other]).forEach((p) => out.add(p));
        }
      });
      return out;
    });
  }

  function idsIn(bundle, words) {
    return pagesIn(bundle).then(({ pages, han }) =>
      Promise.all(words.map((word) => pagesOf(bundle, han, word))).then((sets) => {
        const kept = sets.reduce((a, b) => new Set([...a].filter((p) => b.has(p))));
        return { numbers: kept, ids: new Set([...kept].map((p) => pages[p])) };
      }));
  }

  /**
   * The lists of results (one a bundle, or one for all) of a query's bigram words (han) in
   * the bundles (their paths): each bundle's pages holding them, matching options.filters,
   * in its listing's order (sorted as options.sort asks; score 0), or, where the query has
   * other words, searchOthers(bundles)'s lists (Pagefind's search for those words in those
   * bundles) less the pages not holding them.
   */
  function lists(paths, han, options, searchOthers) {
    return Promise.all(paths.map((path) => idsIn(path, han))).then((held) => {
      const some = paths.filter((_, k) => held[k].numbers.size);
      if (!searchOthers) {
        return Promise.all(paths.map((path, k) => (held[k].numbers.size
          ? listIn(path, options, held[k].numbers) : [])));
      }
      const ids = new Set(held.flatMap((h) => [...h.ids]));
      return (some.length ? searchOthers(some) : Promise.resolve([]))
        .then((each) => each.map((list) => list.filter((result) => ids.has(result.id))));
    });
  }

  return { idsIn, lists };
}
