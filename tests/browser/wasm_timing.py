"""Pagefind's web worker on a slow machine, at will: the order of events in which two Pagefinds
of one page loaded the WebAssembly at the same time (search/shards.js, the module's comment).

Under two test workers the shard-routing test trapped ("memory access out of bounds") or found
nothing about once in three full runs, never alone: compiling the WebAssembly took long enough
there for a second Pagefind to start loading it before the first had it. :func:`slow_wasm`
makes that order certain instead of likely, with Pagefind's own script as shipped: the web
worker's script is served with a few lines before it that, inside the worker,

* make WebAssembly.instantiate resolve ``compile_ms`` later (a slow compile, as under load),
* answer the primary bundle's WebAssembly (``pagefind/wasm.*``) ``primary_ms`` after a
  shard's was asked for, or after ``hold_ms`` when none is (its own Pagefind was started
  first, its file arrives last: the order does not depend on how fast a test types),
* answer every index chunk ``chunk_ms`` later (a search runs after both loads are done).

With the old shards.js a query only in shards made its Pagefind beside the loading primary:
both instantiated the WebAssembly, the primary's replaced the shard's, and the shard's search
then read its index at a pointer into the other memory. Timings are far apart (hundreds of
milliseconds), so a loaded machine does not change the order; nothing is timed.
"""

from __future__ import annotations

from playwright.sync_api import Page, Route

WORKER = "**/pagefind/pagefind-worker.js"

PREFIX = """(() => {
  const instantiate = WebAssembly.instantiate.bind(WebAssembly);
  const later = (ms, value) => new Promise((done) => setTimeout(() => done(value), ms));
  WebAssembly.instantiate = (...args) =>
    instantiate(...args).then((out) => later(%(compile)d, out));
  let shardAsked = null;
  const asked = new Promise((done) => { shardAsked = done; });
  const fetched = self.fetch.bind(self);
  self.fetch = (input, ...rest) => {
    const url = String(input && input.url ? input.url : input);
    const get = () => fetched(input, ...rest);
    if (/\\/pagefind\\/wasm\\.[^/]*$/.test(url)) { // the primary's
      return Promise.race([asked, later(%(hold)d)]).then(() => later(%(primary)d)).then(get);
    }
    if (/\\/shard-\\d+\\/wasm\\.[^/]*$/.test(url)) {
      shardAsked();
    }
    return /\\/index\\/[^/]*\\.pf_index$/.test(url) ? later(%(chunk)d).then(get) : get();
  };
})();
"""


def slow_wasm(page: Page, *, compile_ms: int = 600, primary_ms: int = 200,
              chunk_ms: int = 600, hold_ms: int = 0) -> list[str]:
    """Serve ``page`` Pagefind's web worker with the delays above; returns the list of worker
    scripts so served (a test asserts it is not empty: the order was forced)."""
    served: list[str] = []
    prefix = PREFIX % {"compile": compile_ms, "primary": primary_ms, "chunk": chunk_ms,
                       "hold": hold_ms}

    def handle(route: Route) -> None:
        body = route.fetch().text()
        assert body.startswith('const pagefind_version="'), body[:80]
        served.append(route.request.url)
        route.fulfill(body=prefix + body, content_type="text/javascript")

    page.route(WORKER, handle)
    return served
