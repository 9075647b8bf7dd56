/*
 * What to try when a query finds nothing: shorter queries that do find pages (each term of
 * a query of several, or the halves of one long term: 视频会意 → 视频), each with its count,
 * and the pages that list every project by year and by department. A suggestion is offered,
 * never shown as a result: a reader who did not type it sees that it is another query.
 */
import { find, terms } from "./phrase.js";

const MIN_SPLIT = 4; // a term of at least this many characters is also tried in halves
const MAX_SUGGESTIONS = 4;
const BROWSE = [["按年度浏览全部项目", "years/"], ["按主管部门浏览", "departments/"]];

/** The shorter queries to try instead of query, longest first, without repeats. */
export function candidates(query) {
  const parts = terms(query).map((term) => term.text);
  const out = parts.length > 1 ? parts.slice() : [];
  parts.forEach((part) => {
    const chars = Array.from(part);
    if (chars.length >= MIN_SPLIT) {
      const half = Math.ceil(chars.length / 2);
      out.push(chars.slice(0, half).join(""), chars.slice(half).join(""));
    }
  });
  return Array.from(new Set(out.filter((c) => Array.from(c).length >= 2)))
    .sort((a, b) => b.length - a.length);
}

/** Resolves to [{query, count}] of the candidates that find pages (with the same facets). */
export function suggestions(pf, query, options) {
  const tried = candidates(query).slice(0, MAX_SUGGESTIONS * 2);
  return Promise.all(tried.map((q) => find(pf, q, options).then((found) => found.length)))
    .then((counts) => tried.map((q, i) => ({ query: q, count: counts[i] }))
      .filter((s) => s.count > 0).slice(0, MAX_SUGGESTIONS));
}

/**
 * The list items under "没有找到": a button per suggestion (calls use(query)), then the
 * browsing links (relative to root, the site's root URL).
 */
export function suggestionItems(found, root, use) {
  const item = document.createElement("li");
  item.className = "pe-search-suggest";
  if (found.length) {
    const label = document.createElement("p");
    label.textContent = "可以试试：";
    item.appendChild(label);
    found.forEach((s) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "“" + s.query + "”（" + s.count + " 个结果）";
      button.addEventListener("click", () => use(s.query));
      item.appendChild(button);
    });
  }
  const browse = document.createElement("p");
  browse.textContent = found.length ? "或者" : "请检查用字，或换一个较短的词；也可以";
  BROWSE.forEach(([text, path], i) => {
    const link = document.createElement("a");
    link.href = new URL(path, root).href;
    link.textContent = text;
    browse.append(i ? "、" : "", link);
  });
  browse.append("。");
  item.appendChild(browse);
  return item;
}
