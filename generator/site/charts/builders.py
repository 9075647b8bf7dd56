"""Each kind of chart as pyecharts builds it: series, axes, legends and label placement.

A builder takes what it draws (categories, data items) and returns the pyecharts chart, or,
where the option needs touching up after pyecharts, the finished option.
"""

from __future__ import annotations

import functools
import marshal
from typing import Any

from pyecharts import options as opts
from pyecharts.charts import Bar, Line

from generator.core.model import SiteConfig
from generator.site.charts.options import category_axis, finish, outside, stack_item
from generator.site.charts.style import (
    LABEL_COLOUR,
    PALETTE,
    SYMBOLS,
    grade_colour,
    grade_text_colour,
)

# ---- project pages -----------------------------------------------------------------------


# every axis of scores: from 0 to 100 and named with its unit, so trends are not magnified
SCORE_AXIS = opts.AxisOpts(type_="value", name="评价分值（分）", min_=0, max_=100)


def _single(chart: Any, categories: list[str], series: str, items: list[Any], x_axis: Any,
            y_axis: Any, colour: str | None = None, **series_opts: Any) -> Any:
    """One series and no legend: the shape most charts here share."""
    if colour is not None:
        series_opts["itemstyle_opts"] = opts.ItemStyleOpts(color=colour)
    return (chart.add_xaxis(categories)
            .add_yaxis(series, items, **series_opts)
            .set_global_opts(legend_opts=opts.LegendOpts(is_show=False),
                             xaxis_opts=x_axis, yaxis_opts=y_axis))

def rate_bar(names: list[str], items: list[Any], series: str, rotate: int = 0) -> Bar:
    """Bars of 得分率 on a 0–100 axis, each labelled with its exact percentage."""
    return _single(Bar(), names, series, items, category_axis(rotate=rotate),
                   opts.AxisOpts(type_="value", name="得分率（%）", min_=0, max_=100),
                   PALETTE[0], label_opts=outside("top"), bar_max_width=64)


def category_rates_bar(names: list[str], items: list[Any]) -> Bar:
    return rate_bar(names, items, "得分率")


def lost_bar(names: list[str], items: list[Any]) -> Bar:
    """Horizontal bars of lost points, largest at the top; long names cut on the axis."""
    return _single(Bar(), names, "失分", items, opts.AxisOpts(type_="value", name="分"),
                   category_axis(inverse=True, width=180), PALETTE[1],
                   label_opts=outside("right"), bar_max_width=24).reversal_axis()


def budget_bar(names: list[str], items: list[Any]) -> Bar:
    return _single(Bar(), names, "金额（万元）", items, category_axis(),
                   opts.AxisOpts(type_="value", name="万元", min_=0),
                   label_opts=outside("top"), bar_max_width=64)


def series_line(years: list[str], items: list[Any]) -> Line:
    return _single(Line(), years, "评价分值", items, category_axis(), SCORE_AXIS, PALETTE[0],
                   label_opts=outside("top"))


def series_points(years: list[str], items: list[Any]) -> Line:
    """:func:`series_line` without its line: a series evaluated by different 评价方式 is not
    drawn as a trend (issue 46.5); each year's point keeps its label."""
    return _single(Line(), years, "评价分值", items, category_axis(), SCORE_AXIS, PALETTE[0],
                   label_opts=outside("top"), linestyle_opts=opts.LineStyleOpts(opacity=0))


def trend_item(value: float, size: int, text: str) -> opts.LineItem:
    """A point of :func:`series_line`; the current project's is drawn larger."""
    return opts.LineItem(value=value, symbol_size=size, label_opts=opts.LabelOpts(formatter=text))


def trend_item_data(value: float, size: int, text: str) -> dict[str, Any]:
    """:func:`trend_item` as pyecharts emits it, without asking pyecharts each time."""
    data = marshal.loads(_trend_item_template())
    data.update(value=value, symbolSize=size)
    data["label"]["formatter"] = text
    return data


@functools.cache
def _trend_item_template() -> bytes:
    """pyecharts' defaults of one line item (symbol, label settings), serialised."""
    option = finish(series_line(["2000"], [trend_item(0.0, 8, "0.00 分")]))
    return marshal.dumps(option["series"][0]["data"][0])


# ---- year pages --------------------------------------------------------------------------


def grade_count_bar(labels: list[str], items: list[Any]) -> Bar:
    """Projects per grade; the items carry the grade colours."""
    return _single(Bar(), labels, "项目数", items, category_axis(name="评价等级"),
                   opts.AxisOpts(type_="value", name="个", min_interval=1),
                   label_opts=outside("top"), bar_max_width=64)


