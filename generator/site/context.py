"""The one context every page is rendered from: content grouped once, O(N).

Pages, charts and exports read groupings and their figures from here instead of rescanning
all projects, so a build stays linear in the number of projects. Every figure of a group is
summed once, as its projects are added, in content order.
"""

from __future__ import annotations

import bisect
import pickle
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import Any

from generator.base.heap import collector_paused
from generator.base.reproducible import epoch_time, source_date_epoch
from generator.content.discovery import Content
from generator.core.fmt import round2
from generator.core.heads import seen
from generator.core.methods import method_of, ordered
from generator.core.model import ZERO, ProjectHead, SiteConfig
from generator.core.order import natural
from generator.core.rectification import (
    FIXED,
    SOURCES,
    STATUSES,
    lacks_rectification,
    problem_sources,
    problem_statuses,
)
from generator.core.whole import WHOLE
from generator.site.merged import merged_figures
from generator.site.theme_index import (  # noqa: F401 - ThemeEntry: read from here too
    FigureMemo,
    ThemeEntry,
    ThemeIndex,
    dump_index,
    load_index,
)

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


@dataclass(frozen=True)
class MethodShare:
    method: str
    count: int
    average: Decimal


# a Group's figures (all its fields but its projects): see Group.later
FIGURES = ("budget", "spent", "total_sum", "scored", "grades", "grade_budgets", "score_bins",
           "indicator_rates", "problem_statuses", "status_sources", "without_rectification",
           "method_sums")


