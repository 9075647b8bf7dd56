"""Charts: pyecharts options built from the generator's own figures, rendered as static HTML.

Every figure is computed here on ``Decimal`` and turned into a ``float`` only when the option
is emitted, after explicit rounding (scores and rates with :func:`fmt.round2`; money stays as
written, like :func:`fmt.money`). A page carries each chart's option as JSON in the
``data-chart`` attribute of its container; the site script (``theme/assets/javascripts/pe.js``)
initialises it. Options therefore hold data only: no ``JsCode``, no functions, no inline
script. Each chart also carries a caption stating its finding in words and a table of the
same numbers, so nothing depends on JavaScript or on colour alone.
"""

from __future__ import annotations

import functools
import json
import marshal
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape
from pyecharts import options as opts
from pyecharts.charts import Bar, Line
from pyecharts.charts.chart import Chart as EChart

from generator.core.fmt import EMPTY, money, number, percent, round2, two
from generator.core.model import HUNDRED, ZERO, Project, SiteConfig
from generator.core.scoring import category_rate

# Grade colours: the same everywhere (bars, stacks, legends). A blue/orange diverging scheme
# (safe for protan, deutan and tritan vision: CIE76 ΔE >= 26 between any two under Machado
# 2009 simulation); every fill has >= 3:1 contrast with the white page. Text drawn inside a
# fill uses GRADE_TEXT_COLOURS (>= 6.4:1). Labels always name the grade as well.
GRADE_COLOURS: dict[str, str] = {"优": "#08519C", "良": "#4A98C9", "中": "#D4760A", "差": "#8C2D04"}
GRADE_TEXT_COLOURS: dict[str, str] = {"优": "#FFFFFF", "良": "#000000", "中": "#000000",
                                      "差": "#FFFFFF"}
# Bands configured under other labels get these by position (highest band first).
_BAND_FALLBACK = ("#08519C", "#4A98C9", "#9ECAE1", "#FDAE6B", "#D4760A", "#8C2D04")
_BAND_FALLBACK_TEXT = ("#FFFFFF", "#000000", "#000000", "#000000", "#000000", "#FFFFFF")
# Series colours (Okabe–Ito without yellow); lines also cycle through SYMBOLS.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                            "#000000")
SYMBOLS = ("circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow")
LABEL_COLOUR = "#212121"  # labels outside bars and on lines: 16:1 on white

LOST_TOP = 15  # leaves shown in the lost-points chart
AUTHORITY_TOP = 20  # authorities shown in the ranking
SERIES_TOP = 20  # series lines shown on the trends page
INDICATOR_TOP = 15  # top-level indicator names shown on a year page
TALL_FROM = 10  # more bars or lines than this: a taller container (class pe-chart-tall)
SCORE_BINS: tuple[tuple[str, Decimal | None], ...] = (  # label, lower bound (inclusive)
    ("60 分以下", None), ("60–70", Decimal(60)), ("70–80", Decimal(70)),
    ("80–90", Decimal(80)), ("90–100", Decimal(90)),
)

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_JS_FUNCTION = re.compile(r"^\s*(async\s+)?function\b|--x_x--0_0--")
_NUMERIC = re.compile(r"^-?\d[\d,]*(\.\d+)?%?$")


@dataclass
class Chart:
    """One chart of a page: its option, a caption stating the finding and its data table."""

    key: str  # stable ASCII id within the page; the figure's id is chart-<key>
    title: str
    caption: str
    option: dict[str, Any]
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    tall: bool = False  # many rows: the container also gets class pe-chart-tall

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"chart key must be lower-case ASCII: {self.key!r}")

    @property
    def label(self) -> str:
        """The chart's accessible name: title and finding."""
        return f"{self.title}：{self.caption}"

    def option_json(self) -> str:
        """The option as compact, deterministic JSON (keys sorted, UTF-8 text kept)."""
        return json.dumps(self.option, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"), allow_nan=False)

    def render(self) -> Markup:
        """The figure as one raw-HTML block: no blank line, no indentation, all text escaped."""
        head = "".join(f'<th scope="col">{_text(h)}</th>' for h in self.table_head)
        body = "".join(f"<tr>{''.join(_cell(i, c) for i, c in enumerate(row))}</tr>"
                       for row in self.table_rows)
        css = "pe-chart pe-chart-tall" if self.tall else "pe-chart"
        return Markup(
            f'<figure class="pe-figure" id="chart-{_text(self.key)}">'
            f"<figcaption><strong>{_text(self.title)}</strong> {_text(self.caption)}</figcaption>"
            f'<div class="{css}" role="img" aria-label="{_text(self.label)}"'
            f' data-chart="{_text(self.option_json())}"></div>'
            '<details class="pe-chart-data"><summary>查看图表数据</summary>'
            '<div class="pe-scroll"><table class="pe-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            "</details></figure>"
        )


def render_charts(charts: Iterable[Chart]) -> Markup:
    """Several figures, each its own block, separated by blank lines."""
    return Markup("\n\n").join(chart.render() for chart in charts)


# ---- project pages -----------------------------------------------------------------------
#
# A site has thousands of project pages, and asking pyecharts for every option (building the
# chart objects, dumping and re-reading them, stripping and checking the result) took about
# half of the page generation. pyecharts still builds each kind of project chart, but only
# once: the option without data is cached (see _skeleton) and each project gets a fresh copy
# with its categories, data items and description filled in. _project_charts_reference builds every
# option with pyecharts instead; the tests assert that both give equal options.

_Builder = Callable[[list[str], list[Any]], EChart]  # categories and data items -> chart


def project_charts(project: Project, series_projects: Sequence[Project] = ()) -> list[Chart]:
    """得分率 by top-level indicator, lost points, budget vs spent, the series over the years."""
    return _project_charts(project, series_projects, reference=False)


def _project_charts_reference(project: Project, series_projects: Sequence[Project] = ()
                              ) -> list[Chart]:
    """:func:`project_charts` with every option built by pyecharts: what the fast path equals."""
    return _project_charts(project, series_projects, reference=True)


def _project_charts(project: Project, series_projects: Sequence[Project], reference: bool
                    ) -> list[Chart]:
    charts = [
        _category_rates(project, reference),
        _lost_points(project, reference),
        _budget_spent(project, reference),
        _series_trend(project, series_projects, reference),
    ]
    return [chart for chart in charts if chart is not None]


def _rate_bar(names: list[str], items: list[Any], series: str, rotate: int = 0) -> Bar:
    """Bars of 得分率 on a 0–100 axis, each labelled with its exact percentage."""
    return (
        Bar()
        .add_xaxis(names)
        .add_yaxis(series, items, itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   label_opts=_outside("top"), bar_max_width=64)
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(rotate=rotate),
            yaxis_opts=opts.AxisOpts(type_="value", name="得分率（%）", min_=0, max_=100),
        )
    )


