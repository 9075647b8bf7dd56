"""The 自评表 parts of the full workbook (``data/results.xlsx``), each an optional sheet joined
to its project by 项目编号:

* 目标 — one row per project with ``goals``: 预期目标 and 实际完成情况, each a list of
  paragraphs written like the other list cells (one per line, numbered “1、” when several;
  read back with :func:`~generator.intake.cells.parse_list`).
* 资金来源 — the ``funding`` block: a row named 年度资金总额 carries ``funding.initial`` in
  年初预算数 (its 全年预算数/全年执行数 stay empty: they are the project's 预算金额/实际支出
  of the 项目 sheet); every other row is one of ``funding.sources`` in order. A project
  with a ``funding`` block always has the 年度资金总额 row (its 年初预算数 may be empty).
* 整改 — the rectification items with their status and date, only for projects where some
  item has a status other than 已填报 or a date; 序号 orders them. When a project has rows
  here they replace its 整改情况 column of the 项目 sheet (which keeps the texts only).
  状态 empty means 已填报 (a plain text item).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.content.converters import Invalid as ContentInvalid
from generator.content.converters import month_or_date
from generator.core.model import RECTIFICATION_STATUSES, REPORTED, Project
from generator.core.problems import Problems
from generator.intake.cells import (
    Cell,
    Invalid,
    parse_list,
    parse_money,
    parse_order,
    parse_text,
)
from generator.intake.workbook_reader import Row

GOALS_SHEET = "目标"
FUNDING_SHEET = "资金来源"
RECTIFICATION_SHEET = "整改"
GOALS_HEADERS = ["项目编号", "预期目标", "实际完成情况"]
FUNDING_HEADERS = ["项目编号", "名称", "年初预算数（万元）", "全年预算数（万元）",
                   "全年执行数（万元）", "分组"]  # 分组: a 部门整体's 按收入性质 / 按支出性质
RECTIFICATION_HEADERS = ["项目编号", "序号", "整改情况", "状态", "日期"]
FUNDING_TOTAL = "年度资金总额"  # the row of funding.initial
SOURCE_CELLS = {"name": "名称", "initial": "年初预算数", "budget": "全年预算数",
                "spent": "全年执行数"}


def paragraphs(items: list[str]) -> str | None:
    """A list cell as the other list columns write it: numbered only if several."""
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{i}、{text}" for i, text in enumerate(items, 1))


def goal_rows(project: Project) -> Iterator[list[Any]]:
    if project.goals is not None:
        yield [project.id, paragraphs(project.goals.planned),
               paragraphs(project.goals.achieved)]


def funding_rows(project: Project) -> Iterator[list[Any]]:
    funding = project.funding
    if funding is None:
        return
    yield [project.id, FUNDING_TOTAL, funding.initial, None, None, None]
    for source in funding.sources:
        yield [project.id, source.name, source.initial, source.budget, source.spent,
               source.group]


def rectification_rows(project: Project) -> Iterator[list[Any]]:
    items = project.rectification_items
    if not any(i.status != REPORTED or i.date for i in items):
        return
    for index, item in enumerate(items, 1):
        yield [project.id, index, item.text, None if item.status == REPORTED else item.status,
               item.date]


# --- reading ---------------------------------------------------------------------------

Parse = Callable[[Cell | None, Callable[[Cell], Any], str, str, Problems], Any]
Owner = Callable[[dict[str, Cell], dict[str, Row], str, Problems], Row | None]


def _status(cell: Cell) -> str:
    text = parse_text(cell)
    if text == REPORTED:
        return text
    if text not in RECTIFICATION_STATUSES:
        raise Invalid("invalid-value", f"应为 {' / '.join(RECTIFICATION_STATUSES)} 之一"
                                       f"（或留空），实际是「{text}」")
    return text


def _date(cell: Cell) -> str:
    try:
        return month_or_date(parse_text(cell))
    except ContentInvalid as exc:
        raise Invalid(exc.code, str(exc)) from exc


def _owned(rows: Iterator[tuple[int, dict[str, Cell]]], by_id: dict[str, Row], sheet: str,
           problems: Problems, owner: Owner) -> Iterator[tuple[int, dict[str, Cell], Row]]:
    """The rows whose 项目编号 names a project of the 项目 sheet (the others are reported)."""
    for number_, cells in rows:
        row = owner(cells, by_id, sheet, problems)
        if row is not None:
            yield number_, cells, row


def _block(row: Row, key: str, cells: dict[str, Cell], sheet: str,
           headers: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The project's ``goals`` or ``funding`` mapping and its cells (from its first row)."""
    block: dict[str, Any] = row.values.setdefault(key, {})
    return block, row.node_cells.setdefault(id(block), _cells(cells, sheet, headers))


