"""No traceback, ever (issue 32 item 8): real forms, mutated the way files go wrong on a desk
— a cell emptied, zeroed or given text where a number belongs, a row deleted or doubled,
merges lost, a label letter-spaced, a second form stacked below — and written as .xlsx,
.docx or .xls. Every draw must either import or be refused with located, coded problems.

The forms are the published ones of ``tests/data/real/`` that import, read back cell by cell
(with their merges), so the mutations start from real layouts, not ours.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.problems import CODES
from generator.downloads.selfeval_form import FormSheet, form_workbook
from generator.intake.importer import import_workbook, plan_import
from tests.selfeval_forms import docx_bytes, xls_bytes, yongde_sheet

REAL = Path(__file__).resolve().parent / "data" / "real"
FORMS = ("anhui-tangxi-weituo-2022.xlsx", "anhui-xiaoxian-hexicun-2023.xlsx",
         "yunnan-yongde-yingyang-2022.xlsx", "sichuan-qingshen-gongzi-2023.xlsx",
         "zhejiang-sanmen-zhuanxiangzhai-2024.xlsx", "zhejiang-tiantai-pingqiao-2022.xlsx",
         "zhejiang-yongjia-xunzhai-2023.xlsx", "anhui-suixi-linshijiuzhu-2019.xlsx",
         "shanxi-jishan-jiandang-2020.xlsx")
DOCX = ("hebei-langfang-nuantong-2019.docx",)
BAD = ["", "0", 0, "十分", "/", "—", "1e400", "NaN", "-5", "１０", "=A1", "100%", "≥", "合计"]


def _sheet(name: str) -> FormSheet:
    sheet = openpyxl.load_workbook(REAL / name).worksheets[0]
    form = FormSheet(sheet.title)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and not isinstance(cell, openpyxl.cell.MergedCell):
                form.cells[(cell.row, cell.column)] = cell.value
    form.merges = [(m.min_row, m.min_col, m.max_row, m.max_col)
                   for m in sheet.merged_cells.ranges]
    return form


def _table(name: str) -> FormSheet:
    """A Word form's first table, cell by cell; a merged cell (one ``w:tc`` over several
    grid places) becomes one merge. The paragraphs above it (the title, with the year) come
    first, one a row."""
    document = docx.Document(str(REAL / name))
    table = document.tables[0]
    body = list(document.element.body)
    titles = [p.text for p in document.paragraphs
              if p.text.strip() and body.index(p._p) < body.index(table._tbl)]
    form = FormSheet("表 1")
    form.cells.update({(r, 1): text for r, text in enumerate(titles, 1)})
    TITLES[name] = len(titles)
    spans: dict[object, list[int]] = {}
    for r, row in enumerate(table.rows, len(titles) + 1):
        for c, cell in enumerate(row.cells, 1):
            box = spans.setdefault(cell._tc, [r, c, r, c])
            if box[:2] == [r, c] and cell.text.strip():
                form.cells[(r, c)] = cell.text
            box[2], box[3] = max(box[2], r), max(box[3], c)
    form.merges = [(a, b, c, d) for a, b, c, d in spans.values() if (a, b) != (c, d)]
    return form


TITLES: dict[str, int] = {}
SHEETS = {name: _sheet(name) for name in FORMS}
SHEETS.update({name: _table(name) for name in DOCX})
SHEETS["yongde_sheet()"] = yongde_sheet()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[FormSheet, str]:
    base = SHEETS[draw(st.sampled_from(sorted(SHEETS)))]
    cells = dict(base.cells)
    merges = list(base.merges)
    places = sorted(cells)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["value", "delete-row", "double-row", "merges", "spaced",
                                     "stack"]))
        if kind == "value" and places:
            cells[draw(st.sampled_from(places))] = draw(st.sampled_from(BAD))
        elif kind in ("delete-row", "double-row") and places:
            row = draw(st.sampled_from(sorted({r for r, _ in places})))
            shift = 1 if kind == "double-row" else -1
            moved = {}
            for (r, c), value in cells.items():
                if r == row and kind == "delete-row":
                    continue
                moved[(r + shift if r > row else r, c)] = value
                if r == row and kind == "double-row":
                    moved[(r + 1, c)] = value
            cells = moved
            merges = [m for m in merges if not m[0] <= row <= m[2]]
        elif kind == "merges":
            merges = merges[: len(merges) // 2]
        elif kind == "spaced" and places:
            place = draw(st.sampled_from(places))
            text = str(cells.get(place, ""))
            cells[place] = " ".join(text) + draw(st.sampled_from(["", "(50分)", "（A）"]))
        elif kind == "stack":
            offset = max((r for r, _ in cells), default=0) + 1
            cells.update({(r + offset, c): v for (r, c), v in base.cells.items()})
            merges += [(a + offset, b, c + offset, d) for a, b, c, d in base.merges]
        places = sorted(cells)
    height = max((r for r, _ in cells), default=1)
    width = max((c for _, c in cells), default=1)
    merges = [m for m in merges if m[2] <= height and m[3] <= width]
    merges = [m for i, m in enumerate(merges) if not any(_overlap(m, n) for n in merges[:i])]
    form = FormSheet(base.title, cells, {}, merges, [12] * max(width, 1))
    return form, draw(st.sampled_from(["xlsx", "xlsx", "docx", "xls"]))


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _write(form: FormSheet, kind: str, folder: Path) -> Path:
    path = folder / f"mutated.{kind}"
    data = {"xlsx": lambda: form_workbook([form]), "docx": lambda: docx_bytes([form]),
            "xls": lambda: xls_bytes([form])}[kind]()
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", FORMS)
def test_the_unmutated_forms_read_back_as_published(name: str, tmp_path: Path) -> None:
    """The read-back is faithful: each form gives what its own file gives."""
    path = _write(SHEETS[name], "xlsx", tmp_path)
    again = plan_import(path, tmp_path / "a")
    original = plan_import(REAL / name, tmp_path / "b")
    assert [p.code for p in again.problems] == [p.code for p in original.problems]
    assert [p.text.split("\n", 1)[1] for p in again.files] == \
        [p.text.split("\n", 1)[1] for p in original.files]


@settings(max_examples=45, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(draw=mutated())
def test_a_mutated_form_imports_or_is_refused_at_its_cells(draw: tuple[FormSheet, str],
                                                           tmp_path: Path) -> None:
    form, kind = draw
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per draw (a draw may be replayed)
    path = _write(form, kind, folder)
    plan = plan_import(path, folder / "content")  # must not raise
    for problem in plan.problems:
        assert problem.code in CODES, problem.code
        assert problem.where.file, problem.format()
    if plan.ok:
        for planned in plan.files:
            assert {"name", "year", "budget"} <= planned.row.values.keys() or \
                planned.row.values.get("grade"), planned.text
    else:
        assert all(p.where.sheet or p.where.line is None for p in plan.problems.errors)
    lines: list[str] = []
    import_workbook(path, folder / "content", out=lines.append, dry_run=True)  # must not raise
    assert lines


@pytest.mark.parametrize("name", DOCX)
def test_the_word_forms_read_back_as_published(name: str, tmp_path: Path) -> None:
    """The Word read-back is faithful too: its table written again imports as the file does."""
    path = tmp_path / "again.docx"
    path.write_bytes(docx_bytes([SHEETS[name]], title_rows=TITLES[name]))
    again = plan_import(path, tmp_path / "a")
    original = plan_import(REAL / name, tmp_path / "b")
    assert [p.code for p in again.problems.errors] == [p.code for p in original.problems.errors]
    assert len(again.files) == len(original.files) == 1