def _rate_items(rates: Iterable[Decimal]) -> list[dict[str, Any]]:
    return [_item(_float(r), percent(r)) for r in rates]


def _category_rates_bar(names: list[str], items: list[Any]) -> Bar:
    return _rate_bar(names, items, "得分率")


def _category_rates(project: Project, reference: bool = False) -> Chart | None:
    rated = [(node, rate) for node in project.indicators
             if (rate := category_rate(node)) is not None]
    if not rated:
        return None
    names = [node.name for node, _ in rated]
    rates = [rate for _, rate in rated]
    caption = _extremes(names, rates, "得分率", percent, "各一级指标")
    rows = [[node.label, number(node.weight), two(node.score), percent(rate)]
            for node, rate in rated]
    return _project_chart("category-rates", "各一级指标得分率", caption, _category_rates_bar,
                          names, _rate_items(rates), ["一级指标", "满分值", "评价分值", "得分率"],
                          rows, reference)


def _lost_bar(names: list[str], items: list[Any]) -> Bar:
    """Horizontal bars of lost points, largest at the top; long names cut on the axis."""
    return (
        Bar()
        .add_xaxis(names)
        .add_yaxis("失分", items, itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[1]),
                   label_opts=_outside("right"), bar_max_width=24)
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=opts.AxisOpts(type_="value", name="分"),
            yaxis_opts=_category_axis(inverse=True, width=180),
        )
        .reversal_axis()
    )


def _lost_points(project: Project, reference: bool = False) -> Chart | None:
    losing = [(leaf, lost) for leaf in project.leaves() if (lost := leaf.lost) > 0]
    if not losing:
        return None
    ranked = sorted(losing, key=lambda pair: -pair[1])  # stable: tree order among ties
    shown = ranked[:LOST_TOP]
    most = ranked[0][1]
    total_lost = sum((lost for _, lost in losing), ZERO)
    top = [leaf for leaf, lost in ranked if lost == most]
    names = "".join(f"「{leaf.label}」" for leaf in top)
    each = "各" if len(top) > 1 else ""
    if len(losing) == 1:
        caption = f"仅{names}失分，失 {two(total_lost)} 分。"
    else:
        caption = (f"共 {len(losing)} 项末级指标失分，合计 {two(total_lost)} 分；"
                   f"失分最多的是{names}，{each}失 {two(most)} 分")
        if len(losing) > LOST_TOP:
            caption += f"，图中列出失分最多的 {LOST_TOP} 项"
        caption += "。"
    labels = [leaf.label for leaf, _ in shown]
    lost_texts = [two(lost) for _, lost in shown]
    rows = [[label, number(leaf.weight), two(leaf.score), text]
            for label, (leaf, _), text in zip(labels, shown, lost_texts, strict=True)]
    items = [_item(_float(lost), f"{text} 分")
             for (_, lost), text in zip(shown, lost_texts, strict=True)]
    return _project_chart("lost-points", "失分最多的末级指标", caption, _lost_bar, labels, items,
                          ["末级指标", "满分值", "评价分值", "失分"], rows, reference,
                          tall=len(shown) > TALL_FROM)


def _budget_bar(names: list[str], items: list[Any]) -> Bar:
    return (
        Bar()
        .add_xaxis(names)
        .add_yaxis("金额（万元）", items, label_opts=_outside("top"), bar_max_width=64)
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(),
            yaxis_opts=opts.AxisOpts(type_="value", name="万元", min_=0),
        )
    )


