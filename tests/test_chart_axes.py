"""Charts over the years are honest (issue 33): a score axis runs from 0 to 100 and says its
unit, so 87 against 88 does not look like a fall; a year without results is a gap in the
line, not a straight stroke joining 2017 to 2019."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import site_of

PROJECT = """\
name: {name}
year: {year}
department: 某区财政局
series: 政务云运维
budget: 10.00
score: {score}
"""


@pytest.fixture(scope="module")
def site() -> Path:
    return site_of("chart-axes", {  # nothing evaluated in 2018
        f"{year}/cloud": PROJECT.format(name=f"{year}年政务云运维", year=year, score=score)
        for year, score in ((2017, "87.00"), (2019, "88.00"))})


def _option(site: Path, page: str, key: str) -> dict[str, Any]:
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    node = soup.select_one(f"#chart-{key} [data-chart]")
    assert node is not None, key
    option: dict[str, Any] = json.loads(html.unescape(node["data-chart"]))
    return option


@pytest.mark.parametrize("page, key", [("", "yearly-average"), ("trends", "series"),
                                       ("departments/mou-qu-cai-zheng-ju", "authority-years")])
def test_score_axes_run_from_0_to_100_with_a_gap_for_a_year_without_results(
        site: Path, page: str, key: str) -> None:
    if not (site / page / "index.html").is_file():  # the authority page's slug
        page = next(p.parent.relative_to(site).as_posix()
                    for p in (site / "departments").glob("*/index.html"))
    option = _option(site, page, key)
    axis = option["yAxis"][0] if isinstance(option["yAxis"], list) else option["yAxis"]
    assert (axis["min"], axis["max"], axis["name"]) == (0, 100, "评价分值（分）")
    assert option["xAxis"][0]["data"] == ["2017", "2018", "2019"]
    values = [d[1] if isinstance(d, list) else d for d in option["series"][0]["data"]]
    assert values[1] is None and values[0] is not None and values[2] is not None
    assert not option["series"][0].get("connectNulls")
