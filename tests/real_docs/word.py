"""What the corpus builders share: Word files with fixed timestamps (the same bytes each run),
tables laid out from rows of cells with their merges, and the folder they go to."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
WHEN = datetime(2000, 1, 1)
Cell = Any  # text, or (text, rows down, columns across), or None: covered by a merge
Block = tuple[str, Any]  # ("p", text) | ("table", (columns, rows)) | ("break", None)


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry stamped ``WHEN``: python-docx stamps the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=WHEN.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def table(document: Any, columns: int, rows: Sequence[Sequence[Cell]]) -> None:
    """Rows laid on a grid left to right; a (text, down, across) cell merges and moves on by
    ``across``; ``None`` is one place covered by a merge from a row above."""
    grid = document.add_table(rows=len(rows), cols=columns)
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            if cell is None:
                c += 1
                continue
            text, down, across = cell if isinstance(cell, tuple) else (cell, 1, 1)
            target = grid.cell(r, c)
            if down > 1 or across > 1:
                target = target.merge(grid.cell(r + down - 1, c + across - 1))
            if text != "":
                target.text = str(text)
            c += across


def docx_file(blocks: Sequence[Block]) -> bytes:
    """Paragraphs, tables and page breaks in order, as one Word file."""
    import docx

    document = docx.Document()
    document.core_properties.created = WHEN
    document.core_properties.modified = WHEN
    document.core_properties.last_modified_by = ""
    document.core_properties.author = ""
    for kind, value in blocks:
        if kind == "p":
            document.add_paragraph(value)
        elif kind == "break":
            document.add_page_break()
        else:
            table(document, *value)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def write_all(documents: dict[str, Callable[[], bytes]]) -> None:
    REAL.mkdir(parents=True, exist_ok=True)
    for name, build in documents.items():
        (REAL / name).write_bytes(build())
