"""Reading a workbook: find each sheet's header row, map its columns, parse every row.

Problems go to a :class:`~generator.core.problems.Problems` with the sheet and cell
(``信息表!E3``) or, for a whole row, ``信息表!第3行``; sheets without the disclosure's headers
are skipped with a note.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.problems import Problems, Where
from generator.intake.cells import Cell, Invalid, blank, parse_rate
from generator.intake.columns import (
    BY_KEY,
    GRADE_FALLBACK,
    HEADERS,
    RATE_HEADER,
    REQUIRED,
    Column,
    money_unit,
    normalize_header,
    title_unit,
)
from generator.intake.guard import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def get_column_letter(index: int) -> str:
    """openpyxl's, imported when first used: importing openpyxl takes 0.15–0.3 s, which
    every build paid for the export's sheet layouts kept here (issue 45)."""
    from openpyxl.utils import get_column_letter as letter

    return letter(index)

HEADER_SCAN_ROWS = 20


def row_cell(number: int) -> str:
    """The “cell” of a whole row: ``第3行``."""
    return f"第{number}行"


@dataclass
class Row:
    """One project row: its values by key and the cell each came from."""

    file: str
    sheet: str
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    rate: tuple[Decimal, str] | None = None
    bad: bool = False  # a cell could not be read: no file is planned for this row
    source: str | None = None  # how the file's comment names it, e.g. 「x.docx」的表 3
    # indicators, goals, funding and its sources read from their sheets:
    # id(node dict) -> {key: "指标!G17"} (key "" for the block as a whole)
    node_cells: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def where(self) -> Where:
        return Where(self.file, sheet=self.sheet, cell=row_cell(self.number))

    def at(self, key: str | None) -> Where:
        if key and "!" in key:  # a cell of another sheet (指标!G17)
            sheet, cell = key.split("!", 1)
            return Where(self.file, sheet=sheet, cell=cell)
        if key and key in self.cells:
            return Where(self.file, sheet=self.sheet, cell=self.cells[key])
        return self.where


def _header_row(sheet: Worksheet) -> tuple[int, dict[int, str]] | None:
    """The first row naming 项目名称 and another known column: (row, {column: header})."""
    rows = sheet.iter_rows(max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True)
    for number, row in enumerate(rows, 1):
        names = {i: normalize_header(v) for i, v in enumerate(row, 1) if not blank(v)}
        keys = {HEADERS[n].key for n in names.values() if n in HEADERS}
        if "name" in keys and keys & {"year", "budget", "score", "department"}:
            return number, names
    return None


def required(seen: dict[str, int] | dict[str, Any], title_year: int | None) -> list[Column]:
    """The columns a sheet must have. A 重点评价 notice lists 项目名称, 主管部门, 资金量 and
    评价等级 (or 评价结果) only: that grade stands for the score (a result published with a
    grade only), the title's year for 预算年度, 主管部门 for 项目单位. A disclosure's own
    评价结论 column never spares 评价分值: the 信息表 always prints both. A column the sheet
    has stays required in every row."""
    spared = {"score"} if "grade" in seen and "conclusion" not in seen else set()
    if title_year is not None:
        spared |= {"year"}
    if "authority" in seen:
        spared |= {"department"}
    return [c for c in REQUIRED if c.key not in spared or c.key in seen]


def title_year(sheet: Worksheet, header: int) -> int | None:
    """The year in a title above the header (“2023年度重点绩效评价结果”), if any."""
    for row in sheet.iter_rows(max_row=header - 1, max_col=MAX_COLUMNS, values_only=True):
        for value in row:
            match = _TITLE_YEAR.search(str(value or ""))
            if match:
                return int(match.group(1))
    return None


