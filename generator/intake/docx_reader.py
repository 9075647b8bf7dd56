"""Reading a department's 绩效评价结果信息表 document (.docx) in the form of the published
disclosures: a title “<主管部门><year>年度财政支出项目绩效评价结果” (on one or two lines), then
for each project a heading “绩效评价结果信息表 N” (or that text as the table's first row) and
a table whose rows are label | value: 项目名称, 预算金额 “20.645万元”, 评价分值 “88.47分”,
评价结论, 主要绩效, 存在问题, 整改建议, 整改情况 (each paragraph of a cell one line; numbered
items “1、…” become list entries). Other labels of the disclosure's columns (项目单位,
实际支出, 评价机构 …) are read too.

A table in the layout of the 项目支出绩效自评表 (项目名称 … 一级指标 …) is read as one
project by :mod:`.form.read` (merged cells through :mod:`.form.docx`), the text before it
giving the year when the table has no title row.

Every other table becomes a :class:`~.workbook_reader.Row` located as ``表 N`` with cells
``第 r 行第 c 列``, so problems name the table, row and column. The title gives 主管部门
(also 项目单位, unless a 项目单位 row says otherwise) and 预算年度; ``N`` gives ``order``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.core.problems import Problems
from generator.core.vocabulary import TARGET_TEXTS
from generator.intake.cells import Cell, Invalid, blank
from generator.intake.columns import HEADERS, REQUIRED, normalize_header
from generator.intake.form.docx import W, continues, joined, table_cell, table_grid
from generator.intake.form.grid import Grid
from generator.intake.form.read import (
    is_form,
    scoreless,
    stacked_forms,
)
from generator.intake.form.whole import whole_forms
from generator.intake.form.whole_text import whole_document
from generator.intake.guard import MAX_CELL_CHARS, MAX_ROWS
from generator.intake.workbook_reader import Row

_TITLE = re.compile(r"^(?P<authority>.+?)(?P<year>\d{4})\s*年度?\s*财政支出项目绩效评价结果")
# the heading of the 部门整体 summary the site's disclosure document ends with
# (:mod:`generator.downloads.disclosure_docx`)
WHOLE_SUMMARY = "部门整体支出绩效评价结果摘要"
_TABLE_TITLE = re.compile(r"^(?:绩效评价结果)?信息表\s*(?P<n>\d+)$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _paragraph_text(element: Any) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        parts.append(node.text or "" if node.tag == f"{W}t" else
                     ("\t" if node.tag == f"{W}tab" else "\n"))
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    """A table cell: its paragraphs as lines."""
    return "\n".join(_paragraph_text(p) for p in cell.iter(f"{W}p"))


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_DEPTH = 4  # a table in a text box in a layout table is as deep as real documents go


def blocks(parent: Any, depth: int = 0) -> Iterator[Any]:
    """The paragraphs and tables of a document in reading order, as Word shows them: a
    layout table that holds other tables gives those tables (a form pasted into a cell), a
    paragraph with a text box gives the text box's own paragraphs and tables after it (its
    ``mc:Fallback`` copy, the same text box for older Word, is left out)."""
    for element in parent.iterchildren(f"{W}p", f"{W}tbl", f"{W}sdt"):
        if element.tag == f"{W}sdt":  # a content control: its content in place
            content = element.find(f"{W}sdtContent")
            if content is not None and depth < MAX_DEPTH:
                yield from blocks(content, depth + 1)
            continue
        if element.tag == f"{W}tbl" and depth < MAX_DEPTH and any(
                True for _ in element.iterfind(f"{W}tr/{W}tc/{W}tbl")):
            for cell in element.iterfind(f"{W}tr/{W}tc"):
                yield from blocks(cell, depth + 1)
            continue
        yield element
        if element.tag == f"{W}p" and depth < MAX_DEPTH:
            for box in element.iter(f"{W}txbxContent"):
                if not any(a.tag == f"{MC}Fallback" for a in box.iterancestors()):
                    yield from blocks(box, depth + 1)


def _rows(table: Any) -> list[list[str]]:
    """Each row's cells (a cell spanning columns once, as Word shows it); nested tables are
    not expected in a 信息表 and are read as text of their cell."""
    rows = []
    for tr in table.iterchildren(f"{W}tr"):
        rows.append([_cell_text(tc) for tc in tr.iterchildren(f"{W}tc")])
    return rows


def _title(paragraphs: list[str]) -> tuple[str | None, int | None]:
    """主管部门 and year from the title, which may be split over the last few paragraphs
    (anything before it, such as “附件1”, is not part of it)."""
    for start in reversed(range(len(paragraphs))):
        found = _TITLE.match("".join(paragraphs[start:]))
        if found:
            return found.group("authority"), int(found.group("year"))
    return None, None


@dataclass
class Table:
    """A table of the document as the readers need it: its grid (merges resolved; None
    when larger than any form), each row's cells as shown (a merge once), and how its
    cells are named (``第 r 行第 c 列`` in Word, the page and row as printed in a PDF)."""

    grid: Grid | None
    cells: list[list[str]]
    name: str  # 表 3
    locate: Callable[[int, int], str] = table_cell  # 1-based row and column
    other: Callable[[Problems], list[Row] | None] | None = None  # another reading of it


def read_document(path: Path, problems: Problems, notes: list[str]) -> list[Row]:
    """One row per 信息表 of the document; problems by table, row and column."""
    from docx import Document

    try:
        body = Document(str(path)).element.body
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        problems.error("import-unreadable", f"无法作为 .docx 读取（{type(exc).__name__}）："
                       "请在 Word/WPS 中“另存为” Word 文档（*.docx）后再导入")
        return []
    return read_blocks(_word_blocks(body, problems), path, problems, notes)


def _word_blocks(body: Any, problems: Problems) -> Iterator[str | Table]:
    recent: list[str] = []  # paragraphs since the last table: a 自评表's title and year
    count = 0
    for element in blocks(body):
        if element.tag == f"{W}p":
            text = _squash(_paragraph_text(element))
            recent.append(text)
            yield text
            continue
        if element.tag != f"{W}tbl":
            continue
        count += 1
        if count > MAX_ROWS:
            problems.error("import-too-many-rows", f"文档中的表格超过上限 {MAX_ROWS} 个")
            return
        grid = table_grid(element, f"表 {count}", _cell_text, recent[-6:])
        recent = []
        yield Table(grid, _rows(element), f"表 {count}")


def read_blocks(document: Iterable[str | Table], path: Path, problems: Problems,
                notes: list[str]) -> list[Row]:
    """The 信息表 and 自评表 of a document read as paragraphs and tables in reading order
    (a Word document's, or a PDF's as laid out on its pages)."""
    title: list[str] = []
    authority = year = None
    pending: int | None = None
    rows: list[Row] = []
    forms: list[Row] = []
    listed: list[Row] = []  # rows of a table with a header row (a PDF of a worksheet)
    lists = 0
    words: list[str] = []  # every paragraph, for a document that has no table to read
    skipped: list[tuple[Table, int]] = []
    summaries = 0  # 部门整体 summaries of the site's own disclosure, skipped
    taken = 0  # skipped tables already read with a 部门整体 result
    count = 0
    held: Grid | None = None  # a form table, held until the next table shows it is complete
    for block in document:
        if isinstance(block, str):
            text = block
            words.append(text)
            match = _TABLE_TITLE.match(text)
            if match:
                pending = int(match.group("n"))
            elif text and authority is None:
                title.append(text)
                authority, year = _title(title[-6:])  # a title is a few lines
            continue
        count += 1
        grid = block.grid
        if held is not None and grid is not None and continues(grid):
            held = joined(held, grid)  # the form goes on in a table of the next page
            continue
        if held is not None:
            forms.extend(stacked_forms(held, problems, f"「{path.name}」的{held.sheet}"))
            held = None
        if grid is not None and grid.preamble and _squash(grid.preamble[-1]) == WHOLE_SUMMARY:
            notes.append(f"跳过{block.name}：部门整体支出绩效评价结果摘要（请导入其自评表或得分表）")
            summaries += 1
            continue  # the site's own disclosure document: a summary, not the result's form
        # the tables skipped since the last 部门整体 result: a report's 概况 above its 评分表
        profile = [g for table, n in skipped[taken:] if (g := _named(table, n)) is not None]
        wholes = whole_forms(grid, problems, f"「{path.name}」的{grid.sheet}", words, profile) \
            if grid is not None else None
        if wholes is not None:  # a 部门整体 evaluation: kind 部门整体
            forms.extend(wholes)
            taken = len(skipped)
            continue
        if grid is not None and is_form(grid):
            held = grid
            continue
        cells = block.cells
        if cells and len(cells[0]) >= 1 and _TABLE_TITLE.match(_squash(cells[0][0])):
            pending = int(_TABLE_TITLE.match(_squash(cells[0][0])).group("n"))  # type: ignore
            first = 2
            cells = cells[1:]
        else:
            first = 1
        number = pending if pending is not None else count
        pending = None
        row = _read_table(problems, path.name, number, cells, first, block)
        if row is None and block.other is not None:
            other = block.other(problems)
            if other is not None:
                listed.extend(other)
                lists += 1
                continue
        if row is None:
            notes.append(f"跳过{block.name}：没有 项目名称、预算金额 等栏目")
            skipped.append((block, number))
            continue
        rows.append(row)
    if held is not None:
        forms.extend(stacked_forms(held, problems, f"「{path.name}」的{held.sheet}"))
    if not rows and (forms or lists):
        return listed + forms
    if not rows and summaries:  # the site's disclosure of a department with no project
        problems.error("import-no-rows", "文档是网站的部门公开文件，只有部门整体支出绩效评价结果"
                       "摘要，没有“绩效评价结果信息表”：摘要不能导入，请导入该部门整体支出绩效"
                       "自评表或评价得分表")
        return []
    if not rows:  # a 部门整体 report: the result its text or tables give
        grids = [grid for table, number in skipped if (grid := _named(table, number)) is not None]
        wholes = whole_document(grids, words, problems, path.name)
        if wholes is not None:
            return wholes
    if not rows and not forms and _what_it_is(skipped, words, problems):
        return []
    if not rows:
        problems.error("import-no-rows", "文档中没有“绩效评价结果信息表”（项目名称、预算金额、"
                       "评价分值 等栏目的表格）")
        return []
    if authority is None:
        problems.error("import-docx-title", "找不到标题“<主管部门><年度>年度财政支出项目"
                       "绩效评价结果”（如“上海市人民政府合作交流办公室2017年度财政支出项目绩效评价结果”）："
                       "请在第一个表格之前写上标题，导入时由它得到主管部门和预算年度")
        return []
    for row in rows:
        row.values.setdefault("year", year)
        row.values.setdefault("authority", authority)
        row.values.setdefault("department", row.values["authority"])
        row.values.setdefault("order", int(row.sheet.removeprefix("表 ")))
    return rows + listed + forms


def _named(table: Table, number: int) -> Grid | None:
    """The table's grid, a Word table's named by its number (a PDF's names its page)."""
    if table.grid is not None and table.locate is table_cell:
        return replace(table.grid, sheet=f"表 {number}", preamble=[])
    return table.grid


def _what_it_is(tables: list[tuple[Table, int]], words: list[str], problems: Problems) -> bool:
    """Whether a document with nothing to import is a kind that can be named (reported):
    an indicator table of targets without scores, a table of
    scores without the project they belong to, or a report written as text only."""
    for table, number in tables:
        grid = _named(table, number)
        if grid is not None and (scoreless(grid, problems) or _unowned(grid, problems)):
            return True
    if tables:
        return False
    if sum(any(w in text for text in words) for w in TARGET_TEXTS) >= 3:
        problems.error("import-form-no-scores", "文档只写了绩效目标（产出指标、效益指标……），没有"
                       "分值和得分：它不是评价结果，不能发布；请导入填好得分的自评表或评价结果表")
    else:
        problems.error("import-no-rows", "文档只有文字，没有表格：文字写成的自评报告不能导入，"
                       "请导入它所附的项目支出绩效自评表，或按“绩效评价结果信息表”的格式填写")
    return True


def _unowned(grid: Grid, problems: Problems) -> bool:
    """A table of scores (得分, 评价分值 …) with no 项目名称 and no 预算金额 beside it."""
    for r in range(min(grid.height, 3)):
        for c, text in grid.texts(r):
            if "得分" in text or "分值" in text:
                problems.at_cell("import-form-layout", "error", f"表中有评分（「{text}」），但没有"
                                 "项目名称、项目单位和预算金额：这些是发布评价结果必需的，请补上后"
                                 "按自评表或“绩效评价结果信息表”的格式导入", grid.sheet,
                                 grid.where(r, c))
                return True
    return False


def _read_table(problems: Problems, file: str, number: int, cells: list[list[str]],
                first: int, table: Table) -> Row | None:
    sheet = f"表 {number}"
    row = Row(problems.file, sheet, first, source=f"「{file}」的{sheet}")
    labels = {}
    for offset, texts in enumerate(cells):
        if not texts:
            continue
        label = normalize_header(_squash(texts[0]))
        column = HEADERS.get(label)
        if column is None or column.key == "id":
            continue
        labels[column.key] = (first + offset, texts)
    if "name" not in labels or not {"budget", "score"} & labels.keys():
        return None
    before = len(problems)
    for key, (line, texts) in labels.items():
        column = HEADERS[normalize_header(_squash(texts[0]))]
        where = table.locate(line, 2)
        row.cells[key] = where
        value = "\n".join(t for t in texts[1:] if t.strip())
        if blank(value):
            continue
        if len(value) > MAX_CELL_CHARS:
            problems.at_cell("import-cell-too-long", "error", f"{column.header}有 {len(value)} "
                             f"个字，超过上限 {MAX_CELL_CHARS}：请删减后再导入", sheet, where)
            continue
        try:
            parsed = column.parse(Cell(value, "General", where))
        except Invalid as exc:
            problems.at_cell(exc.code, "error", f"{column.header}{exc.message}", sheet, where)
            continue
        if parsed not in ("", []):
            row.values[key] = parsed
    for column in REQUIRED:
        if column.key in labels and column.key not in row.values and \
                not any(p.where == row.at(column.key) for p in problems.items[before:]):
            problems.at_cell("import-missing-value", "error", f"{column.header}不能为空：请填写",
                             sheet, row.cells[column.key])
    for key, label in (("name", "项目名称"), ("budget", "预算金额"), ("score", "评价分值")):
        if key not in labels:
            problems.at_cell("import-missing-column", "error", f"缺少“{label}”一行：请补上",
                             sheet, table.locate(first, 1))
    row.bad = any(p.is_error for p in problems.items[before:])
    return row
