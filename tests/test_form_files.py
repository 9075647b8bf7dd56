"""自评表 files as staff have them: Excel 97–2003 ``.xls``, an ``.xlsx`` renamed ``.xls``,
formulas with the values Excel saved, several forms stacked on one sheet or in one Word
table — each read by its bytes, never by its name."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlrd

from generator.downloads.selfeval_form import FormSheet, form_workbook
from generator.intake.importer import import_workbook, plan_import
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
    """A label with its text is kept in other_fields; a text with no label beside it is
    named at its cell (import-form-unread): nothing is dropped without a word."""
    sheet = yongde_sheet()
    sheet.cells[(4, 11)] = "项目负责人：张三"  # beside the head, in a column of its own
    sheet.cells[(6, 11)] = "2023年12月补录"  # a note typed beside the table, no label
    path = tmp_path / "note.xlsx"
    path.write_bytes(form_workbook([sheet]))
    plan = plan_import(path, tmp_path / "c")
    unread = [(p.code, p.severity, p.where.cell, p.message[:16])
              for p in plan.problems if p.code == "import-form-unread"]
    assert unread == [("import-form-unread", "warning", "K6", "「2023年12月补录」没有导入")]
    assert [f.row.values.get("other_fields") for f in plan.files] == [{"项目负责人": "张三"}]
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


def _sichuan(top: int, sheet: FormSheet, name: str) -> int:
    """A 四川 510000_0013zp form as 大英县 printed it (https://dyxrmt.cn/article-157795-21.html:
    labels, figures and the instructions left in 原因 as read; the indicator rows after the
    page's cut are this test's own): 预算执行情况(10分) beside its headers, 权重 / 完成值,
    合计 with the weights (100) and no total score, 项目负责人 in the last row."""
    r = top
    sheet.put(r, 1, "部门预算项目支出绩效自评表(2023年度)", r, 11)
    sheet.put(r + 1, 1, "项目名称")
    sheet.put(r + 1, 2, name, r + 1, 11)
    sheet.put(r + 2, 1, "主管部门")
    sheet.put(r + 2, 2, "大英县司法局部门", r + 2, 4)
    sheet.put(r + 2, 5, "实施单位 (盖章)", r + 2, 6)
    sheet.put(r + 2, 7, "大英县司法局", r + 2, 11)
    sheet.put(r + 3, 1, "项目基本情况", r + 6, 1)
    sheet.put(r + 3, 2, "1.项目年度目标完成情况", r + 4, 2)
    sheet.put(r + 3, 3, "项目年度目标", r + 3, 7)
    sheet.put(r + 3, 8, "年度目标完成情况", r + 3, 11)
    sheet.put(r + 4, 3, "根据要求购买安可设备,并完成项目资金支付。", r + 4, 7)
    sheet.put(r + 4, 8, "完成", r + 4, 11)
    sheet.put(r + 5, 2, "2.项目实施内容及过程概述", r + 6, 2)
    sheet.put(r + 5, 3, "2023年购买13台安可电脑,并于12月前完成资金支付。", r + 6, 11)
    r += 7
    sheet.put(r, 1, "预算执行情况(10分)", r + 5, 1)
    for c, text in enumerate(("年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
                              "预算执行率", "权重", "得分", "原因"), 2):
        sheet.put(r, c, text, r, 11 if c == 9 else c)
    rows = [("总额", 0.00, 3.36, 3.36, "100.00%", 10, 10),
            ("其中:财政资金", 0.00, 3.36, 3.36, "100.00%", "/", "/"),
            ("财政专户管理资金", 0.00, 0.00, 0.00, "0.00%", "/", "/"),
            ("单位资金", 0.00, 0.00, 0.00, "0.00%", "/", "/"),
            ("其他资金", None, None, None, None, "/", "/")]
    for i, values in enumerate(rows, 1):
        for c, value in enumerate(values, 2):
            sheet.put(r + i, c, value, number_format="0.00" if isinstance(value, float) else None)
    sheet.put(r + 1, 9, "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因"
              "(100字以内);2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会"
              "投入资金、银行贷款.", r + 5, 11)
    r += 6
    sheet.put(r, 1, "绩效指标(90分)", r + 2, 1)
    for c, text in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                              "完成值", "权重", "得分", "未完成原因分析"), 2):
        sheet.put(r, c, text)
    for i, values in enumerate((("产出指标", "质量指标", "完成安可产品购买并按要求支付资金", "=",
                                 100, "%", "100%", 60, 60),
                                ("效益指标", "社会效益指标", "安可替代完成率", "≥", 95, "%",
                                 "100%", 30, 30)), 1):
        for c, value in enumerate(values, 2):
            sheet.put(r + i, c, value)
    r += 3
    sheet.put(r, 1, "合计", r, 8)
    sheet.put(r, 9, 100)
    sheet.put(r + 1, 1, "评价结论")
    sheet.put(r + 1, 2, "根据财政局资金下达的管理办法,将资金支付给项目施工方。", r + 1, 11)
    sheet.put(r + 2, 1, "存在问题")
    sheet.put(r + 2, 2, "无", r + 2, 11)
    sheet.put(r + 3, 1, "改进措施")
    sheet.put(r + 3, 2, "无", r + 3, 11)
    sheet.put(r + 4, 1, "项目负责人:查小兵", r + 4, 5)
    sheet.put(r + 4, 6, "财务负责人:唐勇", r + 4, 11)
    return r + 6


def test_the_sichuan_layout_with_its_weights_only_total_imports(tmp_path: Path) -> None:
    sheet = FormSheet("Sheet1", widths=[12] * 11)
    below = _sichuan(1, sheet, "51092324T000010263357-2023年全县安可替代补助资金项目")
    _sichuan(below, sheet, "51092324T000010263358-2023年法律援助经费")
    path = tmp_path / "四川.xlsx"
    path.write_bytes(form_workbook([sheet]))
    plan = plan_import(path, tmp_path / "content")
    assert plan.ok, [p.format() for p in plan.problems]
    rows = [p.row.values for p in plan.files]
    assert [(v["name"], v["year"], v["authority"], v["department"], v["budget"], v["spent"],
             "score" in v) for v in rows] == [
        (name, 2023, "大英县司法局部门", "大英县司法局", Decimal("3.36"), Decimal("3.36"), False)
        for name in ("2023年全县安可替代补助资金项目", "2023年法律援助经费")]
    assert [p.project.total for p in plan.files if p.project] == [Decimal(100)] * 2
    assert rows[0]["goals"] == {"planned": ["根据要求购买安可设备,并完成项目资金支付。"],
                                "achieved": ["完成"]}
    assert rows[0]["achievements"] == ["根据财政局资金下达的管理办法,将资金支付给项目施工方。"]
    # 项目负责人:查小兵 | 财务负责人:唐勇, label and name in one cell: kept, not warned
    assert [v["other_fields"] for v in rows] == [{"项目负责人": "查小兵", "财务负责人": "唐勇"}] * 2
    assert not [p for p in plan.problems if p.code == "import-form-unread"]


def test_a_template_row_marked_none_with_slashes_is_no_indicator(tmp_path: Path) -> None:
    """天长市's form writes 指标1：/ and “/” in every cell of an empty 生态效益指标 row."""
    sheet = yongde_sheet()
    row = next(r for (r, c), v in sheet.cells.items() if v == "生态效益\n指标")
    for col, value in ((3, "指标1：/"), (4, "/"), (5, "/"), (6, "/"), (7, "/"), (8, "/"),
                       (9, "/")):
        sheet.cells[(row, col)] = value
    path = tmp_path / "slashes.xlsx"
    path.write_bytes(form_workbook([sheet]))
    assert _imported(path, tmp_path / "a") == _imported(YONGDE_XLSX, tmp_path / "b")
