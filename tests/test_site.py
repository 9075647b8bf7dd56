"""The real site built from the seeds, read back as parsed HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from generator.publish.pagefind import pagefind_shards
from generator.publish.pagefind_delta import page_urls
from generator.publish.pagefind_names import TEXT_DIR
from generator.site.pages import indicator_rows
from tests.sitebuild import HOSTILE, built, shown_text

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site() -> Path:
    return built("seed").site_dir


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def cell_text(node) -> str:
    """As a reader sees it: a term linked inside a cell's sentence adds no space."""
    return shown_text(node)


def infotable(table) -> dict[str, str]:
    return {cell_text(row.th): cell_text(row.td) for row in table.select("tr")}


def test_department_disclosure_matches_the_published_form(site: Path) -> None:
    page = soup(site, "departments/hezuojiaoliu/2017")
    heading = page.select_one("h1.pe-disclosure-title")
    assert heading.get_text("", strip=True) == \
        "上海市人民政府合作交流办公室2017年度财政支出项目绩效评价结果"
    titles = [cell_text(h) for h in page.select(".pe-infotable-title")]
    assert titles == [f"绩效评价结果信息表 {n}" for n in (1, 2, 3, 4)]
    tables = [infotable(t) for t in page.select("table.pe-infotable")]
    assert [(t["预算金额"], t["评价分值"], t["评价结论"]) for t in tables] == [
        ("20.645万元", "88.47分", "良好"),
        ("20.00万元", "86.84分", "良好"),
        ("10.00万元", "87.74分", "良好"),
        ("19.369万元", "87.12分", "良好"),
    ]
    assert tables[0]["项目名称"] == "2017年上海市在外地投资企业工商注册数据采集与分析系统运维"
    assert tables[1]["主要绩效"].startswith("1、通过项目实施，每月定期对系统进行巡检")
    assert "2、" in tables[1]["主要绩效"]
    assert list(tables[0]) == ["项目名称", "预算金额", "评价分值", "评价结论", "主要绩效",
                               "存在问题", "整改建议", "整改情况"]


@pytest.mark.parametrize("page, facts", [
    ("projects/2017/cooperation-platform", {"预算金额": "19.369 万元",
                                           "实际支出": "19.000 万元（执行率 98.09%）",
                                           "评价分值": "87.12 分",
                                           # the band, the published word beside it (46.5)
                                           "评价等级": "良（公布为“良好”）",
                                           "评价方式": "第三方评价（上海科技咨询有限公司）"}),
    ("projects/2017/video-conference", {"预算金额": "10.00 万元",
                                       "实际支出": "10.00 万元（执行率 100.00%）",
                                       "评价分值": "87.74 分"}),
    ("projects/2018/federation-it", {"预算金额": "153.04 万元",
                                    "实际支出": "152.49 万元（执行率 99.64%）",
                                    "评价分值": "94.57 分", "评价等级": "优"}),
    ("projects/2018/investment-statistics", {"实际支出": "19.50 万元（执行率 97.50%）",
                                            "评价分值": "87.80 分", "评价等级": "良"}),
    ("projects/2017/investment-registration", {"实际支出": "—", "评价方式": "未注明",
                                              "评价分值": "88.47 分"}),
])
def test_project_facts(site: Path, page: str, facts: dict[str, str]) -> None:
    table = soup(site, page).select_one("table.pe-facts")
    cells = table.select("th, td")
    shown = {cell_text(cells[i]): cell_text(cells[i + 1]) for i in range(0, len(cells), 2)}
    for key, value in facts.items():
        assert shown[key] == value, key
    assert "None" not in table.get_text()


def test_score_table_of_a_report(site: Path) -> None:
    rows = soup(site, "projects/2017/cooperation-platform").select("table.pe-score-table tr")
    assert [[cell_text(c) for c in r.select("th, td")] for r in rows] == [
        ["指标", "满分值", "评价分值", "失分", "得分率"],
        ["A 项目决策", "10", "9.00", "1.00", "90.00%"],
        ["B 项目管理", "25", "16.94", "8.06", "67.76%"],
        ["C 项目绩效", "65", "61.18", "3.82", "94.12%"],
        ["合计", "100", "87.12", "12.88", "87.12%"],
    ]


