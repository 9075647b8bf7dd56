"""The 项目支出绩效自评表 written as departments fill it (财预〔2020〕10号 附件1): one sheet per
project, merged cells, ``产出指标(50分)`` headers, ``≥12个`` targets, 总分 — the layout
:mod:`generator.intake.form_grid` reads back.

A :class:`FormSheet` is the layout (cells and merged ranges), kept apart from openpyxl so
tests can also lay it out as a Word table. The form has exactly three indicator levels and
no place for codes or scoring rules: a project is written only when its tree (other than the
预算执行 row) is 一级 → 二级 → 三级; codes and rules stay in the YAML and the full workbook.
Every label comes from :data:`generator.core.vocabulary.PRINTED`, the readers' vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from generator.core import fmt
from generator.core.model import ZERO, Comparison, Indicator, Project, Value
from generator.core.text_safety import without_controls
from generator.core.vocabulary import printed

COLUMNS = 10  # A..J
WIDTHS = [10, 14, 14, 22, 12, 12, 7, 7, 14, 14]
MONEY_COLUMNS = ("initial", "budget", "spent", "weight", "rate", "score")  # E..J
TABLE_COLUMNS = ("l1", "l2", "l3", "target", "actual", "weight", "score")  # B..H
STANDARD_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")


@dataclass
class FormSheet:
    """Cells by (row, column), both 1-based, and merged ranges (row1, col1, row2, col2)."""

    title: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: list[int] = field(default_factory=lambda: list(WIDTHS))

    def put(self, row: int, col: int, value: Any, to_row: int | None = None,
            to_col: int | None = None, number_format: str | None = None) -> None:
        """A value at (row, col), merged down to ``to_row`` and across to ``to_col``."""
        if value is not None and value != "":
            self.cells[(row, col)] = value
        if number_format:
            self.formats[(row, col)] = number_format
        bottom, right = to_row or row, to_col or col
        if (bottom, right) != (row, col):
            self.merges.append((row, col, bottom, right))

    @property
    def height(self) -> int:
        return max((r for r, _ in self.cells), default=0)


def writable(project: Project) -> bool:
    """The tree fits the form: 一级 → 二级 → 三级 (leaves), beside the 预算执行 row."""
    execution = project.execution_row
    roots = [n for n in project.indicators if n is not execution]
    return bool(roots) and all(
        top.children and all(mid.children and all(not leaf.children for leaf in mid.children)
                             for mid in top.children) for top in roots)


def _amount(value: Decimal | None) -> tuple[Decimal | None, str | None]:
    if value is None:
        return None, None
    decimals = max(-value.as_tuple().exponent, 2)  # type: ignore[operator]
    return value, "0." + "0" * decimals


def _measure(value: Value | None, unit: str | None) -> Any:
    """年度指标值 / 实际完成值 as the form prints them: ``≥12个``, ``100%``, ``有效``; a bare
    number without a unit stays a number."""
    if value is None or value == "budget_execution":
        return None
    if isinstance(value, Comparison):
        return f"{value.op}{value.value:f}{value.unit or unit or ''}"
    if isinstance(value, Decimal):
        return f"{value:f}{unit}" if unit else value
    return value


def _funds(sheet: FormSheet, project: Project, top: int) -> int:
    """项目资金 at row ``top``; returns the next free row."""
    execution = project.execution_row
    funding = project.funding
    sources = [(s.name, s.initial, s.budget, s.spent) for s in funding.sources] if funding \
        else []
    if not sources:
        sources = [(name, None, None, None) for name in STANDARD_SOURCES]
    note = execution.note if execution is not None else None
    last = top + 1 + len(sources) + bool(note)
    sheet.put(top, 1, f"{printed('block', 'money')}\n（万元）", last, 2)
    sheet.put(top, 3, None, top, 4)
    for col, role in enumerate(MONEY_COLUMNS, 5):
        sheet.put(top, col, printed("money", role))
    sheet.put(top + 1, 3, printed("money", "total"), top + 1, 4)
    initial = funding.initial if funding else None
    for col, value in ((5, initial), (6, project.budget), (7, project.spent)):
        amount, number_format = _amount(value)
        sheet.put(top + 1, col, amount, number_format=number_format)
    if execution is not None:
        sheet.put(top + 1, 8, execution.weight)
        sheet.put(top + 1, 10, execution.score)
    sheet.put(top + 1, 9, fmt.percent(project.execution_rate) if project.spent is not None
              else None)
    for i, (name, *amounts) in enumerate(sources):
        r = top + 2 + i
        sheet.put(r, 3, f"{printed('money', 'sources')}：{name}" if i == 0 else name, r, 4)
        for col, value in zip((5, 6, 7), amounts, strict=True):
            amount, number_format = _amount(value)
            sheet.put(r, col, amount, number_format=number_format)
        for col in (8, 9, 10):
            sheet.put(r, col, "—")
    if note:  # the 预算执行 row's 偏差原因 under the block (the form has no column for it)
        sheet.put(last, 3, printed("table", "note"), last, 4)
        sheet.put(last, 5, note, last, COLUMNS)
    return last + 1


def _goals(sheet: FormSheet, project: Project, top: int) -> int:
    from generator.intake.self_eval_sheets import paragraphs

    goals = project.goals
    sheet.put(top, 1, printed("block", "goals"), top + 1, 1)
    sheet.put(top, 2, printed("goals", "planned"), top, 6)
    sheet.put(top, 7, printed("goals", "achieved"), top, 10)
    sheet.put(top + 1, 2, paragraphs(goals.planned) if goals else None, top + 1, 6)
    sheet.put(top + 1, 7, paragraphs(goals.achieved) if goals else None, top + 1, 10)
    return top + 2


def _indicators(sheet: FormSheet, project: Project, roots: list[Indicator], top: int) -> int:
    for col, role in enumerate(TABLE_COLUMNS, 2):
        sheet.put(top, col, printed("table", role))
    sheet.put(top, 9, printed("table", "note"), top, 10)
    r = top + 1
    for first in roots:
        start = r
        for second in first.children:
            middle = r
            for leaf in second.children:
                sheet.put(r, 4, leaf.name)
                sheet.put(r, 5, _measure(leaf.target, leaf.unit))
                actual = leaf.actual
                if actual == "budget_execution" and project.execution_rate is not None:
                    actual = fmt.round2(project.execution_rate)  # as the pages show it
                sheet.put(r, 6, _measure(actual, leaf.unit))
                sheet.put(r, 7, leaf.weight)
                sheet.put(r, 8, leaf.score)
                sheet.put(r, 9, leaf.note, r, 10)
                r += 1
            sheet.put(middle, 3, second.name, r - 1)
        sheet.put(start, 2, f"{first.name}({fmt.number(first.weight)}分)", r - 1)
    sheet.put(top, 1, printed("block", "table"), r - 1)
    return r


def form_sheet(project: Project, title: str) -> FormSheet:
    """One project's form; the caller checks :func:`writable` first."""
    sheet = FormSheet(title)
    sheet.put(1, 1, printed("title", "title"), 1, COLUMNS)
    sheet.put(2, 1, f"（{project.year}年度）", 2, COLUMNS)
    sheet.put(3, 1, printed("head", "name"), 3, 2)
    sheet.put(3, 3, project.name, 3, COLUMNS)
    sheet.put(4, 1, printed("head", "authority"), 4, 2)
    sheet.put(4, 3, project.authority, 4, 5)
    sheet.put(4, 6, printed("head", "department"), 4, 7)
    sheet.put(4, 8, project.department, 4, COLUMNS)
    r = _goals(sheet, project, _funds(sheet, project, 5))
    execution = project.execution_row
    r = _indicators(sheet, project, [n for n in project.indicators if n is not execution], r)
    sheet.put(r, 1, printed("table", "total"), r, 6)
    sheet.put(r, 7, sum((n.weight for n in project.indicators), ZERO))
    sheet.put(r, 8, project.score_declared if project.score_declared is not None
              else project.total)
    sheet.put(r, 9, project.grade_shown, r, COLUMNS)
    return sheet


