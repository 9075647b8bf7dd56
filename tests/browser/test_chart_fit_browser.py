"""Charts that read on a phone and on a desktop (issue 46, item 6): every text ECharts draws
(axis labels and names, value labels, legend entries, panel titles) lies inside its chart's
box and overlaps no other, at 390 px and at 1280 px; a chart of many series is drawn as small
multiples (one panel per series, no paged legend).

Read from the rendered SVG: each ``<text>``'s own box (``getBBox``) carried to the page by its
transform (``getScreenCTM``), so a rotated label is tested as the rotated box it is, and two
boxes overlap when no edge of either separates them.

Before this change the seed site's year page drew "优 0.00 万元" over "良 70.01 万元"'s bar
and cut "差 0.00 万元" at the edge, a project's "90.00%90.00%" touched, and on the site below the
trends page ran its years together and paged a legend of long names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import built, site_of

WIDTHS = (390, 1280)

#: Ten years, eight series with long names, two long-named authorities a year: the years on
#: the axes crowd, the legends and name axes are long.
SERIES = ["上海市政府驻外办事处视频会议系统运维项目", "合作交流信息平台建设与运行维护项目",
          "对口支援地区干部人才培训专项经费项目", "投资促进统计分析与监测服务项目",
          "长三角区域合作交流专项活动经费项目", "国内合作交流联络处日常运行保障项目",
          "援建项目资金监督管理与绩效跟踪项目", "招商引资项目登记与信息服务项目"]
AUTHORITIES = ["上海市人民政府合作交流办公室（上海市对口支援与合作交流工作领导小组办公室）",
               "上海市投资促进服务中心（上海市外国投资促进中心）"]
PROJECT = """\
name: {year}年{series}
year: {year}
department: {authority}
authority: {authority}
series: {series}
budget: {budget}
spent: {spent}
score: {score}
indicators:
  - {{name: 项目决策, weight: 20, score: {a}}}
  - {{name: 项目过程, weight: 20, score: 18}}
  - {{name: 项目产出, weight: 40, score: {b}}}
  - {{name: 项目效益（含满意度）, weight: 20, score: 20}}
