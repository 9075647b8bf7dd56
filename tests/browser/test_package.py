"""The zip package opened from disk (file://), as on a shared drive: search still works."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from generator.publish.package import package
from tests.browser.test_site_browser import search
from tests.sitebuild import SEED_CONTENT, tmp_dir


def test_unzipped_package_finds_a_project_by_search(browser) -> None:
    work = tmp_dir("package")
    archive = work / "site.zip"
    assert package(SEED_CONTENT, archive, work_dir=work / "build") == archive
    unpacked = work / "unpacked"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        zf.extractall(unpacked)
    index = unpacked / "site" / "index.html"
    assert index.exists()
    context = browser.new_context()
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(index.as_uri())
        results = search(page, "视频会议")
        assert any("视频会议系统运维项目" in r for r in results), results
        page.locator(".md-search-result__item a").first.click()
        expect(page.locator("h1.pe-title")).to_contain_text("视频会议系统运维项目")
        url = urlsplit(page.url)
        assert url.scheme == "file" and url.path.endswith("/2017/video-conference/index.html")
        # links inside our own tables point at index.html files that exist on disk
        page.locator(".pe-breadcrumbs a").first.click()
        expect(page.locator("h1.pe-title")).to_have_text("2017 年度绩效评价结果汇总")
        assert all(u.startswith(("file://", "data:", "blob:")) for u in requests), \
            [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
        # Material's search: the Pagefind module and its parts are never loaded (file://)
        assert not [u for u in requests if "pagefind" in u or "/javascripts/search/" in u]
        assert any("/assets/javascripts/workers/search." in u for u in requests), requests
    finally:
        context.close()


def test_package_is_deterministic() -> None:
    work = tmp_dir("package-twice")
    first, second = work / "a.zip", work / "b.zip"
    assert package(SEED_CONTENT, first, work_dir=work / "build") == first
    assert package(SEED_CONTENT, second, work_dir=work / "build") == second
    assert first.read_bytes() == second.read_bytes()
    assert Path(first).stat().st_size > 100_000