@dataclass
class Group:
    """Projects of one year, of one authority in one year, or all, with their summary figures:
    kept up to date by :meth:`add` (from :meth:`of`), made when first read (:meth:`later`)."""

    projects: list[ProjectHead] = field(default_factory=list)
    budget: Decimal = ZERO
    spent: Decimal = ZERO  # projects without a figure count as nothing
    total_sum: Decimal = ZERO  # of the unrounded totals of the scored projects
    scored: int = 0  # projects with a score (not those published with a grade only)
    # per grade label: band order first, labels outside the configured bands after them
    grades: dict[str, int] = field(default_factory=dict)
    grade_budgets: dict[str, Decimal] = field(default_factory=dict)
    score_bins: list[int] = field(default_factory=lambda: [0] * len(SCORE_BINS))
    # 得分率 per top-level indicator name, in order of first appearance
    indicator_rates: dict[str, RateSum] = field(default_factory=dict)
    # the disclosed problems by rectification status (generator.core.rectification)
    problem_statuses: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(STATUSES, 0))
    # how many of those statuses were published, how many read from the words
    status_sources: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    without_rectification: list[ProjectHead] = field(default_factory=list)  # problems, none
    # 评价方式 -> its projects' totals (unrounded), so averages can be split by method
    method_sums: dict[str, RateSum] = field(default_factory=dict)

    @classmethod
    def of(cls, config: SiteConfig) -> Group:
        """An empty group with every configured grade at zero."""
        return cls(grades={band.label: 0 for band in config.grades},
                   grade_budgets={band.label: ZERO for band in config.grades})

    @classmethod
    def later(cls, config: SiteConfig, facts: Callable[[ProjectHead], Facts],
              memo: FigureMemo | None = None, parts: list[Group] | None = None) -> Group:
        """An empty group whose projects are only listed as they are added
        (:meth:`add_later`): its figures are summed, in the same order, when one of them
        is first read. An edit's rebuild renders the pages of a few groups: summing every
        group's Decimals took 0.35–0.48 s of it at 10,000 projects. ``memo``: figures an
        earlier build summed, by what the group's projects list (:class:`FigureMemo`);
        ``parts``: the groups it is made of, whose figures make its own (:mod:`.merged`)."""
        group = cls.__new__(cls)  # no figure set (Group.of's took most of the context)
        group.__dict__.update(projects=[], _later=(config, facts, memo, parts))
        return group

    def add_later(self, project: ProjectHead) -> None:
        """List a project in a group made by :meth:`later`."""
        self.projects.append(project)

    def __getattr__(self, name: str) -> object:
        """A figure of a group made by :meth:`later`, summed on first use (only names
        absent from the instance come here)."""
        later = self.__dict__.get("_later")
        if later is None or name not in FIGURES:
            raise AttributeError(name)
        config, facts, memo, parts = later
        figures = merged_figures(Group.of(config).__dict__, parts, self.projects) \
            if parts else None
        if figures is None:
            figures = self._summed(config, facts, memo)
        for figure in FIGURES:
            self.__dict__[figure] = figures[figure]
        self.__dict__.pop("_later", None)
        return self.__dict__[name]

    def _summed(self, config: SiteConfig, facts: Callable[[ProjectHead], Facts],
                memo: FigureMemo | None) -> dict[str, Any]:
        """The figures of the group's projects, from ``memo`` or summed (and kept there)."""
        key = memo.key(self.projects) if memo is not None else None
        stored = memo.get(key) if memo is not None and key is not None else None
        if stored is not None:
            figures: dict[str, Any] = pickle.loads(stored)
            figures["without_rectification"] = [
                self.projects[i] for i in figures["without_rectification"]]
            return figures
        summed = Group.of(config)
        for project in self.projects:
            summed.add(project, *facts(project))
        figures = {figure: summed.__dict__[figure] for figure in FIGURES}
        if memo is not None and key is not None:
            at = {id(p): i for i, p in enumerate(self.projects)}
            memo.put(key, pickle.dumps({**figures, "without_rectification": [
                at[id(p)] for p in figures["without_rectification"]]},
                protocol=pickle.HIGHEST_PROTOCOL))
        return figures

    def add(self, project: ProjectHead, rates: list[tuple[str, Decimal]] | None = None,
            statuses: list[str] | None = None, sources: list[str | None] | None = None,
            lacking: bool | None = None) -> None:
        """Count a project in; ``rates`` are its 得分率 by top-level name, ``statuses`` and
        ``sources`` its problems' rectification statuses and where they came from, and
        ``lacking`` whether it lacks rectification, if already known (a project goes into
        four groups: reading its texts once, not four times, took a third of the context
        of an edit's rebuild)."""
        self.projects.append(project)
        if project.budget is not None:
            self.budget += project.budget
        if project.spent is not None:
            self.spent += project.spent
        if project.total is not None:
            self.scored += 1
            self.total_sum += project.total
            self.score_bins[score_bin(round2(project.total))] += 1
            method = self.method_sums.get(method_of(project))
            if method is None:
                method = self.method_sums[method_of(project)] = RateSum()
            method.total += project.total
            method.count += 1
        self.grades[project.grade] = self.grades.get(project.grade, 0) + 1
        self.grade_budgets[project.grade] = (self.grade_budgets.get(project.grade, ZERO)
                                             + (project.budget or ZERO))
        for name, rate in category_rates(project) if rates is None else rates:
            acc = self.indicator_rates.get(name)
            if acc is None:
                acc = self.indicator_rates[name] = RateSum()
            acc.total += rate
            acc.count += 1
        for status in problem_statuses(project) if statuses is None else statuses:
            self.problem_statuses[status] += 1
        for source in problem_sources(project) if sources is None else sources:
            if source is not None:
                self.status_sources[source] += 1
        if lacks_rectification(project) if lacking is None else lacking:
            self.without_rectification.append(project)

    @property
    def problems(self) -> int:
        """Problems disclosed (存在问题 items)."""
        return sum(self.problem_statuses.values())

    @property
    def fixed(self) -> int:
        """Problems whose rectification says 已整改 (the only ones counted as fixed)."""
        return self.problem_statuses[FIXED]

    @property
    def fixed_rate(self) -> Decimal | None:
        """Share of the problems that are 已整改, in percent."""
        return Decimal(self.fixed) * 100 / self.problems if self.problems else None

    @property
    def methods(self) -> list[MethodShare]:
        """Projects and average score per 评价方式, in page order."""
        return [MethodShare(name, self.method_sums[name].count, self.method_sums[name].average)
                for name in ordered(self.method_sums)]

    @cached_property
    def sorted_totals(self) -> list[Decimal]:
        """The projects' totals as shown (two decimals), ascending: for ranks."""
        return sorted(round2(p.total) for p in self.projects if p.total is not None)

    def standing(self, project: ProjectHead) -> tuple[int, int, Decimal]:
        """(rank, projects, share below in percent) of a project's total in this group:
        rank 1 is the highest; ties share the better rank."""
        totals = self.sorted_totals
        assert project.total is not None, "only a scored project has a standing"
        shown = round2(project.total)
        below = bisect.bisect_left(totals, shown)
        above = len(totals) - bisect.bisect_right(totals, shown)
        return above + 1, len(totals), Decimal(below) * 100 / len(totals)

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def average(self) -> Decimal | None:
        """Of the scored projects only (a grade-only result has no score to average)."""
        return round2(self.total_sum / self.scored) if self.scored else None

    @property
    def graded_only(self) -> int:
        """Projects published with a grade only, left out of every score figure."""
        return self.count - self.scored

    def grade_counts(self, config: SiteConfig | None = None) -> dict[str, int]:
        """Projects per grade label (a copy; ``config`` is no longer needed)."""
        return dict(self.grades)


