"""The documentation: a short README.md, and docs/ a MkDocs site of its own (mkdocs-docs.yml).

The site is built by the real MkDocs with ``--strict`` (a broken link or anchor is a warning,
so a failure); the built pages are then read back: every link inside the site reaches a
built file and, with a ``#fragment``, an element of that id; nothing is loaded from another
host (the site must open on an intranet); the page of codes lists every code of ``CODES``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.core.fixes import FIXES, SECTIONS, severity
from generator.core.problems import CODES

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs-docs.yml"
DOCS = ROOT / "docs"
README_MAX_LINES = 200
_MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
# attributes through which a page makes the browser fetch something by itself
_LOADS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
          "audio": "src", "video": "src", "embed": "src", "object": "data"}


def mkdocs_build(config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "-d",
         str(out)], cwd=config.parent, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-site")
    done = mkdocs_build(CONFIG, out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def pages(site: Path) -> dict[Path, BeautifulSoup]:
    return {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in sorted(site.rglob("*.html"))}


def test_readme_is_at_most_200_lines_and_its_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MAX_LINES
    targets = [t for t in _MD_LINK.findall(readme) if not urlsplit(t).scheme]
    assert len(targets) >= 8  # the README points into docs/
    for target in targets:
        assert (ROOT / unquote(target.split("#", 1)[0])).is_file(), target
    assert "docs/index.md" in targets


def test_every_markdown_file_of_docs_is_a_built_page(site: Path) -> None:
    sources = sorted(p.relative_to(DOCS).with_suffix(".html") for p in DOCS.rglob("*.md"))
    assert len(sources) >= 9
    assert all((site / page).is_file() for page in sources), sources


def test_every_internal_link_reaches_a_built_file_and_anchor(site: Path) -> None:
    soups = pages(site)
    ids = {path: {tag["id"] for tag in soup.find_all(id=True)} for path, soup in soups.items()}
    checked = fragments = 0
    for path, soup in soups.items():
        for tag in soup.find_all(["a", *_LOADS]):
            url = tag.get("href") or tag.get(_LOADS.get(tag.name, "href"))
            if not url or urlsplit(url).scheme or url.startswith("//"):
                continue
            parts = urlsplit(url)
            base = site if parts.path.startswith("/") else path.parent  # 404.html: from the root
            target = (base / unquote(parts.path.lstrip("/"))).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(site)}: {url}"
            checked += 1
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in ids[target], f"{path.relative_to(site)}: {url}"
                fragments += 1
    assert checked > 100 and fragments > 20, (checked, fragments)


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    for path, soup in pages(site).items():
        for name, attr in _LOADS.items():
            for tag in soup.find_all(name):
                url = tag.get(attr) or ""
                assert not (urlsplit(url).scheme or url.startswith("//")), (path, url)
        for style in soup.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", style.text), path
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import|fonts\.g", text), sheet


def test_the_codes_page_lists_every_code_in_order_with_its_fix(site: Path) -> None:
    """One table per section; together they are CODES row by row, each with its fix (as
    text: the Markdown's backticks become <code>) and its severity."""
    soup = pages(site)[site / "reference" / "codes.html"]
    tables = soup.find_all("table")
    headings = [h.get_text().strip().rstrip("¶") for h in soup.select("article h2")]
    assert headings == [heading for _, heading, _ in SECTIONS]
    assert len(tables) == len(SECTIONS)
    rows = [[cell.get_text() for cell in row.find_all("td")]
            for table in tables for row in table.find_all("tr")[1:]]
    assert rows == [[code, meaning, FIXES[code].replace("`", ""), severity(code)]
                    for code, meaning in CODES.items()]


def test_a_broken_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    """The strict build is what catches a wrong link in the Markdown: prove it does."""
    docs = tmp_path / "docs"
    for source in DOCS.rglob("*"):
        if source.is_file():
            (docs / source.relative_to(DOCS)).parent.mkdir(parents=True, exist_ok=True)
            (docs / source.relative_to(DOCS)).write_bytes(source.read_bytes())
    page = docs / "reference" / "codes.md"
    broken = "\n见[导入](../guide/import.md#没有这一节)。\n"
    page.write_text(page.read_text(encoding="utf-8") + broken, encoding="utf-8")
    config = tmp_path / CONFIG.name
    config.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    done = mkdocs_build(config, tmp_path / "out")
    assert done.returncode == 1
    assert "does not contain an anchor '#没有这一节'" in done.stdout + done.stderr
