"""Every XML part of an Office file parsed once, in full, before any reader sees it.

Why: looking at the first bytes of the parts named ``*.xml`` missed a DOCTYPE after a long
comment, a UTF-16 part and a main part under another name, and a sheet's ``<dimension>``
says nothing true about its size. So every part of the zip that could be XML (whatever its
name) goes through expat (the parser openpyxl's defusedxml wraps), streamed in 1 MB pieces,
with a DOCTYPE or entity declaration stopping it at once; expat reads UTF-8 and UTF-16,
with or without a byte-order mark, and refuses multi-byte legacy encodings, so a part it
cannot read is refused rather than left to lxml. The ``<row>`` and ``<c>`` elements of
SpreadsheetML are counted while parsing, in every part a workbook relationship names as a
sheet and every part under ``xl/worksheets/``, and the scan stops as soon as a cap is
passed: a sheet of 16,384 columns or six sheets of 99,999 rows cost seconds, not the
minutes and gigabytes openpyxl would spend building their cells. The parts' unpacked sizes
have been bounded by :mod:`.guard` before this runs.
"""

from __future__ import annotations

import posixpath
import pyexpat
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

CHUNK = 1024 * 1024
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL = f"{SHEET_NS} row", f"{SHEET_NS} c"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPES = ("/worksheet", "/chartsheet", "/dialogsheet")
_ENCODING = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
# how an XML document may start (XML 1.0 appendix F), a byte-order mark, or markup
_XML_STARTS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<", b"\0<", b"<\0", b"\0\0\0<",
               b"<\0\0\0", b"\x4c\x6f\xa7\x94")


class _Stop(Exception):
    """Raised from a handler: the part is refused (DOCTYPE) or a cap is passed."""


@dataclass
class Scan:
    """What the parse found: the first refused part and why, and the counts."""

    entity: str | None = None  # a part with a DOCTYPE or entity declaration
    unreadable: tuple[str, str] | None = None  # (part, expat's reason)
    rows: dict[str, int] = field(default_factory=dict)  # sheet part -> <row> elements
    cells: int = 0  # <c> elements of every sheet part
    over: str | None = None  # "cells" or "rows": the scan stopped at that cap

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _looks_like_xml(head: bytes) -> bool:
    """Whether a part may be XML to some parser: a byte-order mark or ``<`` in any of the
    encodings XML allows, after ASCII white space. Images and OLE streams are not."""
    return head.lstrip(b" \t\r\n").startswith(_XML_STARTS)


def _relationship_sheets(name: str, targets: list[tuple[str, str]]) -> set[str]:
    """The parts a ``*.rels`` part names as sheets, resolved as OPC resolves them (relative
    to the folder above ``_rels``, or from the package root)."""
    base = posixpath.dirname(posixpath.dirname(name))
    found = set()
    for kind, target in targets:
        if kind.endswith(_SHEET_TYPES):
            joined = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(base, target))
            found.add(joined)
    return found


