"""Search as a reader gets it: time to first results and bytes downloaded, in headless Chromium.

    python -m tests.bench.searchbench SITE_DIR [--query 项目 --query ...] [--runs 3] [--json]
    python -m tests.bench.searchbench SITE_DIR --facet 年度=2018 --facet 评价等级=优 [--sort desc]

The built site is served from 127.0.0.1 (a thread in this process, HTTP/1.1, no compression,
like a plain intranet server). For each query, in a fresh browser context (empty cache, as a
first-time reader), the home page is loaded and left to settle; then the reader clicks the
search box and the query is filled in at once (as an input method commits a Chinese word).
Measured from that click: the first ``.md-search-result__item`` on screen (this includes the
script's 150 ms debounce and, for a cold page, loading Pagefind itself), the first ten results
rendered, the whole answer (its count shown: on a site of many shards a query in most of them
first shows what some of them find, search/shards.js), and every byte the page and its
workers fetched for search, from loading the page until the network is quiet after the
query (response bodies as sent plus headers; Material's own search fetches its whole index
with the page, Pagefind fetches on the first query).
With Material's built-in search (``search/search_index.json``, the offline package's build)
the same figures are measured, so the two can be compared.

Without ``--query`` the queries are a broad word (项目, on nearly every page) and a selective
one: the full name of one project, read from the site. Requires Playwright and Debian's
Chromium (``make install``; ``apt-get install chromium``). Measurements, not tests.

Facets (``--facet KEY=VALUE``, repeatable; ``--sort desc|asc`` orders by score): after the
click the reader opens the facet panel (one bundle: Pagefind loads its filter chunks for the
counts; shards: the counts are in ``pagefind/shards.json``),
the facets are set at once (one search runs, not one per control) and then the query is
typed; an empty query (``--query ""``) is a search by the facets only. Without ``--query``
the faceted searches are 项目 and the facets alone.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync")
BROAD_QUERY = "项目"
KIB = 1024
MIB = 1024 * 1024
QUIET_MS = 600  # the network counts as quiet after this long without a request in flight
TIMEOUT_MS = 60_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a kept-alive connection (a page closed, a fetch aborted) is no
    fault of the site: socketserver would print its traceback into the test log."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yield the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def folder_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MIB


def default_queries(site_dir: Path) -> list[str]:
    """项目 and the name of one project (the middle one of the first year's folder)."""
    from bs4 import BeautifulSoup

    pages = sorted((site_dir / "projects").glob("*/*/index.html"))
    if not pages:
        return [BROAD_QUERY]
    page = pages[len(pages) // 2]
    title = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("h1")
    if title is None:
        raise SystemExit(f"{page}: no <h1> to take a project's full name from")
    return [BROAD_QUERY, " ".join(title.get_text(" ").split())]


# Pagefind's files, in the primary bundle or in a shard's (pagefind/shard-N/, shard-delta/)
# and the build's files beside them: a bundle's listing and bigram index (search/han.js)
_PAGEFIND = re.compile(r"/pagefind/(?:shard-[^/]+/)?"
                       r"(fragment/|index/|filter/pe-listing\.json|filter/|route/|pe-han/|wasm\.)")
_PAGEFIND_KINDS = {"fragment/": "fragments", "index/": "index", "filter/": "filters",
                   "filter/pe-listing.json": "listing", "route/": "router",
                   "pe-han/": "bigram index", "wasm.": "wasm"}


def _kind(path: str) -> str:
    found = _PAGEFIND.search(path)
    if found:
        return _PAGEFIND_KINDS[found[1]]
    for marker, kind in (("/pagefind/", "pagefind other"),
                         ("/search/search_index", "search_index"), ("/workers/search", "worker"),
                         ("/lunr/", "lunr")):
        if marker in path:
            return kind
    return "other"


class _Network:
    """Bytes per request, from Playwright's request events (those of Pagefind's web worker
    included): the response body as sent plus its headers."""

    def __init__(self, page: Any) -> None:
        self.urls: list[str] = []
        self.sizes: list[int] = []
        self.pending = 0
        self.last = time.perf_counter()
        self.recording = False
        page.on("request", self._sent)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _sent(self, request: Any) -> None:
        self.last = time.perf_counter()
        self.pending += 1

    def _finished(self, request: Any) -> None:
        self.last = time.perf_counter()
        self.pending -= 1
        if self.recording:
            sizes = request.sizes()
            body = sizes["responseBodySize"]
            response = request.response()
            if not body and response is not None:  # a worker's own script reports 0
                body = int(response.headers.get("content-length") or 0)
            self.urls.append(request.url)
            self.sizes.append(body + sizes["responseHeadersSize"])

    def _failed(self, request: Any) -> None:
        self.last = time.perf_counter()
        self.pending -= 1
        if self.recording:
            self.urls.append(request.url)
            self.sizes.append(0)

    def start(self) -> None:
        self.urls.clear()
        self.sizes.clear()
        self.recording = True

    def wait_quiet(self, page: Any, quiet_ms: int = QUIET_MS, limit_s: float = 60) -> None:
        end = time.perf_counter() + limit_s
        while time.perf_counter() < end:
            page.wait_for_timeout(100)
            idle = (time.perf_counter() - self.last) * 1000
            if self.pending <= 0 and idle >= quiet_ms:
                return

    def figures(self, base_url: str) -> dict[str, Any]:
        base = urlsplit(base_url)
        by_kind: dict[str, int] = {}
        external = []
        for url, size in zip(self.urls, self.sizes, strict=True):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc != base.netloc:
                external.append(url)
            kind = _kind(parts.path)
            by_kind[kind] = by_kind.get(kind, 0) + size
        search = {k: v for k, v in by_kind.items() if k != "other"}
        return {"kib": sum(search.values()) / KIB,
                "requests": sum(1 for url in self.urls if _kind(urlsplit(url).path) != "other"),
                "page_kib": sum(self.sizes) / KIB,
                "by_kind_kib": {k: v / KIB for k, v in sorted(search.items())},
                "external": external}


_WATCH = """() => {
  window.__peFirst = null; window.__peTen = null; window.__peWhole = null;
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  const check = () => {
    const n = list.querySelectorAll('.md-search-result__item').length;
    // the whole answer's count (a large site first shows a preview: 已找到 # 个结果，正在搜索…)
    // (nothing found: "没有找到…"; the first results are then that answer)
    const none = /^没有找到/.test(meta.textContent);
    const whole = none || /符合条件的结果/.test(meta.textContent);
    const total = whole && (meta.textContent.match(/(\\d+)\\s*个/) || [])[1];
    if ((n || none) && window.__peFirst === null) window.__peFirst = performance.now();
    if (n && (n >= 10 || (total && n >= Number(total))) && window.__peTen === null) {
      window.__peTen = performance.now();
    }
    if (whole && (n || none) && window.__peWhole === null) window.__peWhole = performance.now();
  };
  const observer = new MutationObserver(check);
  observer.observe(list, {childList: true, subtree: true});
  observer.observe(meta, {childList: true, characterData: true, subtree: true});
}"""


# Set the facets at once (search/facets.js's controls) and, for a search by facets only, tell
# the dialog with one change event; with a query, typing it runs the search.
_SET_FACETS = """({facets, sort, notify}) => {
  const changed = [];
  for (const [key, values] of Object.entries(facets)) {
    const select = document.querySelector(`select[data-facet="${key}"]`);
    if (select) {
      select.value = values[0];
      if (select.value !== values[0]) throw new Error(`no facet ${key}=${values[0]}`);
      changed.push(select);
      continue;
    }
    const boxes = Array.from(document.querySelectorAll(
      `fieldset[data-facet="${key}"] input[type=checkbox]`));
    const chosen = boxes.filter((box) => values.includes(box.value));
    if (chosen.length !== values.length) throw new Error(`no facet ${key}=${values}`);
    chosen.forEach((box) => { box.checked = true; });
    changed.push(chosen[0]);
  }
  if (sort) {
    const select = document.getElementById('pe-facet-sort');
    select.value = sort;
    changed.push(select);
  }
  if (notify && changed.length) changed[changed.length - 1].dispatchEvent(new Event('change'));
}"""


def search_label(query: str, facets: dict[str, list[str]] | None = None,
                 sort: str | None = None) -> str:
    """The key of a search's figures: the query, then its facets and sort if any."""
    parts = [query or "（仅筛选）"]
    if facets:
        parts.append("，".join(f"{key}={'/'.join(values)}" for key, values in facets.items()))
    if sort:
        parts.append(f"按评价分值 {sort}")
    return " ｜ ".join(parts)


def _search_once(browser: Any, base_url: str, query: str,
                 facets: dict[str, list[str]] | None = None, sort: str | None = None
                 ) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        network = _Network(page)
        network.start()  # Material's own search fetches its whole index with the page
        page.goto(base_url, wait_until="load")
        network.wait_quiet(page)
        page.evaluate(_WATCH)
        field = page.locator("input.md-search__input")
        start = page.evaluate("performance.now()")
        field.click()
        if facets or sort:
            page.locator(".pe-search-facets summary").click()
            page.wait_for_selector("#pe-facet-sort", timeout=TIMEOUT_MS)  # filters loaded
            page.evaluate(_SET_FACETS, {"facets": facets or {}, "sort": sort or "",
                                        "notify": not query})
        if query:
            field.fill(query)
            field.press("End")  # a keyup: Material's own search listens for it
        page.wait_for_function("window.__peFirst !== null", timeout=TIMEOUT_MS)
        first = page.evaluate("window.__peFirst") - start
        try:
            page.wait_for_function("window.__peTen !== null", timeout=TIMEOUT_MS)
            ten = page.evaluate("window.__peTen") - start
        except Exception:  # fewer than ten results and the count not shown: keep the first
            ten = None
        page.wait_for_function("window.__peWhole !== null", timeout=TIMEOUT_MS)
        whole = page.evaluate("window.__peWhole") - start
        network.wait_quiet(page)
        meta = page.locator(".md-search-result__meta").inner_text()
        items = page.locator(".md-search-result__item").count()
        return {"first_results_ms": first, "ten_results_ms": ten, "whole_results_ms": whole,
                "meta": meta.strip(),
                "shown": items, **network.figures(base_url), "errors": errors}
    finally:
        context.close()


def measure_search(site_dir: Path, queries: list[str] | None = None, runs: int = 1,
                   chromium: Path = CHROMIUM_PATH, browser: Any = None,
                   facets: dict[str, list[str]] | None = None, sort: str | None = None
                   ) -> dict[str, Any]:
    """Measure each query ``runs`` times (fresh context each time) on the built site.

    Returns ``{"engine", "index_mib", "queries": {label: {"first_results_ms", "kib", ...}}}``
    (label: :func:`search_label`); with several runs the times are medians and each run is
    kept under ``"runs"``. ``facets`` ({key: [values]}) and ``sort`` narrow and order every
    query (Pagefind's site only); an empty query is a search by them alone. ``browser``: a
    Playwright browser to use (e.g. a test's); otherwise Chromium is launched.
    """
    site_dir = Path(site_dir)
    if not queries:
        queries = [BROAD_QUERY, ""] if facets or sort else default_queries(site_dir)
    if "" in queries and not (facets or sort):
        raise ValueError("an empty query needs a facet or a sort (a search by facets only)")
    if (site_dir / "pagefind").is_dir():
        engine, index_mib = "pagefind", folder_mib(site_dir / "pagefind")
    else:
        index = site_dir / "search" / "search_index.json"
        engine = "material"
        index_mib = index.stat().st_size / MIB if index.exists() else 0.0
    out: dict[str, Any] = {"engine": engine, "index_mib": index_mib, "queries": {}}
    if browser is not None:
        with serve(site_dir) as base_url:
            _measure_queries(browser, base_url, queries, runs, out, facets, sort)
        return out
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as base_url, sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                      args=list(CHROMIUM_ARGS))
        try:
            _measure_queries(launched, base_url, queries, runs, out, facets, sort)
        finally:
            launched.close()
    return out


def _measure_queries(browser: Any, base_url: str, queries: list[str], runs: int,
                     out: dict[str, Any], facets: dict[str, list[str]] | None = None,
                     sort: str | None = None) -> None:
    for query in queries:
        done = [_search_once(browser, base_url, query, facets, sort) for _ in range(runs)]
        figures = dict(done[-1])
        for key in ("first_results_ms", "ten_results_ms", "whole_results_ms", "kib"):
            values = [d[key] for d in done if d[key] is not None]
            figures[key] = statistics.median(values) if values else None
        if runs > 1:
            figures["runs"] = done
        out["queries"][search_label(query, facets, sort)] = figures


def as_text(result: dict[str, Any]) -> str:
    lines = [f"engine {result['engine']}, index on the server {result['index_mib']:.1f} MiB"]
    for query, f in result["queries"].items():
        ten = "—" if f["ten_results_ms"] is None else f"{f['ten_results_ms']:,.0f} ms"
        parts = ", ".join(f"{k} {v:,.0f}" for k, v in f["by_kind_kib"].items())
        lines.append(f"「{query}」: first results {f['first_results_ms']:,.0f} ms, ten {ten}, "
                     f"the whole answer {f['whole_results_ms']:,.0f} ms; "
                     f"search downloads {f['kib']:,.0f} KiB in {f['requests']} requests "
                     f"({parts} KiB; with the page {f['page_kib']:,.0f} KiB); "
                     f"{f['meta']}; external {len(f['external'])}; errors {len(f['errors'])}")
    return "\n".join(lines)


def _facet(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"a facet is KEY=VALUE, e.g. 年度=2018: {text}")
    return key.strip(), value.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.searchbench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (e.g. site)")
    parser.add_argument("--query", action="append", help="a query (repeatable)")
    parser.add_argument("--facet", action="append", type=_facet, default=[],
                        help="KEY=VALUE: narrow every query by this facet (repeatable), "
                             "e.g. 年度=2018")
    parser.add_argument("--sort", choices=("desc", "asc"), help="order by score")
    parser.add_argument("--runs", type=int, default=1, help="runs per query (median)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} 不是生成的网站（没有 index.html）", file=sys.stderr)
        return 2
    facets: dict[str, list[str]] = {}
    for key, value in args.facet:
        facets.setdefault(key, []).append(value)
    result = measure_search(args.site, args.query, runs=max(1, args.runs), facets=facets,
                            sort=args.sort)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else as_text(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
