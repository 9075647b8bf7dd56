"""Importing a PDF: its pages laid out (:mod:`.bounded`) become the paragraphs and tables a
Word document gives (:class:`~..docx_reader.Table` with a :class:`~..form.grid.Grid`), read
by the same readers: :func:`~..docx_reader.read_blocks` for 信息表 and 自评表 (stacked,
split over pages or not), and a table with a header row (a worksheet's list printed, such
as a 重点评价 notice) by the workbook's own :func:`~..workbook_reader._read_sheets`. No code
here knows a layout of a form: only pages, tables and lines.

A table that goes on over a page break is joined to its part on the page before when its
columns are the same, the header row the next page repeats dropped. Page numbers and the
running header and footer a page repeats are left out. A page that is only a picture (a
scan) is refused naming the page: its text could only be guessed.

Cells are named as printed: ``第 2 页 表 1 第 7 行 第 5 列`` (the tables of a page counted
from its top, the rows of the table's part on that page).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string

from generator.core.problems import Problems
from generator.intake.docx_reader import Table, read_blocks
from generator.intake.form.grid import MAX_FORM_COLUMNS, MAX_FORM_ROWS, Grid, GridCell
from generator.intake.pdf import bounded
from generator.intake.pdf.layout import SNAP, Layout, Line
from generator.intake.pdf.layout import Table as Ruled
from generator.intake.workbook_reader import Row, _header_row

SCANNED = 0.3  # share of a page under pictures that, with no text on it, makes it a scan
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d+[-—–－\s]*"
                          r"|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页|page\s*\d+(?:\s*of\s*\d+)?)$",
                          re.IGNORECASE)
MARGIN = 0.1  # top and bottom tenth of a page: where running headers and footers are


def where(page: int, table: int, row: int, column: int) -> str:
    return f"第 {page} 页 表 {table} 第 {row} 行 第 {column} 列"


@dataclass
class _Part:
    """A table's rows on one page: (page, its number on the page, the first row taken)."""

    page: int
    number: int
    skip: int  # rows dropped from its top (a repeated header)
    rows: int


def read_pdf(path: Path, problems: Problems, notes: list[str]) -> list[Row]:
    """One row per 信息表 or 自评表 in the PDF; every problem at a page, table and cell."""
    try:
        layouts = bounded.pages(path, bounded.page_count(path))
    except bounded.Refused as refusal:
        problems.error(refusal.code, refusal.message)
        return []
    scans = [page.number for page in layouts if _scanned(page)]
    if scans:
        pages = "、".join(str(n) for n in scans[:10]) + ("等" if len(scans) > 10 else "")
        problems.error("import-pdf-scanned", f"第 {pages} 页是扫描或拍照得到的图片，没有文字层："
                       "图片中的文字不会被猜测。请向发布单位索取原始的 Excel/Word 文件，或由原文件"
                       "直接“导出为 PDF”（不要打印后扫描），再导入")
        return []
    if any(page.overfull for page in layouts):
        problems.error("import-pdf-too-complex", "有的页面字符或图形多得异常（超过任何真实表格）："
                       "请用原始的 Excel/Word 文件导入，或只导出自评表所在的页面")
        return []
    return read_blocks(_blocks(_running(layouts), path), path, problems, notes)


def _scanned(page: Layout) -> bool:
    has_text = any(isinstance(b, Line) or b.texts for b in page.blocks)
    return not has_text and page.pictured >= SCANNED


def _running(layouts: list[Layout]) -> list[Layout]:
    """The pages without page numbers and without the lines repeated in the top or bottom
    margin of several pages (a running header or footer)."""
    def marginal(page: Layout, line: Line) -> bool:
        return line.top < page.height * MARGIN or line.bottom > page.height * (1 - MARGIN)

    repeated = Counter(_plain(b.text) for page in layouts for b in page.blocks
                       if isinstance(b, Line) and marginal(page, b))
    out = []
    for page in layouts:
        blocks = [b for b in page.blocks if not isinstance(b, Line) or not (
            _PAGE_NUMBER.match(b.text.strip()) or
            (len(layouts) > 1 and marginal(page, b) and repeated[_plain(b.text)] > 1))]
        out.append(Layout(page.number, page.height, blocks, page.pictured, page.overfull))
    return out


def _plain(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _same_columns(a: Ruled, b: Ruled) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= 2 * SNAP
                                          for x, y in zip(a.xs, b.xs, strict=True))


def _row_texts(table: Ruled, r: int) -> list[str]:
    return [table.texts.get((r, c), "") if table.origins[r][c] == (r, c) else "\0"
            for c in range(table.columns)]


def _tables(layouts: list[Layout]) -> Iterator[tuple[list[str], list[tuple[Ruled, _Part]]]]:
    """Each table with the lines just before it, its parts on consecutive pages joined."""
    lines: list[str] = []
    current: list[tuple[Ruled, _Part]] | None = None
    for page in layouts:
        count = 0
        for i, block in enumerate(page.blocks):
            if isinstance(block, Line):
                if current is not None:
                    yield lines, current
                    current, lines = None, []
                lines.append(block.text)
                continue
            count += 1
            first, last = current[0][0] if current else None, current[-1][0] if current else None
            if current is not None and i == 0 and count == 1 and last is not None and \
                    first is not None and _same_columns(last, block) and \
                    current[-1][1].page == page.number - 1:
                skip = 1 if block.rows > 1 and _row_texts(block, 0) == _row_texts(first, 0) \
                    else 0
                current.append((block, _Part(page.number, count, skip, block.rows)))
                continue
            if current is not None:
                yield lines, current
                lines = []
            current = [(block, _Part(page.number, count, 0, block.rows))]
        if current is not None and page.blocks and isinstance(page.blocks[-1], Line):
            yield lines, current
            current, lines = None, []
    if current is not None:
        yield lines, current
    elif lines:
        yield lines, []


