"""A 部门整体支出绩效评价 out of a grid (a worksheet or a Word table): a ``kind: 部门整体``
result, read by the meaning of its labels as the project forms are (:mod:`.read`).

Three layouts are published (issue 43): the 部门整体支出绩效自评表 (部门（单位）名称, 年度主要
任务, 年度资金总额 split 按收入性质 / 按支出性质, 年度总体目标, the 绩效指标 table of a project
form, 总分), the 评价得分表 / 评分表 (一级 / 二级 / 三级 with the weights in the names,
``目标任务(15分)``, or in 分值 columns, and a 得分 column), and a report whose cover and
概况 table name the department and its 人员编制 beside such a table. Each is read here into
one :class:`~generator.intake.workbook_reader.Row` that the real checker then checks.

Two refusals are named rather than guessed: a table or form with no score at all (a 得分表
left blank, a 绩效目标申报表) is ``import-whole-no-score``, and one that names no department
is ``import-whole-no-department``, asking for 部门（单位）名称: a result of nobody cannot be
published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.core.problems import Problems
from generator.core.vocabulary import WHOLE_DEPARTMENT, label, squash, table_role
from generator.core.whole import WHOLE, default_name
from generator.intake.cells import parse_text
from generator.intake.form.grid import Grid, Reader, number
from generator.intake.form.read import _closing, _goals, _unread
from generator.intake.form.table import read_indicators
from generator.intake.form.whole_money import read_money, read_tasks
from generator.intake.form.whole_table import read_score_table
from generator.intake.workbook_reader import Row

# the labels of the evaluated department, in the order they are trusted
DEPARTMENT_LABELS = ("部门(单位)名称", "部门名称", "单位名称", "部门(单位)", "预算单位名称",
                     "被评价单位", "填报单位", "主管部门", "部门")  # 部门: 安徽's 自评表
STAFF = {"人员编制": "authorized", "编制数": "authorized", "编制人数": "authorized",
         "实有人数": "actual", "实际在职人数": "actual", "在职人数": "actual"}
METHOD_LABELS = ("评价方式",)
ORGAN = re.compile(r"(?:局|委|委员会|办|办公室|院|中心|会|所|站|队|处|室|部|馆|厅|政府|协|团|社|"
                    r"校|行|署|司|台|庭|园|场)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_INLINE = re.compile(r"^(?P<label>[^:：]{2,12})[:：]\s*(?P<value>\S.*)$")


# the 一级指标 of the 部门整体 frameworks (财预〔2013〕53号 and the provinces'): a table with
# two of them is a department's 得分表 even with no title above it
FRAMEWORK = ("部门决策", "部门管理", "综合管理", "部门绩效", "部门绩效情况", "履职效能")


def whole_title(grid: Grid) -> tuple[int, int, str] | None:
    """Where the grid says it is a 部门整体支出 evaluation (its title above it or in its first
    rows, else two 一级指标 of the frameworks): (row, column, text), the row -1 for the text
    above a Word table."""
    for text in reversed(grid.preamble[-3:]):  # the nearest title first
        if _titles(squash(text)):
            return -1, 0, squash(text)
    for r in range(min(grid.height, 8)):
        for c, text in grid.texts(r):
            if _titles(text):
                return r, c, text
    head = next(((r, c) for r in range(min(grid.height, 8)) for c, t in grid.texts(r)
                 if table_role(t) == "l1"), None)
    if head is None:
        return None
    found = [(r, head[1], t) for r in range(head[0] + 1, min(grid.height, 60))
             if label(t := grid.text(r, head[1])).text in FRAMEWORK]
    if len({label(t).text for _, _, t in found}) >= 2:
        return found[0]
    return None


def _titles(text: str) -> bool:
    """A title of a 部门整体 document (“2017年部门整体支出绩效评价得分表”), not a name in a
    list of results (“衢州市科技局整体支出”, a row of the site's own workbook)."""
    return any(word in text for word in WHOLE_DEPARTMENT) and \
        any(word in text for word in ("表", "报告", "评价", "自评", "评分"))


def whole_forms(grid: Grid, problems: Problems, source: str, context: Sequence[str] = (),
                before: Sequence[Grid] = ()) -> list[Row] | None:
    """The 部门整体 result of the grid, or None when the grid is not one (then it is read
    as whatever else it is). ``context``: the document's paragraphs so far (a report's
    cover names the department above its tables); ``before``: its tables above this one
    that were nothing else (a report's 概况 table, read with it: :func:`read_whole`)."""
    title = whole_title(grid)
    if title is None:
        return None
    held = [other for other in before if not has_score(other)]
    return [read_whole(grid, problems, source, title, context, held)]


def read_whole(grid: Grid, problems: Problems, source: str, title: tuple[int, int, str],
               context: Sequence[str] = (), before: Sequence[Grid] = ()) -> Row:
    """The result of one grid. ``before``: the tables of the same report above it that hold
    no score (a 湖南 自评报告's 部门（单位）基本概况 table: 人员编制, 实有人数, 联系人 …), read
    with it so that what they print is the result's, not a refusal of their own."""
    reader = Reader(grid, problems)
    others = [Reader(other, problems) for other in before]
    at = (max(title[0], 0), title[1])
    row = Row(problems.file, grid.sheet, at[0] + 1, source=f"{source}（部门整体支出绩效评价）")
    before_count = len(problems.items)
    row.values["kind"] = WHOLE
    texts = [*context, *grid.preamble, *(t for r in range(min(grid.height, 6))
                                         for _, t in grid.texts(r))]
    # what makes it publishable comes first, every missing part said at once (a score, whose,
    # which year) before the rest is read
    scored = _scored(reader, title[2], at)
    department = next((d for r in [reader, *others] if (d := _department(r, row, texts))),
                      None)
    if department is None:
        reader.error("import-whole-no-department", f"「{title[2][:40]}」没有写被评价的部门：请在"
                     "“部门（单位）名称”一栏填写部门（单位）的全称后再导入", *at)
    # the year of the title and first rows, else the first the form writes (“中心2021年较好地
    # 完成了……”): a PDF of the form puts its rows in another order than its workbook
    everywhere = (t for r in range(grid.height) for _, t in grid.texts(r))
    year = next((int(m.group(1)) for t in [*texts, title[2], *everywhere]
                 if (m := _YEAR.search(squash(t)))), None)
    if year is None:
        reader.error("import-form-year", "找不到年度：部门整体支出绩效评价的标题中应写明预算年度"
                     "（如“2022年度部门整体支出绩效自评表”）", *at)
    if not scored or department is None or year is None:
        row.bad = True
        return row
    row.values.update(name=default_name(department, year), year=year,
                      department=department, authority=department)
    for each in [reader, *others]:
        _staff(each, row)
        _method(each, row)
    _method_in(texts, row)
    read_tasks(reader, row)
    read_money(reader, row)
    _goals(reader, row)
    end = _scores(reader, row, title[2], at)
    _closing(reader, row, end)
    row.bad = any(p.is_error for p in problems.items[before_count:])
    if not row.bad:  # nothing printed is dropped: what no part took is kept or named
        for each in [*others, reader]:
            _mark_labels(each)
        for each in others:
            _unread(each, row, 0)
        _unread(reader, row, title[0] + 1)
    return row


# the 部门整体 forms' own block labels (the project forms' are in the vocabulary): nothing to
# import in them
BLOCKS = ("年度绩效指标", "年度主要任务", "年度资金总额", "年度总体目标", "按收入性质",
          "按支出性质", "部门(单位)基本概况", "基本概况")


def _mark_labels(reader: Reader) -> None:
    grid = reader.grid
    for r in range(grid.height):
        for c, text in grid.texts(r):
            if label(text).text.startswith(BLOCKS) or _YEAR_LINE.fullmatch(squash(text)):
                reader.mark(r, c)  # a block's label, or the title's “(2023年度)” line


_YEAR_LINE = re.compile(r"[(（]?(?:19|20)\d{2}年度?[)）]?")


_TOTALS = ("总分", "自评总分", "自评得分", "综合得分", "评价得分", "合计得分")


def has_score(grid: Grid) -> bool:
    """Whether the grid has a score anywhere: a 得分 below its header, a 总分 beside its
    label, or “自评总分(分)97.6” in a borderless row above a PDF's ruled table."""
    for r in range(grid.height):
        for c, text in grid.texts(r):
            name = label(text).text.removesuffix("(分)")
            right = grid.right_of(r, c)
            if name in _TOTALS and right is not None and _figure(grid.text(r, right)):
                return True
            if table_role(text) == "score" and any(
                    _figure(grid.text(below, c)) for below in range(r + 1, grid.height)
                    if grid.starts(below, c)):
                return True
    return any(_PRINTED_TOTAL.search(squash(line)) for line in grid.preamble)


def _scored(reader: Reader, title: str, at: tuple[int, int]) -> bool:
    """Whether the grid has a score; if not, it is refused by what it is (a blank 得分表, a
    绩效目标表)."""
    grid = reader.grid
    if has_score(grid):
        return True
    header = any(table_role(t) == "score" for r in range(grid.height) for _, t in grid.texts(r))
    if header:
        why = "部门整体支出绩效评价得分表，得分为空：请填写各指标的得分（或总分）后再导入"
    elif "目标" in title:
        why = ("这是部门整体支出的绩效目标（申报表），不是评价结果：没有得分，不能发布；请导入"
               "年度终了后填好得分的自评表或得分表")
    else:
        why = ("表中没有评价得分（没有得分一栏，也没有总分）：部门整体支出绩效评价要有得分才能"
               "发布；请导入填好得分的得分表、自评表，或写明综合评分的评价报告")
    reader.error("import-whole-no-score", f"「{title[:40]}」：{why}", *at)
    return False


_PRINTED_TOTAL = re.compile("(?:" + "|".join(_TOTALS) + r")(?:\(分\))?[:：]?\d+(?:\.\d+)?分?$")


def _figure(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?分?", text))


def _department(reader: Reader, row: Row, texts: Sequence[str]) -> str | None:
    """部门（单位）名称 (or 单位名称, 填报单位 …) beside its label, or written after it
    (“填报单位：xx局”), else a title that begins with an organisation's name (“南县财政局
    2020年度机关整体支出绩效评价报告”); “本部门” or a blank is no name."""
    grid = reader.grid
    found: dict[str, tuple[str, int, int]] = {}
    for r in range(grid.height):
        for c, text in grid.texts(r):
            name = label(text).text
            inline = _INLINE.match(text)
            if name in DEPARTMENT_LABELS:
                right = grid.right_of(r, c)
                reader.mark(r, c)
                value = reader.value(r, right, name, parse_text) if right is not None else None
                if value and label(value).text not in DEPARTMENT_LABELS and \
                        not _INLINE.match(squash(value)):  # “单位：万元” beside an empty label
                    found.setdefault(name, (value, r, right or c))
            elif inline and label(inline.group("label")).text in DEPARTMENT_LABELS:
                reader.mark(r, c)
                found.setdefault(label(inline.group("label")).text,
                                 (inline.group("value").strip(), r, c))
    for name in DEPARTMENT_LABELS:
        if name in found:
            value, r, c = found[name]
            row.cells["department"] = grid.where(r, c)
            return _CODE.sub("", value)
    for text in texts:
        inline = _INLINE.match(squash(text))
        if inline and label(inline.group("label")).text in DEPARTMENT_LABELS:
            if not _INLINE.match(inline.group("value")):  # “填报单位：单位：万元”: left blank
                return inline.group("value")
            continue
        glued = _glued(squash(text))
        if glued:
            return glued
    for text in texts:
        match = _TITLED.match(squash(text))
        if match and ORGAN.search(match.group("name")):
            return match.group("name")
    return None


def _glued(text: str) -> str | None:
    """The name in a line that is the label and an organisation's name with nothing between
    (“部门(单位)名称临沧市政务服务管理局”: a PDF's borderless row above the ruled table, the
    space between its two cells lost), else None."""
    name = next((n for n in DEPARTMENT_LABELS if text.startswith(n)), None)
    if name is None:
        return None
    rest = _CODE.sub("", text[len(name):])
    if 2 <= len(rest) <= 40 and ORGAN.search(rest) and not re.search(r"[:：]", rest):
        return rest
    return None


_CODE = re.compile(r"^(?:[0-9A-Za-z]{2,}\s*[-—－_]\s*|[\[［【]\s*[0-9A-Za-z]+\s*[\]］】]\s*)(?=\S)")
_TITLED = re.compile(r"^(?P<name>\D{2,30}?)(?:19|20)\d{2}年度?.*整体(?:支出)?绩效")


def _staff(reader: Reader, row: Row) -> None:
    grid = reader.grid
    staff: dict[str, int] = dict(row.values.get("staff", {}))
    for r in range(grid.height):
        for c, text in grid.texts(r):
            key = STAFF.get(label(text).text)
            right = grid.right_of(r, c)
            if key is None or key in staff or right is None:
                continue
            reader.mark(r, c)
            value = reader.value(r, right, label(text).text, number)
            if value is not None and value == int(value) and value >= 0:
                staff[key] = int(value)
                if grid.sheet == row.sheet:
                    row.cells.setdefault("staff", grid.where(r, right))
    if staff:
        row.values["staff"] = staff


def _method(reader: Reader, row: Row) -> None:
    """评价方式 as printed (“部门（单位）绩效自评”): a self-evaluation of the department."""
    grid = reader.grid
    if "method" in row.values:
        return
    for r in range(grid.height):
        for c, text in grid.texts(r):
            right = grid.right_of(r, c)
            if label(text).text in METHOD_LABELS and right is not None:
                reader.mark(r, c)
                printed = reader.value(r, right, "评价方式", parse_text) or ""
                method = method_of(printed)
                if method:
                    row.values["method"] = method
                    row.cells["method"] = grid.where(r, right)
                return


def _method_in(texts: Sequence[str], row: Row) -> None:
    """评价方式 on a report's cover (“评价方式：部门(单位)绩效自评”), when no table has it."""
    for text in texts:
        inline = _INLINE.match(squash(text))
        if "method" not in row.values and inline and \
                label(inline.group("label")).text in METHOD_LABELS:
            method = method_of(inline.group("value"))
            if method:
                row.values["method"] = method


def method_of(printed: str) -> str | None:
    if "第三方" in printed:
        return "第三方评价"
    if "自评" in printed:
        return "单位自评"  # the one self-evaluation the format names (部门（单位）绩效自评)
    return None


def _scores(reader: Reader, row: Row, title: str, at: tuple[int, int]) -> int:
    """The indicator table: a project form's (年度指标值, 实际完成值, 分值, 得分) read as
    there, else a 得分表's (weights in the names or in 分值 columns). Returns the row after
    it (where 存在问题 and the like begin)."""
    grid = reader.grid
    head = next(((r, c) for r in range(grid.height) for c, t in grid.texts(r)
                 if table_role(t) == "l1"), None)
    roles = {table_role(t) for r in range(head[0], min(head[0] + 2, grid.height))
             for _, t in grid.texts(r)} if head is not None else set()
    if head is None or "score" not in roles:
        reader.error("import-form-layout", f"「{title[:40]}」的评分表找不到“一级指标”和“得分”"
                     "两栏：请按得分表（一级指标、二级指标、三级指标、得分）或自评表的格式填写",
                     *(head or at))
        return grid.height
    if roles & {"actual", "target", "value"}:
        return read_indicators(reader, row)
    return read_score_table(reader, row, title, head)
