"""Charts: values equal the generator's figures, captions state the finding, caps hold with
many projects, and the context's groups are sums over their projects.

Options as JSON and the figures' HTML: tests/test_charts_render.py."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.content.discovery import Content, read_content
from generator.core.fmt import round2
from generator.core.model import Indicator, Project, SiteConfig
from generator.core.scoring import category_rate, score_project
from generator.site.charts import (
    AUTHORITY_TOP,
    GRADE_COLOURS,
    LOST_TOP,
    SERIES_TOP,
    Chart,
    home_charts,
    project_charts,
    trend_charts,
    year_charts,
)
from generator.site.context import SCORE_BINS, SiteContext, build_context

ROOT = Path(__file__).resolve().parent.parent
SERIES = "各地来沪投资数据采集与统计分析系统运维"


@pytest.fixture(scope="module")
def content() -> Content:
    return read_content(ROOT / "content")


def context_of(projects: list[Project], config: SiteConfig) -> SiteContext:
    """The site context of hand-made projects, newest year first as the content reader sorts."""
    ordered = sorted(projects, key=lambda p: -p.year)
    return build_context(Content(root=ROOT, config=config, projects=ordered))


def project(content: Content, pid: str) -> Project:
    return next(p for p in content.projects if p.id == pid)


def by_key(charts: list[Chart]) -> dict[str, Chart]:
    keys = [c.key for c in charts]
    assert len(keys) == len(set(keys)), "chart keys must be unique within a page"
    return {c.key: c for c in charts}


def values(chart: Chart, index: int = 0) -> list[Any]:
    """A series' numbers, whatever the item form (plain, {value: …}, [x, y], null)."""
    out = []
    for item in chart.option["series"][index]["data"]:
        if isinstance(item, dict):
            item = item["value"]
        elif isinstance(item, list):
            item = item[1]
        out.append(item)
    return out


def categories(chart: Chart) -> list[str]:
    for axis in ("xAxis", "yAxis"):
        data = chart.option[axis][0].get("data")
        if data:
            return data
    raise AssertionError("no category axis")


def labels(chart: Chart, index: int = 0) -> list[str]:
    return [item["label"]["formatter"] for item in chart.option["series"][index]["data"]]


# ---- project pages -----------------------------------------------------------------------


def test_category_rates_are_the_generators(content: Content) -> None:
    p = project(content, "2017/video-conference")
    chart = by_key(project_charts(p))["category-rates"]
    assert values(chart) == [90.0, 72.0, 93.45]
    assert values(chart) == [float(category_rate(n)) for n in p.indicators]
    assert categories(chart) == ["项目决策", "项目管理", "项目绩效"]
    assert labels(chart) == ["90.00%", "72.00%", "93.45%"]
    assert chart.caption == "项目管理得分率最低，为 72.00%；项目绩效最高，为 93.45%。"
    assert chart.option["yAxis"][0]["min"] == 0 and chart.option["yAxis"][0]["max"] == 100
    assert chart.table_rows[1] == ["B 项目管理", "25", "18.00", "72.00%"]

    other = by_key(project_charts(project(content, "2017/cooperation-platform")))
    assert other["category-rates"].caption.startswith("项目管理得分率最低，为 67.76%")


def test_lost_points(content: Content) -> None:
    p = project(content, "2017/video-conference")
    chart = by_key(project_charts(p))["lost-points"]
    losing = [leaf for leaf in p.leaves() if leaf.lost > 0]
    expected = sorted((float(round2(leaf.lost)) for leaf in losing), reverse=True)[:LOST_TOP]
    assert values(chart) == expected
    assert all(v > 0 for v in values(chart))
    total_lost = sum(leaf.lost for leaf in losing)
    assert total_lost == Decimal(100) - p.total == Decimal("12.26")
    assert f"共 {len(losing)} 项末级指标失分，合计 12.26 分" in chart.caption
    # the two leaves that lost most tie at 2.00: both are named
    tied = "「B2.2 项目过程管理制度建立与落实情况」「B2.3 项目验收管理制度建立与落实情况」"
    assert tied in chart.caption
    assert "各失 2.00 分" in chart.caption
    assert categories(chart)[:2] == ["B2.2 项目过程管理制度建立与落实情况",
                                     "B2.3 项目验收管理制度建立与落实情况"]
    assert chart.option["yAxis"][0]["inverse"] is True  # largest at the top


