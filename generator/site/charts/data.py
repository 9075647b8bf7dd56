"""The figures each chart shows, derived from the model and the site context, in ``Decimal``.

What a chart shows is capped so that it stays legible; the captions say when it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from generator.core.fmt import round2
from generator.core.methods import UNNAMED, ordered
from generator.core.model import HUNDRED, ZERO, Indicator, Project, ProjectHead
from generator.core.scoring import category_rate
from generator.site.context import Group, MethodShare, RateSum, SiteContext

LOST_TOP = 15  # leaves shown in the lost-points chart
AUTHORITY_TOP = 20  # authorities shown in the ranking
SERIES_TOP = 20  # series lines shown on the trends page
INDICATOR_TOP = 15  # top-level indicator names shown on a year page
TALL_FROM = 10  # more bars or lines than this: a taller container (class pe-chart-tall)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` (0 of nothing)."""
    return Decimal(part) / Decimal(whole) * HUNDRED if whole else ZERO


# ---- project pages -----------------------------------------------------------------------


def rated_indicators(project: Project) -> list[tuple[Indicator, Decimal]]:
    """The top-level indicators that have a 得分率 (weight above zero), with it."""
    return [(node, rate) for node in project.indicators
            if (rate := category_rate(node)) is not None]


@dataclass
class Losses:
    """The leaves of a project that lost points, largest loss first (tree order among ties)."""

    ranked: list[tuple[Indicator, Decimal]]
    total: Decimal

    @property
    def shown(self) -> list[tuple[Indicator, Decimal]]:
        return self.ranked[:LOST_TOP]

    @property
    def most(self) -> Decimal:
        return self.ranked[0][1]

    @property
    def top(self) -> list[Indicator]:
        """The leaves that lost the most (several when tied)."""
        return [leaf for leaf, lost in self.ranked if lost == self.most]


def losses(project: Project) -> Losses | None:
    losing = [(leaf, lost) for leaf in project.leaves() if (lost := leaf.lost) > 0]
    if not losing:
        return None
    return Losses(sorted(losing, key=lambda pair: -pair[1]),  # stable: tree order among ties
                  sum((lost for _, lost in losing), ZERO))


def series_entries(project: ProjectHead, series_projects: Sequence[ProjectHead]
                   ) -> list[ProjectHead]:
    """The evaluations of the project's series, oldest first; none when it has no series."""
    if project.series is None:
        return []
    return sorted((p for p in series_projects if p.series == project.series
                   and p.total is not None),
                  key=lambda p: (p.year, p.name, p.id))


# ---- year pages --------------------------------------------------------------------------


def indicator_ranking(rates: dict[str, RateSum]) -> list[str]:
    """The most widely used top-level names (at most INDICATOR_TOP), in order of appearance."""
    order = list(rates)
    names = sorted(order, key=lambda name: -rates[name].count)[:INDICATOR_TOP]
    names.sort(key=order.index)
    return names


def year_authorities(site: SiteContext, year: int) -> dict[str, Group]:
    """Each authority's group of one year."""
    return {name: by_year[year] for name, by_year in site.departments.items() if year in by_year}


def authority_ranking(authorities: dict[str, Group]) -> list[str]:
    """Authorities with a score by average score, best first (then by name)."""
    return sorted(scored(authorities), key=lambda name: (-average(authorities[name]), name))


K = TypeVar("K")


def by_method(groups: dict[K, Group]) -> dict[str, dict[K, MethodShare]]:
    """Per 评价方式 (page order), each group's projects evaluated that way and their average,
    when the groups mix methods (issue 46.5): a chart then draws a series per method, never
    one average across methods. Empty when every scored project was evaluated one way."""
    found: dict[str, dict[K, MethodShare]] = {}
    for key, group in groups.items():
        for method in group.methods:
            found.setdefault(method.method, {})[key] = method
    return {} if len(found) <= 1 else {name: found[name] for name in ordered(found)}


def method_label(method: str) -> str:
    """A method as a legend or a column names it: 未注明 alone would not say what is."""
    return "评价方式未注明" if method == UNNAMED else method


def scored(groups: dict[K, Group]) -> dict[K, Group]:
    """The groups with a score to average (not only results published with a grade)."""
    return {key: group for key, group in groups.items() if group.scored}


def average(group: Group) -> Decimal:
    """The average score of a group with at least one scored project (see :func:`scored`)."""
    value = group.average
    if value is None:
        raise ValueError("an empty group has no average")
    return value


# ---- trends and home ---------------------------------------------------------------------


def year_gaps(years: dict[int, Group], items: list[object]) -> tuple[list[str], list[object]]:
    """Every year from the first to the last as the x axis, ``None`` where a year has no
    results, so a line over the years breaks there instead of joining distant years."""
    if not years:
        return [], []
    by_year = dict(zip(years, items, strict=True))
    span = range(min(years), max(years) + 1)
    return [str(y) for y in span], [by_year.get(y) for y in span]


def ascending_years(site: SiteContext) -> dict[int, Group]:
    """The year groups, oldest first."""
    return dict(reversed(site.years.items()))


def series_averages(series: dict[str, list[ProjectHead]]) -> dict[str, dict[int, Decimal]]:
    """Series evaluated in two years or more: the average score per year, oldest first.

    A year with several projects of one series counts their average.
    """
    averages: dict[str, dict[int, Decimal]] = {}
    for name, projects in series.items():
        totals: dict[int, list[Decimal]] = {}
        for p in projects:
            if p.total is not None:
                totals.setdefault(p.year, []).append(p.total)
        if len(totals) >= 2:
            averages[name] = {year: round2(sum(t, ZERO) / len(t))
                              for year, t in sorted(totals.items())}
    return averages


def series_ranking(averages: dict[str, dict[int, Decimal]]) -> list[str]:
    """Series by the number of years evaluated, then the latest year, then name."""
    return sorted(averages, key=lambda name: (-len(averages[name]), -max(averages[name]), name))
