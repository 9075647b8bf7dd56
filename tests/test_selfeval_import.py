"""Import of 项目支出绩效自评表 in the official layout: a workbook of one form per sheet, and
自评表 tables in Word. The fixture is a real published form (永德县, 云南 layout: 元,
指标性质/指标值/度量单位; see tests/selfeval_forms.py); the other forms come from the
generator's own writer (财预〔2020〕10号 附件1 layout, 万元)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import openpyxl
import pytest

from generator.content.discovery import read_content
from generator.core.fields import project_json
from generator.downloads.selfeval_form import FormSheet, form_sheet, form_workbook, writable
from generator.intake.form.grid import MAX_FORM_ROWS
from generator.intake.importer import import_workbook, plan_import
from tests.bench.synth import write_content
from tests.selfeval_forms import DATA, YONGDE_XLSX, docx_bytes, yongde_sheet

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
YONGDE = "义务教育营养改善计划专项资金"
LANGFANG = "办公宿舍楼、食堂及餐厅暖通改造经费"
# the published form's own inconsistencies, which the checker is meant to find (see the
# fixture's header): 7 of 10 for a met target, 9 of 10 for a missed "=" target, no note
YONGDE_WARNINGS = [("standard-rule-differs", "I16"), ("target-missed-no-note", "G19"),
                   ("standard-rule-differs", "I19")]


def records(content: Path) -> dict[str, dict[str, Any]]:
    """Every project's whole record (as data/results.json has it) by name, less its id."""
    loaded = read_content(content, workers=1)
    assert not [p for p in loaded.problems if p.is_error], [str(p) for p in loaded.problems]
    out = {}
    for project in loaded.projects:
        record = project_json(project)
        del record["id"], record["page"]
        out[project.name] = record
    return out


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two transcribed real forms as a content folder."""
    root = tmp_path_factory.mktemp("fixtures")
    for name, year in (("yongde-nutrition-2022", 2022), ("langfang-hvac-2019", 2019)):
        (root / "projects" / str(year)).mkdir(parents=True)
        shutil.copy(DATA / f"{name}.yml", root / "projects" / str(year) / f"{name}.yml")
    return root


@pytest.fixture(scope="module")
def expected(fixtures: Path) -> dict[str, dict[str, Any]]:
    return records(fixtures)


@pytest.fixture(scope="module")
def langfang_form(fixtures: Path) -> FormSheet:
    project = next(p for p in read_content(fixtures, workers=1).projects if p.name == LANGFANG)
    assert writable(project)
    return form_sheet(project, "自评表2")


def problems_of(plan: Any) -> list[tuple[str, str, str]]:
    return sorted((p.code, p.where.sheet or "", p.where.cell or "") for p in plan.problems)


def test_the_published_yongde_form_imports_to_the_transcribed_record(
        expected: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(YONGDE_XLSX, content, out=lines.append), lines
    assert [(p[0], p[2]) for p in sorted(
        ((p.code, p.where.sheet, p.where.cell) for p in plan_import(
            YONGDE_XLSX, tmp_path / "again").problems), key=lambda x: (x[2][1:], x[2]))] == \
        sorted([(c, w) for c, w in YONGDE_WARNINGS], key=lambda x: (x[1][1:], x[1]))
    got = records(content)
    assert got == {YONGDE: expected[YONGDE]}
    assert got[YONGDE]["total"] == "96.00" and got[YONGDE]["grade"] == "优"
    text = next(content.glob("projects/2022/*.yml")).read_text(encoding="utf-8")
    # 387664.62 元 is 38.766462 万元 exactly; ≧ / ═ become the standard comparators
    assert "budget: 38.766462\n" in text and "spent: 38.766462\n" in text
    assert "target: ≥735\n" in text and "target: =100\n" in text and "unit: 人次\n" in text
    assert "「yongde-nutrition-2022.xlsx」工作表「公开14表」的自评表" in text.splitlines()[0]


def test_the_committed_fixture_is_the_laid_out_form(tmp_path: Path) -> None:
    """The workbook in tests/data is what tests/selfeval_forms.py lays out (cells, merges)."""
    path = tmp_path / "again.xlsx"
    path.write_bytes(form_workbook([yongde_sheet()]))
    for one, other in ((YONGDE_XLSX, path),):
        a, b = openpyxl.load_workbook(one).active, openpyxl.load_workbook(other).active
        assert [[c.value for c in r] for r in a.iter_rows()] == \
            [[c.value for c in r] for r in b.iter_rows()]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
    sheet = openpyxl.load_workbook(YONGDE_XLSX).active
    assert sheet["A5"].value == "项目资金\n（元）" and sheet["D14"].value == "≧"
    assert "A14:A17" in {str(r) for r in sheet.merged_cells.ranges}


def test_the_generators_form_round_trips(expected: dict[str, dict[str, Any]],
                                         langfang_form: FormSheet, tmp_path: Path) -> None:
    """财预 layout in 万元 with 产出指标(50分) headers; the form prints 总分 and 评价结论, so
    the imported file has them where the transcription (whose copy lost the row) has not."""
    path = tmp_path / "forms.xlsx"
    path.write_bytes(form_workbook([yongde_sheet("自评表1"), langfang_form]))
    sheet = openpyxl.load_workbook(path)["自评表2"]
    values = {c.value for r in sheet.iter_rows() for c in r}
    assert {"产出指标(50分)", "项目资金\n（万元）", "其中：当年财政拨款"} <= values
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    got = records(content)
    assert got[YONGDE] == expected[YONGDE]
    assert got[LANGFANG] == {**expected[LANGFANG], "grade_published": "优"}


def test_a_department_workbook_of_fifty_forms_imports_in_one_run(
        expected: dict[str, dict[str, Any]], langfang_form: FormSheet, tmp_path: Path) -> None:
    synth = tmp_path / "synth"
    write_content(synth, 240)
    projects = [p for p in read_content(synth, workers=1).projects
                if p.method == "单位自评" and writable(p)][:48]
    assert len(projects) == 48
    sheets = [yongde_sheet("自评表1"), langfang_form] + \
        [form_sheet(p, f"自评表{i}") for i, p in enumerate(projects, 3)]
    path = tmp_path / "department.xlsx"
    path.write_bytes(form_workbook(sheets))
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    assert "已写入 50 个文件：" in lines
    got = records(content)
    assert len(got) == 50 and got[YONGDE] == expected[YONGDE]
    for project in projects:  # the figures, texts and tree of every generated form
        record = got[project.name]
        source = project_json(project)
        assert (record["budget"], record["spent"], record["total"], record["grade"]) == \
            (source["budget"], source["spent"], source["total"], source["grade"])
        assert record["goals"] == source["goals"] and record["funding"] == source["funding"]
        assert _tree(record["indicators"]) == _tree(source["indicators"])


def _tree(nodes: list[dict[str, Any]]) -> list[Any]:
    """Names, weights, scores, targets, actuals, units and notes; the form has no codes."""
    return [(n["name"], n["weight"], n["score"], n["target"], n["actual"], n["unit"], n["note"],
             _tree(n["children"])) for n in nodes]


def test_forms_in_word_import_with_merges_resolved(
        expected: dict[str, dict[str, Any]], langfang_form: FormSheet, tmp_path: Path) -> None:
    path = tmp_path / "forms.docx"
    path.write_bytes(docx_bytes([yongde_sheet()]) )
    generated = tmp_path / "generated.docx"
    generated.write_bytes(docx_bytes([langfang_form], title_rows=2))
    # an independent reading: the merges are Word's own gridSpan / vMerge
    with zipfile.ZipFile(path) as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml"))
    assert len(body.findall(f".//{W}gridSpan")) > 10
    assert len(body.findall(f".//{W}vMerge")) > 10
    table = docx.Document(str(path)).tables[0]
    assert table.cell(13, 0).text == "产出指标" and table.cell(16, 0).text == "产出指标"
    assert table.cell(13, 3).text == "≧" and table.cell(18, 3).text == "═"
    paragraphs = [p.text for p in docx.Document(str(generated)).paragraphs]
    assert paragraphs[:2] == ["项目支出绩效自评表", "（2019年度）"]
    content = tmp_path / "content"
    for source in (path, generated):
        lines: list[str] = []
        assert import_workbook(source, content, out=lines.append), lines
    got = records(content)
    assert got[YONGDE] == expected[YONGDE]
    assert got[LANGFANG] == {**expected[LANGFANG], "grade_published": "优"}
    plan = plan_import(path, tmp_path / "other")
    assert problems_of(plan) == sorted(
        (code, "表 1", f"第 {cell[1:]} 行第 {ord(cell[0]) - 64} 列")
        for code, cell in YONGDE_WARNINGS)


def _total_row(sheet: FormSheet) -> int:
    return next(r for (r, c), v in sheet.cells.items() if v == "总分")


def test_bad_cells_across_sheets_are_all_reported_and_nothing_is_written(
        langfang_form: FormSheet, tmp_path: Path) -> None:
    bad = yongde_sheet("自评表1")
    bad.cells[(15, 9)] = "十分"  # 得分
    bad.cells[(14, 5)] = "七百三十五"  # 指标值 under 指标性质 ≧
    weights = FormSheet("自评表2", dict(langfang_form.cells), dict(langfang_form.formats),
                        list(langfang_form.merges))
    weights.cells[(6, 8)] = 5  # 预算执行 分值 10 → 5: the weights sum to 95
    weights.cells[(6, 10)] = 5
    untotalled = yongde_sheet("自评表3")
    total = _total_row(untotalled)
    untotalled.cells = {k: v for k, v in untotalled.cells.items() if k[0] != total}
    untotalled.merges = [m for m in untotalled.merges if m[0] != total]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(form_workbook([bad, weights, untotalled]))
    content = tmp_path / "content"
    lines: list[str] = []
    assert not import_workbook(path, content, out=lines.append)
    assert not content.exists()
    t = _total_row(weights)
    assert problems_of(plan_import(path, content)) == sorted([
        ("import-bad-number", "自评表1", "E14"),
        ("import-bad-number", "自评表1", "I15"),
        ("weights-not-100", "自评表2", f"G{t}"),
        ("total-mismatch", "自评表2", f"H{t}"),
        ("standard-rule-differs", "自评表2", "J6"),  # 5 × 86.20 % = 4.31, published 5
        ("target-missed-no-note", "自评表2", "I6"),
    ] + [(code, "自评表3", cell) for code, cell in YONGDE_WARNINGS])
    # 自评表3 has no 总分 row: its total is the sum of its indicators' scores
    assert lines[-1] == "共 4 个错误，未写入任何文件：请修改表格后重新导入"
    assert "自评表1!I15：得分应为数字，实际是文字「十分」" in lines


def test_form_problems_name_the_word_table_row_and_column(tmp_path: Path) -> None:
    bad = yongde_sheet()
    bad.cells[(15, 9)] = "十分"
    path = tmp_path / "bad.docx"
    path.write_bytes(docx_bytes([bad]))
    assert problems_of(plan_import(path, tmp_path / "content")) == \
        [("import-bad-number", "表 1", "第 15 行第 9 列")]


def test_a_missing_column_and_a_missing_year_are_layout_errors(tmp_path: Path) -> None:
    sheet = yongde_sheet()
    sheet.cells[(12, 7)] = "执行情况"  # not 实际完成值 nor one of its synonyms
    sheet.cells[(1, 1)] = "项目支出绩效自评表"  # no year
    path = tmp_path / "layout.xlsx"
    path.write_bytes(form_workbook([sheet]))
    assert problems_of(plan_import(path, tmp_path / "content")) == [
        ("import-form-layout", "公开14表", "A13"), ("import-form-year", "公开14表", "A1")]


def test_hostile_bounds_still_apply_to_form_workbooks(tmp_path: Path) -> None:
    long = yongde_sheet()
    long.cells[(MAX_FORM_ROWS + 5, 1)] = "多余的行"
    path = tmp_path / "long.xlsx"
    path.write_bytes(form_workbook([long]))
    assert problems_of(plan_import(path, tmp_path / "content")) == \
        [("import-too-many-rows", "公开14表", "")]
    macro = tmp_path / "macro.xlsx"  # guard.py runs before any form is read
    with zipfile.ZipFile(macro, "w") as out, zipfile.ZipFile(YONGDE_XLSX) as source:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/vbaProject.bin", b"\0" * 64)
    assert [p.code for p in plan_import(macro, tmp_path / "content").problems] == \
        ["import-macros"]
    formula = yongde_sheet()
    formula.cells[(25, 9)] = "=SUM(I14:I23)"
    book = openpyxl.load_workbook(io.BytesIO(form_workbook([formula])))
    book.active["I25"] = "=SUM(I14:I23)"
    path = tmp_path / "formula.xlsx"
    book.save(path)
    assert problems_of(plan_import(path, tmp_path / "content")) == \
        [("import-formula", "公开14表", "I25")]


EXECUTION_NOTE = "部分合同尾款在次年初支付，已督促按进度付款。"


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_the_execution_rows_note_is_kept_in_the_form(tmp_path: Path, kind: str) -> None:
    """The 预算执行率 row's 偏差原因分析及改进措施: written under the 项目资金 block of the
    generator's form and read back into that row's note (Excel and Word alike)."""
    from generator.intake.scaffold import create_project

    source = tmp_path / "source"
    create_project(source, 2023, name="自评项目", authority="某某局", self_evaluation=True)
    content = read_content(source, workers=1)
    project = content.full(content.projects[0])
    assert project.execution_row is not None and project.execution_row.note == EXECUTION_NOTE
    sheet = form_sheet(project, "自评表1")
    path = tmp_path / f"form.{kind}"
    path.write_bytes(form_workbook([sheet]) if kind == "xlsx" else docx_bytes([sheet]))
    target = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(path, target, out=lines.append), lines
    imported = read_content(target, workers=1)
    back = imported.full(imported.projects[0])
    assert back.execution_row is not None and back.execution_row.note == EXECUTION_NOTE
    assert not back.other_fields  # not also kept as a loose pair


def test_the_execution_rows_note_is_shown_on_the_page(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from generator.intake.scaffold import create_project
    from generator.site.context import build_context
    from generator.site.pages import render_pages

    source = tmp_path / "source"
    create_project(source, 2023, name="自评项目", authority="某某局", self_evaluation=True)
    pages = dict(render_pages(build_context(read_content(source, workers=1)),
                              which="projects"))
    (page,) = [text for name, text in pages.items() if "自评项目" in text]
    head = BeautifulSoup(page, "html.parser").select_one("table.pe-selfeval-head")
    assert head is not None
    rows = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in head.select("tr")
            if tr.th is not None and tr.td is not None}
    assert rows.get("偏差原因分析及改进措施") == EXECUTION_NOTE
