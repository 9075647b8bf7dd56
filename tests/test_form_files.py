"""自评表 files as staff have them: Excel 97–2003 ``.xls``, an ``.xlsx`` renamed ``.xls``,
formulas with the values Excel saved, several forms stacked on one sheet or in one Word
table — each read by its bytes, never by its name."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import xlrd

from generator.downloads.selfeval_form import FormSheet, form_workbook
from generator.spreadsheet.importer import import_workbook, plan_import
from tests.selfeval_forms import YONGDE_XLSX, docx_bytes, xls_bytes, yongde_sheet


def _imported(path: Path, content: Path) -> dict[str, str]:
    """Each written project file's text without its first line (which names the file)."""
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8").split("\n", 1)[1]
            for p in sorted(content.rglob("*.yml"))}


def test_an_excel_97_form_imports_as_its_xlsx_does(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xls"
    path.write_bytes(xls_bytes([yongde_sheet()]))
    book = xlrd.open_workbook(str(path), formatting_info=True)  # a real BIFF8 file
    assert book.sheet_by_index(0).merged_cells
    assert _imported(path, tmp_path / "a") == _imported(YONGDE_XLSX, tmp_path / "b")


def test_an_xlsx_named_xls_is_read_by_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "另存时改了名.xls"
    path.write_bytes(YONGDE_XLSX.read_bytes())
    assert _imported(path, tmp_path / "a") == _imported(YONGDE_XLSX, tmp_path / "b")


def _with_formulas(data: bytes, formulas: dict[str, tuple[str, str | None]]) -> bytes:
    """The workbook with formula cells as Excel saves them: ``<f>`` and, when given, the
    saved value ``<v>`` (the form writer writes text that starts with “=” as text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                text = body.decode("utf-8")
                for ref, (formula, value) in formulas.items():
                    saved = f"<v>{value}</v>" if value is not None else ""
                    text, count = re.subn(rf'<c r="{ref}"( s="\d+")? t="inlineStr"><is><t>[^<]*'
                                          r"</t></is></c>",
                                          rf'<c r="{ref}"\1><f>{formula}</f>{saved}</c>', text)
                    assert count == 1, ref
                body = text.encode("utf-8")
            target.writestr(item, body)
    return out.getvalue()


def test_formulas_are_read_by_their_saved_values_and_refused_without(tmp_path: Path) -> None:
    sheet = yongde_sheet()
    total = next(r for (r, c), v in sheet.cells.items() if v == "总分")
    sheet.cells[(total, 9)] = "="  # 得分 of 总分: a formula, below
    sheet.cells[(6, 6)] = "="  # 全年预算数
    data = form_workbook([sheet])
    budget = ("E6", "387664.62")
    saved = tmp_path / "saved.xlsx"
    saved.write_bytes(_with_formulas(data, {f"I{total}": (f"SUM(I13:I{total - 1})", "96"),
                                            "F6": budget}))
    assert openpyxl.load_workbook(saved, data_only=True).active[f"I{total}"].value == 96
    assert openpyxl.load_workbook(saved).active[f"I{total}"].value.startswith("=SUM(")
    assert _imported(saved, tmp_path / "a") == _imported(YONGDE_XLSX, tmp_path / "b")
    unsaved = tmp_path / "unsaved.xlsx"
    unsaved.write_bytes(_with_formulas(data, {f"I{total}": ("SUM(I13:I24)", None),
                                              "F6": budget}))
    problems = plan_import(unsaved, tmp_path / "c").problems
    assert [(p.code, p.where.cell) for p in problems.errors] == [("import-formula", f"I{total}")]
    assert "没有保存它的计算结果" in problems.errors[0].message


def _stacked(second_name: str) -> FormSheet:
    """Two published forms one under the other on one sheet, a blank row between."""
    first = yongde_sheet("两个项目")
    second = yongde_sheet()
    second.cells[(3, 3)] = second_name
    offset = first.height + 1
    for (r, c), value in second.cells.items():
        first.cells[(r + offset, c)] = value
    for (r, c), fmt in second.formats.items():
        first.formats[(r + offset, c)] = fmt
    first.merges += [(r1 + offset, c1, r2 + offset, c2) for r1, c1, r2, c2 in second.merges]
    return first


def test_forms_stacked_on_one_sheet_are_each_a_project(tmp_path: Path) -> None:
    sheet = _stacked("学生资助补助经费")
    for name, data in (("stacked.xlsx", form_workbook([sheet])),
                       ("stacked.docx", docx_bytes([sheet])),
                       ("stacked.xls", xls_bytes([sheet]))):
        path = tmp_path / name
        path.write_bytes(data)
        plan = plan_import(path, tmp_path / "content")
        assert plan.ok, [p.format() for p in plan.problems]
        assert sorted(p.row.values["name"] for p in plan.files) == [
            "义务教育营养改善计划专项资金", "学生资助补助经费"], name
        assert {p.row.values["year"] for p in plan.files} == {2022}
        second = next(p for p in plan.files if p.row.values["name"] == "学生资助补助经费")
        offset = sheet.height // 2 + 1
        assert second.row.cells["name"] in (f"C{3 + offset}", f"第 {3 + offset} 行第 3 列"), name


def test_text_the_form_has_no_place_for_is_named_not_dropped(tmp_path: Path) -> None:
    sheet = yongde_sheet()
    sheet.cells[(4, 11)] = "项目负责人：张三"  # beside the head, in a column of its own
    path = tmp_path / "note.xlsx"
    path.write_bytes(form_workbook([sheet]))
    unread = [(p.code, p.severity, p.where.cell, p.message[:14])
              for p in plan_import(path, tmp_path / "c").problems if p.code == "import-form-unread"]
    assert unread == [("import-form-unread", "warning", "K4", "「项目负责人：张三」没有导入")]
    assert not [p for p in plan_import(YONGDE_XLSX, tmp_path / "d").problems
                if p.code == "import-form-unread"]  # every text of the published form is read


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"


def _wrapped_form(how: str) -> bytes:
    """The published form's Word table, pasted into a one-cell layout table or into a text
    box (as Word 2010+ saves one: the drawing and, for older Word, a VML copy of it)."""
    import docx
    from lxml import etree

    document = docx.Document(io.BytesIO(docx_bytes([yongde_sheet()], title_rows=2)))
    body = document.element.body
    table = body.find(f"{{{W_NS}}}tbl")
    body.remove(table)
    w = f"{{{W_NS}}}"
    if how == "nested":
        outer = etree.SubElement(body, w + "tbl")
        cell = etree.SubElement(etree.SubElement(outer, w + "tr"), w + "tc")
        etree.SubElement(cell, w + "p")
        cell.append(table)
        etree.SubElement(cell, w + "p")
    else:
        paragraph = etree.SubElement(body, w + "p")
        alternate = etree.SubElement(etree.SubElement(paragraph, w + "r"),
                                     f"{{{MC_NS}}}AlternateContent")
        for branch in ("Choice", "Fallback"):
            part = etree.SubElement(alternate, f"{{{MC_NS}}}{branch}")
            box = etree.SubElement(etree.SubElement(etree.SubElement(
                part, f"{{{V_NS}}}shape"), f"{{{V_NS}}}textbox"), w + "txbxContent")
            box.append(copy.deepcopy(table))
    body.append(body.find(f"{{{W_NS}}}sectPr"))  # the section stays last
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_form_in_a_layout_table_or_a_text_box_is_read(tmp_path: Path) -> None:
    for how in ("nested", "textbox"):
        path = tmp_path / f"{how}.docx"
        path.write_bytes(_wrapped_form(how))
        plan = plan_import(path, tmp_path / "content")
        assert plan.ok, [p.format() for p in plan.problems]
        assert [(p.row.values["name"], p.row.values["year"]) for p in plan.files] == [
            ("义务教育营养改善计划专项资金", 2022)], how  # once: the text box's copy is left out


def test_a_word_form_split_over_two_pages_is_one_project(tmp_path: Path) -> None:
    """The table breaks after 成本指标 (row 17); the next page's table repeats the header rows
    (12–13) and goes on to 总分, as Word documents split by hand do."""
    whole = yongde_sheet()
    top = FormSheet("1", {k: v for k, v in whole.cells.items() if k[0] <= 17},
                    merges=[m for m in whole.merges if m[2] <= 17])
    rest = FormSheet("2")
    moved = {12: 1, 13: 2, **{r: r - 15 for r in range(18, whole.height + 1)}}
    for (r, c), value in whole.cells.items():
        if r in moved:
            rest.cells[(moved[r], c)] = value
    rest.merges = [(moved[r1], c1, moved[r2], c2) for r1, c1, r2, c2 in whole.merges
                   if r1 in moved and r2 in moved]
    rest.put(3, 1, "效益指标", 6, 1)  # the 一级 label merged down its own page's rows
    path = tmp_path / "split.docx"
    path.write_bytes(docx_bytes([top, rest]))
    plan = plan_import(path, tmp_path / "content")
    assert plan.ok, [p.format() for p in plan.problems]
    assert _imported(path, tmp_path / "a") == _imported(YONGDE_XLSX, tmp_path / "b")
