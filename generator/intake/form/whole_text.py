"""A 部门整体支出绩效评价 known from text: a report that states its result in a sentence
(“……对南县财政局2020年度机关整体支出开展了绩效评价,综合评分为97分”), and a row of a
重点评价 list whose name is a department's 整体支出 (“衢州市科技局整体支出”).

The report becomes a score-only ``kind: 部门整体`` result: department, year, score, and the
问题 and 改进措施 where the text has them (“存在的问题:一是……二是……下一步改进措施:……”).
A report that states no score, or names no department (“本部门对2017年整体支出开展绩效
自评”), is refused with that reason: nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from generator.core.problems import Problems
from generator.core.vocabulary import WHOLE_DEPARTMENT, squash
from generator.core.whole import WHOLE, default_name
from generator.intake.form.grid import Grid
from generator.intake.form.whole import (
    DEPARTMENT_LABELS,
    ORGAN,
    has_score,
    method_of,
    read_whole,
)
from generator.intake.workbook_reader import Row

_NUMBER = r"(?P<score>\d{1,3}(?:\.\d+)?)"
_SCORE = re.compile(r"(?:综合评分|综合得分|自评得分|评价得分|最终得分|总得分|总分|自评分)"
                    r"(?:为|是|:)?" + _NUMBER + r"分")
_SUBJECT = re.compile(r"对(?P<name>[^,，。;；:：对]{2,40}?)(?P<year>(?:19|20)\d{2})年度?"
                      r"(?:机关|部门|单位)?整体支出")
_TITLE = re.compile(r"^(?P<name>\D{2,30}?)(?P<year>(?:19|20)\d{2})年度?(?:机关|部门|单位)?"
                    r"整体支出")
_YEAR = re.compile(r"((?:19|20)\d{2})年度?(?:机关|部门|单位)?整体支出")
# the year before the name: “2021年茂名市发展和改革局整体支出绩效自评报告” (广东), also in
# the sentence “现将2021年茂名市发展和改革局整体支出绩效自评报告如下”
_YEAR_FIRST = re.compile(r"(?:^|现将|对)(?P<year>(?:19|20)\d{2})年度?"
                         r"(?P<name>[^,，。;；:：\d]{2,30}?)(?:机关|部门|单位)?整体支出")
_LABELLED = re.compile(r"^(?P<label>[^:]{2,12}):(?P<value>\S.*)$")
_PROBLEMS = re.compile(r"存在(?:的)?问题(?:[:,]|是)?(?P<text>.+?)"
                       r"(?=(?:下一步)?(?:改进措施|整改措施|改进建议|$))")
_MEASURES = re.compile(r"(?:改进措施|整改措施|改进建议)(?:[:,]|是)?(?P<text>.+?)(?=\d+[.、]|$)")
_ITEMS = re.compile(r"[一二三四五六七八九十]是")
_WHOLE_ROW = ("整体支出", "部门整体")


def whole_document(grids: Sequence[Grid], words: Sequence[str], problems: Problems,
                   file: str) -> list[Row] | None:
    """A Word document titled as a 部门整体 evaluation whose tables are no 自评表 or 信息表:
    the result its text states, else what its tables hold (a report's 概况 table names the
    department and its 人员编制; with no 得分 it is refused as such); None when the document
    is no 部门整体 evaluation."""
    texts = [squash(w) for w in words if w.strip()]
    title = next((t for t in texts[:8] if any(k in t for k in WHOLE_DEPARTMENT)), None)
    if title is None:
        return None
    if _SCORE.search("".join(texts)) or not grids:
        report = whole_report(words, problems, file)
        return [report] if report is not None else []
    scored = [has_score(grid) for grid in grids]
    rows: list[Row] = []
    held: list[Grid] = []  # tables with no score above a scored one: its report's 概况
    for index, grid in enumerate(grids):
        if not scored[index] and any(scored[index + 1:]):
            held.append(grid)
            continue
        rows.append(read_whole(grid, problems, f"「{file}」的{grid.sheet}", (-1, 0, title),
                               words, held))
        held = []
    return rows


def whole_report(words: Sequence[str], problems: Problems, file: str) -> Row | None:
    """The score-only result a 部门整体 report's text states; None when the text is no
    部门整体 report. Refusals (no score, no department, no year) are reported."""
    texts = [squash(w) for w in words if w.strip()]
    title = next((t for t in texts[:8] if any(k in t for k in WHOLE_DEPARTMENT)), None)
    if title is None:
        return None
    text = "".join(texts)
    row = Row(problems.file, "正文", 1, source=f"「{file}」的正文（部门整体支出绩效评价报告）")
    row.values["kind"] = WHOLE
    found = _SCORE.search(text)
    if found is None:  # every missing part is said at once
        problems.error("import-whole-no-score", f"「{title[:40]}」是部门整体支出绩效评价，但文中"
                       "没有写明评价得分（综合评分、自评得分……）：没有得分的评价不能发布；请导入"
                       "它的评分表、得分表，或在报告中写明综合评分后再导入")
    department, year = _subject(texts, title)
    if department is None:
        problems.error("import-whole-no-department", f"「{title[:40]}」没有写被评价的部门（只写"
                       "了“本部门”之类）：请写明部门（单位）名称（如在标题或“部门（单位）名称：”"
                       "一行中）后再导入")
    if year is None:
        problems.error("import-form-year", f"「{title[:40]}」中找不到预算年度：请写明"
                       "（如“2020年度机关整体支出”）")
    if found is None or department is None or year is None:
        row.bad = True
        return row
    row.values.update(name=default_name(department, year), year=year, department=department,
                      authority=department, score=Decimal(found.group("score")))
    method = next((m for t in texts if t.startswith("评价方式") and (m := method_of(t))), None)
    if method:
        row.values["method"] = method
    for key, pattern in (("problems", _PROBLEMS), ("recommendations", _MEASURES)):
        match = pattern.search(text)
        items = _items(match.group("text")) if match else []
        if items:
            row.values[key] = items
    return row


def _subject(texts: Sequence[str], title: str) -> tuple[str | None, int | None]:
    """The department and year: a 部门（单位）名称 line, else the sentence “对<部门><年度>
    整体支出……”, else a title that begins with an organisation's name; “本部门” is none."""
    department = None
    for text in texts:
        match = _LABELLED.match(text.replace("：", ":"))
        if match and match.group("label") in DEPARTMENT_LABELS:
            department = match.group("value")
            break
    year = None
    for text in texts:
        match = _SUBJECT.search(text)
        if match:
            year = int(match.group("year"))
            if department is None and ORGAN.search(match.group("name")):
                department = match.group("name")
            break
    match = _TITLE.match(title)
    if match:
        year = year or int(match.group("year"))
        if department is None and ORGAN.search(match.group("name")):
            department = match.group("name")
    for text in [title, *texts]:
        match = _YEAR_FIRST.search(text)
        if match and ORGAN.search(match.group("name")):
            year = year or int(match.group("year"))
            department = department or match.group("name")
            break
    match = _NO_YEAR.match(title)  # “巴中市恩阳区农业农村局部门整体支出绩效评价报告”
    if department is None and match and ORGAN.search(match.group("name")) and \
            match.group("name") not in _GENERIC and not match.group("name").startswith("本"):
        department = match.group("name")
    if year is None:
        found = next((m for t in texts if (m := _YEAR.search(t))), None)
        year = int(found.group(1)) if found else None
    return department, year


# a title naming the department with no year before 整体支出; the template's own words are none
_NO_YEAR = re.compile(r"^(?P<name>\D{2,30}?)(?:机关|部门|单位)?整体支出")
_GENERIC = ("部门", "单位", "机关", "部门(单位)", "预算部门")


def _items(text: str) -> list[str]:
    """“一是……二是……” as items; a text without them as one item."""
    text = text.strip(" :：,，.。")
    parts = [p.strip(" ,，.。;；") for p in _ITEMS.split(text)]
    return [p for p in parts if p] or ([text] if text else [])


def mark_wholes(rows: list[Row]) -> None:
    """A 重点评价 list row whose name says 整体支出 / 部门整体 is a department's whole
    expenditure, not a project: ``kind: 部门整体``, so its grade stays out of the
    statistics of projects."""
    for row in rows:
        name = squash(row.values.get("name", ""))
        if "kind" not in row.values and any(word in name for word in _WHOLE_ROW):
            row.values["kind"] = WHOLE
