"""Proves the browser harness: local server, request recording, external-request detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import (
    assert_no_external,
    external_requests,
    recorded_page,
    serve_dir,
)

PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>测试</title>
<link rel="stylesheet" href="style.css">
<script src="app.js"></script>
</head><body><h1>视频会议</h1>
<img alt="外部" src="https://example.invalid/pixel.png">
</body></html>
"""


def test_external_requests_filter() -> None:
    base = "http://127.0.0.1:8000/"
    urls = [
        "http://127.0.0.1:8000/index.html",
        "data:image/png;base64,AAAA",
        "blob:http://127.0.0.1:8000/1234",
        "about:blank",
        "http://127.0.0.1:8001/other-port.js",
        "https://fonts.googleapis.com/css",
    ]
    assert external_requests(urls, base) == [
        "http://127.0.0.1:8001/other-port.js",
        "https://fonts.googleapis.com/css",
    ]
    with pytest.raises(AssertionError, match="fonts.googleapis.com"):
        assert_no_external(urls, base)
    assert_no_external(urls[:4], base)


def test_page_requests_are_recorded(tmp_path: Path, browser) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "style.css").write_text("h1 { color: #333; }", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.error('boom');", encoding="utf-8")

    with serve_dir(tmp_path) as base_url, recorded_page(browser, base_url) as (page, record):
        page.goto(base_url + "index.html")
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "视频会议"

    assert base_url + "style.css" in record.requests
    assert base_url + "app.js" in record.requests
    assert any("boom" in e for e in record.console_errors)
    assert external_requests(record.requests, base_url) == ["https://example.invalid/pixel.png"]
    assert any("example.invalid" in f for f in record.failed)  # aborted, never sent
    with pytest.raises(AssertionError):
        assert_no_external(record.requests, base_url)
