"""Hostile workbooks and documents (SPEC §4): refused in seconds, in bounded memory, with a
code of their own, and nothing written.

Each file is built here by hand with :mod:`zipfile` (or raw deflate blocks, for the 2 GB
shared string that packs into 2 MB). ``python -m generator import`` runs in a subprocess
whose address space is capped at 1 GiB (``RLIMIT_AS``): a parser that tried to inflate the
file would die rather than pass. Each case's wall time and peak memory (``ru_maxrss`` of
that child, from ``os.wait4``) are printed (``pytest -s``) and bounded.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from tests.test_importer import DISCLOSURE, good_row, workbook

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3
MAX_SECONDS = 30  # generous: the machine running the suite may be loaded (idle: 1–4 s)
MAX_RSS_MB = 400

SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


TIME = Path("/usr/bin/time")


def run_import(path: Path, content: Path, *extra: str) -> tuple[int, str, float, float]:
    """(exit code, output, seconds, peak MB) of ``python -m generator import path``.

    The peak is the child's ``ru_maxrss``: from GNU time when installed (a fork of pytest
    would carry pytest's own peak into the child's figure), else from ``os.wait4``."""
    out = content.parent / "import-output.txt"
    measured = content.parent / "import-time.txt"
    command = [sys.executable, "-m", "generator", "import", str(path), "--content",
               str(content), *extra]
    if TIME.exists():
        command = [str(TIME), "-f", "%M", "-o", str(measured), *command]
    started = time.monotonic()
    with out.open("wb") as sink:
        child = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
                                 preexec_fn=_limit)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    if TIME.exists():
        peak = int(measured.read_text().split()[-1]) / 1024
    return child.returncode, out.read_text(encoding="utf-8"), seconds, peak


def good_workbook(path: Path) -> Path:
    return workbook(path, [good_row()])


def rewrite(source: Path, target: Path, replace: dict[str, bytes] | None = None,
            add: dict[str, bytes] | None = None) -> Path:
    """A copy of the zip ``source`` with some parts replaced and others added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