def _budget_spent(project: Project, reference: bool = False) -> Chart | None:
    if project.spent is None:
        return None
    rate = project.execution_rate
    names = ["预算金额", "实际支出"]
    amounts = [project.budget, project.spent]
    items = [_item(_money(a), f"{money(a)} 万元", PALETTE[i]) for i, a in enumerate(amounts)]
    caption = (f"预算金额 {money(project.budget)} 万元，实际支出 {money(project.spent)} 万元，"
               f"预算执行率为 {percent(rate)}。")
    rows = [[name, money(amount)] for name, amount in zip(names, amounts, strict=True)]
    return _project_chart("budget", "预算金额与实际支出", caption, _budget_bar, names, items,
                          ["项目", "金额（万元）"], rows, reference)


def _series_line(years: list[str], items: list[Any]) -> Line:
    return (
        Line()
        .add_xaxis(years)
        .add_yaxis("评价分值", items, itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   label_opts=_outside("top"))
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(),
            yaxis_opts=opts.AxisOpts(type_="value", name="分", is_scale=True),
        )
    )


def _series_trend(project: Project, series_projects: Sequence[Project], reference: bool = False
                  ) -> Chart | None:
    if project.series is None:
        return None
    entries = sorted((p for p in series_projects if p.series == project.series),
                     key=lambda p: (p.year, p.name, p.id))
    if len(entries) < 2:
        return None
    totals = [round2(p.total) for p in entries]
    point = _trend_item if reference else _trend_item_data  # the current project drawn larger
    items = [point(_float(t), 12 if p is project else 8, f"{two(t)} 分")
             for p, t in zip(entries, totals, strict=True)]
    first, last = entries[0], entries[-1]
    caption = (f"「{project.series}」{first.year}—{last.year} 年评价了 {len(entries)} 次，评价分值"
               f"{_change(totals[0], totals[-1], ' 分')}。")
    rows = [[str(p.year), p.name, two(t), p.grade]
            for p, t in zip(entries, totals, strict=True)]
    return _project_chart("series", "同一项目历年评价分值", caption, _series_line,
                          [str(p.year) for p in entries], items,
                          ["年度", "项目名称", "评价分值", "评价等级"], rows, reference)


def _trend_item(value: float, size: int, text: str) -> opts.LineItem:
    return opts.LineItem(value=value, symbol_size=size, label_opts=opts.LabelOpts(formatter=text))


def _trend_item_data(value: float, size: int, text: str) -> dict[str, Any]:
    """:func:`_trend_item` as pyecharts emits it, without asking pyecharts each time."""
    item = marshal.loads(_trend_item_template())
    item.update(value=value, symbolSize=size)
    item["label"]["formatter"] = text
    return item


@functools.cache
def _trend_item_template() -> bytes:
    """pyecharts' defaults of one line item (symbol, label settings), serialised."""
    option = _finish(_series_line(["2000"], [_trend_item(0.0, 8, "0.00 分")]))
    return marshal.dumps(option["series"][0]["data"][0])


@functools.cache
def _skeleton(build: _Builder) -> tuple[bytes, str]:
    """A chart kind's option without data, from pyecharts once: serialised, and its category axis.

    Each project gets its own copy, so no page can alter another's option. The option is plain
    data (lists, dicts, strings, numbers), which :mod:`marshal` copies in half the time of
    ``json.loads``; the bytes never leave the process.
    """
    option = _finish(build([], []))
    _check_static(option)
    axis = next(name for name in ("xAxis", "yAxis") if "data" in option[name][0])
    return marshal.dumps(option), axis


def _project_chart(key: str, title: str, caption: str, build: _Builder, names: list[str],
                   items: list[Any], head: list[str], rows: list[list[str]], reference: bool,
                   tall: bool = False) -> Chart:
    """A chart of one project: its kind's cached skeleton with the project's data filled in.

    ``items`` are the data items as the option holds them (pyecharts passes such dicts through
    as they are), or for ``reference`` what ``build`` takes, to build the option per project.
    """
    if reference:
        return _chart(key, title, caption, build(names, items), head, rows, tall)
    skeleton, axis = _skeleton(build)
    option = marshal.loads(skeleton)
    option[axis][0]["data"] = names
    option["series"][0]["data"] = items
    option["aria"] = _aria(title, caption)
    _check_data(names, items, option["aria"]["label"]["description"])
    return Chart(key, title, caption, option, head, rows, tall)


def _check_data(names: list[str], items: list[dict[str, Any]], description: str) -> None:
    """:func:`_check_static` for what a project fills into a checked skeleton.

    Names and the description come from the content: like _check_static, refuse JavaScript
    (and pyecharts' JsCode marker); values must be finite numbers.
    """
    for text in (*names, description, *(item["label"]["formatter"] for item in items)):
        if not isinstance(text, str):
            raise TypeError(f"chart text is not a string: {type(text).__name__}")
        if _JS_FUNCTION.search(text):
            raise ValueError(f"chart text holds JavaScript, not data: {text[:40]!r}")
    for item in items:
        value = item["value"]
        if type(value) not in (float, int) or not math.isfinite(value):
            raise ValueError(f"chart value is not a finite number: {value!r}")


