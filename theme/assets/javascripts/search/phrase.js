/*
 * A query's results as a reader means them: pages holding each term of the query as typed
 * (a phrase, never its characters scattered), in order.js's order (projects first, the
 * newest first); each with an excerpt of the passage holding it (not the title again).
 *
 * The query is cut into the index's bigram words (bigrams.js; upstream Pagefind issue 1237
 * is why), looked up in the bigram index (han.js; Pagefind is asked for the query's other
 * words): a page holding the phrase holds each of its bigrams, so no page is missed. A
 * page holding each bigram somewhere but not the phrase (不存在的词语: 不存, 存在, 在的 …
 * each on one page) is then dropped by reading the page's text (the build's file of it,
 * pageText: generator/publish/pagefind_han.py). Up to VERIFY_LIMIT results are read so (60
 * pages are 1–2 MB at most); beyond that the count is the index's, marked approximate, and each page is read when it is shown, one without the phrase left
 * out then (data() gives it with peMissing); such a long answer is still in order.js's
 * order when the listings tell each page's kind and year (pePage, search/shards.js).
 */
import { bigramQuery } from "./bigrams.js";
import { VERIFY_LIMIT, byReading, entry, yearOf } from "./order.js";
import { rankOf } from "./results.js";

const EXCERPT_BEFORE = 24;
const EXCERPT_AFTER = 56;
// between two characters of a term: white space within a block (not the line between two,
// as Pagefind's ". " kept a term within one), or the zero-width space Pagefind put between
// the words it cut (a bundle indexed before issue 45)
const GAP = "(?:(?!\\n)[\\s\\u200b])*";

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The terms of a query (split at spaces); each matches across white space in a page. */
export function terms(query) {
  return String(query || "").trim().split(/\s+/).filter(Boolean).map((term) => ({
    text: term,
    pattern: new RegExp(Array.from(term).map(escapeRegExp).join(GAP), "gi")
  }));
}

function compact(text) {
  return String(text || "").replace(/\s+/g, "").toLowerCase();
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A page's text as the reader sees it, each block on a line of its own: the build's file
 *  of it (peText, search/listing.js textOf), or, for a page the cut could not read and
 *  gave Pagefind whole (it has no such file), Pagefind's text of it (". " ending each
 *  block). */
export function pageText(data) {
  if (data && typeof data.peText === "string") {
    return data.peText;
  }
  return String((data && data.content) || "").replace(/\u200b?\.\s\u200b?/g, "\n");
}

/** The page's text (pageText); null when a term is not in it. */
function textHolding(data, wanted) {
  const text = pageText(data);
  return wanted.every((term) => {
    term.pattern.lastIndex = 0;
    return term.pattern.test(text);
  }) ? text : null;
}

/** How often the terms are in a page's text: the relevance of a page the bigram index found
 *  (Pagefind scores only what it is asked for: a query's words not Han, search/han.js). */
function hits(text, wanted) {
  return wanted.reduce((n, term) => n + (text.match(term.pattern) || []).length, 0);
}

// each block of a page's text (heading, paragraph, list item, cell) is a line; a block this
// long is a passage (a sentence, a problem, a goal), shorter ones are headings and labels
const BLOCK_END = /\n/g;
const PASSAGE = 16;

/** The blocks of a page's text, as [start, end] (see BLOCK_END). */
function blocks(text) {
  const out = [];
  let start = 0;
  BLOCK_END.lastIndex = 0;
  let found = BLOCK_END.exec(text);
  while (found) {
    out.push([start, found.index]);
    start = found.index + found[0].length;
    found = BLOCK_END.exec(text);
  }
  out.push([start, text.length]);
  return out;
}

/** Where the passage to show is: the first term found in a passage after the page's title
 *  (its text starts with it), else the first found after the title, else the first found;
 *  with the block holding it. */
