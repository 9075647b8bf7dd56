"""What the layout is made of: tables and lines of text, and how characters become lines,
words and a cell's text (shared by the ruled tables of :mod:`.layout` and the borderless ones
of :mod:`.borderless`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.intake.pdf.extract import Char


@dataclass
class Table:
    top: float
    bottom: float
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    origins: list[list[tuple[int, int]]]  # each slot's merge's top-left slot
    texts: dict[tuple[int, int], str] = field(default_factory=dict)  # by top-left slot

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def columns(self) -> int:
        return len(self.xs) - 1


@dataclass
class Line:
    top: float
    bottom: float
    text: str
    x0: float = 0.0


@dataclass
class Layout:
    number: int
    height: float
    blocks: list[Table | Line]
    pictured: float = 0.0
    overfull: bool = False


def lines_of(chars: list[Char]) -> list[list[Char]]:
    """Characters as lines, top to bottom, each left to right: a character belongs to the
    line whose band holds its centre."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda ch: (ch.top + ch.bottom) / 2):
        mid = (char.top + char.bottom) / 2
        if lines and lines[-1][0].top - 0.5 <= mid <= max(ch.bottom for ch in lines[-1]) + 0.5 \
                and mid - (lines[-1][0].top + lines[-1][0].bottom) / 2 < \
                (lines[-1][0].bottom - lines[-1][0].top) * 0.6:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda ch: ch.x0) for line in lines]


def words_of(chars: list[Char]) -> list[list[Char]]:
    """Runs of characters with no gap wider than a third of their height between them: a
    word goes whole to the cell its first character is in, so text that a worksheet let
    run on over empty cells to its right stays in its own cell."""
    words: list[list[Char]] = []
    for line in lines_of(chars):
        for char in line:
            size = max(char.bottom - char.top, 1.0)
            if words and words[-1][-1] in line and char.x0 - words[-1][-1].x1 < size / 3:
                words[-1].append(char)
            else:
                words.append([char])
    return words


def text_of(line: list[Char]) -> str:
    return "".join(ch.text for ch in line).strip()


_CLOSING = set("，。、；：？！）》」』】”’,.;:?!)%")


def _first_unit(line: list[Char]) -> float:
    """The width of what a line starts with that could not have ended the line before: an
    ASCII word or number, or one character with the closing punctuation after it."""
    end = 1
    if line[0].text.isascii() and line[0].text.isalnum():
        while end < len(line) and line[end].text.isascii() and \
                (line[end].text.isalnum() or line[end].text in ".,%-"):
            end += 1
    while end < len(line) and line[end].text in _CLOSING:
        end += 1
    return line[end - 1].x1 - line[0].x0


def cell_text(chars: list[Char], right: float) -> str:
    """A cell's characters as its text: where the next line's first word would have fitted
    at the end of a line, that line ended a paragraph (``\n``); else it wrapped (joined
    without a break, or with the space printed at the line's end)."""
    out = ""
    lines = [line for line in lines_of(chars) if text_of(line)]
    for i, line in enumerate(lines):
        text = text_of(line)
        if i:
            previous = [ch for ch in lines[i - 1] if ch.text != " "] or lines[i - 1]
            size = max(previous[-1].bottom - previous[-1].top, 1.0)
            wrapped = right - previous[-1].x1 < _first_unit(line) + 0.4 * size + 1.5
            spaced = lines[i - 1][-1].text == " "  # wrapped where the source had a space
            out += (" " if spaced else "") if wrapped else "\n"
        out += text
    return out
