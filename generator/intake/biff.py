"""The cells and rows of an Excel 97–2003 workbook, counted before xlrd reads it.

Why: xlrd builds every cell of every sheet it is asked for (tens of microseconds each), and
a 10 MB .xls packs a million cells (MULRK records hold many numbers each), so the guard
counts them first from the ``Workbook`` stream's BIFF records (4-byte headers: type and
length), which takes a fraction of a second, and refuses a workbook over the caps. The
stream is found by xlrd's own compound-file reader; a file it cannot read is left to xlrd,
which reports it.
"""

from __future__ import annotations

import struct

_ONE_CELL = {0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6}  # FORMULA …
_MULRK, _MULBLANK, _ROW = 0x00BD, 0x00BE, 0x0208
_HEADER = struct.Struct("<HH")


def counts(data: bytes) -> tuple[int, int]:
    """(cells, rows) of the workbook's BIFF stream; (0, 0) when it cannot be located."""
    from xlrd.compdoc import CompDoc

    try:
        document = CompDoc(data, logfile=_Quiet())
        for name in ("Workbook", "Book"):
            memory, start, size = document.locate_named_stream(name)
            if memory is not None:
                break
        else:
            return 0, 0
    except Exception:  # a damaged compound file: xlrd will say so
        return 0, 0
    cells = rows = 0
    position, end = start, start + size
    unpack = _HEADER.unpack_from
    while position + 4 <= end:
        kind, length = unpack(memory, position)
        if kind in _ONE_CELL:
            cells += 1
        elif kind == _MULRK:
            cells += max(length - 6, 0) // 6
        elif kind == _MULBLANK:
            cells += max(length - 6, 0) // 2
        elif kind == _ROW:
            rows += 1
        position += 4 + length
    return cells, rows


class _Quiet:
    """xlrd's compound-file reader writes warnings to a log file: here, nowhere."""

    def write(self, _: str) -> int:
        return 0