for _figure in FIGURES:  # read through Group.__getattr__ when absent from an instance
    if _figure in Group.__dict__:
        delattr(Group, _figure)  # a default's class attribute (__init__ keeps its own)


def category_rates(project: ProjectHead) -> list[tuple[str, Decimal]]:
    """得分率 of each top-level indicator that has one (weight above zero), by name."""
    return project.rates()


@dataclass
class SiteContext:
    content: Content
    all: Group = field(default_factory=Group)
    years: dict[int, Group] = field(default_factory=dict)  # newest first
    departments: dict[str, dict[int, Group]] = field(default_factory=dict)
    series: dict[str, list[ProjectHead]] = field(default_factory=dict)
    authorities: dict[str, Group] = field(default_factory=dict)  # all years, by name
    # 部门整体 results (kind 部门整体), content order: never in a group of projects, so no
    # average, distribution or chart of projects counts them (SPEC §3)
    wholes: list[ProjectHead] = field(default_factory=list)
    # the same by authority (whose 部门公开 page of a year opens with them) and by year,
    # newest year first
    authority_wholes: dict[str, dict[int, list[ProjectHead]]] = field(default_factory=dict)
    year_wholes: dict[int, list[ProjectHead]] = field(default_factory=dict)
    memo: FigureMemo | None = field(default=None, repr=False, compare=False)

    @property
    def config(self) -> SiteConfig:
        return self.content.config

    @cached_property
    def projects(self) -> list[ProjectHead]:
        """The projects (kind 项目): what the project pages and statistics are made of."""
        if not self.wholes:
            return self.content.projects
        return [p for p in self.content.projects if p.kind != WHOLE]

    @property
    def latest_year(self) -> int | None:
        return next(iter(self.years), None)

    @cached_property
    def built(self) -> datetime:
        """The build's one time (SOURCE_DATE_EPOCH, else 1 January after the newest year)."""
        return epoch_time(source_date_epoch(max((p.year for p in self.projects), default=None)))

    @cached_property
    def disclosures(self) -> dict[str, dict[int, Group]]:
        """Every authority's 部门公开 years: those of its projects (their group) and those of
        its 部门整体 results only (an empty group), natural order, newest year first. Equal
        to :attr:`departments` on a site without 部门整体 results."""
        if not self.wholes:
            return self.departments
        names = sorted({*self.departments, *self.authority_wholes}, key=natural)
        out: dict[str, dict[int, Group]] = {}
        for name in names:
            groups = self.departments.get(name, {})
            years = sorted({*groups, *self.authority_wholes.get(name, {})}, reverse=True)
            out[name] = {y: groups[y] if y in groups else Group.of(self.config) for y in years}
        return out

    @cached_property
    def summary_years(self) -> list[int]:
        """Years with a summary page: of projects or of 部门整体 results, newest first."""
        return sorted({*self.years, *self.year_wholes}, reverse=True)

    def series_of(self, project: ProjectHead) -> list[ProjectHead]:
        return self.series.get(project.series, [project]) if project.series else [project]

    @cached_property
    def themes(self) -> ThemeIndex:
        """Every disclosed problem by theme; classified on first use (the 问题 pages), or
        as an earlier build did when the projects' problems, years and authorities are as
        they were (``memo``: the 问题 pages are made, mostly to be kept, on every rebuild;
        indexing every project's problems took ~0.2 s of an edit's at 10,000 projects, and
        0.8–1.0 s of one that renamed a project, when the key was every listing)."""
        memo = self.memo
        key = memo.themes_key(self.projects, self.years) if memo is not None else None
        if memo is None or key is None:
            return ThemeIndex.of(self)
        key = f"themes\0{key}"
        stored = memo.get(key)
        if stored is not None:
            with collector_paused(join_frozen=True):  # 0.35 s, not 1.0, at 100,000
                return load_index(stored, self.projects)
        index = ThemeIndex.of(self)
        memo.put(key, dump_index(index, self.projects))
        return index


