"""The charts of the accountability views: where a project stands, the rectification
ledger's statuses, the problems' themes and an authority across its years.

Every chart has its numbers in a table too (:class:`~generator.site.charts.figure.Chart`).
The project charts are filled into cached skeletons (:func:`options.fill`), as the other
project charts are, so they cost little per page.
"""

from __future__ import annotations

import functools
import marshal
from typing import Any

from pyecharts import options as opts
from pyecharts.charts import Bar

from generator.core.fmt import EMPTY, percent, round2, two
from generator.core.model import Project, SiteConfig
from generator.core.rectification import STATUSES
from generator.site.charts import builders, captions, methods
from generator.site.charts.data import (
    TALL_FROM,
    average,
    rated_indicators,
    scored,
    share,
    year_gaps,
)
from generator.site.charts.figure import Chart
from generator.site.charts.options import (
    Draft,
    aria,
    as_float,
    category_axis,
    chart,
    check_data,
    check_static,
    fill,
    finish,
    item,
    line_item,
    outside,
)
from generator.site.charts.style import PALETTE
from generator.site.context import SCORE_BINS, Group, SiteContext, ThemeIndex, score_bin

HIGHLIGHT = PALETTE[1]  # the project's own bar (orange, with its label naming it)
# 已整改, 整改中, 未整改, 未说明
STATUS_COLOURS = ("#08519C", "#4A98C9", "#D4760A", "#BDBDBD")
STATUS_TEXT = ("#FFFFFF", "#000000", "#000000", "#000000")

# ---- project pages -----------------------------------------------------------------------


def standing_charts(site: SiteContext, project: Project) -> list[Chart]:
    """The year's score distribution with the project's range marked; for a project with a
    tree, each top-level 得分率 against the year's average for the same name."""
    if project.total is None:  # published with a grade only: no score to place
        return []
    charts = [_distribution(site, project)]
    rates = _rates_against_year(site, project)
    if rates is not None:
        charts.append(rates)
    return charts


def standing_rows(site: SiteContext, project: Project) -> list[dict[str, Any]]:
    """Rank and share below in the year and among the authority's projects of all years."""
    rows: list[dict[str, Any]] = []
    if project.total is None:
        return rows
    for scope, group in ((f"{project.year} 年全部项目", site.years[project.year]),
                         (f"{project.authority}（各年度）", site.authorities[project.authority])):
        rank, n, below = group.standing(project)
        rows.append({"scope": scope, "count": n, "average": group.average, "rank": rank,
                     "below": below, "group": group, "mixed": len(group.methods) > 1})
    return rows


def _distribution(site: SiteContext, project: Project) -> Chart:
    group = site.years[project.year]
    assert project.total is not None, "standing_charts returns early"
    mine = score_bin(round2(project.total))
    labels = [label for label, _ in SCORE_BINS]
    items = [item(c, f"{c} 个（本项目所在）" if i == mine else f"{c} 个",
                  HIGHLIGHT if i == mine else PALETTE[0])
             for i, c in enumerate(group.score_bins)]
    rank, n, below = group.standing(project)
    # the score itself is the facts' (and the 得分情况表's): here, where it stands
    caption = (f"本项目位于 {labels[mine]} 分数段；在 {project.year} "
               f"年 {n} 个项目中排第 {rank} 名，高于 {percent(below)} 的项目；"
               f"年度平均 {two(group.average)} 分。")
    rows = [[label + ("（本项目）" if i == mine else ""), str(c), percent(share(c, n))]
            for i, (label, c) in enumerate(zip(labels, group.score_bins, strict=True))]
    return fill(Draft("standing", f"在 {project.year} 年评价分值分布中的位置", caption,
                      builders.score_bar, labels, items, ["分数段（含下限）", "项目数", "占比"],
                      rows))


def _rates_against_year(site: SiteContext, project: Project) -> Chart | None:
    rated = rated_indicators(project)
    if not rated:
        return None
    year_rates = site.years[project.year].indicator_rates
    names = [node.name for node, _ in rated]
    averages = [year_rates[name].average if name in year_rates else None for name in names]
    own = [item(as_float(rate), percent(rate)) for _, rate in rated]
    year = [item(as_float(a), percent(a)) if a is not None else item(0, EMPTY)
            for a in averages]
    rows = [[node.label, percent(rate), percent(a), str(year_rates[node.name].count)]
            for (node, rate), a in zip(rated, averages, strict=True)]
    above = [n for (node, rate), a, n in zip(rated, averages, names, strict=True)
             if a is not None and round2(rate) > a]
    caption = (f"{len(names)} 个一级指标中，{len(above)} 个的得分率高于同年同名指标的平均"
               + (f"（{'、'.join(above)}）" if above else "") + "。")
    return _fill_pair("rates-vs-year", "各一级指标得分率与同年平均", caption, names, own, year,
                      ["一级指标", "本项目得分率", "同年平均得分率", "同年项目数"], rows)


def _pair_bar(names: list[str], own: list[Any], year: list[Any]) -> Bar:
    return (
        Bar()
        .add_xaxis(names)
        .add_yaxis("本项目", own, itemstyle_opts=opts.ItemStyleOpts(color=PALETTE[0]),
                   label_opts=outside("top"), bar_max_width=40)
        .add_yaxis("同年平均", year, itemstyle_opts=opts.ItemStyleOpts(color=HIGHLIGHT),
                   label_opts=outside("top"), bar_max_width=40)
        .set_global_opts(
            legend_opts=opts.LegendOpts(pos_top=0),
            xaxis_opts=category_axis(rotate=30 if len(names) > 6 else 0),
            yaxis_opts=opts.AxisOpts(type_="value", name="得分率（%）", min_=0, max_=100),
        )
    )