def _utf8(head: bytes) -> bool:
    """Whether a part is UTF-8 (or ASCII): no UTF-16/32 byte order or layout, and no other
    encoding declared."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\0", b"<\0")):
        return False
    declared = _ENCODING.match(head)
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii",
                                                             b"ascii")


def _parse(archive: zipfile.ZipFile, name: str,
           on_element: Callable[[str, dict[str, str]], None] | None,
           counter: _Counter | None = None) -> str | None:
    """Parse one part fully; None when it is well-formed and declares nothing, "DOCTYPE"
    when it declares a DTD or entity, else expat's reason. Not XML at all: None.

    ``counter`` counts a sheet's cells and rows: on the bytes when the part is UTF-8 (a
    regular expression at C speed), else element by element as expat reports them."""

    def refuse(*_: object) -> int:
        raise _Stop("DOCTYPE")

    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    if on_element is not None:
        parser.StartElementHandler = on_element
    first, on_bytes = True, False
    try:
        with archive.open(name) as member:
            while piece := member.read(CHUNK):
                if first and not _looks_like_xml(piece[:8]):
                    return None
                if first and counter is not None:
                    on_bytes = _utf8(piece[:200].lstrip(b"\xef\xbb\xbf"))
                    if not on_bytes:
                        parser.StartElementHandler = counter.element
                first = False
                parser.Parse(piece, False)
                if on_bytes and counter is not None:
                    counter.piece(piece)
            if not first:
                parser.Parse(b"", True)
    except _Stop as stop:
        if str(stop) == "DOCTYPE":
            return "DOCTYPE"
        raise
    except pyexpat.ExpatError as exc:
        return str(exc)
    except ValueError as exc:  # "multi-byte encodings are not supported"
        return str(exc)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
        return type(exc).__name__
    return None


def scan(archive: zipfile.ZipFile, max_cells: int, max_rows: int, max_sheet_rows: int
         ) -> Scan:
    """Parse every part; stop at the first refusal or at a cap (see the module's note)."""
    result = Scan()
    infos = [i for i in archive.infolist() if not i.is_dir() and i.file_size]
    rels = [i for i in infos if i.filename.lower().endswith(".rels")]
    sheets: set[str] = set()
    for info in rels + [i for i in infos if i not in rels]:
        name = info.filename
        handler: Callable[[str, dict[str, str]], None] | None = None
        counter = None
        if info in rels:
            targets: list[tuple[str, str]] = []
            handler = _relationships(targets)
        elif name in sheets or name.startswith("xl/worksheets/"):
            counter = _Counter(result, name, (max_cells, max_rows, max_sheet_rows))
        try:
            reason = _parse(archive, name, handler, counter)
        except _Stop:
            return result  # result.over says which cap
        if reason == "DOCTYPE":
            result.entity = name
            return result
        if reason is not None:
            result.unreadable = (name, reason)
            return result
        if info in rels:
            sheets |= _relationship_sheets(name, targets)
    return result


def _relationships(targets: list[tuple[str, str]]) -> Callable[[str, dict[str, str]], None]:
    def relationship(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_RELS_NS} Relationship":
            targets.append((attrs.get("Type", ""), attrs.get("Target", "")))
    return relationship


class _Counter:
    """The ``<row>`` and ``<c>`` elements of one sheet part, added to the scan's totals;
    raises :class:`_Stop` (with ``result.over`` set) as soon as a cap is passed.

    On UTF-8 bytes a start tag is ``<`` and its name, whatever the prefix (``<x:c ``), and
    ``<`` cannot occur unescaped in text, so counting tags whose local name is ``c`` or
    ``row`` misses none; one in a comment or another namespace counts too (more, never
    fewer). A tag cut between two pieces is counted with the next."""

    _TAGS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row)[\s/>]")

    def __init__(self, result: Scan, name: str, caps: tuple[int, int, int]) -> None:
        self.result, self.name, self.caps = result, name, caps
        self.carry = b""
        result.rows[name] = 0

    def element(self, tag: str, _attrs: dict[str, str]) -> None:
        if tag == _CELL:
            self.add(1, 0)
        elif tag == _ROW:
            self.add(0, 1)

    def piece(self, data: bytes) -> None:
        data = self.carry + data
        cut = data.rfind(b"<")
        whole, self.carry = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
        found = self._TAGS.findall(whole)
        rows = found.count(b"row")
        self.add(len(found) - rows, rows)

    def add(self, cells: int, rows: int) -> None:
        result = self.result
        result.cells += cells
        result.rows[self.name] += rows
        max_cells, max_rows, max_sheet_rows = self.caps
        if result.cells > max_cells:
            result.over = "cells"
        elif result.rows[self.name] > max_sheet_rows:
            result.over = "sheet-rows"
        elif rows and result.total_rows > max_rows:
            result.over = "rows"
        if result.over:
            raise _Stop("cap")
