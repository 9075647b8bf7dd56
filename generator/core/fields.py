"""Every column of the open data in one table, and its text and JSON forms.

:data:`FIELDS` (one per project), :data:`INDICATOR_FIELDS` (one per indicator node) and
:data:`RECTIFICATION_FIELDS` (one per 整改情况 item) drive the CSV, the workbook, the JSON
and the data dictionary, so they cannot drift apart. Figures
go through :mod:`generator.core.fmt` exactly as the pages show them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any

from generator.core.fmt import money, number, round2, two
from generator.core.model import EXECUTION, Comparison, Indicator, Project, Rectification
from generator.core.rectification import status_of
from generator.core.scoring import category_rate
from generator.core.urls import project_page, whole_page
from generator.core.whole import WHOLE

# kind -> how the data dictionary names the type
KINDS = {
    "text": "文字",
    "int": "整数",
    "money": "数字（万元，保留公布的小数位，至少两位）",
    "two": "数字（两位小数）",
    "number": "数字（按公布的写法）",
    "value": "数字或文字",
    "list": "文字列表（CSV/XLSX 中每项一行，多项时编号“1、”）",
    "pairs": "栏目名与内容（JSON 中为对象，按原表顺序；CSV/XLSX 中每项一行“栏目名：内容”）",
    "records": "对象列表（仅 JSON）",
    "object": "对象（仅 JSON）",
    "tree": "指标树（仅 JSON）",
}

# kind -> the Table Schema type of its CSV column (data/datapackage.json); the JSON-only
# kinds have no column. Figures are written with "." and no grouping: plain numbers.
DATA_TYPES = {"text": "string", "int": "integer", "money": "number", "two": "number",
              "number": "number", "value": "string", "list": "string",
              "pairs": "string"}


@dataclass(frozen=True)
class FieldSpec:
    """One column of the open data: its JSON key, Chinese name, type and meaning."""

    key: str
    name: str
    kind: str
    unit: str
    description: str
    get: Callable[[Any], Any] = field(repr=False, compare=False)
    table: bool = True  # also a column of the CSV / XLSX (else JSON only)

    @property
    def type(self) -> str:
        return KINDS[self.kind]

    @property
    def header(self) -> str:
        """CSV/XLSX header: the name with its unit, as in 预算金额（万元）."""
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def data_type(self) -> str:
        """The Table Schema type of the CSV column (string, integer, number)."""
        return DATA_TYPES[self.kind]

    def schema_field(self, header: str | None = None) -> dict[str, Any]:
        """The column in a Frictionless Table Schema: ``name`` is the CSV header exactly
        (``header`` where a file names the column otherwise, as 年度 in indicators.csv)."""
        out: dict[str, Any] = {"name": header or self.header, "title": self.name,
                               "description": self.description, "type": self.data_type}
        if self.kind == "list":
            out["description"] += "；" + KINDS["list"]
        if self.unit:
            out["unit"] = self.unit
        return out


def _numbered(items: list[str]) -> str:
    """Multi-item texts as the 信息表 prints them: one per line, numbered only if several."""
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{i}、{text}" for i, text in enumerate(items, 1))


def _value_text(value: Decimal | Comparison | str | None) -> str | None:
    """A 年度指标值 or 实际完成值 as written: ``85``, ``≥85`` (the unit is its own column),
    ``有效``."""
    if value is None:
        return None
    return number(value) if isinstance(value, Decimal) else str(value)


def _goals(project: Project) -> dict[str, Any] | None:
    if project.goals is None:
        return None
    return {"planned": list(project.goals.planned), "achieved": list(project.goals.achieved)}


def _funding(project: Project) -> dict[str, Any] | None:
    funding = project.funding
    if funding is None:
        return None

    def amount(value: Decimal | None) -> str | None:
        return money(value) if value is not None else None

    return {"initial": amount(funding.initial),
            "sources": [{"name": s.name, "group": s.group, "initial": amount(s.initial),
                         "budget": amount(s.budget), "spent": amount(s.spent)}
                        for s in funding.sources]}


def _tasks(project: Project) -> list[dict[str, Any]]:
    return [{"name": t.name, "content": t.content,
             "budget": money(t.budget) if t.budget is not None else None,
             "spent": money(t.spent) if t.spent is not None else None}
            for t in project.tasks]


def _staff(project: Project) -> dict[str, Any] | None:
    staff = project.staff
    return None if staff is None else {"authorized": staff.authorized, "actual": staff.actual}


def _rectification_items(project: Project) -> list[dict[str, Any]]:
    return [{"text": r.text, "status": status_of(r), "date": r.date}
            for r in project.rectification_items]


def _categories(project: Project) -> list[dict[str, Any]]:
    return [{"code": n.code, "name": n.name, "weight": number(n.weight), "score": two(n.score),
             "rate": two(category_rate(n)) if n.weight else None} for n in project.indicators]


def _budget_items(project: Project) -> list[dict[str, Any]]:
    return [{"name": i.name, "budget": money(i.budget),
             "spent": money(i.spent) if i.spent is not None else None}
            for i in project.budget_items]


FIELDS: list[FieldSpec] = [
    FieldSpec("id", "项目编号", "text", "",
              "本站给每个项目的编号（如 2017/video-conference），也是项目页面地址 "
              "projects/<项目编号>/ 与 data/projects/<项目编号>.json 的一部分",
              lambda p: p.id),
    FieldSpec("name", "项目名称", "text", "", "评价结果信息表中的项目名称", lambda p: p.name),
    FieldSpec("year", "预算年度", "int", "", "被评价的预算年度", lambda p: p.year),
    FieldSpec("department", "项目单位", "text", "", "项目实施单位", lambda p: p.department),
    FieldSpec("authority", "主管部门", "text", "",
              "公开评价结果的主管部门（未填写时同项目单位）", lambda p: p.authority),
    FieldSpec("evaluator", "评价机构", "text", "", "开展评价的机构（如第三方机构）",
              lambda p: p.evaluator),
    FieldSpec("method", "评价方式", "text", "", "第三方评价、部门评价或单位自评",
              lambda p: p.method),
    FieldSpec("series", "项目系列", "text", "", "同一项目在不同年度的评价共用的名称",
              lambda p: p.series, table=False),
    FieldSpec("order", "信息表序号", "int", "",
              "在主管部门当年公开的“绩效评价结果信息表 N”中的序号 N",
              lambda p: p.order, table=False),
    FieldSpec("report_date", "报告日期", "text", "", "评价报告日期（YYYY-MM 或 YYYY-MM-DD）",
              lambda p: p.report_date, table=False),
    FieldSpec("budget", "预算金额", "money", "万元", "项目预算金额，小数位与公布的一致",
              lambda p: p.budget),
    FieldSpec("spent", "实际支出", "money", "万元", "项目实际支出金额", lambda p: p.spent),
    FieldSpec("execution_rate", "预算执行率", "two", "%",
              "实际支出 ÷ 预算金额 × 100，四舍五入到两位小数", lambda p: p.execution_rate),
    FieldSpec("total", "评价分值", "two", "",
              "评价总分（百分制）：一级指标得分之和，或公布的总分", lambda p: p.total),
    FieldSpec("grade", "评价等级", "text", "",
              "按本站“评价方法”页的等级区间由评价分值得出的等级（优、良、中、差）",
              lambda p: p.grade),
    FieldSpec("grade_published", "公布的评价结论", "text", "",
              "信息表中公布的评价结论（如“良好”），未公布时为空", lambda p: p.grade_declared),
    FieldSpec("summary", "项目基本情况", "text", "", "项目概况", lambda p: p.summary,
              table=False),
    FieldSpec("achievements", "主要绩效", "list", "", "信息表“主要绩效”各项",
              lambda p: p.achievements),
    FieldSpec("problems", "存在问题", "list", "", "信息表“存在问题”各项",
              lambda p: p.problems_found),
    FieldSpec("recommendations", "整改建议", "list", "", "信息表“整改建议”各项",
              lambda p: p.recommendations),
    FieldSpec("rectification", "整改情况", "list", "", "信息表“整改情况”各项",
              lambda p: p.rectification),
    FieldSpec("other_fields", "原表其他栏目", "pairs", "",
              "自评表上印了、本站没有对应栏目的内容（如项目负责人及电话、财务负责人），"
              "栏目名与内容照原表；没有时为空", lambda p: p.other_fields or None),
    FieldSpec("kind", "评价对象", "text", "",
              "项目（一个项目的支出），或部门整体（一个部门当年整体支出的绩效评价）；"
              "部门整体的结果不计入任何项目的统计", lambda p: p.kind),
    FieldSpec("rectification_items", "整改情况明细", "records", "",
              "整改情况各项及其状态：text 整改情况、status 状态（已整改、整改中、未整改或"
              "未说明，与网站“整改情况”页面的计数相同）、date 日期（未注明时为空）；"
              "每项一行的表格见 data/rectification.csv", _rectification_items, table=False),
    FieldSpec("budget_items", "预算构成", "records", "万元",
              "预算明细（子项目）：name 名称、budget 预算金额、spent 实际支出",
              _budget_items, table=False),
    FieldSpec("goals", "年度总体目标", "object", "",
              "项目支出绩效自评表的年度总体目标：planned 预期目标、achieved 实际完成情况"
              "（各为段落列表）；未填写时为空", _goals, table=False),
    FieldSpec("funding", "项目资金", "object", "万元",
              "项目支出绩效自评表的项目资金：initial 年初预算数，sources 资金来源"
              "（name 名称、initial 年初预算数、budget 全年预算数、spent 全年执行数）；"
              "全年预算数与全年执行数的合计即预算金额与实际支出；部门整体的 group 为它所在的"
              "分法（按收入性质、按支出性质），各分法分别合计；未填写时为空",
              _funding, table=False),
    FieldSpec("tasks", "年度主要任务", "records", "万元",
              "部门整体：年度主要任务（name 任务名称、content 主要内容、budget 预算数、"
              "spent 执行数）；项目为空列表", _tasks, table=False),
    FieldSpec("staff", "人员编制与实有人数", "object", "",
              "部门整体：authorized 人员编制、actual 实有人数；未公布时为空", _staff,
              table=False),
    FieldSpec("categories", "项目绩效得分情况", "records", "",
              "一级指标：code 编号、name 名称、weight 满分值、score 评价分值、rate 得分率（%）",
              _categories, table=False),
    FieldSpec("indicators", "指标体系", "tree", "",
              "完整的指标树，各节点的字段见数据字典的“指标字段”；"
              "每个指标一行的表格见 data/indicators.csv", lambda p: p.indicators,
              table=False),
]


@dataclass(frozen=True)
class NodeView:
    """An indicator with what its figures need: the project (for budget_execution), depth."""

    node: Indicator
    project: Project
    level: int


def _actual(view: NodeView) -> Decimal | Comparison | str | None:
    if view.node.actual == EXECUTION:  # the 预算执行率, as the pages show it
        rate = view.project.execution_rate
        return round2(rate) if rate is not None else None
    return view.node.actual


INDICATOR_FIELDS: list[FieldSpec] = [
    FieldSpec("level", "层级", "int", "", "1 为一级指标，2 为二级指标，依此类推",
              attrgetter("level")),
    FieldSpec("code", "指标编号", "text", "", "报告中的指标编号（可能为空或重复，按原报告）",
              attrgetter("node.code")),
    FieldSpec("name", "指标名称", "text", "", "指标名称", attrgetter("node.name")),
    FieldSpec("weight", "满分值", "number", "", "指标分值，单位：分（上级指标为下级之和）",
              attrgetter("node.weight")),
    FieldSpec("score", "得分", "two", "", "评价得分，单位：分（上级指标为下级之和）",
              attrgetter("node.score")),
    FieldSpec("lost", "失分", "two", "", "满分值 − 得分", attrgetter("node.lost")),
    FieldSpec("rate", "得分率", "two", "%", "得分 ÷ 满分值 × 100", attrgetter("node.rate")),
    FieldSpec("rule", "计分规则", "text", "",
              "末级指标的计分规则（ratio、floor、reverse、threshold、tiers、deduct、level），"
              "按公布得分时为空", lambda v: v.node.rule.kind if v.node.rule else None,
              table=False),
    FieldSpec("target", "年度指标值", "value", "",
              "末级指标的年度指标值（目标值）：数字（如 100）、带比较符的数字（如 ≥85、≤90、"
              "=100，单位见“计量单位”）或文字（如 达成预期指标）",
              attrgetter("node.target")),
    FieldSpec("actual", "实际完成值", "value", "",
              "末级指标的实际完成值：数字或文字（预算执行率一行为计算出的执行率，两位小数）",
              _actual),
    FieldSpec("unit", "计量单位", "text", "", "年度指标值与实际完成值的单位（如 %、次、万元）",
              attrgetter("node.unit")),
    FieldSpec("note", "偏差原因分析及改进措施", "text", "",
              "未完成年度指标值的原因分析及改进措施，或其他说明",
              attrgetter("node.note")),
    FieldSpec("children", "下级指标", "tree", "", "下级指标（结构相同）", lambda v: v,
              table=False),
]


@dataclass(frozen=True)
class RectificationView:
    """One 整改情况 item of a project, numbered from 1 in the project's order."""

    project: Project
    index: int
    item: Rectification


