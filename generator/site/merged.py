"""A group's figures made from those of the groups it is made of, not from its projects.

The context's groups nest: the content is sorted by year, then authority, so every project
of a year is in one of its authorities' groups of that year (:func:`.context.build_context`
lists them a run at a time), an authority's projects of all years are its groups of each
year, and all projects are the years'. Summing a group's figures project by project
(:meth:`.context.Group.add`) took most of an edit's rebuild at 100,000 projects whose score
changed: the groups of its year, its authority and all projects were summed again (about
112,000 additions, ~1.5 s, and a memo key over every project of each). Made from its parts,
only the part the project is in is summed again (about 250 projects).

The figures are those the projects would give, to the digit and in the same order: the
parts' projects, one after the other, must be the group's (else nothing is made here and
the group sums its projects); counts add up; a label, name or method first met in an
earlier part comes first, as it would project by project; the Decimal sums are exact
(added with :class:`decimal.Rounded` trapped, and no part's sum had to be rounded),
so no order of addition gives other digits. ``tests/test_merged_figures.py`` compares both ways
on the seeds and on groups that differ in their labels, methods and rounding.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from generator.core.model import ZERO, ProjectHead


def merged_figures(empty: dict[str, Any], parts: Sequence[Any],
                   projects: list[ProjectHead]) -> dict[str, Any] | None:
    """The figures of a group of ``projects`` from its ``parts``' (each a group whose
    projects follow the one before's), starting from ``empty`` (an empty group's figures:
    its configured grades at zero), or None when they cannot be made so (the parts' projects
    are not the group's, or a sum would not be exact). Each summed rate is made anew (of
    the part's rate's class), never shared with a part."""
    joined: list[ProjectHead] = []
    for part in parts:
        joined += part.projects
    if joined != projects:  # the same objects: compared by identity first, in C
        return None
    for part in parts:  # each part's figures read (summed) before any signal is trapped
        part.budget  # noqa: B018 - read for its effect
    context = decimal.getcontext().copy()
    context.traps[decimal.Rounded] = True
    try:
        with decimal.localcontext(context):
            return _added(empty, parts, context.prec)
    except (decimal.Rounded, _Rounded):
        return None


class _Rounded(Exception):
    """A part's sum was rounded when it was made: the group's cannot be made from it."""


def _exact(value: Decimal, precision: int) -> Decimal:
    if len(value.as_tuple().digits) >= precision:
        raise _Rounded
    return value


def _added(empty: dict[str, Any], parts: Sequence[Any], precision: int) -> dict[str, Any]:
    figures = empty
    grades: dict[str, int] = figures["grades"]
    budgets: dict[str, Decimal] = figures["grade_budgets"]
    bins: list[int] = figures["score_bins"]
    statuses: dict[str, int] = figures["problem_statuses"]
    sources: dict[str, int] = figures["status_sources"]
    for part in parts:
        for name in ("budget", "spent", "total_sum"):
            figures[name] += _exact(getattr(part, name), precision)
        figures["scored"] += part.scored
        for label, count in part.grades.items():
            grades[label] = grades.get(label, 0) + count
        for label, budget in part.grade_budgets.items():
            budgets[label] = budgets.get(label, ZERO) + _exact(budget, precision)
        for at, count in enumerate(part.score_bins):
            bins[at] += count
        for name in ("indicator_rates", "method_sums"):
            sums = figures[name]
            for key, rate in getattr(part, name).items():
                acc = sums.get(key)
                if acc is None:
                    acc = sums[key] = type(rate)()
                acc.total += _exact(rate.total, precision)
                acc.count += rate.count
        for status, count in part.problem_statuses.items():
            statuses[status] += count
        for source, count in part.status_sources.items():
            sources[source] += count
        figures["without_rectification"] += part.without_rectification
    return figures