# ---- year pages --------------------------------------------------------------------------


def year_charts(year: int, projects: Sequence[Project], config: SiteConfig) -> list[Chart]:
    """Grade and score distribution, budget by grade, 得分率 by indicator, authorities."""
    projects = [p for p in projects if p.year == year]
    if not projects:
        return []
    bins = [0] * len(SCORE_BINS)
    total_sum = ZERO
    rate_sums: dict[str, list[Any]] = {}  # name -> [sum of rates, count]
    authorities: dict[str, list[Any]] = {}  # authority -> [sum of totals, count]
    counts, budgets = _by_band(projects, config)
    for p in projects:
        total = round2(p.total)
        total_sum += p.total
        bins[_bin(total)] += 1
        for node in p.indicators:
            rate = category_rate(node)
            if rate is not None:
                acc = rate_sums.setdefault(node.name, [ZERO, 0])
                acc[0] += rate
                acc[1] += 1
        acc = authorities.setdefault(p.authority, [ZERO, 0])
        acc[0] += p.total
        acc[1] += 1
    charts = [
        _grade_distribution("grades", f"{year} 年评价等级分布", counts, config),
        _score_distribution(year, bins, round2(total_sum / len(projects))),
        _budget_by_grade(year, counts, budgets, config),
        _indicator_rates(rate_sums),
        _authority_scores(authorities),
    ]
    return [chart for chart in charts if chart is not None]


def _by_band(projects: Iterable[Project], config: SiteConfig
             ) -> tuple[dict[str, int], dict[str, Decimal]]:
    """Project counts and budget sums per band label, in band order (unknown labels last)."""
    counts = {band.label: 0 for band in config.grades}
    budgets = {band.label: ZERO for band in config.grades}
    for p in projects:
        counts[p.grade] = counts.get(p.grade, 0) + 1
        budgets[p.grade] = budgets.get(p.grade, ZERO) + p.budget
    return counts, budgets


def _bin(total: Decimal) -> int:
    index = 0
    for i, (_, lower) in enumerate(SCORE_BINS):
        if lower is not None and total >= lower:
            index = i
    return index


def _grade_distribution(key: str, title: str, counts: dict[str, int], config: SiteConfig
                        ) -> Chart | None:
    n = sum(counts.values())
    if not n:
        return None
    labels = list(counts)
    bar = (
        Bar()
        .add_xaxis(labels)
        .add_yaxis("项目数", [_item(c, f"{label} {c} 个", grade_colour(label, config))
                           for label, c in counts.items()],
                   label_opts=_outside("top"), bar_max_width=64)
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(name="评价等级"),
            yaxis_opts=opts.AxisOpts(type_="value", name="个", min_interval=1),
        )
    )
    top = max(counts.values())
    leaders = [label for label, c in counts.items() if c == top]
    if top == n:
        caption = f"{n} 个项目全部评为{leaders[0]}。"
    else:
        listed = "、".join(f"{label} {c} 个" for label, c in counts.items() if c)
        lead = (f"{leaders[0]}最多（{top} 个，占 {percent(_share(top, n))}）" if len(leaders) == 1
                else f"{'、'.join(leaders)}并列最多（各 {top} 个）")
        caption = f"{n} 个项目中，{listed}；{lead}。"
    rows = [[label, _band_range(label, config), str(c), percent(_share(c, n))]
            for label, c in counts.items()]
    return _chart(key, title, caption, bar, ["评价等级", "分数段", "项目数", "占比"], rows)


def _score_distribution(year: int, bins: list[int], average: Decimal) -> Chart | None:
    n = sum(bins)
    if not n:
        return None
    labels = [label for label, _ in SCORE_BINS]
    bar = (
        Bar()
        .add_xaxis(labels)
        .add_yaxis("项目数", [_item(c, f"{c} 个") for c in bins],
                   itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   label_opts=_outside("top"), category_gap="4%")
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(name="分"),
            yaxis_opts=opts.AxisOpts(type_="value", name="个", min_interval=1),
        )
    )
    top = max(bins)
    leaders = [label for label, c in zip(labels, bins, strict=True) if c == top]
    where = (f"{leaders[0]} 分段项目最多（{top} 个，占 {percent(_share(top, n))}）"
             if len(leaders) == 1 else f"{'、'.join(leaders)} 分段并列最多（各 {top} 个）")
    caption = f"{n} 个项目平均评价分值 {two(average)} 分，{where}。"
    rows = [[label, str(c), percent(_share(c, n))] for label, c in zip(labels, bins, strict=True)]
    return _chart("scores", f"{year} 年评价分值分布", caption, bar,
                  ["分数段（含下限）", "项目数", "占比"], rows)