# data/rectification.csv: one row per 整改情况 item, after the project's 项目编号
RECTIFICATION_FIELDS: list[FieldSpec] = [
    FieldSpec("index", "序号", "int", "", "该项目整改情况中的第几项（从 1 起，按信息表的顺序）",
              lambda v: v.index),
    FieldSpec("text", "整改情况", "text", "", "整改情况的文字", lambda v: v.item.text),
    FieldSpec("status", "状态", "text", "",
              "已整改、整改中、未整改或未说明：写明了状态的按所写；只有文字的按文字判断（说明已经"
              "做了的，如“已……完善”“已完成”，为已整改；说明计划或正在做的，如“计划”“正在”，为"
              "整改中；“尚未整改”为未整改），否则为未说明（与网站“整改情况”页面的计数相同）",
              lambda v: status_of(v.item)),
    FieldSpec("date", "日期", "text", "", "整改的日期（YYYY-MM 或 YYYY-MM-DD），未注明时为空",
              lambda v: v.item.date),
]


def rectification_views(project: Project) -> list[RectificationView]:
    return [RectificationView(project, i, item)
            for i, item in enumerate(project.rectification_items, 1)]


# data/indicators.csv starts with these project columns (年度, as the former 指标得分 sheet).
INDICATOR_PROJECT_COLUMNS = (("id", "项目编号"), ("name", "项目名称"), ("year", "年度"))
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
TABLE_FIELDS = [f for f in FIELDS if f.table]
TABLE_INDICATOR_FIELDS = [f for f in INDICATOR_FIELDS if f.table]
INDICATOR_HEADERS = [label for _, label in INDICATOR_PROJECT_COLUMNS] + \
    [f.header for f in TABLE_INDICATOR_FIELDS]