def test_budget_and_execution_rate(content: Content) -> None:
    chart = by_key(project_charts(project(content, "2017/cooperation-platform")))["budget"]
    assert values(chart) == [19.369, 19.0]
    assert "预算执行率为 98.09%" in chart.caption
    assert chart.table_rows == [["预算金额", "19.369"], ["实际支出", "19.000"]]
    # no spent, no indicators, no series: nothing to chart
    assert project_charts(project(content, "2017/investment-registration")) == []


def test_series_over_the_years(content: Content) -> None:
    p = project(content, "2018/investment-statistics")
    series = [q for q in content.projects if q.series == SERIES]
    chart = by_key(project_charts(p, series))["series"]
    assert categories(chart) == ["2017", "2018"]
    assert values(chart) == [86.84, 87.8]
    # 2017 未注明, 2018 部门评价: no 升至 between different methods (issue 46.5)
    assert chart.caption == ("「各地来沪投资数据采集与统计分析系统运维」2017—2018 年评价了 2 次："
                             "2017 年 86.84 分（未注明）、2018 年 87.80 分（部门评价）；"
                             "评价方式不同，分值不宜直接比较。")
    # nor a line joining them: points, and the table names each method
    assert chart.option["series"][0]["lineStyle"]["opacity"] == 0
    assert chart.table_head == ["年度", "项目名称", "评价方式", "评价分值", "评价等级"]
    assert [row[2] for row in chart.table_rows] == ["未注明", "部门评价"]
    same = [replace(q, method="部门评价") for q in series]  # one method: the trend is said
    chart = by_key(project_charts(p, same))["series"]
    assert "由 86.84 分升至 87.80 分" in chart.caption
    assert chart.option["series"][0].get("lineStyle", {}).get("opacity", 1) != 0
    assert chart.table_head == ["年度", "项目名称", "评价分值", "评价等级"]
    assert "series" not in by_key(project_charts(p, [p]))
    assert "series" not in by_key(project_charts(p))


# ---- year pages --------------------------------------------------------------------------


def test_year_2017(content: Content) -> None:
    charts = by_key(year_charts(build_context(content), 2017))
    grades = charts["grades"]
    assert categories(grades) == ["优", "良", "中", "差"]
    assert values(grades) == [0, 4, 0, 0]
    assert grades.caption == "4 个项目全部评为良。"
    assert labels(grades) == ["优 0 个", "良 4 个", "中 0 个", "差 0 个"]
    for label, item in zip(categories(grades), grades.option["series"][0]["data"], strict=True):
        assert item["itemStyle"]["color"] == GRADE_COLOURS[label]

    budget = charts["budget-by-grade"]
    assert values(budget) == [0.0, 70.014, 0.0, 0.0]  # 20.645 + 20.00 + 10.00 + 19.369
    # a sum is shown to the cent (the bar keeps the exact value)
    assert budget.table_rows[1] == ["良", "4", "70.01", "100.00%"]
    assert budget.caption == "预算金额合计 70.01 万元，全部为良等级项目。"

    scores = charts["scores"]
    assert values(scores) == [0, 0, 0, 4, 0]
    assert "平均评价分值 87.54 分" in scores.caption  # (88.47+86.84+87.74+87.12)/4 = 87.5425

    rates = charts["indicator-rates"]
    assert categories(rates) == ["项目决策", "项目管理", "项目绩效"]
    assert values(rates) == [90.0, 69.88, 93.79]  # (93.45+94.12)/2 = 93.785 -> 93.79
    assert rates.caption == "项目管理平均得分率最低，为 69.88%；项目绩效最高，为 93.79%。"

    assert "authorities" not in charts  # one authority: no ranking


