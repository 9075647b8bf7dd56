"""Sums of amounts on the pages are rounded to the cent (two decimals of 万元), while each
project keeps the decimals it was published with (issue 33: “325.020462 万元”)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import site_of

PROJECT = """\
name: {name}
year: 2022
department: 永德县教育体育局
budget: {budget}
score: 90
"""


@pytest.fixture(scope="module")
def site() -> Path:
    return site_of("money-totals", {
        "2022/a": PROJECT.format(name="营养改善计划", budget="38.766462"),  # 387664.62 元
        "2022/b": PROJECT.format(name="学生资助", budget="286.254")})


def _cell(site: Path, page: str, label: str) -> str:
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    th = next(t for t in soup.select("table.pe-facts th") if t.get_text(strip=True) == label)
    return " ".join(th.find_next_sibling("td").get_text(" ").split())


def test_a_sum_shows_cents_and_each_amount_its_own_decimals(site: Path) -> None:
    assert _cell(site, "", "预算金额合计") == "325.02 万元"  # 38.766462 + 286.254 = 325.020462
    assert _cell(site, "years/2022", "预算金额合计") == "325.02 万元"
    assert _cell(site, "projects/2022/a", "预算金额") == "38.766462 万元"
    assert _cell(site, "projects/2022/b", "预算金额") == "286.254 万元"
