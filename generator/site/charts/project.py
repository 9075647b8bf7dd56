"""The charts of a project page: 得分率 by top-level indicator, lost points, budget vs spent,
and the project's series over the years.

Each is drafted from the project's figures and filled into its kind's cached skeleton
(:func:`options.fill`), so pyecharts builds each kind once per process, not once per page.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.core.fmt import amount, number, percent, round2, two
from generator.core.methods import method_of
from generator.core.model import Project, ProjectHead
from generator.site.charts import builders, captions
from generator.site.charts.data import TALL_FROM, losses, rated_indicators, series_entries
from generator.site.charts.figure import Chart
from generator.site.charts.options import Draft, as_float, as_money, fill, item
from generator.site.charts.style import PALETTE


def project_charts(project: Project, series_projects: Sequence[ProjectHead] = ()) -> list[Chart]:
    """得分率 by top-level indicator, lost points, budget vs spent, the series over the years."""
    return [fill(draft) for draft in project_drafts(project, series_projects)]


def project_drafts(project: Project, series_projects: Sequence[ProjectHead] = ()) -> list[Draft]:
    """What :func:`project_charts` fills in, chart by chart (those the project has)."""
    drafts = [
        _category_rates(project),
        _lost_points(project),
        _budget_spent(project),
        _series_trend(project, series_projects),
    ]
    return [draft for draft in drafts if draft is not None]


def _category_rates(project: Project) -> Draft | None:
    rated = rated_indicators(project)
    if not rated:
        return None
    names = [node.name for node, _ in rated]
    rates = [rate for _, rate in rated]
    caption = captions.extremes(names, rates, "得分率", percent, "各一级指标")
    rows = [[node.label, number(node.weight), two(node.score), percent(rate)]
            for node, rate in rated]
    return Draft("category-rates", "各一级指标得分率", caption, builders.category_rates_bar,
                 names, [item(as_float(r), percent(r)) for r in rates],
                 ["一级指标", "满分值", "评价分值", "得分率"], rows)


def _lost_points(project: Project) -> Draft | None:
    lost = losses(project)
    if lost is None:
        return None
    shown = lost.shown
    labels = [leaf.label for leaf, _ in shown]
    texts = [two(points) for _, points in shown]
    rows = [[label, number(leaf.weight), two(leaf.score), text]
            for label, (leaf, _), text in zip(labels, shown, texts, strict=True)]
    items = [item(as_float(points), f"{text} 分")
             for (_, points), text in zip(shown, texts, strict=True)]
    return Draft("lost-points", "失分最多的末级指标", captions.lost_points(lost),
                 builders.lost_bar, labels, items, ["末级指标", "满分值", "评价分值", "失分"],
                 rows, tall=len(shown) > TALL_FROM)


def _budget_spent(project: Project) -> Draft | None:
    if project.spent is None or project.budget is None:
        return None
    names = ["预算金额", "实际支出"]
    amounts = [project.budget, project.spent]
    items = [item(as_money(a), f"{amount(a)} 万元", PALETTE[i]) for i, a in enumerate(amounts)]
    caption = captions.budget_spent(project.budget, project.spent, project.execution_rate)
    rows = [[name, amount(figure)] for name, figure in zip(names, amounts, strict=True)]
    return Draft("budget", "预算金额与实际支出", caption, builders.budget_bar, names, items,
                 ["项目", "金额（万元）"], rows)


def _series_trend(project: Project, series_projects: Sequence[ProjectHead]) -> Draft | None:
    entries = series_entries(project, series_projects)
    if len(entries) < 2:
        return None
    totals = [round2(p.total) for p in entries if p.total is not None]
    # the current project drawn larger
    items = [builders.trend_item_data(as_float(t), 12 if p.id == project.id else 8, f"{two(t)} 分")
             for p, t in zip(entries, totals, strict=True)]
    mixed = len({method_of(p) for p in entries}) > 1
    rows = [[str(p.year), p.name, *([method_of(p)] if mixed else []), two(t), p.grade]
            for p, t in zip(entries, totals, strict=True)]
    head = ["年度", "项目名称", *(["评价方式"] if mixed else []), "评价分值", "评价等级"]
    # different 评价方式: points without a line joining them, as the caption says
    return Draft("series", "同一项目历年评价分值",
                 captions.project_series(project, entries, totals),
                 builders.series_points if mixed else builders.series_line,
                 [str(p.year) for p in entries], items, head, rows)
