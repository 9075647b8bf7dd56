"""The 项目支出绩效自评表 (财预〔2020〕10号 附件) read from an abstract grid of cell texts, so a
worksheet (:mod:`.form_xlsx`) and a Word table (:mod:`.form_docx`) share one parser.

A :class:`Grid` is rows of cells with merges resolved: a cell covered by a merge points at
the merge's top-left cell (its ``origin``), whose value it shows, and problems are located
at that top-left cell (``自评表3!F17`` or ``表 2!第 17 行第 6 列``). The layout is found by
its labels, not by fixed positions, because every department's file differs a little:
项目名称 / 主管部门 / 实施单位, the 项目资金 block (元 or 万元; 年初预算数 全年预算数 全年执行数
分值 执行率 得分), 年度总体目标 (预期目标 / 实际完成情况), the 绩效指标 table (:mod:`.form_table`)
and 总分. The result is a :class:`~.workbook_reader.Row` like any imported project, so the
real checker runs on it and its problems come back to these cells.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.core.problems import Problems
from generator.spreadsheet.cells import Cell, Invalid, _decimal, blank, parse_list, parse_text
from generator.spreadsheet.guard import MAX_CELL_CHARS
from generator.spreadsheet.workbook_reader import Row

FORM_TITLE = "项目支出绩效自评表"
MAX_FORM_ROWS = 400  # a real form has 30–80 rows
MAX_FORM_COLUMNS = 40
METHOD = "单位自评"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def squash(value: Any) -> str:
    """A label as compared: NFKC (full-width brackets and colons), no whitespace at all
    (“全年\\n预算数” is 全年预算数)."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


@dataclass(frozen=True)
class GridCell:
    value: Any = None  # text, or a number read from a worksheet
    number_format: str = "General"
    origin: tuple[int, int] | None = None  # the top-left cell of the merge this one is in
    formula: bool = False


@dataclass
class Grid:
    """One form: ``rows[r][c]`` (0-based), and how a cell is named in messages."""

    sheet: str
    rows: list[list[GridCell]]
    locate: Callable[[int, int], str]
    preamble: list[str] = field(default_factory=list)  # text before a Word table (its title)

    @property
    def height(self) -> int:
        return len(self.rows)

    def origin(self, r: int, c: int) -> tuple[int, int]:
        if r >= len(self.rows) or c >= len(self.rows[r]):
            return (r, c)
        return self.rows[r][c].origin or (r, c)

    def cell(self, r: int, c: int) -> GridCell:
        r0, c0 = self.origin(r, c)
        if r0 >= len(self.rows) or c0 >= len(self.rows[r0]):
            return GridCell()
        return self.rows[r0][c0]

    def text(self, r: int, c: int) -> str:
        return squash(self.cell(r, c).value)

    def where(self, r: int, c: int) -> str:
        return self.locate(*self.origin(r, c))

    def row_cells(self, r: int, start: int = 0, stop: int | None = None) -> Iterator[int]:
        """The columns of row ``r`` where a cell begins (each merge once), left to right."""
        seen = set()
        for c in range(start, min(stop if stop is not None else MAX_FORM_COLUMNS,
                                  len(self.rows[r]))):
            here = self.origin(r, c)
            if here not in seen:
                seen.add(here)
                yield c

    def find(self, test: Callable[[str], bool], rows: range | None = None
             ) -> tuple[int, int] | None:
        for r in rows if rows is not None else range(self.height):
            if r >= self.height:
                break
            for c in self.row_cells(r):
                if self.origin(r, c)[0] == r and test(self.text(r, c)):
                    return r, c
        return None

    def right_of(self, r: int, c: int) -> int | None:
        """The column of the next cell to the right of the one at (r, c)."""
        here = self.origin(r, c)
        for column in self.row_cells(r, c + 1):
            if self.origin(r, column) != here:
                return column
        return None


def is_form(grid: Grid) -> bool:
    """A form has a 项目名称 label and an indicator header with 一级指标."""
    return grid.find(lambda t: t == "项目名称") is not None and \
        grid.find(lambda t: t == "一级指标") is not None


