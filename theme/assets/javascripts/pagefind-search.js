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
 *
 * The parts are fetched when the reader first reaches for search (the field focused, the
 * header's button, or Material's shortcuts f, s, /), not with every page: most page views
 * never search, and each part is a request of its own (eleven on an intranet server
 * without HTTP/2). Until then this entry opens the dialog and keeps what is typed; the
 * dialog, bound, takes both up (search/dialog.js: a field focused or filled already).
 */
const PARTS = ["bigrams", "dialog", "facets", "phrase", "shards"];

const dialog = document.querySelector(".md-search[data-pe-search]");
const toggle = document.getElementById("__search");
const input = dialog && dialog.querySelector("input.md-search__input");
if (dialog && toggle && input && !dialog.hasAttribute("data-pe-search-ready")) {
  dialog.setAttribute("data-pe-search-ready", "");
  let started = null;
  let tries = 0;

  const typing = (el) =>
    el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  function onKey(event) {
    if (event.metaKey || event.ctrlKey || event.altKey || toggle.checked) {
      return;
    }
    if ((event.key === "f" || event.key === "s" || event.key === "/") &&
        !typing(document.activeElement)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  }

  function onFocus() {
    if (!toggle.checked) {
      toggle.click(); // as the dialog does: the change event reaches Material's listeners
    }
    start();
  }

  function onToggle() {
    if (toggle.checked && document.activeElement !== input) {
      input.focus();
    }
  }

  function start() {
    if (started) {
      return;
    }
    // a retry asks for the parts under new addresses: the browser keeps a module that
    // failed to load as failed for the page's life (Chromium: import() of the same URL
    // rejects again without a request). A part that only another part imports stays
    // failed until the page is loaded again.
    const again = tries ? `?retry=${tries}` : "";
    tries += 1;
    started = Promise.all(PARTS.map((name) => import(`./search/${name}.js${again}`)))
      .then(([bigrams, parts, facets, phrase, shards]) => {
        window.removeEventListener("keydown", onKey);
        input.removeEventListener("focus", onFocus);
        input.removeEventListener("input", start);
        toggle.removeEventListener("change", onToggle);
        parts.bindDialog(dialog, {
          pagefindLoader: shards.pagefindLoader,
          find: phrase.find,
          attachFacets: facets.attachFacets,
          prepare: bigrams.bigramQuery,
        });
      })
      .catch(() => {
        started = null; // a part that did not arrive: the next reach for search tries again
      });
  }

  window.addEventListener("keydown", onKey);
  input.addEventListener("focus", onFocus);
  input.addEventListener("input", start); // typing on after parts failed to arrive: again
  toggle.addEventListener("change", onToggle);
  if (document.activeElement === input || input.value.trim()) {
    start(); // focused or filled before this module ran (or restored by the browser)
  }
}
