"""The parts of the published forms that the corpus builders lay out alike, written once.

Several provinces print the head of the 财预〔2020〕10号 附件1 项目支出绩效自评表 unchanged
(项目名称; 主管部门 / 实施单位; 项目资金 with 年初预算数 … 得分) and its 绩效指标 label row; the
部门整体 forms reuse the money labels. A builder calls these for what its document prints as
the template does and writes by hand only what its document prints differently (labels
broken over lines or letter-spaced are passed in as printed). A label printed once beside
several rows is merged down over the rows that carry ``None``: :func:`run_down` counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.downloads.selfeval_form import FormSheet

MONEY_LABELS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
INDICATOR_LABELS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                    "得分")
NOTE_LABEL = "偏差原因分析及改进措施"


def project_head(s: FormSheet, row: int, name: str, department: str, unit: str,
                 money: str = "项目资金\n（万元）") -> None:
    """项目名称, 主管部门 / 实施单位 and the 项目资金 label row from ``row`` down, on the
    template's ten columns; the 项目资金 label runs down over its four money rows."""
    s.put(row, 1, "项目名称", row, 2)
    s.put(row, 3, name, row, 10)
    s.put(row + 1, 1, "主管部门", row + 1, 2)
    s.put(row + 1, 3, department, row + 1, 5)
    s.put(row + 1, 6, "实施单位", row + 1, 7)
    s.put(row + 1, 8, unit, row + 1, 10)
    s.put(row + 2, 1, money, row + 6, 2)
    s.put(row + 2, 3, None, row + 2, 4)
    for col, label in enumerate(MONEY_LABELS, 5):
        s.put(row + 2, col, label)


def indicator_head(s: FormSheet, row: int, labels: Sequence[str] = INDICATOR_LABELS,
                   note: str = NOTE_LABEL) -> None:
    """The 绩效指标 label row: 一级指标 … 得分 from column 2, the note over columns 9–10."""
    for col, label in enumerate(labels, 2):
        s.put(row, col, label)
    s.put(row, 9, note, row, 10)


def run_down(column: Sequence[Any], index: int) -> int:
    """How many rows the label at ``index`` covers: its own and the ``None`` rows below it."""
    down = 1
    while index + down < len(column) and column[index + down] is None:
        down += 1
    return down


def merged_down(column: Sequence[Any]) -> list[Any]:
    """A level's column as Word cells (see :func:`tests.real_docs.word.table`): a label
    merged down over the rows marked ``None``, which stay ``None`` (covered)."""
    return [None if text is None else (text, run_down(column, index), 1)
            for index, text in enumerate(column)]
