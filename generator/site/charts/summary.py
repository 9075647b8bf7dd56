"""The charts of the summary pages, read from the site context's groups.

A year page: grade and score distribution, budget by grade, 得分率 by top-level indicator and
the authorities' average scores. The trends page: projects and average score per year, the
grade mix per year and every series over the years. The home page: the latest year's grades
and the average score per year.
"""

from __future__ import annotations

from generator.core.fmt import EMPTY, amount_total, number, percent, two
from generator.core.methods import method_of
from generator.core.model import HUNDRED, ZERO, SiteConfig
from generator.site.charts import builders, captions, methods
from generator.site.charts.data import (
    AUTHORITY_TOP,
    SERIES_TOP,
    TALL_FROM,
    ascending_years,
    authority_ranking,
    average,
    indicator_ranking,
    scored,
    series_averages,
    series_ranking,
    share,
    year_authorities,
    year_gaps,
)
from generator.site.charts.figure import Chart
from generator.site.charts.options import as_float, as_money, chart, item, line_item
from generator.site.charts.style import grade_colour
from generator.site.context import SCORE_BINS, Group, RateSum, SiteContext

# ---- year pages --------------------------------------------------------------------------


def year_charts(site: SiteContext, year: int) -> list[Chart]:
    """Grade and score distribution, budget by grade, 得分率 by indicator, authorities."""
    group = site.years.get(year)
    if group is None:
        return []
    config = site.config
    charts = [
        _grade_distribution("grades", f"{year} 年评价等级分布", group.grades, config),
        _score_distribution(year, group),
        _budget_by_grade(year, group, config),
        _indicator_rates(group.indicator_rates),
        _authority_scores(year_authorities(site, year)),
    ]
    return [c for c in charts if c is not None]


def _grade_distribution(key: str, title: str, counts: dict[str, int], config: SiteConfig
                        ) -> Chart | None:
    n = sum(counts.values())
    if not n:
        return None
    labels = list(counts)
    bar = builders.grade_count_bar(labels, [item(c, f"{label} {c} 个", grade_colour(label, config))
                                            for label, c in counts.items()])
    rows = [[label, _band_range(label, config), str(c), percent(share(c, n))]
            for label, c in counts.items()]
    return chart(key, title, captions.grade_distribution(counts), bar,
                 ["评价等级", "分数段", "项目数", "占比"], rows)


def _band_range(label: str, config: SiteConfig) -> str:
    bands = list(config.grades)
    for i, band in enumerate(bands):
        if band.label == label:
            if i == 0:
                return f"{number(band.min)} 分及以上"
            return f"{number(band.min)}–{number(bands[i - 1].min)} 分（不含）"
    return EMPTY


def _score_distribution(year: int, group: Group) -> Chart | None:
    bins = group.score_bins
    n = sum(bins)
    if not n:
        return None
    labels = [label for label, _ in SCORE_BINS]
    bar = builders.score_bar(labels, [item(c, f"{c} 个") for c in bins])
    caption = captions.score_distribution(labels, bins, average(group))
    rows = [[label, str(c), percent(share(c, n))] for label, c in zip(labels, bins, strict=True)]
    return chart("scores", f"{year} 年评价分值分布", caption, bar,
                 ["分数段（含下限）", "项目数", "占比"], rows)


def _budget_by_grade(year: int, group: Group, config: SiteConfig) -> Chart | None:
    budgets = group.grade_budgets
    total = sum(budgets.values(), ZERO)
    if not total:
        return None
    bar = builders.grade_budget_bar(
        list(budgets), [item(as_money(b), f"{label} {amount_total(b)} 万元",
                             grade_colour(label, config)) for label, b in budgets.items()])
    rows = [[label, str(group.grades.get(label, 0)), amount_total(b),
             percent(b / total * HUNDRED)]
            for label, b in budgets.items()]
    return chart("budget-by-grade", f"{year} 年各等级项目预算金额",
                 captions.budget_by_grade(budgets, total), bar,
                 ["评价等级", "项目数", "预算金额（万元）", "占比"], rows)


def _indicator_rates(rates: dict[str, RateSum]) -> Chart | None:
    if not rates:
        return None
    names = indicator_ranking(rates)
    averages = [rates[name].average for name in names]
    bar = builders.rate_bar(names, [item(as_float(a), percent(a)) for a in averages],
                            "平均得分率", rotate=30 if len(names) > 6 else 0)
    rows = [[name, str(rates[name].count), percent(a)]
            for name, a in zip(names, averages, strict=True)]
    return chart("indicator-rates", "各一级指标平均得分率",
                 captions.indicator_rates(names, averages, len(rates)), bar,
                 ["一级指标", "项目数", "平均得分率"], rows)


