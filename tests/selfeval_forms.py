"""Test fixtures: 项目支出绩效自评表 laid out as published, as a workbook sheet or a Word table.

:func:`yongde_sheet` is the real form transcribed in ``tests/data/selfeval/
yongde-nutrition-2022.yml`` (source: 永德县明朗中学, 2022年度项目支出绩效自评表, 公开14表,
https://www.yongde.gov.cn/info/3003/116104.htm; the stored copy of its text is
``/work/drafts/selfeval/yongde-nutrition-2022.source.txt``), in the published 云南 layout:
amounts in 元, 年度指标值 split into 指标性质 / 指标值 / 度量单位, comparators printed ≧ and ═,
the 总分 row with the grade after the score, 其他需要说明事项. The stored copy keeps the cells'
order and texts but not their geometry, so the column widths of the merges are
reconstructed (ten columns, as the form prints). ``python -m tests.selfeval_forms`` writes
``tests/data/selfeval/yongde-nutrition-2022.xlsx`` from it (the example of docs/guide/import.md).

:func:`docx_bytes` lays forms out as Word tables with python-docx (merges become
``gridSpan`` / ``vMerge``), the title rows as paragraphs before the table when asked.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.form_parts import project_head

DATA = Path(__file__).resolve().parent / "data" / "selfeval"
YONGDE_XLSX = DATA / "yongde-nutrition-2022.xlsx"
AMOUNT = Decimal("387664.62")  # 元

# (一级 rows, 二级, 三级, 指标性质, 指标值, 度量单位, 实际完成值, 分值, 得分) as printed
YONGDE_ROWS = [
    ("产出指标", "数量指标", "学生受资助人数", "≧", 735, "人次", 735, 10, 10),
    (None, "质量指标", "营养改善计划覆盖率", "≧", 100, "%", "100%", 10, 10),
    (None, "时效指标", "资金到位及时率", "≧", 100, "%", "100%", 10, 7),
    (None, "成本指标", "生均补助标准达标率", "═", 100, "%", "100%", 10, 10),
    ("效益指标", "经济效益\n指标", "减轻贫困学生家庭经济负担", None, "有效", None, "有效", 10, 10),
    (None, "社会效益\n指标", "政策知晓率", "═", 100, "%", "98%", 10, 9),
    (None, "生态效益\n指标", None, None, None, None, None, None, None),
    (None, "可持续影响\n指标", "促进学校教育事业健康发展", "≧", 100, "%", "100%", 10, 10),
    ("满意度指标", "服务对象满意度指标等", "学生满意度", "≧", 95, "%", "100%", 10, 10),
    (None, None, "家长满意度", "≧", 95, "%", "100%", 10, 10),
]
GOAL = "确保每一个学生都能享受到国家政策福利,改善学生体质"


def yongde_sheet(title: str = "公开14表") -> FormSheet:
    """The published 永德县 form, cell by cell (rows and columns 1-based)."""
    s = FormSheet(title)
    s.put(1, 1, "2022年度项目支出绩效自评表", 1, 10)
    s.put(2, 1, "部门：临沧市永德县明朗中学", 2, 6)
    s.put(2, 9, "公开14表", 2, 10)
    project_head(s, 3, "义务教育营养改善计划专项资金", "永德县教育体育局", "永德县明朗中学",
                 money="项目资金\n（元）")
    s.put(6, 3, "年度资金总额", 6, 4)
    s.put(6, 6, AMOUNT, number_format="0.00")
    s.put(6, 7, AMOUNT, number_format="0.00")
    s.put(6, 8, 10)
    s.put(6, 9, "100%")
    s.put(6, 10, 10)
    s.put(7, 3, "其中：当年财政\n拨款", 7, 4)
    s.put(7, 6, AMOUNT, number_format="0.00")
    s.put(7, 7, AMOUNT, number_format="0.00")
    for r, label in ((8, "上年结转\n资金"), (9, "其他资金")):
        s.put(r, 3, label, r, 4)
        for col in range(5, 11):
            s.put(r, col, "—")
    for col in range(8, 11):
        s.put(7, col, "—")
    s.put(10, 1, "年度\n总体\n目标", 11, 2)
    s.put(10, 3, "预期目标", 10, 6)
    s.put(10, 7, "实际完成情况", 10, 10)
    s.put(11, 3, GOAL, 11, 6)
    s.put(11, 7, GOAL, 11, 10)
    s.put(12, 1, "绩效指标", 12, 3)
    s.put(12, 4, "年度指标值", 12, 6)
    for col, label in ((7, "实际完成值"), (8, "分值"), (9, "得分"), (10, "偏差原因分析及改进措施")):
        s.put(12, col, label, 13, col)
    for col, label in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "指标值",
                                 "度量单位"), 1):
        s.put(13, col, label)
    r = 14
    spans = {"产出指标": 4, "效益指标": 4, "满意度指标": 2}
    for first, second, *rest in YONGDE_ROWS:
        if first:
            s.put(r, 1, first, r + spans[first] - 1)
        if second:
            s.put(r, 2, second, r + 1 if second.startswith("服务对象") else None)
        for col, value in enumerate(rest, 3):
            s.put(r, col, value)
        r += 1
    s.put(r, 1, "其他需要说明事项", r, 3)
    s.put(r, 4, "无", r, 10)
    s.put(r + 1, 1, "总分", r + 1, 7)
    s.put(r + 1, 8, 100)
    s.put(r + 1, 9, 96)
    s.put(r + 1, 10, "优")
    return s


def docx_bytes(sheets: list[FormSheet], title_rows: int = 0) -> bytes:
    """Each form as a Word table (python-docx merges: gridSpan, vMerge); its first
    ``title_rows`` rows as paragraphs before the table, as Word documents usually have."""
    import docx

    document = docx.Document()
    for index, sheet in enumerate(sheets):
        if index:
            document.add_page_break()
        for r in range(1, title_rows + 1):
            document.add_paragraph(str(sheet.cells.get((r, 1), "")))
        height = sheet.height - title_rows
        width = max(c for _, c in sheet.cells)
        table = document.add_table(rows=height, cols=max(width, *(m[3] for m in sheet.merges), 1))
        table.style = "Table Grid"
        for r1, c1, r2, c2 in sheet.merges:
            if r1 > title_rows:
                table.cell(r1 - title_rows - 1, c1 - 1).merge(
                    table.cell(r2 - title_rows - 1, c2 - 1))
        for (r, c), value in sorted(sheet.cells.items()):
            if r > title_rows:
                table.cell(r - title_rows - 1, c - 1).text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xls_bytes(sheets: list[FormSheet]) -> bytes:
    """The forms as an Excel 97–2003 workbook (BIFF8, written by xlwt, read back by the
    importer with xlrd): merges, numbers as numbers, each number's format kept."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for sheet in sheets:
        out = book.add_sheet(sheet.title)
        merged = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        covered = {(r, c) for (r1, c1), (r2, c2) in merged.items() for r in range(r1, r2 + 1)
                   for c in range(c1, c2 + 1)} - set(merged)
        places = (set(sheet.cells) | set(merged)) - covered
        for r, c in sorted(places):
            value = sheet.cells.get((r, c))
            value = float(value) if isinstance(value, Decimal) else value
            style = xlwt.easyxf(num_format_str=sheet.formats.get((r, c), "General"))
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                out.write_merge(r - 1, r2 - 1, c - 1, c2 - 1, value, style)
            else:
                out.write(r - 1, c - 1, value, style)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def main() -> None:
    """Write the committed fixture workbook (the same bytes each time)."""
    YONGDE_XLSX.write_bytes(form_workbook([yongde_sheet()]))


if __name__ == "__main__":
    main()
