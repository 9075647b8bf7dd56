"""A page's characters and lines as the blocks a reader sees: lines of text and tables.

A table is found by its ruling: the horizontal and vertical lines that touch each other
form one table; the distinct heights of its horizontal lines are its row boundaries and the
distinct places of its vertical lines its column boundaries. A boundary missing between two
neighbouring slots (no line drawn there) merges them, as the merge in the worksheet or the
Word table did. Each character goes to the cell under its centre; a cell's lines are kept
in order, a line that stops short of the cell's right side ending a paragraph (``\\n``)
and one that fills it wrapping on (joined without a break, as the source had it).

A page with text laid out in columns but no lines at all (WPS exports tables without
borders) is read by the words' positions instead (:mod:`.borderless`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from generator.intake.pdf.borderless import borderless
from generator.intake.pdf.extract import Char, Page
from generator.intake.pdf.layout_base import (
    Layout,
    Line,
    Table,
    cell_text,
    lines_of,
    text_of,
    words_of,
)

SNAP = 2.0  # points: lines this close are one line (double borders, rounding)
MIN_SLOT = 3.0  # a row or column thinner than this is the gap of a double border
MAX_TABLE_SLOTS = 4_000  # rows × columns of one ruled table: a form has a few hundred


def _cluster(values: list[float]) -> list[float]:
    """Sorted positions with those within :data:`SNAP` of each other made one (their mean)."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= SNAP:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _merge(edges: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear pieces (position, start, end) joined where they touch or overlap."""
    out: list[tuple[float, float, float]] = []
    for at, start, end in sorted(edges, key=lambda e: (round(e[0] / SNAP), e[1])):
        if out and abs(out[-1][0] - at) <= SNAP and start <= out[-1][2] + SNAP:
            out[-1] = (out[-1][0], out[-1][1], max(out[-1][2], end))
        else:
            out.append((at, start, end))
    return out


class _Sets:
    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.up[self.find(a)] = self.find(b)


def _tables(page: Page) -> list[Table]:
    horizontal = _merge([(t, x0, x1) for x0, t, x1, b in page.edges if abs(t - b) < 0.5])
    vertical = _merge([(x0, t, b) for x0, t, x1, b in page.edges if abs(x0 - x1) < 0.5])
    sets = _Sets(len(horizontal) + len(vertical))
    for i, (y, hx0, hx1) in enumerate(horizontal):
        for j, (x, vy0, vy1) in enumerate(vertical):
            if hx0 - SNAP <= x <= hx1 + SNAP and vy0 - SNAP <= y <= vy1 + SNAP:
                sets.join(i, len(horizontal) + j)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(horizontal)):
        groups.setdefault(sets.find(i), ([], []))[0].append(i)
    for j in range(len(vertical)):
        groups.setdefault(sets.find(len(horizontal) + j), ([], []))[1].append(j)
    tables = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        table = _table([horizontal[i] for i in hs], [vertical[j] for j in vs])
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.top)


def _thin(bounds: list[float]) -> list[float]:
    kept = [bounds[0]]
    for b in bounds[1:]:
        if b - kept[-1] >= MIN_SLOT:
            kept.append(b)
        else:
            kept[-1] = b if b == bounds[-1] else kept[-1]
    return kept


