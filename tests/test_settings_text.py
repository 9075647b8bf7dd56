"""Every text of site.yml is plain text wherever it lands (issue 42, points 1 and 3; SPEC §2).

A site whose every setting carries a payload (``</title><script>``, ``" onmouseover=``,
``<img onerror>``, ``javascript:``) is built twice: from its ``site.yml``, and from the
``results.xlsx`` of that site imported (``import --force``) into an empty folder, whose
网站设置 sheet carries the same settings, as a workbook sent back by another unit would.
Every page is parsed (:mod:`tests.markup_oracle`): no element, attribute, handler or link
comes from the settings; every text download (the feeds, the JSON and CSV files, the search
records) holds them as the plain text they are, and the pages show them as written.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.cli import main
from generator.content.discovery import read_content
from generator.publish.pagefind_names import TEXT_DIR
from generator.publish.pipeline import build
from tests.markup_oracle import site_markup, squeeze

TITLE = '公开</title><script>alert("zq1q")</script>'
PUBLISHER = '<img src=x onerror=alert("zq2q")>发布单位'
LICENSE = '许可" onmouseover="alert(zq3q)" x="'
# within the settings' lengths (generator/content/site_config.py LIMITS: a grade label 10
# characters, an alias or a level 20)
TOP = "<b>zq4q"
GOOD = '"zq5q=1'
ALIAS = "<img src=zq6q>"
MIDDLE = "*zq7q*"
LOW = "<s>zq8q"
LEVEL = "<a href=zq9q>达成"
DEPARTMENT = '某局</a><a href="javascript:alert(zq10q)" autofocus onfocus="alert(zq11q)">'
SETTINGS = [TITLE, PUBLISHER, LICENSE, TOP, GOOD, ALIAS, MIDDLE, LOW, LEVEL, DEPARTMENT]

SITE = {
    "title": TITLE, "publisher": PUBLISHER, "license": LICENSE,
    "grades": [{"label": TOP, "min": 90}, {"label": GOOD, "min": 80, "aliases": [ALIAS]},
               {"label": MIDDLE, "min": 60}, {"label": LOW, "min": 0}],
    "levels": {LEVEL: 1, "部分实现": 0.7, "未实现": 0},
    "departments": {DEPARTMENT: "mou-ju"},
}


def project(name: str, year: int, score: int, grade: str, authority: str,
            level: str = LEVEL) -> str:
    leaf = {"code": "A1", "name": "完成率", "weight": 100, "score": score}
    if level:
        leaf |= {"rule": "level", "level": level}
    return yaml.safe_dump({
        "name": name, "year": year, "department": authority, "authority": authority,
        "method": "第三方评价", "budget": 10, "spent": 9, "score": score, "grade": grade,
        "achievements": ["完成"], "problems": ["制度不健全"], "recommendations": ["完善制度"],
        "indicators": [{"code": "A", "name": "产出", "weight": 100, "children": [leaf]}],
    }, allow_unicode=True, sort_keys=False)


def content(root: Path) -> Path:
    folder = root / "content"
    (folder / "projects" / "2020").mkdir(parents=True)
    (folder / "projects" / "2021").mkdir(parents=True)
    (folder / "site.yml").write_text(yaml.safe_dump(SITE, allow_unicode=True), "utf-8")
    files = {"2020/a.yml": project("甲项目", 2020, 100, TOP, DEPARTMENT),
             "2020/b.yml": project("乙项目", 2020, 85, ALIAS, "其他局", ""),
             "2020/c.yml": project("丙项目", 2020, 70, MIDDLE, "其他局", "部分实现"),
             "2020/d.yml": project("丁项目", 2020, 50, LOW, DEPARTMENT, ""),
             "2021/a.yml": project("甲项目", 2021, 100, TOP, DEPARTMENT)}
    for name, text in files.items():
        (folder / "projects" / name).write_text(text, "utf-8")
    return folder


def imported(root: Path, source: Path) -> Path:
    """``source``'s site, through its own results.xlsx imported into an empty folder."""
    built_once = build(source, root / "first" / "build", root / "first" / "site")
    workbook = root / "results.xlsx"
    shutil.copyfile(built_once.site_dir / "data" / "results.xlsx", workbook)
    target = root / "imported"
    target.mkdir()
    assert main(["import", str(workbook), "--content", str(target), "--force"]) == 0
    return target