def test_year_2018(content: Content) -> None:
    charts = by_key(year_charts(build_context(content), 2018))
    assert values(charts["grades"]) == [1, 1, 0, 0]
    assert values(charts["budget-by-grade"]) == [153.04, 20.0, 0.0, 0.0]
    assert "占 88.44%" in charts["budget-by-grade"].caption
    authorities = charts["authorities"]
    # a 第三方评价 and a 部门评价: not ranked together (issue 46.5), listed by name
    assert categories(authorities) == ["上海市人民政府合作交流办公室", "上海市工商业联合会"]
    # a series per method (issue 46.5): each authority's bar in its method's colour
    assert [s["name"] for s in authorities.option["series"]] == ["第三方评价", "部门评价"]
    assert [values(authorities, i) for i in range(2)] == [[None, 94.57], [87.8, None]]
    assert authorities.caption == ("2 个主管部门的平均评价分值；评价方式不同（第三方评价 1 个、"
                                   "部门评价 1 个），分值不宜相互比较或排名，图中按名称排列、"
                                   "按评价方式分开。")
    assert "最高" not in authorities.caption and "最低" not in authorities.caption
    assert authorities.table_head == ["主管部门", "评价方式", "项目数", "平均评价分值"]


def test_year_charts_of_an_empty_year(content: Content) -> None:
    assert year_charts(build_context(content), 1999) == []


# ---- trends and home ---------------------------------------------------------------------


def test_trends(content: Content) -> None:
    charts = by_key(trend_charts(build_context(content)))
    years = charts["years"]
    assert categories(years) == ["2017", "2018"]
    # the averages mix methods: a bar per method, stated, not followed as a rise (46.5);
    # the projects per year are in the table
    assert [s["name"] for s in years.option["series"]] == [
        "第三方评价", "部门评价", "评价方式未注明"]
    assert {s["type"] for s in years.option["series"]} == {"bar"}
    assert [values(years, i) for i in (0, 1, 2)] == [[87.43, 94.57], [None, 87.8],
                                                      [87.66, None]]
    assert [row[-1] for row in years.table_rows] == ["4", "4", "2", "2"]
    assert years.caption == ("2017—2018 年共评价 6 个项目；平均评价分值按评价方式分开画出，"
                             "评价方式不同（第三方评价 3 个、部门评价 1 个、未注明 2 个），"
                             "分值不宜相互比较或排名。")
    assert "升至" not in years.caption

    mix = charts["grade-mix"]
    assert [s["name"] for s in mix.option["series"]] == ["优", "良", "中", "差"]
    assert [values(mix, i) for i in range(4)] == [[0, 1], [4, 1], [0, 0], [0, 0]]
    for s in mix.option["series"]:
        assert s["stack"] == "grades"
        assert s["itemStyle"]["color"] == GRADE_COLOURS[s["name"]]
        shown = [i["label"]["formatter"] for i in s["data"] if i["label"].get("show", True)]
        assert all(text.startswith(s["name"]) for text in shown)  # never colour alone
    assert mix.caption == "优等级项目占比由 2017 年的 0.00% 升至 2018 年的 50.00%。"

    series = charts["series"]
    assert [s["name"] for s in series.option["series"]] == [SERIES]
    assert values(series) == [86.84, 87.8]
    assert categories(series) == ["2017", "2018"]
    # 未注明 in 2017, 部门评价 in 2018: no rise is claimed (issue 46.5)
    assert series.caption == (f"「{SERIES}」2017—2018 年的评价分值见图表；"
                              "各年评价方式不同，不作升降比较。")