def attach_goals(rows: Iterator[tuple[int, dict[str, Cell]]], by_id: dict[str, Row],
                 sheet: str, problems: Problems, parse: Parse, owner: Owner) -> None:
    for _, cells, row in _owned(rows, by_id, sheet, problems, owner):
        goals, _ = _block(row, "goals", cells, sheet, {
            "": "项目编号", "planned": "预期目标", "achieved": "实际完成情况"})
        for header, key in (("预期目标", "planned"), ("实际完成情况", "achieved")):
            value = parse(cells.get(header), parse_list, header, sheet, problems)
            if value:
                goals.setdefault(key, []).extend(value)


def attach_funding(rows: Iterator[tuple[int, dict[str, Cell]]], by_id: dict[str, Row],
                   sheet: str, problems: Problems, parse: Parse, owner: Owner) -> None:
    for number_, cells, row in _owned(rows, by_id, sheet, problems, owner):
        funding, located = _block(row, "funding", cells, sheet, {"": "名称"})
        name = parse(cells.get("名称"), parse_text, "名称", sheet, problems)
        if name is None:
            problems.at_cell("import-missing-value", "error",
                             f"名称不能为空（资金来源，或“{FUNDING_TOTAL}”）", sheet,
                             f"B{number_}")
            continue
        initial = parse(cells.get("年初预算数"), parse_money, "年初预算数", sheet, problems)
        if name == FUNDING_TOTAL:
            located.update(_cells(cells, sheet, {"initial": "年初预算数"}))
            if initial is not None:
                funding["initial"] = initial
            continue
        source: dict[str, Any] = {"name": name}
        group = parse(cells.get("分组"), parse_text, "分组", sheet, problems)
        if group:
            source["group"] = group
        row.node_cells[id(source)] = _cells(cells, sheet, SOURCE_CELLS)
        for header, key in (("年初预算数", "initial"), ("全年预算数", "budget"),
                            ("全年执行数", "spent")):
            value = initial if key == "initial" else \
                parse(cells.get(header), parse_money, header, sheet, problems)
            if value is not None:
                source[key] = value
        funding.setdefault("sources", []).append(source)


def attach_rectification(rows: Iterator[tuple[int, dict[str, Cell]]],
                         by_id: dict[str, Row], sheet: str, problems: Problems,
                         parse: Parse, owner: Owner) -> None:
    items: dict[str, list[tuple[int, Any]]] = {}
    for number_, cells, row in _owned(rows, by_id, sheet, problems, owner):
        order = parse(cells.get("序号"), parse_order, "序号", sheet, problems)
        text = parse(cells.get("整改情况"), parse_text, "整改情况", sheet, problems)
        if not text:
            problems.at_cell("import-missing-value", "error", "整改情况不能为空", sheet,
                             f"C{number_}")
            continue
        status = parse(cells.get("状态"), _status, "状态", sheet, problems)
        date = parse(cells.get("日期"), _date, "日期", sheet, problems)
        item: Any = text
        if (status and status != REPORTED) or date:
            item = {"text": text}
            if status and status != REPORTED:
                item["status"] = status
            if date:
                item["date"] = date
        items.setdefault(row.values["id"], []).append((order or number_, item))
    for pid, found in items.items():
        by_id[pid].values["rectification"] = [i for _, i in sorted(found, key=lambda x: x[0])]


def _cells(cells: dict[str, Cell], sheet: str, headers: dict[str, str]) -> dict[str, str]:
    """{YAML key: "资金来源!D5"} of the headers this row has: where the checker's problems
    on those keys are reported (key "" for the block as a whole)."""
    return {key: f"{sheet}!{cells[header].coordinate}" for key, header in headers.items()
            if header in cells}