TOTALS = ("合计", "总计", "小计")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _columns(sheet: Worksheet, header: int, names: dict[int, str], problems: Problems,
             title_year: int | None = None) -> tuple[dict[int, Column], int | None]:
    """Map sheet columns to the table; report duplicates, missing and unknown headers."""
    mapped: dict[int, Column] = {}
    seen: dict[str, int] = {}
    rate_column = None
    fallback = None
    for index, name in sorted(names.items()):
        cell = f"{get_column_letter(index)}{header}"
        column = HEADERS.get(name)
        if column is None:
            if name == normalize_header(RATE_HEADER):
                rate_column = index
            elif name == GRADE_FALLBACK:
                fallback = index
            else:
                problems.at_cell("import-unknown-column", "warning",
                                 f"不认识的列「{name}」，不会导入", sheet.title, cell)
            continue
        if column.key in seen:
            first = get_column_letter(seen[column.key])
            problems.at_cell("import-duplicate-column", "error",
                             f"列「{name}」与 {first} 列重复：请删除其中一列", sheet.title, cell)
            continue
        seen[column.key] = index
        if name == normalize_header(column.header) == "评价结论":
            seen["conclusion"] = index
        mapped[index] = column
    if fallback is not None and "grade" not in seen:
        mapped[fallback] = BY_KEY["grade"]
        seen["grade"] = fallback
    missing = [c.title for c in required(seen, title_year) if c.key not in seen]
    if missing:
        problems.at_cell("import-missing-column", "error",
                         f"缺少必填的列：{'、'.join(missing)}（列名须写在表头行，可参考模板 "
                         "data/template.xlsx）", sheet.title, row_cell(header))
    return mapped, rate_column


def open_workbook(path: Path, data_only: bool = False) -> Any:
    """The workbook, streamed, whatever the file's name: openpyxl refuses a path ending in
    “.xls” even when the bytes are an .xlsx (as Excel saves one renamed), but not a file
    object. :mod:`.guard` has bounded the file's size, so it may be read whole."""
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=data_only)


@cache
def _array_formula() -> type:
    from openpyxl.worksheet.formula import ArrayFormula

    return ArrayFormula


def _is_formula(value: Any, data_type: str) -> bool:
    """A formula cell (text that merely starts with “=” is text)."""
    return data_type == "f" or isinstance(value, _array_formula())


def read_rows(path: Path, problems: Problems, notes: list[str]) -> list[Row]:
    """Every non-empty project row of every sheet that has the disclosure's headers.

    The workbook is streamed (``read_only``): a sheet is refused when its declared size or
    the rows actually read pass :data:`~.guard.MAX_ROWS`, before the rest is read."""
    try:
        workbook = open_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        problems.error("import-unreadable", f"无法作为 .xlsx 读取（{type(exc).__name__}）："
                       "请在 Excel/WPS 中“另存为” Excel 工作簿（*.xlsx）后再导入")
        return []
    try:
        return _read_sheets(workbook, problems, notes)
    except Exception as exc:  # a damaged part found while streaming
        problems.error("import-unreadable", f"无法作为 .xlsx 读取（{type(exc).__name__}）："
                       "请在 Excel/WPS 中“另存为” Excel 工作簿（*.xlsx）后再导入")
        return []
    finally:
        workbook.close()


def too_many_rows(problems: Problems, sheet: str, rows: int | str) -> None:
    problems.at_cell("import-too-many-rows", "error",
                     f"工作表有 {rows} 行，超过上限 {MAX_ROWS} 行：请删除多余的行"
                     "（或把数据分成几个文件）后再导入", sheet)


def _read_sheets(workbook: Any, problems: Problems, notes: list[str]) -> list[Row]:
    rows: list[Row] = []
    found = False
    for sheet in workbook.worksheets:
        declared = sheet.max_row or 0
        if declared > MAX_ROWS:
            too_many_rows(problems, sheet.title, declared)
            continue
        sheet.reset_dimensions()  # read every row there is; the count is capped while reading
        located = _header_row(sheet)
        if located is None:
            notes.append(f"跳过工作表「{sheet.title}」：没有 项目名称、预算年度 等列名")
            continue
        found = True
        header, names = located
        before = len(problems.errors)
        year = title_year(sheet, header)
        mapped, rate_column = _columns(sheet, header, names, problems, year)
        keys: dict[str, int] = {c.key: i for i, c in mapped.items()}
        if any(normalize_header(names[i]) == "评价结论" for i in mapped if i in names):
            keys["conclusion"] = 0
        needed = required(keys, year)
        raw = next(sheet.iter_rows(min_row=header, max_row=header, max_col=MAX_COLUMNS,
                                   values_only=True), ())
        above = next((title_unit(v) for r in sheet.iter_rows(max_row=header - 1,
                                                               max_col=MAX_COLUMNS,
                                                               values_only=True)
                      for v in r if title_unit(v)), 0)
        units = {i: money_unit(raw[i - 1]) if i <= len(raw) and money_unit(raw[i - 1])
                 else above for i, c in mapped.items() if c.key in ("budget", "spent")}
        units = {i: power for i, power in units.items() if power}
        for i, power in units.items():
            notes.append(f"工作表「{sheet.title}」的{mapped[i].header}列以"
                         f"{'亿元' if power > 0 else '元'}为单位，按万元精确换算后导入")
        if len(problems.errors) > before:
            continue
        last = max([*mapped, rate_column or 0])
        for number, cells in enumerate(sheet.iter_rows(min_row=header + 1, max_col=last),
                                       header + 1):
            if number > MAX_ROWS:
                too_many_rows(problems, sheet.title, f"超过 {MAX_ROWS}")
                return []
            row = _read_row(problems, sheet.title, number, cells, mapped, rate_column, year,
                            needed)
            for i, power in units.items():
                key = mapped[i].key
                if row is not None and key in row.values:
                    # × 10000 or × 0.0001: exact, and 0.40 亿元 stays written as 4000.00
                    row.values[key] *= Decimal(10 ** power) if power > 0 else \
                        Decimal(1).scaleb(power)
            if row is not None:
                rows.append(row)
    if not found and not problems.has_errors():
        problems.at_cell("import-no-header", "error", "找不到表头：表头行应包含 "
                         f"{'、'.join(c.title for c in REQUIRED)} 等列名（可参考模板 "
                         "data/template.xlsx）", workbook.worksheets[0].title, row_cell(1))
    return rows


