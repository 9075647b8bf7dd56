"""Honest labels (issue 33): the 项目支出绩效自评表 only for self-evaluations; 评价方式 in every
project list, facet, summary and trend, and averages and ranks split by it or said to mix it.
The built seed site and a built synthetic site (a 单位自评 and a 第三方评价 project) as parsed
HTML, whole rows and sentences compared."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.discovery import read_content
from tests.honest_synth import synthetic_site
from tests.sitebuild import SEED_CONTENT, built, node_text, page_soup, table_rows

pytestmark = pytest.mark.site

PAGE = ("本页的平均评价分值、分数分布和图表（平均评价分值的图表除外：按评价方式分开画出）"
        "把这些不同评价方式的结果合在一起计算；")
MIX = "不同评价方式（如单位自评与第三方评价）的分值不宜直接比较。"


soup, text, rows = page_soup, node_text, table_rows


def column(table, name: str) -> list[str]:
    head, *body = rows(table)
    return [r[head.index(name)] for r in body]


def tags(site: Path, page: str) -> list[str]:
    """The 评价方式 under each name of a year's project list."""
    cells = [tr.select("td")[1] for tr in soup(site, page).select("#year-projects tbody tr")]
    assert all(cell.a and cell.br for cell in cells)  # the name, then the method below it
    return [text(cell.select_one("small.pe-method-tag")) for cell in cells]


def notes(page: BeautifulSoup) -> list[str]:
    return [text(p) for p in page.select(".pe-method-mix")]


@pytest.fixture(scope="module")
def seed() -> Path:
    return built("seed").site_dir


@pytest.fixture(scope="module")
def synth() -> Path:
    return synthetic_site()


# ---- 自评表 only for self-evaluations ---------------------------------------------------------

def test_seed_third_party_targets_are_not_called_a_self_evaluation(seed: Path) -> None:
    page = soup(seed, "projects/2017/video-conference")  # 第三方评价 with targets
    assert "绩效指标完成情况" in [text(h) for h in page.select("h2")]
    assert page.select_one(".pe-selfeval-title") is None  # the 自评表 is for self-evaluations
    assert page.select("[role=region]") == []  # no form: the goals alone, targets in the table
    assert text(page.select_one("div.pe-goals").find_previous("h2")) == "年度总体目标"
    for project in read_content(SEED_CONTENT).projects:  # no seed is a self-evaluation
        article = soup(seed, f"projects/{project.id}").select_one("article")
        assert "自评表" not in text(article), project.id


def test_synthetic_form_titles_follow_the_method(synth: Path) -> None:
    own = soup(synth, "projects/2020/self")  # 单位自评
    assert "项目支出绩效自评表" in [text(h) for h in own.select("h2")]
    assert text(own.select_one(".pe-selfeval-title")) == "项目支出绩效自评表 （2020年度）"
    assert own.select_one("table.pe-indicators") is None  # the form is the tree's one home
    third = soup(synth, "projects/2020/third")  # 第三方评价
    assert "绩效指标完成情况" in [text(h) for h in third.select("h2")]
    assert third.select_one(".pe-selfeval-title") is None
    assert len(third.select("table.pe-indicators")) == 1
    assert "自评表" not in text(third.select_one("article"))


# ---- 评价方式 in lists and facets -------------------------------------------------------------

def test_seed_lists_name_the_method(seed: Path) -> None:
    assert tags(seed, "years/2017") == ["评价方式未注明", "评价方式未注明", "第三方评价",
                                        "第三方评价"]
    assert tags(seed, "years/2018") == ["部门评价", "第三方评价"]
    lines = [text(p) for p in soup(seed, "departments/hezuojiaoliu/2017")
             .select(".pe-method-line")]
    assert lines == ["评价方式：未注明", "评价方式：未注明",
                     "评价方式：第三方评价（评价机构：上海科技咨询有限公司）",
                     "评价方式：第三方评价（评价机构：上海科技咨询有限公司）"]
    facts = rows(soup(seed, "projects/2017/investment-registration").select_one(
        "table.pe-facts"))
    assert ["评价方式", "未注明", "评价年度", "2017"] in facts
    assert ["预算金额", "20.645 万元", "实际支出", "—"] in facts


