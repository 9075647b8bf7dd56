"""The 绩效指标 table of a 自评表 grid (see :mod:`.read`) and its 总分 / 合计 row.

The header is found by 一级指标; its columns are named by the header rows (one, or two
when 年度指标值 spans 指标性质 / 指标值 / 度量单位 as in the 云南 layout). A 一级指标 cell
such as ``产出指标(50分)`` gives the node's name and weight and is merged down its rows;
二级指标 likewise without a weight; each row below is one 三级 (leaf) indicator. Template
rows the unit left empty (“指标2”, “……”) are skipped, and a 三级 name typed after the
template's label (“指标1工程资金金额”) loses the label. A comparator in 指标性质 (≧, ═, ＞ …)
is written into the target in its standard form (``≥735``), with 度量单位 as ``unit``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from generator.content.converters import COMPARATORS, actual_value, target_value
from generator.content.converters import Invalid as ContentInvalid
from generator.core.vocabulary import (
    TABLE_SKIP,
    is_table_total,
    label,
    squash,
    table_role,
)
from generator.intake.cells import Cell, blank, parse_score, parse_text
from generator.intake.form.grid import Grid, Reader, number
from generator.intake.full_workbook import measured
from generator.intake.workbook_reader import Row

REQUIRED = {"l1": "一级指标", "l3": "三级指标", "actual": "实际完成值", "weight": "分值",
            "score": "得分"}
_TEMPLATE = re.compile(r"^\s*(?:指标\s*\d+\s*[:：.、]?|…+|\.{3,})\s*")
_PART = re.compile(r"^其中\s*[:：]?\s*")
_AFTER = ("评价结论", "存在问题", "改进措施", "整改措施", "项目负责人")


def _columns(grid: Grid, top: int, head: int) -> tuple[dict[str, int], int]:
    """Each role's column, and the last header row. The lowest label of a column wins (指标值
    under 年度指标值); a label merged over several columns names the first of them."""
    last = head
    if head + 1 < grid.height and any(table_role(grid.text(head + 1, c)) in ("op", "value", "unit")
                                      for c in grid.row_cells(head + 1)):
        last = head + 1
    columns: dict[str, int] = {}
    for c in range(len(grid.rows[head])):
        roles = [table_role(grid.text(r, c)) for r in range(top, last + 1)]
        role = next((x for x in reversed(roles) if x), None)
        if role and role not in columns:
            columns[role] = c
    return columns, last


def _target(reader: Reader, r: int, columns: dict[str, int]) -> tuple[Any, str | None]:
    """年度指标值: one cell, or 指标性质 + 指标值 (+ 度量单位 as the unit)."""
    unit = reader.value(r, columns.get("unit"), "度量单位", parse_text) or None
    if "value" in columns:
        op = reader.value(r, columns.get("op"), "指标性质", parse_text) or ""
        op = COMPARATORS.get(unicodedata.normalize("NFKC", op).strip(),
                             COMPARATORS.get(op.strip(), ""))
        value = reader.value(r, columns["value"], "指标值", _measure(target_value))
        where = columns["value"]
        if op and value is not None:
            if not isinstance(value, Decimal):
                reader.error("import-bad-number", f"指标值应为数字（指标性质是“{op}”），实际是"
                             f"「{value}」：请填写数字，或删除指标性质", r, where)
                return None, unit
            value = f"{op}{value}"
            _check(reader, r, where, "指标值", value, target_value)
        return value, unit
    return reader.value(r, columns.get("target"), "年度指标值", _measure(target_value)), unit


def _check(reader: Reader, r: int, c: int, what: str, value: Any, convert: Any) -> None:
    try:
        convert(value)
    except ContentInvalid as exc:
        reader.error(exc.code, f"{what}{exc}", r, c)


def _measure(convert: Any) -> Any:
    """A number cell stays a number; text stays as printed, checked by the YAML converter."""
    return measured(convert, number, numeric_text=True)


def _level(reader: Reader, r: int, c: int, parent: list[dict[str, Any]], weighted: bool,
           row: Row) -> dict[str, Any] | None:
    """The 一级/二级 node named at (r, c) among ``parent`` (the same name joins a node, as
    when a merged cell is split over a page break or a label is repeated on every row)."""
    reader.mark(r, c)
    printed = label(reader.grid.cell(r, c).value)
    text, weight = printed.text, printed.points if weighted else None
    if not text:  # not merged, left blank under the one above: the same node
        return parent[-1] if parent and "children" in parent[-1] else None
    for node in parent:
        if node["name"] == text:
            return node
    node = {"name": text}
    if weight is not None:
        node["weight"] = weight
    node["children"] = []
    row.node_cells[id(node)] = {"name": reader.at(r, c), "weight": reader.at(r, c),
                                "score": reader.at(r, c)}
    parent.append(node)
    return node


def read_indicators(reader: Reader, row: Row) -> int:
    """The 绩效指标 table into ``row.values["indicators"]`` and the 总分 row into score and
    grade; every node's cells go to ``row.node_cells`` so checker problems find them.
    Returns the row after the table (where the closing rows begin)."""
    grid = reader.grid
    found = next((r, c) for r in range(grid.height) for c, t in grid.texts(r)
                 if table_role(t) == "l1")
    head = found[0]
    top = head - 1 if head > 0 and any(table_role(t) in ("target", "actual", "weight", "score")
                                       for _, t in grid.texts(head - 1)) else head
    columns, last = _columns(grid, top, head)
    if "score" not in columns:
        reader.error("import-form-no-scores", "绩效指标表没有“得分”列：这是绩效目标表一类的"
                     "表格，不是评价结果，不能发布；请导入填好分值和得分的自评表", *found)
        return last + 1
    missing = [name for role, name in REQUIRED.items() if role not in columns]
    if "target" not in columns and "value" not in columns:
        missing.append("年度指标值")
    if missing:
        reader.error("import-form-layout", f"绩效指标表缺少“{'、'.join(missing)}”列：请按"
                     "自评表的格式填写表头", *found)
        return last + 1
    roots: list[dict[str, Any]] = row.values.setdefault("indicators", [])
    execution = list(roots)
    tree: list[dict[str, Any]] = []
    rows, total, end = _rows(grid, columns, last + 1)
    if not any(not blank(grid.cell(r, columns["score"]).value) for r in rows) and (
            total is None or blank(grid.cell(total, columns["score"]).value)):
        reader.error("import-form-unfilled", "这是一份没有填写的自评表：各指标和总分的得分都是空"
                     "的，请填写自评得分后再导入", head, columns["score"])
        return end
    for r in rows:
        _leaf_row(reader, row, r, columns, tree)
    roots[:] = execution + tree
    _natures(reader, row, rows, columns)
    _total(reader, row, total, columns, end)
    return end


def _rows(grid: Grid, columns: dict[str, int], start: int) -> tuple[list[int], int | None, int]:
    """The indicator rows, the 总分 / 合计 row (if any) and the first row after the table;
    a header repeated on a new page and 其他需要说明事项 are no indicator rows."""
    rows: list[int] = []
    r = start
    while r < grid.height:
        texts = [t for _, t in grid.texts(r, 0, columns["l3"] + 1)]
        if any(is_table_total(t) for t in texts):
            return rows, r, r + 1
        if table_role(grid.text(r, columns["l1"])) == "l1":
            r = _columns(grid, r, r)[1] + 1
            continue
        if sum(table_role(t) is not None for _, t in grid.texts(r)) >= 2:
            r += 1  # the upper header row again (年度指标值 / 分值 / 得分 over two rows)
            continue
        if any(label(t).text.startswith(_AFTER) for _, t in grid.texts(r)):
            break
        if not any(t.startswith(TABLE_SKIP) for t in texts):
            rows.append(r)
        r += 1
    return rows, None, r


def _part(reader: Reader, r: int, columns: dict[str, int], name: str,
          tree: list[dict[str, Any]]) -> None:
    """A “其中” row under an indicator (no 分值, no 得分): its figures join the indicator's
    note, so nothing printed is lost and no weight is invented."""
    leaves = [leaf for top in tree for mid in top["children"] for leaf in
              (mid.get("children") or [mid])]
    target, unit = _target(reader, r, columns)
    actual = reader.value(r, columns["actual"], "实际完成值", _measure(actual_value))
    words = [name] + [f"{what}{value}{unit or ''}" for what, value in
                      (("目标", target), ("完成", actual)) if value is not None]
    if not leaves:
        reader.error("import-missing-value", "“其中”一行上面没有指标：请把它放在所属指标的下一行",
                     r, columns["l3"])
        return
    leaf = leaves[-1]
    leaf["note"] = "；".join(x for x in (leaf.get("note"), "，".join(words)) if x)


def _natures(reader: Reader, row: Row, rows: list[int], columns: dict[str, int]) -> None:
    """A 指标性质 that is no comparator (定量, 定性, 正向 …) has no key of its own: it is kept
    in ``other_fields`` as printed, once when every indicator has the same, else per
    indicator (“指标性质（学生满意度）: 定性”), so nothing printed is dropped."""
    if "op" not in columns:
        return
    grid, found, printed = reader.grid, [], 0
    for r in rows:
        if grid.origin(r, columns["op"])[0] != r:
            continue
        value = grid.cell(r, columns["op"]).value
        if blank(value):
            continue
        text = parse_text(Cell(value, "", "")).strip()
        printed += 1
        if not _comparator(text):
            name = _TEMPLATE.sub("", parse_text(Cell(grid.cell(r, columns["l3"]).value, "",
                                                     "")))
            found.append((name, text))
    if not found:
        return
    kept: dict[str, str] = row.values.setdefault("other_fields", {})
    if len(found) == printed > 1 and len({text for _, text in found}) == 1:
        kept["指标性质"] = found[0][1]
    else:
        kept.update((f"指标性质（{name}）", text) for name, text in found)
    row.cells.setdefault("other_fields", grid.where(rows[0], columns["op"]))


def _comparator(text: str) -> bool:
    return text in COMPARATORS or unicodedata.normalize("NFKC", text).strip() in COMPARATORS


def _leaf_row(reader: Reader, row: Row, r: int, columns: dict[str, int],
              tree: list[dict[str, Any]]) -> None:
    grid = reader.grid
    l3 = columns["l3"]
    reader.mark(r, l3)
    name = _TEMPLATE.sub("", parse_text(Cell(grid.cell(r, l3).value, "", ""))
                         if grid.origin(r, l3)[0] == r and not blank(grid.cell(r, l3).value)
                         else "")
    if blank(name):  # “指标1：/” with “/” in every cell: the template's way of saying none
        name = ""
    data = [k for k in ("target", "value", "actual", "weight", "score")
            if k in columns and grid.origin(r, columns[k])[0] == r and
            not blank(grid.cell(r, columns[k]).value)]
    if not name and not data:  # a template row left empty, or an empty 生态效益指标
        reader.mark(r, columns["l1"], columns.get("l2"))
        return
    if not name:
        reader.error("import-missing-value", "三级指标名称不能为空：请填写指标名称，或删除这一行"
                     "的数值", r, l3)
        return
    if _PART.match(name) and not any(k in data for k in ("weight", "score")):
        _part(reader, r, columns, name, tree)
        return
    first = _level(reader, r, columns["l1"], tree, True, row)
    if first is None:
        reader.error("import-missing-value", "一级指标不能为空：请填写（如“产出指标”）",
                     r, columns["l1"])
        return
    parent = first
    if "l2" in columns:
        second = _level(reader, r, columns["l2"], first["children"], False, row)
        parent = second if second is not None else first
    leaf: dict[str, Any] = {"name": name}
    cells = {"name": reader.at(r, l3)}
    weight = reader.value(r, columns["weight"], "分值", number)
    if weight is not None:
        leaf["weight"] = weight
    elif blank(grid.cell(r, columns["weight"]).value):
        reader.error("import-missing-value", "分值不能为空：请填写", r, columns["weight"])
    score = reader.value(r, columns["score"], "得分", number)
    if score is not None:
        leaf["score"] = score
    elif blank(grid.cell(r, columns["score"]).value):
        reader.error("import-missing-value", "得分不能为空：请填写", r, columns["score"])
    target, unit = _target(reader, r, columns)
    if target is not None:
        leaf["target"] = target
    actual = reader.value(r, columns["actual"], "实际完成值", _measure(actual_value))
    if actual is not None:
        leaf["actual"] = actual
    if unit:
        leaf["unit"] = unit
    note = reader.value(r, columns.get("note"), "偏差原因分析及改进措施", parse_text)
    if note:
        leaf["note"] = note
    for key, role in (("weight", "weight"), ("score", "score"), ("actual", "actual"),
                      ("note", "note"), ("target", "value" if "value" in columns else
                                         "target"), ("unit", "unit")):
        if role in columns:
            cells[key] = reader.at(r, columns[role])
    row.node_cells[id(leaf)] = cells
    parent["children"].append(leaf)


def _total(reader: Reader, row: Row, total: int | None, columns: dict[str, int],
           end: int) -> None:
    """总分 / 合计: the declared score and the grade printed after it, if any; its 分值 cell
    is where a weight sum ≠ 100 is reported. A 合计 row with the weights only (四川), or no
    such row, leaves the total to be computed from the indicators' scores."""
    grid = reader.grid
    if total is None:
        return
    weight_column, score_column = columns["weight"], columns["score"]
    first = next(c for c, t in grid.texts(total) if is_table_total(t))
    row.cells["indicators"] = grid.where(total, weight_column)
    printed = reader.value(total, weight_column, "合计的分值", number) \
        if grid.origin(total, weight_column) != grid.origin(total, first) else None
    execution = sum((n.get("weight", 0) for n in row.values.get("indicators", [])
                     if n.get("actual") == "budget_execution"), Decimal(0))
    if printed is not None and printed not in (100, 100 - execution):
        reader.error("import-form-scale", f"分值合计是 {printed} 分而不是 100 分：得分不能按"
                     "百分制（优 ≥ 90、良 ≥ 80 ……）发布；请按 100 分折算后再导入", total,
                     weight_column)
        return
    row.cells["score"] = grid.where(total, score_column)
    row.number = total + 1
    if grid.origin(total, score_column) == grid.origin(total, first) or \
            blank(grid.cell(total, score_column).value):
        return
    score = reader.value(total, score_column, "总分", parse_score)
    if score is None:
        return
    row.values["score"] = score
    for c in grid.row_cells(total, score_column + 1):
        text = grid.cell(total, c).value
        if grid.origin(total, c) == grid.origin(total, score_column) or blank(text):
            continue
        grade = squash(text)
        reader.mark(total, c)
        if grade and not re.fullmatch(r"[-+]?\d+(?:\.\d+)?%?", grade):
            row.values["grade"] = grade
            row.cells["grade"] = grid.where(total, c)
        break
