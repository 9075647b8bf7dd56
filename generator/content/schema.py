"""Turn located YAML values into domain objects, reporting every shape problem.

Why our own small schema instead of jsonschema or pydantic: messages must be Chinese and
say what to change, numbers must stay ``Decimal`` from their source text, and every
message needs the line and column the loader recorded. A table of field specs plus
``difflib`` for "did you mean" gives that in a page of code.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.content.loader import Map, Mark, Seq
from generator.core.model import (
    EXECUTION,
    RULE_KINDS,
    Band,
    BudgetItem,
    Deduct,
    Deduction,
    Floor,
    Indicator,
    Level,
    Project,
    Ratio,
    Reverse,
    Rule,
    SiteConfig,
    Threshold,
    Tiers,
)
from generator.core.problems import Problems


class Invalid(Exception):
    """A value that cannot be used; the message says what to write instead."""


METHODS = ("第三方评价", "部门评价", "单位自评")
RULES = RULE_KINDS
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_PERCENT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[%％]\s*$")
MAX_DIGITS = 12  # digits before / after the point: far beyond any score or 万元 amount


def kind_of(value: Any) -> str:
    if isinstance(value, Map):
        return "映射（键: 值）"
    if isinstance(value, Seq):
        return "列表"
    if isinstance(value, bool):
        return "是/否值"
    if isinstance(value, Decimal):
        return "数字"
    if value is None:
        return "空值"
    return "文字"


# --- value converters -------------------------------------------------------------------

def text(value: Any) -> str:
    if isinstance(value, bool) or isinstance(value, (Map, Seq)) or value is None:
        raise Invalid(f"应为文字，实际是{kind_of(value)}")
    if isinstance(value, Decimal):  # plain digits, unless that would be absurdly long
        exponent = value.as_tuple().exponent
        plain = -MAX_DIGITS <= exponent <= MAX_DIGITS  # type: ignore[operator]
        result = f"{value:f}" if plain else str(value)
    else:
        result = str(value)
    if not result.strip():
        raise Invalid("不能为空")
    return result


def text_list(value: Any) -> list[str]:
    """A list of paragraphs; a single text is accepted as a list of one."""
    if isinstance(value, Seq):
        out = []
        for item in value:
            if item is None:
                continue
            out.append(text(item))
        return out
    return [text(value)]


def number(value: Any) -> Decimal:
    result: Decimal | None = None
    if isinstance(value, Decimal) and not isinstance(value, bool):
        result = value
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", ""))
        except ArithmeticError:
            pass
    if result is None or not result.is_finite():  # "nan", "Infinity" as text
        raise Invalid(f"应为数字，实际是{kind_of(value)}「{value}」")
    exponent = result.as_tuple().exponent
    if not -MAX_DIGITS <= exponent <= MAX_DIGITS or (result and result.adjusted() >= MAX_DIGITS):
        raise Invalid(f"数值「{value}」超出范围："
                      f"请写普通的数字（整数、小数部分各最多 {MAX_DIGITS} 位）")
    return result


def percent_or_number(value: Any) -> Decimal:
    """Percentages are numbers in percent units; ``98.09%`` is accepted as 98.09."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return number(match.group(1))
    return number(value)


def positive(value: Any) -> Decimal:
    result = number(value)
    if result <= 0:
        raise Invalid(f"必须大于 0，实际是 {result}")
    return result


def non_negative(value: Any) -> Decimal:
    result = number(value)
    if result < 0:
        raise Invalid(f"不能为负数，实际是 {result}")
    return result


def year(value: Any) -> int:
    result = number(value)
    if result != result.to_integral_value() or not 2000 <= result <= 2100:
        raise Invalid(f"应为 2000 到 2100 之间的年份，实际是「{value}」")
    return int(result)


def order(value: Any) -> int:
    result = number(value)
    if result != result.to_integral_value() or result < 1:
        raise Invalid(f"应为从 1 开始的整数序号，实际是「{value}」")
    return int(result)


def month_or_date(value: Any) -> str:
    raw = text(value)
    match = _DATE.match(raw)
    if not match or not 1 <= int(match.group(2)) <= 12 or (
            match.group(3) and not 1 <= int(match.group(3)) <= 31):
        raise Invalid(f"日期应写成 YYYY-MM 或 YYYY-MM-DD（如 2018-06），实际是「{raw}」")
    return raw