class Reader:
    """Values out of a grid, every bad cell reported at its place."""

    def __init__(self, grid: Grid, problems: Problems) -> None:
        self.grid = grid
        self.problems = problems

    def at(self, r: int, c: int) -> str:
        return f"{self.grid.sheet}!{self.grid.where(r, c)}"

    def error(self, code: str, message: str, r: int | None = None, c: int | None = None
              ) -> None:
        cell = self.grid.where(r, c) if r is not None and c is not None else None
        self.problems.at_cell(code, "error", message, self.grid.sheet, cell)

    def value(self, r: int, c: int | None, what: str, parse: Callable[[Cell], Any]) -> Any:
        """The parsed cell at (r, c); None when blank or bad (a bad one is reported)."""
        if c is None:
            return None
        cell = self.grid.cell(r, c)
        if blank(cell.value):
            return None
        if cell.formula:
            self.error("import-formula", f"{what}是公式「{cell.value}」：请先把公式转换为数值"
                       "（复制后“选择性粘贴 → 数值”）再导入", r, c)
            return None
        if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
            self.error("import-cell-too-long", f"{what}有 {len(cell.value)} 个字，超过单元格"
                       f"上限 {MAX_CELL_CHARS}：请删减后再导入", r, c)
            return None
        try:
            return parse(Cell(cell.value, cell.number_format, self.grid.where(r, c)))
        except Invalid as exc:
            self.error(exc.code, f"{what}{exc.message}", r, c)
            return None


def number(cell: Cell) -> Decimal:
    return _decimal(cell, "import-bad-number", ("分",), "数字")


def _money(unit: str) -> Callable[[Cell], Decimal]:
    """An amount of the 项目资金 block in the block's unit, as 万元 (元 ÷ 10,000 exactly)."""

    def parse(cell: Cell) -> Decimal:
        result = _decimal(cell, "import-bad-money", ("万元", "元"), f"金额（{unit}）")
        if result < 0:
            raise Invalid("import-bad-money", f"不能为负数，实际是 {result}")
        return result.scaleb(-4) if unit == "元" else result

    return parse


def _rate(cell: Cell) -> Decimal:
    return _decimal(cell, "import-bad-rate", ("%",), "百分比")


MONEY_HEADERS = {"年初预算数": "initial", "全年预算数": "budget", "全年执行数": "spent",
                 "分值": "weight", "执行率": "rate", "得分": "score"}
_SECTION_ENDS = ("年度总体目标", "预期目标", "绩效指标", "一级指标")


def read_form(grid: Grid, problems: Problems, source: str) -> Row | None:
    """The project of one form, or None when the grid is not a form. Problems name cells."""
    from generator.spreadsheet.form_table import read_indicators

    named = grid.find(lambda t: t == "项目名称")
    if named is None or not is_form(grid):
        return None
    reader = Reader(grid, problems)
    row = Row(problems.file, grid.sheet, named[0] + 1, source=source)
    before = len(problems.items)
    row.values["method"] = METHOD
    _identity(reader, row, named)
    _funds(reader, row)
    _goals(reader, row)
    read_indicators(reader, row)
    row.bad = any(p.is_error for p in problems.items[before:])
    return row


def _labelled(reader: Reader, row: Row, label: str, key: str, rows: range) -> None:
    grid = reader.grid
    found = grid.find(lambda t: t == label, rows)
    if found is None:
        return
    column = grid.right_of(*found)
    row.cells[key] = grid.where(found[0], column if column is not None else found[1])
    if column is None or grid.text(found[0], column) in ("项目名称", "主管部门", "实施单位"):
        return
    value = reader.value(found[0], column, label, parse_text)
    if value:
        row.values[key] = value


def _identity(reader: Reader, row: Row, named: tuple[int, int]) -> None:
    """项目名称, 主管部门, 实施单位, and the year from the title “（2022年度）”."""
    grid = reader.grid
    head = range(named[0], named[0] + 4)
    _labelled(reader, row, "项目名称", "name", head)
    _labelled(reader, row, "主管部门", "authority", head)
    _labelled(reader, row, "实施单位", "department", head)
    texts = [*grid.preamble] + [str(grid.cell(r, c).value) for r in range(named[0])
                                for c in grid.row_cells(r) if grid.origin(r, c)[0] == r]
    years = [int(m.group(1)) for t in texts if "年" in t and (m := _YEAR.search(squash(t)))]
    if years:
        row.values["year"] = years[0]
    else:
        reader.error("import-form-year", "找不到年度：自评表标题下应写“（2022年度）”这样的"
                     "预算年度", 0, 0)
    if "name" not in row.values:
        reader.error("import-missing-value", "项目名称不能为空：请填写", *named)
    for key, other in (("department", "authority"), ("authority", "department")):
        if key not in row.values and other in row.values:
            row.values[key] = row.values[other]
            row.cells[key] = row.cells[other]
    if "authority" not in row.values:
        reader.error("import-missing-value", "主管部门和实施单位都没有填写：请至少填写一个",
                     *named)