def _budget_by_grade(year: int, counts: dict[str, int], budgets: dict[str, Decimal],
                     config: SiteConfig) -> Chart | None:
    total = sum(budgets.values(), ZERO)
    if not total:
        return None
    labels = list(budgets)
    bar = (
        Bar()
        .add_xaxis(labels)
        .add_yaxis("预算金额（万元）",
                   [_item(_money(b), f"{label} {money(b)} 万元", grade_colour(label, config))
                    for label, b in budgets.items()],
                   label_opts=_outside("top"), bar_max_width=64)
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(name="评价等级"),
            yaxis_opts=opts.AxisOpts(type_="value", name="万元", min_=0),
        )
    )
    top_label = max(labels, key=lambda label: budgets[label])  # first of ties, in band order
    top = budgets[top_label]
    if top == total:
        caption = f"预算金额合计 {money(total)} 万元，全部为{top_label}等级项目。"
    else:
        caption = (f"预算金额合计 {money(total)} 万元，其中{top_label}等级项目最多，"
                   f"{money(top)} 万元，占 {percent(top / total * HUNDRED)}。")
    rows = [[label, str(counts.get(label, 0)), money(b), percent(b / total * HUNDRED)]
            for label, b in budgets.items()]
    return _chart("budget-by-grade", f"{year} 年各等级项目预算金额", caption, bar,
                  ["评价等级", "项目数", "预算金额（万元）", "占比"], rows)


def _indicator_rates(rate_sums: dict[str, list[Any]]) -> Chart | None:
    if not rate_sums:
        return None
    # the most widely used names, then first appearance (dicts keep insertion order)
    order = list(rate_sums)
    names = sorted(order, key=lambda name: -rate_sums[name][1])[:INDICATOR_TOP]
    names.sort(key=order.index)
    averages = [round2(rate_sums[name][0] / rate_sums[name][1]) for name in names]
    bar = _rate_bar(names, _rate_items(averages), "平均得分率",
                    rotate=30 if len(names) > 6 else 0)
    caption = _extremes(names, averages, "平均得分率", percent, "各一级指标")
    if len(rate_sums) > INDICATOR_TOP:
        caption = caption[:-1] + f"（共 {len(rate_sums)} 个一级指标名称，图中列出最常用的 " \
                                 f"{INDICATOR_TOP} 个）。"
    rows = [[name, str(rate_sums[name][1]), percent(a)]
            for name, a in zip(names, averages, strict=True)]
    return _chart("indicator-rates", "各一级指标平均得分率", caption, bar,
                  ["一级指标", "项目数", "平均得分率"], rows)


def _authority_scores(authorities: dict[str, list[Any]]) -> Chart | None:
    if len(authorities) < 2:  # a ranking of one says nothing
        return None
    averages = {name: round2(s / c) for name, (s, c) in authorities.items()}
    ranked = sorted(authorities, key=lambda name: (-averages[name], name))
    shown = ranked[:AUTHORITY_TOP]
    bar = (
        Bar()
        .add_xaxis(shown)
        .add_yaxis("平均评价分值",
                   [_item(_float(averages[name]), f"{two(averages[name])} 分") for name in shown],
                   itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   label_opts=_outside("right"), bar_max_width=24)
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=opts.AxisOpts(type_="value", name="分", min_=0, max_=100),
            yaxis_opts=_category_axis(inverse=True, width=180),
        )
        .reversal_axis()
    )
    best, worst = ranked[0], ranked[-1]
    caption = (f"{len(ranked)} 个主管部门中，平均评价分值最高的是{best}（{two(averages[best])} 分，"
               f"{authorities[best][1]} 个项目），最低的是{worst}（{two(averages[worst])} 分，"
               f"{authorities[worst][1]} 个项目）")
    if len(ranked) > AUTHORITY_TOP:
        caption += f"；图中列出前 {AUTHORITY_TOP} 个"
    caption += "。"
    rows = [[str(i), name, str(authorities[name][1]), two(averages[name])]
            for i, name in enumerate(shown, 1)]
    return _chart("authorities", "各主管部门平均评价分值", caption, bar,
                  ["排名", "主管部门", "项目数", "平均评价分值"], rows, tall=len(shown) > TALL_FROM)


# ---- trends and home ---------------------------------------------------------------------


@dataclass
class _Year:
    count: int = 0
    total_sum: Decimal = ZERO
    grades: dict[str, int] = field(default_factory=dict)

    @property
    def average(self) -> Decimal:
        return round2(self.total_sum / self.count)


def _years(projects: Iterable[Project], config: SiteConfig) -> dict[int, _Year]:
    """Per-year counts, score sums and grade counts in one pass, years ascending."""
    years: dict[int, _Year] = {}
    for p in projects:
        y = years.get(p.year)
        if y is None:
            y = years[p.year] = _Year(grades={band.label: 0 for band in config.grades})
        y.count += 1
        y.total_sum += p.total
        y.grades[p.grade] = y.grades.get(p.grade, 0) + 1
    return dict(sorted(years.items()))


def trend_charts(projects: Sequence[Project], config: SiteConfig) -> list[Chart]:
    """Projects and average score per year, grade mix per year, every series over the years."""
    years = _years(projects, config)
    if not years:
        return []
    charts = [
        _year_overview(years),
        _grade_mix(years, config),
        _series_trends(projects),
    ]
    return [chart for chart in charts if chart is not None]


