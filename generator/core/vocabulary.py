"""The printed labels of the 项目支出绩效自评表, as each province prints them, and what they mean.

财预〔2020〕10号 gave one layout; every province and county prints its own: 四川's
510000_0013zp form says 权重 / 完成值 / 调整后预算数 / 预算执行数, 安徽's 衔接资金 form
全年预算数(A) / 全年实际值 / 年初设定目标, 云南's splits 年度指标值 into 指标性质 / 指标值 /
度量单位. Readers (Excel, Word) and the form writer look labels up here and nowhere else, so a
new province is a few rows in these tables. :func:`label` is how a printed label is compared:
full-width forms folded (NFKC), spaces of any kind removed (``产 出 指 标``), a leading number
(``1.``, ``一、``) and a trailing colon dropped, and a trailing bracket that only annotates —
points ``(50分)``, a unit ``(万元)``, a letter ``(A)`` / ``(B/A)``, ``(盖章)`` — split off.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

# the head of the form: label → key of the project file
HEAD = {"项目名称": "name", "主管部门": "authority", "主管单位": "authority",
        "实施单位": "department", "项目单位": "department", "项目实施单位": "department",
        "项目负责人": "manager", "联系人": "manager"}

# the money block: the label of the block, its column headers → role, its total row
MONEY_BLOCKS = ("项目资金", "资金情况", "预算执行情况", "资金投入情况")
MONEY = {"年初预算数": "initial", "年初预算": "initial",
         "全年预算数": "budget", "调整后预算数": "budget", "调整后预算": "budget",
         "全年预算": "budget",
         "全年执行数": "spent", "预算执行数": "spent", "全年执行": "spent",
         "实际执行数": "spent",
         "分值": "weight", "权重": "weight",
         "执行率": "rate", "预算执行率": "rate",
         "得分": "score", "原因": "note"}
MONEY_TOTALS = ("年度资金总额", "资金总额", "总额", "合计")
SOURCES_PREFIX = "其中"  # 其中：本年财政拨款, the first row of the sources under the total

# 年度总体目标: the planned and the achieved texts, side by side under their labels
GOALS_BLOCK = "年度总体目标"
GOALS_PLANNED = ("预期目标", "年初设定目标", "项目年度目标", "年度目标", "总体目标")
GOALS_ACHIEVED = ("实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况",
                  "全年实际完成情况", "目标完成情况", "总体目标完成情况")
SUMMARY = ("项目实施内容及过程概述", "项目基本情况概述")

# the 绩效指标 table: column headers → role
TABLE_BLOCK = "绩效指标"
TABLE = {"一级指标": "l1", "二级指标": "l2", "三级指标": "l3", "指标名称": "l3",
         "年度指标值": "target", "年度目标值": "target", "目标值": "target",
         "指标值": "value", "指标性质": "op", "度量单位": "unit", "计量单位": "unit",
         "单位": "unit",
         "实际完成值": "actual", "完成值": "actual", "全年实际值": "actual",
         "实际值": "actual", "全年完成值": "actual",
         "分值": "weight", "权重": "weight",
         "得分": "score", "自评得分": "score", "自评分": "score", "评分": "score"}
NOTE_PREFIXES = ("偏差原因", "未完成原因", "原因分析")
NOTE_LABEL = "偏差原因分析及改进措施"  # as 财预〔2020〕10号 prints it
TABLE_TOTALS = ("总分", "合计", "总计", "自评总分", "自评得分")
TABLE_SKIP = ("其他需要说明事项", "其它需要说明事项")

# the rows after the table: label → key of the project file (lists of paragraphs)
CLOSING = {"评价结论": "achievements", "主要绩效": "achievements", "存在问题": "problems",
           "改进措施": "recommendations", "整改措施": "recommendations",
           "改进建议": "recommendations", "整改建议": "recommendations"}

# words of a document that sets or lists targets without scoring them (绩效目标表, 公示)
TARGET_TEXTS = ("绩效目标", "产出指标", "效益指标", "满意度指标")

# titles that say what the document is
FORM_TITLES = ("项目支出绩效自评表", "绩效目标自评表", "绩效自评表")
# a 部门整体支出绩效评价 (a department's whole budget, issue 43): read as ``kind: 部门整体``
WHOLE_DEPARTMENT = ("部门整体支出", "整体支出绩效", "部门整体绩效", "机关整体支出", "单位整体支出")

_POINTS = re.compile(r"^(?P<name>.+?)\((?P<points>\d+(?:\.\d+)?)分?\)$")
_NOTE = re.compile(r"\((?:万?元|%|[A-Z](?:/[A-Z])?|盖章|签章|长期|年度|中期)\)$")
_NUMBERING = re.compile(r"^(?:\d+[.、．]|[一二三四五六七八九十]+[、.．])")


class Label(NamedTuple):
    text: str  # compared form: 产出指标
    points: Decimal | None  # 50 for 产出指标(50分)


def squash(value: object) -> str:
    """NFKC and no whitespace at all (“全年\\n预算数” is 全年预算数)."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def label(value: object) -> Label:
    text = squash(value).rstrip(":")
    text = _NUMBERING.sub("", text)
    points = None
    match = _POINTS.match(text)
    if match:
        text, points = match.group("name"), Decimal(match.group("points"))
    text = _NOTE.sub("", text)
    return Label(text, points)