def method(value: Any) -> str:
    raw = text(value)
    if raw not in METHODS:
        raise Invalid(f"评价方式应为 {' / '.join(METHODS)} 之一，实际是「{raw}」")
    return raw


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"应为 true 或 false，实际是「{value}」")
    return value


# --- mapping reader ---------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    convert: Callable[[Any], Any]
    required: bool = False
    label: str = ""


class Reader:
    """Reads one mapping against a field table, collecting problems instead of raising."""

    def __init__(self, data: Map, fields: dict[str, Field], problems: Problems,
                 where: str = "") -> None:
        self.data = data
        self.fields = fields
        self.problems = problems
        self.where = where
        self.values: dict[str, Any] = {}
        self.ok = True
        for key in data:
            if key in fields:
                continue
            line, column = data.key_marks[key]
            hint = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            suggestion = f"，你是不是想写「{hint[0]}」？" if hint else \
                f"。可用的键：{'、'.join(fields)}"
            problems.error(f"{where}未知的键「{key}」{suggestion}", line, column)
            self.ok = False
        for key, spec in fields.items():
            if key not in data or data[key] is None:
                if spec.required:
                    line, column = data.mark
                    label = f"（{spec.label}）" if spec.label else ""
                    problems.error(f"{where}缺少必填的键「{key}」{label}：请补上", line, column)
                    self.ok = False
                continue
            try:
                self.values[key] = spec.convert(data[key])
            except Invalid as exc:
                self.error(key, f"「{key}」{exc}")

    def mark(self, key: str) -> Mark:
        return self.data.value_marks.get(key) or self.data.key_marks.get(key) or self.data.mark

    def line(self, key: str) -> int:
        return self.mark(key)[0]

    def error(self, key: str, message: str) -> None:
        line, column = self.mark(key)
        self.problems.error(f"{self.where}{message}", line, column)
        self.ok = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def expect_map(value: Any, mark: Mark, what: str, problems: Problems) -> Map | None:
    if isinstance(value, Map):
        return value
    problems.error(f"{what}应为映射（键: 值），实际是{kind_of(value)}", *mark)
    return None


def expect_seq(value: Any, mark: Mark, what: str, problems: Problems) -> Seq | None:
    if isinstance(value, Seq):
        return value
    problems.error(f"{what}应为列表（每项以“- ”开头），实际是{kind_of(value)}", *mark)
    return None


# --- site.yml ---------------------------------------------------------------------------

SITE_FIELDS = {
    "title": Field(text), "publisher": Field(lambda v: "" if v == "" else text(v)),
    "grades": Field(lambda v: v), "levels": Field(lambda v: v),
    "departments": Field(lambda v: v),
    "license": Field(lambda v: "" if v == "" else text(v)),
    "base_url": Field(lambda v: _base_url(v)),
}
BAND_FIELDS = {"label": Field(text, True), "min": Field(non_negative, True),
               "aliases": Field(text_list)}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _base_url(value: Any) -> str:
    """The published address: empty, or http(s)://… (a trailing / is added)."""
    url = "" if value == "" else text(value).strip()
    if url and not re.match(r"^https?://[^\s/?#<>\"']+(/[^\s?#<>\"']*)?$", url):
        raise Invalid(f"应为以 http:// 或 https:// 开头的网站发布地址，实际是「{url}」")
    return url if not url or url.endswith("/") else url + "/"


def read_site(data: Any, problems: Problems) -> SiteConfig:
    config = SiteConfig()
    if data is None:
        return config
    root = expect_map(data, (1, 1), "site.yml ", problems)
    if root is None:
        return config
    reader = Reader(root, SITE_FIELDS, problems, "site.yml：")
    config.title = reader.get("title", config.title)
    config.publisher = reader.get("publisher", "")
    config.license = reader.get("license", "")
    config.base_url = reader.get("base_url", "")
    if "grades" in reader.values:
        bands = _read_bands(reader, problems)
        if bands:
            config.grades = bands
    if "levels" in reader.values:
        levels = expect_map(reader.values["levels"], reader.mark("levels"), "levels ", problems)
        if levels is not None:
            config.levels = {}
            for name, value in levels.items():
                try:
                    fraction = number(value)
                    if not 0 <= fraction <= 1:
                        raise Invalid(f"应在 0 到 1 之间，实际是 {fraction}")
                    config.levels[str(name)] = fraction
                except Invalid as exc:
                    problems.error(f"levels「{name}」{exc}", *levels.value_marks[name])
    if "departments" in reader.values:
        slugs = expect_map(reader.values["departments"], reader.mark("departments"),
                           "departments ", problems)
        for name, slug in (slugs or {}).items():
            if not isinstance(slug, str) or not _SLUG.match(slug):
                problems.error(f"departments「{name}」的网址名应只含小写字母、数字和连字符，"
                               f"如 hezuojiaoliu，实际是「{slug}」", *slugs.value_marks[name])
            else:
                config.departments[str(name)] = slug
    return config


