"""The one context every page is rendered from: content grouped once, O(N).

Pages, charts and exports read groupings from here instead of rescanning all projects,
so a build stays linear in the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from generator.build.reproducible import epoch_time, source_date_epoch
from generator.content.discovery import Content
from generator.core.fmt import round2
from generator.core.model import ZERO, Project, SiteConfig


@dataclass
class Group:
    """Projects of one year, or of one authority in one year, with their summary figures."""

    projects: list[Project] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def budget(self) -> Decimal:
        return sum((p.budget for p in self.projects), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((p.spent for p in self.projects if p.spent is not None), ZERO)

    @property
    def average(self) -> Decimal | None:
        if not self.projects:
            return None
        return round2(sum((p.total for p in self.projects), ZERO) / len(self.projects))

    def grade_counts(self, config: SiteConfig) -> dict[str, int]:
        counts = {band.label: 0 for band in config.grades}
        for project in self.projects:
            counts[project.grade] += 1
        return counts


@dataclass
class SiteContext:
    content: Content
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
    def all(self) -> Group:
        return Group(self.content.projects)

    @property
    def latest_year(self) -> int | None:
        return next(iter(self.years), None)

    @cached_property
    def built(self) -> datetime:
        """The build's one time (SOURCE_DATE_EPOCH, else 1 January after the newest year)."""
        return epoch_time(source_date_epoch(max((p.year for p in self.projects), default=None)))

    def series_of(self, project: Project) -> list[Project]:
        return self.series.get(project.series, [project]) if project.series else [project]


def build_context(content: Content) -> SiteContext:
    years: dict[int, Group] = defaultdict(Group)
    departments: dict[str, dict[int, Group]] = defaultdict(lambda: defaultdict(Group))
    series: dict[str, list[Project]] = defaultdict(list)
    for project in content.projects:  # already sorted: year desc, authority, order, name
        years[project.year].projects.append(project)
        departments[project.authority][project.year].projects.append(project)
        if project.series:
            series[project.series].append(project)
    for group in series.values():
        group.sort(key=lambda p: (p.year, p.id))
    return SiteContext(
        content=content,
        years=dict(sorted(years.items(), reverse=True)),
        departments={name: dict(sorted(by_year.items(), reverse=True))
                     for name, by_year in sorted(departments.items())},
        series=dict(sorted(series.items())),
    )