def _funds(reader: Reader, row: Row) -> None:
    """项目资金: the 年度资金总额 row gives budget, spent, funding.initial and the 预算执行
    indicator (分值, 执行率, 得分); every other row with an amount is a funding source."""
    grid = reader.grid
    block = grid.find(lambda t: t.startswith("项目资金"))
    if block is None:
        reader.error("import-form-layout", "找不到“项目资金”一栏（年初预算数、全年预算数、"
                     "全年执行数……）：请按自评表的格式填写", 0, 0)
        return
    label = grid.text(*block)
    unit = "万元" if "万元" in label else "元" if "元" in label else "万元"
    header = grid.find(lambda t: t == "全年预算数", range(block[0], block[0] + 3))
    if header is None:
        reader.error("import-form-layout", "项目资金一栏缺少“全年预算数”列", *block)
        return
    columns: dict[str, int] = {}
    for c in grid.row_cells(header[0]):
        key = MONEY_HEADERS.get(grid.text(header[0], c))
        if key and key not in columns:
            columns[key] = grid.origin(header[0], c)[1]
    first = min(columns.values())
    funding: dict[str, Any] = {}
    total_seen = False
    for r in range(header[0] + 1, min(grid.height, header[0] + 40)):
        labels = [c for c in grid.row_cells(r, 0, first) if grid.origin(r, c) != block
                  and grid.origin(r, c)[0] == r and grid.text(r, c)]
        if any(grid.text(r, c).startswith(_SECTION_ENDS) for c in labels):
            break
        name = "".join(parse_text(Cell(grid.cell(r, c).value, "", "")) for c in labels)
        name = re.sub(r"^其中\s*[:：]?\s*", "", unicodedata.normalize("NFKC", name)).strip()
        amounts = {key: reader.value(r, columns.get(key), key_name, _money(unit))
                   for key, key_name in (("initial", "年初预算数"), ("budget", "全年预算数"),
                                         ("spent", "全年执行数"))}
        if not total_seen:
            total_seen = True
            _total_funds(reader, row, r, columns, amounts, funding)
            continue
        if not name or all(v is None for v in amounts.values()):
            continue
        source = {"name": name, **{k: v for k, v in amounts.items() if v is not None}}
        funding.setdefault("sources", []).append(source)
    if funding:
        row.values["funding"] = funding


def _total_funds(reader: Reader, row: Row, r: int, columns: dict[str, int],
                 amounts: dict[str, Decimal | None], funding: dict[str, Any]) -> None:
    budget_column = columns.get("budget", 0)
    grid = reader.grid
    row.cells["budget"] = grid.where(r, budget_column)
    row.cells["funding"] = grid.where(r, min(columns.values()))
    if "spent" in columns:
        row.cells["spent"] = grid.where(r, columns["spent"])
    if amounts["budget"] is not None:
        row.values["budget"] = amounts["budget"]
    elif not reader.grid.cell(r, budget_column).formula:
        reader.error("import-missing-value", "年度资金总额的全年预算数不能为空：请填写",
                     r, budget_column)
    if amounts["spent"] is not None:
        row.values["spent"] = amounts["spent"]
    if amounts["initial"] is not None:
        funding["initial"] = amounts["initial"]
    weight = reader.value(r, columns.get("weight"), "预算执行的分值", number)
    if weight is None:
        return
    node: dict[str, Any] = {"name": "预算执行率", "weight": weight}
    score = reader.value(r, columns.get("score"), "预算执行的得分", number)
    if score is not None:
        node["score"] = score
    node.update({"actual": "budget_execution", "unit": "%"})
    cells = {"name": reader.at(r, columns["weight"]), "weight": reader.at(r, columns["weight"])}
    for key, column in (("score", "score"), ("actual", "rate")):
        if column in columns:
            cells[key] = reader.at(r, columns[column])
    row.node_cells[id(node)] = cells
    row.values.setdefault("indicators", []).append(node)
    rate = reader.value(r, columns.get("rate"), "执行率", _rate)
    if rate is not None:
        row.rate = (rate, reader.grid.where(r, columns["rate"]))


def _goals(reader: Reader, row: Row) -> None:
    """年度总体目标: the texts under 预期目标 and under 实际完成情况, down to the 绩效指标 table."""
    grid = reader.grid
    planned = grid.find(lambda t: t == "预期目标")
    achieved = grid.find(lambda t: t == "实际完成情况")
    if planned is None or achieved is None:
        return
    end = grid.find(lambda t: t in ("绩效指标", "一级指标"), range(planned[0] + 1, grid.height))
    stop = end[0] if end is not None else planned[0] + 2
    goals: dict[str, list[str]] = {}
    for key, (top, left), right in (("planned", planned, achieved[1]),
                                    ("achieved", achieved, None)):
        for r in range(top + 1, stop):
            for c in grid.row_cells(r, left, right):
                if grid.origin(r, c)[0] != r:
                    continue
                items = reader.value(r, c, "年度总体目标", parse_list)
                if items:
                    goals.setdefault(key, []).extend(items)
                    row.cells.setdefault("goals", grid.where(r, c))
    if goals:
        row.values["goals"] = goals
