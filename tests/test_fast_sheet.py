"""The fast sheet writer gives the bytes openpyxl gives for the same rows, and leaves to
openpyxl the rows it cannot write itself."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.build.reproducible import epoch_time
from generator.content.discovery import read_content
from generator.downloads import fast_sheet, workbook
from generator.downloads.fields import TABLE_FIELDS
from tests.bench.synth import write_content
from tests.test_full_workbook import SEED

WHEN = epoch_time("1514764800")
TEXTS = [" 前后有空格 ", "a & b < c > d", "两行\r\n文字", "=SUM(A1:A2)", "=", "x" * 40,
         "#N/A", "y" * 40_000, "控制\x01字符"]


def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "fast_row", lambda *args, **kwargs: None)


def tricky_rows() -> list[workbook.Row]:
    width = len(TABLE_FIELDS)
    rows: list[workbook.Row] = []
    for index, text in enumerate(TEXTS):
        row: workbook.Row = [(None, None)] * width
        row[0] = (text, None)
        row[1] = (Decimal("20.645"), "0.000")
        row[2] = (index, "0")
        row[3] = ("长文字" * 30 + "\n第二行", None)  # wraps
        row[4] = (Decimal("1E+2"), "0.00")
        rows.append(row)
    return rows


def test_tricky_rows_give_openpyxl_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tricky_rows()[:-1]  # openpyxl refuses the control character, both ways
    fast = workbook.results_workbook(rows, WHEN)
    slow(monkeypatch)
    assert fast == workbook.results_workbook(rows, WHEN)
    sheet = openpyxl.load_workbook(io.BytesIO(fast)).active
    assert [sheet.cell(r, 1).value for r in range(2, 10)] == TEXTS[:-1][:6] + [
        "#N/A", "y" * 32767]
    assert sheet["B2"].value == 20.645 and sheet["B2"].number_format == "0.000"


def test_rows_left_to_openpyxl() -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = fast_sheet.add_fast_sheet(book, "x")
    assert fast_sheet.fast_row(sheet, [("#N/A", None, False)]) is None
    assert fast_sheet.fast_row(sheet, [("y" * 40_000, None, False)]) is None
    assert fast_sheet.fast_row(sheet, [(True, None, False)]) is None
    assert fast_sheet.fast_row(sheet, [(Decimal("NaN"), None, False)]) is None
    assert fast_sheet.fast_row(sheet, [(None, None, False), ("a", "0", True)]) == [
        ("B", "a", sheet.style("0", True))]
    with pytest.raises(openpyxl.utils.exceptions.IllegalCharacterError):
        workbook.results_workbook(tricky_rows()[-1:], WHEN)


@pytest.mark.parametrize("count", [0, 60])
def test_results_xlsx_bytes_as_openpyxl_writes_them(tmp_path: Path, count: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if count:
        write_content(tmp_path, count)
    content = read_content(tmp_path if count else SEED, workers=1)
    rows = [workbook.results_row(p) for p in content.projects]
    fast = workbook.full_results_workbook(content.projects, rows, WHEN)
    template = workbook.template_xlsx(WHEN)
    slow(monkeypatch)
    assert fast == workbook.full_results_workbook(content.projects, rows, WHEN)
    assert template == workbook.template_xlsx(WHEN)
