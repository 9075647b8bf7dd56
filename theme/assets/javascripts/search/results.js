/*
 * One search result in Material's result markup, built from text nodes: Pagefind's excerpt
 * (HTML-escaped text with <mark> tags) is decoded back to text and <mark> elements, and any
 * other markup stays literal text. No innerHTML.
 */

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

/** Pagefind's excerpt is HTML-escaped text with <mark> tags: decode it back to text. */
function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, name) => {
    if (name.charAt(0) === "#") {
      const hex = name.charAt(1) === "x" || name.charAt(1) === "X";
      const code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    const lower = name.toLowerCase();
    return Object.prototype.hasOwnProperty.call(ENTITIES, lower) ? ENTITIES[lower] : all;
  });
}

/** Text and <mark> nodes for an excerpt; any other markup stays literal text. */
function excerptNodes(html, target) {
  let marked = false;
  String(html || "").split(/(<mark>|<\/mark>)/).forEach((part) => {
    if (part === "<mark>") {
      marked = true;
    } else if (part === "</mark>") {
      marked = false;
    } else if (part) {
      const text = document.createTextNode(decode(part));
      if (marked) {
        const mark = document.createElement("mark");
        mark.appendChild(text);
        target.appendChild(mark);
      } else {
        target.appendChild(text);
      }
    }
  });
}

function first(filters, key) {
  const values = filters && filters[key];
  return Array.isArray(values) && values.length ? String(values[0]) : "";
}

/** Whether a result is a project's page (its facets: templates/_facets.html.j2). */
export function isProject(data) {
  return first(data && data.filters, "类型") === "项目";
}

/** Where a result's page comes in the results and under which heading (search/order.js):
 *  2 a project's, 1 a 部门整体 result's (its own heading, after the projects), 0 another. */
export function rankOf(data) {
  const kind = first(data && data.filters, "类型");
  return kind === "项目" ? 2 : kind === "部门整体" ? 1 : 0;
}

/** A project's facts in one line: year, department, score and grade, how it was evaluated. */
function facts(data) {
  const filters = data.filters || {};
  const score = data.meta && data.meta.score;
  const grade = first(filters, "评价等级");
  const year = first(filters, "年度");
  const parts = [year && year + "年", first(filters, "主管部门"),
    [score && /\d/.test(score) ? score + " 分" : "", grade].filter(Boolean).join(" "),
    first(filters, "评价方式")];
  const line = document.createElement("p");
  line.className = "pe-search-facts";
  line.textContent = parts.filter(Boolean).join(" · ");
  return line;
}

/** The list item for a result's data (Pagefind's: url, meta.title, excerpt, filters). */
export function renderItem(data) {
  const item = document.createElement("li");
  item.className = "md-search-result__item";
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = data.url;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-search-result__article--document md-typeset";
  const icon = document.createElement("div");
  icon.className = "md-search-result__icon md-icon";
  const title = document.createElement("h1");
  title.textContent = (data.meta && data.meta.title) || data.url;
  const excerpt = document.createElement("p");
  excerptNodes(data.excerpt, excerpt);
  article.append(icon, title);
  if (isProject(data) || first(data && data.filters, "类型") === "部门整体") {
    article.appendChild(facts(data)); // a 部门整体 result's page has the same facets
  }
  article.appendChild(excerpt);
  link.appendChild(article);
  item.appendChild(link);
  return item;
}