RECTIFICATION_HEADERS = [FIELDS_BY_KEY["id"].header] + [f.header for f in RECTIFICATION_FIELDS]


def _value_or_empty(raw: Decimal | str) -> str:
    return _value_text(raw) or ""


# a line break inside one item of a one-item-a-line cell (原表其他栏目, 扣分) is written as
# the break and this indent, so the import reads the item back whole (intake/cells.py)
CONTINUED = "\u3000\u3000"


def folded(text: str) -> str:
    """``text`` with each line break followed by :data:`CONTINUED`."""
    return text.replace("\n", "\n" + CONTINUED)


def _pairs_text(raw: dict[str, str]) -> str:
    return "\n".join(f"{name}：{folded(text)}" for name, text in raw.items())


# kind -> text of a present value (the kinds not listed are str())
TEXTS: dict[str, Callable[[Any], str]] = {
    "money": money, "two": two, "number": number, "list": _numbered, "value": _value_or_empty,
    "pairs": _pairs_text,
}


def csv_value(spec: FieldSpec, raw: Any) -> str:
    """As the site shows it; empty (None, or an empty list) is an empty cell, never a dash."""
    return "" if raw is None else TEXTS.get(spec.kind, str)(raw)


def csv_getter(spec: FieldSpec) -> Callable[[Any], str]:
    """``csv_value(spec, spec.get(x))`` resolved once: the exports call it per indicator."""
    get, text = spec.get, TEXTS.get(spec.kind, str)
    return lambda item: "" if (raw := get(item)) is None else text(raw)


