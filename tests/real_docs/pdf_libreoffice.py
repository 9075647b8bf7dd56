"""Export every document of ``tests/data/real/`` to PDF with LibreOffice, as a publisher
does: worksheets with 自动换行 and 最适合的行高 (rows as tall as their text) and the sheet
fitted to the page's width; Word documents as they are.

Run with Debian's Python, which has LibreOffice's ``uno`` (not the project's venv)::

    apt-get install -y libreoffice-calc libreoffice-writer
    /usr/bin/python3 tests/real_docs/pdf_libreoffice.py [FILE NAME …]   # all, or those named

The PDFs are committed (``tests/data/real/pdf/lo/``), so the tests need no LibreOffice.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
OUT = REAL / "pdf" / "lo"


def _props(**values: object) -> tuple[object, ...]:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(100):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:
            time.sleep(0.2)
    raise SystemExit("LibreOffice did not start")


def _calc(document: object) -> None:
    for sheet in document.Sheets:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.RangeAddress.EndRow
        columns = cursor.RangeAddress.EndColumn
        used = sheet.getCellRangeByPosition(0, 0, columns, end)
        used.IsTextWrapped = True
        for column in used.Columns:  # wide enough for its numbers (Calc prints ### else)
            width = column.Width
            column.OptimalWidth = True
            column.Width = max(width, column.Width)
        used.Rows.OptimalHeight = True
        style = document.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
        style.ScaleToPagesX = 1
        style.ScaleToPagesY = 0


def main(names: list[str]) -> None:
    """Every document, or only those whose file names are given."""
    OUT.mkdir(parents=True, exist_ok=True)
    pipe = "jxgk-pdf-export"
    with tempfile.TemporaryDirectory() as profile:
        office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                                   f"-env:UserInstallation=file://{profile}",
                                   f"--accept=pipe,name={pipe};urp;"])
        try:
            desktop = _connect(pipe)
            for source in sorted(REAL.iterdir()):
                if source.suffix not in (".xlsx", ".docx") or names and source.name not in names:
                    continue
                document = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0,
                                                        _props(Hidden=True))
                calc = source.suffix == ".xlsx"
                if calc:
                    _calc(document)
                target = OUT / f"{source.stem}.pdf"
                document.storeToURL(target.as_uri(), _props(
                    FilterName="calc_pdf_Export" if calc else "writer_pdf_Export"))
                document.close(True)
                print(target.relative_to(REAL.parent.parent.parent), file=sys.stderr)
        finally:
            office.terminate()
            office.wait(30)


if __name__ == "__main__":
    main(sys.argv[1:])