@pytest.fixture(scope="module", params=["site.yml", "results.xlsx"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("settings-" + request.param.replace(".", "-"))
    folder = content(root)
    if request.param == "results.xlsx":
        folder = imported(root, folder)
    read = read_content(folder, workers=1)
    assert not read.errors, [p.format() for p in read.problems]
    assert read.config.title == TITLE and read.config.departments == {DEPARTMENT: "mou-ju"}
    assert [b.label for b in read.config.grades] == [TOP, GOOD, MIDDLE, LOW]
    result = build(folder, root / "build", root / "site")
    return result.site_dir


def test_no_page_holds_markup_from_the_settings(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    assert site_markup(site, SETTINGS) == {}
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not [a for a in soup.find_all(True) if any(k.startswith("on") for k in a.attrs)]
        assert not soup.select('[href^="javascript:"], [src^="javascript:"], [autofocus]')


def test_the_settings_are_shown_as_written(site: Path) -> None:
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title is not None and home.title.string.endswith(" - " + TITLE)
    header = home.select_one(".md-header__topic .md-ellipsis")
    assert header is not None and header.get_text().strip() == TITLE
    logo = home.select_one("a.md-header__button.md-logo")
    assert logo is not None and logo["title"] == TITLE and logo["aria-label"] == TITLE
    nav = home.select_one("label.md-nav__title")
    assert nav is not None and nav.get_text().strip() == TITLE
    feed = home.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert feed is not None and feed["title"] == TITLE + "（Atom 订阅）"
    footer = home.select_one(".pe-footer")
    assert footer is not None
    assert footer.select_one(".pe-footer__publisher").get_text() == "发布单位：" + PUBLISHER
    assert footer.select_one(".pe-footer__license").get_text() == "数据许可：" + LICENSE
    text = squeeze(home.get_text())
    for value in (TITLE, PUBLISHER):
        assert squeeze(value) in text, value
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    for value in (TOP, GOOD, ALIAS, MIDDLE, LOW, LEVEL):
        assert squeeze(value) in squeeze(BeautifulSoup(about, "html.parser").get_text()), value


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_text_download_holds_the_settings_as_text(site: Path) -> None:
    feeds = sorted(site.rglob("*.xml"))
    assert site / "feed.xml" in feeds
    atom = "{http://www.w3.org/2005/Atom}"
    allowed = {atom + t for t in ("feed", "id", "title", "subtitle", "link", "updated",
                                  "author", "name", "rights", "entry", "published",
                                  "category", "summary")}
    found: set[str] = set()
    for path in feeds:
        if path.name.startswith("sitemap"):  # sitemap.xml and the files it names
            continue
        tree = ET.fromstring(path.read_bytes())
        assert {e.tag for e in tree.iter()} <= allowed, path
        found |= {e.text or "" for e in tree.iter()} | {
            v for e in tree.iter() for v in e.attrib.values()}
    assert {TITLE, PUBLISHER, LICENSE, DEPARTMENT} <= found
    texts: list[str] = []
    for path in sorted(site.rglob("*.json")):
        texts += _strings(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted(site.rglob("*.csv")):
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        texts += [cell for row in rows for cell in row]
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        texts += _strings(data)
    for path in sorted((site / "pagefind" / TEXT_DIR).iterdir()):  # each page's text
        texts.append(path.read_text(encoding="utf-8"))
    for value in (TITLE, LICENSE, DEPARTMENT, TOP):
        assert value in texts, value  # the settings, whole, as the plain text they are
