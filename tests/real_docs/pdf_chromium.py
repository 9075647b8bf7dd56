"""Print every document of ``tests/data/real/`` to PDF as a web page shows it, the other way
publishers make PDFs: the document rendered to HTML (its paragraphs, and each table with
its merged cells as ``rowspan`` / ``colspan``, numbers as the worksheet displays them),
printed by Chromium::

    apt-get install -y chromium fonts-wqy-microhei   # a TrueType CJK font: small PDFs
    .venv/bin/python -m tests.real_docs.pdf_chromium [FILE NAME …]   # all, or those named

The PDFs are committed (``tests/data/real/pdf/chromium/``), so the tests need no browser.
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.intake.form.grid import Grid

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
OUT = REAL / "pdf" / "chromium"
STYLE = """<style>
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 10pt; margin: 0 }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 }
td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle }
p { margin: 3pt 0 }
</style>"""


def _shown(value: Any, number_format: str) -> str:
    """A cell's value as the worksheet shows it (the formats the corpus uses)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        if "%" in number_format:
            places = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
            return f"{Decimal(str(value)) * 100:.{places}f}%"
        if number_format.startswith("0."):
            places = len(number_format[2:]) - len(number_format[2:].lstrip("0"))
            return f"{Decimal(str(value)):.{places}f}"
        return format(Decimal(str(value)).normalize(), "f") if value != int(value) else \
            str(int(value))
    return str(value)


def table_html(grid: Grid) -> str:
    out = ["<table>"]
    for r in range(grid.height):
        out.append("<tr>")
        for c in range(len(grid.rows[r])):
            if grid.origin(r, c) != (r, c):
                continue
            rows = 1
            while r + rows < grid.height and grid.origin(r + rows, c) == (r, c):
                rows += 1
            cols = 1
            while c + cols < len(grid.rows[r]) and grid.origin(r, c + cols) == (r, c):
                cols += 1
            cell = grid.rows[r][c]
            text = html.escape(_shown(cell.value, cell.number_format)).replace("\n", "<br>")
            span = (f' rowspan="{rows}"' if rows > 1 else "") + \
                (f' colspan="{cols}"' if cols > 1 else "")
            out.append(f"<td{span}>{text}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _xlsx(path: Path) -> str:
    from generator.intake.form.xlsx import _grid, merges
    from generator.intake.guard import _sheet_titles
    from generator.intake.workbook_reader import open_workbook

    workbook, values = open_workbook(path), open_workbook(path, data_only=True)
    parts = []
    with zipfile.ZipFile(path) as archive:
        titles = {title: part for part, title in _sheet_titles(archive).items()}
        for sheet in workbook.worksheets:
            grid = _grid(sheet, values[sheet.title], merges(archive, titles[sheet.title]))
            parts.append(table_html(_trimmed(grid)))
    return "".join(parts)


def _trimmed(grid: Grid) -> Grid:
    """Without the empty columns at the right (a web page's table has none)."""
    used = max((c + 1 for row in grid.rows for c, cell in enumerate(row)
                if cell.value not in (None, "")), default=0)
    used = max([used] + [(cell.origin or (0, 0))[1] + 1 for row in grid.rows for cell in row
                         if cell.origin])
    return Grid(grid.sheet, [row[:used] for row in grid.rows], grid.locate)


def _docx(path: Path) -> str:
    from docx import Document

    from generator.intake.docx_reader import W, _cell_text, _paragraph_text, blocks
    from generator.intake.form.docx import table_grid

    parts = []
    for element in blocks(Document(str(path)).element.body):
        if element.tag == f"{W}p":
            parts.append(f"<p>{html.escape(_paragraph_text(element))}</p>")
        elif element.tag == f"{W}tbl":
            grid = table_grid(element, "表", _cell_text, [])
            if grid is not None:
                parts.append(table_html(grid))
    return "".join(parts)


STAMP = """<div style="position:absolute; top:40pt; left:300pt; width:110pt; height:110pt;
border:3pt solid #d00; border-radius:50%; color:#d00; font-size:13pt; text-align:center;
line-height:110pt; transform:rotate(-18deg)">某某县财政局</div>"""


BORDERLESS = ("zhejiang-sanmen-zhuanxiangzhai-2024", "zhejiang-tiantai-pingqiao-2022")
NO_BORDERS = "<style>td { border: none; padding: 2pt 8pt }</style>"


def _print(body: str, target: Path, scratch: Path, margins: bool = False) -> None:
    page = scratch / f"{target.stem}.html"
    page.write_text(f"<!doctype html><html lang=zh><meta charset=utf-8><title>{target.stem}"
                    f"</title>{STYLE}<body>{body}</body></html>", encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    *([] if margins else ["--no-pdf-header-footer"]),
                    f"--print-to-pdf={target}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    print(target.relative_to(REAL.parent.parent.parent))


def main(names: list[str]) -> None:
    """Every document and the extra prints, or only the documents whose names are given."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for source in sorted(REAL.iterdir()):
            if source.suffix not in (".xlsx", ".docx") or names and source.name not in names:
                continue
            body = _xlsx(source) if source.suffix == ".xlsx" else _docx(source)
            _print(body, OUT / f"{source.stem}.pdf", scratch)
        if names:
            return
        # the 河北 form printed with the browser's running header and footer (date, title,
        # address, page “1/2”) and a red seal's turned text over the table
        source = REAL / "hebei-langfang-nuantong-2019.docx"
        _print(STAMP + _docx(source), REAL.parent / "pdf" / "hebei-langfang-stamped.pdf",
               scratch, margins=True)
        # lists printed without any cell border (as WPS exports them): read by position
        for name in BORDERLESS:
            _print(NO_BORDERS + _xlsx(REAL / f"{name}.xlsx"),
                   REAL.parent / "pdf" / f"{name}-borderless.pdf", scratch)


if __name__ == "__main__":
    main(sys.argv[1:])
