"""Hostile and unreadable PDFs (issue 44, What to build 3): each is refused with its problem
code, nothing written and no traceback, the PDF named as a PDF; a PDF that carries
JavaScript, a launch action and an external link is read as any other, none followed.
A scan is refused naming its pages. The files are made here, small."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdf
import pytest

from generator.intake.importer import import_workbook, plan_import

REAL = Path(__file__).resolve().parent / "data" / "real" / "pdf" / "lo"
FORM = REAL / "hebei-langfang-nuantong-2019.pdf"  # a 自评表 over two pages
SCANNED = Path(__file__).resolve().parent / "data" / "pdf" / \
    "hebei-langfang-nuantong-2019-scanned.pdf"


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog) with a correct cross-reference table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def _pages(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)] + [page] * count)


def _bomb() -> bytes:
    """One page whose content stream inflates to 512 MB (of spaces) from half a megabyte."""
    packer = zlib.compressobj(9)
    chunk = b" " * (16 * 1024 * 1024)
    data = b"".join(packer.compress(chunk) for _ in range(32)) + packer.flush()
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data +
                b"\nendstream"])


def _loop() -> bytes:
    """A page tree whose node is its own kid."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter(clone_from=FORM)
    writer.encrypt("mima123", algorithm="RC4-128")  # pypdf without cryptography
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refused(path: Path, tmp_path: Path) -> tuple[list[str], str]:  # (lines, first)
    """The codes ``path`` is refused with and the first message; ``import`` and
    ``--dry-run`` wrote nothing and said why."""
    content = tmp_path / "content"
    lines: list[str] = []
    assert not import_workbook(path, content, out=lines.append, dry_run=True)
    assert not import_workbook(path, content, out=lines.append)
    assert not content.exists()
    assert not any("Traceback" in line for line in lines)
    assert lines[-1].endswith("未写入任何文件：请修改表格后重新导入"), lines
    return lines[:-1], lines[0]


HOSTILE = {
    "encrypted": (_encrypted, "import-encrypted"),
    "truncated": (lambda: FORM.read_bytes()[:len(FORM.read_bytes()) // 3], None),
    "ten-thousand-pages": (lambda: _pages(10_000), "import-too-large"),
    "object-bomb": (_bomb, "import-pdf-too-complex"),
    "page-tree-loop": (_loop, "import-unreadable"),
    "not-a-pdf-inside": (lambda: b"%PDF-1.7\n" + b"\0" * 5000, "import-unreadable"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_pdf_is_refused(name: str, tmp_path: Path) -> None:
    make, code = HOSTILE[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    codes = sorted({p.code for p in plan_import(path, tmp_path / "c").problems.errors})
    assert codes == [code] if code else codes, codes
    _, message = _refused(path, tmp_path)
    assert "PDF" in message, message


def test_a_truncated_pdf_is_named_as_a_pdf(tmp_path: Path) -> None:
    """Cut mid-file, the PDF is refused as a PDF, not as “不是 .xlsx 或 .docx 文件”."""
    path = tmp_path / "cut.pdf"
    path.write_bytes(FORM.read_bytes()[:2000])
    problems = plan_import(path, tmp_path / "c").problems.errors
    assert [p.code for p in problems] == ["import-unreadable"]
    assert "PDF" in problems[0].message and ".xlsx" not in problems[0].message


def test_javascript_launch_and_links_are_never_followed(tmp_path: Path) -> None:
    """A form carrying an open action that launches a program, document JavaScript and a
    link imports as the same form without them, and nothing is run."""
    marker = tmp_path / "launched"
    g = pypdf.generic
    writer = pypdf.PdfWriter(clone_from=FORM)
    script = writer._add_object(g.DictionaryObject({
        g.NameObject("/S"): g.NameObject("/JavaScript"),
        g.NameObject("/JS"): g.TextStringObject(
            f"app.launchURL('http://example.invalid/'); this.exportDataObject('{marker}');")}))
    writer._root_object[g.NameObject("/Names")] = g.DictionaryObject({
        g.NameObject("/JavaScript"): g.DictionaryObject({g.NameObject("/Names"): g.ArrayObject(
            [g.TextStringObject("run"), script])})})
    writer._root_object[g.NameObject("/OpenAction")] = g.DictionaryObject({
        g.NameObject("/S"): g.NameObject("/Launch"),
        g.NameObject("/F"): g.TextStringObject(f"/usr/bin/touch {marker}"),
        g.NameObject("/Next"): script})
    writer.add_uri(0, "http://example.invalid/", [0, 0, 100, 100])
    path = tmp_path / "actions.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert b"/Launch" in path.read_bytes() and b"/JS" in path.read_bytes()
    clean = plan_import(FORM, tmp_path / "a")
    carried = plan_import(path, tmp_path / "b")
    assert not carried.problems.errors
    assert [p.text.replace("actions.pdf", "x") for p in carried.files] == \
        [p.text.replace(FORM.name, "x") for p in clean.files]
    assert not marker.exists()


def test_a_scan_is_refused_naming_its_pages(tmp_path: Path) -> None:
    """The two-page form rasterised (pdftoppm, img2pdf): pages only pictures."""
    problems = plan_import(SCANNED, tmp_path / "c").problems.errors
    assert [p.code for p in problems] == ["import-pdf-scanned"]
    assert "第 1、2 页" in problems[0].message and "扫描" in problems[0].message
    _refused(SCANNED, tmp_path)
