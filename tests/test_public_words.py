"""Pages speak to citizens: no file paths, staff advice or tool names on the built site
(issue 33). Checked on every page of the seed site as the reader sees its text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import built

STAFF = re.compile(r"\.yml\b|content/|generator/|请核对|jieba|TF-IDF|Pagefind|MkDocs")


@pytest.fixture(scope="module")
def site() -> Path:
    return built("seed").site_dir


def main_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article") or soup
    for hidden in main.select("script, style"):
        hidden.decompose()
    return main.get_text(" ", strip=True)


def test_no_page_carries_words_for_staff(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    found = {str(p.relative_to(site)): STAFF.findall(main_text(p)) for p in pages}
    assert {page: words for page, words in found.items() if words} == {}


def test_about_data_lists_the_projects_to_read_with_care(site: Path) -> None:
    content = built("seed").content
    flagged = {w.file for w in content.warnings}
    expected = [p.name for p in content.projects if p.file in flagged]
    soup = BeautifulSoup((site / "about" / "data" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    intro = soup.select_one("#data-differing")
    assert (intro is not None) == bool(expected)
    if expected:
        names = [a.get_text(strip=True) for a in intro.find_next("ul").select("a")]
        assert names == expected
