"""The money of a 部门整体支出绩效自评表: 年度主要任务 (任务名称, 主要内容, 预算数, 执行数) and
the 年度资金总额 block, whose rows are split 按收入性质 (一般公共预算, 政府性基金, 财政专户,
单位资金 …) and 按支出性质 (基本支出, 项目支出): each source row keeps the split it is printed
under as its ``group``, so the checker sums each split on its own (a department's income
and its spending are two views of one total, never added together).

The total row and the 预算执行 indicator (分值 / 执行率 / 得分) are read as a project form's
(:mod:`.funds`), so both kinds check them alike.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from generator.core.vocabulary import is_money_block, label, money_role, squash, table_role
from generator.intake.cells import Cell, parse_text
from generator.intake.form.funds import AMOUNTS, _total
from generator.intake.form.grid import Reader, money
from generator.intake.workbook_reader import Row

MONEY_LABELS = ("年度资金总额", "部门预算资金", "部门整体支出", "资金总额", "预算资金")
TASKS_LABEL = "年度主要任务"
TASK_COLUMNS = {"任务名称": "name", "主要内容": "content", "预算数": "budget",
                "预算金额": "budget", "全年预算数": "budget", "执行数": "spent",
                "全年执行数": "spent", "实际支出": "spent", "实际支出金额": "spent"}
_GROUP = re.compile(r"^(按(?:收入|支出)性质)分?[:：]?$")
_PART = re.compile(r"^其中\s*[:：]?\s*")
_ENDS = ("年度总体目标", "年度绩效指标", "绩效指标", "年度资金总额", "部门预算资金")


def _block(reader: Reader) -> tuple[int, int] | None:
    grid = reader.grid
    for r in range(grid.height):
        for c, text in grid.texts(r):
            name = label(text).text
            if (name.startswith(MONEY_LABELS) or is_money_block(text)) and any(
                    money_role(t) == "budget" for rr in range(r, min(r + 3, grid.height))
                    for _, t in grid.texts(rr)):
                return r, c
    return None


def read_money(reader: Reader, row: Row) -> None:
    """年度资金总额: budget, spent, ``funding.initial``, the 预算执行 indicator, and the
    sources with their ``group``. A form without the block (a 得分表) has none of these."""
    grid = reader.grid
    block = _block(reader)
    if block is None:
        return
    header = next(r for r in range(block[0], min(block[0] + 3, grid.height))
                  if any(money_role(t) == "budget" for _, t in grid.texts(r)))
    columns: dict[str, int] = {}
    for c, text in grid.texts(header, block[1] + 1):
        role = money_role(text)
        if role and role not in columns:
            columns[role] = c
        reader.mark(header, c)
    reader.mark(*block)
    unit = "元" if re.search(r"\((?:单位:)?元\)", squash(grid.cell(*block).value)) else "万元"
    first = min(columns.values())
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    for r in range(header + 1, min(grid.height, header + 40)):
        labels = _labels(reader, r, block, first)
        # a block's first row may be its 年度资金总额 (安徽: “预算资金（万元）” over it)
        if any(label(t).text.startswith(_ENDS) and label(t).text != label(
                grid.cell(*block).value).text and (rows or not label(t).text.startswith(
                    MONEY_LABELS)) for _, t in labels) or \
                any(table_role(t) == "l1" for _, t in grid.texts(r)) or \
                (not labels and not any(grid.text(r, c) for c in columns.values())):
            break
        rows.append((r, labels))
    if not rows:
        return
    funding: dict[str, Any] = {}
    sources: list[dict[str, Any]] = []
    for r, labels in rows[1:]:
        group = next((m.group(1) for _, t in labels if (m := _GROUP.match(t))), None)
        names = [(c, t) for c, t in labels if not _GROUP.match(t)]
        name = "".join(parse_text_at(reader, r, c) for c, _ in names)
        name = _PART.sub("", unicodedata.normalize("NFKC", name)).strip()
        reader.mark(r, *(c for c, _ in labels), columns.get("rate"), columns.get("weight"),
                    columns.get("score"))
        amounts = {key: reader.value(r, columns.get(key), what, money(unit))
                   for key, what in AMOUNTS}
        if not name or all(v is None for v in amounts.values()):
            continue
        source: dict[str, Any] = {"name": name}
        if group:
            source["group"] = group
        source.update((k, v) for k, v in amounts.items() if v is not None)
        cells = {"name": reader.at(r, names[0][0] if names else first)}
        cells.update((k, reader.at(r, columns[k])) for k in amounts if k in columns)
        row.node_cells[id(source)] = cells
        sources.append(source)
    total = rows[0][0]
    reader.mark(total, *(c for c, _ in rows[0][1]))
    ungrouped = [s for s in sources if "group" not in s] or \
        [s for s in sources if s.get("group") == sources[0].get("group")]
    _total(reader, row, total, columns,
           {key: reader.value(total, columns.get(key), what, money(unit))
            for key, what in AMOUNTS}, ungrouped, funding, label(grid.cell(*block).value).points)
    if sources:
        funding["sources"] = sources
    if funding:
        row.values["funding"] = funding


def _labels(reader: Reader, r: int, block: tuple[int, int], first: int) -> list[tuple[int, str]]:
    """The texts left of the amounts on row ``r``, a merged label (按收入性质 over its
    rows) on every row it covers, the block's own label left out."""
    grid, seen, found = reader.grid, set(), []
    for c in range(first):
        origin = grid.origin(r, c)
        if origin == grid.origin(*block) or origin in seen:
            continue
        seen.add(origin)
        text = grid.text(r, c)
        if text:
            found.append((c, text))
    return found


def parse_text_at(reader: Reader, r: int, c: int) -> str:
    return parse_text(Cell(reader.grid.cell(r, c).value, "", ""))


def read_tasks(reader: Reader, row: Row) -> None:
    """年度主要任务: one task per row under the header 任务名称 / 主要内容 / 预算数 / 执行数."""
    grid = reader.grid
    header = next((r for r in range(grid.height) for _, t in grid.texts(r)
                   if label(t).text == "任务名称"), None)
    if header is None:
        return
    columns: dict[str, int] = {}
    for c, text in grid.texts(header):
        role = TASK_COLUMNS.get(label(text).text)
        if role and role not in columns:
            columns[role] = c
            reader.mark(header, c)
        elif label(text).text.startswith(TASKS_LABEL):
            reader.mark(header, c)
    unit = "元" if any(re.search(r"\((?:单位:)?元\)", t) for _, t in grid.texts(header)) \
        else "万元"
    tasks: list[dict[str, Any]] = []
    for r in range(header + 1, grid.height):
        texts = grid.texts(r, 0, columns["name"])
        if any(label(t).text.startswith(_ENDS) or is_money_block(t) for _, t in texts) or \
                any(label(t).text.startswith(MONEY_LABELS) for _, t in grid.texts(r)):
            break
        name = reader.value(r, columns["name"], "任务名称", parse_text) if grid.starts(
            r, columns["name"]) else None
        if not name:
            continue
        task: dict[str, Any] = {"name": name}
        content = reader.value(r, columns.get("content"), "主要内容", parse_text)
        if content:
            task["content"] = content
        for key, what in (("budget", "预算数"), ("spent", "执行数")):
            value: Decimal | None = reader.value(r, columns.get(key), what, money(unit))
            if value is not None:
                task[key] = value
        row.cells.setdefault("tasks", grid.where(r, columns["name"]))
        tasks.append(task)
    if tasks:
        row.values["tasks"] = tasks

