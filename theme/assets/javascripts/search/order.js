/*
 * The order of a query's results (issue 46, item 7), the same for every query that is not
 * sorted by a facet: a reader searching a common word (项目) wants projects, not the summary
 * pages whose titles all hold it, and the newest first, not the mixed years of Pagefind's
 * score. So:
 *
 *   1. projects' pages, then 部门整体 results' pages (issue 43), then the other pages;
 *   2. in each, pages whose title holds the whole query first (known where the pages were
 *      read, VERIFY_LIMIT below: a project's name finds its page first);
 *   3. then the newest year first (other pages have none);
 *   4. then the relevance (Pagefind's score where it was asked for a query's words not Han;
 *      for a query of Han words only, how often the page holds it, where the pages were
 *      read: search/phrase.js), then the index's order.
 *
 * What a page is and its year come from its data where it was read, else from its bundle's
 * listing (search/listing.js, marked by search/shards.js as pePage), without loading the
 * page's fragment: a common word has hundreds of results, of which ten are shown at a time.
 */

/** Up to this many results are read page by page (search/phrase.js); past it, a page's kind
 *  and year come from its bundle's listing, which is fetched only then (search/shards.js):
 *  a query of few results loads no listing. */
export const VERIFY_LIMIT = 60;

/** An entry to order: {rank, title, year, score, at} (at: the place Pagefind gave it);
 *  rank: 2 a project's page (true), 1 a 部门整体 result's, 0 another (search/results.js). */
export function entry(rank, title, year, score, at) {
  return { rank: rank === true ? 2 : Number(rank) || 0, title: Boolean(title),
    year: Number(year) || 0, score: Number(score) || 0, at };
}

/** Compare two entries in the order above. */
export function byReading(a, b) {
  return (b.rank - a.rank) || (Number(b.title) - Number(a.title)) ||
    (b.year - a.year) || (b.score - a.score) || (a.at - b.at);
}

/** The year of a page's data (its 年度 filter), 0 for a page without one. */
export function yearOf(data) {
  const years = data && data.filters && data.filters["年度"];
  return Array.isArray(years) && years.length ? Number(years[0]) || 0 : 0;
}
