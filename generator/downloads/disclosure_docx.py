"""A 部门公开 disclosure as a Word document in the official layout (SPEC §6): the title
"<主管部门><year>年度 / 财政支出项目绩效评价结果", then 绩效评价结果信息表 1..N, each a two-column
table (项目名称, 预算金额 "20.645万元", 评价分值 "88.47分", 评价结论, 主要绩效, 存在问题, 整改建议,
整改情况), A4 portrait. ``python -m generator import`` reads it back to the same content
(:mod:`generator.intake.docx_reader`, with python-docx).

The parts are written here as WordprocessingML text: a site has a document per authority
and year (a thousand for a large site), and python-docx's default template alone is 800 KB
of styles to parse and compress each time (0.3 s a document; this takes milliseconds). Only
what the layout needs is written: one font (宋体), table borders on the table itself, A4
margins. python-docx reads every document back in the tests. The bytes are fixed: core
properties from the build's epoch, every zip entry's time the same
(:mod:`generator.base.reproducible`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from generator.base.reproducible import FixedTimeZip
from generator.base.xml_text import escape
from generator.core.fmt import money, percent, two
from generator.core.heads import seen
from generator.core.model import Project, ProjectHead
from generator.core.text_safety import without_controls

TITLE_SUFFIX = "财政支出项目绩效评价结果"
TABLE_TITLE = "绩效评价结果信息表"
FONT = "宋体"
# the heading above it, which import skips (:mod:`generator.intake.docx_reader`): the
# table is a summary, the result itself being imported from its own forms
WHOLE_TITLE = "部门整体支出绩效评价结果摘要"
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


def disclosure_rows(project: ProjectHead) -> list[tuple[str, list[str]]]:
    """The 信息表's rows: (label, paragraphs). Its texts read, not kept in the head (a
    clean build writes every project's: :func:`generator.core.heads.seen`)."""
    project = seen(project)
    rows = [("项目名称", [project.name]), ("预算金额", [f"{money(project.budget)}万元"]),
            ("评价分值", [f"{two(project.total)}分"]), ("评价结论", [project.grade_shown])]
    rows += [(label, numbered(getattr(project, key))) for label, key in LIST_ROWS]
    return rows


def whole_rows(result: Project) -> list[tuple[str, list[str]]]:
    """The 部门整体 result's short table (issue 43): what a reader of the disclosure needs to
    find it beside the projects' 信息表 — its score, grade, 评价方式, money, 执行率 and
    年度主要任务 — the full form being on its own page (whole/<id>/)."""
    rate = result.execution_rate
    tasks = [f"{t.name}" + (f"：{t.content}" if t.content else "")
             + (f"（预算数{money(t.budget)}万元" if t.budget is not None else "（")
             + (f"，执行数{money(t.spent)}万元）" if t.spent is not None else "）")
             for t in result.tasks]
    return [("评价对象", [result.name]),
            ("评价分值", [f"{two(result.total)}分" if result.scored else "未公开"]),
            ("评价结论", [result.grade_shown]), ("评价方式", [result.method or "未注明"]),
            ("预算金额", [f"{money(result.budget)}万元" if result.budget is not None
                      else "未公开"]),
            ("执行率", [percent(rate) if rate is not None else "未公开"]),
            ("年度主要任务", numbered([task.replace("（）", "") for task in tasks]))]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CORE_REL = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
            "core-properties")
