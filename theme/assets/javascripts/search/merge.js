/*
 * Merging a sorted search's lists (search/shards.js): each bundle sorts its own results by a
 * facet's value, and Pagefind's results carry no sort value.
 */

/**
 * Several lists, each in the order of a sort by one attribute, as one list in that order.
 * Results carry no sort value, so each is compared by its page's metadata of the same name
 * (the project pages give the sort key as metadata too: templates/_facets.html.j2). The
 * lists are merged lazily, as far as results are shown: the first k results load at most
 * k + (lists − 1) fragments.
 */
export function mergeSorted(lists, sort) {
  const key = Object.keys(sort)[0];
  const desc = sort[key] === "desc";
  const total = lists.reduce((n, list) => n + list.length, 0);
  const pos = lists.map(() => 0);
  const heads = lists.map(() => null);
  const merged = [];
  let chain = Promise.resolve();

  function head(i) {
    heads[i] = heads[i] || lists[i][pos[i]].data();
    return heads[i];
  }

  function value(data) { // a page without the value comes last either way
    const v = parseFloat(data && data.meta && data.meta[key]);
    return Number.isNaN(v) ? (desc ? -Infinity : Infinity) : v;
  }

  function step() {
    const live = lists.map((list, i) => i).filter((i) => pos[i] < lists[i].length);
    return Promise.all(live.map(head)).then((datas) => {
      let best = -1;
      let bestValue = 0;
      datas.forEach((data, k) => {
        const v = value(data);
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

  function upTo(k) {
    chain = chain.then(function more() {
      return merged.length > k ? null : step().then(more);
    });
    return chain;
  }

  return Array.from({ length: total }, (_, k) => ({
    id: null,
    score: 0,
    data: () => upTo(k).then(() => merged[k])
  }));
}
