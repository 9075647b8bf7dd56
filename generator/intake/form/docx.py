"""自评表 tables in Word: a ``<w:tbl>`` as a :class:`~.grid.Grid`.

Word merges across with ``<w:gridSpan w:val="n"/>`` (one cell covering n grid columns) and
down with ``<w:vMerge w:val="restart"/>`` followed by ``<w:vMerge/>`` in the rows below;
``<w:gridBefore>`` skips columns at a row's start. Both are resolved to the grid's
``origin`` so the form parser sees the table as a worksheet. Cells are named
``第 r 行第 c 列`` by grid row and column (1-based), as the 信息表 path names them.
"""

from __future__ import annotations

from typing import Any

from generator.core.vocabulary import head_role, is_table_total, label, table_role
from generator.intake.form.grid import MAX_FORM_COLUMNS, MAX_FORM_ROWS, Grid, GridCell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def table_cell(row: int, column: int) -> str:
    return f"第 {row} 行第 {column} 列"


def _int(element: Any, default: int) -> int:
    try:
        return max(1, int(element.get(f"{W}val"))) if element is not None else default
    except (TypeError, ValueError):
        return default


def table_grid(table: Any, sheet: str, text: Any, preamble: list[str]) -> Grid | None:
    """The table as a grid; None when it is larger than any form (then it is no form)."""
    rows: list[list[GridCell]] = []
    for r, tr in enumerate(table.iterchildren(f"{W}tr")):
        if r >= MAX_FORM_ROWS:
            return None
        cells: list[GridCell] = []
        properties = tr.find(f"{W}trPr")
        before = properties.find(f"{W}gridBefore") if properties is not None else None
        cells.extend(GridCell() for _ in range(_int(before, 0) if before is not None else 0))
        for tc in tr.iterchildren(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span = _int(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, 1)
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            c = len(cells)
            if c + span > MAX_FORM_COLUMNS:
                return None
            if vmerge is not None and vmerge.get(f"{W}val") != "restart" and r > 0 and \
                    c < len(rows[r - 1]):
                origin = rows[r - 1][c].origin or (r - 1, c)
                cells.append(GridCell(origin=origin))
            else:
                origin = (r, c)
                cells.append(GridCell(text(tc)))
            cells.extend(GridCell(origin=origin) for _ in range(span - 1))
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend(GridCell() for _ in range(width - len(row)))
    return Grid(sheet, rows, lambda r, c: table_cell(r + 1, c + 1), preamble)


def continues(grid: Grid) -> bool:
    """Whether a table without its own 项目名称 goes on with the form before it: its first
    rows are the indicator header again, 一级 indicator rows, or it ends with 总分 / 合计."""
    if any(head_role(t) == "name" for r in range(grid.height) for _, t in grid.texts(r)):
        return False
    first = [t for r in range(min(grid.height, 2)) for _, t in grid.texts(r)]
    return any(table_role(t) in ("l1", "l2", "l3") or label(t).text.endswith("指标")
               for t in first) or any(is_table_total(t) for r in range(grid.height)
                                      for _, t in grid.texts(r))


def joined(first: Grid, second: Grid) -> Grid:
    """Two tables as one grid (a form split over a page break), each cell still named in its
    own table: ``表 2!第 1 行第 3 列`` is reported as ``表 1–2!表 2 第 1 行第 3 列``."""
    height = first.height
    width = max(len(first.rows[0]) if first.rows else 0,
                len(second.rows[0]) if second.rows else 0)
    rows = [row + [GridCell() for _ in range(width - len(row))] for row in first.rows]
    for row in second.rows:
        shifted = [GridCell(c.value, c.number_format,
                            (c.origin[0] + height, c.origin[1]) if c.origin else None, c.formula)
                   for c in row]
        rows.append(shifted + [GridCell() for _ in range(width - len(shifted))])
    name = second.sheet.removeprefix("表 ")
    base = first.sheet.split("–")[0]

    def locate(r: int, c: int) -> str:
        return first.locate(r, c) if r < height else f"{second.sheet} " + second.locate(
            r - height, c)

    return Grid(f"{base}–{name}", rows, locate, first.preamble)
