"""Fixtures for the browser tests (pytest + Playwright's sync API, Debian's Chromium).

Helpers live in ``tests/browser/harness.py`` and are re-exported here:
``serve_dir(path)`` (context manager yielding a base URL), ``recorded_page(browser, base_url)``
(context manager yielding ``(page, record)``), ``assert_no_external(requests, base_url)``.
Every test in this folder gets the ``browser`` marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    PageRecord,
    assert_no_external,
    external_requests,
    recorded_page,
    serve_dir,
)
from tests.browser.system_deps import missing_message, missing_packages

__all__ = [
    "CHROMIUM_ARGS",
    "CHROMIUM_PATH",
    "PageRecord",
    "assert_no_external",
    "external_requests",
    "recorded_page",
    "serve_dir",
]

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected from this folder as a browser test."""
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium, with the CJK fonts. Either missing fails every browser test (never a
    skip) with the command that installs them; ``make test`` installs them itself as root."""
    missing = missing_packages()
    if missing:
        pytest.fail(missing_message(missing), pytrace=False)
    return CHROMIUM_PATH


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    """One Playwright driver for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(chromium_path: Path, playwright_instance):
    """Headless Chromium launched from ``chromium_path`` with the closed-network flags."""
    browser = playwright_instance.chromium.launch(
        executable_path=str(chromium_path),
        headless=True,
        args=list(CHROMIUM_ARGS),
    )
    yield browser
    browser.close()
