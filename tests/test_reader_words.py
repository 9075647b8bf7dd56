"""What a reader reads on the pages (issue 46): words that say what they mean. Parsed pages of
small built sites; the browser tests check what is drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import built, node_text, page_soup, site_of

pytestmark = pytest.mark.site

SERIES = """\
name: {year}年政务云运维
year: {year}
department: 某区财政局
series: 政务云运维
budget: 10.00
score: 88.00
problems: [{year}年的问题]
"""


@pytest.fixture(scope="module")
def gap_site() -> Path:
    """One series evaluated in 2016, 2019 and 2020: 2016 is not 2019's 上年."""
    return site_of("reader-series-gap", {
        f"{year}/cloud": SERIES.format(year=year) for year in (2016, 2019, 2020)})


def headings(site: Path, page: str) -> list[str]:
    return [node_text(h) for h in page_soup(site, page).select("article h2")]


def test_last_year_only_for_the_previous_year(gap_site: Path) -> None:
    """Issue 46.4: a 2019 evaluation whose series was last evaluated in 2016 says 上次评价
    （2016 年）, not 上年; 2020 after 2019 still says 上年."""
    after_gap = headings(gap_site, "projects/2019/cloud")
    assert "上次评价（2016 年）发现的问题及整改" in after_gap, after_gap
    assert not [h for h in after_gap if "上年" in h], after_gap
    following = headings(gap_site, "projects/2020/cloud")
    assert "上年评价发现的问题及整改（2019 年）" in following, following
    assert not [h for h in following if "上次评价" in h], following


def test_no_method_is_said_once_not_on_every_row(gap_site: Path) -> None:
    """Issue 46.9: when no project names its 评价方式, the year list says so once (not
    "评价方式未注明" under every row) and trends shows no by-method table that repeats the
    yearly one row for row."""
    year = page_soup(gap_site, "years/2019").select_one("article")
    assert year.select(".pe-method-tag") == []
    assert node_text(year.select_one(".pe-method-none")) == "以下项目都没有注明 评价方式 。"
    assert "评价方式未注明" not in node_text(year)
    trends = page_soup(gap_site, "trends").select_one("article")
    assert trends.select_one("#trend-methods") is None
    assert "按评价方式分开" not in node_text(trends)
    assert "每个年度的项目评价方式相同" in node_text(trends)


def test_a_project_page_says_each_problem_once() -> None:
    """Issue 46.9: 存在问题 in full once (the ledger), the facts giving the count and the
    statuses with a link to it."""
    site = built("seed").site_dir
    for project in built("seed").content.projects:
        page = page_soup(site, f"projects/{project.id}").select_one("article")
        facts = node_text(page.select_one("table.pe-facts"))
        for problem in project.problems_found:
            assert problem not in facts, project.id
            ledger = node_text(page.select_one("#problems").find_next("table"))
            assert problem in ledger, project.id


def test_no_empty_achievements_section(gap_site: Path) -> None:
    """Issue 46.11: a project without 主要绩效 shows no 主要绩效 heading over a bare "—"."""
    page = page_soup(gap_site, "projects/2019/cloud").select_one("article")
    assert "主要绩效" not in headings(gap_site, "projects/2019/cloud")
    assert page.select(".pe-achievements") == []
    seed = page_soup(built("seed").site_dir, "projects/2017/video-conference")
    assert seed.select_one(".pe-achievements p") is not None  # kept where there is one


def test_a_long_disclosure_opens_with_its_index() -> None:
    """Issue 46.11: a department's yearly disclosure of many projects (12,882 px on a phone)
    opens with an index whose links reach each 信息表."""
    seed = built("seed")
    page = page_soup(seed.site_dir, "departments/hezuojiaoliu/2017").select_one("article")
    index = page.select_one("nav.pe-page-index")
    assert index is not None
    names = [p.name for p in seed.content.projects
             if p.year == 2017 and p.authority == "上海市人民政府合作交流办公室"]
    links = index.select("a")
    assert sorted(node_text(a) for a in links) == sorted(names) and len(names) == 4
    for a in links:
        section = page.select_one(a["href"])
        assert section is not None and node_text(a) in node_text(section)
