"""The 绩效指标 table of a 自评表 grid (see :mod:`.form_grid`) and its 总分 row.

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
from generator.spreadsheet.cells import Cell, blank, parse_score, parse_text
from generator.spreadsheet.form_grid import Grid, Reader, number, squash
from generator.spreadsheet.full_workbook import measured
from generator.spreadsheet.workbook_reader import Row

ROLES = {"一级指标": "l1", "二级指标": "l2", "三级指标": "l3", "年度指标值": "target",
         "指标性质": "op", "指标值": "value", "度量单位": "unit", "计量单位": "unit",
         "单位": "unit", "实际完成值": "actual", "分值": "weight", "得分": "score"}
REQUIRED = {"l1": "一级指标", "l3": "三级指标", "actual": "实际完成值", "weight": "分值",
            "score": "得分"}
_LEVEL_WEIGHT = re.compile(r"^(?P<name>.+?)[(（]\s*(?P<w>\d+(?:\.\d+)?)\s*分?\s*[)）]$")
_TEMPLATE = re.compile(r"^\s*(?:指标\s*\d+\s*[:：.、]?|…+|\.{3,})\s*")
_END = ("总分", "合计", "总计")
_SKIP = ("其他需要说明事项", "其它需要说明事项")


def _role(label: str) -> str | None:
    if label.startswith("偏差原因"):
        return "note"
    return ROLES.get(label)


def _columns(grid: Grid, top: int, head: int) -> tuple[dict[str, int], int]:
    """Each role's column, and the last header row. The lowest label of a column wins (指标值
    under 年度指标值); a label merged over several columns names the first of them."""
    last = head
    if head + 1 < grid.height and any(_role(grid.text(head + 1, c)) in ("op", "value", "unit")
                                      for c in grid.row_cells(head + 1)):
        last = head + 1
    columns: dict[str, int] = {}
    for c in range(len(grid.rows[head])):
        roles = [_role(grid.text(r, c)) for r in range(top, last + 1)]
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
    when a merged cell is split over a page break)."""
    text = parse_text(Cell(reader.grid.cell(r, c).value, "", ""))
    text = re.sub(r"\s+", "", text)
    if not text:  # not merged, left blank under the one above: the same node
        return parent[-1] if parent and "children" in parent[-1] else None
    weight = None
    match = _LEVEL_WEIGHT.match(unicodedata.normalize("NFKC", text)) if weighted else None
    if match:
        text, weight = match.group("name"), Decimal(match.group("w"))
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


def read_indicators(reader: Reader, row: Row) -> None:
    """The 绩效指标 table into ``row.values["indicators"]`` and the 总分 row into score and
    grade; every node's cells go to ``row.node_cells`` so checker problems find them."""
    grid = reader.grid
    found = grid.find(lambda t: t == "一级指标")
    assert found is not None, "is_form() found it"
    head = found[0]
    top = head - 1 if head > 0 and any(_role(grid.text(head - 1, c)) in
                                       ("target", "actual", "weight", "score")
                                       for c in grid.row_cells(head - 1)) else head
    columns, last = _columns(grid, top, head)
    missing = [label for role, label in REQUIRED.items() if role not in columns]
    if "target" not in columns and "value" not in columns:
        missing.append("年度指标值")
    if missing:
        reader.error("import-form-layout", f"绩效指标表缺少“{'、'.join(missing)}”列：请按"
                     "自评表的格式填写表头", *found)
        return
    roots: list[dict[str, Any]] = row.values.setdefault("indicators", [])
    execution = list(roots)
    tree: list[dict[str, Any]] = []
    r = last + 1
    total = None
    while r < grid.height:
        texts = [grid.text(r, c) for c in grid.row_cells(r, 0, columns["l3"] + 1)]
        if any(t.startswith(_END) for t in texts):
            total = r
            break
        if not any(t.startswith(_SKIP) for t in texts):
            _leaf_row(reader, row, r, columns, tree)
        r += 1
    roots[:] = execution + tree
    _total(reader, row, total, columns, r)


def _leaf_row(reader: Reader, row: Row, r: int, columns: dict[str, int],
              tree: list[dict[str, Any]]) -> None:
    grid = reader.grid
    l3 = columns["l3"]
    name = _TEMPLATE.sub("", parse_text(Cell(grid.cell(r, l3).value, "", ""))
                         if grid.origin(r, l3)[0] == r and not blank(grid.cell(r, l3).value)
                         else "")
    data = [k for k in ("target", "value", "actual", "weight", "score")
            if k in columns and grid.origin(r, columns[k])[0] == r and
            not blank(grid.cell(r, columns[k]).value)]
    if not name and not data:
        return  # a template row left empty, or an empty 生态效益指标
    if not name:
        reader.error("import-missing-value", "三级指标名称不能为空：请填写指标名称，或删除这一行"
                     "的数值", r, l3)
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
    """总分: the declared score (required: a form without it is incomplete) and the grade
    printed after it, if any; its 分值 cell is where a weight sum ≠ 100 is reported."""
    grid = reader.grid
    if total is None:
        where = min(end, grid.height - 1)
        reader.error("import-form-no-total", "自评表没有“总分”一行：请在绩效指标表下填写总分"
                     "（分值 100 和得分）", where, columns["l1"])
        return
    weight_column, score_column = columns["weight"], columns["score"]
    label = next(c for c in grid.row_cells(total) if grid.text(total, c).startswith(_END))
    row.cells["indicators"] = grid.where(total, weight_column)
    row.cells["score"] = grid.where(total, score_column)
    row.number = total + 1
    score = None
    if grid.origin(total, score_column) != grid.origin(total, label):
        score = reader.value(total, score_column, "总分", parse_score)
    if score is None:
        if blank(grid.cell(total, score_column).value) or \
                grid.origin(total, score_column) == grid.origin(total, label):
            reader.error("import-form-no-total", "总分的得分为空：请填写自评得分", total,
                         score_column)
        return
    row.values["score"] = score
    for c in grid.row_cells(total, score_column + 1):
        text = grid.cell(total, c).value
        if grid.origin(total, c) == grid.origin(total, score_column) or blank(text):
            continue
        grade = squash(text)
        if grade and not re.fullmatch(r"[-+]?\d+(?:\.\d+)?%?", grade):
            row.values["grade"] = grade
            row.cells["grade"] = grid.where(total, c)
        break
