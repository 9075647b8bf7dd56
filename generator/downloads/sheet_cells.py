"""A worksheet's cells as SpreadsheetML: texts (inline, escaped, wrapped where long),
numbers with their decimals as written, and the column widths they need. Apart from
:mod:`generator.downloads.xlsx`, which puts sheets and the workbook around them, so that
each stays short; this is where the downloads spend their CPU per cell (450,000 indicator
rows at 10,000 projects), so each path here is measured (``tests/test_fast_paths.py``
compares it with the plain form it replaces).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from generator.base.xml_text import escape

Row = list[tuple[Any, str | None]]  # (value, number format) per cell; None: an empty cell
MAX_DECIMALS = 10
XF_HEADER, XF_WRAP, XF_NUMBER = 1, 2, 3  # cellXfs: 0 default, 3 + d: a number with d decimals
MIN_WIDTH, MAX_WIDTH = 6, 60
# core.text_safety.CONTROL and the two XML non-characters
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
FORMATS = {("0." + "0" * d if d else "0"): XF_NUMBER + d for d in range(MAX_DECIMALS + 1)}


def display_width(text: str) -> int:
    """Columns a text takes in Excel (CJK counts double); beyond the cap only “too wide”."""
    if len(text) > MAX_WIDTH:
        return len(text)  # already wider than any column gets: it wraps
    return _width(text)


@lru_cache(maxsize=8192)
def _width(text: str) -> int:
    """Cached for short texts only (names, figures repeat): as keys, long paragraphs
    would stay in memory, up to 8,192 of them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: str) -> str:
    """A cell's text as XML: control characters dropped (XML cannot hold C0, and DEL and
    C1 are never data: :mod:`generator.core.text_safety`), U+FFFE/U+FFFF likewise."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return escape(value)


def _wraps(text: str) -> bool:
    return "\n" in text or len(text) > MAX_WIDTH // 2 and display_width(text) > MAX_WIDTH


PLACE = "\x00"  # a row's number in spooled rows: no cell holds it (see cell_text)


def _text_cell(value: str) -> str:
    """A text cell's XML after its reference: its style where it wraps, and its text."""
    wrap = f' s="{XF_WRAP}"' if _wraps(value) else ""
    return f'{wrap} t="inlineStr"><is><t xml:space="preserve">{cell_text(value)}</t></is></c>'


@lru_cache(maxsize=8192)
def _short_text_cell(value: str) -> tuple[str, int]:
    """:func:`_text_cell` and the widest line of a text of :data:`MAX_WIDTH` characters or
    fewer, cached: the 指标 sheet's codes, level names and units recur in every project
    (its rows' XML was two fifths of the downloads' CPU per project)."""
    return _text_cell(value), _widest(value)


def _widest(text: str) -> int:
    """The display width of a text's widest line."""
    return max(map(display_width, text.split("\n")))


def _text_at(value: str, letter: str, index: int, widths: list[int]) -> str:
    """A text cell's XML in column ``letter`` (the ``index``-th), its width grown to the
    text's. Codes, names, units: the same ones recur (cached); a long text is measured
    only while its column is narrower than any column gets."""
    cell, longest = _short_text_cell(value) if len(value) <= MAX_WIDTH \
        else (_text_cell(value), None)
    if widths[index] < MAX_WIDTH:
        widths[index] = max(widths[index], _widest(value) if longest is None else longest)
    return f'<c r="{letter}{PLACE}"{cell}'


def rows_xml(rows: Iterable[Row], letters: list[str], widths: list[int]) -> tuple[str, int]:
    """The rows' XML with :data:`PLACE` for each row's number (the sheet puts the numbers
    in as it writes them), and how many rows; ``widths`` grow to what the cells need."""
    out = []
    count = 0
    for row in rows:
        count += 1
        cells = []
        for index, (value, fmt) in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                cells.append(_text_at(value, letters[index], index, widths))
                continue
            text = f"{value:f}" if isinstance(value, Decimal) else str(int(value))
            if len(text) > widths[index]:
                widths[index] = len(text)
            style = f' s="{FORMATS[fmt]}"' if fmt in FORMATS else ""
            cells.append(f'<c r="{letters[index]}{PLACE}"{style}><v>{text}</v></c>')
        out.append(f'<row r="{PLACE}">{"".join(cells)}</row>')
    return "".join(out), count


def raw_rows_xml(rows: Iterable[list[Any]], letters: list[str], widths: list[int]
                 ) -> tuple[str, int]:
    """:func:`rows_xml` of raw values (None or "" empty, Decimal with its decimals as
    written, int, any other as its text): each number formatted once, no (value, format)
    pair made per cell. The 指标 sheet's 450,000 rows at 10,000 projects: its rows' XML
    was the downloads' largest share of CPU (``tests/test_fast_paths.py`` compares)."""
    out = []
    count = 0
    for row in rows:
        count += 1
        cells = []
        for index, value in enumerate(row):
            kind = type(value)  # most are None or text: their types first
            if value is None or kind is str and not value:
                continue
            if kind is not str and isinstance(value, Decimal):
                text = f"{value:f}"
                decimals = len(text.partition(".")[2])
                style = f' s="{XF_NUMBER + decimals}"' if decimals <= MAX_DECIMALS else ""
            elif kind is not str and isinstance(value, int) and not isinstance(value, bool):
                text, style = str(int(value)), _INT_STYLE
            else:
                if kind is not str and value == "":
                    continue
                cells.append(_text_at(str(value), letters[index], index, widths))
                continue
            if len(text) > widths[index]:
                widths[index] = len(text)
            cells.append(f'<c r="{letters[index]}{PLACE}"{style}><v>{text}</v></c>')
        out.append(f'<row r="{PLACE}">{"".join(cells)}</row>')
    return "".join(out), count


_INT_STYLE = f' s="{XF_NUMBER}"'
