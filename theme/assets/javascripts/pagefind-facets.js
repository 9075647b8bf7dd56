/*
 * Search facets for the Pagefind search dialog (the published site only): narrow results by
 * 年度, 主管部门, 评价等级 and 评价方式, and order them by 评价分值.
 *
 * Project pages carry Pagefind filters (data-pagefind-filter="年度:2018" …), a sort key and
 * a metadata field (score), see generator/site/templates/_facets.html.j2. This file only
 * defines window.peSearchFacets; pagefind-search.js calls it through a few hooks:
 *   attach({dialog, load, rerun})  add the controls (a <details> above the results)
 *   options()                      {filters, sort} for Pagefind's search()
 *   sorting(options)               whether results are ordered by score (no reranking)
 *   mergeSorted(lists, options)    shards' sorted results merged lazily into one order
 *   mergeFilters(list)             several shards' filters() counts added up
 * The filter values are fetched (pagefind.filters()) only when the reader opens the panel:
 * a search that uses no facet downloads nothing more than before. Native controls only
 * (select, checkbox), so everything works from the keyboard.
 */
(function () {
  "use strict";

  var FACETS = [
    { key: "年度", label: "年度", kind: "select", order: "desc" },
    { key: "主管部门", label: "主管部门", kind: "select", order: "asc" },
    { key: "评价等级", label: "评价等级", kind: "checkbox", order: ["优", "良", "中", "差"] },
    { key: "评价方式", label: "评价方式", kind: "checkbox", order: "asc" }
  ];
  var SORTS = [
    { value: "", label: "相关度" },
    { value: "desc", label: "评价分值从高到低" },
    { value: "asc", label: "评价分值从低到高" }
  ];
  var SORT_KEY = "score";
  // Every project page has 类型:项目; a sort asks for it too, because a shard whose pages
  // have no score (no project page) would otherwise answer unsorted, with other pages.
  var KIND = { key: "类型", value: "项目" };

  var panel = null;
  var hooks = null;
  var loaded = null;
  var controls = {}; // facet key -> select element or list of checkboxes
  var sortSelect = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function ordered(values, order) {
    if (Array.isArray(order)) {
      return values.slice().sort(function (a, b) {
        var x = order.indexOf(a);
        var y = order.indexOf(b);
        return (x === -1 ? order.length : x) - (y === -1 ? order.length : y) ||
          (a < b ? -1 : a > b ? 1 : 0);
      });
    }
    var sorted = values.slice().sort(function (a, b) {
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return order === "desc" ? sorted.reverse() : sorted;
  }

  function changed() {
    updateSummary();
    if (hooks && hooks.rerun) {
      hooks.rerun();
    }
  }

  function renderFacet(facet, counts, body) {
    var values = ordered(Object.keys(counts || {}), facet.order);
    if (!values.length) {
      return;
    }
    var id = "pe-facet-" + FACETS.indexOf(facet);
    if (facet.kind === "select") {
      var wrap = el("div", { "class": "pe-facet" });
      var label = el("label", { "for": id }, facet.label);
      var select = el("select", { id: id, "data-facet": facet.key });
      select.appendChild(el("option", { value: "" }, "全部"));
      values.forEach(function (value) {
        select.appendChild(el("option", { value: value }, value + "（" + counts[value] + "）"));
      });
      select.addEventListener("change", changed);
      wrap.appendChild(label);
      wrap.appendChild(select);
      body.appendChild(wrap);
      controls[facet.key] = select;
      return;
    }
    var group = el("fieldset", { "class": "pe-facet", "data-facet": facet.key });
    group.appendChild(el("legend", {}, facet.label));
    var boxes = [];
    values.forEach(function (value, i) {
      var box = el("input", { type: "checkbox", id: id + "-" + i, value: value });
      box.addEventListener("change", changed);
      var label = el("label", { "for": id + "-" + i }, value + "（" + counts[value] + "）");
      var item = el("span", { "class": "pe-facet-option" });
      item.appendChild(box);
      item.appendChild(label);
      group.appendChild(item);
      boxes.push(box);
    });
    body.appendChild(group);
    controls[facet.key] = boxes;
  }

  function renderSort(body) {
    var wrap = el("div", { "class": "pe-facet" });
    wrap.appendChild(el("label", { "for": "pe-facet-sort" }, "排序"));
    sortSelect = el("select", { id: "pe-facet-sort" });
    SORTS.forEach(function (sort) {
      sortSelect.appendChild(el("option", { value: sort.value }, sort.label));
    });
    sortSelect.addEventListener("change", changed);
    wrap.appendChild(sortSelect);
    body.appendChild(wrap);
  }

  var summary = null;

  function updateSummary() {
    if (!summary) {
      return;
    }
    var active = 0;
    Object.keys(controls).forEach(function (key) {
      var control = controls[key];
      if (Array.isArray(control)) {
        active += control.filter(function (box) { return box.checked; }).length ? 1 : 0;
      } else if (control.value) {
        active += 1;
      }
    });
    var sorted = sortSelect && sortSelect.value;
    summary.textContent = "筛选与排序" + (active || sorted ?
      "（" + [active ? active + " 项筛选" : "", sorted ? "按评价分值排序" : ""]
        .filter(Boolean).join("，") + "）" : "");
  }

  /** Load the filter values once, when the panel is first opened. */
  function load(body, status) {
    if (loaded) {
      return loaded;
    }
    status.textContent = "正在载入筛选项……";
    loaded = hooks.load().then(function (pf) {
      return pf.filters();
    }).then(function (filters) {
      status.textContent = "";
      FACETS.forEach(function (facet) {
        renderFacet(facet, (filters || {})[facet.key], body);
      });
      renderSort(body);
      updateSummary();
    }).catch(function () {
      loaded = null;
      status.textContent = "筛选项暂时无法载入";
    });
    return loaded;
  }

  function attach(options) {
    if (panel || !options || !options.dialog) {
      return;
    }
    hooks = options;
    var result = options.dialog.querySelector(".md-search-result");
    if (!result || !result.parentNode) {
      return;
    }
    panel = el("details", { "class": "pe-search-facets" });
    summary = el("summary", {}, "筛选与排序");
    var body = el("div", { "class": "pe-facet-body" });
    var status = el("p", { "class": "pe-facet-status", "aria-live": "polite" });
    panel.appendChild(summary);
    panel.appendChild(status);
    panel.appendChild(body);
    panel.addEventListener("toggle", function () {
      if (panel.open) {
        load(body, status);
      }
    });
    result.parentNode.insertBefore(panel, result);
  }

  /** {filters, sort} for pagefind.search(); {} while no facet is set. */
  function options() {
    var filters = {};
    var count = 0;
    Object.keys(controls).forEach(function (key) {
      var control = controls[key];
      if (Array.isArray(control)) {
        var values = control.filter(function (box) {
          return box.checked;
        }).map(function (box) {
          return box.value;
        });
        if (values.length) {
          filters[key] = { any: values };
          count += 1;
        }
      } else if (control.value) {
        filters[key] = control.value;
        count += 1;
      }
    });
    var out = {};
    if (count) {
      out.filters = filters;
    }
    if (sortSelect && sortSelect.value) {
      out.sort = {};
      out.sort[SORT_KEY] = sortSelect.value;
      out.filters = out.filters || {};
      out.filters[KIND.key] = KIND.value;
    }
    return out;
  }

  function sorting(opts) {
    return Boolean(opts && opts.sort && opts.sort[SORT_KEY]);
  }

  /**
   * Several shards' results, each already in score order, as one list in score order. The
   * order needs each result's score (its metadata), so results are loaded only as far as
   * they are shown: the first k results need at most k + (shards − 1) fragments.
   */
  function mergeSorted(lists, opts) {
    var desc = opts.sort[SORT_KEY] === "desc";
    var total = lists.reduce(function (n, list) { return n + list.length; }, 0);
    var pos = lists.map(function () { return 0; });
    var heads = lists.map(function () { return null; });
    var merged = [];
    var chain = Promise.resolve();

    function head(i) {
      if (!heads[i]) {
        heads[i] = lists[i][pos[i]].data();
      }
      return heads[i];
    }

    function value(data) {
      var v = parseFloat(data && data.meta && data.meta[SORT_KEY]);
      return isNaN(v) ? (desc ? -Infinity : Infinity) : v;
    }

    function step() {
      var live = [];
      lists.forEach(function (list, i) {
        if (pos[i] < list.length) {
          live.push(i);
        }
      });
      return Promise.all(live.map(head)).then(function (datas) {
        var best = -1;
        var bestValue = 0;
        datas.forEach(function (data, k) {
          var v = value(data);
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

    function upTo(n) {
      chain = chain.then(function loop() {
        if (merged.length > n || merged.length >= total) {
          return null;
        }
        return step().then(loop);
      });
      return chain;
    }

    var out = [];
    for (var k = 0; k < total; k += 1) {
      out.push(lazy(k));
    }

    function lazy(k) {
      return {
        id: null,
        score: 0,
        data: function () {
          return upTo(k).then(function () {
            return merged[k];
          });
        }
      };
    }

    return out;
  }

  function mergeFilters(list) {
    var out = {};
    list.forEach(function (filters) {
      Object.keys(filters || {}).forEach(function (key) {
        out[key] = out[key] || {};
        Object.keys(filters[key]).forEach(function (value) {
          out[key][value] = (out[key][value] || 0) + filters[key][value];
        });
      });
    });
    return out;
  }

  window.peSearchFacets = {
    attach: attach,
    options: options,
    sorting: sorting,
    mergeSorted: mergeSorted,
    mergeFilters: mergeFilters
  };
})();