def test_home(content: Content) -> None:
    charts = by_key(home_charts(build_context(content)))
    assert values(charts["latest-grades"]) == [1, 1, 0, 0]
    assert charts["latest-grades"].title.startswith("2018 年")
    average = charts["yearly-average"]  # a line per method (issue 46.5)
    assert [values(average, i) for i in range(3)] == [[87.43, 94.57], [None, 87.8],
                                                      [87.66, None]]


# ---- many projects: caps and captions ----------------------------------------------------


def many_projects(n: int, years: int) -> list[Project]:
    projects = []
    for i in range(n):
        score = Decimal(55 + (i * 7) % 45) + Decimal(i % 100) / 100
        p = Project(id=f"p/{i}", file=f"{i}.yml", name=f"项目{i}", year=2010 + i * years // n,
                    department=f"部门{i % 37}", authority=f"部门{i % 37}",
                    budget=Decimal(10 + i % 90), series=f"系列{i % 40}",
                    indicators=[Indicator(name=f"指标{j}", line=1, weight_declared=Decimal(25),
                                          score_declared=score / 4) for j in range(4)])
        score_project(p, SiteConfig())
        projects.append(p)
    return projects


def test_caps_with_many_projects() -> None:
    config = SiteConfig()
    site = context_of(many_projects(3000, 10), config)
    year = by_key(year_charts(site, 2010))
    assert sum(values(year["grades"])) == 300
    assert sum(values(year["scores"])) == 300
    assert len(categories(year["authorities"])) == AUTHORITY_TOP
    assert f"图中列出前 {AUTHORITY_TOP} 个" in year["authorities"].caption
    assert 'class="pe-chart pe-chart-tall"' in year["authorities"].render()
    assert 'class="pe-chart"' in year["grades"].render()
    trends = by_key(trend_charts(site))
    assert values(trends["years"]) == [300] * 10
    assert len(trends["series"].option["series"]) == SERIES_TOP
    assert trends["series"].caption.startswith("40 个项目跨年度评价")
    assert f"图中列出评价年数最多的 {SERIES_TOP} 个" in trends["series"].caption


# ---- the context's groups ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["seed", "many"])
def test_group_figures_are_sums_over_their_projects(content: Content, which: str) -> None:
    """What the charts read from a group equals a direct count over the group's projects."""
    config = content.config if which == "seed" else SiteConfig()
    site = (build_context(content) if which == "seed"
            else context_of(many_projects(600, 4), config))
    groups = [site.all, *site.years.values(),
              *(g for by_year in site.departments.values() for g in by_year.values())]
    for group in groups:
        projects = group.projects
        assert group.count == len(projects) > 0
        assert group.budget == sum((p.budget for p in projects), Decimal(0))
        assert group.spent == sum((p.spent for p in projects if p.spent is not None), Decimal(0))
        assert group.average == round2(sum((p.total for p in projects), Decimal(0)) / len(projects))
        assert list(group.grades)[:len(config.grades)] == [b.label for b in config.grades]
        assert group.grades == {label: sum(p.grade == label for p in projects)
                                for label in group.grades}
        assert group.grade_budgets == {
            label: sum((p.budget for p in projects if p.grade == label), Decimal(0))
            for label in group.grades}
        bounds = [lower for _, lower in SCORE_BINS]
        assert group.score_bins == [
            sum(1 for p in projects
                if (lower is None or round2(p.total) >= lower)
                and (upper is None or round2(p.total) < upper))
            for lower, upper in zip(bounds, [*bounds[1:], None], strict=True)]
        rates: dict[str, list[Decimal]] = {}
        for p in projects:
            for node in p.indicators:
                if (rate := category_rate(node)) is not None:
                    rates.setdefault(node.name, []).append(rate)
        assert list(group.indicator_rates) == list(rates)  # order of first appearance
        for name, listed in rates.items():
            summed = group.indicator_rates[name]
            assert (summed.total, summed.count) == (sum(listed, Decimal(0)), len(listed))
    assert site.all.count == len(site.projects)
    for year, group in site.years.items():
        assert sum(by_year[year].count for by_year in site.departments.values()
                   if year in by_year) == group.count