def _table(horizontal: list[tuple[float, float, float]],
           vertical: list[tuple[float, float, float]]) -> Table | None:
    ys = _thin(_cluster([y for y, _, _ in horizontal]))
    xs = _thin(_cluster([x for x, _, _ in vertical]))
    if len(ys) < 2 or len(xs) < 2 or (len(ys) - 1) * (len(xs) - 1) > MAX_TABLE_SLOTS:
        return None

    def ruled(lines: list[tuple[float, float, float]], at: float, across: float) -> bool:
        return any(abs(p - at) <= SNAP and s - SNAP <= across <= e + SNAP for p, s, e in lines)

    rows, columns = len(ys) - 1, len(xs) - 1
    sets = _Sets(rows * columns)
    for r in range(rows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            mid_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < columns and not ruled(vertical, xs[c + 1], mid_y):
                sets.join(r * columns + c + 1, r * columns + c)
            if r + 1 < rows and not ruled(horizontal, ys[r + 1], mid_x):
                sets.join((r + 1) * columns + c, r * columns + c)
    first: dict[int, tuple[int, int]] = {}
    for r in range(rows):
        for c in range(columns):
            first.setdefault(sets.find(r * columns + c), (r, c))
    origins = [[first[sets.find(r * columns + c)] for c in range(columns)] for r in range(rows)]
    return Table(ys[0], ys[-1], xs, ys, origins)


def _split(word: list[Char], tables: list[Table]) -> Iterator[list[Char]]:
    """A word cut where it crosses a cell border with a gap (two cells' texts printed close
    together); text run on over a border without a gap (a worksheet's overflow) stays whole."""
    x, y = word[0].mid
    table = next((t for t in tables if t.xs[0] <= x <= t.xs[-1] and t.ys[0] <= y <= t.ys[-1]),
                 None)
    if table is None or len(word) == 1:
        yield word
        return
    r = min(max(bisect_right(table.ys, y) - 1, 0), table.rows - 1)
    start = 0
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        a = min(max(bisect_right(table.xs, before.mid[0]) - 1, 0), table.columns - 1)
        b = min(max(bisect_right(table.xs, after.mid[0]) - 1, 0), table.columns - 1)
        if table.origins[r][a] != table.origins[r][b] and after.x0 - before.x1 > 0.5:
            yield word[start:i]
            start = i
    yield word[start:]


def _open_head(table: Table, words: list[list[Char]]) -> None:
    """A header row printed without borders right above a ruled table (a worksheet whose
    header cells have no borders): the lines just above it whose words stand in two or
    more of its columns, and nowhere else, become its first row."""
    above = [w for w in words if w[0].bottom <= table.top + SNAP and
             table.xs[0] - SNAP <= w[0].x0 and w[-1].x1 <= table.xs[-1] + SNAP]
    band: list[list[Char]] = []
    edge = table.top
    def within(word: list[Char]) -> bool:
        column = bisect_right(table.xs, word[0].x0 + SNAP)
        return column == bisect_right(table.xs, word[-1].x1 - SNAP) and \
            0 < column < len(table.xs)

    for line in reversed(lines_of([ch for w in above for ch in w])):
        size = max(ch.bottom - ch.top for ch in line)
        if not all(within(w) for w in above if w[0] in line):
            break  # a title over several columns, not a cell
        if edge - max(ch.bottom for ch in line) > size * (1.0 if not band else 0.6):
            break
        band.append(line)
        edge = min(ch.top for ch in line)
    if not band:
        return
    columns = {bisect_right(table.xs, w[0].mid[0]) for w in above
               if any(w[0] in line for line in band)}
    if len(columns) < 2:
        return
    table.ys.insert(0, edge - SNAP)
    table.top = table.ys[0]
    table.origins = [[(0, c) for c in range(table.columns)]] + [
        [(r + 1, c) for r, c in row] for row in table.origins]


def layout(page: Page) -> Layout:
    """The page's tables and the lines of text outside them, top to bottom."""
    tables = _tables(page)
    words = words_of(page.chars)
    for table in tables:
        _open_head(table, words)
    inside: dict[int, dict[tuple[int, int], list[Char]]] = {i: {} for i in range(len(tables))}
    loose: list[Char] = []
    for word in (piece for w in words for piece in _split(w, tables)):
        x, y = word[0].mid
        for i, table in enumerate(tables):
            if table.xs[0] <= x <= table.xs[-1] and table.ys[0] <= y <= table.ys[-1]:
                r = min(max(bisect_right(table.ys, y) - 1, 0), table.rows - 1)
                c = min(max(bisect_right(table.xs, x) - 1, 0), table.columns - 1)
                inside[i].setdefault(table.origins[r][c], []).extend(word)
                break
        else:
            loose.extend(word)
    for i, table in enumerate(tables):
        for (r, c), chars in inside[i].items():
            right = max(table.xs[c2 + 1] for r2, row in enumerate(table.origins)
                        for c2, o in enumerate(row) if o == (r, c))
            text = cell_text(chars, right)
            if text:
                table.texts[(r, c)] = text
    found, loose = borderless(loose)
    blocks: list[Table | Line] = [*tables, *found]
    blocks += [Line(line[0].top, line[0].bottom, text_of(line), line[0].x0)
               for line in lines_of(loose) if text_of(line)]
    blocks.sort(key=lambda b: b.top)
    return Layout(page.number, page.height, blocks, page.pictured, page.overfull)