def _read_bands(reader: Reader, problems: Problems) -> tuple[Band, ...]:
    seq = expect_seq(reader.values["grades"], reader.mark("grades"), "grades ", problems)
    if not seq:
        return ()
    bands: list[Band] = []
    for item, mark in zip(seq, seq.item_marks, strict=True):
        band_map = expect_map(item, mark, "grades 的每一项", problems)
        if band_map is None:
            continue
        band = Reader(band_map, BAND_FIELDS, problems, "grades：")
        if band.ok:
            bands.append(Band(band.get("label"), band.get("min"), tuple(band.get("aliases", []))))
    for higher, lower in zip(bands, bands[1:], strict=False):
        if lower.min >= higher.min:
            problems.error(f"grades 应从高到低排列：「{lower.label}」的 min "
                           f"应小于「{higher.label}」的", *reader.mark("grades"))
    if bands and bands[-1].min != 0:
        problems.error("grades 的最后一档 min 应为 0，否则低分项目没有等级", *reader.mark("grades"))
    return tuple(bands)


# --- project file -----------------------------------------------------------------------

PROJECT_FIELDS = {
    "name": Field(text, True, "项目名称"),
    "year": Field(year, True, "评价的预算年度"),
    "department": Field(text, True, "项目单位"),
    "authority": Field(text, label="主管部门"),
    "series": Field(text), "order": Field(order), "evaluator": Field(text),
    "method": Field(method), "report_date": Field(month_or_date),
    "budget": Field(positive, True, "预算金额，万元"),
    "spent": Field(non_negative), "score": Field(non_negative), "grade": Field(text),
    "summary": Field(text), "achievements": Field(text_list), "problems": Field(text_list),
    "recommendations": Field(text_list), "rectification": Field(text_list),
    "indicators": Field(lambda v: v), "budget_items": Field(lambda v: v),
}
ITEM_FIELDS = {"name": Field(text, True), "budget": Field(non_negative, True),
               "spent": Field(non_negative)}


def _target(value: Any) -> Decimal | str:
    return percent_or_number(value)


def _actual(value: Any) -> Decimal | str:
    if value == EXECUTION:
        return EXECUTION
    return percent_or_number(value)


INDICATOR_FIELDS = {
    "code": Field(text), "name": Field(text, True, "指标名称"),
    "weight": Field(positive), "score": Field(non_negative),
    "children": Field(lambda v: v), "rule": Field(text),
    "target": Field(_target), "actual": Field(_actual),
    "floor": Field(number), "lower_is_better": Field(boolean),
    "tiers": Field(lambda v: v), "deductions": Field(lambda v: v),
    "level": Field(text), "unit": Field(text), "note": Field(text),
}
RULE_INPUTS = {
    "ratio": ("target", "actual"), "floor": ("target", "actual"),
    "reverse": ("target", "actual"), "threshold": ("target", "actual"),
    "tiers": ("actual", "tiers"), "deduct": ("deductions",), "level": ("level",),
}
RULE_ONLY = {"floor": "floor", "lower_is_better": "threshold", "tiers": "tiers",
             "deductions": "deduct", "level": "level"}