APP_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "extended-properties")
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{MAIN}.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
ROOT_RELS = HEAD + (
    f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{CORE_REL}" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{APP_REL}" Target="docProps/app.xml"/></Relationships>')
DOCUMENT_RELS = HEAD + (
    f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{STYLES_REL}" Target="styles.xml"/></Relationships>')
STYLES = HEAD + (
    f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" '
    'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '</w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" '
    'w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '</w:styles>')
APP = HEAD + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>generator</Application></Properties>')
# A4 portrait in twentieths of a point: 210 × 297 mm; margins 2.6 cm left/right, 2.5 cm
SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1474" '
           'w:bottom="1417" w:left="1474" w:header="851" w:footer="992" w:gutter="0"/>'
           '</w:sectPr>')
LABEL_WIDTH, VALUE_WIDTH = 1588, 7370  # twips: 2.8 cm + 13 cm = the text width
BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _xml(text: str) -> str:
    """Data text as XML character data, control characters dropped (a C0 character makes
    the document invalid XML, which Word refuses: :mod:`generator.core.text_safety`)."""
    return escape(without_controls(text))


def _run(text: str, size: int, bold: bool) -> str:
    """``size`` in half-points (10.5 pt = 21)."""
    props = ("<w:b/>" if bold else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{_xml(text)}</w:t></w:r>'


def _paragraph(text: str, size: int = 21, bold: bool = False, center: bool = False,
               page_break: bool = False) -> str:
    props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    brk = '<w:r><w:br w:type="page"/></w:r>' if page_break else ""
    return f"<w:p>{props}{brk}{_run(text, size, bold)}</w:p>"


def _table(rows: list[tuple[str, list[str]]]) -> str:
    grid = (f'<w:tblGrid><w:gridCol w:w="{LABEL_WIDTH}"/><w:gridCol w:w="{VALUE_WIDTH}"/>'
            "</w:tblGrid>")
    parts = [f'<w:tbl><w:tblPr><w:tblW w:w="{LABEL_WIDTH + VALUE_WIDTH}" w:type="dxa"/>'
             f'<w:tblBorders>{BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
             + grid]
    for label, lines in rows:
        value = "".join(_paragraph(line) for line in lines) or "<w:p/>"
        parts.append(
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{LABEL_WIDTH}" w:type="dxa"/><w:vAlign '
            f'w:val="center"/></w:tcPr>{_paragraph(label, bold=True, center=True)}</w:tc>'
            f'<w:tc><w:tcPr><w:tcW w:w="{VALUE_WIDTH}" w:type="dxa"/></w:tcPr>{value}</w:tc>'
            "</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def document_xml(authority: str, year: int, projects: Sequence[ProjectHead],
                 wholes: Sequence[Project] = ()) -> str:
    """The body: the title, each project's 信息表, then the department's 部门整体 result(s)
    under their own heading (not a numbered 信息表: import reads those as projects); a
    department with no project says so, as its 部门公开 page does, above its 部门整体 part."""
    body = [_paragraph(f"{authority}{year}年度", 32, True, True),
            _paragraph(TITLE_SUFFIX, 32, True, True)]
    for number, project in enumerate(projects, 1):
        body.append(_paragraph(f"{TABLE_TITLE} {number}", 28, True, True, number > 1))
        body.append(_table(disclosure_rows(project)))
    if not projects:  # a department with only its 部门整体 result: as its page says
        body.append(_paragraph(f"{authority} {year} 年度没有公开项目的绩效评价结果。"))
    for number, whole in enumerate(wholes):
        body.append(_paragraph(WHOLE_TITLE, 28, True, True, bool(projects) or number > 0))
        body.append(_table(whole_rows(whole)))
    body.append("<w:p/>")  # Word needs a paragraph after a table at the end of the body
    return HEAD + (f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
                   + "".join(body) + SECTION + "</w:body></w:document>")


def core_xml(title: str, author: str, when: datetime) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = "".join(f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{stamp}</dcterms:{name}>'
                    for name in ("created", "modified"))
    return HEAD + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
        f'XMLSchema-instance"><dc:title>{_xml(title)}</dc:title><dc:creator>'
        f"{_xml(author)}</dc:creator><cp:lastModifiedBy>{_xml(author)}</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision>{dates}</cp:coreProperties>")


def disclosure_docx(authority: str, year: int, projects: Sequence[ProjectHead], when: datetime,
                    publisher: str = "", wholes: Sequence[Project] = ()) -> bytes:
    title = f"{authority}{year}年度{TITLE_SUFFIX}"
    parts = (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
             ("docProps/core.xml", core_xml(title, publisher or authority, when)),
             ("docProps/app.xml", APP), ("word/document.xml",
                                         document_xml(authority, year, projects,
                                                      wholes)),
             ("word/_rels/document.xml.rels", DOCUMENT_RELS), ("word/styles.xml", STYLES))
    out = io.BytesIO()
    with FixedTimeZip(out, when) as archive:
        for name, text in parts:
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()
