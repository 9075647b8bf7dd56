"""PDFs of the real documents (``tests/data/real/pdf/``), exported by LibreOffice and printed
by Chromium from a web page of the same table, import to exactly what their source .xlsx or
.docx imports to (the same files with the same content), or are refused for the same
reason, in ``import`` and ``import --dry-run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.intake.importer import import_workbook, plan_import

REAL = Path(__file__).resolve().parent / "data" / "real"
PDFS = sorted((REAL / "pdf").glob("*/*.pdf"))
SOURCES = {p.stem: p for p in REAL.iterdir() if p.suffix in (".xlsx", ".docx")}


def _outcome(document: Path, content: Path) -> tuple[list[str], dict[str, Any]]:
    plan = plan_import(document, content)
    codes = sorted({p.code for p in plan.problems.errors})
    return codes, {p.relpath: yaml.safe_load(p.text) for p in plan.files}


def _written(content: Path) -> dict[str, Any]:
    return {str(p.relative_to(content)): yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(content.rglob("*.yml"))}


def test_every_document_has_its_pdfs_known_as_pdfs() -> None:
    """Each producer exported every document, and each is known as a PDF by its content."""
    from generator.intake.guard import kind_of

    for producer in ("lo", "chromium"):
        assert {p.stem for p in (REAL / "pdf" / producer).glob("*.pdf")} == set(SOURCES), \
            producer
    assert {kind_of(p) for p in PDFS} == {"pdf"}


@pytest.mark.parametrize("pdf", PDFS, ids=[f"{p.parent.name}-{p.stem}" for p in PDFS])
def test_a_pdf_imports_as_its_source(pdf: Path, tmp_path: Path) -> None:
    source = SOURCES[pdf.stem]
    wanted = _outcome(source, tmp_path / "a")
    found = _outcome(pdf, tmp_path / "b")
    assert found[0] == wanted[0]
    assert found[1] == wanted[1]
    lines: list[str] = []
    ok = not wanted[0]
    assert import_workbook(pdf, tmp_path / "dry", out=lines.append, dry_run=True) is ok, lines
    assert not (tmp_path / "dry").exists()
    assert import_workbook(pdf, tmp_path / "pdf", out=lines.append) is ok, lines
    assert import_workbook(source, tmp_path / "src", out=lines.append) is ok, lines
    assert _written(tmp_path / "pdf") == _written(tmp_path / "src")
    if ok:
        assert _written(tmp_path / "pdf")


BORDERLESS = sorted((REAL.parent / "pdf").glob("*-borderless.pdf"))


@pytest.mark.parametrize("pdf", BORDERLESS, ids=[p.stem for p in BORDERLESS])
def test_a_list_printed_without_borders_imports_as_its_source(pdf: Path, tmp_path: Path
                                                             ) -> None:
    """The 浙江 notices printed with no cell border at all (as WPS exports a list), their
    cells wrapping over two lines: the columns found from the words' positions."""
    source = SOURCES[pdf.stem.removesuffix("-borderless")]
    wanted = _outcome(source, tmp_path / "a")
    assert not wanted[0] and wanted[1]
    assert _outcome(pdf, tmp_path / "b") == wanted
