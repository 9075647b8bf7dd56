"""What a reader's browser downloads of the sitemap (Debian's Chromium).

Material's script fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page
(for language versions; no feature flag turns it off), and every page has one: the Atom
feed's. With site.yml's ``base_url`` the sitemap listed every page, 75 bytes each, so every
page load of a public site of 10,000 projects downloaded and parsed 1.6 MB. Now
``sitemap.xml`` is an index naming the files that list the pages (crawlers follow it):
a page load fetches a few hundred bytes and nothing else of the sitemap.
"""

from __future__ import annotations

import pytest

from generator.publish.pipeline import build
from tests.browser.harness import assert_no_external, recorded_page, serve_dir
from tests.test_sitemap import _content, listed, pages_of

BASE = "https://jxgk.example.gov.cn/"
PAGES = ("", "years/2017/", "projects/2017/video-conference/",
         "departments/hezuojiaoliu/2017/")


@pytest.fixture(scope="module")
def site():
    work, content = _content("sitemap-browser", BASE)
    result = build(content, work / "build", work / "site")
    assert result.site_dir is not None
    return result.site_dir


@pytest.mark.parametrize("path", PAGES)
def test_a_page_load_fetches_the_sitemap_index_only(browser, site, path: str) -> None:
    with serve_dir(site) as url, recorded_page(browser, url) as (page, record):
        fetched = []
        page.on("response", lambda r: fetched.append(r) if "sitemap" in r.url else None)
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        assert [r.url for r in fetched] == [url + "sitemap.xml"]  # Material's, beside the feed
        body = fetched[0].body()
        assert b"<sitemapindex" in body and b"<url>" not in body and len(body) < 400
        assert not record.errors and not record.failed
        assert_no_external(record.requests, url)


def test_crawlers_find_every_page_through_the_index(site) -> None:
    assert listed(site, BASE) == pages_of(site, BASE)