"""


def _projects() -> dict[str, str]:
    projects = {}
    for i, series in enumerate(SERIES):
        for step, year in enumerate((2015 + i, 2017 + i)):
            a, b = 15 + (i + step) % 5, 30 + (i * 3 + step) % 10
            projects[f"{year}/s{i}"] = PROJECT.format(
                year=year, series=series, authority=AUTHORITIES[(i + step) % 2],
                budget=f"{100 + i * 1234}.00", spent=f"{90 + i * 1100}.00",
                score=f"{a + 18 + b + 20}.00", a=a, b=b)
    return projects


@pytest.fixture(scope="module")
def crowded() -> Path:
    return site_of("chart-fit", _projects())


@pytest.fixture(scope="module")
def seed_url() -> Iterator[str]:
    with serve_dir(built("seed").site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def crowded_url(crowded: Path) -> Iterator[str]:
    with serve_dir(crowded) as url:
        yield url


#: Each drawn chart: its figure's id, its box, and every visible text's corners (page pixels).
MEASURE = """() => {
  const seen = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentNode) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0 ||
          e.getAttribute('opacity') === '0' || e.getAttribute('fill-opacity') === '0') {
        return false;
      }
    }
    return true;
  };
  return [...document.querySelectorAll('div.pe-chart')]
    .filter(el => el.offsetParent !== null && el.querySelector('svg'))
    .map(el => {
      const box = el.getBoundingClientRect();
      const texts = [...el.querySelectorAll('svg text')]
        .filter(t => t.textContent.trim() && seen(t))
        .map(t => {
          const b = t.getBBox(), m = t.getScreenCTM();
          const corner = (x, y) => {
            const p = new DOMPoint(x, y).matrixTransform(m);
            return [p.x - box.left, p.y - box.top];
          };
          return {text: t.textContent, corners: [corner(b.x, b.y), corner(b.x + b.width, b.y),
            corner(b.x + b.width, b.y + b.height), corner(b.x, b.y + b.height)]};
        });
      return {id: el.closest('figure').id, width: box.width, height: box.height, texts,
              panels: (el.getAttribute('data-panels') || '')};
    });
}"""


def _overlap(a: list[list[float]], b: list[list[float]], slack: float = 0.5) -> bool:
    """Two convex quadrilaterals overlap (by more than ``slack`` px) when no edge's normal
    separates their projections (the separating axis theorem)."""
    for poly in (a, b):
        for i in range(4):
            (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % 4]
            nx, ny = y0 - y1, x1 - x0
            length = (nx * nx + ny * ny) ** 0.5
            if not length:
                continue
            pa = [(x * nx + y * ny) / length for x, y in a]
            pb = [(x * nx + y * ny) / length for x, y in b]
            if max(pa) <= min(pb) + slack or max(pb) <= min(pa) + slack:
                return False
    return True


def faults(charts: list[dict[str, Any]]) -> list[str]:
    """What a reader would see wrong: a text outside its chart, two texts over each other."""
    found = []
    for chart in charts:
        texts = chart["texts"]
        for t in texts:
            xs = [x for x, _ in t["corners"]]
            ys = [y for _, y in t["corners"]]
            if min(xs) < -0.5 or min(ys) < -0.5 or max(xs) > chart["width"] + 0.5 \
                    or max(ys) > chart["height"] + 0.5:
                found.append(f"{chart['id']}: {t['text']!r} outside the chart "
                             f"(x {min(xs):.0f}–{max(xs):.0f} of {chart['width']:.0f}, "
                             f"y {min(ys):.0f}–{max(ys):.0f} of {chart['height']:.0f})")
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if _overlap(a["corners"], b["corners"]):
                    found.append(f"{chart['id']}: {a['text']!r} over {b['text']!r}")
    return found


def measured(page: Page, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    charts = page.locator("div.pe-chart:visible")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg text").first).to_be_attached(timeout=10_000)
    page.wait_for_timeout(100)  # a chart fitted to its width is drawn again in the next frame
    result: list[dict[str, Any]] = page.evaluate(MEASURE)
    return result


SEED_PAGES = ["", "years/2017/", "years/2018/", "trends/", "projects/2017/cooperation-platform/",
              "projects/2018/investment-statistics/", "departments/hezuojiaoliu/",
              "rectification/", "problems/"]
CROWDED_PAGES = ["", "years/2019/", "trends/", "projects/2020/s3/"]


@pytest.mark.parametrize("width", WIDTHS)
def test_seed_charts_fit_and_do_not_collide(browser, seed_url: str, width: int) -> None:
    problems = []
    with recorded_page(browser, seed_url, viewport={"width": width, "height": 900}) as (page, rec):
        for path in SEED_PAGES:
            charts = measured(page, seed_url + path)
            problems += [f"/{path} {p}" for p in faults(charts)]
        assert not rec.errors, rec.errors
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_crowded_charts_fit_and_do_not_collide(browser, crowded_url: str, width: int) -> None:
    problems, drawn = [], 0
    with recorded_page(browser, crowded_url,
                       viewport={"width": width, "height": 900}) as (page, rec):
        for path in CROWDED_PAGES:
            charts = measured(page, crowded_url + path)
            drawn += len(charts)
            problems += [f"/{path} {p}" for p in faults(charts)]
        assert not rec.errors, rec.errors
    assert drawn >= 8
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_many_series_are_small_multiples(browser, crowded_url: str, width: int) -> None:
    """Eight series over ten years: one small panel per series, each titled with its name
    (whole, or cut with an ellipsis, never to one character), no paged legend."""
    with recorded_page(browser, crowded_url,
                       viewport={"width": width, "height": 900}) as (page, _):
        (chart,) = [c for c in measured(page, crowded_url + "trends/")
                    if c["id"] == "chart-series"]
    texts = [t["text"] for t in chart["texts"]]
    titles = [t for t in texts if t.rstrip("…") and any(s.startswith(t.rstrip("…"))
                                                          for s in SERIES)]
    assert len(titles) == len(SERIES), texts
    assert all(len(t.rstrip("…")) >= 4 for t in titles), titles
    assert not [t for t in texts if "/" in t], texts  # no pager "1/4"


#: As on the 300-project site (tests/bench/synth.py): a project whose 一级指标 score 100.00%
#: beside a year average of 90.50%, and a series whose first score (99.73) reaches the top of
#: its axis. Before this change, at 390 px, the paired bars' "100.00%" touched "90.50%" and
#: the axis name "评价分值（分）" lay over "99.73".
TOP = """\
name: {name}
year: {year}
department: 上海市人力资源和社会保障局
series: {series}
method: {method}
budget: 100.00
spent: 90.00
score: {score}
indicators:
  - {{name: 项目决策, weight: 20, score: {a}}}
  - {{name: 项目过程, weight: 20, score: {b}}}
  - {{name: 项目产出, weight: 40, score: {c}}}
  - {{name: 项目效益, weight: 20, score: {d}}}
"""
SURVEY = "人力资源和社会保障局统计调查保障经费"


@pytest.fixture(scope="module")
def top_url() -> Iterator[str]:
    site = site_of("chart-fit-top", {
        "2020/top": TOP.format(name=SURVEY, year=2020, series=SURVEY, method="第三方评价",
                               score="99.73", a=20, b=20, c=40, d="19.73"),
        "2020/peer": TOP.format(name="职业技能培训补贴", year=2020, series="培训补贴",
                                method="第三方评价", score="81.00", a="16.2", b="16.2",
                                c="32.4", d="16.2"),
        "2021/top": TOP.format(name=SURVEY, year=2021, series=SURVEY, method="单位自评",
                               score="94.30", a=19, b="18.3", c=39, d=18)})
    with serve_dir(site) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_paired_bars_and_top_points_keep_clear(browser, top_url: str, width: int) -> None:
    problems, seen = [], set()
    with recorded_page(browser, top_url, viewport={"width": width, "height": 900}) as (page, rec):
        for path in ("projects/2020/top/", "projects/2021/top/", "trends/"):
            charts = measured(page, top_url + path)
            seen |= {c["id"] for c in charts}
            problems += [f"/{path} {p}" for p in faults(charts)]
        assert not rec.errors, rec.errors
    assert {"chart-rates-vs-year", "chart-series"} <= seen
    assert not problems, "\n".join(problems)