def _grid(parts: list[tuple[Ruled, _Part]], preamble: list[str]
          ) -> tuple[Grid, Callable[[int, int], str]]:
    """The parts as one grid, each cell named where it is printed."""
    rows: list[list[GridCell]] = []
    names: list[tuple[int, int, int]] = []  # per grid row: page, table, printed row
    width = max(t.columns for t, _ in parts)
    for table, part in parts:
        base = len(rows) - part.skip
        for r in range(part.skip, table.rows):
            line = []
            for c in range(width):
                if c >= table.columns:
                    line.append(GridCell())
                    continue
                o = table.origins[r][c]
                if o == (r, c):
                    line.append(GridCell(table.texts.get((r, c)) or None))
                elif o[0] < part.skip:  # a merge from the dropped header: its own cell
                    line.append(GridCell(origin=(len(rows), o[1])) if c != o[1] else GridCell())
                else:
                    line.append(GridCell(origin=(base + o[0], o[1])))
            rows.append(line)
            names.append((part.page, part.number, r + 1))

    def locate(r: int, c: int) -> str:
        page, number, row = names[min(r, len(names) - 1)]
        return where(page, number, row, c + 1)

    page, number = parts[0][1].page, parts[0][1].number
    return Grid(f"第 {page} 页 表 {number}", rows, locate, preamble[-6:]), locate


def _blocks(layouts: list[Layout], path: Path) -> Iterator[str | Table]:
    for lines, parts in _tables(layouts):
        yield from (re.sub(r"\s+", "", line) for line in lines)
        if not parts:
            continue
        grid, locate = _grid(parts, [re.sub(r"\s+", "", t) for t in lines])
        form = grid if grid.height <= MAX_FORM_ROWS and len(grid.rows[0]) <= MAX_FORM_COLUMNS \
            else None  # larger than any form: a long list, read by its header row
        cells = [[grid.cell(r, c).value or "" if grid.origin(r, c) == (r, c) else ""
                  for c in grid.row_cells(r)] for r in range(grid.height)]
        yield Table(form, cells, grid.sheet, _shifted(locate), _other(grid, lines, path))


def _shifted(locate: Callable[[int, int], str]) -> Callable[[int, int], str]:
    """1-based row and column, as the 信息表 reader counts them."""
    return lambda r, c: locate(r - 1, c - 1)


def _other(grid: Grid, lines: list[str], path: Path) -> Callable[[Problems], list[Row] | None]:
    return lambda problems: _listed(grid, lines, problems, path)


class _Cell:
    def __init__(self, value: Any) -> None:
        self.value = value
        self.number_format = "General"
        self.data_type = "s"


class _Sheet:
    """A table with a header row as the worksheet :mod:`..workbook_reader` reads: the lines
    above it (the title, with the year and the unit) as rows of one cell, then its rows."""

    def __init__(self, grid: Grid, lines: list[str]) -> None:
        self.title = grid.sheet
        self.lines = len(lines)
        self.values: list[list[Any]] = [[line] for line in lines] + [
            [grid.cell(r, c).value if grid.origin(r, c) == (r, c) else None
             for c in range(len(grid.rows[r]))] for r in range(grid.height)]
        self.max_row = len(self.values)

    def reset_dimensions(self) -> None:
        pass

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None,
                  values_only: bool = False) -> Iterator[tuple[Any, ...]]:
        for values in self.values[min_row - 1:max_row]:
            cut = values[:max_col] if max_col else values
            yield tuple(cut) if values_only else tuple(_Cell(v) for v in cut)


def _listed(grid: Grid, lines: list[str], problems: Problems, path: Path) -> list[Row] | None:
    """The rows of a table with the disclosure's header row; None when it has none."""
    from generator.intake.workbook_reader import _read_sheets

    sheet = _Sheet(grid, lines)
    if _header_row(sheet) is None:  # type: ignore[arg-type]
        return None
    own = Problems(problems.file)
    workbook = type("Book", (), {"worksheets": [sheet]})()
    rows = _read_sheets(workbook, own, [])

    def place(cell: str | None) -> str | None:
        found = re.fullmatch(r"([A-Z]+)(\d+)", cell or "")
        if not found:
            return cell
        r = int(found.group(2)) - 1 - sheet.lines
        return grid.locate(r, column_index_from_string(found.group(1)) - 1) if r >= 0 else \
            f"{grid.sheet} 上方第 {r + sheet.lines + 1} 行文字"

    for problem in own.items:
        at = problem.where
        problems.at_cell(problem.code, problem.severity, problem.message, at.sheet,
                         place(at.cell)) if at.sheet else problems.items.append(problem)
    for row in rows:
        row.cells = {key: place(cell) or cell for key, cell in row.cells.items()}
        first = grid.locate(row.number - 1 - sheet.lines, 0)
        row.source = f"「{path.name}」的{first.rsplit(' 第 ', 1)[0]}"
        row.number -= sheet.lines
    return rows


__all__ = ["read_pdf", "where"]