def score_bar(labels: list[str], items: list[Any]) -> Bar:
    """Projects per score range, as a histogram (bars almost touching)."""
    return _single(Bar(), labels, "项目数", items, category_axis(name="分"),
                   opts.AxisOpts(type_="value", name="个", min_interval=1), PALETTE[0],
                   label_opts=outside("top"), category_gap="4%")


def grade_budget_bar(labels: list[str], items: list[Any]) -> Bar:
    return _single(Bar(), labels, "预算金额（万元）", items, category_axis(name="评价等级"),
                   opts.AxisOpts(type_="value", name="万元", min_=0),
                   label_opts=outside("top"), bar_max_width=64)


def authority_bar(names: list[str], items: list[Any]) -> Bar:
    """Horizontal bars of average scores on a 0–100 axis, the best at the top."""
    return _single(Bar(), names, "平均评价分值", items,
                   opts.AxisOpts(type_="value", name="分", min_=0, max_=100),
                   category_axis(inverse=True, width=180), PALETTE[0],
                   label_opts=outside("right"), bar_max_width=24).reversal_axis()


def method_bars(names: list[str], bars: dict[str, list[Any]]) -> dict[str, Any]:
    """Horizontal bars of average scores, a series per 评价方式 (``bars``: method -> an item
    per name, ``None`` where the name has none of it), with a legend: scores of different
    methods side by side, never one average across them (issue 46.5)."""
    chart = Bar().add_xaxis(names)
    for i, method in enumerate(bars):
        chart.add_yaxis(method, [None] * len(names), label_opts=outside("right"),
                        itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[i % len(PALETTE)]),
                        bar_max_width=16)
    chart.set_global_opts(legend_opts=opts.LegendOpts(pos_top=0),
                          xaxis_opts=opts.AxisOpts(type_="value", name="分", min_=0, max_=100),
                          yaxis_opts=category_axis(inverse=True, width=180))
    option = finish(chart.reversal_axis())
    for series, data in zip(option["series"], bars.values(), strict=True):
        series["data"] = data
    return option


# ---- trends and home ---------------------------------------------------------------------


def year_overview(years: list[str], counts: list[Any], lines: dict[str, list[Any]]
                  ) -> dict[str, Any]:
    """Bars of projects per year under a line of the average score (a second axis): ``lines``
    names each line and its items (``None`` where a year has none). Years of mixed 评价方式
    get :func:`method_year_bars` instead: no line joins averages of different methods."""
    line = Line().add_xaxis(years)
    for i, name in enumerate(lines):  # each line's data is set after pyecharts, gaps as null
        line.add_yaxis(name, [None] * len(years), yaxis_index=1, is_connect_nones=False,
                       symbol=SYMBOLS[i % len(SYMBOLS)] if len(lines) > 1 else None,
                       itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[(i + 1) % len(PALETTE)]),
                       label_opts=outside("top"))
    bar = (
        Bar()
        .add_xaxis(years)
        .add_yaxis("项目数", counts, itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   # inside the bar: white on the blue fill (5.2:1)
                   label_opts=opts.LabelOpts(position="inside", color="#FFFFFF"),
                   bar_max_width=64)
        .extend_axis(yaxis=opts.AxisOpts(type_="value", name="平均评价分值（分）", min_=0,
                                         max_=100, position="right"))
        .set_global_opts(
            legend_opts=opts.LegendOpts(pos_top=0),
            xaxis_opts=category_axis(),
            yaxis_opts=opts.AxisOpts(type_="value", name="项目数（个）", min_interval=1,
                                     position="left"),
        )
        .overlap(line)
    )
    option = finish(bar)
    # the lines and their labels are drawn over the bars, on a white ground
    for series, data in zip(option["series"][1:], lines.values(), strict=True):
        series["data"] = data
        series["z"] = 3
        series["label"].update(backgroundColor="#FFFFFF", padding=[2, 4])
    return option


def grade_mix_bar(years: list[str], stacks: dict[str, list[int]], config: SiteConfig) -> Bar:
    """One stacked bar per year: projects per grade (``stacks``: label -> count per year)."""
    bar = Bar().add_xaxis(years)
    for label, counts in stacks.items():
        text = grade_text_colour(label, config)
        bar.add_yaxis(label, [stack_item(c, label, text) for c in counts],
                      stack="grades", itemstyle_opts=opts.ItemStyleOpts(
                          color=grade_colour(label, config)),
                      label_opts=opts.LabelOpts(position="inside", color=text),
                      bar_max_width=64)
    bar.set_global_opts(
        legend_opts=opts.LegendOpts(pos_top=0),
        xaxis_opts=category_axis(),
        yaxis_opts=opts.AxisOpts(type_="value", name="项目数（个）", min_interval=1),
    )
    return bar


