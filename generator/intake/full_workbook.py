"""The site's own full workbook (``data/results.xlsx``): the 项目 sheet (one row per project,
read by :mod:`.workbook_reader` like any disclosure sheet) and, each optional, 指标 (one row
per indicator node) and 预算明细 (one row per budget item), joined to their project by
项目编号. Export then import gives the same content, so staff can keep every figure in Excel.

The indicator tree is written depth first: 序号 numbers the nodes of one project, 上级序号
names the parent's 序号 (empty for a top-level node). Rule parameters have their own
columns; 档次 is written ``100=1.0；80=0.7`` and 扣分 one line per deduction ``2 原因``.
满分值 and 得分 are as the project file writes them: a score (or weight) computed from the
children or by the rule is left empty. 年度指标值 and
实际完成值 are written as the YAML holds them: a number as a number, a comparator as its
text with the unit written with it (``≥85%``), a text as text; text is checked on reading by
the YAML reader's converters. The 自评表 sheets (目标, 资金来源, 整改) are described in
:mod:`.self_eval_sheets`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.content.converters import Invalid as ContentInvalid
from generator.content.converters import actual_value, target_value
from generator.core.fields import CONTINUED, folded
from generator.core.fmt import number
from generator.core.model import Comparison, Deduct, Floor, Indicator, Project, Tiers, Value
from generator.core.problems import Problems
from generator.intake.cells import (
    Cell,
    Invalid,
    blank,
    item_lines,
    parse_money,
    parse_order,
    parse_text,
)
from generator.intake.columns import normalize_header
from generator.intake.guard import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from generator.intake.workbook_reader import Row, get_column_letter, open_workbook

INDICATOR_SHEET = "指标"
ITEMS_SHEET = "预算明细"
PROJECT_SHEET = "项目"


def _number(cell: Cell) -> Decimal:
    from generator.intake.cells import _decimal

    return _decimal(cell, "import-bad-number", (), "数字")


def measured(convert: Callable[[Any], Any], read_number: Callable[[Cell], Decimal] = _number,
             numeric_text: bool = False) -> Callable[[Cell], Decimal | str]:
    """年度指标值 / 实际完成值: a number cell stays a number; text (≥85%, 达成) stays the text
    the YAML holds, checked here by the YAML reader's own converter (so a bad cell is
    reported at its cell). ``numeric_text``: a text that is a plain number is a number too
    (a 自评表 form types 指标值 as text)."""

    def parse(cell: Cell) -> Decimal | str:
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            return read_number(cell)
        text = parse_text(cell)
        if numeric_text and _PLAIN_NUMBER.fullmatch(text):
            return Decimal(text)
        try:
            convert(text)
        except ContentInvalid as exc:
            raise Invalid(exc.code, str(exc)) from exc
        return text

    return parse


_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def value_text(value: Value | None) -> Decimal | str | None:
    """A target or actual as the YAML writes it: a number stays a number, a comparator is
    its text with the unit written with it (``≥85%``), a text is itself."""
    if isinstance(value, Comparison):
        return f"{value.op}{value.value:f}{value.unit or ''}"
    return value


def _yes(cell: Cell) -> bool:
    text = parse_text(cell)
    if text not in ("是", "否", "True", "False", "TRUE", "FALSE", "1", "0"):
        raise Invalid("import-bad-number", f"应为“是”或“否”，实际是「{text}」")
    return text in ("是", "True", "TRUE", "1")


def _tiers(cell: Cell) -> list[list[Decimal]]:
    """``100=1.0；80=0.7`` → [[100, 1.0], [80, 0.7]]."""
    text = unicodedata.normalize("NFKC", str(cell.value))
    tiers = []
    for part in re.split(r"[;；,，\n]+", text.strip()):
        match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[=:]\s*(-?\d+(?:\.\d+)?)\s*", part)
        if not match:
            raise Invalid("import-bad-number", f"档次应写作“100=1.0；80=0.7”，实际是「{part}」")
        tiers.append([Decimal(match.group(1)), Decimal(match.group(2))])
    return tiers


def _deductions(cell: Cell) -> list[dict[str, Any]]:
    """One line per deduction: ``2 未按时验收`` → {reason: 未按时验收, points: 2}."""
    result: list[dict[str, Any]] = []
    for line in item_lines(str(cell.value)):
        if line.startswith(CONTINUED) and result:  # a line break inside the reason above
            result[-1]["reason"] += "\n" + line[len(CONTINUED):]
            continue
        if not line.strip():
            continue
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*分?\s+(.+)", unicodedata.normalize("NFKC",
                                                                                     line))
        if not match:
            raise Invalid("import-bad-number", f"每行应写作“2 原因”，实际是「{line.strip()}」")
        result.append({"reason": match.group(2).strip(), "points": Decimal(match.group(1))})
    return result


# (header, YAML key, parser, writer from the node) of the 指标 sheet, after 项目编号/序号/上级序号
NodeColumn = tuple[str, str, Callable[[Cell], Any], Callable[[Indicator], Any]]


def _rule_attr(name: str) -> Callable[[Indicator], Any]:
    return lambda node: getattr(node.rule, name, None)


NODE_COLUMNS: list[NodeColumn] = [
    ("指标编号", "code", parse_text, lambda n: n.code),
    ("指标名称", "name", parse_text, lambda n: n.name),
    # as the project file writes them: a score computed from the children or a rule is
    # left empty, so that the import gives back the same file
    ("满分值", "weight", _number, lambda n: n.weight_declared),
    ("得分", "score", _number, lambda n: n.score_declared),
    ("计分规则", "rule", parse_text, lambda n: n.rule.kind if n.rule else None),
    ("年度指标值", "target", measured(target_value), lambda n: value_text(n.target)),
    ("实际完成值", "actual", measured(actual_value), lambda n: value_text(n.actual)),
    ("计量单位", "unit", parse_text, lambda n: n.unit),
    ("下限", "floor", _number,
     lambda n: n.rule.floor if isinstance(n.rule, Floor) else None),
    ("越低越好", "lower_is_better", _yes,
     lambda n: "是" if getattr(n.rule, "lower_is_better", False) else None),
    ("档次", "tiers", _tiers, lambda n: "；".join(f"{number(b)}={number(f)}" for b, f in
                                              n.rule.tiers) if isinstance(n.rule, Tiers)
     else None),
    ("扣分", "deductions", _deductions,
     lambda n: "\n".join(f"{number(d.points)} {folded(d.reason)}" for d in n.rule.deductions)
     if isinstance(n.rule, Deduct) else None),
    ("完成程度", "level", parse_text, _rule_attr("level")),
    ("偏差原因分析及改进措施", "note", parse_text, lambda n: n.note),
]
# (normalized header, header, YAML key, parser): normalized once, not once per cell
_NODE_READERS = [(normalize_header(h), h, key, parse) for h, key, parse, _ in NODE_COLUMNS]
_NODE_GETTERS = [get for *_, get in NODE_COLUMNS]  # not unpacked again for every node
INDICATOR_HEADERS = ["项目编号", "序号", "上级序号", "层级"] + [c[0] for c in NODE_COLUMNS]
ITEM_HEADERS = ["项目编号", "名称", "预算金额（万元）", "实际支出（万元）"]


def indicator_rows(project: Project) -> Iterator[list[Any]]:
    """The 指标 sheet's rows of one project: raw values (Decimal, str, int, None)."""
    counter = 0

    def visit(nodes: list[Indicator], parent: int | None, level: int) -> Iterator[list[Any]]:
        nonlocal counter
        for node in nodes:
            counter += 1
            here = counter
            yield [project.id, here, parent, level] + [get(node) for get in _NODE_GETTERS]
            yield from visit(node.children, here, level + 1)

    yield from visit(project.indicators, None, 1)


