"""Open data the way the ecosystem expects: a Frictionless Data Package that validates
against the published CSVs, Atom feeds that parse, a licence in every footer and a
citation (with meta tags for reference managers) on every project page."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from frictionless import validate

import generator.site.feeds
from generator.cli import NO_BASE_URL, main
from generator.content.discovery import read_content
from generator.core.fields import FIELDS_BY_KEY, TABLE_FIELDS
from generator.core.urls import DATAPACKAGE_PATH, FEED_PATH, department_feed, project_page
from generator.downloads.datapackage import datapackage_json, license_id
from generator.downloads.files import export_files, indicators_csv, rectification_csv, results_csv
from generator.site.citation import citation
from generator.site.context import build_context
from generator.site.feeds import entry_id, iter_feed_files, newest_first
from generator.site.pages import render_pages
from tests.bench.synth import write_content
from tests.conftest import HEADER, check_dir, one, write_project
from tests.sitebuild import (
    HOSTILE,
    SEED_CONTENT,
    _content_with_hostile,
    built,
    structured_rectification,
    tmp_dir,
)

LICENSE = "署名 4.0 国际（CC BY 4.0）"  # content/site.yml
ATOM = "application/atom+xml"


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _csv_header(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text, newline="")))


def _errors(report) -> list[list]:
    return report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])


# --- data/datapackage.json ----------------------------------------------------------------

def test_seed_datapackage_validates_against_the_published_csvs() -> None:
    result = built("seed")
    site = result.site_dir
    descriptor = json.loads((site / DATAPACKAGE_PATH).read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["results", "indicators", "rectification", "results-2018", "results-2017"]
    report = validate(str(site / DATAPACKAGE_PATH))
    assert report.valid, _errors(report)
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["results"] == len(result.content.projects) == 6
    assert rows["results-2017"] + rows["results-2018"] == 6
    assert rows["indicators"] > 100
    # every CSV the site publishes is described, and each field is named as its header
    published = {p.relative_to(site / "data").as_posix()
                 for p in (site / "data").rglob("*.csv")}
    assert published == {r["path"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        header = _csv_header(site / "data" / resource["path"])
        assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_datapackage_fields_types_units_keys_and_licence() -> None:
    descriptor = json.loads((built("seed").site_dir / DATAPACKAGE_PATH).read_text("utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "title": LICENSE}]
    assert descriptor["created"] == "2019-01-01T00:00:00Z"  # the build's epoch
    results, indicators = descriptor["resources"][:2]
    fields = {f["name"]: f for f in results["schema"]["fields"]}
    assert fields["预算金额（万元）"] == {
        "name": "预算金额（万元）", "title": "预算金额", "type": "number", "unit": "万元",
        "description": FIELDS_BY_KEY["budget"].description}
    assert fields["预算执行率（%）"]["unit"] == "%"
    assert fields["预算年度"]["type"] == "integer"
    assert fields["项目名称"]["type"] == "string"
    assert [f["name"] for f in results["schema"]["fields"]] == [f.header for f in TABLE_FIELDS]
    assert results["schema"]["primaryKey"] == ["项目编号"]
    assert indicators["schema"]["foreignKeys"] == [
        {"fields": ["项目编号"], "reference": {"resource": "results", "fields": ["项目编号"]}}]
    names = {f["name"] for f in indicators["schema"]["fields"]}
    assert names >= {"项目编号", "年度", "得分率（%）"}


@pytest.mark.parametrize("table", ["indicators", "rectification"])
def test_datapackage_foreign_key_is_checked(tmp_path: Path, table: str) -> None:
    """The validation would notice an indicator or 整改 row whose project is not in
    results.csv."""
    data = tmp_path / "data"
    shutil.copytree(built("seed").site_dir / "data", data)
    path = data / f"{table}.csv"
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    lines[1] = "2016/no-such-project" + lines[1][lines[1].index(","):]
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    report = validate(str(data / "datapackage.json"))
    assert not report.valid
    assert [e[3] for e in _errors(report)] == ["foreign-key"]


def test_datapackage_validates_at_1000_projects() -> None:
    folder = tmp_dir("opendata-1k")
    write_content(folder / "content", 1000)
    content = read_content(folder / "content")
    assert not content.errors
    projects = content.projects
    data = folder / "data"
    data.mkdir(exist_ok=True)
    (data / "results.csv").write_bytes(results_csv(projects))
    (data / "indicators.csv").write_bytes(indicators_csv(projects))
    (data / "rectification.csv").write_bytes(rectification_csv(projects))
    years = sorted({p.year for p in projects}, reverse=True)
    for year in years:
        (data / str(year)).mkdir(exist_ok=True)
        (data / str(year) / "results.csv").write_bytes(
            results_csv(p for p in projects if p.year == year))
    (data / "datapackage.json").write_bytes(
        datapackage_json(content.config, years, datetime(2025, 1, 1)))
    report = validate(str(data / "datapackage.json"))
    assert report.valid, _errors(report)[:10]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["results"] == 1000 and rows["indicators"] > 10_000


def test_rectification_status_and_date_are_open_data(tmp_path: Path) -> None:
    content = read_content(structured_rectification(tmp_path / "content"))
    assert not content.errors
    files = export_files(content, datetime(2019, 1, 1))
    data = tmp_path / "data"
    for path, body in files.items():
        if path.endswith((".csv", "datapackage.json")):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(body)
    text = (data / "rectification.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["项目编号", "序号", "整改情况", "状态", "日期"]
    mine = [r for r in rows[1:] if r[0] == "2017/video-conference"]
    assert [r[1:] for r in mine if r[3] != "未说明"] == [
        ["1", "计划开展视频会议系统性能评估，必要时实施升级改造。", "整改中", "2018-06"],
        # read from its words (issue 46.3)
        [str(len(mine)), "已完善运维合同的考核条款。", "已整改", ""]]
    total = sum(len(p.rectification_items) for p in content.projects)
    assert len(rows) - 1 == total and total > len(mine)
    assert not [r for r in rows[1:] if r[0].endswith("federation-it")]  # 工商联: none
    record = json.loads(files["data/projects/2017/video-conference.json"])
    assert record["rectification_items"][0] == {
        "text": "计划开展视频会议系统性能评估，必要时实施升级改造。", "status": "整改中",
        "date": "2018-06"}
    assert record["rectification_items"][-1]["status"] == "已整改"
    assert [i["text"] for i in record["rectification_items"]] == record["rectification"]
    report = validate(str(data / "datapackage.json"))
    assert report.valid, _errors(report)
    assert {t.name: t.stats["rows"] for t in report.tasks}["rectification"] == total
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r for r in descriptor["resources"] if r["name"] == "rectification")["schema"]
    assert schema["primaryKey"] == ["项目编号", "序号"]
    assert schema["foreignKeys"][0]["reference"] == {"resource": "results",
                                                     "fields": ["项目编号"]}
    assert [f["type"] for f in schema["fields"]] == ["string", "integer", "string", "string",
                                                     "string"]


@pytest.mark.parametrize("text, spdx", [
    ("署名 4.0 国际（CC BY 4.0）", "CC-BY-4.0"), ("CC-BY-SA-4.0", "CC-BY-SA-4.0"),
    ("知识共享 CC0 1.0 公共领域贡献", "CC0-1.0"), ("ODbL 1.0", "ODbL-1.0"),
    ("政府信息公开，转载请注明出处", "other"),
])
def test_license_ids(text: str, spdx: str) -> None:
    assert license_id(text) == spdx


# --- site.yml -----------------------------------------------------------------------------

def test_site_yml_license_and_base_url(tmp_path: Path) -> None:
    site = "license: CC BY 4.0\nbase_url: https://intranet.invalid/jx\n"
    write_project(tmp_path, "a.yml", HEADER + "score: 80\n", site=site)
    content = check_dir(tmp_path)
    assert content.problems == []
    assert content.config.license == "CC BY 4.0"
    assert content.config.base_url == "https://intranet.invalid/jx/"  # a / is added
    seed = read_content(SEED_CONTENT, workers=1).config
    assert (seed.license, seed.base_url) == (LICENSE, "")


@pytest.mark.parametrize("value", ["javascript:alert(1)", "intranet/jx/", "'https://a b/'"])
def test_site_yml_base_url_must_be_an_address(tmp_path: Path, value: str) -> None:
    write_project(tmp_path, "a.yml", HEADER + "score: 80\n", site=f"base_url: {value}\n")
    problem = one(check_dir(tmp_path).problems, "invalid-value")
    assert problem.severity == "error" and "base_url" in problem.message
    assert "http:// 或 https://" in problem.message


# --- Atom feeds ---------------------------------------------------------------------------

def _feed(path: Path, address: str) -> feedparser.FeedParserDict:
    """Parsed as a reader fetching it from ``address`` does (relative links resolved)."""
    parsed = feedparser.parse(path.read_bytes(),
                              response_headers={"content-location": address,
                                                "content-type": ATOM})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_feed_has_one_entry_per_project_newest_first() -> None:
    result = built("seed")
    base = "http://intranet.invalid/jx/"
    feed = _feed(result.site_dir / FEED_PATH, base + FEED_PATH)
    projects = result.content.projects
    assert feed.version == "atom10"
    assert len(feed.entries) == len(projects)
    by_link = {e.link: e for e in feed.entries}
    for project in projects:
        entry = by_link[base + project_page(project)]  # the right link, resolved
        assert (result.site_dir / project_page(project) / "index.html").is_file()
        assert entry.title == project.name
        assert entry.id == entry_id(project) and entry.id.startswith("urn:uuid:")
        assert entry.author == project.authority
        assert project.grade in entry.summary and f"{project.total:.2f}" in entry.summary
    years = [int(e.summary[:4]) for e in feed.entries]
    assert years == sorted(years, reverse=True)
    assert feed.entries[0].title == "2018年信息化项目经费"  # 2018, reported 2019-06
    assert feed.entries[0].updated == "2019-06-01T00:00:00Z"
    assert feed.feed.rights == LICENSE


def test_department_feeds() -> None:
    result = built("seed")
    config = result.content.config
    base = "http://intranet.invalid/"
    authorities = {p.authority for p in result.content.projects}
    for authority in authorities:
        path = department_feed(authority, config)
        feed = _feed(result.site_dir / path, base + path)
        own = [p for p in newest_first(result.content.projects) if p.authority == authority]
        assert [e.link for e in feed.entries] == [base + project_page(p) for p in own]


def test_feed_ids_stable_and_links_absolute_with_base_url() -> None:
    content = read_content(SEED_CONTENT, workers=1)
    when = datetime(2019, 1, 1)
    plain = dict(iter_feed_files(content.projects, content.config, when))
    config = replace(content.config, base_url="https://intranet.invalid/jx/")
    published = dict(iter_feed_files(content.projects, config, when))
    assert plain.keys() == published.keys()
    a = feedparser.parse(plain[FEED_PATH])
    b = feedparser.parse(published[FEED_PATH])
    assert not b.bozo
    assert [e.id for e in a.entries] == [e.id for e in b.entries]  # ids do not move
    assert [e.link for e in b.entries] == [
        "https://intranet.invalid/jx/" + project_page(p) for p in newest_first(content.projects)]
    assert b.feed.links[0].href == "https://intranet.invalid/jx/feed.xml"  # rel=self
    assert dict(iter_feed_files(content.projects, config, when)) == published  # same bytes


def test_feeds_hold_the_newest_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.site.feeds, "FEED_ENTRIES", 2)
    content = read_content(SEED_CONTENT, workers=1)
    feeds = dict(iter_feed_files(content.projects, content.config, datetime(2019, 1, 1)))
    newest = newest_first(content.projects)
    main_feed = feedparser.parse(feeds[FEED_PATH])
    assert [e.title for e in main_feed.entries] == [p.name for p in newest[:2]]
    assert main_feed.feed.updated == "2019-06-01T00:00:00Z"  # the newest report date
    authority = "上海市人民政府合作交流办公室"
    own = [p.name for p in newest if p.authority == authority]
    assert len(own) > 2
    feed = feedparser.parse(feeds[department_feed(authority, content.config)])
    assert [e.title for e in feed.entries] == own[:2]


def test_feed_escapes_hostile_text() -> None:
    content = read_content(_content_with_hostile(), workers=1)
    data = dict(iter_feed_files(content.projects, content.config, datetime(2020, 1, 1)))
    feed = feedparser.parse(data[FEED_PATH])
    assert not feed.bozo
    hostile = next(e for e in feed.entries if "恶意项目名称" in e.title)
    assert hostile.title == HOSTILE["script"] + "恶意项目名称"
    assert b"<script>" not in data[FEED_PATH]


def test_build_says_when_links_are_relative(capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_dir("opendata-cli")
    assert main(["build", "--content", str(SEED_CONTENT), "--out", str(out),
                 "--no-site"]) == 0
    assert NO_BASE_URL in capsys.readouterr().out
    assert (out / "docs" / FEED_PATH).is_file()
    assert (out / "docs" / DATAPACKAGE_PATH).is_file()


# --- footer, head links and the citation --------------------------------------------------

def test_every_page_has_the_licence_footer_and_the_feed_link() -> None:
    site = built("seed").site_dir
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = _html(path)
        footer = page.select_one("footer .pe-footer")
        assert footer is not None, path
        assert footer.select_one(".pe-footer__license").get_text() == f"数据许可：{LICENSE}"
        assert "数据来源" in footer.select_one(".pe-footer__source").get_text()
        links = page.head.select(f'link[rel="alternate"][type="{ATOM}"]')
        assert links, path
        depth = len(path.relative_to(site).parts) - 1
        expected = "../" * depth + FEED_PATH if path.name != "404.html" else "/" + FEED_PATH
        assert links[0]["href"] == expected, path  # MkDocs' 404 page links from the root


def test_department_page_links_its_own_feed() -> None:
    page = _html(built("seed").site_dir / "departments/hezuojiaoliu/2017/index.html")
    hrefs = [link["href"] for link in page.head.select(f'link[rel="alternate"][type="{ATOM}"]')]
    assert hrefs == ["../../../feed.xml"]  # Material fetches sitemap.xml beside each alternate
    link = page.select_one(f'article a[type="{ATOM}"]')
    assert link["href"] == "../feed.xml" and "上海市人民政府合作交流办公室" in link.get_text()


def test_project_page_citation_and_meta_tags() -> None:
    result = built("seed")
    page = _html(result.site_dir / "projects/2017/video-conference/index.html")
    name = "2017年上海市政府驻外办事处视频会议系统运维项目"
    text = page.select_one("#pe-cite-text").get_text()
    assert text == (f"财政支出项目绩效评价结果公开. {name}. 2017年度绩效评价结果. "
                    "projects/2017/video-conference/")  # made absolute by the script
    button = page.select_one("button[data-pe-copy='pe-cite-text']")
    assert button is not None and button.has_attr("hidden")  # shown by the script
    meta = {m["name"]: m["content"] for m in page.head.select("meta[name^=citation_]")}
    assert meta == {"citation_title": name, "citation_publisher": "财政支出项目绩效评价结果公开",
                    "citation_author": "上海市人民政府合作交流办公室",
                    "citation_date": "2018/06", "citation_publication_date": "2018/06"}
    # the site's one page script (the citation's was a second one with its own start-up)
    assert page.select('script[src$="/pe.js"]') and not page.select('script[src$="cite.js"]')
    assert not page.select(".pe-cite script")  # the copy button's script is a file
    assert not any("pe-copy" in (s.string or "") for s in page.select("script:not([src])"))
    # a page without a report date takes the build's date
    other = _html(result.site_dir / "projects/2018/investment-statistics/index.html")
    assert other.head.select_one("meta[name=citation_date]")["content"] == "2019/01/01"
    # only project pages carry citation tags
    assert not _html(result.site_dir / "index.html").head.select("meta[name^=citation_]")


def test_citation_with_base_url_and_publisher() -> None:
    content = read_content(SEED_CONTENT, workers=1)
    config = replace(content.config, base_url="https://intranet.invalid/", publisher="某市财政局")
    content.config = config
    site = build_context(content)
    project = next(p for p in content.projects if p.id == "2017/video-conference")
    cite = citation(project, config, site.built)
    assert cite.text == (f"某市财政局. {project.name}. 2017年度绩效评价结果. "
                         "https://intranet.invalid/projects/2017/video-conference/")
    pages = dict(render_pages(site))
    markdown = pages["projects/2017/video-conference/index.md"]
    front = yaml.safe_load(markdown.split("---\n")[1])
    assert front["citation"] == {"title": project.name, "publisher": "某市财政局",
                                 "author": project.authority, "date": "2018/06",
                                 "url": "https://intranet.invalid/projects/2017/video-conference/"}
    assert "https://intranet.invalid/projects/2017/video-conference/</span>" in markdown


def test_hostile_text_in_citation_and_meta_is_escaped() -> None:
    site = built("hostile").site_dir
    page_dir = next(p for p in (site / "projects" / "2019").iterdir() if p.is_dir())
    raw = (page_dir / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    title = HOSTILE["script"] + "恶意项目名称"
    assert page.head.select_one("meta[name=citation_title]")["content"] == title
    assert title in page.select_one("#pe-cite-text").get_text()
    assert "<script>alert" not in raw
    author = page.head.select_one("meta[name=citation_author]")["content"]
    assert author == "<i>主管</i>部门 | 竖线"


def test_data_page_links_the_package_and_the_feed() -> None:
    page = _html(built("seed").site_dir / "data/index.html")
    hrefs = {a["href"] for a in page.select("article a[href]")}
    assert {"datapackage.json", "../feed.xml", "rectification.csv"} <= hrefs, hrefs
    fields = [r.find("code").text
              for r in page.select("#data-dictionary-rectification tbody tr")]
    assert fields == ["index", "text", "status", "date"]
