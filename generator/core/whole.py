"""部门整体支出绩效评价: a department's whole budget evaluated, beside its projects.

A 部门整体 result is a file like a project's with ``kind: 部门整体``: its indicator tree is
scored by the same rules, and it adds 年度主要任务 (``tasks``), 人员编制 / 实有人数
(``staff``) and 资金来源 split into groups (按收入性质 / 按支出性质). Its scores must never be
mixed into the statistics of projects (SPEC §3), so the kind is a field every list can test.

This module holds the kind's own pieces and checks; it imports nothing of the model so the
model can import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from generator.core.fmt import money

PROJECT = "项目"
WHOLE = "部门整体"
KINDS = (PROJECT, WHOLE)


@dataclass
class Task:
    """One 年度主要任务: 任务名称, 主要内容, 预算数, 执行数 (万元)."""

    name: str
    content: str | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    line: int = field(default=0, compare=False)  # where the file writes it, not what it is
    marks: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Staff:
    """人员编制 (authorized posts) and 实有人数 (people in post)."""

    authorized: int | None = None
    actual: int | None = None


def default_name(department: str, year: int) -> str:
    """The name a 部门整体 result goes by when its file gives none (as the forms title it)."""
    return f"{department}{year}年度部门整体支出"


class _Source(Protocol):
    name: str
    group: str | None
    budget: Decimal | None
    spent: Decimal | None
    line: int
    marks: dict[str, tuple[int, int]]


class _Whole(Protocol):
    budget: Decimal | None
    spent: Decimal | None
    tasks: list[Task]

    def mark(self, key: str) -> tuple[int, int]: ...


Warn = Callable[..., Any]


def check_whole(result: _Whole, sources: Iterable[_Source], warn: Warn) -> None:
    """The sums a 部门整体 form prints: each named group of sources, and the tasks, against
    the 年度资金总额 (warnings, as for a project's sources: a published form's own slip is
    shown, not hidden). Sources without a group are a project's and checked as such."""
    groups: dict[str, list[_Source]] = {}
    for source in sources:
        if source.group:
            groups.setdefault(source.group, []).append(source)
    for group, rows in groups.items():
        _against(result, rows, f"funding.sources 中 group: {group} 的", "funding-group-mismatch",
                 warn)
    if result.tasks:
        _against(result, result.tasks, "tasks（年度主要任务）的", "tasks-sum-mismatch", warn)


def _against(result: _Whole, rows: list[Any], what: str, code: str, warn: Warn) -> None:
    for key, label, given, name in (("budget", "预算数", result.budget, "budget（全年预算数）"),
                                    ("spent", "执行数", result.spent, "spent（全年执行数）")):
        values = [getattr(row, key) for row in rows if getattr(row, key) is not None]
        if not values or given is None:
            continue
        figure = sum(values, Decimal(0))
        if figure != given:
            first = next((row.marks[key] for row in rows if key in row.marks),
                         (rows[0].line, 1))
            warn(code, f"{what}{label}合计 {money(figure)} 万元与 {name} {money(given)} 万元"
                 "不符：请核对各行金额", *first)