def _year_overview(years: dict[int, _Year]) -> Chart:
    x = [str(year) for year in years]
    counts = [y.count for y in years.values()]
    averages = [y.average for y in years.values()]
    line = (
        Line()
        .add_xaxis(x)
        .add_yaxis("平均评价分值", [_line_item(_float(a), f"{two(a)} 分") for a in averages],
                   yaxis_index=1, itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[1]),
                   label_opts=_outside("top"))
    )
    bar = (
        Bar()
        .add_xaxis(x)
        .add_yaxis("项目数", [_item(c, f"{c} 个") for c in counts],
                   itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   # inside the bar: white on the blue fill (5.2:1)
                   label_opts=opts.LabelOpts(position="inside", color="#FFFFFF"),
                   bar_max_width=64)
        .extend_axis(yaxis=opts.AxisOpts(type_="value", name="平均评价分值（分）", min_=0,
                                         max_=100, position="right"))
        .set_global_opts(
            legend_opts=opts.LegendOpts(pos_top=0),
            xaxis_opts=_category_axis(),
            yaxis_opts=opts.AxisOpts(type_="value", name="项目数（个）", min_interval=1,
                                     position="left"),
        )
        .overlap(line)
    )
    option = _finish(bar)
    # the line and its labels are drawn over the bars, on a white ground
    option["series"][1]["z"] = 3
    option["series"][1]["label"].update(backgroundColor="#FFFFFF", padding=[2, 4])
    n = sum(counts)
    first, last = next(iter(years)), next(reversed(years))
    if first == last:
        caption = f"{first} 年评价 {n} 个项目，平均评价分值 {two(averages[0])} 分。"
    else:
        caption = (f"{first}—{last} 年共评价 {n} 个项目，平均评价分值"
                   f"{_change(averages[0], averages[-1], ' 分')}。")
    rows = [[year, str(c), two(a)] for year, c, a in zip(x, counts, averages, strict=True)]
    return _chart("years", "历年评价项目数与平均评价分值", caption, option,
                  ["年度", "项目数", "平均评价分值"], rows)


def _grade_mix(years: dict[int, _Year], config: SiteConfig) -> Chart:
    x = [str(year) for year in years]
    labels: list[str] = []
    for y in years.values():
        labels.extend(label for label in y.grades if label not in labels)
    bar = Bar().add_xaxis(x)
    for label in labels:
        text = grade_text_colour(label, config)
        bar.add_yaxis(label, [_stack_item(y.grades.get(label, 0), label, text)
                              for y in years.values()],
                      stack="grades", itemstyle_opts=opts.ItemStyleOpts(
                          color=grade_colour(label, config)),
                      label_opts=opts.LabelOpts(position="inside", color=text),
                      bar_max_width=64)
    bar.set_global_opts(
        legend_opts=opts.LegendOpts(pos_top=0),
        xaxis_opts=_category_axis(),
        yaxis_opts=opts.AxisOpts(type_="value", name="项目数（个）", min_interval=1),
    )
    top = labels[0]
    first, last = next(iter(years)), next(reversed(years))
    if first == last:
        listed = "、".join(f"{label} {c} 个" for label, c in years[last].grades.items() if c)
        caption = f"{last} 年评价等级：{listed}。"
    else:
        before = _share(years[first].grades.get(top, 0), years[first].count)
        after = _share(years[last].grades.get(top, 0), years[last].count)
        caption = (f"{top}等级项目占比由 {first} 年的 {percent(before)} "
                   f"{_verb(before, after)} {last} 年的 {percent(after)}。")
    rows = [[year, *(str(y.grades.get(label, 0)) for label in labels), str(y.count)]
            for year, y in zip(x, years.values(), strict=True)]
    return _chart("grade-mix", "历年评价等级构成", caption, bar,
                  ["年度", *labels, "合计"], rows)


