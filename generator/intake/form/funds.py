"""The money block of a form: 项目资金 (财预〔2020〕10号), 资金情况(万元) (安徽),
预算执行情况(10分) (四川), whatever its columns are called (:data:`~generator.core.vocabulary.
MONEY`).

Its first row (年度资金总额 / 总额) gives budget, spent and ``funding.initial`` and, when the
block has 分值 and 得分, the 预算执行 indicator; every other row with an amount (the 其中
rows: 本年财政拨款, 财政资金 …) is a funding source. Some published forms print the total
row as 0 / 0 / 0 and put the money on the 其中 rows: then the sources' sums stand for the
total, with a warning at the total's cell, rather than a budget of 0.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from generator.core.vocabulary import (
    GOALS_BLOCK,
    GOALS_PLANNED,
    NOTE_LABEL,
    TABLE_BLOCK,
    is_money_block,
    label,
    money_role,
    squash,
    table_role,
)
from generator.intake.cells import Cell, parse_text
from generator.intake.form.grid import Reader, money, number, rate
from generator.intake.workbook_reader import Row

AMOUNTS = (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数"))


def _ends(text: str) -> bool:
    """A row label that starts the next part of the form."""
    name = label(text).text
    return name.startswith((GOALS_BLOCK, TABLE_BLOCK, "项目基本情况", *GOALS_PLANNED)) \
        or table_role(text) == "l1"


def read_funds(reader: Reader, row: Row) -> None:
    grid = reader.grid
    block = next(((r, c) for r in range(grid.height) for c, t in grid.texts(r)
                  if is_money_block(t)), None)
    if block is None:
        reader.error("import-form-layout", "找不到“项目资金”一栏（年初预算数、全年预算数、"
                     "全年执行数……）：请按自评表的格式填写", 0, 0)
        return
    header = next((r for r in range(block[0], min(block[0] + 3, grid.height))
                   if any(money_role(t) == "budget" for _, t in grid.texts(r))), None)
    if header is None:
        reader.error("import-form-layout", "项目资金一栏缺少“全年预算数”列", *block)
        return
    columns: dict[str, int] = {}
    for c, text in grid.texts(header, block[1] + 1):
        role = money_role(text)
        if role and role not in columns:
            columns[role] = c
    heads = [squash(grid.cell(*block).value)] + [t for _, t in grid.texts(header)]
    unit = "元" if any(re.search(r"\((?:单位:)?元\)", t) for t in heads) else "万元"
    first = min(columns.values())
    rows = []
    for r in range(header + 1, min(grid.height, header + 40)):
        labels = [(c, t) for c, t in grid.texts(r, 0, first) if grid.origin(r, c) != block]
        if any(_ends(t) for _, t in labels) or (not labels and not any(
                grid.starts(r, c) and grid.text(r, c) for c in columns.values())):
            break
        rows.append((r, labels))
    if not rows:
        reader.error("import-form-layout", "项目资金一栏没有“年度资金总额”一行", *block)
        return
    funding: dict[str, Any] = {}
    sources = []
    notes = [(r, labels) for r, labels in rows[1:]
             if any(table_role(t) == "note" for _, t in labels)]
    for r, labels in rows[1:]:
        if (r, labels) in notes:
            continue  # the 预算执行 row's 偏差原因, read with its node below
        amounts = _amounts(reader, r, columns, unit)
        name = "".join(parse_text(Cell(grid.cell(r, c).value, "", "")) for c, _ in labels)
        reader.mark(r, *(c for c, _ in labels), columns.get("rate"))  # the rate: derived
        name = re.sub(r"^其中\s*[:：]?\s*", "", unicodedata.normalize("NFKC", name)).strip()
        if name and any(v is not None for v in amounts.values()):
            sources.append({"name": name, **{k: v for k, v in amounts.items() if v is not None}})
    total = rows[0][0]
    node = _total(reader, row, total, columns, _amounts(reader, total, columns, unit), sources,
                  funding, label(grid.cell(*block).value).points)
    if node is not None:
        _execution_note(reader, row, node, [(total, columns.get("note"))] + [
            (r, grid.right_of(r, max(c for c, _ in labels))) for r, labels in notes])
    for r, _ in rows[1:]:  # 分值 / 得分 repeated on a 其中 row (安徽): the total row's own
        reader.mark(r, *(columns[key] for key in ("weight", "score") if key in columns and
                         grid.text(r, columns[key]) == grid.text(total, columns[key]) != ""))
    if sources:
        funding["sources"] = sources
    if funding:
        row.values["funding"] = funding


def _amounts(reader: Reader, r: int, columns: dict[str, int], unit: str
             ) -> dict[str, Decimal | None]:
    return {key: reader.value(r, columns.get(key), name, money(unit)) for key, name in AMOUNTS}


def _execution_note(reader: Reader, row: Row, node: dict[str, Any],
                    places: list[tuple[int, int | None]]) -> None:
    """The 预算执行 row's 偏差原因分析及改进措施: a 原因 column of the block, or a row
    of its own under the block (as :mod:`generator.downloads.selfeval_form` writes it)."""
    for r, c in places:
        if c is None:
            continue
        origin = reader.grid.origin(r, c)
        note = reader.value(*origin, NOTE_LABEL, parse_text)
        if note:
            node["note"] = note
            row.node_cells[id(node)]["note"] = reader.at(*origin)
            reader.mark(r, *range(c))
            return


def _total(reader: Reader, row: Row, r: int, columns: dict[str, int],
           amounts: dict[str, Decimal | None], sources: list[dict[str, Any]],
           funding: dict[str, Any], points: Decimal | None) -> dict[str, Any] | None:
    grid = reader.grid
    budget_column = columns.get("budget", 0)
    row.cells["budget"] = grid.where(r, budget_column)
    row.cells["funding"] = grid.where(r, min(columns.values()))
    if "spent" in columns:
        row.cells["spent"] = grid.where(r, columns["spent"])
    if not amounts["budget"] and sources and any(s.get("budget") for s in sources):
        for key, name in AMOUNTS:
            total = sum((s.get(key) or Decimal(0) for s in sources), Decimal(0))
            if key in columns and not amounts[key] and total:
                amounts[key] = total
                shown = "空" if grid.text(r, columns[key]) == "" else "0"
                reader.warn("import-form-total-from-sources",
                            f"年度资金总额的{name}为{shown}，按其中各行之和 {total} 万元导入："
                            "请核对并在表中补填总额", r, columns[key])
    if amounts["budget"] is not None:
        row.values["budget"] = amounts["budget"]
    elif not grid.cell(r, budget_column).formula:
        reader.error("import-missing-value", "年度资金总额的全年预算数不能为空：请填写",
                     r, budget_column)
    if amounts["spent"] is not None:
        row.values["spent"] = amounts["spent"]
    if amounts["initial"] is not None:
        funding["initial"] = amounts["initial"]
    weight = reader.value(r, columns.get("weight"), "预算执行的分值", number)
    if weight is None:
        weight = points
    if weight is None:
        return None
    node: dict[str, Any] = {"name": "预算执行率", "weight": weight}
    score = reader.value(r, columns.get("score"), "预算执行的得分", number)
    if score is not None:
        node["score"] = score
    node.update({"actual": "budget_execution", "unit": "%"})
    anchor = columns.get("weight", min(columns.values()))
    cells = {"name": reader.at(r, anchor), "weight": reader.at(r, anchor)}
    for key, column in (("score", "score"), ("actual", "rate")):
        if column in columns:
            cells[key] = reader.at(r, columns[column])
    row.node_cells[id(node)] = cells
    row.values.setdefault("indicators", []).append(node)
    found = reader.value(r, columns.get("rate"), "执行率", rate)
    if found is not None:
        row.rate = (found, grid.where(r, columns["rate"]))
    return node