def test_indicator_table_rowspans_match_the_tree(site: Path) -> None:
    result = built("seed")
    project = result.content.full(next(p for p in result.content.projects
                                       if p.id == "2017/video-conference"))
    depth, rows = indicator_rows(project.indicators)
    table = soup(site, "projects/2017/video-conference").select_one("table.pe-indicators")
    body_rows = [r for r in table.select("tbody tr") if "pe-total" not in (r.get("class") or [])]
    assert len(body_rows) == len(list(project.leaves())) == len(rows)
    for html_row, model_row in zip(body_rows, rows, strict=True):
        cells = html_row.select("td.pe-level")
        assert len(cells) == len(model_row)
        for cell, model in zip(cells, model_row, strict=True):
            assert int(cell.get("rowspan", 1)) == model.rowspan
            assert int(cell.get("colspan", 1)) == model.colspan
            assert cell_text(cell).startswith(model.node.label)
        # each leaf row covers all levels exactly once
        spans = sum(int(c.get("colspan", 1)) for c in cells)
        assert spans <= depth
    first = body_rows[0].select("td.pe-level")
    a = next(n for n in project.indicators if n.code == "A")
    assert int(first[0]["rowspan"]) == len(list(a.leaves())) == 5
    assert depth == 4


def test_year_page_lists_every_project(site: Path) -> None:
    page = soup(site, "years/2017")
    rows = page.select("#year-projects tbody tr")
    names = [cell_text(r.select("td")[1]) for r in rows]
    assert len(names) == 4
    assert [cell_text(r.select("td")[4]) for r in rows] == ["88.47", "86.84", "87.74", "87.12"]
    links = [r.select_one("td a")["href"] for r in rows]
    assert links[2] == "../../projects/2017/video-conference/"
    for link in links:
        assert (site / "years/2017" / link / "index.html").resolve().exists()
    downloads = [a["href"] for a in page.select(".pe-downloads a")]
    assert downloads == ["../../data/2017/results.csv", "../../data/2017/results.xlsx"]


def test_series_links_between_years(site: Path) -> None:
    page = soup(site, "projects/2018/investment-statistics")
    rows = page.select("table.pe-series-table tbody tr")
    assert [cell_text(r.td) for r in rows] == ["2017", "2018"]
    assert rows[0].select_one("a")["href"] == "../../2017/investment-statistics/"


def test_empty_fields_show_a_dash_never_none(site: Path) -> None:
    for html in site.rglob("*.html"):
        text = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").get_text()
        assert "None" not in text, html


def test_no_reference_to_another_host(site: Path) -> None:
    for html in site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(src=True):
            assert not urlparse(tag["src"]).netloc, (html, tag["src"])
        for tag in page.find_all("link", href=True):
            assert not urlparse(tag["href"]).netloc, (html, tag["href"])
    for css in site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)https?://", css.read_text(encoding="utf-8")), css


