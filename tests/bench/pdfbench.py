"""Benchmark: importing text PDFs of 20 and 200 pages (issue 44: ≤ 5 s and ≤ 60 s, ≤ 500 MB).

    python -m tests.bench.pdfbench [--pages 20,200] [--out build/bench-pdf]

The PDF is made of the corpus's own PDFs (``tests/data/real/pdf/``, LibreOffice's and
Chromium's, every page of each in turn, repeated until the page count is reached): forms
over one or two pages, stacked forms, lists, text pages, as a bureau's collected PDF is.
It is imported with ``--dry-run`` (everything but writing: laying out every page in the
bounded child, reading, checking in a scratch folder), timed as the wall clock, and the
memory of this process and the child together is sampled (summed PSS,
:class:`tests.bench.measure.TreeMemory`). Measurements, not tests: a missed target is
reported, the exit status is 0.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pypdf

from tests.bench.measure import TreeMemory

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "data" / "real" / "pdf").glob("*/*.pdf"))
TARGETS = {20: 5.0, 200: 60.0}
MEMORY_MB = 500


def make(pages: int, target: Path) -> Path:
    writer = pypdf.PdfWriter()
    while len(writer.pages) < pages:
        for source in CORPUS:
            for page in pypdf.PdfReader(source).pages:
                if len(writer.pages) < pages:
                    writer.add_page(page)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def measure(path: Path) -> dict[str, float]:
    from generator.intake.importer import import_workbook

    lines: list[str] = []
    with TreeMemory() as memory:
        start = time.perf_counter()
        import_workbook(path, path.parent / "content", out=lines.append, dry_run=True)
        seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "peak_mb": round(memory.peak_kib / 1024, 1),
            "lines": len(lines)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pdfbench")
    parser.add_argument("--pages", default="20,200")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-pdf")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    print("| 页数 | 文件大小 | 用时 | 目标 | 内存峰值（本进程 + 子进程） |\n|---|---|---|---|---|")
    for pages in (int(p) for p in args.pages.split(",")):
        path = make(pages, args.out / f"pages-{pages}.pdf")
        figures = measure(path)
        target = TARGETS.get(pages)
        print(f"| {pages} | {path.stat().st_size / 1024 / 1024:.1f} MB | {figures['seconds']} s | "
              f"{f'≤ {target:g} s' if target else '—'} | {figures['peak_mb']} MB "
              f"(≤ {MEMORY_MB}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
