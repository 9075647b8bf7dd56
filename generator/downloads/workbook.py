"""Workbooks (XLSX) for the downloads: numbers as numbers with the site's decimals, bold
frozen headers, widths from the content, and the same bytes for the same content."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from generator.build.reproducible import FixedTimeZip
from generator.core.fmt import money, number, round2
from generator.core.model import Project
from generator.downloads.fast_sheet import BOLD, MIDDLE, TOP_WRAP, add_fast_sheet, fast_row
from generator.downloads.fields import FIELDS_BY_KEY, TABLE_FIELDS, FieldSpec, csv_value
from generator.spreadsheet.template import TEMPLATE_SHEET, template_notes, template_rows

RESULTS_SHEET = "评价结果"
FULL_EXTRA_FIELDS = ("order", "series", "report_date", "summary")  # JSON-only fields, in 项目


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _number_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def xlsx_value(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    """A cell value (numbers as numbers) and its number format, showing the site's digits."""
    if raw is None or raw == []:
        return None, None
    if spec.kind == "money":
        return raw, _number_format(_decimals(money(raw)))
    if spec.kind == "two":
        return round2(raw), "0.00"
    if spec.kind == "number":
        return raw, _number_format(_decimals(number(raw)))
    if spec.kind == "int":
        return int(raw), "0"
    return csv_value(spec, raw), None


MIN_WIDTH, MAX_WIDTH = 6, 60


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Columns a text takes in Excel (CJK counts double); beyond the cap only “too wide”."""
    if len(text) > MAX_WIDTH:
        return len(text)  # already wider than any column gets: it wraps
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


Row = list[tuple[Any, str | None]]  # (value, number format) per cell


def _widths(headers: list[str], rows: list[Row]) -> tuple[list[int], set[int]]:
    """Column widths from the content, and the columns whose long texts must wrap."""
    widths = [display_width(h) for h in headers]
    wrap: set[int] = set()
    for row in rows:
        for index, (value, _) in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                longest = max(map(display_width, value.split("\n")))
                if longest > MAX_WIDTH or "\n" in value:
                    wrap.add(index)
            else:
                longest = len(f"{value:f}" if isinstance(value, Decimal) else str(value))
            if longest > widths[index]:
                widths[index] = longest
    return widths, wrap


def _add_sheet(workbook: Workbook, title: str, headers: list[str], rows: list[Row]) -> None:
    """A write-only sheet: bold frozen header, a filter, widths from the content, long texts
    wrapped, numbers with the site's decimals."""
    widths, wrap = _widths(headers, rows)
    sheet = add_fast_sheet(workbook, title)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = \
            min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    extent = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    # openpyxl writes <dimension> only for a sheet that can calculate it; a write-only sheet
    # cannot, and without it a streaming reader (openpyxl's read_only, as ``import`` uses)
    # parses the whole sheet once just to learn its size
    sheet.calculate_dimension = lambda: extent
    if rows:
        sheet.auto_filter.ref = extent

    def header(text: str) -> Cell:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.alignment = BOLD, MIDDLE
        return cell

    def body(index: int, value: Any, fmt: str | None) -> Any:
        text_like_formula = isinstance(value, str) and value.startswith("=")
        if value is None or (fmt is None and index not in wrap and not text_like_formula):
            return value
        cell = WriteOnlyCell(sheet, value)
        if text_like_formula:
            cell.data_type = "s"  # text such as “=…” stays text, never a formula
        if fmt:
            cell.number_format = fmt
        if index in wrap:
            cell.alignment = TOP_WRAP
        return cell

    sheet.append(fast_row(sheet, [(h, None, False) for h in headers], bold=True) or
                 [header(h) for h in headers])
    for row in rows:
        sheet.append(fast_row(sheet, [(value, fmt, i in wrap)
                                      for i, (value, fmt) in enumerate(row)]) or
                     [body(i, value, fmt) for i, (value, fmt) in enumerate(row)])


def workbook_bytes(workbook: Workbook, when: datetime) -> bytes:
    """Save with fixed document times and zip entry times: same content, same bytes.

    ``openpyxl.save`` stamps ``modified`` with the current time and ``ZipFile.writestr``
    stamps each entry with the local time, so both are replaced here (in one pass: the
    zip's entries are written with the fixed time as openpyxl adds them).
    """
    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.creator = "generator"
    out = io.BytesIO()
    ExcelWriter(workbook, FixedTimeZip(out, when)).save()
    return out.getvalue()


def _new_workbook() -> Workbook:
    return Workbook(write_only=True)


def results_row(project: Project) -> Row:
    return [xlsx_value(f, f.get(project)) for f in TABLE_FIELDS]


