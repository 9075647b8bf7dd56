"""Charts as the pages carry them: options plain, deterministic JSON; the figure's HTML (its
data table, its CSV download) safe in Markdown and with hostile text escaped."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest

from generator.content.discovery import Content
from generator.core.model import Indicator, Project, SiteConfig
from generator.core.scoring import score_project
from generator.site.charts import (
    Chart,
    home_charts,
    project_charts,
    render_charts,
    trend_charts,
    year_charts,
)
from generator.site.context import build_context
from tests.test_charts import by_key, context_of, project
from tests.test_charts import content as content  # its fixture: the seed content

ALLOWED_TAGS = {"figure", "figcaption", "strong", "div", "details", "summary", "table", "thead",
                "tbody", "tr", "th", "td", "p", "a"}


def all_charts(content: Content) -> list[Chart]:
    charts: list[Chart] = []
    for p in content.projects:
        charts += project_charts(p, [q for q in content.projects if p.series and
                                     q.series == p.series])
    site = build_context(content)
    for year in site.years:
        charts += year_charts(site, year)
    charts += trend_charts(site) + home_charts(site)
    return charts


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


# ---- every chart -------------------------------------------------------------------------


def test_options_are_plain_deterministic_json(content: Content) -> None:
    first = all_charts(content)
    again = all_charts(content)
    assert len(first) >= 15
    for chart, twin in zip(first, again, strict=True):
        text = chart.option_json()
        assert json.loads(text) == chart.option
        assert text == twin.option_json()
        assert not any("function" in s.lower() for s in strings(chart.option)), chart.key
        assert chart.option["aria"]["enabled"] is True
        assert chart.option["animation"] is False
        assert chart.caption.endswith("。") and chart.caption.count("。") == 1
        assert chart.key.isascii()
        widths = {len(chart.table_head), *(len(row) for row in chart.table_rows)}
        assert len(widths) == 1 and chart.table_rows


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


def test_render_structure(content: Content) -> None:
    chart = by_key(project_charts(project(content, "2017/video-conference")))["category-rates"]
    html = str(chart.render())
    assert "\n" not in html
    assert html.startswith('<figure class="pe-figure" id="chart-category-rates">')
    tree = parse(html)
    tags = dict(tree.tags)
    assert tags["figure"] == {"class": "pe-figure", "id": "chart-category-rates"}
    div = next(attrs for tag, attrs in tree.tags if tag == "div" and attrs.get("data-chart"))
    assert div["class"] == "pe-chart" and div["role"] == "img"
    assert div["aria-label"] == f"{chart.title}：{chart.caption}"
    assert json.loads(div["data-chart"]) == chart.option
    assert "&#34;" in html  # JSON quotes escaped inside the attribute
    assert tags["details"] == {"class": "pe-chart-data"}
    assert tags["table"] == {"class": "pe-table"}
    text = "".join(tree.text)
    assert "查看图表数据" in text and "72.00%" in text and chart.caption in text
    assert "下载本图数据（CSV）" in text


def _csv_of_link(html: str) -> list[list[str]]:
    """The rows of a figure's CSV link, decoded as a browser saves it."""
    link = next(attrs for tag, attrs in parse(html).tags if tag == "a" and "download" in attrs)
    prefix = "data:text/csv;charset=utf-8,"
    assert link["href"].startswith(prefix) and link["download"].endswith(".csv")
    data = urllib.parse.unquote(link["href"][len(prefix):])
    assert data.startswith("\ufeff") and "\r\n" in data  # Excel reads the Chinese text
    return list(csv.reader(io.StringIO(data[1:], newline="")))


def test_each_chart_data_downloads_as_csv(content: Content) -> None:
    charts = project_charts(project(content, "2017/video-conference"))
    charts += year_charts(build_context(content), 2017) + trend_charts(build_context(content))
    for chart in charts:
        rows = _csv_of_link(str(chart.render()))
        assert rows == [chart.table_head, *chart.table_rows], chart.key
    rates = by_key(charts)["category-rates"]
    assert _csv_of_link(str(rates.render()))[1][-1] == rates.table_rows[0][-1]


def test_render_survives_markdown(content: Content) -> None:
    charts = year_charts(build_context(content), 2018)
    page = f"# 2018\n\n段落。\n\n{render_charts(charts)}\n\n结尾。\n"
    out = markdown.markdown(page, extensions=["attr_list", "md_in_html", "tables", "toc"])
    for chart in charts:
        assert str(chart.render()) in out


HOSTILE = "<script>alert(1)</script>"
HOSTILE_INDICATOR = "<img src=x onerror=alert(1)>"
HOSTILE_AUTHORITY = '部门" onmouseover="x" {{ config }} \'&amp;'


def hostile_project(year: int, score: str, authority: str) -> Project:
    leaf = Indicator(name=HOSTILE_INDICATOR, line=1, code="A<b>", weight_declared=Decimal(60),
                     score_declared=Decimal(score))
    other = Indicator(name="项目绩效", line=2, code="B", weight_declared=Decimal(40),
                      score_declared=Decimal(40))
    p = Project(id=f"{year}/x", file="x.yml", name=HOSTILE, year=year, department=authority,
                authority=authority, budget=Decimal("12.5"), spent=Decimal("12"),
                series=f"{HOSTILE}\n\n系列", indicators=[leaf, other])
    score_project(p, SiteConfig())
    return p


def test_hostile_text_is_escaped() -> None:
    config = SiteConfig()
    projects = [hostile_project(2020, "30", HOSTILE_AUTHORITY),
                hostile_project(2021, "45", "正常部门")]
    charts = project_charts(projects[1], projects)
    site = context_of(projects, config)
    charts += year_charts(site, 2020) + trend_charts(site)
    charts += year_charts(context_of([*projects, hostile_project(2021, "50", HOSTILE_AUTHORITY)],
                                     config), 2021)
    rendered = [str(chart.render()) for chart in charts]
    assert {"category-rates", "lost-points", "series"} <= {c.key for c in charts}
    for chart, html in zip(charts, rendered, strict=True):
        assert "\n" not in html and "<script" not in html and "<img" not in html
        tree = parse(html)
        assert {tag for tag, _ in tree.tags} <= ALLOWED_TAGS
        div = next(attrs for tag, attrs in tree.tags if attrs.get("data-chart"))
        assert json.loads(div["data-chart"]) == chart.option
        assert div["aria-label"] == f"{chart.title}：{chart.caption}"
        text = "".join(tree.text)
        assert chart.caption in text
        for row in chart.table_rows:
            for cell in row:
                assert cell in text
        assert _csv_of_link(html) == [chart.table_head, *chart.table_rows]  # text, not markup
    joined = "".join("".join(parse(html).text) for html in rendered)
    assert HOSTILE in joined and HOSTILE_INDICATOR in joined and HOSTILE_AUTHORITY in joined
    assert f"{HOSTILE}\n\n系列" in joined  # line breaks kept, as references (no blank line)
    assert "&#10;&#10;" in "".join(rendered)


def test_key_must_be_ascii() -> None:
    with pytest.raises(ValueError):
        Chart("得分率", "t", "c。", {})
