"""自评表 in Excel 97–2003 workbooks (``.xls``, BIFF8), as many counties still save them.

Read with xlrd 2.0.2 (pure Python, so it installs wherever Python does, 信创 desks on
LoongArch or ARM included, where python-calamine has no wheel; ``formatting_info`` gives the
merged ranges and each number's format, which the parser needs for merged labels and for the
decimals a cell shows). A formula cell holds the value Excel saved with it, which is what
xlrd returns. Only the first :data:`~.grid.MAX_FORM_ROWS` rows and
:data:`~.grid.MAX_FORM_COLUMNS` columns become the grid; :mod:`..guard` has bounded the
file's size (:data:`~..guard.MAX_XLS_BYTES`) before xlrd reads it whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from generator.core.problems import Problems
from generator.intake.form.grid import MAX_FORM_COLUMNS, MAX_FORM_ROWS, Grid, GridCell
from generator.intake.form.read import is_form, stacked_forms
from generator.intake.form.whole import whole_forms
from generator.intake.workbook_reader import Row


def _value(sheet: Any, r: int, c: int) -> Any:
    import xlrd

    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#错误")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return int(cell.value)
    return cell.value


def _format(book: Any, sheet: Any, r: int, c: int) -> str:
    xf = book.xf_list[sheet.cell_xf_index(r, c)]
    found = book.format_map.get(xf.format_key)
    return found.format_str if found is not None and found.format_str else "General"


def _grid(book: Any, sheet: Any) -> Grid:
    height, width = min(sheet.nrows, MAX_FORM_ROWS), min(sheet.ncols, MAX_FORM_COLUMNS)
    rows = [[GridCell(_value(sheet, r, c), _format(book, sheet, r, c)) for c in range(width)]
            for r in range(height)]
    for low_row, high_row, low_col, high_col in sheet.merged_cells:
        origin = (low_row, low_col)
        for r in range(low_row, min(high_row, height)):
            for c in range(low_col, min(high_col, width)):
                if (r, c) != origin:
                    rows[r][c] = GridCell(origin=origin)
    return Grid(sheet.name, rows, lambda r, c: f"{get_column_letter(c + 1)}{r + 1}")


def read_xls_forms(path: Path, problems: Problems, notes: list[str]) -> list[Row]:
    """Every 自评表 of every sheet (several may be stacked on one)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=path.read_bytes(), formatting_info=True,
                                  on_demand=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged or encrypted file
        if "encrypt" in str(exc).lower():
            problems.error("import-encrypted", "文件已加密（设有打开密码），无法读取：请在 Excel "
                           "或 WPS 中打开后“另存为”一份不加密的副本再导入")
        else:
            problems.error("import-unreadable", f"无法作为 Excel 97–2003 工作簿读取"
                           f"（{type(exc).__name__}）：请在 Excel/WPS 中“另存为” Excel 工作簿"
                           "（*.xlsx）后再导入")
        return []
    rows: list[Row] = []
    others = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            grid = _grid(book, sheet)
            wholes = whole_forms(grid, problems, f"「{path.name}」工作表「{sheet.name}」")
            if wholes is not None:  # a 部门整体 evaluation: kind 部门整体
                rows += wholes
                continue
            if not is_form(grid):
                others.append(sheet.name)
                continue
            rows += stacked_forms(grid, problems, f"「{path.name}」工作表「{sheet.name}」")
            book.unload_sheet(index)
    finally:
        book.release_resources()
    notes.extend(f"跳过工作表「{title}」：不是项目支出绩效自评表（没有 项目名称、一级指标 等栏目）"
                 for title in others)
    if not rows and not problems.errors:
        problems.error("import-no-rows", "这个 Excel 97–2003 工作簿里没有项目支出绩效自评表：只有"
                       "自评表可从 .xls 导入；其他表格请“另存为” .xlsx 后再导入")
    return rows
