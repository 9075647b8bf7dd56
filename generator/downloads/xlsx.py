"""The site's workbooks written directly as SpreadsheetML, streamed into the zip.

openpyxl built every cell as an object: at 10,000 projects the full ``results.xlsx`` (six
million cells) took 290 s, most of a build's time, and XlsxWriter (measured on the same
rows) was still 6x slower than writing the XML here. The format needs little: inline
strings (no shared-string table to hold in memory), a fixed style sheet (bold header,
wrapped text, one number format per count of decimals), a frozen header row, column widths,
an auto filter. Every row and cell carries its reference (``r``), as Excel writes them, so
strict readers read it too. The tests reopen every workbook with openpyxl, an independent
reader, and compare values, formats and layout.

A sheet's rows go to a file as they come, with a placeholder for each row's number (the
widths, which the sheet's XML holds before the cells, are known only at the end; and a
project's rows, spooled once, can be reused in another build at another place, see
:mod:`generator.downloads.parts`): nothing holds a whole sheet in memory. The rows' cells
are written by :mod:`generator.downloads.sheet_cells`; here, the sheets and the package.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, NamedTuple

from generator.base.reproducible import FixedTimeZip
from generator.base.xml_text import escape, quoteattr
from generator.downloads.deflate import (
    BlockStore,
    Copied,
    Layout,
    Named,
    cut_at,
    deflated,
    write_segments,
)
from generator.downloads.parts import read_ranges
from generator.downloads.sheet_cells import (
    FORMATS,
    MAX_DECIMALS,
    MAX_WIDTH,
    MIN_WIDTH,
    PLACE,
    XF_HEADER,
    XF_NUMBER,
    Row,
    cell_text,
    column_letter,
    display_width,
    rows_xml,
)

# Spooled rows in blocks (see Sheet.segments): the store, what every block depends on
# besides its rows, and per project (its id, where blocks may be cut; its key, what a
# block is known by; its offset, length and rows in the spool): made when the sheet is
# written, so that a workbook holds one sheet's plan at a time
Blocks = tuple[BlockStore, str, Callable[[], "BlockPlan"]]


class BlockPlan(NamedTuple):
    """A sheet's projects column by column: where blocks end (:func:`.deflate.stops`),
    each project's file and key (what a block is known by), and its offset, length and
    rows in the spool. ``spans``: each block's projects' digest, by (first, end), shared
    by the sheets of a workbook whose projects have the same keys (a workbook's eight
    sheets: 100,000 projects' keys joined and digested once, not eight times)."""

    ends: list[int]
    keys: Sequence[str]
    offsets: Sequence[int]
    lengths: Sequence[int]
    rows: Sequence[int]
    spans: dict[tuple[int, int], str] | None = None


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ZIP64_CELLS = 20_000_000  # a sheet this large may pass 2 GiB of XML: its entry is Zip64
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


class Sheet:
    """One worksheet: its rows are spooled into a file as they come (or were, by
    :mod:`generator.downloads.parts`), while the column widths are measured; the sheet's
    head (which holds the widths) is written before them when the workbook is assembled."""

    def __init__(self, title: str, headers: list[str], rows: Iterable[Row] = (),
                 spooled: tuple[IO[bytes], int, list[int]] | None = None,
                 blocks: Blocks | None = None) -> None:
        self.title, self.headers = title, headers
        self.blocks = blocks
        self.widths = [display_width(h) for h in headers]
        self.letters = [column_letter(i) for i in range(1, len(headers) + 1)]
        if spooled is not None:  # rows already spooled: (file, count, widths)
            self.cells, self.count, widths = spooled
            self.widths = [max(a, b) for a, b in zip(self.widths, widths, strict=True)]
            return
        self.count = 0
        self.cells = tempfile.TemporaryFile()
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 512:
                self._spool(batch)
        self._spool(batch)

    def _spool(self, batch: list[Row]) -> None:
        xml, count = rows_xml(batch, self.letters, self.widths)
        self.cells.write(xml.encode())
        self.count += count
        batch.clear()

    @property
    def extent(self) -> str:
        return f"A1:{self.letters[-1]}{self.count + 1}"

    @property
    def absolute_extent(self) -> str:
        """The extent as a defined name holds it: '项目'!$A$1:$X$101."""
        title = self.title.replace("'", "''")
        return f"'{title}'!$A$1:${self.letters[-1]}${self.count + 1}"

    def _head(self) -> bytes:
        """The sheet's XML before the rows of data: settings, widths and the header row."""
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{min(max(w + 2, MIN_WIDTH), MAX_WIDTH)}" '
            'customWidth="1"/>' for i, w in enumerate(self.widths, 1))
        header = "".join(f'<c r="{self.letters[i]}1" s="{XF_HEADER}" t="inlineStr"><is><t>'
                         f'{cell_text(h)}</t></is></c>' for i, h in enumerate(self.headers))
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS}" xmlns:r="{DOC_RELS}"><dimension ref="{self.extent}"/>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
            f'<row r="1">{header}</row>').encode()

    def _tail(self) -> bytes:
        tail = f'<autoFilter ref="{self.extent}"/>' if self.count else ""
        return (f'</sheetData>{tail}<pageMargins left="0.75" right="0.75" top="1" '
                'bottom="1" header="0.5" footer="0.5"/></worksheet>').encode()

    def write(self, out: IO[bytes]) -> None:
        out.write(self._head())
        self._numbered(out)
        out.write(self._tail())

    def _numbered(self, out: IO[bytes]) -> None:
        """The spooled rows with their numbers put in (from 2: the header is row 1)."""
        number, rest = 2, b""
        self.cells.seek(0)
        while chunk := self.cells.read(1 << 20):
            rows = (rest + chunk).split(ROW_END)
            rest = rows.pop()
            out.write(_numbers(rows, number))
            number += len(rows)
        self.cells.close()
        if rest or number - 2 != self.count:
            raise ValueError(f"worksheet {self.title}: {number - 2} rows spooled, "
                             f"{self.count} counted")

    def segments(self, previous: Layout | None = None) -> Iterator[Named]:
        """The sheet deflated in blocks (see :mod:`generator.downloads.deflate`), those
        of unchanged rows at the same place taken from the block store, or copied from the
        file last written where ``previous`` (its layout) says they lie. Named by the block
        store's names (the head and the tail, deflated each time, by None)."""
        assert self.blocks is not None
        store, base, make_plan = self.blocks
        plan = make_plan()
        yield None, deflated(self._head())
        number = 2
        keys = plan.keys
        spans = plan.spans if plan.spans is not None else {}
        for first, end in cut_at(plan.ends, plan.lengths):
            rows = sum(plan.rows[first:end])
            span = spans.get((first, end))
            if span is None:
                span = spans[first, end] = BlockStore.span(keys[first:end])
            name = store.name(base, self.title, str(number), span)
            placed = previous.get(name) if previous is not None else None
            if placed is not None:
                store.used.add(name)
                yield name, Copied(*placed)
            else:
                ranges = list(zip(plan.offsets[first:end], plan.lengths[first:end],
                                  strict=True))
                yield name, store.get(name, partial(self._block, ranges, number, rows))
            number += rows
        self.cells.close()
        if number - 2 != self.count:
            raise ValueError(f"worksheet {self.title}: {number - 2} rows in blocks, "
                             f"{self.count} counted")
        yield None, deflated(self._tail())

    def _block(self, ranges: list[tuple[int, int]], first: int, count: int) -> bytes:
        """The rows of some projects, at these places in the spool (see
        :meth:`generator.downloads.parts.Stream.ranges`), numbered from ``first``."""
        rows = b"".join(read_ranges(self.cells, ranges)).split(ROW_END)
        if rows.pop() or len(rows) != count:
            raise ValueError(f"worksheet {self.title}: rows from {first} are not {count}")
        return _numbers(rows, first)


