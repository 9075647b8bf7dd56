"""部门整体 results in the Atom feeds (issue 43 point 2): a built site's feed.xml and its
department's feed carry each 部门整体 result as an entry, as a project is, linking to the
result's own page (whole/<id>/)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from generator.core.urls import department_feed, whole_page
from generator.publish.pipeline import BuildResult, build
from generator.site.feeds import atom_feed
from tests.sitebuild import WHOLE_CONTENT as WHOLE_SITE

BASE = "http://intranet.invalid/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(WHOLE_SITE, tmp_path_factory.mktemp("whole-feeds") / "build", None)


def _entries(path: Path, address: str) -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse(path.read_bytes(), response_headers={
        "content-location": address, "content-type": "application/atom+xml"})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {e.title: e for e in parsed.entries}


def test_whole_results_are_in_the_site_and_department_feeds(site: BuildResult) -> None:
    results = [p for p in site.content.projects if p.kind == "部门整体"]
    assert len(results) == 3
    root = site.docs_dir
    everything = _entries(root / "feed.xml", BASE + "feed.xml")
    assert len(everything) == len(site.content.projects) == 7
    for result in results:
        entry = everything[result.name]
        assert entry.link == BASE + whole_page(result)
        assert (root / whole_page(result) / "index.md").is_file()
        assert entry.summary.startswith("部门整体支出绩效评价 · ")
        assert f"{result.total:.2f} 分" in entry.summary and entry.author == result.authority
        path = department_feed(result.authority, site.content.config)
        own = _entries(root / path, BASE + path)
        assert own[result.name].link == BASE + whole_page(result)


def test_a_feed_says_it_holds_whole_results_only_where_it_does(site: BuildResult) -> None:
    """The subtitle names 部门整体 results where the feed holds some (feed.xml and both
    departments' here), not in a feed of projects only."""
    root = site.docs_dir
    config = site.content.config
    paths = ["feed.xml", *(department_feed(p.authority, config) for p in site.content.projects)]
    for path in sorted(set(paths)):
        subtitle = feedparser.parse((root / path).read_bytes()).feed.subtitle
        assert subtitle == "财政支出项目和部门整体支出绩效评价结果：新公布的在前", path
    projects = [p for p in site.content.projects if p.kind != "部门整体"]
    only = atom_feed(projects, config, "feed.xml", config.title, "", datetime(2024, 1, 1))
    assert feedparser.parse(only).feed.subtitle == "财政支出项目绩效评价结果：新公布的在前"
