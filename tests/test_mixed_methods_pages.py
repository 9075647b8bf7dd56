"""No comparison across different 评价方式 and one way of printing a grade (issue 46, item 5),
on the built seed site as parsed HTML: the seed mixes 第三方评价, 部门评价 and projects without a
method, and publishes 良 as “良好”.

Before this change the trends page's series row ran "2017：86.84（良好） → 2018：87.80（良）",
comparing a score without a method with a 部门评价 one and printing one band two ways; the year
page named the 最高 and 最低 authority across methods and the home and trends pages said the
average "升至 91.19"."""

from __future__ import annotations

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
