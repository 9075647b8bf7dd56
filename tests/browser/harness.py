"""Helpers for the browser tests: a local static server and a page that records its traffic.

Chromium is Debian's (/usr/bin/chromium): Playwright cannot download its own browser here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from tests.bench.searchbench import serve
from tests.browser.system_deps import CHROMIUM_PATH as CHROMIUM_PATH  # re-exported

#: Flags that keep Chromium from reaching out to Google's hosts (the network is closed here).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: URL schemes that never leave the page.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})


def serve_dir(path: str | os.PathLike[str]):
    """Serve ``path`` on 127.0.0.1 (a free port); yield the base URL ending in '/'.

    The same local server the search benchmark uses (:func:`tests.bench.searchbench.serve`)."""
    return serve(Path(path))


def external_requests(requests: list[str], base_url: str) -> list[str]:
    """Return the URLs that go neither to ``base_url``'s host:port nor to data:/blob:/about:."""
    base = urlsplit(base_url)
    out = []
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme == base.scheme and parts.netloc == base.netloc:
            continue
        out.append(url)
    return out


def assert_no_external(requests: list[str], base_url: str) -> None:
    """Fail when any request went to another host than ``base_url``'s (or a non-local scheme)."""
    bad = external_requests(requests, base_url)
    assert not bad, f"requests to other hosts than {base_url}: {bad}"


@dataclass
class PageRecord:
    """What a page did: every request URL, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught page exceptions together."""
        return self.console_errors + self.page_errors


@contextmanager
def recorded_page(
    browser: Browser,
    base_url: str,
    *,
    block_external: bool = True,
    viewport: dict[str, int] | None = None,
) -> Iterator[tuple[Page, PageRecord]]:
    """Open a fresh context + page that records its requests and errors.

    With ``block_external`` every request to another host is aborted (and still recorded),
    so a test can never wait on the closed network.
    """
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    record = PageRecord()
    base = urlsplit(base_url)

    def on_request(request: Request) -> None:
        record.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            record.console_errors.append(f"{message.text} @ {message.location}")

    def on_request_failed(request: Request) -> None:
        record.failed.append(f"{request.url}: {request.failure}")

    if block_external:

        def route(route_obj, request: Request) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in LOCAL_SCHEMES or parts.netloc == base.netloc:
                route_obj.continue_()
            else:
                route_obj.abort()

        context.route("**/*", route)

    page = context.new_page()
    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: record.page_errors.append(str(exc)))
    page.on("requestfailed", on_request_failed)
    try:
        yield page, record
    finally:
        context.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_axe_violations(page: Page) -> list[tuple[str, str, list]]:
    """Run axe-core (served from node_modules) on the page; return serious/critical ones."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def open_search(page) -> None:  # noqa: ANN001 - Playwright's Page
    """Open the search box as a reader does: the header's button on a phone, the field on a
    desktop."""
    toggle = page.locator('label.md-header__button[for="__search"]')
    if toggle.is_visible():
        toggle.click()
    else:
        page.locator("input.md-search__input").click()


def settle_animations(page: Page, timeout_ms: int = 3000) -> None:
    """Wait until every finite CSS transition and animation on the page has finished (or
    ``timeout_ms`` passed): what is measured then is what a reader is left looking at."""
    page.evaluate("""(limit) => Promise.race([
        Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
            .map(a => a.finished.catch(() => null))),
        new Promise(done => setTimeout(done, limit))])""", timeout_ms)


def contrast_failures(page: Page) -> list[tuple[str, str, object]]:
    """axe-core's color-contrast rule on the page: its violations, and the nodes it files as
    "incomplete" although it knew both colours and found them too close. axe puts text whose
    colour equals its background (1:1, e.g. white on white) under "incomplete", taking it for
    hidden text, so a run that counts only violations passes unreadable words. Nodes it could
    not measure (behind the search overlay, SVG chart text) stay out.

    Measured once the page's CSS transitions and finite animations have ended: a tooltip
    caught half faded in (Material's ``content.tooltips``, shown where the pointer rests
    after a click) is text no reader sees at that colour, and axe blends its opacity in."""
    settle_animations(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['color-contrast']})")
    out: list[tuple[str, str, object]] = []
    for kind in ("violations", "incomplete"):
        for rule in result[kind]:
            for node in rule["nodes"]:
                data = (node["any"] or [{}])[0].get("data") or {}
                if kind == "incomplete":
                    if not (isinstance(data, dict) and data.get("fgColor")
                            and data.get("bgColor")):
                        continue
                    expected = float(str(data["expectedContrastRatio"]).split(":")[0])
                    if float(data["contrastRatio"]) >= expected:
                        continue
                out.append((kind, ",".join(map(str, node["target"])),
                            {k: data.get(k) for k in ("fgColor", "bgColor", "contrastRatio")}
                            if isinstance(data, dict) else data))
    return out


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of a CSS ``rgb()``/``rgba()`` text colour drawn over an opaque
    ``background`` (a translucent text colour is blended over it first, as it is drawn)."""
    def channels(css: str) -> list[float]:
        parts = css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")
        return [float(p) for p in parts]

    def luminance(rgb: list[float]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    fg, bg = channels(foreground), channels(background)[:3]
    alpha = fg[3] if len(fg) > 3 else 1.0
    drawn = [alpha * f + (1 - alpha) * b for f, b in zip(fg[:3], bg, strict=True)]
    light, dark = sorted((luminance(drawn), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
