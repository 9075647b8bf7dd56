"""No comparison across different 评价方式 and one way of printing a grade (issue 46, item 5),
on the built seed site as parsed HTML: the seed mixes 第三方评价, 部门评价 and projects without a
method, and publishes 良 as “良好”.

Before this change the trends page's series row ran "2017：86.84（良好） → 2018：87.80（良）",
comparing a score without a method with a 部门评价 one and printing one band two ways; the year
page named the 最高 and 最低 authority across methods and the home and trends pages said the
average "升至 91.19"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sitebuild import built, node_text, page_soup

pytestmark = pytest.mark.site

SERIES = "各地来沪投资数据采集与统计分析系统运维"
MIX = "评价方式不同（第三方评价 3 个、部门评价 1 个、未注明 2 个），分值不宜相互比较或排名"


@pytest.fixture(scope="module")
def seed() -> Path:
    return built("seed").site_dir


def test_a_series_row_names_each_method_and_does_not_compare_them(seed: Path) -> None:
    rows = {node_text(tr.td): node_text(tr.select("td")[1])
            for tr in page_soup(seed, "trends").select("#trend-series tbody tr")}
    assert rows[SERIES] == ("2017 年 86.84 分，良（公布为“良好”），未注明评价方式 ； "
                            "2018 年 87.80 分，良，部门评价 评价方式不同，分值不宜直接比较。")
    assert "→" not in rows[SERIES]


def test_a_grade_is_its_band_with_the_published_word_beside_it(seed: Path) -> None:
    page = page_soup(seed, "projects/2017/cooperation-platform")
    badge = page.select_one("table.pe-facts .pe-grade")
    assert node_text(badge) == "良"
    assert node_text(badge.parent) == "良 （公布为“良好”）"
    later = page_soup(seed, "projects/2018/investment-statistics")
    assert [node_text(p) for p in later.select(".pe-series-link")] == [
        "同一项目 2017 年的评价： 2017年各地来沪投资数据采集与统计分析系统运维项目 "
        "（86.84 分，良（公布为“良好”））。"]


@pytest.mark.parametrize("page, key", [("", "yearly-average"), ("trends", "years"),
                                       ("years/2018", "authorities")])
def test_captions_over_mixed_methods_state_the_mix(seed: Path, page: str, key: str) -> None:
    caption = node_text(page_soup(seed, page).select_one(f"#chart-{key} figcaption"))
    for word in ("升至", "降至", "最高", "最低", "上升", "下降"):
        assert word not in caption, caption
    assert "评价方式不同（" in caption and "分值不宜相互比较或排名" in caption, caption
    if key == "years":
        assert MIX in caption


def _chart(seed: Path, page: str, key: str) -> tuple[dict[str, list[object]], list[list[str]]]:
    """A chart's series (name -> values, ``None`` for a gap) and its data table's rows."""
    figure = page_soup(seed, page).select_one(f"#chart-{key}")
    option = json.loads(figure.select_one("div.pe-chart")["data-chart"])
    series = {s["name"]: [d["value"] if isinstance(d, dict) else d for d in s["data"]]
              for s in option["series"]}
    rows = [[node_text(c) for c in tr.select("th, td")] for tr in figure.select("tbody tr")]
    return series, rows


SPLIT_ROWS = [["2017", "第三方评价", "2", "87.43"], ["2017", "评价方式未注明", "2", "87.66"],
              ["2018", "第三方评价", "1", "94.57"], ["2018", "部门评价", "1", "87.80"]]
SPLIT_LINES = {"第三方评价": [87.43, 94.57], "部门评价": [None, 87.8],
               "评价方式未注明": [87.66, None]}


def test_home_and_trends_draw_an_average_per_method(seed: Path) -> None:
    # before: one line "平均评价分值" at 87.54 and 91.19 over the three methods; now a bar
    # series per method (lines would draw 87.66's marker over 87.43's)
    series, rows = _chart(seed, "", "yearly-average")
    assert series == SPLIT_LINES
    assert rows == SPLIT_ROWS
    series, rows = _chart(seed, "trends", "years")
    assert series == SPLIT_LINES
    assert rows == [[*row, total] for row, total in zip(SPLIT_ROWS, "4422", strict=True)]
    # and the page's words say so: the charts no longer pool the methods' averages
    words = " ".join(node_text(p) for p in page_soup(seed, "trends").select("p.pe-method-mix"))
    assert "上表和下面图表中的平均评价分值" not in words
    assert "下面的图表也按评价方式分开画出" in words
    home = " ".join(node_text(p) for p in page_soup(seed, "").select("p.pe-method-mix"))
    assert "平均评价分值的图表除外：按评价方式分开画出" in home


def test_year_and_department_charts_split_their_averages_by_method(seed: Path) -> None:
    series, rows = _chart(seed, "years/2018", "authorities")
    assert series == {"第三方评价": [None, 94.57], "部门评价": [87.8, None]}
    assert rows == [["上海市人民政府合作交流办公室", "部门评价", "1", "87.80"],
                    ["上海市工商业联合会", "第三方评价", "1", "94.57"]]
    series, rows = _chart(seed, "departments/hezuojiaoliu", "authority-years")
    assert series == {"第三方评价": [87.43, None], "部门评价": [None, 87.8],
                      "评价方式未注明": [87.66, None]}
    assert [row[:4] for row in rows] == [SPLIT_ROWS[0], SPLIT_ROWS[1], SPLIT_ROWS[3]]
    # one method throughout: one line, as before
    series, _ = _chart(seed, "departments/gongshanglian", "authority-years")
    assert series == {"平均评价分值": [94.57]}