def cell_text_too_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > MAX_CELL_CHARS


def _read_row(problems: Problems, sheet: str, number: int, cells: tuple[Any, ...],
              mapped: dict[int, Column], rate_column: int | None,
              year: int | None = None, needed: list[Column] | None = None) -> Row | None:
    if all(blank(c.value) for c in cells):
        return None
    name = next((i for i, c in mapped.items() if c.key == "name"), None)
    if (name is None or name > len(cells) or blank(cells[name - 1].value)) and any(
            normalize_header(c.value) in TOTALS for c in cells if isinstance(c.value, str)):
        return None  # a 合计 / 总计 row: the sum of the rows above, no project
    row = Row(problems.file, sheet, number)
    before = len(problems)
    for index, column in mapped.items():
        if index > len(cells):
            continue
        cell = cells[index - 1]
        coordinate = f"{get_column_letter(index)}{number}"
        row.cells[column.key] = coordinate
        if blank(cell.value):
            continue
        if cell_text_too_long(cell.value):
            problems.at_cell("import-cell-too-long", "error",
                             f"{column.header}有 {len(cell.value)} 个字，超过单元格上限 "
                             f"{MAX_CELL_CHARS}：请删减后再导入", sheet, coordinate)
            continue
        if _is_formula(cell.value, cell.data_type):
            problems.at_cell("import-formula", "error",
                             f"{column.header}是公式「{cell.value}」：请先把公式转换为"
                             "数值（复制后“选择性粘贴 → 数值”）再导入", sheet, coordinate)
            continue
        try:
            value = column.parse(Cell(cell.value, cell.number_format, coordinate))
        except Invalid as exc:
            problems.at_cell(exc.code, "error", f"{column.header}{exc.message}", sheet,
                             coordinate)
            continue
        if value not in ("", []):
            row.values[column.key] = value
    reported = {p.where for p in problems.items[before:]}
    if year is not None and "year" not in row.cells:
        row.values["year"] = year
    if "department" not in row.cells and "authority" in row.values:
        row.values["department"] = row.values["authority"]
        row.cells["department"] = row.cells["authority"]
    for column in REQUIRED if needed is None else needed:
        if column.key not in row.values and column.key in row.cells and \
                row.at(column.key) not in reported:
            problems.at_cell("import-missing-value", "error", f"{column.header}不能为空：请填写",
                             sheet, row.cells[column.key])
    if rate_column is not None and rate_column <= len(cells):
        cell = cells[rate_column - 1]
        coordinate = f"{get_column_letter(rate_column)}{number}"
        if not blank(cell.value) and not _is_formula(cell.value, cell.data_type) and \
                not cell_text_too_long(cell.value):
            try:
                row.rate = (parse_rate(Cell(cell.value, cell.number_format, coordinate)),
                            coordinate)
            except Invalid as exc:
                problems.at_cell(exc.code, "warning",
                                 f"{RATE_HEADER}{exc.message}（此列不导入，由金额计算）",
                                 sheet, coordinate)
    row.bad = any(p.is_error for p in problems.items[before:])
    return row
