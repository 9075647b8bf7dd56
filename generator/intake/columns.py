"""The column table: the disclosure's headers, the project file key each fills, and how a
header as typed (spaces, full-width forms, a unit in brackets) is matched to it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.core.whole import PROJECT
from generator.intake.cells import (
    Cell,
    parse_id,
    parse_list,
    parse_money,
    parse_order,
    parse_pairs,
    parse_score,
    parse_text,
    parse_year,
)


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: the disclosure's header, the project file key it fills."""

    key: str
    header: str
    parse: Callable[[Cell], Any]
    required: bool = False
    unit: str = ""
    aliases: tuple[str, ...] = ()
    example: Any = None
    note: str = ""
    template: bool = True  # a column of data/template.xlsx

    @property
    def title(self) -> str:
        return f"{self.header}（{self.unit}）" if self.unit else self.header


def parse_kind(cell: Cell) -> str:
    """评价对象: 部门整体 as written; 项目, the default, is not written into the file (so the
    site's own workbook imports back to the files it was made from)."""
    text = parse_text(cell)
    return "" if text == PROJECT else text


EXAMPLE_LIST = "1、通过项目实施，保障了系统全年正常运行。\n2、完成了 12 次系统巡检。"
COLUMNS: tuple[Column, ...] = (
    Column("name", "项目名称", parse_text, True, example="2019年示例信息系统运维项目",
           note="信息表中的项目名称"),
    Column("year", "预算年度", parse_year, True, aliases=("评价年度",), example=2019,
           note="被评价的预算年度，如 2019"),
    Column("department", "项目单位", parse_text, True, example="上海市某某局",
           note="项目实施单位"),
    Column("authority", "主管部门", parse_text, example="上海市某某局",
           note="公开结果的主管部门；留空时同项目单位"),
    Column("budget", "预算金额", parse_money, True, "万元", example=Decimal("20.645"),
           aliases=("资金量", "资金规模", "项目资金", "预算资金", "资金金额", "项目金额",
                    "发行金额", "债券规模"),
           note="万元；可写“20.645万元”，小数位按公布的保留"),
    Column("spent", "实际支出", parse_money, False, "万元", example=Decimal("20.00"),
           note="万元；可留空"),
    Column("score", "评价分值", parse_score, True,
           aliases=("总分", "评价得分", "自评得分", "自评分数"),
           example=Decimal("88.47"), note="0 到 100，可写“88.47分”"),
    Column("grade", "评价结论", parse_text, aliases=("公布的评价结论", "评价结果", "绩效评价结果",
                                                     "绩效等级", "自评等级", "结果"),
           example="良好",
           note="如 优、良好、中、差；须与评价分值所在的等级一致；可留空"),
    Column("achievements", "主要绩效", parse_list, example=EXAMPLE_LIST,
           note="每项一行（单元格内换行：Alt+Enter），编号“1、”“（1）”等会自动去掉"),
    Column("problems", "存在问题", parse_list, example="项目绩效指标有待进一步细化。",
           note="同上"),
    Column("recommendations", "整改建议", parse_list, example="进一步细化项目绩效指标。",
           note="同上"),
    Column("rectification", "整改情况", parse_list, example="已在下一年度绩效目标中完善。",
           note="同上"),
    Column("evaluator", "评价机构", parse_text, example="上海某某咨询有限公司", note="可留空"),
    Column("method", "评价方式", parse_text, example="第三方评价",
           note="第三方评价、部门评价或单位自评；可留空"),
    Column("kind", "评价对象", parse_kind, template=False,
           note="项目（默认）或部门整体；可省略此列"),
    Column("order", "序号", parse_order, aliases=("信息表序号",), template=False,
           note="“绩效评价结果信息表 N”中的 N；可省略此列"),
    Column("series", "项目系列", parse_text, template=False,
           note="同一项目在不同年度共用的名称；可省略此列"),
    Column("report_date", "报告日期", parse_text, template=False,
           note="评价报告日期，如 2018-06；可省略此列"),
    Column("summary", "项目基本情况", parse_text, template=False, note="项目概况；可省略此列"),
    Column("other_fields", "原表其他栏目", parse_pairs, template=False,
           note="每行“栏目名：内容”，如“项目负责人：李宁”；可省略此列"),
    Column("id", "项目编号", parse_id, template=False,
           note="文件名，如 2019/video-conference；省略此列时自动命名 <年度>/p-<名称哈希>"),
)
# Columns of the site's own results.xlsx that are derived: checked or used as a fallback.
RATE_HEADER = "预算执行率"
GRADE_FALLBACK = "评价等级"  # the band; used as 评价结论 only when no 评价结论 column exists
REQUIRED = [c for c in COLUMNS if c.required]
BY_KEY = {c.key: c for c in COLUMNS}


def money_unit(text: Any) -> int:
    """The power of ten a money column's header declares against 万元: ``发行金额（亿元）``
    is 4, ``预算金额（元）`` is -4, 万元 or none 0. The conversion is exact (decimal)."""
    unit = re.search(r"[(\[【（]\s*(亿元|万元|元)\s*[)\]】）]\s*$", unicodedata.normalize(
        "NFKC", str(text or "")))
    return {"亿元": 4, "元": -4}.get(unit.group(1), 0) if unit else 0


def title_unit(text: Any) -> int:
    """The power of ten a title's “（单位：亿元）” declares for the money columns below."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    unit = re.search(r"单位\s*[:：]\s*(亿元|万元|元)", text)
    return {"亿元": 4, "元": -4}.get(unit.group(1), 0) if unit else 0


def normalize_header(text: Any) -> str:
    """预算金额（万元） → 预算金额: NFKC, no spaces, no bracketed unit, no * marks."""
    result = unicodedata.normalize("NFKC", str(text))
    result = re.sub(r"\s+", "", result)
    result = re.sub(r"[(\[【][^)\]】]*[)\]】]$", "", result)
    return result.strip("*:：")


HEADERS: dict[str, Column] = {
    normalize_header(name): column
    for column in COLUMNS for name in (column.header, *column.aliases)}
