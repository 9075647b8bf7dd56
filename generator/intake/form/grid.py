"""A form as an abstract grid of cells, so a worksheet (:mod:`.xlsx`) and a Word table
(:mod:`.docx`) share one parser.

A :class:`Grid` is rows of cells with merges resolved: a cell covered by a merge points at
the merge's top-left cell (its ``origin``), whose value it shows, and problems are located
at that top-left cell (``自评表3!F17`` or ``表 2!第 17 行第 6 列``). :meth:`Grid.part` cuts
out the rows of one form when several are stacked on a sheet, keeping every cell's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.core.problems import Problems
from generator.core.vocabulary import squash
from generator.intake.cells import Cell, Invalid, _decimal, blank
from generator.intake.guard import MAX_CELL_CHARS

MAX_FORM_ROWS = 2_000  # a real form has 30–80 rows; a sheet of stacked forms a few hundred
MAX_FORM_COLUMNS = 40

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
    # each cell's squashed text, once: the readers ask for the labels again and again (a
    # PDF of 200 pages of forms spent half its reading time squashing the same cells)
    _texts: dict[tuple[int, int], str] = field(default_factory=dict, init=False, repr=False,
                                               compare=False)

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
        here = self.origin(r, c)
        found = self._texts.get(here)
        if found is None:
            found = self._texts[here] = squash(self.cell(r, c).value)
        return found

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

    def starts(self, r: int, c: int) -> bool:
        """Whether a cell (or a merge) begins in row ``r`` at column ``c``'s place."""
        return self.origin(r, c)[0] == r

    def texts(self, r: int, start: int = 0, stop: int | None = None) -> list[tuple[int, str]]:
        """The non-empty cells that begin in row ``r``: (column, squashed text)."""
        return [(c, self.text(r, c)) for c in self.row_cells(r, start, stop)
                if self.starts(r, c) and self.text(r, c)]

    def part(self, start: int, stop: int) -> Grid:
        """Rows ``start`` to ``stop`` as a grid of their own (one of several stacked forms);
        cells keep their names, a merge from above the part starts in its first row."""
        rows: list[list[GridCell]] = []
        for r in range(start, min(stop, self.height)):
            line = []
            for c, cell in enumerate(self.rows[r]):
                origin = self.origin(r, c)
                if origin == (r, c):
                    line.append(cell)
                elif origin[0] < start and r == start and c == origin[1]:
                    line.append(self.rows[origin[0]][origin[1]])
                elif origin[0] < start:
                    line.append(GridCell(origin=(0, origin[1])))
                else:
                    line.append(GridCell(origin=(origin[0] - start, origin[1])))
            rows.append(line)
        locate = self.locate
        return Grid(self.sheet, rows, lambda r, c: locate(r + start, c), list(self.preamble))

    def right_of(self, r: int, c: int) -> int | None:
        """The column of the next cell to the right of the one at (r, c)."""
        here = self.origin(r, c)
        for column in self.row_cells(r, c + 1):
            if self.origin(r, column) != here:
                return column
        return None


class Reader:
    """Values out of a grid, every bad cell reported at its place."""

    def __init__(self, grid: Grid, problems: Problems) -> None:
        self.grid = grid
        self.problems = problems
        self.read: set[tuple[int, int]] = set()  # the cells whose values were taken

    def at(self, r: int, c: int) -> str:
        return f"{self.grid.sheet}!{self.grid.where(r, c)}"

    def mark(self, r: int, *columns: int | None) -> None:
        """Cells taken as labels or names (their text is in the project, or derived)."""
        self.read.update(self.grid.origin(r, c) for c in columns if c is not None)

    def error(self, code: str, message: str, r: int | None = None, c: int | None = None
              ) -> None:
        cell = self.grid.where(r, c) if r is not None and c is not None else None
        self.problems.at_cell(code, "error", message, self.grid.sheet, cell)

    def warn(self, code: str, message: str, r: int, c: int) -> None:
        self.problems.at_cell(code, "warning", message, self.grid.sheet, self.grid.where(r, c))

    def value(self, r: int, c: int | None, what: str, parse: Callable[[Cell], Any]) -> Any:
        """The parsed cell at (r, c); None when blank or bad (a bad one is reported)."""
        if c is None:
            return None
        self.read.add(self.grid.origin(r, c))
        cell = self.grid.cell(r, c)
        if blank(cell.value):
            return None
        if cell.formula:
            self.error("import-formula", f"{what}是公式「{cell.value}」，文件里没有保存它的计算"
                       "结果：请在 Excel 或 WPS 中打开后保存一次（或“选择性粘贴 → 数值”）再导入",
                       r, c)
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


def money(unit: str) -> Callable[[Cell], Decimal]:
    """An amount of the 项目资金 block in the block's unit, as 万元 (元 ÷ 10,000 exactly)."""

    def parse(cell: Cell) -> Decimal:
        result = _decimal(cell, "import-bad-money", ("万元", "元"), f"金额（{unit}）")
        if result < 0:
            raise Invalid("import-bad-money", f"不能为负数，实际是 {result}")
        return result.scaleb(-4) if unit == "元" else result

    return parse


def rate(cell: Cell) -> Decimal:
    return _decimal(cell, "import-bad-rate", ("%",), "百分比")