def item_rows(project: Project) -> Iterator[list[Any]]:
    for item in project.budget_items:
        yield [project.id, item.name, item.budget, item.spent]


# --- reading ---------------------------------------------------------------------------


def _sheet_rows(sheet: Any, problems: Problems) -> Iterator[tuple[int, dict[str, Cell]]]:
    """Rows of a sheet as {normalized header: Cell}, header in row 1; capped in rows.
    An empty cell is left out (most of the 指标 sheet's rule columns are), except
    项目编号's, which a missing project is reported at."""
    rows = sheet.iter_rows(max_col=MAX_COLUMNS)
    header = next(rows, ())
    names = {i: normalize_header(c.value) for i, c in enumerate(header)
             if not blank(c.value)}
    letters = {i: get_column_letter(i + 1) for i in names}
    key = next((i for i, name in names.items() if name == "项目编号"), -1)
    for number_, cells in enumerate(rows, 2):
        if number_ > MAX_ROWS:
            problems.at_cell("import-too-many-rows", "error", f"工作表超过上限 {MAX_ROWS} 行",
                             sheet.title)
            return
        if all(blank(c.value) for c in cells):
            continue
        yield number_, {names[i]: Cell(c.value, _format(c), f"{letters[i]}{number_}")
                        for i, c in enumerate(cells)
                        if i in names and (c.value is not None or i == key)}


def _format(cell: Any) -> str:
    """A number's format (its decimals are read from it); text needs none, and looking one
    up costs a style look-up per cell."""
    if isinstance(cell.value, (int, float)):
        return getattr(cell, "number_format", None) or "General"
    return "General"


def _parse(cell: Cell | None, parse: Callable[[Cell], Any], header: str, sheet: str,
           problems: Problems) -> Any:
    if cell is None or blank(cell.value):
        return None
    if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
        problems.at_cell("import-cell-too-long", "error", f"{header}超过 {MAX_CELL_CHARS} 个字",
                         sheet, cell.coordinate)
        return None
    try:
        return parse(cell)
    except Invalid as exc:
        problems.at_cell(exc.code, "error", f"{header}{exc.message}", sheet, cell.coordinate)
        return None


