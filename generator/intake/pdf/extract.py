"""What a PDF page holds that a table is made of: each character with its box, each
straight line drawn (cell borders), and how much of the page is pictures.

Read with pypdfium2 (PDFium, Chromium's PDF engine, in C): the text layer and the page's
path objects only. Nothing here renders a page, runs JavaScript, follows an action, a link
or a launch, opens an embedded file or fetches anything: PDFium does none of that unless
asked (``FPDF_LoadDocument`` + ``FPDFText_*`` + ``FPDFPageObj_*`` never do), which is why a
PDF carrying ``/JS`` or ``/Launch`` is read as any other. This module runs in a process of
its own with a memory and time limit (:mod:`.bounded`), so a hostile file that makes PDFium
work hard costs that process, never the import.

Coordinates are turned to the page as printed: points from the top-left corner.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

MAX_PAGES = 500  # a year's disclosure of one bureau is tens of pages; a form one or two
MAX_CHARS = 60_000  # per page: a dense A3 page holds some 10,000
MAX_OBJECTS = 50_000  # page objects per page: a ruled form draws a few hundred lines
LINE_WIDTH = 3.0  # a filled rectangle thinner than this (points) is a drawn line
SKIP = {"\r", "\n", "\ufffe", "\x00"}
HYPHEN = "\x02"  # PDFium's code for a “-” it takes to end a line (it does not, in a form)


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def mid(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.top + self.bottom) / 2)


@dataclass
class Page:
    number: int  # 1-based, as printed by a viewer
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    # axis-aligned segments: (x0, top, x1, bottom) with x0 == x1 or top == bottom
    edges: list[tuple[float, float, float, float]] = field(default_factory=list)
    pictured: float = 0.0  # share of the page's area under images
    overfull: bool = False  # more characters or objects than any real page has


class Encrypted(Exception):
    """The file opens only with a password."""


class Unreadable(Exception):
    """PDFium cannot open the file (damaged, truncated, not a PDF)."""


def open_document(data: bytes) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if raw.FPDF_GetLastError() == raw.FPDF_ERR_PASSWORD:
            raise Encrypted from exc
        raise Unreadable(str(exc)) from exc


def read_page(document: Any, index: int) -> Page:
    """One page's characters, lines and pictures."""
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        result = Page(index + 1, width, height)
        _objects(page, result, height)
        text = page.get_textpage()
        try:
            _chars(text, result, height)
        finally:
            text.close()
        return result
    finally:
        page.close()
        del raw


def _chars(text: Any, page: Page, height: float) -> None:
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(text)
    if count > MAX_CHARS:
        page.overfull = True
        return
    box = raw.FS_RECTF()
    for i in range(count):
        if raw.FPDFText_IsGenerated(text, i) == 1:
            continue  # a space PDFium guessed from a gap (often between 汉字 and digits)
        code = raw.FPDFText_GetUnicode(text, i)
        char = chr(code) if 0 < code < 0x110000 else ""
        if not char or char in SKIP:
            continue  # a line break PDFium inferred: the layout decides where lines end
        if abs(raw.FPDFText_GetCharAngle(text, i)) > 0.05 and \
                abs(raw.FPDFText_GetCharAngle(text, i) - 6.2832) > 0.05:
            continue  # turned text: a stamp's ring or a watermark, never a cell's
        if not raw.FPDFText_GetLooseCharBox(text, i, box):
            continue  # the font's full height: every character of a line in one band
        left, right, top, bottom = box.left, box.right, height - box.top, height - box.bottom
        char = "-" if char == HYPHEN else " " if char.isspace() else char
        page.chars.append(Char(char, left, top, right, bottom))


def _objects(page: Any, result: Page, height: float) -> None:
    import pypdfium2.raw as raw

    area = max(result.width * result.height, 1.0)
    pictured = 0.0
    for n, obj in enumerate(page.get_objects(max_depth=4)):
        if n > MAX_OBJECTS:
            result.overfull = True
            return
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = obj.get_bounds()
            pictured += max(0.0, min(x1, result.width) - max(x0, 0.0)) * \
                max(0.0, min(y1, result.height) - max(y0, 0.0))
        elif obj.type == raw.FPDF_PAGEOBJ_PATH:
            _path(obj, result, height)
    result.pictured = min(pictured / area, 1.0)


def _path(obj: Any, page: Page, height: float) -> None:
    """A path's straight horizontal and vertical pieces; a thin filled rectangle as the line
    it draws. Its bounds are on the page already (PDFium applies the object's matrices)."""
    import pypdfium2.raw as raw

    x0, y0, x1, y1 = obj.get_bounds()
    if x1 - x0 <= LINE_WIDTH or y1 - y0 <= LINE_WIDTH:
        if max(x1 - x0, y1 - y0) > LINE_WIDTH:
            if x1 - x0 <= LINE_WIDTH:
                x = (x0 + x1) / 2
                page.edges.append((x, height - y1, x, height - y0))
            else:
                y = height - (y0 + y1) / 2
                page.edges.append((x0, y, x1, y))
        return
    count = raw.FPDFPath_CountSegments(obj)
    if count > 400:
        return  # a drawing, not a border
    matrix = obj.get_matrix()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        here = matrix.on_point(x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = here
            points = [here]
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and points:
            _segment(points[-1], here, page, height)
        points.append(here)
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _segment(here, start, page, height)


def _segment(a: tuple[float, float], b: tuple[float, float], page: Page,
             height: float) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ax - bx) < 0.5 and abs(ay - by) > LINE_WIDTH:
        page.edges.append((ax, height - max(ay, by), ax, height - min(ay, by)))
    elif abs(ay - by) < 0.5 and abs(ax - bx) > LINE_WIDTH:
        page.edges.append((min(ax, bx), height - ay, max(ax, bx), height - ay))