Facts = tuple[list[tuple[str, Decimal]], list[str], list[str | None], bool]


def _once(facts: Callable[[ProjectHead], Facts]) -> Callable[[ProjectHead], Facts]:
    """``facts`` read once a project for the four groups it is in (all, its year, its
    department's year, its authority), each of which may sum its figures."""
    memo: dict[int, Facts] = {}

    def known(project: ProjectHead) -> Facts:
        found = memo.get(id(project))
        if found is None:
            found = memo[id(project)] = facts(project)
        return found

    return known


def project_facts(project: ProjectHead) -> Facts:
    """What a project adds to each of its groups besides its head's figures (see
    :meth:`Group.add`): read from its texts once; a build may keep them by file
    (:mod:`generator.publish.fingerprints`), so an edit reads the edited project's only."""
    head = seen(project)  # texts not kept unpacked: a clean build reads every head's
    return (category_rates(head), problem_statuses(head), problem_sources(head),
            lacks_rectification(head))


def _parts(group: Group) -> list[Group]:
    """The groups a group made by :meth:`Group.later` with parts is made of."""
    parts: list[Group] = group.__dict__["_later"][3]
    return parts


def build_context(content: Content, facts: Callable[[ProjectHead], Facts] | None = None,
                  memo: FigureMemo | None = None) -> SiteContext:
    """``facts``: :func:`project_facts` of a project, or what an earlier build found. The
    groups list their projects now and sum their figures when first read
    (:meth:`Group.later`), or take them from ``memo``."""
    config = content.config
    facts = _once(facts or project_facts)
    everything = Group.later(config, facts, memo, [])
    years: dict[int, Group] = {}
    departments: dict[str, dict[int, Group]] = defaultdict(dict)
    series: dict[str, list[ProjectHead]] = defaultdict(list)
    authorities: dict[str, Group] = {}
    wholes = [p for p in content.projects if p.kind == WHOLE]
    listed = everything.projects
    listed += [p for p in content.projects if p.kind != WHOLE] if wholes else content.projects
    # the content is sorted by year (newest first), then authority: each group takes its
    # projects a run at a time, not one by one (a run met again is added on, in order)
    for (year_of, name), run in groupby(listed, key=attrgetter("year", "authority")):
        run_list = list(run)
        year = years.get(year_of)
        if year is None:
            year = years[year_of] = Group.later(config, facts, memo, [])
            _parts(everything).append(year)
        year.projects += run_list
        by_year = departments[name]
        department = by_year.get(year_of)
        authority = authorities.get(name)
        if authority is None:
            authority = authorities[name] = Group.later(config, facts, memo, [])
        if department is None:
            department = by_year[year_of] = Group.later(config, facts, memo)
            _parts(year).append(department)
            _parts(authority).append(department)
        department.projects += run_list
        authority.projects += run_list
    for project in listed:
        if project.series:
            series[project.series].append(project)
    for group in series.values():
        group.sort(key=lambda p: (p.year, p.id))
    authority_wholes: dict[str, dict[int, list[ProjectHead]]] = defaultdict(dict)
    year_wholes: dict[int, list[ProjectHead]] = {}
    for whole in wholes:
        authority_wholes[whole.authority].setdefault(whole.year, []).append(whole)
        year_wholes.setdefault(whole.year, []).append(whole)
    return SiteContext(
        content=content,
        all=everything,
        years=dict(sorted(years.items(), reverse=True)),
        departments={name: dict(sorted(by_year.items(), reverse=True))
                     for name, by_year in sorted(departments.items(),
                                                 key=lambda item: natural(item[0]))},
        series=dict(sorted(series.items())),
        authorities=dict(sorted(authorities.items(), key=lambda item: natural(item[0]))),
        wholes=wholes,
        authority_wholes={name: dict(sorted(by_year.items(), reverse=True))
                          for name, by_year in authority_wholes.items()},
        year_wholes=dict(sorted(year_wholes.items(), reverse=True)),
        memo=memo,
    )