def attach_sheets(path: Path, rows: list[Row], problems: Problems) -> set[str]:
    """Read the optional 指标, 预算明细, 目标, 资金来源 and 整改 sheets into their projects'
    rows (by 项目编号); returns the names of the sheets read (so they are not reported as
    skipped)."""
    from generator.intake import self_eval_sheets as extra
    from generator.intake import whole_sheets as whole

    by_id = {str(row.values["id"]): row for row in rows if row.values.get("id")}
    read: set[str] = set()
    workbook = open_workbook(path)
    try:
        names = set(workbook.sheetnames)
        if INDICATOR_SHEET in names and _ours(workbook[INDICATOR_SHEET], ("序号", "指标名称")):
            read.add(INDICATOR_SHEET)
            _attach_indicators(workbook[INDICATOR_SHEET], by_id, problems)
        if ITEMS_SHEET in names and _ours(workbook[ITEMS_SHEET], ("名称", "预算金额")):
            read.add(ITEMS_SHEET)
            _attach_items(workbook[ITEMS_SHEET], by_id, problems)
        for name, needed, attach in (
                (extra.GOALS_SHEET, ("预期目标",), extra.attach_goals),
                (extra.FUNDING_SHEET, ("名称", "年初预算数"), extra.attach_funding),
                (extra.RECTIFICATION_SHEET, ("整改情况", "状态"), extra.attach_rectification),
                (whole.TASKS_SHEET, ("任务名称",), whole.attach_tasks),
                (whole.STAFF_SHEET, ("人员编制", "实有人数"), whole.attach_staff)):
            if name in names and _ours(workbook[name], needed):
                read.add(name)
                attach(_sheet_rows(workbook[name], problems), by_id, name, problems, _parse,
                       _owner)
    finally:
        workbook.close()
    return read


def _ours(sheet: Any, needed: tuple[str, ...]) -> bool:
    """The sheet has this module's header (项目编号 and ``needed``) in row 1: a sheet of
    another workbook that happens to be called 指标 is skipped like any other."""
    first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    names = {normalize_header(v) for v in first if not blank(v)}
    return {"项目编号", *needed} <= names


def _owner(cells: dict[str, Cell], by_id: dict[str, Row], sheet: str,
           problems: Problems) -> Row | None:
    cell = cells.get("项目编号")
    pid = None if cell is None or blank(cell.value) else parse_text(cell).removesuffix(".yml")
    if pid not in by_id:
        where = cell.coordinate if cell is not None else None
        problems.at_cell("import-unknown-project", "error",
                         f"项目编号「{pid or ''}」不在“{PROJECT_SHEET}”工作表中：请核对项目编号",
                         sheet, where)
        return None
    return by_id[pid]


def _attach_indicators(sheet: Any, by_id: dict[str, Row], problems: Problems) -> None:
    nodes: dict[tuple[str, int], dict[str, Any]] = {}
    for number_, cells in _sheet_rows(sheet, problems):
        row = _owner(cells, by_id, sheet.title, problems)
        if row is None:
            continue
        here = _parse(cells.get("序号"), parse_order, "序号", sheet.title, problems)
        parent = _parse(cells.get("上级序号"), parse_order, "上级序号", sheet.title, problems)
        node: dict[str, Any] = {}
        for name, header, key, parse in _NODE_READERS:
            value = _parse(cells.get(name), parse, header, sheet.title, problems)
            if value is not None and value != "":
                node[key] = value
        row.node_cells[id(node)] = {key: f"{sheet.title}!{cells[name].coordinate}"
                                    for name, _, key, _ in _NODE_READERS if name in cells}
        pid = row.values["id"]
        if here is None:
            problems.at_cell("import-missing-value", "error", "序号不能为空", sheet.title,
                             f"B{number_}")
            continue
        nodes[(pid, here)] = node
        if parent is None:
            row.values.setdefault("indicators", []).append(node)
        elif (pid, parent) in nodes:
            nodes[(pid, parent)].setdefault("children", []).append(node)
        else:
            problems.at_cell("import-unknown-parent", "error",
                             f"上级序号 {parent} 不是本项目前面某一行的序号："
                             "上级指标须写在下级之前",
                             sheet.title, cells["上级序号"].coordinate)


def _attach_items(sheet: Any, by_id: dict[str, Row], problems: Problems) -> None:
    for _, cells in _sheet_rows(sheet, problems):
        row = _owner(cells, by_id, sheet.title, problems)
        if row is None:
            continue
        item: dict[str, Any] = {}
        for header, key, parse in (("名称", "name", parse_text),
                                   ("预算金额", "budget", parse_money),
                                   ("实际支出", "spent", parse_money)):
            value = _parse(cells.get(header), parse, header, sheet.title, problems)
            if value is not None:
                item[key] = value
        row.values.setdefault("budget_items", []).append(item)