#: More series than this: small multiples, one panel per series (issue 46.6): a legend of
#: long names pages and cuts them, and twenty lines over ten years tangle at any width.
PANELS_FROM = 4


def method_year_bars(years: list[str], bars: dict[str, list[Any]]) -> dict[str, Any]:
    """Average scores per year, a bar series per 评价方式 (``bars``: method -> an item per
    year, ``None`` where a year has none of it) on the whole 0–100 scale: side by side, each
    labelled, where lines of close averages (87.43 and 87.66) would draw one marker over the
    other's label; and no line joins the years of different methods (issue 46.5)."""
    chart = Bar().add_xaxis(years)
    for i, method in enumerate(bars):
        chart.add_yaxis(method, [None] * len(years), label_opts=outside("top"),
                        itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[i % len(PALETTE)]),
                        bar_max_width=40)
    chart.set_global_opts(legend_opts=opts.LegendOpts(pos_top=0), xaxis_opts=category_axis(),
                          yaxis_opts=SCORE_AXIS)
    option = finish(chart)
    for series, data in zip(option["series"], bars.values(), strict=True):
        series["data"] = data
    return option


def series_lines(years: list[str], lines: dict[str, list[Any]]) -> dict[str, Any]:
    """One line per series (``lines``: name -> data items, null where a year has none); more
    than :data:`PANELS_FROM` series: :func:`series_panels`."""
    if len(lines) > PANELS_FROM:
        return series_panels(years, lines)
    chart = Line().add_xaxis(years)  # each line's data is set after pyecharts, with gaps as null
    for i, name in enumerate(lines):
        chart.add_yaxis(name, [None] * len(years), symbol=SYMBOLS[i % len(SYMBOLS)],
                        symbol_size=8, is_connect_nones=False,  # a year without data: a gap
                        itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[i % len(PALETTE)]),
                        label_opts=opts.LabelOpts(is_show=len(lines) <= 3, color=LABEL_COLOUR))
    chart.set_global_opts(
        legend_opts=opts.LegendOpts(type_="scroll", pos_top=0),
        tooltip_opts=opts.TooltipOpts(trigger="axis"),
        xaxis_opts=category_axis(),
        yaxis_opts=SCORE_AXIS,
    )
    option = finish(chart)
    for series, data in zip(option["series"], lines.values(), strict=True):
        series["data"] = data
    return option


def average_line(years: list[str], items: list[Any]) -> dict[str, Any]:
    """The average score per year on the whole 0–100 scale (a scale fitted to the data makes
    87 against 88 look like a fall); a year without results is a gap (``None``)."""
    line = _single(Line(), years, "平均评价分值", items, category_axis(), SCORE_AXIS,
                   PALETTE[0], label_opts=outside("top"))
    option = finish(line)
    option["grid"] = {"top": 40, "bottom": 30, "left": 50, "right": 30}
    return option


def series_panels(years: list[str], lines: dict[str, list[Any]]) -> dict[str, Any]:
    """Small multiples: per series a panel titled with its name (cut with an ellipsis where
    it is long; the table has it whole), on the same 0–100 axis and the same years, the years
    labelled at the ends. ``pePanels`` asks the site script to lay the panels out in as many
    columns as the width holds (pe-chart-fit.js); the positions here are its two-column
    default."""
    last = max(len(years) - 2, 0)  # label every (last + 1)-th year: the first and the last
    option: dict[str, Any] = {
        "animation": False, "color": list(PALETTE), "pePanels": True,
        "tooltip": {"trigger": "axis"},
        "title": [], "grid": [], "xAxis": [], "yAxis": [], "series": [],
    }
    for i, (name, data) in enumerate(lines.items()):
        left, top = f"{(i % 2) * 50}%", (i // 2) * 132
        option["title"].append({"text": name, "left": left, "top": top + 6, "textStyle": {
            "fontSize": 12, "fontWeight": "normal", "color": LABEL_COLOUR,
            "width": 160, "overflow": "truncate", "ellipsis": "…"}})
        option["grid"].append({"left": left, "top": top + 38, "width": "40%", "height": 66})
        option["xAxis"].append({"type": "category", "data": years, "gridIndex": i,
                                "axisLabel": {"interval": last, "fontSize": 10}})
        option["yAxis"].append({"type": "value", "min": 0, "max": 100, "interval": 50,
                                "gridIndex": i, "axisLabel": {"fontSize": 10}})
        option["series"].append({
            "type": "line", "name": name, "data": data, "xAxisIndex": i, "yAxisIndex": i,
            "connectNulls": False, "symbol": "circle", "symbolSize": 6,
            "itemStyle": {"color": PALETTE[0]}, "lineStyle": {"color": PALETTE[0]},
            "label": {"show": False}})
    return option
