"""A write-only worksheet whose ordinary rows go straight to XML, byte for byte what openpyxl
writes for them.

openpyxl makes a Cell for every value, infers its type, looks up its style and writes it
element by element: writing results.xlsx for 1,000 projects (about 400,000 cells, most in
the 指标 sheet) took 10–13 s, nearly all of it there. Here a row of text and numbers is
one parsed XML element with the style ids looked up once per (number format, wrap, bold);
a row with anything else (a text Excel would refuse or truncate, an error code such as
``#N/A``, a date) is left to openpyxl as before. openpyxl is pinned (requirements.txt):
this relies on its write-only sheet calling ``_values_to_row`` and its writer's
``write_row`` for each row, as it has since 2.6.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml import functions as xml

MAX_TEXT = 32767  # longer text is cut by openpyxl: left to it
# lxml's parser, when installed (as openpyxl itself uses); untyped here, as in openpyxl
fromstring: Any = xml.fromstring
BOLD, MIDDLE = Font(bold=True), Alignment(vertical="center")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")


class FastRow(list[tuple[str, Any, int | None]]):
    """(column letter, value, style id or None) of the non-empty cells of one row."""


def _text(value: str) -> str:
    """Escaped as lxml writes text; a carriage return as &#13; (the parser would make a
    literal one a line feed)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")


class _Writer(WorksheetWriter):
    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        """A :class:`FastRow` as one parsed element: building it element by element cost
        about as much as openpyxl's cells."""
        if not isinstance(row, FastRow):
            super().write_row(xf, row, row_idx)
            return
        number = str(row_idx)
        parts = [f'<row r="{number}">']
        for letter, value, style in row:
            styled = f' s="{style}"' if style is not None else ""
            if isinstance(value, str):
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(f'<c r="{letter}{number}"{styled} t="inlineStr"><is>'
                             f"<t{space}>{_text(value)}</t></is></c>")
            else:
                parts.append(f'<c r="{letter}{number}"{styled} t="n">'
                             f'<v>{format(float(value), ".16g")}</v></c>')
        parts.append("</row>")
        xf.write(fromstring("".join(parts)))


class FastSheet(WriteOnlyWorksheet):
    """A write-only sheet that takes :class:`FastRow` rows as well as openpyxl's."""

    def __init__(self, parent: Workbook, title: str) -> None:
        super().__init__(parent, title)
        self._styles: dict[tuple[str | None, bool, bool], int | None] = {}

    def _get_writer(self) -> None:
        if self._writer is None:  # type: ignore[has-type]
            writer = _Writer(self)
            writer.write_top()
            self._writer = writer

    def _values_to_row(self, values: Any, row_idx: int) -> Any:
        if isinstance(values, FastRow):
            return values
        return super()._values_to_row(values, row_idx)  # type: ignore[misc]

    def style(self, number_format: str | None, wrap: bool, bold: bool = False) -> int | None:
        """The workbook's style id for such a cell (None: no style), registered once."""
        key = (number_format, wrap, bold)
        if key not in self._styles:
            cell = WriteOnlyCell(self)
            if bold:
                cell.font, cell.alignment = BOLD, MIDDLE
            if number_format:
                cell.number_format = number_format
            if wrap:
                cell.alignment = TOP_WRAP
            self._styles[key] = cell.style_id if cell.has_style else None
        return self._styles[key]


def add_fast_sheet(workbook: Workbook, title: str) -> Any:
    """``workbook.create_sheet(title)`` for a write-only workbook, as a :class:`FastSheet`
    (typed Any: the stubs do not know a write-only sheet's column_dimensions and the
    dimension hook :mod:`.workbook` sets)."""
    sheet = FastSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)  # type: ignore[attr-defined]  # what create_sheet does
    return sheet


def fast_row(sheet: FastSheet, cells: list[tuple[Any, str | None, bool]],
             bold: bool = False) -> FastRow | None:
    """(value, number format, wrap) per column as a :class:`FastRow`; None when some value
    needs openpyxl's own handling."""
    row = FastRow()
    for column, (value, number_format, wrap) in enumerate(cells, 1):
        if value is None:
            continue
        if isinstance(value, str):
            if len(value) > MAX_TEXT or value in ERROR_CODES or \
                    ILLEGAL_CHARACTERS_RE.search(value):
                return None
        elif isinstance(value, bool) or not isinstance(value, (int, Decimal)) or \
                (isinstance(value, Decimal) and not value.is_finite()):
            return None
        row.append((get_column_letter(column), value, sheet.style(number_format, wrap, bold)))
    return row