def test_search_index_is_segmented(site: Path) -> None:
    # the published site: Pagefind's index, Chinese, and no Material index to download
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh"]
    assert not (site / "search").exists()
    # the offline package's site: Material's index with jieba's segments (U+200B)
    offline = built("offline").site_dir
    index = json.loads((offline / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in text
    assert "预算\u200b执行率" in text or "预算执行率" in text.replace("\u200b", "")
    assert not (offline / "pagefind").exists()


def test_online_build_searches_with_pagefind_only(site: Path) -> None:
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("wasm.*.pagefind")) and list(bundle.glob("index/*.pf_index"))
    assert not (site / "search" / "search_index.json").exists()
    assert not list(bundle.glob("pagefind-*ui*")), "Pagefind's own UI is not used"
    page = soup(site, "")
    # Material's header button and dialog, driven by our script instead of Material's plugin
    assert page.select_one('label.md-header__button[for="__search"]')
    assert page.select_one(".md-search input.md-search__input")
    assert page.select_one(".md-search .md-search-result .md-search-result__list") is not None
    assert not page.select('[data-md-component^="search"]')
    scripts = {s["src"]: s.get("type") for s in page.select("script[src]")}
    # an ES module: it imports its parts (search/*.js) relative to itself; nothing else
    assert scripts.get("assets/javascripts/pagefind-search.js") == "module"
    assert [src for src in scripts if "pagefind" in src or "/search/" in src] == \
        ["assets/javascripts/pagefind-search.js"]
    javascripts = site / "assets" / "javascripts"
    entry = (javascripts / "pagefind-search.js").read_text(encoding="utf-8")
    parts = ("bigrams", "dialog", "facets", "phrase", "shards")
    # fetched when the reader first reaches for search (tests/browser/test_search_lazy_browser)
    assert not re.findall(r"^import ", entry, re.M)
    listed = re.search(r"^const PARTS = \[(.*)\];$", entry, re.M)
    assert listed and re.findall(r'"(\w+)"', listed.group(1)) == list(parts)
    assert "import(`./search/${name}.js${again}`)" in entry  # again: a retry's address
    for part in (*parts, "results"):
        assert (javascripts / "search" / f"{part}.js").is_file(), part
    config = json.loads(page.select_one("#__config").get_text())
    assert not [f for f in config["features"] if f.startswith("search.")]


def test_offline_build_keeps_material_search() -> None:
    page = BeautifulSoup((built("offline").site_dir / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.select_one('.md-search[data-md-component="search"]')
    assert page.select_one('input.md-search__input[data-md-component="search-query"]')
    assert not [s for s in page.select("script[src]") if "pagefind" in s["src"]]


def test_pagefind_indexes_every_content_page(site: Path) -> None:
    result = built("seed")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sorted(p.relative_to(result.docs_dir) for p in result.docs_dir.rglob("*.md"))
    assert len(pages) > 10
    assert entry["languages"]["zh"]["page_count"] == len(pages)
    assert len(list(site.rglob("index.html"))) == len(pages)


def test_a_large_index_is_written_in_shards_that_cover_every_page(site: Path) -> None:
    one = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert one == {"shards": []}  # the seed site fits one Pagefind run
    sharded = built("sharded").site_dir
    pages = sorted(p.relative_to(sharded).as_posix() for p in sharded.rglob("index.html"))
    manifest = json.loads((sharded / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    shards = manifest["shards"]
    # the summaries, then the project pages, in shards of 10 pages at most, never mixed
    # (an edit changes a project page and summaries), in site order, every page once
    plan = [[p.relative_to(sharded).as_posix() for p in shard]
            for _, shard in pagefind_shards(sharded, 10)]
    expected = [len(shard) for shard in plan]
    assert len(expected) >= 4 and max(expected) <= 10
    assert [p for shard in plan for p in shard] == \
        sorted(pages, key=lambda p: (p.startswith("projects/"), p.split("/")))
    assert all(len({p.startswith("projects/") for p in shard}) == 1 for shard in plan)
    assert shards == [f"pagefind/shard-{i}/" for i in range(1, len(expected))]
    counts = []
    for bundle in ["pagefind/", *shards]:
        entry = json.loads((sharded / bundle / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == ["zh"]
        counts.append(entry["languages"]["zh"]["page_count"])
        assert (sharded / bundle / "pagefind.js").is_file()
    assert counts == expected and sum(counts) == len(pages)
    assert not sharded.with_name("site.new.pagefind").exists()  # the runs' folders are gone
    assert not sharded.with_name("site.new").exists()


def test_hostile_text_is_only_text() -> None:
    site = built("hostile").site_dir
    page = soup(site, "projects/2019/hostile")
    main = page.select_one("article") or page
    assert not main.find_all("script")
    assert not main.find_all("img")
    assert not main.find_all("b") and not main.find_all("i")
    for a in main.find_all("a", href=True):
        assert not a["href"].startswith("javascript:")
        assert "example.com" not in a["href"]
    text = main.get_text()
    for value in HOSTILE.values():  # shown as written (a line break as a break or a space)
        assert "".join(value.split()) in "".join(text.split()), value
    assert "<b>粗体单位</b>" in text
    assert "{{ 7*7 }}" in text and "模板{% endif %}" in text
    # the title MkDocs prints unescaped carries no markup characters
    assert "<script>" not in str(page.title)
    for html in site.rglob("*.html"):
        parsed = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        assert not parsed.find_all(onerror=True), html
        assert not parsed.find_all(onfocus=True) and not parsed.find_all(autofocus=True), html
        assert not parsed.select('a[href^="javascript:"]'), html
        assert not [s for s in parsed.find_all("script") if "alert" in s.get_text()], html


def test_offline_search_index_leaves_out_what_pagefind_leaves_out() -> None:
    # one mark in the templates (data-search-exclude) serves both search engines
    offline = built("offline").site_dir
    index = json.loads((offline / "search" / "search_index.json").read_text(encoding="utf-8"))
    holders = {doc["location"].split("#")[0] for doc in index["docs"]
               if "性能评估" in doc["text"].replace("\u200b", "")}
    assert holders == {"projects/2017/video-conference/index.html"}  # not its 部门公开 page
    assert not any("查看图表数据" in doc["text"] for doc in index["docs"])  # charts' tables
    page = (offline / "departments" / "hezuojiaoliu" / "2017" / "index.html").read_text("utf-8")
    assert "data-search-exclude" not in page  # Material removes the mark from the pages
    online = (built("seed").site_dir / "departments" / "hezuojiaoliu" / "2017" / "index.html")
    assert 'class="pe-disclosure-item" data-search-exclude="true"' in online.read_text("utf-8")


def test_third_party_targets_stand_in_the_one_indicator_table(site: Path) -> None:
    """001's 表 1 targets stand against its leaves in the page's one indicator table, titled
    绩效指标完成情况 for a third-party evaluation (the 自评表 is for self-evaluations); the
    goals are under 年度总体目标, without a second copy of the facts."""
    page = soup(site, "projects/2017/video-conference")
    assert page.select_one("section.pe-selfeval") is None  # no second copy of the tree
    assert len(page.select("table.pe-indicators")) == 1
    heading = page.select_one("table.pe-indicators").find_previous("h2")
    assert cell_text(heading) == "绩效指标完成情况"
    targets = {}
    for row in page.select("table.pe-indicators tbody tr"):
        levels = row.select("td.pe-level")
        values = [cell_text(c) for c in row.select("td:not(.pe-level)")]
        if levels and len(values) >= 5:  # 满分值, 得分, 失分, 年度指标值, 实际完成值 …
            targets[cell_text(levels[-1])] = values[3]
    assert targets["C2.3.1 用户满意程度"] == "≥85%"
    assert targets["C1.2.2 故障修复及时率"] == "100%"
    assert targets["系统运维任务完成情况"] == "系统运维任务全部完成"
    # the goals alone: name, units and money are the facts', not repeated in a form's head
    assert page.select_one("table.pe-selfeval-head") is None
    goals = page.select_one("div.pe-goals")
    assert cell_text(goals.find_previous("h2")) == "年度总体目标"
    assert cell_text(goals.select("p")[1]).startswith(
        "该项目的总体目标是：通过对上海市政府驻外办事处视频会议系统的运维")
    other = soup(site, "projects/2017/investment-registration")
    assert other.select_one("div.pe-goals") is None  # neither goals nor targets: no block


def pagefind_text(site: Path, url: str) -> str:
    """The text the search reads of one page: its bundle's file of it, by the page's number
    (generator/publish/pagefind_han.py)."""
    bundle = site / "pagefind"
    for number, (_, page) in enumerate(page_urls(bundle)):
        if page == url:
            return (bundle / TEXT_DIR / f"{number}.txt").read_text(encoding="utf-8")
    raise AssertionError(f"{url} is not in the search index")


def test_search_indexes_each_indicator_once_and_no_table_figures(site: Path) -> None:
    # the page's one indicator table holds the indicators' words, once
    text = pagefind_text(site, "/projects/2017/video-conference/")
    for words in ("会议全程DVD录像清晰及存档资料完整", "故障修复及时率", "用户满意程度"):
        assert text.count(words) == 1, words
    assert "会议全程DVD录像清晰；存档资料完整" in text and "≥85%" in text  # targets
    assert "性能评估" in text  # the problems, in the 问题与整改 ledger
    text = pagefind_text(site, "/projects/2018/investment-statistics/")
    assert "项目决策" in text and "项目管理" in text
    page = soup(site, "projects/2018/investment-statistics")
    assert not page.select_one(".pe-scroll:has(> table.pe-indicators)").has_attr(
        "data-search-exclude")