@functools.cache
def _pair_skeleton() -> bytes:
    option = finish(_pair_bar([], [], []))
    check_static(option)
    return marshal.dumps(option)


def _fill_pair(key: str, title: str, caption: str, names: list[str], own: list[Any],
               year: list[Any], head: list[str], rows: list[list[str]]) -> Chart:
    option = marshal.loads(_pair_skeleton())
    option["xAxis"][0]["data"] = names
    option["series"][0]["data"] = own
    option["series"][1]["data"] = year
    option["aria"] = aria(title, caption)
    check_data(names, own + year, option["aria"]["label"]["description"])
    return Chart(key, title, caption, option, head, rows)


# ---- the rectification page --------------------------------------------------------------


def status_chart(site: SiteContext) -> Chart | None:
    """Problems per year by rectification status, stacked."""
    years = dict(sorted(site.years.items()))
    if not any(g.problems for g in years.values()):
        return None
    x = [str(y) for y in years]
    bar = Bar().add_xaxis(x)
    for i, status in enumerate(STATUSES):
        counts = [g.problem_statuses[status] for g in years.values()]
        bar.add_yaxis(status, [{"value": c, "label": {"show": bool(c), "formatter": str(c)}}
                               for c in counts], stack="status",
                      itemstyle_opts=opts.ItemStyleOpts(color=STATUS_COLOURS[i]),
                      label_opts=opts.LabelOpts(position="inside", color=STATUS_TEXT[i]),
                      bar_max_width=64)
    bar.set_global_opts(legend_opts=opts.LegendOpts(pos_top=0), xaxis_opts=category_axis(),
                        yaxis_opts=opts.AxisOpts(type_="value", name="问题（条）",
                                                 min_interval=1))
    rows = [[y, str(g.problems), *(str(g.problem_statuses[s]) for s in STATUSES),
             percent(g.fixed_rate)] for y, g in zip(x, years.values(), strict=True)]
    total = site.all
    others = "，".join(f"{s} {total.problem_statuses[s]} 条" for s in STATUSES[1:])
    caption = (f"共公开存在问题 {total.problems} 条，其中已整改 {total.fixed} 条"
               f"（{percent(total.fixed_rate)}），{others}。")
    return chart("rectification-status", "历年存在问题的整改情况", caption, finish(bar),
                 ["年度", "存在问题", *STATUSES, "已整改的比例"], rows)


# ---- the problems page ---------------------------------------------------------------------


def theme_chart(index: ThemeIndex, key: str = "themes", title: str = "各主题的问题数"
                ) -> Chart | None:
    entries = [e for e in index.themes.values() if e.count]
    if not entries:
        return None
    names = [e.name for e in entries]
    bar = builders.authority_bar(names, [item(e.count, f"{e.count} 条") for e in entries])
    option = finish(bar)
    option["series"][0]["name"] = "问题数"
    option["xAxis"][0].update(name="条", max=None, minInterval=1)
    top = max(entries, key=lambda e: e.count)
    caption = (f"{index.problems} 条存在问题归入 {len(entries)} 个主题（一条可属多个主题），"
               f"最多的是「{top.name}」（{top.count} 条）。")
    rows = [[e.name, str(e.count), percent(share(e.count, index.problems)),
             str(len(e.projects)), str(len(e.authorities))] for e in entries]
    return chart(key, title, caption, option,
                 ["主题", "问题数", "占全部问题", "项目数", "主管部门数"], rows,
                 tall=len(entries) > TALL_FROM)


# ---- an authority across its years --------------------------------------------------------


def authority_charts(authority: str, by_year: dict[int, Group], config: SiteConfig
                     ) -> list[Chart]:
    years = dict(sorted(scored(by_year).items()))
    if not years:  # only results published with a grade: no score to chart
        return []
    x = [str(y) for y in years]
    averages = [average(g) for g in years.values()]
    split = methods.year_lines(years)
    head = ["年度", "项目数", "平均评价分值", "已整改的比例"]
    if split is not None:  # a bar per 评价方式, never one average across them
        option = builders.method_year_bars(*split)
        head = ["年度", *methods.HEAD, head[-1]]
        rows = methods.rows(years, list(years), lambda y: [percent(years[y].fixed_rate)])
    else:
        option = builders.average_line(*year_gaps(years, [
            line_item(as_float(a), f"{two(a)} 分") for a in averages]))
        rows = [[y, str(g.count), two(a), percent(g.fixed_rate)]
                for y, g, a in zip(x, years.values(), averages, strict=True)]
    mixed = captions.mixed_methods(years.values())
    if len(years) > 1 and mixed:  # no 上升/下降 across methods
        caption = (f"{x[0]} 年至 {x[-1]} 年各年度的平均评价分值，按评价方式分开画出；{mixed}，"
                   "不作升降比较。")
    elif mixed:
        caption = f"{x[0]} 年的平均评价分值按评价方式分开画出（仅一个年度）；{mixed}。"
    elif len(years) > 1:
        first, last = averages[0], averages[-1]
        trend = "上升" if last > first else "下降" if last < first else "持平"
        caption = (f"{x[0]} 年至 {x[-1]} 年平均评价分值由 {two(first)} 分{trend}至 "
                   f"{two(last)} 分。")
    else:
        caption = f"{x[0]} 年平均评价分值 {two(averages[0])} 分（仅一个年度）。"
    return [chart("authority-years", f"{authority}历年平均评价分值", caption, option, head,
                  rows)]


