"""Pages speak to citizens: no file paths, staff advice or tool names on the built site
(issue 33). Checked on every page of the seed site as the reader sees its text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import built

STAFF = re.compile(r"\.yml\b|content/|generator/|请核对|jieba|TF-IDF|Pagefind|MkDocs")
#: words for programmers (issue 46.1): commands, code names, formulas in code, how the
#: program computes. The data dictionary keeps the files' column names (and only it).
CODE = re.compile(r"python -m|generator import|INDICATOR_FIELDS|静态接口|lower_is_better|"
                  r"\b(?:ratio|floor|threshold|reverse|tiers|deduct)\b|min\(|max\(|生成程序|"
                  r"十进制运算|Frictionless|datapackage\.json|Atom")


@pytest.fixture(scope="module")
def site() -> Path:
    return built("seed").site_dir


def main_text(page: Path, hidden: str = "script, style") -> str:
    """The article's text as a reader sees it: without ``hidden`` (scripts and styles)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article") or soup
    for element in main.select(hidden):
        element.decompose()
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


def public_text(page: Path) -> str:
    """The article's text without the data dictionary's tables (the files' column names)."""
    return main_text(page, "script, style, table[id^=data-dictionary]")


def test_no_page_speaks_code(site: Path) -> None:
    """数据 without the import command, INDICATOR_FIELDS or 静态接口; 方法 without rule codes,
    min(…) or how the program computes: plain Chinese (issue 46.1)."""
    found = {str(p.relative_to(site)): CODE.findall(public_text(p))
             for p in sorted(site.rglob("index.html"))}
    assert {page: words for page, words in found.items() if words} == {}
    about = public_text(site / "about" / "index.html")
    assert "比率法" in about and "达到目标值得满分" in about


def test_the_footer_speaks_plainly(site: Path) -> None:
    """Every footer names the data package and the feed in words a citizen knows, not
    ``datapackage.json`` and ``Atom`` (issue 46.1); the links still lead there."""
    for page in (site / "index.html", site / "years" / "2017" / "index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one(".pe-footer__source")
        words = footer.get_text(" ", strip=True)
        assert "datapackage.json" not in words and "Atom" not in words, words
        links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
        assert [k for k, v in links.items() if v.endswith("datapackage.json")] == ["数据包说明"]
        assert [k for k, v in links.items() if v.endswith("feed.xml")] == ["订阅新公布的结果"]
