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
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

CHUNK = 1024 * 1024
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL = f"{SHEET_NS} row", f"{SHEET_NS} c"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPES = ("/worksheet", "/chartsheet", "/dialogsheet")
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


def _parse(archive: zipfile.ZipFile, name: str,
           on_element: Callable[[str, dict[str, str]], None] | None) -> str | None:
    """Parse one part fully; None when it is well-formed and declares nothing, "DOCTYPE"
    when it declares a DTD or entity, else expat's reason. Not XML at all: None."""

    def refuse(*_: object) -> int:
        raise _Stop("DOCTYPE")

    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    if on_element is not None:
        parser.StartElementHandler = on_element
    first = True
    try:
        with archive.open(name) as member:
            while piece := member.read(CHUNK):
                if first and not _looks_like_xml(piece[:8]):
                    return None
                first = False
                parser.Parse(piece, False)
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
        if info in rels:
            targets: list[tuple[str, str]] = []

            handler = _relationships(targets)
        elif name in sheets or name.startswith("xl/worksheets/"):
            handler = _counter(result, name, max_cells, max_rows, max_sheet_rows)
        try:
            reason = _parse(archive, name, handler)
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


def _counter(result: Scan, name: str, max_cells: int, max_rows: int, max_sheet_rows: int
             ) -> Callable[[str, dict[str, str]], None]:
    result.rows[name] = 0

    def count(tag: str, _attrs: dict[str, str]) -> None:
        if tag == _CELL:
            result.cells += 1
            if result.cells > max_cells:
                result.over = "cells"
                raise _Stop("cap")
        elif tag == _ROW:
            result.rows[name] += 1
            if result.rows[name] > max_sheet_rows or result.total_rows > max_rows:
                result.over = "sheet-rows" if result.rows[name] > max_sheet_rows else "rows"
                raise _Stop("cap")
    return count