def read_project(data: Any, project_id: str, file: str, problems: Problems,
                 config: SiteConfig) -> Project | None:
    root = expect_map(data, (1, 1), "项目文件", problems) if data is not None else None
    if data is None:
        problems.error("文件为空：请按模板填写项目信息（可运行 python -m generator new 生成）",
                       1, 1)
    if root is None:
        return None
    reader = Reader(root, PROJECT_FIELDS, problems)
    errors_before = len(problems.errors)  # a dropped indicator or item would skew the sums
    indicators: list[Indicator] = []
    if "indicators" in reader.values:
        seq = expect_seq(reader.values["indicators"], reader.mark("indicators"), "indicators ",
                         problems)
        indicators = _read_nodes(seq, problems, config, path="") if seq is not None else []
        if seq is not None and not seq:
            reader.error("indicators", "indicators 为空：请列出指标，或删除 indicators 只写 score")
    items: list[BudgetItem] = []
    if "budget_items" in reader.values:
        seq = expect_seq(reader.values["budget_items"], reader.mark("budget_items"),
                         "budget_items ", problems)
        for value, mark in zip(seq or [], (seq.item_marks if seq else []), strict=True):
            item_map = expect_map(value, mark, "budget_items 的每一项", problems)
            if item_map is None:
                continue
            item = Reader(item_map, ITEM_FIELDS, problems, "budget_items：")
            if item.ok:
                items.append(BudgetItem(item.get("name"), item.get("budget"), item.get("spent"),
                                        mark[0]))
    if "score" not in reader.values and not indicators and "indicators" not in reader.values:
        if root.get("score") is None:  # absent or empty; a bad value is reported already
            problems.error("缺少评价分值：请写 score（总分），或给出 indicators 指标树", *root.mark)
        reader.ok = False
    if not reader.ok or len(problems.errors) > errors_before or any(
            key not in reader.values for key in ("name", "year", "department", "budget")):
        return None
    department = reader.get("department")
    return Project(
        id=project_id, file=file, name=reader.get("name"), year=reader.get("year"),
        department=department, authority=reader.get("authority", department),
        budget=reader.get("budget"), spent=reader.get("spent"), series=reader.get("series"),
        order=reader.get("order"), evaluator=reader.get("evaluator"),
        method=reader.get("method"), report_date=reader.get("report_date"),
        score_declared=reader.get("score"), grade_declared=reader.get("grade"),
        summary=reader.get("summary"), achievements=reader.get("achievements", []),
        problems=reader.get("problems", []), recommendations=reader.get("recommendations", []),
        rectification=reader.get("rectification", []), indicators=indicators,
        budget_items=items, line=root.mark[0], marks=dict(root.value_marks),
    )


def _read_nodes(seq: Seq, problems: Problems, config: SiteConfig, path: str) -> list[Indicator]:
    nodes = []
    for value, mark in zip(seq, seq.item_marks, strict=True):
        node_map = expect_map(value, mark, "指标", problems)
        if node_map is not None:
            node = _read_node(node_map, problems, config)
            if node is not None:
                nodes.append(node)
    return nodes


def _read_node(data: Map, problems: Problems, config: SiteConfig) -> Indicator | None:
    label = data.get("code") or data.get("name") or ""
    where = f"指标「{label}」：" if label else "指标："
    reader = Reader(data, INDICATOR_FIELDS, problems, where)
    children: list[Indicator] = []
    if "children" in reader.values:
        seq = expect_seq(reader.values["children"], reader.mark("children"), f"{where}children ",
                         problems)
        if seq is not None:
            if not seq:
                reader.error("children", "children 为空：请列出下级指标，或删除 children")
            children = _read_nodes(seq, problems, config, path=str(label))
    rule = _read_rule(reader, config, bool(children))
    if not children and "score" not in reader.values and rule is None and reader.ok \
            and "rule" not in reader.values:
        line, column = data.mark
        problems.error(f"{where}末级指标需要 score（得分）或 rule（计分规则）", line, column)
        reader.ok = False
    if not children and "weight" not in reader.values and "weight" not in data:
        line, column = data.mark
        problems.error(f"{where}末级指标缺少 weight（满分值）", line, column)
        reader.ok = False
    if not reader.ok:
        return None
    return Indicator(
        name=reader.get("name"), line=data.mark[0], column=data.mark[1],
        marks=dict(data.value_marks), code=reader.get("code"),
        weight_declared=reader.get("weight"), score_declared=reader.get("score"), rule=rule,
        target=reader.get("target"), actual=reader.get("actual"), unit=reader.get("unit"),
        note=reader.get("note"), children=children,
    )


