"""The caption of each chart: its finding in one Chinese sentence, from the chart's figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from generator.core.fmt import amount, amount_total, percent, two
from generator.core.methods import method_of, ordered
from generator.core.model import HUNDRED, ProjectHead
from generator.site.charts.data import (
    AUTHORITY_TOP,
    INDICATOR_TOP,
    LOST_TOP,
    SERIES_TOP,
    Losses,
    share,
)
from generator.site.context import Group

# ---- wording -----------------------------------------------------------------------------


def extremes(names: list[str], values: list[Decimal], what: str, show: Callable[[Decimal], str],
             all_: str) -> str:
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


def mixed_methods(groups: Iterable[Group]) -> str:
    """'' when every scored project of ``groups`` was evaluated one way; else the caveat that
    names the methods (issue 46.5): scores of different 评价方式 are not ranked, compared or
    followed as a trend together, as the glossary says, and a sentence that would do so
    states the mix instead."""
    counts: dict[str, int] = {}
    for group in groups:
        for share_ in group.methods:
            counts[share_.method] = counts.get(share_.method, 0) + share_.count
    if len(counts) <= 1:
        return ""
    listed = "、".join(f"{name} {counts[name]} 个" for name in ordered(counts))
    return f"评价方式不同（{listed}），分值不宜相互比较或排名"


def verb(before: Decimal, after: Decimal) -> str:
    return "升至" if after > before else "降至" if after < before else "持平于"


def change(before: Decimal, after: Decimal, unit: str, first: int | None = None,
           last: int | None = None) -> str:
    """'由 86.84 分升至 87.80 分' (or 降至, or 均为 when equal)."""
    if before == after:
        return f"均为 {two(before)}{unit}"
    start = f"由 {first} 年的 " if first is not None else "由 "
    end = f" {last} 年的 " if last is not None else " "
    return f"{start}{two(before)}{unit}{verb(before, after)}{end}{two(after)}{unit}"


# ---- project pages -----------------------------------------------------------------------


def lost_points(losses: Losses) -> str:
    names = "".join(f"「{leaf.label}」" for leaf in losses.top)
    if len(losses.ranked) == 1:
        return f"仅{names}失分，失 {two(losses.total)} 分。"
    each = "各" if len(losses.top) > 1 else ""
    caption = (f"共 {len(losses.ranked)} 项末级指标失分，合计 {two(losses.total)} 分；"
               f"失分最多的是{names}，{each}失 {two(losses.most)} 分")
    if len(losses.ranked) > LOST_TOP:
        caption += f"，图中列出失分最多的 {LOST_TOP} 项"
    return caption + "。"


def budget_spent(budget: Decimal, spent: Decimal, rate: Decimal | None) -> str:
    return (f"预算金额 {amount(budget)} 万元，实际支出 {amount(spent)} 万元，"
            f"预算执行率为 {percent(rate)}。")


def project_series(project: ProjectHead, entries: list[ProjectHead], totals: list[Decimal]) -> str:
    first, last = entries[0], entries[-1]
    if len({method_of(p) for p in entries}) > 1:  # no 升至 between different methods
        listed = "、".join(f"{p.year} 年 {two(t)} 分（{method_of(p)}）"
                           for p, t in zip(entries, totals, strict=True))
        return (f"「{project.series}」{first.year}—{last.year} 年评价了 {len(entries)} 次："
                f"{listed}；评价方式不同，分值不宜直接比较。")
    return (f"「{project.series}」{first.year}—{last.year} 年评价了 {len(entries)} 次，评价分值"
            f"{change(totals[0], totals[-1], ' 分')}。")


# ---- year pages --------------------------------------------------------------------------


def grade_distribution(counts: dict[str, int]) -> str:
    n = sum(counts.values())
    top = max(counts.values())
    leaders = [label for label, c in counts.items() if c == top]
    if top == n:
        return f"{n} 个项目全部评为{leaders[0]}。"
    listed = "、".join(f"{label} {c} 个" for label, c in counts.items() if c)
    lead = (f"{leaders[0]}最多（{top} 个，占 {percent(share(top, n))}）" if len(leaders) == 1
            else f"{'、'.join(leaders)}并列最多（各 {top} 个）")
    return f"{n} 个项目中，{listed}；{lead}。"


def score_distribution(labels: list[str], bins: list[int], average: Decimal) -> str:
    n = sum(bins)
    top = max(bins)
    leaders = [label for label, c in zip(labels, bins, strict=True) if c == top]
    where = (f"{leaders[0]} 分段项目最多（{top} 个，占 {percent(share(top, n))}）"
             if len(leaders) == 1 else f"{'、'.join(leaders)} 分段并列最多（各 {top} 个）")
    return f"{n} 个项目平均评价分值 {two(average)} 分，{where}。"


def budget_by_grade(budgets: dict[str, Decimal], total: Decimal) -> str:
    top_label = max(budgets, key=lambda label: budgets[label])  # first of ties, in band order
    top = budgets[top_label]
    if top == total:
        return f"预算金额合计 {amount_total(total)} 万元，全部为{top_label}等级项目。"
    return (f"预算金额合计 {amount_total(total)} 万元，其中{top_label}等级项目最多，"
            f"{amount_total(top)} 万元，占 {percent(top / total * HUNDRED)}。")


def indicator_rates(names: list[str], averages: list[Decimal], all_names: int) -> str:
    caption = extremes(names, averages, "平均得分率", percent, "各一级指标")
    if all_names > INDICATOR_TOP:
        caption = (caption[:-1] + f"（共 {all_names} 个一级指标名称，图中列出最常用的 "
                   f"{INDICATOR_TOP} 个）。")
    return caption


def authority_scores(ranked: list[str], authorities: dict[str, Group]) -> str:
    mixed = mixed_methods(authorities.values())
    if mixed:  # no 最高/最低 across methods: the chart lists them by name
        caption = f"{len(ranked)} 个主管部门的平均评价分值；{mixed}，图中按名称排列、按评价方式分开"
        if len(ranked) > AUTHORITY_TOP:
            caption += f"，列出前 {AUTHORITY_TOP} 个"
        return caption + "。"
    best, worst = ranked[0], ranked[-1]
    caption = (f"{len(ranked)} 个主管部门中，平均评价分值最高的是{best}"
               f"（{two(authorities[best].average)} 分，{authorities[best].count} 个项目），"
               f"最低的是{worst}（{two(authorities[worst].average)} 分，"
               f"{authorities[worst].count} 个项目）")
    if len(ranked) > AUTHORITY_TOP:
        caption += f"；图中列出前 {AUTHORITY_TOP} 个"
    return caption + "。"


# ---- trends and home ---------------------------------------------------------------------


def year_overview(years: dict[int, Group], averages: list[Decimal]) -> str:
    n = sum(y.count for y in years.values())
    first, last = next(iter(years)), next(reversed(years))
    mixed = mixed_methods(years.values())
    span = f"{first} 年评价 {n} 个项目" if first == last else f"{first}—{last} 年共评价 {n} 个项目"
    if mixed:
        return f"{span}；平均评价分值按评价方式分开画出，{mixed}。"
    if first == last:
        return f"{span}，平均评价分值 {two(averages[0])} 分。"
    return f"{span}，平均评价分值{change(averages[0], averages[-1], ' 分')}。"


def grade_mix(years: dict[int, Group], top: str) -> str:
    """How the share of the ``top`` grade moved between the first and the last year."""
    first, last = next(iter(years)), next(reversed(years))
    if first == last:
        listed = "、".join(f"{label} {c} 个" for label, c in years[last].grades.items() if c)
        return f"{last} 年评价等级：{listed}。"
    before = share(years[first].grades.get(top, 0), years[first].count)
    after = share(years[last].grades.get(top, 0), years[last].count)
    return (f"{top}等级项目占比由 {first} 年的 {percent(before)} "
            f"{verb(before, after)} {last} 年的 {percent(after)}。")


def series_trends(averages: dict[str, dict[int, Decimal]], shown: list[str],
                  mixed: frozenset[str] = frozenset()) -> str:
    """Rises and falls between a series' first and latest score, only where both were
    evaluated the same way: a series in ``mixed`` changed 评价方式 and is not compared."""
    if len(averages) == 1:
        name = shown[0]
        values = list(averages[name].values())
        years = list(averages[name])
        if name in mixed:
            return (f"「{name}」{years[0]}—{years[-1]} 年的评价分值见图表；"
                    "各年评价方式不同，不作升降比较。")
        return (f"「{name}」{years[0]}—{years[-1]} 年评价分值"
                f"{change(values[0], values[-1], ' 分')}。")
    up = down = same = 0
    for name, points in averages.items():
        if name in mixed:
            continue
        values = list(points.values())
        first, last = values[0], values[-1]
        up, down, same = up + (last > first), down + (last < first), same + (last == first)
    compared = len(averages) - len(mixed & averages.keys())
    caption = f"{len(averages)} 个项目跨年度评价"
    if compared:
        caption += (f"，评价方式前后相同的 {compared} 个中，与首次相比最近一次评价分值"
                    f"上升 {up} 个、下降 {down} 个、持平 {same} 个")
    if compared < len(averages):
        caption += f"；{len(averages) - compared} 个前后评价方式不同，不作升降比较"
    if len(averages) > SERIES_TOP:
        caption += f"；图中列出评价年数最多的 {SERIES_TOP} 个"
    return caption + "。"


def yearly_average(years: dict[int, Group], averages: list[Decimal]) -> str:
    first, last = next(iter(years)), next(reversed(years))
    mixed = mixed_methods(years.values())
    if mixed:
        return (f"{first}—{last} 年各年度的平均评价分值（{len(years)} 个年度），"
                f"按评价方式分开画出；{mixed}，不作升降比较。")
    return (f"平均评价分值{change(averages[0], averages[-1], ' 分', first, last)}"
            f"（{len(years)} 个年度）。")