def _shown(kind: str) -> Callable[[Any], Any] | None:
    """The JSON value of a present value of a kind given as one value (its text, or int);
    None for the kinds that are containers (list, records, object, pairs, tree)."""
    if kind in ("list", "records", "object", "pairs", "tree"):
        return None
    return int if kind == "int" else TEXTS.get(kind, str)


def _json_converter(kind: str) -> Callable[[Any], Any]:
    text = _shown(kind)
    if text is not None:
        return lambda raw: None if raw is None else text(raw)
    if kind in ("list", "records"):
        return list
    if kind == "object":
        return lambda raw: raw
    return lambda raw: None if raw is None else dict(raw)  # pairs


# kind -> JSON value of a field's raw value: figures as strings exactly as shown (no float
# ever rounds them); empty is null. Trees are walked by json_value.
JSON_VALUES = {kind: _json_converter(kind) for kind in KINDS if kind != "tree"}


def json_value(spec: FieldSpec, raw: Any, project: Project | None = None) -> Any:
    if spec.kind == "tree":
        if isinstance(raw, NodeView):
            return _nodes_json(raw.node.children, raw.project, raw.level + 1)
        return _nodes_json(raw, project, 1)  # type: ignore[arg-type]
    return JSON_VALUES[spec.kind](raw)


