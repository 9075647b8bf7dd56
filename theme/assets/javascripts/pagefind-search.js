/*
 * Search with Pagefind in Material's search dialog (the published site; see generator/build.py).
 *
 * Material renders its header button, overlay and dialog (partials/header.html, search.html)
 * without its data-md-component hooks, so Material's own search never starts. This script
 * binds once to that dialog (the header survives instant navigation), loads
 * <site root>/pagefind/pagefind.js on the first query, and renders Pagefind's results with
 * Material's result markup. Pagefind fetches only its own index chunks, from this site.
 * No inline scripts, no eval, no innerHTML: excerpts are rebuilt from text and <mark> nodes.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var PAGE_SIZE = 10;
  // Results whose title contains the whole query come first: Pagefind segments a Chinese
  // query in the browser (Intl.Segmenter) differently from the page text at build time, so
  // an exact project name can rank below its neighbours. Checked among all results up to
  // RERANK_LIMIT of them, else among the first RERANK_WINDOW for a query of a name's length.
  var RERANK_LIMIT = 50;
  var RERANK_WINDOW = 30;
  var RERANK_MIN_CHARS = 6;
  var NAME_MAX_CHARS = 40;
  // The looser search (searchInParts) when a query finds nothing or not the named page
  var MAX_LEAVE_ONE_OUT = 16;
  var MAX_PARTS = 4;
  var LOOSE_MAX_RESULTS = 1000;

  var dialog = document.querySelector(".md-search[data-pe-search]");
  if (!dialog || dialog.hasAttribute("data-pe-search-ready")) {
    return;
  }
  dialog.setAttribute("data-pe-search-ready", "");

  var toggle = document.getElementById("__search");
  var input = dialog.querySelector("input.md-search__input");
  var form = input && input.form;
  var result = dialog.querySelector(".md-search-result");
  var meta = result && result.querySelector(".md-search-result__meta");
  var list = result && result.querySelector(".md-search-result__list");
  if (!toggle || !input || !form || !meta || !list) {
    return;
  }

  /** Material's page configuration: the site root and the translated result texts. */
  var config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (err) {
    config = {};
  }
  var translations = config.translations || {};
  var root = new URL(typeof config.base === "string" ? config.base : ".", location.href);
  if (!/\/$/.test(root.pathname)) {
    root.pathname += "/";
  }

  function t(key, fallback) {
    return translations[key] || fallback;
  }

  var TEXT = {
    placeholder: t("search.result.placeholder", "键入以开始搜索"),
    none: t("search.result.none", "没有找到符合条件的结果"),
    one: t("search.result.one", "找到 1 个符合条件的结果"),
    other: t("search.result.other", "# 个符合条件的结果"),
    loading: "正在搜索……",
    failed: "搜索暂时不可用，请刷新页面后重试",
    more: "显示更多"
  };

  // ---- Pagefind ------------------------------------------------------------------------

  var pagefind = null;
  // Facets (pagefind-facets.js, loaded before this script): filters and sort by score
  var facets = window.peSearchFacets || null;

  function facetOptions() {
    return facets ? facets.options() : {};
  }

  /**
   * A large site's index is written in shards (generator/build.py, PAGEFIND_SHARD_PAGES),
   * each indexed by its own Pagefind run to bound the build's memory; pagefind/shards.json
   * lists the shards besides the primary one. Each shard is searched by its own copy of
   * Pagefind (its bundle's pagefind.js) and the results are merged by score.
   *
   * Pagefind leaves out a query word its index does not hold, so a shard without a rare
   * word would answer with pages holding only the other words. One index would find no such
   * page. So, for a query of several words, a shard counts only if it holds every word that
   * any shard holds (see holds).
   */
  function importBundle(folder, primary) {
    var base = new URL(folder, root);
    return import(new URL("pagefind.js", base).href).then(function (module) {
      var options = { excerptLength: 40 };
      if (!primary) {
        options.basePath = base.pathname;
        options.baseUrl = root.pathname;
      }
      return Promise.resolve(module.options(options)).then(function () {
        return module;
      });
    });
  }

  /**
   * Whether a shard's index holds a word: asked once per shard and word, then kept. The
   * search names a filter no page has, so Pagefind counts the matching pages
   * (unfilteredResultCount) without ranking them: fast even for a word on every page.
   */
  var NO_PAGE = { filters: { "pe-no-such-filter": "none" } };

  function holds(shard, word) {
    if (!Object.prototype.hasOwnProperty.call(shard.held, word)) {
      shard.held[word] = shard.module.search(word, NO_PAGE).then(function (search) {
        return Boolean(search && search.unfilteredResultCount > 0);
      });
    }
    return shard.held[word];
  }

  function shardedSearch(shards, query, options) {
    var all = words(query);
    var modules = shards.map(function (shard) {
      return shard.module;
    });
    var searches = Promise.all(modules.map(function (module) {
      return module.search(query, options);
    }));
    var held = all.length < 2 ? Promise.resolve(null) : Promise.all(shards.map(function (s) {
      return Promise.all(all.map(function (word) {
        return holds(s, word);
      }));
    }));
    return Promise.all([searches, held]).then(function (both) {
      var found = both[0];
      var wordsHeld = both[1];
      var results = [];
      var lists = [];
      found.forEach(function (search, i) {
        var complete = !wordsHeld || all.every(function (word, w) {
          return wordsHeld[i][w] || !wordsHeld.some(function (shard) {
            return shard[w];
          });
        });
        if (complete && search && search.results) {
          results = results.concat(search.results);
          lists.push(search.results);
        }
      });
      if (facets && facets.sorting(options)) { // each shard in score order: merge them
        return { results: facets.mergeSorted(lists, options) };
      }
      results.sort(function (x, y) {
        return y.score - x.score;
      });
      return { results: results };
    });
  }

  function shardedPagefind(primary) {
    return fetch(new URL("pagefind/shards.json", root).href).then(function (response) {
      if (!response.ok) {
        throw new Error("pagefind/shards.json: " + response.status);
      }
      return response.json();
    }).then(function (data) {
      var folders = (data && Array.isArray(data.shards)) ? data.shards : [];
      if (!folders.length) {
        return primary;
      }
      return Promise.all(folders.map(function (folder) {
        return importBundle(folder, false);
      })).then(function (others) {
        var modules = [primary].concat(others);
        var shards = modules.map(function (module) {
          return { module: module, held: {} };
        });
        return {
          search: function (query, options) {
            return shardedSearch(shards, query, options);
          },
          filters: function () {
            return Promise.all(modules.map(function (m) { return m.filters(); }))
              .then(function (list) { return facets ? facets.mergeFilters(list) : {}; });
          },
          preload: function (query) {
            return Promise.all(modules.map(function (m) { return m.preload(query); }));
          },
          init: function () {
            return Promise.all(modules.map(function (m) { return m.init(); }));
          }
        };
      });
    });
  }

  /** Import Pagefind once; a failed import is retried on the next query. */
  function loadPagefind() {
    if (!pagefind) {
      pagefind = importBundle("pagefind/", true).then(shardedPagefind);
      pagefind.catch(function () {
        pagefind = null;
      });
    }
    return pagefind;
  }

  // ---- rendering -----------------------------------------------------------------------

  var state = { token: 0, query: "", results: [], shown: 0, openFirst: false };
  var moreButton = null;

  function setMeta(text) {
    meta.textContent = text;
  }

  function countText(count) {
    if (count === 0) {
      return TEXT.none;
    }
    if (count === 1) {
      return TEXT.one;
    }
    return TEXT.other.replace("#", String(count));
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

  /** Pagefind's excerpt is HTML-escaped text with <mark> tags: decode it back to text. */
  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
      if (name.charAt(0) === "#") {
        var hex = name.charAt(1) === "x" || name.charAt(1) === "X";
        var code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      var lower = name.toLowerCase();
      return Object.prototype.hasOwnProperty.call(ENTITIES, lower) ? ENTITIES[lower] : all;
    });
  }

  /** Text and <mark> nodes for an excerpt; any other markup stays literal text. */
  function excerptNodes(html, target) {
    var marked = false;
    String(html || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") {
        marked = true;
      } else if (part === "</mark>") {
        marked = false;
      } else if (part) {
        var text = document.createTextNode(decode(part));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          target.appendChild(mark);
        } else {
          target.appendChild(text);
        }
      }
    });
  }

  function renderItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var excerpt = document.createElement("p");
    excerptNodes(data.excerpt, excerpt);
    article.appendChild(icon);
    article.appendChild(title);
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function removeMore() {
    if (moreButton) {
      moreButton.remove();
      moreButton = null;
    }
  }

  function updateMore() {
    var left = state.results.length - state.shown;
    if (left <= 0) {
      removeMore();
      return;
    }
    if (!moreButton) {
      moreButton = document.createElement("button");
      moreButton.type = "button";
      moreButton.className = "pe-search-more";
      moreButton.addEventListener("click", function () {
        showMore(state.token, true);
      });
      result.appendChild(moreButton);
    }
    moreButton.disabled = false;
    moreButton.textContent = TEXT.more + "（还有 " + left + " 个）";
  }

  function clearResults(text) {
    state.token += 1;
    state.query = "";
    state.results = [];
    state.shown = 0;
    state.openFirst = false;
    list.textContent = "";
    removeMore();
    setMeta(text);
  }

  function compact(text) {
    return String(text || "").replace(/\s+/g, "").toLowerCase();
  }

  /**
   * Load the first results' data; those whose title contains the whole query first.
   * Resolves to {results, hit}: hit tells whether such a title was found.
   */
  function rerank(results, query) {
    var wanted = compact(query);
    var count = 0;
    if (results.length <= RERANK_LIMIT) {
      count = results.length;
    } else if (wanted.length >= RERANK_MIN_CHARS) {
      count = RERANK_WINDOW;
    }
    if (!count) {
      return Promise.resolve({ results: results, hit: false });
    }
    return Promise.all(results.slice(0, count).map(function (r) {
      return r.data();
    })).then(function (pages) {
      var hit = false;
      var ranked = pages.map(function (page, i) {
        var inTitle = compact(page.meta && page.meta.title).indexOf(wanted) !== -1;
        var loaded = Promise.resolve(page);
        hit = hit || inTitle;
        return { order: inTitle ? i : i + count, data: function () { return loaded; } };
      });
      ranked.sort(function (a, b) { return a.order - b.order; });
      return { results: ranked.concat(results.slice(count)), hit: hit };
    });
  }

  /**
   * Pagefind's results for a query, in the order to show them. Pagefind needs every word
   * of the query on a page; when nothing is found, or a name-length query is in no title
   * of the first results, the query is also searched in parts (see searchInParts).
   */
  function find(pf, query) {
    var options = facetOptions();
    if (facets && facets.sorting(options)) { // ordered by score: as Pagefind sorts them
      return pf.search(query, options).then(function (search) {
        return (search && search.results) || [];
      });
    }
    var wanted = compact(query);
    var nameLike = wanted.length >= RERANK_MIN_CHARS && wanted.length <= NAME_MAX_CHARS;
    function inParts() {
      var all = words(query);
      var loose = function (variants) {
        return searchInParts(pf, variants, options).then(function (results) {
          return rerank(results, query);
        });
      };
      return loose(leaveOneOut(all)).then(function (dropped) {
        if (dropped.hit) {
          return dropped;
        }
        return loose(consecutiveParts(all)).then(function (parts) {
          return parts.hit || !dropped.results.length ? parts : dropped;
        });
      });
    }
    return pf.search(query, options).then(function (search) {
      var results = (search && search.results) || [];
      if (!results.length) {
        return inParts();
      }
      return rerank(results, query).then(function (ranked) {
        if (ranked.hit || !nameLike) {
          return ranked;
        }
        return inParts().then(function (other) {
          return other.hit ? other : ranked;
        });
      });
    }).then(function (ranked) {
      return ranked.results;
    });
  }

  /** Load the data of the next PAGE_SIZE results and append them. */
  function showMore(token, focusFirstNew) {
    var slice = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    if (!slice.length) {
      return Promise.resolve();
    }
    state.shown += slice.length;
    if (moreButton) {
      moreButton.disabled = true;
    }
    return Promise.all(slice.map(function (r) {
      return r.data();
    })).then(function (pages) {
      if (token !== state.token) {
        return;
      }
      var first = null;
      pages.forEach(function (page) {
        var item = renderItem(page);
        first = first || item;
        list.appendChild(item);
      });
      updateMore();
      if (focusFirstNew && first) {
        first.querySelector("a").focus();
      }
    });
  }

  function openFirst() {
    var link = list.querySelector(".md-search-result__link");
    if (link) {
      link.click();
    }
  }

  function fail(token, err) {
    if (token === state.token) {
      setMeta(TEXT.failed);
      removeMore();
    }
    if (window.console) {
      console.warn("Pagefind search failed:", err); // eslint-disable-line no-console
    }
  }

  /** The words of a query as the browser segments it (as Pagefind does for Chinese). */
  function words(query) {
    if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") {
      return query.split(/\s+/).filter(Boolean);
    }
    var out = [];
    var segmenter = new Intl.Segmenter("zh", { granularity: "word" });
    Array.prototype.forEach.call(Array.from(segmenter.segment(query)), function (part) {
      if (part.isWordLike) {
        out.push(part.segment);
      }
    });
    return out;
  }

  /**
   * Pagefind needs every word of the query on a page, and a word the browser cuts
   * differently from the build (上海市 here, 上海 + 市 there; 检查 here, 专项检查 there) can
   * exclude the very page that holds the whole phrase. Search the query once without each of
   * its words (fast: a search that keeps a rare word starts from it), or, if that does not
   * help, in MAX_PARTS consecutive parts; pages found by more of these searches come first.
   * A search that finds almost every page tells nothing and is left out.
   */
  function leaveOneOut(all) {
    if (all.length < 2 || all.length > MAX_LEAVE_ONE_OUT) {
      return [];
    }
    return all.map(function (_, skip) {
      return all.filter(function (__, i) { return i !== skip; }).join(" ");
    });
  }

  function consecutiveParts(all) {
    var parts = [];
    var size = Math.ceil(all.length / Math.min(MAX_PARTS, all.length));
    for (var i = 0; all.length > 1 && i < all.length; i += size) {
      parts.push(all.slice(i, i + size).join(" "));
    }
    return parts;
  }

  function searchInParts(pf, variants, options) {
    if (!variants.length) {
      return Promise.resolve([]);
    }
    return Promise.all(variants.map(function (variant) {
      return pf.search(variant, options);
    })).then(function (searches) {
      var found = {};
      var order = [];
      searches.forEach(function (search) {
        var results = (search && search.results) || [];
        if (results.length > LOOSE_MAX_RESULTS) {
          return;
        }
        results.forEach(function (result) {
          var seen = found[result.id];
          if (!seen) {
            found[result.id] = seen = { result: result, hits: 0, score: 0 };
            order.push(seen);
          }
          seen.hits += 1;
          seen.score = Math.max(seen.score, result.score || 0);
        });
      });
      order.sort(function (a, b) {
        return b.hits - a.hits || b.score - a.score;
      });
      return order.map(function (entry) { return entry.result; });
    });
  }

  /** Run a query now; results of an older query that arrive late are dropped. */
  function run(query) {
    var trimmed = query.trim();
    if (!trimmed) {
      clearResults(TEXT.placeholder);
      return;
    }
    if (trimmed === state.query) {
      if (state.openFirst && list.firstChild) {
        state.openFirst = false;
        openFirst();
      }
      return;
    }
    var wantsFirst = state.openFirst;
    clearResults(TEXT.loading);
    state.query = trimmed;
    state.openFirst = wantsFirst;
    var token = state.token;
    loadPagefind().then(function (pf) {
      return find(pf, trimmed);
    }).then(function (results) {
      if (token !== state.token) {
        return null;
      }
      state.results = results;
      setMeta(countText(results.length));
      return showMore(token, false).then(function () {
        if (token === state.token && state.openFirst) {
          state.openFirst = false;
          openFirst();
        }
      });
    }).catch(function (err) {
      fail(token, err);
    });
  }

  // ---- events --------------------------------------------------------------------------

  var timer = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
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
   *  the words so far, so that the debounced search finds them already fetched. */
  function warmUp(query) {
    loadPagefind().then(function (pf) {
      return query ? pf.preload(query) : pf.init();
    }).catch(function () {
      return null; // reported by the search itself
    });
  }

  input.addEventListener("input", function () {
    schedule();
    if (input.value.trim()) {
      warmUp(input.value.trim());
    }
  });
  input.addEventListener("focus", function () {
    setOpen(true);
    warmUp("");
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked && document.activeElement !== input) {
      input.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("reset", function () {
    window.clearTimeout(timer);
    clearResults(TEXT.placeholder);
    window.setTimeout(function () {
      input.focus();
    }, 0);
  });
  // a followed result closes the dialog (instant navigation keeps the header)
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) {
      setOpen(false);
    }
  });

  function focusables() {
    var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    return [input].concat(links, moreButton ? [moreButton] : []);
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) {
      return;
    }
    var active = document.activeElement;
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
      case "ArrowUp":
        var items = focusables();
        var at = items.indexOf(active);
        if (at === -1 && active !== input) {
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        items[(Math.max(0, at) + step + items.length) % items.length].focus();
        break;
      default:
        break;
    }
  });

  if (facets) { // a changed facet runs the current query again
    facets.attach({ dialog: dialog, load: loadPagefind, rerun: function () {
      state.query = "";
      runNow();
    } });
  }

  if (input.value.trim()) {
    schedule(); // the browser restored a typed query
  }
})();
