"""A 部门公开 disclosure as a Word document in the official layout (SPEC §6): the title
"<主管部门><year>年度 / 财政支出项目绩效评价结果", then 绩效评价结果信息表 1..N, each a two-column
table (项目名称, 预算金额 "20.645万元", 评价分值 "88.47分", 评价结论, 主要绩效, 存在问题, 整改建议,
整改情况), A4 portrait. ``python -m generator import`` reads it back to the same content
(:mod:`generator.spreadsheet.docx_reader`).

Written with python-docx (well kept, reads and writes tables; no template engine needed).
The bytes are fixed: core properties from the build's epoch, every zip entry's time the
same (:mod:`generator.build.reproducible`), parts in python-docx's order.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from generator.build.reproducible import FixedTimeZip
from generator.core.fmt import money, two
from generator.core.model import Project

TITLE_SUFFIX = "财政支出项目绩效评价结果"
TABLE_TITLE = "绩效评价结果信息表"
FONT = "宋体"
LIST_ROWS = (("主要绩效", "achievements"), ("存在问题", "problems_found"),
             ("整改建议", "recommendations"), ("整改情况", "rectification"))


def item_text(item: object) -> str:
    """A list entry as text (a rectification entry may be a mapping with ``text``)."""
    text = getattr(item, "text", None)
    if text is None and isinstance(item, dict):
        text = item.get("text")
    return str(item if text is None else text)


def numbered(items: Sequence[object]) -> list[str]:
    """One paragraph per item; numbered “1、” when there are several, as published."""
    texts = [item_text(i) for i in items]
    return [f"{n}、{t}" for n, t in enumerate(texts, 1)] if len(texts) > 1 else texts


def _font(run: object, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    run.font.name = FONT  # type: ignore[attr-defined]
    properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _cell(cell: object, lines: Iterable[str], bold: bool = False) -> None:
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()  # type: ignore
        _font(paragraph.add_run(line), 10.5, bold)
        first = False


def disclosure_rows(project: Project) -> list[tuple[str, list[str]]]:
    """The 信息表's rows: (label, paragraphs)."""
    rows = [("项目名称", [project.name]), ("预算金额", [f"{money(project.budget)}万元"]),
            ("评价分值", [f"{two(project.total)}分"]), ("评价结论", [project.grade_shown])]
    rows += [(label, numbered(getattr(project, key))) for label, key in LIST_ROWS]
    return rows


def disclosure_docx(authority: str, year: int, projects: Sequence[Project], when: datetime,
                    publisher: str = "") -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    for text in (f"{authority}{year}年度", TITLE_SUFFIX):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(text), 16, bold=True)
    for number, project in enumerate(projects, 1):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if number > 1:
            heading.add_run().add_break(WD_BREAK.PAGE)
        _font(heading.add_run(f"{TABLE_TITLE} {number}"), 14, bold=True)
        rows = disclosure_rows(project)
        table = document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        table.autofit = False
        for row, (label, lines) in zip(table.rows, rows, strict=True):
            row.cells[0].width, row.cells[1].width = Cm(2.8), Cm(13.0)
            _cell(row.cells[0], [label], bold=True)
            _cell(row.cells[1], lines)
    properties = document.core_properties
    properties.title = f"{authority}{year}年度{TITLE_SUFFIX}"
    properties.author = properties.last_modified_by = publisher or authority
    properties.created = properties.modified = properties.last_printed = when
    properties.revision = 1
    properties.comments = properties.keywords = properties.subject = properties.category = ""
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue(), when)


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same parts, in the same order, every entry with the build's time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, FixedTimeZip(out, when) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()