def _json_getter(spec: FieldSpec) -> Callable[[NodeView], Any]:
    """``json_value(spec, spec.get(view))`` resolved once, for the indicator fields (the
    getters are ``attrgetter`` and a figure's text is one call: 447,000 nodes at 10,000
    projects, 13 fields each)."""
    get = spec.get
    if spec.kind == "tree":
        return lambda view: json_value(spec, get(view))
    text = _shown(spec.kind)
    if text is not None:
        return lambda view: None if (raw := get(view)) is None else text(raw)
    convert = JSON_VALUES[spec.kind]
    return lambda view: convert(get(view))


_NODE_JSON = [(f.key, _json_getter(f)) for f in INDICATOR_FIELDS]


def _nodes_json(nodes: list[Indicator], project: Project, level: int) -> list[dict[str, Any]]:
    return [node_record(NodeView(n, project, level)) for n in nodes]


def node_record(view: NodeView) -> dict[str, Any]:
    return {key: value(view) for key, value in _NODE_JSON}


def project_json(project: Project) -> dict[str, Any]:
    """One record with every field of :data:`FIELDS`, plus the page address."""
    record = {f.key: json_value(f, f.get(project), project) for f in FIELDS}
    # a 部门整体 result is not a project: its page is its own (whole/<id>/)
    record["page"] = whole_page(project) if project.kind == WHOLE else project_page(project)
    return record