def form_sheets(projects: Iterable[Project]) -> list[FormSheet]:
    """The forms of the projects that fit the form, sheets named 自评表1, 自评表2 …"""
    return [form_sheet(p, f"自评表{i}") for i, p in
            enumerate((p for p in projects if writable(p)), 1)]


def form_workbook(sheets: list[FormSheet], when: datetime | None = None) -> bytes:
    """The sheets as one .xlsx: merged cells, borders, wrapped text, A4 portrait, the same
    bytes for the same forms and ``when``.

    Styles are copied as openpyxl's style arrays and merged ranges added as ranges: its own
    ``merge_cells`` and style setters re-index every style (0.3 s per form on this
    machine), the copies cost nothing."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.merge import MergedCellRange


    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    thin = Side(style="thin")
    for form in sheets:
        ws = workbook.create_sheet(form.title)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        for col, width in enumerate(form.widths, 1):
            ws.column_dimensions[get_column_letter(col)].width = width
        proto = ws.cell(1, 1)
        proto.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        plain = copy(proto._style)
        proto.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        boxed = copy(proto._style)
        for r in range(1, form.height + 1):
            for c in range(1, COLUMNS + 1):
                ws.cell(r, c)._style = copy(boxed if r > 2 else plain)
        for (r, c), value in sorted(form.cells.items()):
            if isinstance(value, str):  # never a control character in the file
                value = without_controls(value)
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a target “=100%”, not a formula
            if (r, c) in form.formats:
                cell.number_format = form.formats[(r, c)]
        ws.cell(1, 1).font = Font(bold=True, size=14)
        for r1, c1, r2, c2 in form.merges:
            ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c1)}{r1}:"
                                                    f"{get_column_letter(c2)}{r2}"))
    return openpyxl_bytes(workbook, when or datetime(2000, 1, 1))


def selfeval_workbook(projects: Iterable[Project], when: datetime | None = None) -> bytes:
    return form_workbook(form_sheets(projects), when)


def openpyxl_bytes(workbook: Any, when: datetime) -> bytes:
    """An openpyxl workbook saved with fixed document and zip entry times: the same content,
    the same bytes (``save`` would stamp the current time)."""
    import io

    from openpyxl.writer.excel import ExcelWriter

    from generator.base.reproducible import FixedTimeZip

    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.creator = "generator"
    out = io.BytesIO()
    ExcelWriter(workbook, FixedTimeZip(out, when)).save()
    return out.getvalue()