def _authority_scores(authorities: dict[str, Group]) -> Chart | None:
    authorities = scored(authorities)
    if len(authorities) < 2:  # a ranking of one says nothing
        return None
    ranked = authority_ranking(authorities)
    caption = captions.authority_scores(ranked, authorities)
    by_name = sorted(ranked)[:AUTHORITY_TOP]
    bars = methods.keyed_bars(authorities, by_name)
    if bars is not None:  # scores of different 评价方式 are not ranked: by name, per method
        return chart("authorities", "各主管部门平均评价分值", caption,
                     builders.method_bars(by_name, bars), ["主管部门", *methods.HEAD],
                     methods.rows(authorities, by_name),
                     tall=len(by_name) > TALL_FROM // 2)
    shown = ranked[:AUTHORITY_TOP]
    averages = {name: average(authorities[name]) for name in shown}
    bar = builders.authority_bar(shown, [item(as_float(averages[name]),
                                              f"{two(averages[name])} 分") for name in shown])
    rows = [[str(i), name, str(authorities[name].count),
             two(averages[name])] for i, name in enumerate(shown, 1)]
    return chart("authorities", "各主管部门平均评价分值", caption, bar,
                 ["排名", "主管部门", "项目数", "平均评价分值"], rows,
                 tall=len(shown) > TALL_FROM)


# ---- trends and home ---------------------------------------------------------------------


def trend_charts(site: SiteContext) -> list[Chart]:
    """Projects and average score per year, grade mix per year, every series over the years."""
    years = ascending_years(site)
    if not years:
        return []
    charts = [
        _year_overview(years),
        _grade_mix(years, site.config),
        _series_trends(site),
    ]
    return [c for c in charts if c is not None]


def _year_overview(years: dict[int, Group]) -> Chart:
    years = scored(years)
    x = [str(year) for year in years]
    counts = [y.count for y in years.values()]
    averages = [average(y) for y in years.values()]
    caption = captions.year_overview(years, averages)
    split = methods.year_lines(years, gaps=False)
    if split is not None:  # a bar per 评价方式, never one average across them
        return chart("years", "历年各评价方式的平均评价分值", caption,
                     builders.method_year_bars(*split),
                     ["年度", *methods.HEAD, "当年项目数合计"],
                     methods.rows(years, list(years), lambda y: [str(years[y].count)]))
    bars = [item(c, f"{c} 个") for c in counts]
    line = [item(as_float(a), f"{two(a)} 分") for a in averages]
    rows = [[year, str(c), two(a)] for year, c, a in zip(x, counts, averages, strict=True)]
    return chart("years", "历年评价项目数与平均评价分值", caption,
                 builders.year_overview(x, bars, {"平均评价分值": line}),
                 ["年度", "项目数", "平均评价分值"], rows)


def _grade_mix(years: dict[int, Group], config: SiteConfig) -> Chart:
    x = [str(year) for year in years]
    labels: list[str] = []
    for y in years.values():
        labels.extend(label for label in y.grades if label not in labels)
    stacks = {label: [y.grades.get(label, 0) for y in years.values()] for label in labels}
    rows = [[year, *(str(y.grades.get(label, 0)) for label in labels), str(y.count)]
            for year, y in zip(x, years.values(), strict=True)]
    return chart("grade-mix", "历年评价等级构成", captions.grade_mix(years, labels[0]),
                 builders.grade_mix_bar(x, stacks, config), ["年度", *labels, "合计"], rows)


def _series_trends(site: SiteContext) -> Chart | None:
    averages = series_averages(site.series)
    if not averages:
        return None
    shown = series_ranking(averages)[:SERIES_TOP]
    found = {year for name in shown for year in averages[name]}
    all_years = list(range(min(found), max(found) + 1))  # a year of no results: a gap
    x = [str(year) for year in all_years]
    lines = {name: [item(as_float(averages[name][y]), two(averages[name][y]))
                    if y in averages[name] else None for y in all_years] for name in shown}
    rows = [[name, *(two(averages[name][y]) if y in averages[name] else EMPTY
                     for y in all_years)] for name in shown]
    mixed = frozenset(name for name in averages if len(
        {method_of(p) for p in site.series[name] if p.total is not None}) > 1)
    return chart("series", "跨年度项目评价分值", captions.series_trends(averages, shown, mixed),
                 builders.series_lines(x, lines), ["项目", *x], rows,
                 tall=len(shown) > TALL_FROM)


def home_charts(site: SiteContext) -> list[Chart]:
    """The latest year at a glance: its grade distribution, and the average score by year."""
    years = ascending_years(site)
    if not years:
        return []
    latest = next(reversed(years))
    charts = [_grade_distribution("latest-grades", f"{latest} 年评价等级分布",
                                  years[latest].grades, site.config)]
    if len(years) >= 2:
        charts.append(_yearly_average(years))
    return [c for c in charts if c is not None]


def _yearly_average(years: dict[int, Group]) -> Chart:
    years = scored(years)
    x = [str(year) for year in years]
    averages = [average(y) for y in years.values()]
    caption = captions.yearly_average(years, averages)
    split = methods.year_lines(years)
    if split is not None:  # a bar per 评价方式, never one average across them
        return chart("yearly-average", "历年平均评价分值", caption,
                     builders.method_year_bars(*split), ["年度", *methods.HEAD],
                     methods.rows(years, list(years)))
    option = builders.average_line(*year_gaps(years, [line_item(as_float(a), f"{two(a)} 分")
                                                      for a in averages]))
    rows = [[year, str(y.count), two(a)]
            for year, y, a in zip(x, years.values(), averages, strict=True)]
    return chart("yearly-average", "历年平均评价分值", caption,
                 option, ["年度", "项目数", "平均评价分值"], rows)
