"""Project charts: options filled into cached pyecharts skeletons equal those pyecharts builds.

:func:`generator.site.charts.project_charts` builds each kind of chart with pyecharts once and fills
in each project's data; :func:`tests.chart_reference.reference_charts` asks pyecharts for every
option, as the generator did before. Both must give the same charts, option for option, on the
seed content, on synthetic content and on hand-made edge cases.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.discovery import Content, read_content
from generator.core.model import Indicator, Project, SiteConfig
from generator.core.scoring import score_project
from generator.site.charts import LOST_TOP, TALL_FROM, Chart, project_charts
from generator.site.charts.figure import percent_encoded
from generator.site.charts.options import check_data
from generator.site.context import build_context
from tests.bench import synth
from tests.chart_reference import reference_charts

ROOT = Path(__file__).resolve().parent.parent


def assert_same(project: Project, series: Sequence[Project] = ()) -> list[Chart]:
    """The fast charts equal the reference's (options, captions, tables); returns them."""
    fast = project_charts(project, series)
    reference = reference_charts(project, series)
    assert [asdict(c) for c in fast] == [asdict(c) for c in reference], project.id
    assert [c.option_json() for c in fast] == [c.option_json() for c in reference], project.id
    for chart in fast:
        assert json.loads(chart.option_json()) == chart.option
    return fast


def assert_content_same(content: Content) -> Counter[str]:
    """Every project of ``content`` with its series, as the pages call it; counts what was seen."""
    site = build_context(content)
    seen: Counter[str] = Counter()
    for p in site.projects:
        charts = {c.key: c for c in assert_same(p, site.series_of(p))}
        seen.update(charts.keys())
        lost = charts.get("lost-points")
        if lost is not None:
            seen["lost-tall" if lost.tall else "lost-short"] += 1
            seen["lost-capped" if "图中列出" in lost.caption else "lost-all"] += 1
            seen["lost-single" if lost.caption.startswith("仅") else "lost-several"] += 1
        else:
            seen["no-lost"] += 1
        if "budget" not in charts:
            seen["no-budget"] += 1
        trend = charts.get("series")
        if trend is not None:
            sizes = [item["symbolSize"] for item in trend.option["series"][0]["data"]]
            assert sorted(sizes) == [8] * (len(sizes) - 1) + [12]  # the page's own year stands out
            seen[f"series-{len(sizes)}"] += 1
    return seen


def test_seed_content_equals_pyecharts() -> None:
    seen = assert_content_same(read_content(ROOT / "content"))
    assert {"category-rates", "lost-points", "budget", "series-2", "no-budget"} <= set(seen)


def test_synthetic_content_equals_pyecharts(tmp_path: Path) -> None:
    synth.write_content(tmp_path / "content", 300)
    seen = assert_content_same(read_content(tmp_path / "content"))
    assert seen["category-rates"] == 300
    for feature in ("lost-tall", "lost-short", "lost-capped", "lost-all", "lost-single",
                    "lost-several", "series"):
        assert seen[feature], feature
    assert len([key for key in seen if key.startswith("series-")]) >= 3  # runs of several lengths


# ---- hand-made edge cases ----------------------------------------------------------------


def leaf(code: str, weight: str, score: str, name: str | None = None) -> Indicator:
    return Indicator(name=name or f"指标{code}", line=1, code=code,
                     weight_declared=Decimal(weight), score_declared=Decimal(score))


def make_project(pid: str, groups: list[list[Indicator]], year: int = 2020,
                 spent: str | None = "9.5", series: str | None = None,
                 budget: str = "10") -> Project:
    nodes = [Indicator(name=f"一级{i}", line=1, code=chr(ord("A") + i), children=children)
             for i, children in enumerate(groups)]
    p = Project(id=pid, file=f"{pid}.yml", name=f"项目{pid}", year=year, department="部门",
                authority="部门", budget=Decimal(budget),
                spent=None if spent is None else Decimal(spent), series=series, indicators=nodes)
    score_project(p, SiteConfig())
    return p


def test_no_losses() -> None:
    p = make_project("full", [[leaf("A1", "60", "60")], [leaf("B1", "40", "40")]])
    keys = [c.key for c in assert_same(p)]
    assert keys == ["category-rates", "budget"]


def test_a_single_losing_leaf() -> None:
    p = make_project("one", [[leaf("A1", "60", "59.995"), leaf("A2", "20", "20")],
                             [leaf("B1", "20", "20")]])
    lost = {c.key: c for c in assert_same(p)}["lost-points"]
    assert lost.caption.startswith("仅「A1 指标A1」失分") and not lost.tall
    assert lost.option["series"][0]["data"] == [{"value": 0.01, "label": {"formatter": "0.01 分"}}]


