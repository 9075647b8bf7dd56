"""Accountability and insight: the rectification ledger, the rectification and problems
pages, where a project stands, the authority overview and the search facets (seed site as
parsed HTML; the problems pages also on 1,000 synthetic projects)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.discovery import read_content
from generator.core.model import Project
from generator.core.rectification import UNSTATED, ledger_rows, problem_statuses, text_status
from generator.core.themes import OTHER, THEME_SLUGS, THEMES, themes_of, words
from generator.site.context import build_context
from generator.site.pages import render_pages
from tests.bench.synth import write_content
from tests.conftest import HEADER, check_text, errors, project_of
from tests.sitebuild import SEED_CONTENT, built, tmp_dir


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def site() -> Path:
    return built("seed").site_dir


@pytest.fixture(scope="module")
def seeds() -> list[Project]:
    return read_content(SEED_CONTENT).projects


def ledger_rows_of(table) -> list[list[str]]:
    return [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]


# ---- reading structured rectification ------------------------------------------------------

def test_rectification_items_with_status_and_date(tmp_path: Path) -> None:
    body = (HEADER + "score: 80\nproblems: [甲, 乙]\nrecommendations: [改甲, 改乙]\n"
            "rectification:\n  - {text: 已改甲, status: 已整改, date: 2019-03}\n  - 正在改乙\n")
    project = project_of(check_text(tmp_path, body))
    assert project.rectification == ["已改甲", "正在改乙"]
    assert [(r.status, r.date) for r in project.rectification_items] == [
        ("已整改", "2019-03"), ("已填报", None)]
    # 正在改乙 states no status; its words say the work is under way (issue 46.3)
    assert problem_statuses(project) == ["已整改", "整改中"]


@pytest.mark.parametrize("item, message", [
    ("{text: 甲, status: 完成}", "status 应为 已整改 / 整改中 / 未整改"),
    ("{status: 已整改}", "缺少 text"),
    ("{text: 甲, when: 2019}", "未知的键「when」"),
    ("{text: 甲, date: 2019-13}", "YYYY-MM"),
])
def test_bad_rectification_items(tmp_path: Path, item: str, message: str) -> None:
    content = check_text(tmp_path, HEADER + f"score: 80\nrectification:\n  - {item}\n")
    assert any(message in e.message for e in errors(content)), \
        [e.message for e in errors(content)]


def test_lists_of_other_lengths_are_not_paired(seeds: list[Project]) -> None:
    project = replace(next(p for p in seeds if p.id == "2017/video-conference"),
                      problems_found=["甲", "乙"])
    assert ledger_rows(project) is None
    assert problem_statuses(project) == [UNSTATED, UNSTATED]


# ---- project pages --------------------------------------------------------------------------

def test_003_problems_pair_with_their_recommendations_and_rectifications(
        site: Path, seeds: list[Project]) -> None:
    disclosed = [p for p in seeds if p.year == 2017]
    assert len(disclosed) == 4
    for project in disclosed:
        page = soup(site, f"projects/{project.id}")
        table = page.select_one("table.pe-ledger")
        assert "pe-ledger-lists" not in table["class"]
        rows = ledger_rows_of(table)
        expected = list(zip(project.problems_found, project.recommendations,
                            project.rectification, strict=True))
        assert [(r[1], r[2], r[3]) for r in rows] == expected, project.id
        assert [r[0] for r in rows] == [str(i) for i in range(1, len(expected) + 1)]
        # each status as its words read, and said to be read from them (issue 46.3)
        assert [r[4].replace(" ", "") for r in rows] == [
            text_status(t) + ("（按文字判断）" if text_status(t) != UNSTATED else "")
            for t in project.rectification], project.id


def test_federation_rows_show_no_rectification(site: Path) -> None:
    rows = ledger_rows_of(soup(site, "projects/2018/federation-it").select_one("table.pe-ledger"))
    assert len(rows) == 1
    assert rows[0][1].startswith("项目过程管理有待进一步加强")
    assert rows[0][3] == "—" and rows[0][4] == UNSTATED


def test_2018_investment_page_shows_the_2017_problems_and_rectification(
        site: Path, seeds: list[Project]) -> None:
    earlier = next(p for p in seeds if p.id == "2017/investment-statistics")
    page = soup(site, "projects/2018/investment-statistics")
    heading = next(h for h in page.select("h2") if "上年评价发现的问题及整改" in text(h))
    assert "2017" in text(heading)
    link = heading.find_next("p", class_="pe-series-link").a
    assert link["href"] == "../../2017/investment-statistics/"
    rows = ledger_rows_of(heading.find_next("table", class_="pe-ledger"))
    assert [(r[1], r[2], r[3]) for r in rows] == list(zip(
        earlier.problems_found, earlier.recommendations, earlier.rectification, strict=True))
    # and the 2017 page links forward
    later = soup(site, "projects/2017/investment-statistics")
    heading = next(h for h in later.select("h2") if text(h) == "后续评价")
    assert heading.find_next("a")["href"] == "../../2018/investment-statistics/"


def test_every_project_shows_where_it_stands(site: Path, seeds: list[Project]) -> None:
    for project in seeds:
        page = soup(site, f"projects/{project.id}")
        rows = [[text(c) for c in tr.select("th, td")]
                for tr in page.select("table.pe-standing tbody tr")]
        assert rows[0][0] == f"{project.year} 年全部项目"
        assert rows[1][0].startswith(project.authority)
        assert page.select_one("#chart-standing .pe-chart-data table")
        if project.indicators:
            assert page.select_one("#chart-rates-vs-year .pe-chart-data table")
    federation = soup(site, "projects/2018/federation-it")
    rows = [[text(c) for c in tr.select("th, td")]
            for tr in federation.select("table.pe-standing tbody tr")]
    # 2018: 94.57 and 87.80 -> first of two, above half; average 91.19
    assert rows[0][1:] == ["2", "91.19", "1 / 2", "50.00%"]


def test_project_pages_carry_the_search_facets(site: Path, seeds: list[Project]) -> None:
    for project in seeds:
        facets = soup(site, f"projects/{project.id}").select_one(".pe-facets")
        assert facets.has_attr("hidden") and not text(facets)
        values = [facets["data-pagefind-filter"]] + [
            s["data-pagefind-filter"] for s in facets.select("[data-pagefind-filter]")]
        assert f"年度:{project.year}" in values
        assert f"主管部门:{project.authority}" in values
        assert f"评价等级:{project.grade}" in values
        assert f"评价方式:{project.method or '未注明'}" in values
        assert re.fullmatch(r"score:\d+\.\d\d", facets["data-pagefind-sort"])


# ---- rectification/ ---------------------------------------------------------------------------

def department_rows(page: BeautifulSoup, table_id: str) -> dict[tuple[str, str], dict]:
    table = page.select_one(f"#{table_id}")
    head = [text(th) for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        cells = dict(zip(head, [text(td) for td in tr.select("td")], strict=True))
        rows[(cells["主管部门"], cells["年度"])] = cells
    return rows


def test_rectification_page_counts_the_federation_problems_as_without(
        site: Path, seeds: list[Project]) -> None:
    page = soup(site, "rectification")
    rows = department_rows(page, "rectification-departments")
    federation = rows[("上海市工商业联合会", "2018")]
    assert federation["存在问题"] == "1" and federation["已整改"] == "0"
    assert federation[UNSTATED] == "1"
    office = rows[("上海市人民政府合作交流办公室", "2017")]
    assert office["存在问题"] == "7" and office[UNSTATED] == "3" and office["已整改"] == "2"
    assert office["已整改的比例"] == "28.57%"
    for cells in rows.values():  # the statuses add up to the problems
        statuses = sum(int(cells[s]) for s in ("已整改", "整改中", "未整改", UNSTATED))
        assert statuses == int(cells["存在问题"])
    missing = [text(tr.select("td")[1]) for tr in page.select("#rectification-missing tbody tr")]
    assert "2018年信息化项目经费" in missing
    for table in page.select("table.pe-sortable"):
        assert page.select_one(f'input.pe-filter[data-target="{table["id"]}"]')
    year = soup(site, "rectification/2018")
    names = [text(a) for a in year.select("#rectification-year-missing tbody a")]
    assert "2018年信息化项目经费" in names


def test_authority_overview_page(site: Path) -> None:
    page = soup(site, "departments/hezuojiaoliu")
    rows = {text(tr.td): [text(td) for td in tr.select("td")]
            for tr in page.select("#authority-years tbody tr")}
    assert list(rows) == ["2018", "2017"]
    assert rows["2017"][1] == "4" and rows["2017"][-1] == "2017 年度公开"
    assert page.select_one("#authority-years a[href='../../departments/hezuojiaoliu/2017/'], "
                           "#authority-years a[href='2017/']")
    assert page.select_one("#chart-authority-years .pe-chart-data table")
    listing = soup(site, "departments")
    assert listing.select_one("a[href='hezuojiaoliu/']")


# ---- problems/ --------------------------------------------------------------------------------

def theme_lists(pages: list[BeautifulSoup]) -> dict[str, set[tuple[str, int]]]:
    """Theme -> every (project id, problem number) listed on its theme-and-year pages."""
    listed: dict[str, set[tuple[str, int]]] = {}
    for page in pages:
        table = page.select_one("table#theme-projects")
        entries = listed.setdefault(table["data-theme"], set())
        for tr in table.select("tbody tr"):
            project_id = re.search(r"projects/(.+)/$", tr.a["href"]).group(1)
            numbers = re.fullmatch(r"第 ([\d、]+) 条", text(tr.select("td")[-1])).group(1)
            entries.update((project_id, int(n)) for n in numbers.split("、"))
    return listed


def theme_page_paths(overview: BeautifulSoup) -> list[str]:
    """The theme-and-year pages the overview links to (relative to problems/)."""
    links = {a["href"] for a in overview.select("#problem-themes a, #problem-years a")}
    assert all(re.fullmatch(r"[a-z]+/\d{4}/", link) for link in links), links
    return sorted(links)


def check_problem_pages(projects: list[Project], overview: BeautifulSoup,
                        pages: list[BeautifulSoup]) -> None:
    listed = theme_lists(pages)
    every = {(p.id, i) for p in projects for i in range(1, len(p.problems_found) + 1)}
    assert set().union(*listed.values()) == every  # each problem under a theme or 其他
    counts = {text(tr.th): int(text(tr.select("td")[0]))
              for tr in overview.select("#problem-themes tbody tr")}
    assert list(counts) == [t.name for t in THEMES] + [OTHER]
    for name, count in counts.items():
        assert count == len(listed.get(name, ())), name
    # per year: the theme counts match the theme pages, and 每条计一次 adds up
    table = overview.select_one("#problem-years")
    head = [text(th) for th in table.select("thead th")][1:]
    cells_total = 0
    for tr in table.select("tbody tr"):
        cells = [int(text(td)) for td in tr.select("td")]
        name = text(tr.th)
        for year, n in zip(head, cells, strict=True):
            if name.startswith("存在问题"):
                assert n == sum(len(p.problems_found) for p in projects if p.year == int(year))
            else:
                cells_total += n
                on_page = {e for e in listed.get(name, ()) if e[0].startswith(year + "/")}
                assert n == len(on_page), (name, year)
    assert cells_total == sum(counts.values()) >= len(every)
    # the classification is the one the page says
    by_id = {p.id: p for p in projects}
    for name, entries in listed.items():
        for project_id, number in entries:
            assert name in themes_of(by_id[project_id].problems_found[number - 1])


def test_problems_pages_on_the_seeds(site: Path, seeds: list[Project]) -> None:
    overview = soup(site, "problems")
    pages = [soup(site, "problems/" + path) for path in theme_page_paths(overview)]
    check_problem_pages(seeds, overview, pages)
    method = text(overview.select_one("details.pe-method"))
    assert "切分成词语" in method and "jieba" not in method  # public words, no tool names
    assert overview.select_one("#chart-themes .pe-chart-data table")
    assert {f"t-{THEME_SLUGS[t.name]}" for t in THEMES} <= {
        tr.get("id") for tr in overview.select("#problem-themes tbody tr")}


def test_problems_pages_on_1000_synthetic_projects() -> None:
    root = tmp_dir("synth-1000")
    if not (root / "site.yml").exists():
        write_content(root, 1000)
    content = read_content(root)
    assert len(content.projects) == 1000
    pages = dict(render_pages(build_context(content), which="summaries"))
    parse = lambda path: BeautifulSoup(pages[path], "html.parser")  # noqa: E731
    overview = parse("problems/index.md")
    theme_pages = [parse(f"problems/{path}index.md") for path in theme_page_paths(overview)]
    check_problem_pages(content.projects, overview, theme_pages)
    # deterministic
    again = dict(render_pages(build_context(read_content(root)), which="summaries"))
    assert all(again[path] == text for path, text in pages.items()
               if path.startswith(("problems/", "rectification/")))


def test_theme_keywords_are_single_jieba_words() -> None:
    for theme in THEMES:
        for keyword in theme.keywords:
            assert words(keyword) == [keyword], (theme.name, keyword)

