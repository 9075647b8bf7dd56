"""The guard's count of a sheet's cells and rows (issue 42, point 12) is never fewer than
the cells openpyxl would build: whatever the namespace prefix, the encoding (UTF-8 bytes are
counted by pattern, UTF-16 element by element) or where the counted tags fall between the
1 MB pieces the part is read in."""

from __future__ import annotations

import io
import zipfile

import pytest

from generator.intake import xml_parts

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _scan(sheet: bytes, name: str = "xl/worksheets/sheet1.xml", cells: int = 10**9,
          rows: int = 10**9) -> xml_parts.Scan:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, sheet)
    with zipfile.ZipFile(buffer) as archive:
        return xml_parts.scan(archive, cells, rows, rows)


def _sheet(rows: int, columns: int, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    declared = f' xmlns:{prefix}="{NS}"' if prefix else f' xmlns="{NS}"'
    row = f"<{p}row>" + f'<{p}c r="A1"><{p}v>1</{p}v></{p}c>' * columns + f"</{p}row>"
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet{declared}><{p}sheetData>'
            + row * rows + f"</{p}sheetData></{p}worksheet>")


@pytest.mark.parametrize("prefix", ["", "x", "spreadsheet.main-1"])
@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_cells_and_rows_are_counted_whatever_the_prefix_and_encoding(prefix: str,
                                                                    encoding: str) -> None:
    text = _sheet(7, 3, prefix).replace('encoding="UTF-8"', f'encoding="{encoding}"')
    found = _scan(text.encode(encoding))
    assert (found.cells, found.total_rows, found.over) == (21, 7, None)
    assert _scan(text.encode(encoding), cells=20).over == "cells"


def test_tags_cut_between_pieces_are_counted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_parts, "CHUNK", 7)  # every tag falls across a piece or two
    found = _scan(_sheet(50, 4, "x").encode())
    assert (found.cells, found.total_rows) == (200, 50)


def test_a_sheet_under_another_name_is_counted_through_its_relationship() -> None:
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/worksheet" Target="data/s.bin"/>'
            '</Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/data/s.bin", _sheet(3, 5))
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
    with zipfile.ZipFile(buffer) as archive:
        found = xml_parts.scan(archive, 10**9, 10**9, 10**9)
    assert (found.cells, found.rows) == (15, {"xl/data/s.bin": 3})
