"""The rectification ledger: each 存在问题 with its 整改建议 and 整改情况.

Rows pair the three lists by position only when every list that is given has the same
length (an empty list is shown as 「—」 on every row), as the published 信息表 line them up
(seed 003). Otherwise the lists are shown side by side, never paired by guesswork.

Each disclosed problem gets one status, counted on the rectification page and the
authority pages: the status of its rectification item when the problem and the
rectification lists pair by position; 未逐条对应 when there is rectification text that does
not pair item by item; 无整改情况 when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.core.model import REPORTED, ProjectHead, Rectification

UNPAIRED = "未逐条对应"  # rectification given, but not item by item
NONE = "无整改情况"
# every status a problem can be counted under, in the order the site shows them
STATUSES = ("已整改", "整改中", "未整改", REPORTED, UNPAIRED, NONE)
WITH_ENTRY = STATUSES[:-1]


@dataclass(frozen=True)
class LedgerRow:
    number: int  # 1-based position
    problem: str | None
    recommendation: str | None
    rectification: Rectification | None


def items_of(project: ProjectHead) -> list[Rectification]:
    """The rectification items with their status (plain texts count as 已填报)."""
    if project.rectification_items or not project.rectification:
        return project.rectification_items
    return [Rectification(text) for text in project.rectification]


def ledger_rows(project: ProjectHead) -> list[LedgerRow] | None:
    """Rows by position when the given lists have one length; None when they do not pair
    (or when there is nothing to show)."""
    items = items_of(project)
    lists: list[list[Any]] = [project.problems_found, project.recommendations, items]
    lengths = {len(part) for part in lists if part}
    if len(lengths) != 1:
        return None
    (count,) = lengths

    def at(part: list, i: int):  # noqa: ANN202 - any of the three lists
        return part[i] if part else None

    return [LedgerRow(i + 1, at(project.problems_found, i), at(project.recommendations, i),
                      at(items, i)) for i in range(count)]


def problem_statuses(project: ProjectHead) -> list[str]:
    """One status per disclosed problem (see the module's docstring)."""
    problems = project.problems_found
    items = items_of(project)
    if not items:
        return [NONE] * len(problems)
    if len(items) == len(problems):
        return [item.status for item in items]
    return [UNPAIRED] * len(problems)


def previous_in_series(project: ProjectHead, series: list[ProjectHead]) -> ProjectHead | None:
    """The same series' evaluation of the latest earlier year (series are sorted by year)."""
    earlier = [p for p in series if p.year < project.year]
    return earlier[-1] if earlier else None


def next_in_series(project: ProjectHead, series: list[ProjectHead]) -> ProjectHead | None:
    later = [p for p in series if p.year > project.year]
    return later[0] if later else None