def known(value: object) -> bool:
    """Whether a printed text is one of the form's own labels (nothing to import in it)."""
    text = label(value).text
    return bool(head_role(value) or money_role(value) or table_role(value)
                or is_money_block(value) or is_table_total(value)
                or text in GOALS_PLANNED or text in GOALS_ACHIEVED or text in SUMMARY
                or text in CLOSING or text.startswith(TABLE_SKIP)
                or text.startswith((GOALS_BLOCK, TABLE_BLOCK, "项目基本情况", "项目资金",
                                    "项目年度目标", "年度预算数"))
                or text in MONEY_TOTALS or any(t in text for t in FORM_TITLES))


def money_role(value: object) -> str | None:
    return MONEY.get(label(value).text)


def table_role(value: object) -> str | None:
    text = label(value).text
    if text.startswith(NOTE_PREFIXES):
        return "note"
    return TABLE.get(text)


def head_role(value: object) -> str | None:
    return HEAD.get(label(value).text)


def is_money_block(value: object) -> bool:
    return label(value).text.startswith(MONEY_BLOCKS)


def is_table_total(value: object) -> bool:
    return label(value).text.startswith(TABLE_TOTALS)


def is_goals_block(value: object) -> bool:
    return label(value).text.startswith(GOALS_BLOCK)


def is_table_block(value: object) -> bool:
    return label(value).text.startswith(TABLE_BLOCK)


def _first(table: dict[str, str], role: str) -> str:
    """The first label of ``table`` for ``role``: the 财预〔2020〕10号 wording."""
    return next(text for text, meaning in table.items() if meaning == role)


# What the form writer prints, by (part of the form, role): the first label of each table
# above, so the writer spells nothing itself and every reader knows what it wrote
# (tests/test_form_vocabulary.py holds :func:`role_of` to be the inverse of this table).
PRINTED: dict[tuple[str, str], str] = {
    ("title", "title"): FORM_TITLES[0],
    **{("head", role): _first(HEAD, role) for role in ("name", "authority", "department")},
    ("block", "money"): MONEY_BLOCKS[0],
    ("block", "goals"): GOALS_BLOCK,
    ("block", "table"): TABLE_BLOCK,
    **{("money", role): _first(MONEY, role)
       for role in ("initial", "budget", "spent", "weight", "rate", "score")},
    ("money", "total"): MONEY_TOTALS[0],
    ("money", "sources"): SOURCES_PREFIX,
    ("goals", "planned"): GOALS_PLANNED[0],
    ("goals", "achieved"): GOALS_ACHIEVED[0],
    **{("table", role): _first(TABLE, role)
       for role in ("l1", "l2", "l3", "target", "actual", "weight", "score")},
    ("table", "note"): NOTE_LABEL,
    ("table", "total"): TABLE_TOTALS[0],
}


def printed(part: str, role: str) -> str:
    """The label the form writer prints for ``role`` in ``part`` of the form."""
    return PRINTED[(part, role)]


def role_of(part: str, value: object) -> str | None:
    """The role of a printed label in ``part`` of the form, as the readers take it (the
    inverse of :data:`PRINTED`, over every synonym)."""
    text = label(value).text
    if part == "title":
        return "title" if any(t in text for t in FORM_TITLES) else None
    if part == "head":
        return head_role(value)
    if part == "block":
        return "money" if is_money_block(value) else "goals" if is_goals_block(value) \
            else "table" if is_table_block(value) else None
    if part == "money":
        if text in MONEY_TOTALS:
            return "total"
        return "sources" if text.startswith(SOURCES_PREFIX) else money_role(value)
    if part == "goals":
        return "planned" if text in GOALS_PLANNED else "achieved" if text in GOALS_ACHIEVED \
            else None
    if part == "table":  # a column's header first: 自评得分 heads a column or ends a table
        return table_role(value) or ("total" if is_table_total(value) else None)
    raise ValueError(f"no part {part!r} in the form")
