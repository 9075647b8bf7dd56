"""The evidence for the PDF library (issue 44): PDFium through pypdfium2 (characters with
their boxes, and the page's path objects, laid out by :mod:`generator.intake.pdf.layout`)
against pdfplumber 0.11.10 on pdfminer.six (its own table finder, lines strategy) on the
corpus's PDFs. Each library runs in a fresh process per file, for its time and peak memory;
the tables are compared with ours, which import as the sources (tests/test_pdf_import.py):
the same cells (rows × columns and every cell's text, spaces and line breaks removed).

    .venv/bin/pip install pdfplumber==0.11.10   # not a dependency: for this comparison only
    python -m tests.bench.pdflibs
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "data" / "real" / "pdf").glob("*/*.pdf"))


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def ours(path: Path) -> list[list[list[str]]]:
    from generator.intake.pdf.extract import open_document, read_page
    from generator.intake.pdf.layout import Table, layout

    document = open_document(path.read_bytes())
    tables = []
    for i in range(len(document)):
        for block in layout(read_page(document, i)).blocks:
            if isinstance(block, Table):
                tables.append([[_squash(block.texts.get((r, c)))
                                for c in range(block.columns) if block.origins[r][c] == (r, c)]
                               for r in range(block.rows)])
    return tables


def plumber(path: Path) -> list[list[list[str]]]:
    import pdfplumber  # type: ignore[import-not-found]  # installed for this comparison only

    tables = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                tables.append([[_squash(cell) for cell in row if cell is not None]
                               for row in table])
    return tables


def child(which: str, path: str) -> None:
    import resource
    import time

    start = time.perf_counter()
    tables = (ours if which == "ours" else plumber)(Path(path))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "mb": peak, "tables": tables}, ensure_ascii=False))


def main() -> None:
    totals = {"ours": [0.0, 0.0], "pdfplumber": [0.0, 0.0]}
    same = 0
    differ = []
    for path in CORPUS:
        results = {}
        for which in ("ours", "pdfplumber"):
            done = subprocess.run([sys.executable, "-m", "tests.bench.pdflibs", which, str(path)],
                                  capture_output=True, text=True, check=True, cwd=ROOT)
            results[which] = json.loads(done.stdout)
            totals[which][0] += results[which]["seconds"]
            totals[which][1] = max(totals[which][1], results[which]["mb"])
        if results["ours"]["tables"] == results["pdfplumber"]["tables"]:
            same += 1
        else:
            differ.append(f"{path.parent.name}/{path.name}")
    print(f"{len(CORPUS)} PDFs; pdfplumber's tables the same as ours in {same}")
    for name, (seconds, mb) in totals.items():
        print(f"{name}: {seconds:.2f} s in all, peak {mb:.0f} MB (one process, largest file)")
    print("differ:", ", ".join(differ))


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], sys.argv[2])
    else:
        main()