def results_workbook(rows: list[Row], when: datetime) -> bytes:
    workbook = _new_workbook()
    _add_sheet(workbook, RESULTS_SHEET, [f.header for f in TABLE_FIELDS], rows)
    return workbook_bytes(workbook, when)


def results_xlsx(projects: Iterable[Project], when: datetime) -> bytes:
    """The results sheet: one row per project, the columns of :data:`TABLE_FIELDS`.

    The indicators (tens of rows per project) are in data/indicators.csv: as a sheet they
    took most of the build time of the downloads and made the workbook slow to open."""
    return results_workbook([results_row(p) for p in projects], when)


def _raw_cell(raw: Any) -> tuple[Any, str | None]:
    """A raw value of the 指标 / 预算明细 sheets: numbers as numbers with their decimals as
    written (so they read back to the same digits), text as text."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, Decimal):
        return raw, _number_format(_decimals(number(raw)))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw, "0"
    return str(raw), None


def full_results_workbook(projects: list[Project], rows: list[Row], when: datetime) -> bytes:
    """data/results.xlsx, the full record that ``import`` reads back: 项目 (every column of
    the results and the project's other fields), 指标 (one row per indicator node),
    预算明细 (one row per budget item) and the 自评表 parts: 目标, 资金来源 and 整改 (see
    :mod:`generator.spreadsheet.self_eval_sheets`)."""
    from generator.spreadsheet.full_workbook import (
        INDICATOR_HEADERS,
        INDICATOR_SHEET,
        ITEM_HEADERS,
        ITEMS_SHEET,
        PROJECT_SHEET,
        indicator_rows,
        item_rows,
    )

    workbook = _new_workbook()
    extra = [FIELDS_BY_KEY[k] for k in FULL_EXTRA_FIELDS]
    _add_sheet(workbook, PROJECT_SHEET, [f.header for f in TABLE_FIELDS + extra],
               [row + [xlsx_value(f, f.get(p)) for f in extra]
                for row, p in zip(rows, projects, strict=True)])
    _add_sheet(workbook, INDICATOR_SHEET, INDICATOR_HEADERS,
               [[_raw_cell(v) for v in r] for p in projects for r in indicator_rows(p)])
    items = _money_cells([[_raw_cell(v) for v in r] for p in projects for r in item_rows(p)],
                         (2, 3))
    _add_sheet(workbook, ITEMS_SHEET, ITEM_HEADERS, items)
    _add_self_evaluation(workbook, projects)
    return workbook_bytes(workbook, when)


def _money_cells(rows: list[Row], columns: tuple[int, ...]) -> list[Row]:
    """Amounts as the site shows them (at least two decimals), so they read back the same."""
    for row in rows:
        for index in columns:
            if row[index][0] is not None:
                row[index] = (row[index][0], _number_format(_decimals(money(row[index][0]))))
    return rows


def _add_self_evaluation(workbook: Workbook, projects: list[Project]) -> None:
    from generator.spreadsheet import self_eval_sheets as sheets

    _add_sheet(workbook, sheets.GOALS_SHEET, sheets.GOALS_HEADERS,
               [[_raw_cell(v) for v in r] for p in projects for r in sheets.goal_rows(p)])
    _add_sheet(workbook, sheets.FUNDING_SHEET, sheets.FUNDING_HEADERS, _money_cells(
        [[_raw_cell(v) for v in r] for p in projects for r in sheets.funding_rows(p)],
        (2, 3, 4)))
    _add_sheet(workbook, sheets.RECTIFICATION_SHEET, sheets.RECTIFICATION_HEADERS,
               [[_raw_cell(v) for v in r] for p in projects
                for r in sheets.rectification_rows(p)])


def template_xlsx(when: datetime) -> bytes:
    """The import template: the disclosure's columns, one example row, and a notes sheet."""
    workbook = _new_workbook()
    headers, example = template_rows()
    _add_sheet(workbook, TEMPLATE_SHEET, headers,
               [[(value, _example_format(value)) for value in example]])
    notes: list[Row] = [[(title, None), (need, None), (note, None)]
             for title, need, note in template_notes()]
    notes.append([(None, None)] * 3)
    notes.append([(f"把每个项目填为“{TEMPLATE_SHEET}”中的一行（可删除示例行），然后运行："
                   "python -m generator import 文件.xlsx", None), (None, None), (None, None)])
    _add_sheet(workbook, "说明", ["列名", "是否必填", "说明"], notes)
    return workbook_bytes(workbook, when)


def _example_format(value: Any) -> str | None:
    if isinstance(value, Decimal):
        return _number_format(max(2, _decimals(f"{value:f}")))
    return "0" if isinstance(value, int) else None
