"""Amounts a reader sees carry thousands separators, as the chart axes do (issue 46, item 11:
“755707.54 万元”); the downloads (CSV, XLSX, JSON, a chart's CSV) keep plain numbers: they are
data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.sitebuild import node_text, page_soup, site_of

PROJECT = """\
name: {name}
year: 2022
department: 永德县教育体育局
budget: {budget}
spent: {spent}
score: {score}
"""


@pytest.fixture(scope="module")
def site() -> Path:
    return site_of("amount-separators", {
        "2022/a": PROJECT.format(name="农村公路养护", budget="755707.54", spent="700000.5",
                                 score=92),
        "2022/b": PROJECT.format(name="学生资助", budget="1234.567", spent="1000", score=85)})


def _fact(site: Path, page: str, label: str) -> str:
    soup = page_soup(site, page)
    th = next(t for t in soup.select("table.pe-facts th") if t.get_text(strip=True) == label)
    return node_text(th.find_next_sibling("td"))


def test_page_amounts_are_grouped_in_threes(site: Path) -> None:
    assert _fact(site, "", "预算金额合计") == "756,942.11 万元"  # 755707.54 + 1234.567
    assert _fact(site, "years/2022", "预算金额合计") == "756,942.11 万元"
    assert _fact(site, "projects/2022/a", "预算金额") == "755,707.54 万元"
    assert _fact(site, "projects/2022/b", "预算金额") == "1,234.567 万元"
    spent = _fact(site, "projects/2022/a", "实际支出")
    assert spent.startswith("700,000.50 万元")
    listed = [node_text(td) for td in page_soup(site, "years/2022").select("td.pe-c-budget")]
    assert sorted(listed) == ["1,234.567", "755,707.54"]
    years = page_soup(site, "years").select('td[data-label="预算金额合计（万元）"]')
    assert [node_text(td) for td in years] == ["756,942.11"]


def _figure(site: Path, page: str, key: str):  # type: ignore[no-untyped-def]
    return page_soup(site, page).select_one(f"figure#chart-{key}")


def test_chart_captions_labels_and_tables_are_grouped_downloads_plain(site: Path) -> None:
    budget = _figure(site, "projects/2022/a", "budget")
    assert "预算金额 755,707.54 万元，实际支出 700,000.50 万元" in node_text(budget.figcaption)
    assert [[node_text(c) for c in tr.select("th, td")] for tr in budget.select("tbody tr")] == [
        ["预算金额", "755,707.54"], ["实际支出", "700,000.50"]]
    option = json.loads(budget.select_one("div.pe-chart")["data-chart"])
    labels = [d["label"]["formatter"] for d in option["series"][0]["data"]]
    assert labels == ["755,707.54 万元", "700,000.50 万元"]
    assert [d["value"] for d in option["series"][0]["data"]] == [755707.54, 700000.5]
    grades = _figure(site, "years/2022", "budget-by-grade")
    assert "预算金额合计 756,942.11 万元" in node_text(grades.figcaption)
    cells = {node_text(tr.th): node_text(tr.select("td")[1]) for tr in grades.select("tbody tr")}
    assert (cells["优"], cells["良"]) == ("755,707.54", "1,234.57")
    # the downloads, the chart's own CSV included, keep plain numbers: they are data
    href = budget.select_one("p.pe-chart-csv a")["href"]
    rows = list(csv.reader(io.StringIO(unquote(href.split(",", 1)[1]).lstrip("\ufeff"))))
    assert rows[1:] == [["预算金额", "755707.54"], ["实际支出", "700000.50"]]
    texts = [p.read_text(encoding="utf-8-sig") for p in site.rglob("*.csv")]
    texts += [p.read_text(encoding="utf-8") for p in site.rglob("*.json")
              if "search" not in p.parts and "pagefind" not in str(p)]
    joined = "\n".join(texts)
    assert "755707.54" in joined
    assert "755,707.54" not in joined


def test_a_chart_csv_keeps_its_labels_as_written() -> None:
    """A chart's CSV takes the separators out of its figures only: a label in the first column
    is a name from the content ("1,000 人培训项目"), kept as written even when it looks like a
    grouped number."""
    from generator.site.charts.figure import Chart

    chart = Chart("budget", "预算", "说明", {}, ["项目", "预算金额（万元）"],
                  [["1,000", "755,707.54"], ["合计", "1,234.00"]])
    assert chart.csv_text() == ("\ufeff项目,预算金额（万元）\r\n"
                                '"1,000",755707.54\r\n合计,1234.00\r\n')