def _read_rule(reader: Reader, config: SiteConfig, inner: bool) -> Rule | None:
    kind = reader.get("rule")
    for key, owner in RULE_ONLY.items():
        if key in reader.values and kind != owner:
            reader.error(key, f"「{key}」只用于 rule: {owner}，请删除它或把 rule 改为 {owner}")
    if "actual" in reader.values and reader.values["actual"] == EXECUTION and kind is None:
        reader.error("actual", "actual: budget_execution 需要配合计分规则 rule 使用")
    if kind is None:
        return None
    if inner:
        reader.error("rule", "只有末级指标可以使用 rule：上级指标的得分由下级汇总")
        return None
    if kind not in RULES:
        hint = difflib.get_close_matches(kind, RULES, n=1, cutoff=0.5)
        suggestion = f"，你是不是想写「{hint[0]}」？" if hint else ""
        reader.error("rule", f"未知的计分规则「{kind}」{suggestion}可用的规则：{'、'.join(RULES)}")
        return None
    missing = [key for key in RULE_INPUTS[kind] if key not in reader.values]
    if missing:
        line, column = reader.mark("rule")
        reader.problems.error(f"{reader.where}rule: {kind} 需要 {'、'.join(missing)}", line, column)
        reader.ok = False
        return None
    target, actual = reader.get("target"), reader.get("actual")
    measured = None if actual == EXECUTION else actual
    if kind in ("ratio", "floor") and target is not None and target <= 0:
        reader.error("target", f"rule: {kind} 的 target 必须大于 0")
    if kind == "reverse" and target is not None and target < 0:
        reader.error("target", "rule: reverse 的 target 不能为负数")
    floor = reader.values.get("floor", Decimal(60))
    if "floor" in reader.values and not 0 <= floor < 100:
        reader.error("floor", f"floor 应在 0 到 100 之间（不含 100），实际是 {floor}")
    rule: Rule
    match kind:
        case "ratio":
            rule = Ratio(target, measured)
        case "floor":
            rule = Floor(target, measured, floor)
        case "reverse":
            rule = Reverse(target, measured)
        case "threshold":
            rule = Threshold(target, measured, reader.get("lower_is_better", False))
        case "tiers":
            rule = Tiers(measured, tuple(_read_tiers(reader)))
        case "deduct":
            rule = Deduct(tuple(_read_deductions(reader)))
        case _:  # level
            level = reader.get("level")
            if level not in config.levels:
                hint = difflib.get_close_matches(level, list(config.levels), n=1, cutoff=0.3)
                suggestion = f"，你是不是想写「{hint[0]}」？" if hint else ""
                known = "、".join(config.levels)
                reader.error("level", f"未知的完成程度「{level}」{suggestion}可用：{known}"
                                      "（在 site.yml 的 levels 中配置）")
            rule = Level(level)
    return rule if reader.ok else None


def _read_tiers(reader: Reader) -> list[tuple[Decimal, Decimal]]:
    seq = expect_seq(reader.values["tiers"], reader.mark("tiers"), "tiers ", reader.problems)
    tiers: list[tuple[Decimal, Decimal]] = []
    for value, mark in zip(seq or [], (seq.item_marks if seq else []), strict=True):
        try:
            if not isinstance(value, Seq) or len(value) != 2:
                raise Invalid("每一档应写成 [下限, 得分比例]，如 [80, 0.7]")
            bound, fraction = percent_or_number(value[0]), number(value[1])
            if not 0 <= fraction <= 1:
                raise Invalid(f"得分比例应在 0 到 1 之间，实际是 {fraction}")
            if tiers and bound >= tiers[-1][0]:
                raise Invalid("各档应按下限从高到低排列")
            tiers.append((bound, fraction))
        except Invalid as exc:
            reader.problems.error(f"{reader.where}tiers：{exc}", *mark)
            reader.ok = False
    if seq is not None and not seq:
        reader.error("tiers", "tiers 不能为空")
    return tiers


DEDUCTION_FIELDS = {"reason": Field(text, True, "扣分原因"), "points": Field(non_negative, True)}


def _read_deductions(reader: Reader) -> list[Deduction]:
    seq = expect_seq(reader.values["deductions"], reader.mark("deductions"), "deductions ",
                     reader.problems)
    out: list[Deduction] = []
    for value, mark in zip(seq or [], (seq.item_marks if seq else []), strict=True):
        item_map = expect_map(value, mark, "deductions 的每一项", reader.problems)
        if item_map is None:
            reader.ok = False
            continue
        item = Reader(item_map, DEDUCTION_FIELDS, reader.problems, reader.where + "deductions：")
        if item.ok:
            out.append(Deduction(item.get("reason"), item.get("points")))
        else:
            reader.ok = False
    return out
