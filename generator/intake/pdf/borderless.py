"""Tables printed without any ruling (WPS and some web pages export a list with no cell
borders): found from the words' positions alone.

Lines of text that are split by wide gaps into two or more pieces are rows; the columns are
where the pieces of those rows lie: each piece's horizontal extent is projected onto the
page's width and the empty gutters between the projections separate the columns (a number
right-aligned in its column overlaps the others of that column, so alignment does not
matter). Three or more such rows in a row make a table; a line of one piece inside one
column just under a row is that cell wrapping on. A line whose piece straddles a gutter
(a title over the table) ends it. Merged cells cannot be seen without borders: each piece
is its own cell.
"""

from __future__ import annotations

from generator.intake.pdf.extract import Char
from generator.intake.pdf.layout_base import Table, lines_of, text_of

GAP = 0.8  # a gap wider than this many characters' height separates cells on a line
MIN_ROWS = 3


def _pieces(line: list[Char]) -> list[list[Char]]:
    out: list[list[Char]] = []
    for char in line:
        size = max(char.bottom - char.top, 1.0)
        if out and char.x0 - out[-1][-1].x1 <= GAP * size:
            out[-1].append(char)
        else:
            out.append([char])
    return [[ch for ch in piece] for piece in out if text_of(piece)]


def _gutters(rows: list[list[list[Char]]]) -> list[tuple[float, float]]:
    """The columns' extents: the union of the pieces' extents."""
    spans = sorted((p[0].x0, p[-1].x1) for row in rows for p in row)
    out: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if out and x0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _column(columns: list[tuple[float, float]], piece: list[Char]) -> int | None:
    for i, (x0, x1) in enumerate(columns):
        if x0 - 0.5 <= piece[0].x0 and piece[-1].x1 <= x1 + 0.5:
            return i
    return None


def borderless(chars: list[Char]) -> tuple[list[Table], list[Char]]:
    """The tables among ``chars`` (words outside any ruled table) and the characters left."""
    lines = lines_of(chars)
    tables: list[Table] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        run = []
        j = i
        while j < len(lines) and len(_pieces(lines[j])) >= 2:
            run.append(j)
            j += 1
        if len(run) < MIN_ROWS:
            i = max(j, i + 1)
            continue
        rows = [_pieces(lines[k]) for k in run]
        columns = _gutters(rows)
        if len(columns) < 2 or any(len({_column(columns, p) for p in row}) != len(row)
                                   for row in rows):
            i = j
            continue
        # a row's cells wrapping over two or more lines: the lines of one row are closer
        # together than the rows (the cells' padding is between rows)
        tops = [min(ch.top for ch in lines[k]) for k in run]
        bottoms = [max(ch.bottom for ch in lines[k]) for k in run]
        gaps = [tops[n] - bottoms[n - 1] for n in range(1, len(run))]
        close = min(gaps, default=0.0) + 1.5
        starts = [0] + [n for n in range(1, len(run)) if max(gaps) > close and
                        gaps[n - 1] > close or max(gaps) <= close]
        cells: dict[tuple[int, int], list[Char]] = {}
        for n, row in enumerate(rows):
            r = sum(1 for start in starts if start <= n) - 1
            for piece in row:
                column = _column(columns, piece)
                assert column is not None  # every piece lies in a column: checked above
                cells.setdefault((r, column), []).extend(piece)
        first_lines = [run[n] for n in starts]
        ys = [min(ch.top for ch in lines[k]) for k in first_lines]
        bottom = max(ch.bottom for ch in lines[run[-1]])
        height = len(first_lines)
        while j < len(lines) and len(_pieces(lines[j])) == 1:  # the last row's cell wraps
            piece = _pieces(lines[j])[0]
            column = _column(columns, piece)
            if column is None or (height - 1, column) not in cells or \
                    min(ch.top for ch in piece) - bottom > max(ch.bottom - ch.top
                                                               for ch in piece):
                break
            cells[(height - 1, column)] += piece
            bottom = max(ch.bottom for ch in piece)
            run.append(j)
            j += 1
        xs = [columns[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:],
                                                                      strict=False)]
        xs.append(columns[-1][1] + 1)
        table = Table(ys[0] - 1, bottom + 1, xs, ys + [bottom + 1],
                      [[(r, c) for c in range(len(columns))] for r in range(height)])
        table.texts = {at: "".join(text_of(line) for line in lines_of(piece))
                       for at, piece in cells.items()}
        tables.append(table)
        used.update(run)
        i = j
    left = [ch for k, line in enumerate(lines) if k not in used for ch in line]
    return tables, left
