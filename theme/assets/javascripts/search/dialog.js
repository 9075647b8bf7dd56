/*
 * Material's search dialog driven by Pagefind: typing runs a query (debounced), the results
 * are shown ten at a time with a "more" button, Enter opens the first result, Escape closes
 * the dialog, the arrow keys move between the field and the results, and f, s or / open it
 * (Material's shortcuts). Pagefind is loaded on the first focus of the field (shards.js).
 * The facets (facets.js) narrow or sort the query's results; with the field empty, a facet
 * or a sort alone shows the results it chooses (search(null, {filters, sort}): listing.js).
 * On a site of many shards, a query in most of them first shows what some of them find
 * ("已找到 # 个结果，正在搜索全部索引……"), then the whole answer in its place; Enter waits
 * for the whole answer.
 */
import { rankOf, renderItem } from "./results.js";
import { pageConfig } from "./page.js";
import { suggestionItems, suggestions } from "./suggest.js";

const DEBOUNCE_MS = 150;
const PAGE_SIZE = 10;

/** A search as Pagefind answers it: by filters only (query null), or sorted. */
function plainSearch(pf, query, options) {
  return pf.search(query, options).then((search) => (search && search.results) || []);
}

/**
 * Bind Material's search dialog (.md-search[data-pe-search]) to Pagefind, once.
 * pagefindLoader(root): a function loading Pagefind for the site at root (shards.js);
 * find(pf, query, options): resolves to a query's results to show, in order (pagefind-search.js);
 * attachFacets(dialog, {load, rerun}): adds the facets, returns {options()} (facets.js);
 * prepare(query): the query as the index holds its words, for routing and preloading
 * (bigrams.js).
 */
