"""One 项目支出绩效自评表 out of a :class:`~.grid.Grid`, found by the meaning of its labels
(:mod:`generator.core.vocabulary`), not by positions, because each province prints its own:
the head (项目名称, 主管部门, 实施单位; a code printed before a name, ``219-`` or ``[155]``,
is dropped), the year from the title (“（2022年度）”), the money block (:mod:`.funds`), the goals
(预期目标 / 实际完成情况 and their synonyms), the indicator table and its 总分 / 合计 row
(:mod:`.table`), and the closing rows (评价结论, 存在问题, 改进措施).

Several forms stacked on one sheet are cut apart at each 项目名称 (:func:`forms_of`), each
with the title rows above it, so each is its own project. The result is a
:class:`~generator.intake.workbook_reader.Row` like any imported project, so the real
checker runs on it and its problems come back to these cells.
"""

from __future__ import annotations

import re
from typing import Any

from generator.core.problems import Problems
from generator.core.vocabulary import (
    CLOSING,
    GOALS_ACHIEVED,
    GOALS_PLANNED,
    SUMMARY,
    head_role,
    is_money_block,
    known,
    label,
    squash,
    table_role,
)
from generator.intake.cells import Cell, blank, parse_list, parse_text
from generator.intake.form.funds import read_funds
from generator.intake.form.grid import Grid, Reader
from generator.intake.form.table import read_indicators
from generator.intake.workbook_reader import Row

METHOD = "单位自评"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# a unit's code printed before its name: “219-…”, “219001-…”, “[155]…”, “【015001】…”
_CODE = re.compile(r"^(?:[0-9A-Za-z]{2,}\s*[-—－_]\s*|[\[［【]\s*[0-9A-Za-z]+\s*[\]］】]\s*)(?=\S)")
_TITLE_WORDS = ("自评表", "年度", "报表编号", "填报单位", "单位:", "部门:", "公开", "附件", "附表",
                "编制单位", "单位名称")


def _names(grid: Grid) -> list[int]:
    return [r for r in range(grid.height) if any(head_role(t) == "name"
                                                 for _, t in grid.texts(r))]


def is_form(grid: Grid) -> bool:
    """A form has a 项目名称 label and an indicator header with 一级指标."""
    return bool(_names(grid)) and any(table_role(t) == "l1" for r in range(grid.height)
                                      for _, t in grid.texts(r))


def forms_of(grid: Grid) -> list[Grid]:
    """The forms stacked in a grid, each from its title rows to the next form's."""
    names = _names(grid)
    starts = []
    for index, r in enumerate(names):
        floor = names[index - 1] + 1 if index else 0
        start = r
        while start - 1 >= floor and _title_row(grid, start - 1):
            start -= 1
        starts.append(start if index else 0)
    ends = starts[1:] + [grid.height]
    return [grid.part(a, b) for a, b in zip(starts, ends, strict=True)]


def stacked_forms(grid: Grid, problems: Problems, source: str) -> list[Row]:
    """Every form stacked in the grid, each its own project; ``source`` names the grid in the
    project file's comment (“「x.xlsx」工作表「自评表」”)."""
    parts = forms_of(grid)
    rows = []
    for number, part in enumerate(parts, 1):
        place = f"第 {number} 份" if len(parts) > 1 else ""
        row = read_form(part, problems, f"{source}的{place}自评表")
        if row is not None:
            rows.append(row)
    return rows


def _title_row(grid: Grid, r: int) -> bool:
    texts = [t for _, t in grid.texts(r)]
    return not texts or any(w in t for t in texts for w in _TITLE_WORDS)


def scoreless(grid: Grid, problems: Problems) -> bool:
    """Whether the grid is an indicator table with targets and no 得分 (a 绩效目标表, an
    评价指标表 of weights only, a results page listing 目标值 and 实际完成值, a checklist of
    一级 / 二级 / 三级指标 with 自评内容 and 完成情况), reported at its header: there is no
    score to publish."""
    for r in range(grid.height):
        roles = {table_role(t): c for c, t in grid.texts(r)}
        if not roles.keys() & {"l1", "l3"}:
            continue
        for around in (r - 1, r + 1):  # a header of two rows: 得分 merged over both
            if 0 <= around < grid.height:
                roles.update((table_role(t), c) for c, t in grid.texts(around))
        if "score" not in roles and (roles.keys() & {"target", "value", "weight", "actual"} or
                                     {"l1", "l3"} <= roles.keys()):  # a checklist: 自评内容
            Reader(grid, problems).error(
                "import-form-no-scores", "这张指标表没有“得分”列（只有指标和目标值、分值或完成"
                "值）：它是绩效目标或评价标准，不是评价结果，不能发布；请导入填好得分的自评表",
                r, min(c for c in roles.values()))
            return True
    return False


