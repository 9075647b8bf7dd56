"""The 部门整体支出绩效评价得分表 / 评分表: 一级 / 二级 / 三级指标 and a 得分 column, the
weights written inside the names (``部门决策(25分)``, 财预〔2013〕53号 and the provinces'
frameworks) or in a 分值 column after each level (``一级指标 | 分值 | 二级指标 | 分值 | …``).

Each 三级 row is a leaf with its weight and score; the 一级 and 二级 cells (merged down
their rows) are the inner nodes. A 扣分原因 column is the leaf's note; the 评分标准 /
评价标准 / 指标说明 columns are the framework's own text, the same for every department,
and are not the result. A 总分 / 合计 row gives the declared total. A table whose 得分 are
all empty is refused by name (``部门整体支出绩效评价得分表，得分为空``), not read as zeros.
"""

from __future__ import annotations

from typing import Any

from generator.core.vocabulary import CLOSING, is_table_total, label, table_role
from generator.intake.cells import Cell, blank, parse_score, parse_text
from generator.intake.form.grid import Reader, number
from generator.intake.workbook_reader import Row

LEVELS = ("l1", "l2", "l3")
NOTES = ("扣分原因", "扣分说明", "失分原因", "扣分理由")
STANDARDS = ("评分标准", "评价标准", "指标说明", "指标解释", "评分办法", "备注")


def _columns(reader: Reader, head: int) -> tuple[dict[str, int], dict[str, int], int | None,
                                                  int | None]:
    """Each level's column, the 分值 column after a level (by level), the leaf's 得分
    column (the last one: a 得分 after a level is that level's own) and a 扣分原因 column."""
    grid = reader.grid
    levels: dict[str, int] = {}
    weights: dict[str, int] = {}
    scores: list[int] = []
    note = None
    last = None
    rows = [head] + ([head + 1] if head + 1 < grid.height and any(
        table_role(t) in ("weight", "score") for _, t in grid.texts(head + 1)) else [])
    for r in rows:
        for c, text in grid.texts(r):
            role = table_role(text)
            name = label(text).text
            if role in LEVELS:
                levels.setdefault(role, c)
                last = role
            elif role == "weight" and last is not None:
                weights.setdefault(last, c)
            elif role == "score":
                scores.append(c)
            elif name.startswith(NOTES):
                note = c
            elif not name.startswith(STANDARDS):
                continue
            reader.mark(r, c)
    return levels, weights, (max(scores) if scores else None), note


def read_score_table(reader: Reader, row: Row, title: str, head: tuple[int, int]) -> int:
    """The table into ``row.values["indicators"]`` (and the 总分 into ``score``); returns
    the row after the table."""
    grid = reader.grid
    levels, weights, score_column, note_column = _columns(reader, head[0])
    assert score_column is not None, "the caller found a 得分 column"
    leaf_level = max(levels, key=LEVELS.index)
    top = head[0] + 1
    while top < grid.height and any(table_role(t) for _, t in grid.texts(top)):
        top += 1
    rows, total, end = [], None, grid.height
    for r in range(top, grid.height):
        texts = [t for _, t in grid.texts(r)]
        if any(is_table_total(t) for t in texts):
            total, end = r, r + 1
            break
        if any(label(t).text in CLOSING for t in texts):
            end = r
            break
        rows.append(r)
    if not any(not blank(grid.cell(r, score_column).value) for r in rows) and (
            total is None or blank(grid.cell(total, score_column).value)):
        reader.error("import-whole-no-score", f"「{title[:40]}」：部门整体支出绩效评价得分表，"
                     "得分为空：请填写各指标的得分（或总分）后再导入", head[0], score_column)
        return end
    tree: list[dict[str, Any]] = []
    for r in rows:
        _row(reader, row, r, levels, weights, leaf_level, score_column, note_column, tree)
    row.values.setdefault("indicators", []).extend(tree)
    if total is not None:
        reader.mark(total, *(c for c, t in grid.texts(total) if is_table_total(t)))
        row.cells["indicators"] = grid.where(total, weights.get("l1", score_column))
        score = reader.value(total, score_column, "总分", parse_score)
        if score is not None:
            row.values["score"] = score
            row.cells["score"] = grid.where(total, score_column)
    return end


def _row(reader: Reader, row: Row, r: int, levels: dict[str, int], weights: dict[str, int],
         leaf_level: str, score_column: int, note_column: int | None,
         tree: list[dict[str, Any]]) -> None:
    grid = reader.grid
    leaf_column = levels[leaf_level]
    name = _name(reader, r, leaf_column)
    score = reader.value(r, score_column, "得分", number)
    if not name:
        if score is not None:
            reader.error("import-missing-value", "这一行有得分，但指标名称是空的：请填写指标名称",
                         r, leaf_column)
        reader.mark(r, *levels.values())
        return
    parent = tree
    for level in LEVELS[:LEVELS.index(leaf_level)]:
        if level not in levels:
            continue
        node = _inner(reader, row, r, levels[level], weights.get(level), parent)
        if node is None:
            reader.error("import-missing-value", "上级指标的名称是空的：请填写", r, levels[level])
            return
        parent = node["children"]
    printed = label(grid.cell(r, leaf_column).value)
    leaf: dict[str, Any] = {"name": printed.text or name}
    weight = printed.points if printed.points is not None else reader.value(
        r, weights.get(leaf_level), "分值", number)
    if weight is not None:
        leaf["weight"] = weight
    else:
        reader.error("import-missing-value", "指标没有分值：请在名称后写明分值（如“相关性(5分)”）"
                     "或填写分值一栏", r, leaf_column)
    if score is not None:
        leaf["score"] = score
    else:
        reader.error("import-missing-value", "得分不能为空：请填写", r, score_column)
    note = reader.value(r, note_column, "扣分原因", parse_text) if note_column is not None \
        else None
    if note:
        leaf["note"] = note
    cells = {"name": reader.at(r, leaf_column), "score": reader.at(r, score_column),
             "weight": reader.at(r, weights.get(leaf_level, leaf_column))}
    if note_column is not None:
        cells["note"] = reader.at(r, note_column)
    row.node_cells[id(leaf)] = cells
    parent.append(leaf)


def _name(reader: Reader, r: int, c: int) -> str:
    grid = reader.grid
    reader.mark(r, c)
    if not grid.starts(r, c) or blank(grid.cell(r, c).value):
        return ""
    return parse_text(Cell(grid.cell(r, c).value, "", "")).strip()


def _inner(reader: Reader, row: Row, r: int, c: int, weight_column: int | None,
           parent: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The 一级 / 二级 node named at (r, c), merged down its rows (a blank cell under it
    continues the node above)."""
    grid = reader.grid
    reader.mark(r, c)
    printed = label(grid.cell(r, c).value)
    if not printed.text:
        return parent[-1] if parent and "children" in parent[-1] else None
    for known in parent:
        if known["name"] == printed.text:
            return known
    node: dict[str, Any] = {"name": printed.text}
    weight = printed.points if printed.points is not None else reader.value(
        grid.origin(r, c)[0], weight_column, "分值", number)
    if weight is not None:
        node["weight"] = weight
    node["children"] = []
    row.node_cells[id(node)] = {"name": reader.at(r, c), "weight": reader.at(r, c)}
    parent.append(node)
    return node