function passage(text, wanted, title) {
  const heading = title ? new RegExp("^" + GAP + Array.from(String(title).replace(/\s+/g, ""))
    .map(escapeRegExp).join(GAP)).exec(text) : null;
  const after = heading ? heading[0].length : 0;
  const found = [];
  wanted.forEach((term) => {
    term.pattern.lastIndex = 0;
    let match = term.pattern.exec(text);
    while (match && match[0]) {
      found.push(match.index);
      match = term.pattern.exec(text);
    }
  });
  found.sort((a, b) => a - b);
  const all = blocks(text);
  const blockOf = (at) => all.find(([from, to]) => at >= from && at <= to) || [0, text.length];
  const pick = found.find((at) => at >= after && blockOf(at)[1] - blockOf(at)[0] >= PASSAGE) ??
    found.find((at) => at >= after) ?? (found.length ? found[0] : -1);
  return { at: pick, block: pick === -1 ? [0, text.length] : blockOf(pick) };
}

/** An excerpt (escaped text with <mark>, as Pagefind's): the passage holding a term, not the
 *  page's title, breadcrumbs or headings where the page holds it elsewhere (passage). */
export function excerpt(text, wanted, title) {
  const { at, block } = passage(text, wanted, title);
  const start = Math.max(0, block[0], at - EXCERPT_BEFORE);
  const end = Math.min(block[1], Math.max(at, 0) + EXCERPT_AFTER); // not into the next block
  const window = text.slice(start, end);
  const spans = [];
  wanted.forEach((term) => {
    term.pattern.lastIndex = 0;
    let found = term.pattern.exec(window);
    while (found) {
      spans.push([found.index, found.index + found[0].length]);
      found = found[0] ? term.pattern.exec(window) : null;
    }
  });
  spans.sort((a, b) => a[0] - b[0]);
  let html = start > block[0] ? "…" : "";
  let pos = 0;
  spans.forEach(([from, to]) => {
    if (from >= pos) {
      html += escapeHtml(window.slice(pos, from)) + "<mark>" + escapeHtml(window.slice(from, to)) +
        "</mark>";
      pos = to;
    }
  });
  html += escapeHtml(window.slice(pos));
  return end < block[1] ? html + "…" : html;
}

/** A result whose data() gives the page with the phrase's excerpt. */
function shown(result, data, text, wanted) {
  const page = { ...data, excerpt: excerpt(text, wanted, data && data.meta && data.meta.title) };
  return { id: result.id, score: result.score, data: () => Promise.resolve(page) };
}

/**
 * The results to show for a query narrowed by options (filters, sort): resolves to a list
 * of results, each with data() as Pagefind's; the list has approximate: true when it was
 * too long to check page by page. A sorted search keeps the sort's order.
 */
export function find(pf, query, options = {}) {
  const wanted = terms(query);
  const whole = compact(query);
  return pf.search(bigramQuery(query), options).then((search) => {
    const results = (search && search.results) || [];
    if (results.length > VERIFY_LIMIT) {
      const loose = results.map((result) => ({
        id: result.id,
        score: result.score,
        data: () => result.data().then((data) => {
          const text = pageText(data);
          return { ...data, excerpt: excerpt(text, wanted, data && data.meta && data.meta.title),
            peMissing: !textHolding(data, wanted) };
        })
      }));
      loose.approximate = true;
      // each page's kind and year known from the listings (search/order.js): in order
      if (!options.sort && results.every((result) => result.pePage)) {
        const at = new Map(results.map((r, i) => [loose[i], entry(r.pePage.project, false,
          r.pePage.year, r.score, i)]));
        loose.sort((a, b) => byReading(at.get(a), at.get(b)));
        loose.grouped = true;
      }
      return loose;
    }
    return Promise.all(results.map((r) => r.data())).then((pages) => {
      const kept = [];
      pages.forEach((data, i) => {
        const text = textHolding(data, wanted);
        if (text !== null) {
          // a sort keeps its order; else the order of search/order.js
          const inTitle = compact(data.meta && data.meta.title).indexOf(whole) !== -1;
          kept.push({ order: options.sort ? entry(false, false, 0, 0, i)
            : entry(rankOf(data), inTitle, yearOf(data), results[i].score || hits(text, wanted), i),
          result: shown(results[i], data, text, wanted) });
        }
      });
      kept.sort((a, b) => byReading(a.order, b.order));
      return kept.map((k) => k.result);
    });
  });
}