ROW_END = b"</row>"


def _numbers(rows: list[bytes], first: int) -> bytes:
    """Rows (split at their ends) with their numbers, from ``first``, in place of PLACE."""
    place = PLACE.encode()
    return b"".join(row.replace(place, b"%d" % (first + i)) + ROW_END
                    for i, row in enumerate(rows))


def _styles() -> str:
    formats = "".join(f'<numFmt numFmtId="{164 + d}" formatCode="{code}"/>'
                      for code, d in ((c, x - XF_NUMBER) for c, x in FORMATS.items()))
    numbers = "".join(f'<xf numFmtId="{164 + d}" fontId="0" fillId="0" borderId="0" xfId="0" '
                      'applyNumberFormat="1"/>' for d in range(MAX_DECIMALS + 1))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{NS}">'
        f'<numFmts count="{len(FORMATS)}">{formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{XF_NUMBER + MAX_DECIMALS + 1}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
        'applyAlignment="1"><alignment vertical="center"/></xf>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        f'<alignment vertical="top" wrapText="1"/></xf>{numbers}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>')


def _package(sheets: list[Sheet], when: datetime) -> list[tuple[str, str]]:
    """Every part but the worksheets: content types, relationships, workbook, styles and
    document properties (the build's time, so the same content gives the same bytes)."""
    n = len(sheets)
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1))
    types = (
        f'{xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/>{sheet_types}'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.extended-properties+xml"/></Types>')
    rels = (
        f'{xml}<Relationships xmlns="{PKG_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/'
        'officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="'
        f'{PKG_RELS}/metadata/core-properties" Target="docProps/core.xml"/><Relationship '
        f'Id="rId3" Type="{DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
        '</Relationships>')
    entries = "".join(f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, 1))
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(s.absolute_extent)}</definedName>" for i, s in enumerate(sheets) if s.count)
    workbook = (
        f'{xml}<workbook xmlns="{NS}" xmlns:r="{DOC_RELS}"><bookViews><workbookView '
        f'activeTab="0"/></bookViews><sheets>{entries}</sheets>'
        + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>")
    book_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC_RELS}/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
    book_rels = (f'{xml}<Relationships xmlns="{PKG_RELS}">{book_rels}<Relationship '
                 f'Id="rId{n + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
                 '</Relationships>')
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        f'{xml}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
        'XMLSchema-instance"><dc:creator>generator</dc:creator><dcterms:created '
        f'xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created><dcterms:modified '
        f'xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
    app = (f'{xml}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>Microsoft Excel</Application></Properties>')
    return [("[Content_Types].xml", types), ("_rels/.rels", rels),
            ("docProps/app.xml", app), ("docProps/core.xml", core),
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", book_rels),
            ("xl/styles.xml", _styles())]


