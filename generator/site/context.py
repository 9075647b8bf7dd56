"""The one context every page is rendered from: content grouped once, O(N).

Pages, charts and exports read groupings and their figures from here instead of rescanning
all projects, so a build stays linear in the number of projects. Every figure of a group is
summed once, as its projects are added, in content order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from generator.content.discovery import Content
from generator.core.fmt import round2
from generator.core.model import ZERO, Project, SiteConfig
from generator.core.scoring import category_rate

SCORE_BINS: tuple[tuple[str, Decimal | None], ...] = (  # label, lower bound (inclusive)
    ("60 分以下", None), ("60–70", Decimal(60)), ("70–80", Decimal(70)),
    ("80–90", Decimal(80)), ("90–100", Decimal(90)),
)


def score_bin(total: Decimal) -> int:
    """The index in SCORE_BINS of a total (already rounded to two decimals)."""
    index = 0
    for i, (_, lower) in enumerate(SCORE_BINS):
        if lower is not None and total >= lower:
            index = i
    return index


@dataclass
class RateSum:
    """得分率 of one top-level indicator name, summed over the projects that have it."""

    total: Decimal = ZERO
    count: int = 0

    @property
    def average(self) -> Decimal:
        return round2(self.total / self.count)


@dataclass
class Group:
    """Projects of one year, of one authority in one year, or all, with their summary figures.

    Build one with :meth:`of` and fill it with :meth:`add`; the figures are kept up to date
    as projects are added, so reading them costs nothing.
    """

    projects: list[Project] = field(default_factory=list)
    budget: Decimal = ZERO
    spent: Decimal = ZERO  # projects without a figure count as nothing
    total_sum: Decimal = ZERO  # of the unrounded totals
    # per grade label: band order first, labels outside the configured bands after them
    grades: dict[str, int] = field(default_factory=dict)
    grade_budgets: dict[str, Decimal] = field(default_factory=dict)
    score_bins: list[int] = field(default_factory=lambda: [0] * len(SCORE_BINS))
    # 得分率 per top-level indicator name, in order of first appearance
    indicator_rates: dict[str, RateSum] = field(default_factory=dict)

    @classmethod
    def of(cls, config: SiteConfig) -> Group:
        """An empty group with every configured grade at zero."""
        return cls(grades={band.label: 0 for band in config.grades},
                   grade_budgets={band.label: ZERO for band in config.grades})

    def add(self, project: Project, rates: list[tuple[str, Decimal]] | None = None) -> None:
        """Count a project in; ``rates`` are its 得分率 by top-level name, if already known."""
        self.projects.append(project)
        self.budget += project.budget
        if project.spent is not None:
            self.spent += project.spent
        self.total_sum += project.total
        self.grades[project.grade] = self.grades.get(project.grade, 0) + 1
        self.grade_budgets[project.grade] = (self.grade_budgets.get(project.grade, ZERO)
                                             + project.budget)
        self.score_bins[score_bin(round2(project.total))] += 1
        for name, rate in category_rates(project) if rates is None else rates:
            acc = self.indicator_rates.get(name)
            if acc is None:
                acc = self.indicator_rates[name] = RateSum()
            acc.total += rate
            acc.count += 1

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def average(self) -> Decimal | None:
        return round2(self.total_sum / len(self.projects)) if self.projects else None

    def grade_counts(self, config: SiteConfig | None = None) -> dict[str, int]:
        """Projects per grade label (a copy; ``config`` is no longer needed)."""
        return dict(self.grades)


def category_rates(project: Project) -> list[tuple[str, Decimal]]:
    """得分率 of each top-level indicator that has one (weight above zero), by name."""
    return [(node.name, rate) for node in project.indicators
            if (rate := category_rate(node)) is not None]


@dataclass
class SiteContext:
    content: Content
    all: Group = field(default_factory=Group)
    years: dict[int, Group] = field(default_factory=dict)  # newest first
    departments: dict[str, dict[int, Group]] = field(default_factory=dict)
    series: dict[str, list[Project]] = field(default_factory=dict)

    @property
    def config(self) -> SiteConfig:
        return self.content.config

    @property
    def projects(self) -> list[Project]:
        return self.content.projects

    @property
    def latest_year(self) -> int | None:
        return next(iter(self.years), None)

    def series_of(self, project: Project) -> list[Project]:
        return self.series.get(project.series, [project]) if project.series else [project]


def build_context(content: Content) -> SiteContext:
    config = content.config
    everything = Group.of(config)
    years: dict[int, Group] = {}
    departments: dict[str, dict[int, Group]] = defaultdict(dict)
    series: dict[str, list[Project]] = defaultdict(list)
    for project in content.projects:  # already sorted: year desc, authority, order, name
        rates = category_rates(project)
        everything.add(project, rates)
        year = years.get(project.year)
        if year is None:
            year = years[project.year] = Group.of(config)
        year.add(project, rates)
        by_year = departments[project.authority]
        department = by_year.get(project.year)
        if department is None:
            department = by_year[project.year] = Group.of(config)
        department.add(project, rates)
        if project.series:
            series[project.series].append(project)
    for group in series.values():
        group.sort(key=lambda p: (p.year, p.id))
    return SiteContext(
        content=content,
        all=everything,
        years=dict(sorted(years.items(), reverse=True)),
        departments={name: dict(sorted(by_year.items(), reverse=True))
                     for name, by_year in sorted(departments.items())},
        series=dict(sorted(series.items())),
    )