def test_every_project_carries_its_method_facet(seed: Path, synth: Path) -> None:
    def facet(site: Path, pid: str) -> list[str]:
        facets = soup(site, f"projects/{pid}").select_one(".pe-facets")
        return [s["data-pagefind-filter"] for s in facets.select("[data-pagefind-filter]")
                if s["data-pagefind-filter"].startswith("评价方式:")]
    assert {p.id: facet(seed, p.id) for p in read_content(SEED_CONTENT).projects} == {
        "2017/investment-registration": ["评价方式:未注明"],
        "2017/investment-statistics": ["评价方式:未注明"],
        "2017/video-conference": ["评价方式:第三方评价"],
        "2017/cooperation-platform": ["评价方式:第三方评价"],
        "2018/federation-it": ["评价方式:第三方评价"],
        "2018/investment-statistics": ["评价方式:部门评价"],
    }
    assert [facet(synth, pid) for pid in ("2020/self", "2020/third", "2019/unnamed")] == [
        ["评价方式:单位自评"], ["评价方式:第三方评价"], ["评价方式:未注明"]]


# ---- averages and ranks: split by method, or said to mix them -------------------------------

def test_seed_summaries_split_or_say_they_mix(seed: Path) -> None:
    assert notes(soup(seed, "")) == [
        "评价方式：第三方评价 3 个（平均 89.81 分）、部门评价 1 个（平均 87.80 分）、"
        "未注明 2 个（平均 87.66 分）。" + PAGE + MIX,
        "评价方式：第三方评价 1 个（平均 94.57 分）、部门评价 1 个（平均 87.80 分）。"
        "该年度的平均评价分值把这些不同评价方式的结果合在一起计算；" + MIX,
    ]
    assert notes(soup(seed, "years/2017")) == [
        "评价方式：第三方评价 2 个（平均 87.43 分）、未注明 2 个（平均 87.66 分）。"
        + PAGE + MIX]
    years = soup(seed, "years")
    assert column(years.select_one("table"), "评价方式（项目数）") == [
        "第三方评价 1、部门评价 1", "第三方评价 2、未注明 2"]
    assert len(notes(years)) == 1
    authority = soup(seed, "departments/hezuojiaoliu")
    assert notes(authority) == [
        "评价方式：第三方评价 2 个（平均 87.43 分）、部门评价 1 个（平均 87.80 分）、"
        "未注明 2 个（平均 87.66 分）。" + PAGE + MIX]
    assert column(authority.select_one("#authority-years"), "评价方式（项目数）") == [
        "部门评价 1", "第三方评价 2、未注明 2"]


def test_seed_trends_split_the_average_by_method(seed: Path) -> None:
    page = soup(seed, "trends")
    assert column(page.select_one("#trend-years"), "评价方式（项目数）") == [
        "第三方评价 2、未注明 2", "第三方评价 1、部门评价 1"]
    assert rows(page.select_one("#trend-methods")) == [
        ["年度", "评价方式", "项目数", "平均评价分值"],
        ["2017", "第三方评价", "2", "87.43"],
        ["2017", "未注明", "2", "87.66"],
        ["2018", "第三方评价", "1", "94.57"],
        ["2018", "部门评价", "1", "87.80"],
    ]
    assert MIX in notes(page)[0]


def test_seed_project_rank_says_what_it_mixes(seed: Path) -> None:
    assert notes(soup(seed, "projects/2017/video-conference")) == [
        "本项目为第三方评价。名次和平均评价分值按比较范围内的全部项目计算：2017 年全部项目中"
        "第三方评价 2 个、未注明 2 个；上海市人民政府合作交流办公室（各年度）中第三方评价 2 个、"
        "部门评价 1 个、未注明 2 个。" + MIX]
    assert notes(soup(seed, "projects/2018/federation-it")) == [
        "本项目为第三方评价。名次和平均评价分值按比较范围内的全部项目计算：2018 年全部项目中"
        "第三方评价 1 个、部门评价 1 个；上海市工商业联合会（各年度）中第三方评价 1 个。" + MIX]


def test_synthetic_summaries_split_self_and_third_party(synth: Path) -> None:
    assert notes(soup(synth, "years/2020")) == [
        "评价方式：第三方评价 1 个（平均 80.00 分）、单位自评 1 个（平均 90.00 分）。"
        + PAGE + MIX]
    # one method only: named, nothing said to mix
    assert notes(soup(synth, "years/2019")) == ["评价方式：未注明 1 个（平均 70.00 分）。"]
    assert rows(soup(synth, "trends").select_one("#trend-methods"))[1:] == [
        ["2019", "未注明", "1", "70.00"],
        ["2020", "第三方评价", "1", "80.00"],
        ["2020", "单位自评", "1", "90.00"],
    ]
    assert notes(soup(synth, "projects/2019/unnamed"))[0].startswith("本项目未注明评价方式。")
    assert tags(synth, "years/2020") == ["第三方评价", "单位自评"]  # 乙 (U+4E59) before 甲