def _series_trends(projects: Iterable[Project]) -> Chart | None:
    series: dict[str, dict[int, list[Decimal]]] = {}
    for p in projects:
        if p.series is not None:
            series.setdefault(p.series, {}).setdefault(p.year, []).append(p.total)
    multi = {name: years for name, years in series.items() if len(years) >= 2}
    if not multi:
        return None
    ranked = sorted(multi, key=lambda name: (-len(multi[name]), -max(multi[name]), name))
    shown = ranked[:SERIES_TOP]
    # a year with several projects of one series shows their average
    points = {name: {year: round2(sum(t, ZERO) / len(t)) for year, t in sorted(multi[name].items())}
              for name in shown}
    all_years = sorted({year for name in shown for year in points[name]})
    x = [str(year) for year in all_years]
    line = Line().add_xaxis(x)  # each line's data is set below, with gaps as null
    for i, name in enumerate(shown):
        line.add_yaxis(name, [None] * len(x), symbol=SYMBOLS[i % len(SYMBOLS)], symbol_size=8,
                       is_connect_nones=True,
                       itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[i % len(PALETTE)]),
                       label_opts=opts.LabelOpts(is_show=len(shown) <= 3, color=LABEL_COLOUR))
    line.set_global_opts(
        legend_opts=opts.LegendOpts(type_="scroll", pos_top=0),
        tooltip_opts=opts.TooltipOpts(trigger="axis"),
        xaxis_opts=_category_axis(),
        yaxis_opts=opts.AxisOpts(type_="value", name="评价分值（分）", is_scale=True),
    )
    option = _finish(line)
    for s, name in zip(option["series"], shown, strict=True):
        s["data"] = [_item(_float(points[name][y]), two(points[name][y]))
                     if y in points[name] else None for y in all_years]
    up = down = same = 0
    for name in multi:
        values = [t for _, t in sorted(multi[name].items())]
        first = round2(sum(values[0], ZERO) / len(values[0]))
        last = round2(sum(values[-1], ZERO) / len(values[-1]))
        up, down, same = up + (last > first), down + (last < first), same + (last == first)
    if len(multi) == 1:
        name = shown[0]
        values = list(points[name].values())
        years_ = list(points[name])
        caption = (f"「{name}」{years_[0]}—{years_[-1]} 年评价分值"
                   f"{_change(values[0], values[-1], ' 分')}。")
    else:
        caption = (f"{len(multi)} 个项目跨年度评价，与首次相比最近一次评价分值上升 {up} 个、"
                   f"下降 {down} 个、持平 {same} 个")
        if len(multi) > SERIES_TOP:
            caption += f"；图中列出评价年数最多的 {SERIES_TOP} 个"
        caption += "。"
    rows = [[name, *(two(points[name][y]) if y in points[name] else EMPTY for y in all_years)]
            for name in shown]
    return _chart("series", "跨年度项目评价分值", caption, option, ["项目", *x], rows,
                  tall=len(shown) > TALL_FROM)


def home_charts(projects: Sequence[Project], config: SiteConfig) -> list[Chart]:
    """The latest year at a glance: its grade distribution, and the average score by year."""
    years = _years(projects, config)
    if not years:
        return []
    latest = next(reversed(years))
    charts = [_grade_distribution("latest-grades", f"{latest} 年评价等级分布",
                                  years[latest].grades, config)]
    if len(years) >= 2:
        charts.append(_yearly_average(years))
    return [chart for chart in charts if chart is not None]


def _yearly_average(years: dict[int, _Year]) -> Chart:
    x = [str(year) for year in years]
    averages = [y.average for y in years.values()]
    line = (
        Line()
        .add_xaxis(x)
        .add_yaxis("平均评价分值", [_line_item(_float(a), f"{two(a)} 分") for a in averages],
                   itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   label_opts=_outside("top"))
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            xaxis_opts=_category_axis(),
            yaxis_opts=opts.AxisOpts(type_="value", name="分", is_scale=True),
        )
    )
    option = _finish(line)
    option["grid"] = {"top": 40, "bottom": 30, "left": 50, "right": 30}
    first, last = next(iter(years)), next(reversed(years))
    caption = (f"平均评价分值{_change(averages[0], averages[-1], ' 分', first, last)}"
               f"（{len(years)} 个年度）。")
    rows = [[year, str(y.count), two(a)]
            for year, y, a in zip(x, years.values(), averages, strict=True)]
    return _chart("yearly-average", "历年平均评价分值", caption, option,
                  ["年度", "项目数", "平均评价分值"], rows)


# ---- colours -----------------------------------------------------------------------------


def grade_colour(label: str, config: SiteConfig | None = None) -> str:
    """The fill of a grade: GRADE_COLOURS, else by the band's position in ``config``."""
    if label in GRADE_COLOURS:
        return GRADE_COLOURS[label]
    return _BAND_FALLBACK[_band_index(label, config, len(_BAND_FALLBACK))]


def grade_text_colour(label: str, config: SiteConfig | None = None) -> str:
    """Text drawn on a grade's fill."""
    if label in GRADE_TEXT_COLOURS:
        return GRADE_TEXT_COLOURS[label]
    return _BAND_FALLBACK_TEXT[_band_index(label, config, len(_BAND_FALLBACK_TEXT))]


def _band_index(label: str, config: SiteConfig | None, size: int) -> int:
    labels = [band.label for band in (config or SiteConfig()).grades]
    index = labels.index(label) if label in labels else len(labels) - 1
    if len(labels) <= 1:
        return 0
    return round(index * (size - 1) / (len(labels) - 1))  # spread over the whole scale


# ---- helpers -----------------------------------------------------------------------------


def _float(value: Decimal) -> float:
    """A score or rate for the option: rounded half-up to two decimals, then a float."""
    return float(round2(value))


def _money(value: Decimal) -> float:
    """万元 as written (never rounded, as :func:`fmt.money` shows it); exact sums of amounts."""
    return float(value)


def _share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    return Decimal(part) / Decimal(whole) * HUNDRED if whole else ZERO


def _item(value: float | int, text: str, colour: str | None = None) -> dict[str, Any]:
    """A data item with its label text preformatted (90.00%, not JavaScript's 90)."""
    item: dict[str, Any] = {"value": value, "label": {"formatter": text}}
    if colour is not None:
        item["itemStyle"] = {"color": colour}
    return item


def _line_item(value: float, text: str) -> opts.LineItem:
    return opts.LineItem(value=value, label_opts=opts.LabelOpts(formatter=text))