def read_form(grid: Grid, problems: Problems, source: str) -> Row | None:
    """The project of one form, or None when the grid is not a form. Problems name cells."""
    names = _names(grid)
    if not names or not is_form(grid):
        return None
    named = next((names[0], c) for c, t in grid.texts(names[0]) if head_role(t) == "name")
    reader = Reader(grid, problems)
    row = Row(problems.file, grid.sheet, named[0] + 1, source=source)
    if scoreless(grid, problems) or _old_scale(reader):  # said once, not as missing columns
        row.bad = True
        return row
    before = len(problems.items)
    row.values["method"] = METHOD
    _identity(reader, row, named)
    read_funds(reader, row)
    _goals(reader, row)
    end = read_indicators(reader, row)
    _closing(reader, row, end)
    row.bad = any(p.is_error for p in problems.items[before:])
    if not row.bad:
        _unread(reader, row, named[0])
    return row


def _unread(reader: Reader, row: Row, head: int) -> None:
    """Every text below the title that the form's parts did not take, so that nothing
    printed on a form is dropped: a label with its text (“项目负责人及电话 | 李宁…”, or one
    cell “项目负责人：查小兵”) goes to ``other_fields`` as printed; a text with no label to
    pair with (a stray figure, a note typed beside the table) is named at its cell."""
    grid = reader.grid
    pairs: dict[str, str] = {}
    for r in range(head, grid.height):
        loose = [c for c, text in grid.texts(r) if (r, c) not in reader.read and not known(text)
                 and not _TEMPLATE_TEXT.search(text) and not blank(grid.cell(r, c).value)]
        # a head label printed a second time (项目单位 and 实施单位 both): its text is kept
        loose = sorted(loose + [c for c, text in grid.texts(r) if head_role(text) and
                                (r, c) not in reader.read and grid.right_of(r, c) in loose])
        index = 0
        while index < len(loose):
            c = loose[index]
            text = _text(reader, r, c)
            right = loose[index + 1] if index + 1 < len(loose) else None
            inline = _INLINE.fullmatch(text)
            if inline:
                _keep(reader, row, pairs, inline.group(1), inline.group(2), r, c)
            elif right is not None and right == grid.right_of(r, c) and _is_label(text):
                _keep(reader, row, pairs, text, _text(reader, r, right), r, c)
                index += 1
            elif not _is_label(text) or not text.endswith((":", "：")):  # “项目负责人：” empty
                shown = " ".join(str(grid.cell(r, c).value).split())[:30]
                reader.warn("import-form-unread", f"「{shown}」没有导入（自评表中没有与之对应的"
                            "栏目，旁边也没有栏目名）：如需发布，请写入项目文件的相应位置", r, c)
            index += 1
    if pairs:  # after what the indicator table kept (a 指标性质 that is no comparator)
        row.values.setdefault("other_fields", {}).update(pairs)


# a label and its text in one cell: “项目负责人：查小兵”, “联系电话:0838-7211924”
_INLINE = re.compile(r"([\u4e00-\u9fff][^:：]{0,19}?)\s*[:：]\s*(\S.*)", re.S)


def _is_label(text: str) -> bool:
    """A printed label: a short text with a Chinese character and no figure in it."""
    squashed = squash(text).rstrip(":")
    return 0 < len(squashed) <= 20 and bool(re.search(r"[\u4e00-\u9fff]", squashed)) and \
        not re.search(r"\d", squashed)


def _text(reader: Reader, r: int, c: int) -> str:
    cell = reader.grid.cell(r, c)
    return parse_text(Cell(cell.value, cell.number_format, reader.grid.where(r, c)))


def _keep(reader: Reader, row: Row, pairs: dict[str, str], name: str, value: str, r: int,
          c: int) -> None:
    """One printed label and its text into ``other_fields`` (a label printed twice keeps
    both texts)."""
    name = squash(name).rstrip(":") or name
    value = value.strip()
    if not value:
        return
    pairs[name] = f"{pairs[name]}；{value}" if name in pairs else value
    row.cells.setdefault("other_fields", reader.grid.where(r, c))


_TEMPLATE_TEXT = re.compile(r"字以内|需说明|^(?:其中|注)[:：]?$|^/+$|^无$")


