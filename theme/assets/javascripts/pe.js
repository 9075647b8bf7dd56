/*
 * Page behaviour for the performance-evaluation site: sortable tables, table filters, charts,
 * the citation's address and copy button.
 * Runs on every page view: Material's `document$` emits once a page is loaded (and again
 * after each page swapped in place, were mkdocs.yml's navigation.instant turned on; it is off:
 * see there); without Material it falls back to DOMContentLoaded. No inline scripts, no eval.
 */
(function () {
  "use strict";

  /** Live ECharts instances, disposed when their element leaves the page. */
  var charts = [];

  /** (a) Make every `table.pe-sortable` sortable by clicking its header cells. */
  function initSortables(root) {
    if (typeof Tablesort === "undefined") {
      return;
    }
    root.querySelectorAll("table.pe-sortable").forEach(function (table) {
      if (table.hasAttribute("data-pe-sortable-ready")) {
        return;
      }
      table.setAttribute("data-pe-sortable-ready", "");
      new Tablesort(table); // eslint-disable-line no-new
    });
  }

  /** Show only the body rows of `table` whose text contains `query` (case-insensitive). */
  function applyFilter(input, table) {
    var query = input.value.trim().toLowerCase();
    var total = 0;
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (row) {
        var match = query === "" || row.textContent.toLowerCase().indexOf(query) !== -1;
        row.hidden = !match;
        total += 1;
        if (match) {
          shown += 1;
        }
      });
    });
    var id = table.id;
    document.querySelectorAll("[data-count-for]").forEach(function (counter) {
      if (counter.getAttribute("data-count-for") !== id) {
        return;
      }
      counter.setAttribute("data-shown", String(shown));
      counter.setAttribute("data-total", String(total));
      counter.textContent = "显示 " + shown + " / " + total + " 项";
    });
  }

  /** (b) Wire every `input.pe-filter[data-target=ID]` to the table with that id. */
  function initFilters(root) {
    root.querySelectorAll("input.pe-filter[data-target]").forEach(function (input) {
      if (input.hasAttribute("data-pe-filter-ready")) {
        return;
      }
      var table = document.getElementById(input.getAttribute("data-target"));
      if (!table || table.tagName !== "TABLE") {
        return;
      }
      input.setAttribute("data-pe-filter-ready", "");
      input.addEventListener("input", function () {
        applyFilter(input, table);
      });
      applyFilter(input, table); // the browser may have restored a typed value
    });
  }

  /** Dispose instances whose element is no longer in the document (after navigation). */
  function pruneCharts() {
    charts = charts.filter(function (chart) {
      if (chart.isDisposed()) {
        return false;
      }
      if (!document.documentElement.contains(chart.getDom())) {
        chart.dispose();
        return false;
      }
      return true;
    });
  }

  /** (c) Render every `div.pe-chart[data-chart]` from its JSON option, as SVG. */
  function initCharts(root) {
    if (typeof echarts === "undefined") {
      return;
    }
    pruneCharts();
    root.querySelectorAll("div.pe-chart[data-chart]").forEach(function (el) {
      var existing = echarts.getInstanceByDom(el);
      if (existing) {
        existing.dispose();
        charts = charts.filter(function (chart) {
          return chart !== existing;
        });
      }
      var option;
      try {
        option = JSON.parse(el.getAttribute("data-chart"));
      } catch (err) {
        console.error("pe.js: invalid data-chart JSON", el, err);
        return;
      }
      el.peOption = option;
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.on("finished", function () { scalable(el); });
      draw(chart, true);
      charts.push(chart);
    });
  }

  /** The drawing scales with its box (a viewBox of the size it was drawn at): paper is laid
   *  out at its own width, often before any script can draw again (pe-print.css). */
  function scalable(el) {
    var svg = el.querySelector("svg");
    if (svg && svg.getAttribute("width")) {
      svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " +
                       svg.getAttribute("height"));
    }
  }

  /** Draw `chart` fitted to its element's width (pe-chart-fit.js): labels that fit a phone,
   *  rows tall enough, small multiples in as many columns as fit; again when the width changes. */
  function draw(chart, first) {
    var el = chart.getDom();
    var width = el.clientWidth;
    if (!first && width === el.peWidth) {
      chart.resize();
      return;
    }
    el.peWidth = width;
    if (typeof window.peChartFit !== "function" || !width) {
      chart.setOption(el.peOption, true);
      chart.resize();
      return;
    }
    var fitted = window.peChartFit(el.peOption, width);
    el.style.height = "";
    el.style.minHeight = "";
    if (!el.clientHeight) {
      // on paper a chart's box takes its drawing's height (pe-print.css); one drawn for the
      // first time there (it was in a closed fold) has none yet: the print height
      el.style.minHeight = "90mm";
    }
    if (fitted.exact || fitted.height > el.clientHeight) {
      el.style.height = fitted.height + "px";
    }
    chart.resize();
    chart.setOption(fitted.option, true);
  }

  /** Redraw at the current width; on paper only a chart never drawn (a drawn one is scaled
   *  by pe-print.css: redrawn while the paper is laid out, it may print empty). */
  function resizeCharts() {
    pruneCharts();
    var paper = window.matchMedia && window.matchMedia("print").matches;
    charts.forEach(function (chart) {
      if (!paper || !chart.getDom().peWidth) {
        draw(chart, false);
      }
    });
  }

  var resizePending = false;
  function scheduleResize() {
    if (resizePending) {
      return;
    }
    resizePending = true;
    window.requestAnimationFrame(function () {
      resizePending = false;
      resizeCharts();
    });
  }

  /** Folders whose pages are not in the navigation, and the folder of the tab they belong
   *  under: a project belongs to its year's summary, a problems page to 整改与问题. */
  var SECTION_OF = {projects: "years", problems: "rectification"};

  /** The path of `url` without a trailing index.html (offline builds link to it). */
  function folderOf(url) {
    return new URL(url, location.href).pathname.replace(/index\.html$/, "");
  }

  /** (d) Mark the top menu's section on pages the navigation does not list (a year's, a
   *  department's, a project's): Material marks a tab only for the pages it lists. The tab
   *  whose folder is the longest prefix of this page's folder is the section. */
  function markSection() {
    var tabs = document.querySelectorAll(".md-tabs__item");
    if (!tabs.length || document.querySelector(".md-tabs__item--active")) {
      return;
    }
    var root = folderOf(tabs[0].querySelector("a").href);  // the home page's tab
    var here = folderOf(location.href);
    if (here.indexOf(root) !== 0) {
      return;
    }
    var parts = here.slice(root.length).split("/");
    if (SECTION_OF[parts[0]]) {
      parts[0] = SECTION_OF[parts[0]];
    }
    here = root + parts.join("/");
    var best = null;
    var length = root.length;
    Array.prototype.forEach.call(tabs, function (tab) {
      var folder = folderOf(tab.querySelector("a").href);
      if (folder.length > length && here.indexOf(folder) === 0) {
        best = tab;
        length = folder.length;
      }
    });
    if (best) {
      best.classList.add("md-tabs__item--active");
    }
  }

  function selectNode(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /** Copy with the Clipboard API; where it is missing (plain http), select and copy. */
  function copyText(text, node) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      selectNode(node);
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (err) {
        done = false;
      }
      if (done) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  /** (e) The citation on a project page (`.pe-cite`): its address made absolute from the
   *  browser's location when the site has no base_url, and a copy button (text only, with
   *  textContent). */
  function initCite(root) {
    root.querySelectorAll("[data-pe-cite-relative]").forEach(function (el) {
      try {
        var url = new URL(el.getAttribute("data-pe-cite-relative"), window.location.href);
        url.hash = "";
        url.search = "";
        el.textContent = url.href;
      } catch (err) {
        return;  // keep the site-relative address
      }
      el.removeAttribute("data-pe-cite-relative");
    });
    root.querySelectorAll("button[data-pe-copy]").forEach(function (button) {
      if (button.hasAttribute("data-pe-copy-ready")) {
        return;
      }
      var target = document.getElementById(button.getAttribute("data-pe-copy"));
      if (!target) {
        return;
      }
      button.setAttribute("data-pe-copy-ready", "");
      var status = button.parentNode.querySelector(".pe-cite__status");
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.textContent.replace(/\s+/g, " ").trim();
        copyText(text, target).then(function () {
          button.setAttribute("data-copied", text);
          if (status) {
            status.textContent = "已复制到剪贴板";
          }
        }, function () {
          selectNode(target);
          if (status) {
            status.textContent = "无法自动复制：引用已选中，请按 Ctrl+C 复制";
          }
        });
      });
    });
  }

  /** The parts run on each page view, one after the other: each on its own, so one that
   *  fails (a library missing or refusing a table) leaves the others working. */
  var PARTS = [initSortables, initFilters, initCharts, markSection, initCite];

  /** The one start-up of the site's page behaviour (the citation's was a second script
   *  with a second start-up walking the same page). */
  function init() {
    PARTS.forEach(function (part) {
      try {
        part(document);
      } catch (err) {
        console.error("pe.js:", part.name, err);
      }
    });
  }

  window.addEventListener("resize", scheduleResize);
  // A chart inside a closed <details> is drawn at zero width: redraw it when opened.
  document.addEventListener("toggle", scheduleResize, true);
  // A printed page shows what the screen folds away (the charts, the standing), with the
  // charts at their fixed print size; afterwards the folds close again.
  var openedForPrint = [];
  function printing(on) {
    if (on) {
      openedForPrint = Array.prototype.filter.call(
        document.querySelectorAll("details.pe-more:not([open])"),
        function (d) { d.open = true; return true; });
    } else {
      openedForPrint.forEach(function (d) { d.open = false; });
      openedForPrint = [];
      resizeCharts();
      return;
    }
    // A drawn chart is not drawn again for paper: pe-print.css scales its drawing to the
    // column, and a chart redrawn while the paper is laid out may print empty. Only one never
    // drawn (in a fold that was closed) is drawn now.
    pruneCharts();
    charts.forEach(function (chart) {
      if (!chart.getDom().peWidth) {
        draw(chart, false);
      }
    });
  }
  window.addEventListener("beforeprint", function () { printing(true); });
  window.addEventListener("afterprint", function () { printing(false); });
  if (window.matchMedia) {
    var printQuery = window.matchMedia("print");
    if (printQuery.addEventListener) {
      printQuery.addEventListener("change", function (e) { printing(e.matches); });
    }
  }

  if (typeof document$ !== "undefined" && typeof document$.subscribe === "function") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