def _stack_item(count: int, label: str, text_colour: str) -> dict[str, Any]:
    """A stacked segment: named by its grade; no label on an empty segment."""
    if not count:
        return {"value": 0, "label": {"show": False}}
    return {"value": count, "label": {"formatter": f"{label} {count}", "color": text_colour}}


def _outside(position: str) -> opts.LabelOpts:
    return opts.LabelOpts(position=position, color=LABEL_COLOUR)


def _category_axis(name: str | None = None, inverse: bool = False, width: int | None = None,
                   rotate: int = 0) -> opts.AxisOpts:
    label: dict[str, Any] = {"interval": 0, "hideOverlap": False}
    if rotate:
        label["rotate"] = rotate
    if width is not None:  # long names are cut on the axis; the table has them in full
        label.update(width=width, overflow="truncate")
    return opts.AxisOpts(type_="category", name=name, is_inverse=inverse, axislabel_opts=label)


def _text(value: object) -> str:
    """Escaped text on one line: HTML-special characters and line breaks become references."""
    return str(escape(str(value))).replace("\r", "&#13;").replace("\n", "&#10;")


def _cell(index: int, value: str) -> str:
    if index == 0:
        return f'<th scope="row">{_text(value)}</th>'
    if _NUMERIC.match(value) or value == EMPTY:
        return f'<td class="pe-num">{_text(value)}</td>'
    return f"<td>{_text(value)}</td>"


def _extremes(names: list[str], values: list[Decimal], what: str, show: Any, all_: str) -> str:
    """'<lowest> what 最低，为 x；<highest> 最高，为 y。' with ties named together."""
    if len(values) == 1:
        return f"{names[0]}{what}为 {show(values[0])}。"
    low, high = min(values), max(values)
    if low == high:
        return f"{all_}{what}均为 {show(low)}。"
    lows = [n for n, v in zip(names, values, strict=True) if v == low]
    highs = [n for n, v in zip(names, values, strict=True) if v == high]
    both = "均" if len(lows) > 1 else ""
    both_high = "均" if len(highs) > 1 else ""
    return (f"{'、'.join(lows)}{what}最低，{both}为 {show(low)}；"
            f"{'、'.join(highs)}最高，{both_high}为 {show(high)}。")


def _verb(before: Decimal, after: Decimal) -> str:
    return "升至" if after > before else "降至" if after < before else "持平于"


def _change(before: Decimal, after: Decimal, unit: str, first: int | None = None,
            last: int | None = None) -> str:
    """'由 86.84 分升至 87.80 分' (or 降至, or 均为 when equal)."""
    if before == after:
        return f"均为 {two(before)}{unit}"
    start = f"由 {first} 年的 " if first is not None else "由 "
    end = f" {last} 年的 " if last is not None else " "
    return f"{start}{two(before)}{unit}{_verb(before, after)}{end}{two(after)}{unit}"


def _band_range(label: str, config: SiteConfig) -> str:
    bands = list(config.grades)
    for i, band in enumerate(bands):
        if band.label == label:
            if i == 0:
                return f"{number(band.min)} 分及以上"
            return f"{number(band.min)}–{number(bands[i - 1].min)} 分（不含）"
    return EMPTY


def _chart(key: str, title: str, caption: str, chart: EChart | dict[str, Any],
           head: list[str], rows: list[list[str]], tall: bool = False) -> Chart:
    option = chart if isinstance(chart, dict) else _finish(chart)
    option["aria"] = _aria(title, caption)
    _check_static(option)
    return Chart(key, title, caption, option, head, rows, tall)


def _aria(title: str, caption: str) -> dict[str, Any]:
    return {"enabled": True, "label": {"enabled": True, "description": f"{title}：{caption}"}}


def _finish(chart: EChart) -> dict[str, Any]:
    """pyecharts' option as plain data: no animation settings, the fixed palette."""
    option = _strip(json.loads(chart.dump_options()))
    option["animation"] = False
    option["color"] = list(PALETTE)
    return option


def _strip(value: Any) -> Any:
    """Drop pyecharts' animation defaults (the site renders static SVG) and empty titles."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()
                if not k.startswith("animation") and not (k == "title" and _empty_title(v))}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _empty_title(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(t, dict) and not t.get("text")
                                           for t in value)


def _check_static(value: Any, path: str = "option") -> None:
    """Refuse anything the site script could not take as plain JSON data."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_static(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_static(v, f"{path}[{i}]")
    elif isinstance(value, str):
        if _JS_FUNCTION.search(value):
            raise ValueError(f"{path} holds JavaScript, not data: {value[:40]!r}")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{path} is not a finite number")
    elif value is not None and not isinstance(value, bool | int):
        raise TypeError(f"{path} is not JSON data: {type(value).__name__}")


__all__ = [
    "AUTHORITY_TOP", "GRADE_COLOURS", "GRADE_TEXT_COLOURS", "LOST_TOP", "PALETTE", "SERIES_TOP",
    "Chart", "grade_colour", "grade_text_colour", "home_charts", "project_charts",
    "render_charts", "trend_charts", "year_charts",
]