@pytest.mark.parametrize("losers", [TALL_FROM - 1, TALL_FROM, LOST_TOP, LOST_TOP + 4])
def test_many_losing_leaves(losers: int) -> None:
    # ties among the largest losses, and more losers than the chart shows
    leaves = [leaf(f"A{i}", "4", str(Decimal(i % 3) + Decimal("0.125"))) for i in range(losers)]
    p = make_project(f"many{losers}", [leaves, [leaf("B1", "10", "7")]])
    lost = {c.key: c for c in assert_same(p)}["lost-points"]
    assert lost.tall == (min(losers + 1, LOST_TOP) > TALL_FROM)
    assert len(lost.option["yAxis"][0]["data"]) == min(losers + 1, LOST_TOP)


def test_no_spent_no_budget_chart() -> None:
    p = make_project("nospent", [[leaf("A1", "50", "40")], [leaf("B1", "50", "45")]], spent=None)
    assert [c.key for c in assert_same(p)] == ["category-rates", "lost-points"]


def test_amounts_as_written() -> None:
    p = make_project("money", [[leaf("A1", "100", "90")]], budget="1234567.891", spent="0")
    budget = {c.key: c for c in assert_same(p)}["budget"]
    assert [i["value"] for i in budget.option["series"][0]["data"]] == [1234567.891, 0.0]


def test_weight_zero_and_no_rate() -> None:
    # a top-level node of weight 0 has no 得分率: left out of the rates, never a lost point
    p = make_project("zero", [[leaf("A1", "0", "0")], [leaf("B1", "100", "80")]])
    rates = {c.key: c for c in assert_same(p)}["category-rates"]
    assert rates.option["xAxis"][0]["data"] == ["一级1"]
    only_zero = make_project("allzero", [[leaf("A1", "0", "0")]], spent=None)
    assert assert_same(only_zero) == []


def test_series_highlights_the_current_project() -> None:
    years = [make_project(f"s{y}", [[leaf("A1", "100", str(80 + y % 7))]], year=y,
                          series="系列") for y in range(2015, 2021)]
    for p in years:
        trend = {c.key: c for c in assert_same(p, years)}["series"]
        sizes = [item["symbolSize"] for item in trend.option["series"][0]["data"]]
        assert sizes[years.index(p)] == 12 and sizes.count(8) == len(years) - 1
    assert "series" not in {c.key for c in assert_same(years[0], years[:1])}


def test_text_from_the_content_is_data() -> None:
    odd = ['引号"与\\反斜杠', "换行\n与\u2028分隔", "<b>&amp;</b>", "😀", " ", "functional",
           "function测试"]
    p = make_project("odd", [[leaf(f"A{i}", "10", "9", name) for i, name in enumerate(odd)],
                             [leaf("B1", "40", "40")]], series=odd[0])
    assert_same(p, [p, make_project("odd2", [[leaf("A1", "100", "90")]], year=2021,
                                    series=odd[0])])


@pytest.mark.parametrize("name", ["function () {}", " async function f", "x--x_x--0_0--y"])
def test_javascript_in_the_content_is_refused(name: str) -> None:
    js = Indicator(name=name, line=1, weight_declared=Decimal(100), score_declared=Decimal(90))
    p = make_project("js", [[js]])
    with pytest.raises(ValueError, match="JavaScript"):
        project_charts(p)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), True, "1", None])
def test_a_value_that_is_not_a_finite_number_is_refused(value: object) -> None:
    # no Decimal the content can hold comes out so; the check stands in for check_static's
    with pytest.raises(ValueError, match="finite"):
        check_data(["名称"], [{"value": value, "label": {"formatter": "1 分"}}], "说明")


def test_each_chart_owns_its_option() -> None:
    p = make_project("own", [[leaf("A1", "60", "50")], [leaf("B1", "40", "30")]])
    first = project_charts(p)
    for chart in first:
        chart.option["series"][0]["label"]["color"] = "#FF0000"
        chart.option["legend"][0]["show"] = True
        chart.option["color"].append("#FF0000")
    assert_same(p)  # the next page's options are untouched


@given(st.text())
def test_a_charts_csv_is_percent_encoded_as_urllib_does(text: str) -> None:
    """The data: address of a chart's CSV: the table's encoding equals quote(safe="") for
    any text (Han, the BOM, CRLF, '%', '#', astral characters)."""
    assert percent_encoded(text) == quote(text, safe="")
    sample = "\ufeff年度,分值\r\n2020,87.50%#&=+ ~_.-\U0001f600"
    assert percent_encoded(sample) == quote(sample, safe="")
