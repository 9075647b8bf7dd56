"""The 部门整体 parts of the full workbook (``data/results.xlsx``), so that export then import
gives the same 部门整体 files (issue 43). Each sheet is optional and joined to its result by
项目编号, like the 自评表 sheets of :mod:`.self_eval_sheets`:

* 年度主要任务 — one row per task: 任务名称, 主要内容, 预算数, 执行数 (万元), in order.
* 人员编制 — one row per result that gives them: 人员编制, 实有人数.

The split of each 资金来源 row (按收入性质 / 按支出性质) is the 分组 column of the 资金来源
sheet (:mod:`.self_eval_sheets`). A project has no row on these sheets.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from generator.core.model import Project
from generator.core.problems import Problems
from generator.intake.cells import Cell, Invalid, parse_money, parse_text
from generator.intake.self_eval_sheets import Owner, Parse, _owned
from generator.intake.workbook_reader import Row

TASKS_SHEET = "年度主要任务"
STAFF_SHEET = "人员编制"
TASK_HEADERS = ["项目编号", "任务名称", "主要内容", "预算数（万元）", "执行数（万元）"]
STAFF_HEADERS = ["项目编号", "人员编制", "实有人数"]


def task_rows(project: Project) -> Iterator[list[Any]]:
    for task in project.tasks:
        yield [project.id, task.name, task.content, task.budget, task.spent]


def staff_rows(project: Project) -> Iterator[list[Any]]:
    if project.staff is not None:
        yield [project.id, project.staff.authorized, project.staff.actual]


def _count(cell: Cell) -> int:
    value = cell.value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and \
            value >= 0 and value == int(value):
        return int(value)
    raise Invalid("import-bad-number", f"应为 0 或正整数（人数），实际是「{value}」")


def attach_tasks(rows: Iterator[tuple[int, dict[str, Cell]]], by_id: dict[str, Row],
                 sheet: str, problems: Problems, parse: Parse, owner: Owner) -> None:
    for number, cells, row in _owned(rows, by_id, sheet, problems, owner):
        name = parse(cells.get("任务名称"), parse_text, "任务名称", sheet, problems)
        if not name:
            problems.at_cell("import-missing-value", "error", "任务名称不能为空：请填写", sheet,
                             f"B{number}")
            continue
        task: dict[str, Any] = {"name": name}
        content = parse(cells.get("主要内容"), parse_text, "主要内容", sheet, problems)
        if content:
            task["content"] = content
        for header, key in (("预算数", "budget"), ("执行数", "spent")):
            value = parse(cells.get(header), parse_money, header, sheet, problems)
            if value is not None:
                task[key] = value
        row.values.setdefault("tasks", []).append(task)


def attach_staff(rows: Iterator[tuple[int, dict[str, Cell]]], by_id: dict[str, Row],
                 sheet: str, problems: Problems, parse: Parse, owner: Owner) -> None:
    for _, cells, row in _owned(rows, by_id, sheet, problems, owner):
        staff: dict[str, int] = {}
        for header, key in (("人员编制", "authorized"), ("实有人数", "actual")):
            value = parse(cells.get(header), _count, header, sheet, problems)
            if value is not None:
                staff[key] = value
        if staff:
            row.values["staff"] = staff
