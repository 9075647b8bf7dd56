/*
 * Search facets in the dialog: narrow results by 年度, 主管部门, 评价等级, 评价方式 and (on a site
 * that publishes 部门整体支出绩效评价 results) 评价对象, and
 * order them by 评价分值; with no query word, the facets alone choose the results (a search
 * by filters only, e.g. every 2018 project graded 优, in score order).
 *
 * Project pages carry Pagefind filters (data-pagefind-filter="年度:2018" …), a sort key and
 * a metadata field of the same name (score), see generator/site/templates/_facets.html.j2.
 * attachFacets adds the controls (a <details> above the results) and returns options(),
 * the {filters, sort} for Pagefind's search(). The filter values are fetched
 * (pagefind.filters(); on a sharded site the counts the build added up, in shards.json)
 * only when the reader opens the panel: a search that uses no facet downloads nothing more.
 * Native controls only (select, checkbox), so everything works from the keyboard.
 */

const FACETS = [
  { key: "年度", label: "年度", kind: "select", order: "desc" },
  { key: "主管部门", label: "主管部门", kind: "select", order: "asc" },
  { key: "评价等级", label: "评价等级", kind: "checkbox", order: ["优", "良", "中", "差"] },
  { key: "评价方式", label: "评价方式", kind: "checkbox", order: "asc" },
  // 评价对象 is the pages' 类型 filter: 项目, or 部门整体 (a department's whole budget,
  // templates/whole.md.j2). Shown only when the site has 部门整体 results.
  { key: "类型", label: "评价对象", kind: "checkbox", order: ["项目", "部门整体"], onlyWith: "部门整体" }
];
const SORTS = [
  { value: "", label: "相关度" },
  { value: "desc", label: "评价分值从高到低" },
  { value: "asc", label: "评价分值从低到高" }
];
const SORT_KEY = "score";
// Every project page has 类型:项目; a sort asks for it too, because pages without a score
// (all but the project and 部门整体 pages) would otherwise come with the sorted ones. A reader
// who chose 评价对象 sorts what was chosen; otherwise projects only, as scores of the two
// kinds are never ranked together.
const KIND = { key: "类型", value: "项目" };

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, value));
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function ordered(values, order) {
  if (Array.isArray(order)) {
    const rank = (v) => (order.indexOf(v) === -1 ? order.length : order.indexOf(v));
    return values.slice().sort((a, b) => rank(a) - rank(b) || byText(a, b));
  }
  const sorted = values.slice().sort(byText);
  return order === "desc" ? sorted.reverse() : sorted;
}

/**
 * Add the facet panel to the dialog (.md-search[data-pe-search]). load(): resolves to
 * Pagefind (shards.js); rerun(): runs the current search again after a change. Returns
 * {options()}, or null when the dialog has no result area.
 */
export function attachFacets(dialog, { load, rerun }) {
  const result = dialog.querySelector(".md-search-result");
  if (!result || !result.parentNode) {
    return null;
  }
  const controls = {}; // facet key -> select element or list of checkboxes
  let sortSelect = null;
  let loaded = null;

  const panel = el("details", { class: "pe-search-facets" });
  const summary = el("summary", {}, "筛选与排序");
  const body = el("div", { class: "pe-facet-body" });
  const status = el("p", { class: "pe-facet-status", "aria-live": "polite" });
  panel.append(summary, status, body);
  result.parentNode.insertBefore(panel, result);

  function checked(boxes) {
    return boxes.filter((box) => box.checked).map((box) => box.value);
  }

  function updateSummary() {
    const active = Object.values(controls).filter((control) =>
      (Array.isArray(control) ? checked(control).length : control.value)).length;
    const sorted = sortSelect && sortSelect.value;
    const parts = [active ? active + " 项筛选" : "", sorted ? "按评价分值排序" : ""];
    summary.textContent = "筛选与排序" +
      (active || sorted ? "（" + parts.filter(Boolean).join("，") + "）" : "");
  }

  function changed() {
    updateSummary();
    rerun();
  }

  function renderFacet(facet, counts) {
    const values = ordered(Object.keys(counts || {}), facet.order);
    if (!values.length || (facet.onlyWith && !(counts || {})[facet.onlyWith])) {
      return;
    }
    const id = "pe-facet-" + FACETS.indexOf(facet);
    if (facet.kind === "select") {
      const wrap = el("div", { class: "pe-facet" });
      const select = el("select", { id, "data-facet": facet.key });
      select.appendChild(el("option", { value: "" }, "全部"));
      values.forEach((value) => {
        select.appendChild(el("option", { value }, value + "（" + counts[value] + "）"));
      });
      select.addEventListener("change", changed);
      wrap.append(el("label", { for: id }, facet.label), select);
      body.appendChild(wrap);
      controls[facet.key] = select;
      return;
    }
    const group = el("fieldset", { class: "pe-facet", "data-facet": facet.key });
    group.appendChild(el("legend", {}, facet.label));
    controls[facet.key] = values.map((value, i) => {
      const box = el("input", { type: "checkbox", id: id + "-" + i, value });
      box.addEventListener("change", changed);
      const item = el("span", { class: "pe-facet-option" });
      item.append(box, el("label", { for: id + "-" + i }, value + "（" + counts[value] + "）"));
      group.appendChild(item);
      return box;
    });
    body.appendChild(group);
  }

  function renderSort() {
    const wrap = el("div", { class: "pe-facet" });
    sortSelect = el("select", { id: "pe-facet-sort" });
    SORTS.forEach((sort) => {
      sortSelect.appendChild(el("option", { value: sort.value }, sort.label));
    });
    sortSelect.addEventListener("change", changed);
    wrap.append(el("label", { for: "pe-facet-sort" }, "排序"), sortSelect);
    body.appendChild(wrap);
  }

  /** Load the filter values once, when the panel is first opened. */
  function loadValues() {
    if (loaded) {
      return loaded;
    }
    status.textContent = "正在载入筛选项……";
    loaded = load().then((pf) => pf.filters()).then((filters) => {
      status.textContent = "";
      FACETS.forEach((facet) => renderFacet(facet, (filters || {})[facet.key]));
      renderSort();
      updateSummary();
    }).catch(() => {
      loaded = null;
      status.textContent = "筛选项暂时无法载入";
    });
    return loaded;
  }

  panel.addEventListener("toggle", () => {
    if (panel.open) {
      loadValues();
    }
  });

  /** {filters, sort} for pagefind.search(); {} while no facet is set. */
  function options() {
    const filters = {};
    Object.entries(controls).forEach(([key, control]) => {
      if (Array.isArray(control)) {
        const values = checked(control);
        if (values.length) {
          filters[key] = { any: values };
        }
      } else if (control.value) {
        filters[key] = control.value;
      }
    });
    const out = {};
    if (Object.keys(filters).length) {
      out.filters = filters;
    }
    if (sortSelect && sortSelect.value) {
      out.sort = { [SORT_KEY]: sortSelect.value };
      out.filters = { [KIND.key]: KIND.value, ...filters };
    }
    return out;
  }

  return { options };
}