def raw_zip(target: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand from already deflated parts: (name, raw deflate, crc, size)."""
    body = io.BytesIO()
    central = io.BytesIO()
    for name, data, crc, size in members:
        offset = body.tell()
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded))
        body.write(struct.pack("<4s5HIIIHH", b"PK\x03\x04", *fields[:5], *fields[5:], 0))
        body.write(encoded + data)
        central.write(struct.pack("<4s6HIIIHHHHHII", b"PK\x01\x02", 20, *fields[:5],
                                  *fields[5:], 0, 0, 0, 0, 0, offset))
        central.write(encoded)
    directory = central.getvalue()
    end = struct.pack("<4s4HIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(directory), body.tell(), 0)
    target.write_bytes(body.getvalue() + directory + end)
    return target


def deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def huge_shared_string(target: Path, template: Path, gigabytes: int = 2) -> Path:
    """``template`` with a sharedStrings.xml whose one string is ``gigabytes`` GB of “A”:
    deflate blocks of 1 MB each, flushed so that every block is the same bytes."""
    chunk = b"A" * (1024 * 1024)
    head = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
            b'.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
    tail = b"</t></si></sst>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    assert block == packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = gigabytes * 1024 - 1  # the first two blocks were compressed above
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(count + 1):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    data = first + block * (count + 1) + last
    size = len(head) + len(chunk) * (count + 1) + len(tail)
    members = []
    with zipfile.ZipFile(template) as old:
        for info in old.infolist():
            if info.filename != "xl/sharedStrings.xml":
                members.append((info.filename, *deflated(old.read(info.filename))))
    members.append(("xl/sharedStrings.xml", data, crc & 0xFFFFFFFF, size))
    return raw_zip(target, members)


def many_rows(target: Path, template: Path, rows: int, declared: bool) -> Path:
    """``template`` whose first sheet has ``rows`` rows (its dimension says so or not)."""
    dimension = f'<dimension ref="A1:A{rows}"/>' if declared else ""
    sheet = io.BytesIO()
    sheet.write((SHEET_HEAD + dimension + "<sheetData>").encode())
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in DISCLOSURE)
    sheet.write(f'<row r="1">{header}</row>'.encode())
    sheet.write("".join(f"<row><c><v>{i}</v></c></row>" for i in range(2, rows + 1)).encode())
    sheet.write(b"</sheetData></worksheet>")
    return rewrite(template, target, replace={"xl/worksheets/sheet1.xml": sheet.getvalue()})


def with_macros(target: Path, template: Path) -> Path:
    with zipfile.ZipFile(template) as old:
        types = old.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    return rewrite(template, target, replace={"[Content_Types].xml": types},
                   add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})


def with_external_link(target: Path, template: Path) -> Path:
    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            b'</externalLink>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'externalLinkPath" Target="file:///C:/secret/book.xlsx" TargetMode="External"/>'
            b'</Relationships>')
    return rewrite(template, target, add={"xl/externalLinks/externalLink1.xml": link,
                                          "xl/externalLinks/_rels/externalLink1.xml.rels": rels})


def with_entities(target: Path, template: Path) -> Path:
    laughs = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">'
                                       for i in range(1, 10)]
    text = ('<?xml version="1.0"?><!DOCTYPE sst [' + "".join(laughs) + ']><sst xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&a9;</t></si></sst>')
    return rewrite(template, target, replace={"xl/sharedStrings.xml": text.encode()})


def _entity_sst(comment: int = 0) -> str:
    return ('<?xml version="1.0"?>' + (f"<!--{'x' * comment}-->" if comment else "") +
            '<!DOCTYPE sst [<!ENTITY a "lol">]><sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><si><t>&a;</t></si></sst>')


def with_late_doctype(target: Path, template: Path) -> Path:
    """The DOCTYPE after a 5 KB comment (the old guard read the first 4 KB only)."""
    return rewrite(template, target,
                   replace={"xl/sharedStrings.xml": _entity_sst(5_000).encode()})


def with_utf16_doctype(target: Path, template: Path) -> Path:
    text = _entity_sst().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    return rewrite(template, target, replace={"xl/sharedStrings.xml": text.encode("utf-16")})


def with_renamed_part(target: Path, template: Path) -> Path:
    """The sheet under a name that is not ``*.xml``, its relationship pointing there."""
    with zipfile.ZipFile(template) as old:
        rels = old.read("xl/_rels/workbook.xml.rels").replace(
            b"worksheets/sheet1.xml", b"data/sheet.bin")
        sheet = old.read("xl/worksheets/sheet1.xml")
    hostile = sheet.replace(b"<worksheet", b"<!DOCTYPE worksheet [<!ENTITY a 'b'>]><worksheet")
    renamed = rewrite(template, target.with_name("renamed.xlsx"),
                      replace={"xl/_rels/workbook.xml.rels": rels},
                      add={"xl/data/sheet.bin": hostile})
    with zipfile.ZipFile(renamed) as old, zipfile.ZipFile(target, "w",
                                                          zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                new.writestr(info.filename, old.read(info.filename))
    return target


def _incompressible(size: int) -> str:
    """A comment of ``size`` random hex digits, so that a sheet of repeated cells stays
    under the guard's compression ratio and reaches the cell count."""
    return f"<!--{os.urandom(size // 2).hex()}-->"


def wide_sheet(target: Path, template: Path, columns: int = 16_384, rows: int = 400) -> Path:
    """``columns`` × ``rows`` empty cells (``<c/>``), no ``<dimension>``: 26 MB of XML in
    a zip of well under 1 MB."""
    body = io.BytesIO()
    body.write((SHEET_HEAD + "<sheetData>").encode())
    line = ("<row>" + "<c/>" * columns + "</row>").encode()
    for _ in range(rows):
        body.write(line)
    size = body.tell()
    body.write((_incompressible(size // 60) + "</sheetData></worksheet>").encode())
    return rewrite(template, target, replace={"xl/worksheets/sheet1.xml": body.getvalue()})


def many_sheets(target: Path, template: Path, sheets: int = 6, rows: int = 99_999) -> Path:
    """``sheets`` sheets of ``rows`` rows each: every sheet under the per-sheet cap."""

    sheet = (SHEET_HEAD + "<sheetData>" + "<row/>" * rows + "</sheetData></worksheet>").encode()
    with zipfile.ZipFile(template) as old:
        book = old.read("xl/workbook.xml").decode()
        rels = old.read("xl/_rels/workbook.xml.rels").decode()
        types = old.read("[Content_Types].xml").decode()
    extra = {}
    for i in range(2, sheets + 1):
        book = book.replace("</sheets>", f'<sheet xmlns:r="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships" name="表{i}" sheetId="{i + 10}" '
                            f'r:id="rIdS{i}"/></sheets>')
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdS{i}" Type="http://'
                            'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                            f'worksheet" Target="worksheets/sheet{i}.xml"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                              'ContentType="application/vnd.openxmlformats-officedocument.'
                              'spreadsheetml.worksheet+xml"/></Types>')
        extra[f"xl/worksheets/sheet{i}.xml"] = sheet
    return rewrite(template, target, replace={"xl/workbook.xml": book.encode(),
                                              "xl/_rels/workbook.xml.rels": rels.encode(),
                                              "[Content_Types].xml": types.encode(),
                                              "xl/worksheets/sheet1.xml": sheet}, add=extra)


def wide_xls(target: Path, _template: Path, rows: int = 1_300) -> Path:
    """An Excel 97–2003 workbook of ``rows`` × 256 blank cells (one MULBLANK record a row:
    a 0.7 MB file that xlrd would build 332,800 cells from)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("自评表")
    for r in range(rows):
        sheet.row(r).set_cell_mulblanks(0, 255)
    book.save(str(target))
    return target


def with_long_cell(target: Path, template: Path) -> Path:
    """openpyxl cuts what it writes at 32,767 characters; Excel's limit, not every tool's."""
    written = workbook(target.with_name("short.xlsx"), [good_row(主要绩效="LONG")])
    with zipfile.ZipFile(written) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    long = sheet.replace(b"LONG", ("甲" * 40_000).encode())
    return rewrite(written, target, replace={"xl/worksheets/sheet1.xml": long})


def with_formula(target: Path) -> Path:
    return workbook(target, [good_row(评价分值="=80+5")])


def with_many_members(target: Path, template: Path) -> Path:
    return rewrite(template, target, add={f"xl/media/x{i}.bin": b"" for i in range(3000)})


def with_shared_template(tmp_path: Path) -> Path:
    """A small real workbook whose header cells are shared strings (as Excel writes them;
    openpyxl itself writes inline strings)."""
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "预算年度"])
    path = tmp_path / "written.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
            b'Id="rId9"/></Relationships>')
        types = archive.read("[Content_Types].xml").replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
               '.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>项目名称</t></si>'
               '<si><t>预算年度</t></si></sst>').encode()
    sheet = (SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s">'
             '<v>1</v></c></row></sheetData></worksheet>').encode()
    template = rewrite(path, tmp_path / "template.xlsx",
                       replace={"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types,
                                "xl/worksheets/sheet1.xml": sheet},
                       add={"xl/sharedStrings.xml": strings})
    workbook_ = openpyxl.load_workbook(template)
    assert workbook_.active["A1"].value == "项目名称"
    return template


CASES = {
    "2 GB shared string in a 2 MB file": ("import-zip-bomb", "压缩炸弹",
                                          lambda t, s: huge_shared_string(t, s)),
    "2,000,000 rows, declared": ("import-too-many-rows", "超过上限 100000 行",
                                 lambda t, s: many_rows(t, s, 2_000_000, True)),
    "2,000,000 rows, undeclared": ("import-too-many-rows", "超过上限 100000 行",
                                   lambda t, s: many_rows(t, s, 2_000_000, False)),
    "macros (vbaProject.bin)": ("import-macros", "宏不会被执行", with_macros),
    "external link": ("import-external-link", "外部链接不会被打开", with_external_link),
    "billion laughs": ("import-xml-entity", "DOCTYPE", with_entities),
    "DOCTYPE after a 5 KB comment": ("import-xml-entity", "DOCTYPE", with_late_doctype),
    "UTF-16 part with a DOCTYPE": ("import-xml-entity", "DOCTYPE", with_utf16_doctype),
    "sheet part under another name": ("import-xml-entity", "xl/data/sheet.bin",
                                      with_renamed_part),
    "16,384 columns × 400 rows": ("import-too-many-cells", "单元格超过上限", wide_sheet),
    "6 sheets × 99,999 rows": ("import-too-many-rows", "合计超过上限", many_sheets),
    "Excel 97-2003, 1,300 × 256 cells": ("import-too-many-cells", "超过上限 300,000",
                                         wide_xls),
    "3,000 zip members": ("import-too-large", "超过上限 2000", with_many_members),
    "40,000-character cell": ("import-cell-too-long", "超过单元格上限", with_long_cell),
    "formula": ("import-formula", "是公式", lambda t, s: with_formula(t)),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_refused_quickly_and_nothing_written(tmp_path: Path, case: str) -> None:
    code, words, make = CASES[case]
    suffix = ".xlsm" if "macros" in case else ".xls" if "97-2003" in case else ".xlsx"
    hostile = make(tmp_path / f"hostile{suffix}", with_shared_template(tmp_path))
    content = tmp_path / "content"
    content.mkdir()
    status, output, seconds, peak = run_import(hostile, content)
    print(f"\n[hostile] {case}: {hostile.stat().st_size / 1e3:.0f} KB file, refused with "
          f"{code} in {seconds:.2f} s, peak {peak:.0f} MB")
    assert status == 1, output
    assert words in output, output
    assert "未写入任何文件" in output, output
    assert list(content.rglob("*")) == []
    assert seconds < MAX_SECONDS and peak < MAX_RSS_MB, (seconds, peak)
    from generator.intake.plan import plan_import

    if "2 GB" not in case and "2,000,000" not in case:  # in-process: the code itself
        assert code in {p.code for p in plan_import(hostile, content).problems}


def test_macro_extension_alone_is_refused(tmp_path: Path) -> None:
    from generator.intake.plan import plan_import

    path = good_workbook(tmp_path / "book.xlsx")
    renamed = path.rename(tmp_path / "book.xlsm")
    content = tmp_path / "content"
    assert "import-macros" in {p.code for p in plan_import(renamed, content).problems}


def test_ordinary_workbook_still_imports_under_the_limit(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    status, output, seconds, peak = run_import(good_workbook(tmp_path / "ok.xlsx"), content)
    print(f"\n[hostile] ordinary workbook: imported in {seconds:.2f} s, peak {peak:.0f} MB")
    assert status == 0, output
    assert len(list(content.rglob("*.yml"))) == 1


def test_defusedxml_is_used_by_openpyxl() -> None:
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML is True
