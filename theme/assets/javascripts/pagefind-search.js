/*
 * Search with Pagefind in Material's search dialog (the published site; see
 * generator/publish/mkdocs.py, which loads this file as an ES module: extra_javascript
 * {path: ..., type: module}).
 *
 * Material renders its header button, overlay and dialog (partials/header.html, search.html)
 * without its data-md-component hooks, so Material's own search never starts. This entry
 * binds once a page to that dialog (each link loads its page: mkdocs.yml has no
 * navigation.instant), wiring the parts:
 *
 *   search/dialog.js   the dialog: typing, running a query, "more", keyboard
 *   search/facets.js   narrowing by 年度, 主管部门, 评价等级, 评价方式 and sorting by score,
 *                      with or without a query word
 *   search/results.js  one result in Material's markup (excerpt as text + <mark>)
 *   search/shards.js   loading Pagefind and the index shards listed in shards.json
 *   search/listing.js  a search by filters only, from each bundle's filter index
 *   search/bigrams.js  the query's Han text as the bigram words the index holds (so
 *                      index and query cut Chinese alike: upstream Pagefind issue 1237)
 *   search/phrase.js   the pages holding the query as typed, each with an excerpt of
 *                      the passage holding it
 *   search/order.js    their order: projects first, titles holding the query, the newest
 *
 * Pagefind fetches only its own files, from this site. No inline scripts, no eval, no
 * innerHTML: excerpts are rebuilt from text and <mark> nodes.
 */
import { bigramQuery } from "./search/bigrams.js";
import { bindDialog } from "./search/dialog.js";
import { attachFacets } from "./search/facets.js";
import { find } from "./search/phrase.js";
import { pagefindLoader } from "./search/shards.js";

const dialog = document.querySelector(".md-search[data-pe-search]");
if (dialog && !dialog.hasAttribute("data-pe-search-ready")) {
  dialog.setAttribute("data-pe-search-ready", "");
  bindDialog(dialog, { pagefindLoader, find, attachFacets, prepare: bigramQuery });
}
