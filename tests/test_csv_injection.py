"""CSV downloads are safe to open in Excel and WPS: no text cell can run as a formula.

A project whose texts begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
added to the seeds; every CSV the site offers (the downloads and the charts' data tables) is
read back with the csv module. Such a cell must come back with a leading ``'`` (OWASP's
rule), while the numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.content.discovery import read_content
from generator.core.csv_cells import TRIGGERS, safe_cell, safe_rows
from generator.downloads.files import export_files

SEED = Path(__file__).resolve().parent.parent / "content"
ATTACKS = ['=HYPERLINK("http://example.invalid/x","点我")', "+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "\t=1+1", "\r=1+1"]
INJECTED = yaml.safe_dump({
    "name": ATTACKS[0], "year": 2018, "department": ATTACKS[1], "authority": "测试主管部门",
    "evaluator": ATTACKS[2], "method": "第三方评价", "budget": "10.00", "spent": "9.50",
    "score": 85, "grade": "良", "achievements": [ATTACKS[3]], "problems": [ATTACKS[4]],
    "recommendations": [ATTACKS[5]], "rectification": ["-3"],
    "other_fields": {"=1+2": "联系人", "项目负责人": ATTACKS[1]}}, allow_unicode=True)


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    root = tmp_path_factory.mktemp("injected") / "content"
    shutil.copytree(SEED, root)
    (root / "projects" / "2018" / "injected.yml").write_text(INJECTED, encoding="utf-8")
    content = read_content(root, workers=1)
    assert not content.errors, content.problems
    files = export_files(content)
    return {path: list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            for path, data in files.items() if path.endswith(".csv")}


def test_every_csv_is_read(csv_files: dict[str, list[list[str]]]) -> None:
    assert {"data/results.csv", "data/2018/results.csv", "data/indicators.csv",
            "data/rectification.csv"} <= set(csv_files)


def test_no_text_cell_can_run_as_a_formula(csv_files: dict[str, list[list[str]]]) -> None:
    for path, rows in csv_files.items():
        for row in rows:
            for cell in row:
                assert not cell.startswith(TRIGGERS) or is_number(cell), (path, cell)


def test_the_injected_texts_are_kept_behind_a_quote(
        csv_files: dict[str, list[list[str]]]) -> None:
    header, *rows = csv_files["data/results.csv"]
    (row,) = [dict(zip(header, r, strict=True)) for r in rows
              if r[header.index("项目编号")] == "2018/injected"]
    assert row["项目名称"] == "'" + ATTACKS[0]
    assert row["项目单位"] == "'" + ATTACKS[1]
    assert row["评价机构"] == "'" + ATTACKS[2]
    assert row["主要绩效"] == "'" + ATTACKS[3]
    assert row["存在问题"] == "'\t=1+1"
    assert row["原表其他栏目"] == "'=1+2：联系人\n项目负责人：" + ATTACKS[1]
    assert row["预算金额（万元）"] == "10.00" and row["实际支出（万元）"] == "9.50"
    rectified = [r for r in csv_files["data/rectification.csv"] if r[0] == "2018/injected"]
    assert [r[2] for r in rectified] == ["-3"]  # a number stays a number


def test_numbers_stay_numbers() -> None:
    for number in ["-1.50", "+3", "-5.00%", "0", "87.74", "-.5"]:
        assert safe_cell(number) == number
    for text in ["-", "--", "-2+3", "=1", "@A1", "+x", "\t1", "\r1"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell("项目") == "项目"


_CELLS = st.text(alphabet=st.sampled_from([*TRIGGERS, "\0", "1", ".", "%", "a", "项", " "]),
                 max_size=6)


@given(st.lists(st.lists(_CELLS | st.integers() | st.none(), max_size=6), max_size=4))
def test_a_row_looked_at_whole_is_the_row_cell_by_cell(rows: list[list[object]]) -> None:
    """safe_rows looks at a row of text whole first: it gives what safe_cell gives each
    cell, a NUL, a trigger after a NUL and cells that are not text included."""
    assert [list(row) for row in safe_rows(rows)] == [[safe_cell(c) for c in row]
                                                       for row in rows]


def is_number(cell: str) -> bool:
    try:
        Decimal(cell.rstrip("%"))
    except ArithmeticError:
        return False
    return True