export function bindDialog(dialog, { pagefindLoader, find, attachFacets, prepare }) {
  const cut = (query) => (query && prepare ? prepare(query) : query || null);
  const toggle = document.getElementById("__search");
  const input = dialog.querySelector("input.md-search__input");
  const form = input && input.form;
  const result = dialog.querySelector(".md-search-result");
  const meta = result && result.querySelector(".md-search-result__meta");
  const list = result && result.querySelector(".md-search-result__list");
  if (!toggle || !input || !form || !meta || !list) {
    return;
  }
  const { root, text: TEXT } = pageConfig();
  const loadPagefind = pagefindLoader(root);
  // a changed facet runs the search again (typed query or none)
  const facets = attachFacets &&
    attachFacets(dialog, { load: loadPagefind, rerun: () => runNow() });

  // ---- results -------------------------------------------------------------------------

  // key: the query and facets shown (a search is run again only when either changes)
  // partial: a preview is shown (shards.js), the whole answer is still to come
  // kind: what the last result shown is (search/results.js rankOf: a heading starts each group)
  const state = { token: 0, key: "", results: [], shown: 0, openFirst: false, partial: false,
    kind: null };
  let moreButton = null;

  function setMeta(text) {
    meta.textContent = text;
  }

  function countText(count, query, approximate) {
    if (count === 0) {
      return query ? TEXT.noneFor.replace("#", query) : TEXT.none;
    }
    if (approximate) {
      return TEXT.about.replace("#", String(count));
    }
    if (count === 1) {
      return TEXT.one;
    }
    return TEXT.other.replace("#", String(count));
  }

  function removeMore() {
    if (moreButton) {
      moreButton.remove();
      moreButton = null;
    }
  }

  function updateMore() {
    const left = state.results.length - state.shown;
    if (left <= 0) {
      removeMore();
      return;
    }
    if (!moreButton) {
      moreButton = document.createElement("button");
      moreButton.type = "button";
      moreButton.className = "pe-search-more";
      moreButton.addEventListener("click", () => {
        showMore(state.token, true);
      });
      result.appendChild(moreButton);
    }
    moreButton.disabled = false;
    moreButton.textContent = TEXT.more + "（还有 " + left + " 个）";
  }

  function clearResults(text) {
    state.token += 1;
    state.key = "";
    state.results = [];
    state.shown = 0;
    state.kind = null;
    state.openFirst = false;
    state.partial = false;
    list.textContent = "";
    removeMore();
    setMeta(text);
  }

  /** Show a query's results in place of those shown (its preview's), under a new token;
   *  resolves when the first of them are on screen. */
  function render(results, text) {
    state.token += 1;
    state.results = results;
    state.shown = 0;
    state.kind = null;
    list.textContent = "";
    removeMore();
    setMeta(text);
    return showMore(state.token, false);
  }

  /** Load the data of the next PAGE_SIZE results and append them. */
  function showMore(token, focusFirstNew) {
    const slice = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    if (!slice.length) {
      return Promise.resolve();
    }
    state.shown += slice.length;
    if (moreButton) {
      moreButton.disabled = true;
    }
    return Promise.all(slice.map((r) => r.data())).then((pages) => {
      if (token !== state.token) {
        return;
      }
      let first = null;
      pages.forEach((page) => {
        if (page.peMissing) {
          return; // a broad query's page without the phrase (search/phrase.js)
        }
        const kind = rankOf(page);
        // a long answer in search/order.js's order is grouped too (grouped)
        if ((!state.results.approximate || state.results.grouped) && kind !== state.kind) {
          const heading = document.createElement("li");
          heading.className = "pe-search-group";
          heading.textContent = [TEXT.others, TEXT.wholes, TEXT.projects][kind];
          list.appendChild(heading);
          state.kind = kind;
        }
        const item = renderItem(page);
        first = first || item;
        list.appendChild(item);
      });
      updateMore();
      if (focusFirstNew && first) {
        first.querySelector("a").focus();
      }
    });
  }

  /** Under "没有找到": shorter queries that find pages, and where to browse instead. */
  function offer(token, query, options) {
    loadPagefind().then((pf) => suggestions(pf, query, options)).catch(() => [])
      .then((found) => {
        if (token === state.token) {
          list.appendChild(suggestionItems(found, root, (q) => {
            input.value = q;
            input.focus();
            runNow();
          }));
        }
      });
  }

  function openFirst() {
    const link = list.querySelector(".md-search-result__link");
    if (link) {
      link.click();
    }
  }

  function fail(token, err) {
    if (token === state.token) {
      setMeta(TEXT.failed);
      removeMore();
      state.key = ""; // Enter or a changed facet tries again
    }
    if (window.console) {
      console.warn("Pagefind search failed:", err); // eslint-disable-line no-console
    }
  }

  /** Run a query now; results of an older query that arrive late are dropped. */
  function run(query) {
    const trimmed = query.trim();
    const options = facets ? facets.options() : {};
    const faceted = Object.keys(options).length > 0;
    if (!trimmed && !faceted) {
      clearResults(TEXT.placeholder);
      return;
    }
    const key = JSON.stringify([trimmed, options]);
    if (key === state.key) {
      if (state.openFirst && list.firstChild && !state.partial) {
        state.openFirst = false;
        openFirst();
      }
      return;
    }
    const wantsFirst = state.openFirst;
    clearResults(TEXT.loading);
    state.key = key;
    state.openFirst = wantsFirst;
    const token = state.token;
    let shown = token; // the token of what this query shows (its preview's, then its own)
    // a query is cut into the index's bigram words (find); facets alone search as they are
    const search = (pf) => (trimmed ? find(pf, trimmed, options)
      : plainSearch(pf, null, options));
    // on a large site, a first answer from some of the shards (shards.js, preview), shown
    // while the whole search runs after it (a failure is the whole search's to report)
    const preview = (pf) => (pf.preview ? pf.preview(cut(trimmed), options) : null);
    loadPagefind().then((pf) => Promise.resolve(preview(pf)).then((view) => view && search(view)
      .then((results) => {
        if (token === shown && state.token === shown && results.length) {
          state.partial = true;
          render(results, TEXT.partial.replace("#", String(results.length)));
          shown = state.token;
        }
      })).catch(() => null).then(() => search(pf))).then((results) => {
      if (shown !== state.token) {
        return null; // a newer query
      }
      state.partial = false;
      const first = render(results, countText(results.length, trimmed, results.approximate));
      shown = state.token;
      if (!results.length && trimmed) {
        offer(shown, trimmed, options);
      }
      return first.then(() => {
        if (shown === state.token && state.openFirst) {
          state.openFirst = false;
          openFirst();
        }
      });
    }).catch((err) => {
      fail(shown, err);
    });
  }

  // ---- events --------------------------------------------------------------------------

  let timer = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = null;
      run(input.value);
    }, DEBOUNCE_MS);
  }

  function runNow() {
    window.clearTimeout(timer);
    timer = null;
    run(input.value);
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.click(); // as Material does: the change event reaches its listeners
    }
  }

  /** While the reader types: load Pagefind (script, wasm, metadata) and the index chunks of
   *  the words so far (in the bundles holding the facets' values), so that the debounced
   *  search finds them already fetched. */
  function warmUp(query) {
    const options = facets ? facets.options() : {};
    loadPagefind().then((pf) => (query ? pf.preload(cut(query), options) : pf.init()))
      .catch(() => null); // reported by the search itself
  }

  input.addEventListener("input", () => {
    schedule();
    if (input.value.trim()) {
      warmUp(input.value.trim());
    }
  });
  input.addEventListener("focus", () => {
    setOpen(true);
    warmUp("");
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) {
      input.focus();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
  });
  form.addEventListener("reset", () => {
    window.clearTimeout(timer);
    clearResults(TEXT.placeholder);
    window.setTimeout(() => { // the field is empty now: the facets alone, if any are set
      input.focus();
      run(input.value);
    }, 0);
  });
  // a followed result closes the dialog (its page may be this one, at another passage)
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) {
      setOpen(false);
    }
  });

  // ---- keyboard ------------------------------------------------------------------------

  function focusables() {
    const links = Array.from(list.querySelectorAll(".md-search-result__link"));
    return [input, ...links, ...(moreButton ? [moreButton] : [])];
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  window.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) {
      return;
    }
    const active = document.activeElement;
    if (!toggle.checked) {
      // Material's shortcuts for opening search: f, s, /
      if ((event.key === "f" || event.key === "s" || event.key === "/") && !typing(active)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    switch (event.key) {
      case "Enter":
        if (active === input) {
          event.preventDefault();
          state.openFirst = true;
          runNow();
        }
        break;
      case "Escape":
        event.preventDefault();
        setOpen(false);
        input.blur();
        break;
      case "ArrowDown":
      case "ArrowUp": {
        const items = focusables();
        const at = items.indexOf(active);
        if (at === -1 && active !== input) {
          return;
        }
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        items[(Math.max(0, at) + step + items.length) % items.length].focus();
        break;
      }
      default:
        break;
    }
  });

  // a module runs once the page is parsed and its parts fetched: the reader may have
  // clicked into the field, or typed, already
  if (document.activeElement === input) {
    setOpen(true);
    warmUp("");
  }
  if (input.value.trim()) {
    schedule(); // typed before, or restored by the browser
  }
}