def _old_scale(reader: Reader) -> bool:
    """The older 云南 form: 预算执行 (20分) and 年度绩效目标 (80分) with no 分值 column, each
    indicator's 得分 its completion rate times a weight that is not printed (and not capped):
    there is no weight to check a score against, so it cannot be published on 100 points."""
    grid = reader.grid
    for r in range(grid.height):
        for c, text in grid.texts(r):
            printed = label(text)
            if printed.points in (20, 80) and (is_money_block(text) or
                                               printed.text.startswith("年度绩效目标")):
                reader.error("import-form-scale", f"「{text}」：这是旧式“预算执行 20 分 + 绩效目标"
                             " 80 分”的自评表，各指标没有分值，得分按完成比例折算：无法核对，"
                             "不能按百分制发布；请按现行自评表（各指标有分值）填写后再导入", r, c)
                return True
    return False


def _identity(reader: Reader, row: Row, named: tuple[int, int]) -> None:
    """项目名称, 主管部门, 实施单位, and the year from the title “（2022年度）”."""
    grid = reader.grid
    for r in range(named[0], min(named[0] + 4, grid.height)):
        for c, text in grid.texts(r):
            key = head_role(text)
            if key not in ("name", "authority", "department") or key in row.cells:
                continue
            right = grid.right_of(r, c)
            row.cells[key] = grid.where(r, right if right is not None else c)
            if right is None or head_role(grid.text(r, right)):
                continue
            value = reader.value(r, right, label(text).text, parse_text)
            if value:
                row.values[key] = _CODE.sub("", value)
    texts = [*grid.preamble] + [str(grid.cell(r, c).value) for r in range(named[0])
                                for c, _ in grid.texts(r)]
    years = [int(m.group(1)) for t in texts if "年" in t and (m := _YEAR.search(squash(t)))]
    if years:
        row.values["year"] = years[0]
    else:
        reader.error("import-form-year", "找不到年度：自评表标题下应写“（2022年度）”这样的"
                     "预算年度", 0, 0)
    if "name" not in row.values:
        reader.error("import-missing-value", "项目名称不能为空：请填写", *named)
    for key, other in (("department", "authority"), ("authority", "department")):
        if key not in row.values and other in row.values:
            row.values[key] = row.values[other]
            row.cells[key] = row.cells[other]
    if "authority" not in row.values:
        reader.error("import-missing-value", "主管部门和实施单位都没有填写：请至少填写一个",
                     *named)


def _goals(reader: Reader, row: Row) -> None:
    """年度总体目标: the texts under 预期目标 and under 实际完成情况 (or their synonyms),
    down to the next label on their left; and 项目实施内容及过程概述 as the summary."""
    grid = reader.grid
    planned = _find(grid, lambda t: label(t).text in GOALS_PLANNED)
    achieved = _find(grid, lambda t: label(t).text in GOALS_ACHIEVED)
    if planned is not None and achieved is not None:
        stop = planned[0] + 1
        while stop < grid.height and not any(
                c < planned[1] or is_money_block(t) or table_role(t) == "l1"
                for c, t in grid.texts(stop)):
            stop += 1
        goals: dict[str, list[str]] = {}
        for key, (top, left), right in (("planned", planned, achieved[1]),
                                        ("achieved", achieved, None)):
            for r in range(top + 1, stop):
                for c, _ in grid.texts(r, left, right):
                    items = reader.value(r, c, "年度总体目标", parse_list)
                    if items:
                        goals.setdefault(key, []).extend(items)
                        row.cells.setdefault("goals", grid.where(r, c))
        if goals:
            row.values["goals"] = goals
    summary = _find(grid, lambda t: label(t).text in SUMMARY)
    if summary is not None:
        _text_right(reader, row, summary, "summary", parse_text)


def _closing(reader: Reader, row: Row, start: int) -> None:
    """评价结论, 存在问题, 改进措施 after the indicator table: lists of paragraphs."""
    grid = reader.grid
    for r in range(start, grid.height):
        for c, text in grid.texts(r):
            key = CLOSING.get(label(text).text)
            if key and key not in row.values:
                _text_right(reader, row, (r, c), key, parse_list)


def _text_right(reader: Reader, row: Row, at: tuple[int, int], key: str, parse: Any) -> None:
    grid = reader.grid
    right = grid.right_of(*at)
    if right is None:
        return
    value = reader.value(at[0], right, label(grid.text(*at)).text, parse)
    if value:
        row.values[key] = value
        row.cells[key] = grid.where(at[0], right)


def _find(grid: Grid, test: Any) -> tuple[int, int] | None:
    for r in range(grid.height):
        for c, text in grid.texts(r):
            if test(text):
                return r, c
    return None