def workbook_bytes(sheets: list[Sheet], when: datetime) -> bytes:
    """The workbook as bytes (fixed times: the same sheets give the same bytes)."""
    buffer = io.BytesIO()
    write_workbook(buffer, sheets, when)
    return buffer.getvalue()


PIECE = 1 << 20


def workbook_pieces(sheets: list[Sheet], when: datetime, folder: Path | None = None,
                    layout: Layout | None = None) -> Iterator[bytes]:
    """The workbook's bytes in pieces, as :func:`workbook_bytes` gives them whole: written
    into a temporary file (in ``folder``) first, since the zip goes back to each entry's
    header. The full ``results.xlsx`` is 22 MiB at 10,000 projects, held whole in memory
    before. ``layout``: where its blocks lie, recorded (see :func:`write_workbook`)."""
    with tempfile.TemporaryFile(dir=folder) as spool:
        write_workbook(spool, sheets, when, layout=layout)
        spool.seek(0)
        while piece := spool.read(PIECE):
            yield piece


def write_workbook(target: IO[bytes] | Path, sheets: list[Sheet], when: datetime,
                   source: IO[bytes] | None = None, previous: Layout | None = None,
                   layout: Layout | None = None) -> None:
    """The workbook into ``target``. Sheets in blocks: each block that ``previous`` (the
    layout of the workbook ``source``) places is copied from ``source``; where each block
    lies in ``target`` is recorded in ``layout``."""
    with FixedTimeZip(target, when) as archive:
        for name, text in _package(sheets, when):
            archive.writestr(name, text.encode())
        for index, sheet in enumerate(sheets, 1):
            large = sheet.count * len(sheet.headers) >= ZIP64_CELLS
            with archive.open_fixed(f"xl/worksheets/sheet{index}.xml", large) as out:
                if sheet.blocks is None:
                    sheet.write(out)
                else:
                    write_segments(out, sheet.segments(previous if source else None),
                                   source, layout)
