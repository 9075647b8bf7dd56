"""A 自评表 workbook: each sheet one or several 项目支出绩效自评表 (see :mod:`.read`).

The workbook is streamed (openpyxl ``read_only``) and only the first
:data:`~.form_grid.MAX_FORM_ROWS` rows of a sheet are read, so a hostile sheet costs no
more than a real form. Read-only mode does not give merged cells, so they are taken from
the sheet's own XML part (``<mergeCell ref="A5:B9"/>``), scanned in 1 MB pieces like
:mod:`.guard` has already bounded the part's size and parsed it whole.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from generator.core.problems import Problems
from generator.intake.cells import blank
from generator.intake.form.grid import MAX_FORM_COLUMNS, MAX_FORM_ROWS, Grid, GridCell
from generator.intake.form.read import is_form, scoreless, stacked_forms
from generator.intake.form.whole import whole_forms
from generator.intake.guard import MB, _sheet_titles
from generator.intake.workbook_reader import Row, open_workbook

MAX_MERGES = 5_000  # per sheet; a form has a few dozen
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}\d{1,7}"
                    rb"(?::[A-Z]{1,3}\d{1,7})?)\"")


def merges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet part as (min_col, min_row, max_col, max_row), 1-based,
    those inside the form's bounds only."""
    found: set[bytes] = set()
    carry = b""
    try:
        with archive.open(part) as member:
            while piece := member.read(MB):
                data = carry + piece
                found.update(m.group(1) for m in _MERGE.finditer(data))
                carry = data[-200:]
                if len(found) > MAX_MERGES:
                    break
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError):
        return []  # a damaged part: openpyxl will say so
    result = []
    for ref in sorted(found):
        bounds = range_boundaries(ref.decode("ascii"))
        if bounds[0] is None or bounds[1] is None:
            continue
        low_col, low_row, high_col, high_row = (int(b or 0) for b in bounds)
        if low_row <= MAX_FORM_ROWS and low_col <= MAX_FORM_COLUMNS:
            result.append((low_col, low_row, high_col, high_row))
    return result


def _more(sheet: Any) -> bool:
    """Whether the sheet has text below the rows a form may have (guard.py has bounded the
    rows there are)."""
    return any(not blank(v) for values in sheet.iter_rows(
        min_row=MAX_FORM_ROWS + 1, max_col=MAX_FORM_COLUMNS, values_only=True) for v in values)


def _grid(sheet: Any, saved: Any, spans: list[tuple[int, int, int, int]]) -> Grid:
    """The sheet's first :data:`MAX_FORM_ROWS` rows as a grid, merges resolved. A formula
    cell shows the value Excel or WPS saved with it (``saved``: the same sheet opened with
    ``data_only``); only a formula saved without a value stays a formula."""
    rows: list[list[GridCell]] = []
    for cells, values in zip(sheet.iter_rows(max_row=MAX_FORM_ROWS, max_col=MAX_FORM_COLUMNS),
                             saved.iter_rows(max_row=MAX_FORM_ROWS, max_col=MAX_FORM_COLUMNS),
                             strict=False):
        line = []
        for c, v in zip(cells, [*values, *([None] * len(cells))], strict=False):
            formula = getattr(c, "data_type", "") == "f"
            value = getattr(v, "value", None) if formula else c.value
            line.append(GridCell(c.value if formula and value is None else value,
                                 getattr(c, "number_format", None) or "General", None,
                                 formula and value is None))
        rows.append(line)
    width = max((len(r) for r in rows), default=0)
    for *_, high_col, _ in spans:
        width = max(width, min(high_col, MAX_FORM_COLUMNS))
    for row in rows:
        row.extend(GridCell() for _ in range(width - len(row)))
    for low_col, low_row, high_col, high_row in spans:
        origin = (low_row - 1, low_col - 1)
        for r in range(low_row - 1, min(high_row, len(rows))):
            for c in range(low_col - 1, min(high_col, width)):
                if (r, c) != origin:
                    rows[r][c] = GridCell(origin=origin)
    return Grid(sheet.title, rows, lambda r, c: f"{get_column_letter(c + 1)}{r + 1}")


def _own_sheet(sheet: Any) -> bool:
    """A sheet of the site's own full workbook (data/results.xlsx, a year's results.xlsx):
    one of its titles with its first header (项目编号; 设置 on 网站设置). Never a form, so
    not read as one: looking took a quarter of importing such a workbook (500 synthetic
    projects: 11.5 of 44 s under cProfile, two grids of 2,000 rows a sheet)."""
    from generator.intake.full_workbook import INDICATOR_SHEET, ITEMS_SHEET, PROJECT_SHEET
    from generator.intake.self_eval_sheets import (
        FUNDING_SHEET,
        GOALS_SHEET,
        RECTIFICATION_SHEET,
    )
    from generator.intake.site_sheet import SETTINGS_SHEET
    from generator.intake.whole_sheets import STAFF_SHEET, TASKS_SHEET

    own = {PROJECT_SHEET, INDICATOR_SHEET, ITEMS_SHEET, GOALS_SHEET, FUNDING_SHEET,
           RECTIFICATION_SHEET, TASKS_SHEET, STAFF_SHEET}
    if sheet.title not in own | {SETTINGS_SHEET}:
        return False
    first = next(sheet.iter_rows(max_row=1, max_col=1, values_only=True), (None,))
    return bool(first) and first[0] == ("设置" if sheet.title == SETTINGS_SHEET else "项目编号")


def read_forms(path: Path, problems: Problems, notes: list[str]) -> list[Row] | None:
    """One row per 自评表 sheet; None when no sheet is a 自评表 (another kind of workbook)."""
    try:
        workbook = open_workbook(path)
        values = open_workbook(path, data_only=True)
    except Exception:  # not a workbook openpyxl can read: read_rows says so
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {title: part for part, title in _sheet_titles(archive).items()}
            rows: list[Row] = []
            others: list[str] = []
            found = False
            for sheet in workbook.worksheets:
                if _own_sheet(sheet):
                    others.append(sheet.title)
                    continue
                part = parts.get(sheet.title)
                spans = merges(archive, part) if part else []
                grid = _grid(sheet, values[sheet.title], spans)
                wholes = whole_forms(grid, problems, f"「{path.name}」工作表「{sheet.title}」")
                if wholes is not None:  # a 部门整体 evaluation: kind 部门整体
                    found = True
                    rows += wholes
                    continue
                if not is_form(grid):
                    if scoreless(grid, problems):
                        found = True
                        continue
                    others.append(sheet.title)
                    continue
                found = True
                if _more(sheet):
                    problems.at_cell("import-too-many-rows", "error", f"自评表超过 "
                                     f"{MAX_FORM_ROWS} 行：请把自评表分放到几张工作表中",
                                     sheet.title)
                    continue
                rows += stacked_forms(grid, problems, f"「{path.name}」工作表「{sheet.title}」")
    finally:
        workbook.close()
        values.close()
    if not found:
        return None
    notes.extend(f"跳过工作表「{title}」：不是项目支出绩效自评表（没有 项目名称、一级指标 等栏目）"
                 for title in others)
    return rows
