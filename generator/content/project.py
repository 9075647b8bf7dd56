"""Read one project file: its fields, budget items and indicator tree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.content.converters import (
    actual_value,
    as_is,
    boolean,
    department_name,
    method,
    month_or_date,
    non_negative,
    non_negative_amount,
    normal_unit,
    number,
    order,
    positive,
    rectification_list,
    target_value,
    text,
    text_list,
    text_pairs,
    year,
)
from generator.content.loader import Map, Seq
from generator.content.reader import Field, Reader, expect_map, expect_seq, read_list, read_map
from generator.content.rules import read_rule
from generator.content.whole import fields_for, read_staff, read_tasks, whole_keys_only
from generator.core.command import COMMAND
from generator.core.fmt import measure
from generator.core.model import (
    EXECUTION,
    BudgetItem,
    Comparison,
    Funding,
    FundingSource,
    Goals,
    Indicator,
    Project,
    SiteConfig,
)
from generator.core.problems import Problems
from generator.core.whole import PROJECT, default_name

PROJECT_FIELDS = {
    "name": Field(text, True, "项目名称"),
    "year": Field(year, True, "评价的预算年度"),
    "department": Field(department_name, True, "项目单位"),
    "authority": Field(department_name, label="主管部门"),
    "series": Field(text), "order": Field(order), "evaluator": Field(text),
    "method": Field(method), "report_date": Field(month_or_date),
    "budget": Field(positive("budget-not-positive"), True, "预算金额，万元"),
    "spent": Field(non_negative_amount), "score": Field(non_negative), "grade": Field(text),
    "summary": Field(text), "achievements": Field(text_list), "problems": Field(text_list),
    "recommendations": Field(text_list), "rectification": Field(rectification_list),
    "indicators": Field(as_is), "budget_items": Field(as_is),
    "goals": Field(as_is, label="年度总体目标"), "funding": Field(as_is, label="项目资金"),
    "other_fields": Field(text_pairs, label="原表其他栏目"),
}
ITEM_FIELDS = {"name": Field(text, True), "budget": Field(non_negative_amount, True),
               "spent": Field(non_negative_amount)}
GOALS_FIELDS = {"planned": Field(text_list, label="预期目标"),
                "achieved": Field(text_list, label="实际完成情况")}
FUNDING_FIELDS = {"initial": Field(non_negative, label="年初预算数"), "sources": Field(as_is)}
SOURCE_FIELDS = {"name": Field(text, True, "资金来源"),
                 "initial": Field(non_negative_amount, label="年初预算数"),
                 "budget": Field(non_negative_amount, label="全年预算数"),
                 "spent": Field(non_negative_amount, label="全年执行数"),
                 "group": Field(text, label="按收入性质 / 按支出性质")}

INDICATOR_FIELDS = {
    "code": Field(text), "name": Field(text, True, "指标名称"),
    "weight": Field(positive("weight-not-positive")), "score": Field(non_negative),
    "children": Field(as_is), "rule": Field(text),
    "target": Field(target_value), "actual": Field(actual_value),
    "floor": Field(number), "lower_is_better": Field(boolean),
    "tiers": Field(as_is), "deductions": Field(as_is),
    "level": Field(text), "unit": Field(text), "note": Field(text),
}


def read_project(data: Any, project_id: str, file: str, problems: Problems,
                 config: SiteConfig) -> Project | None:
    root = expect_map(data, (1, 1), "项目文件", problems) if data is not None else None
    if data is None:
        problems.error("empty-file",
                       f"文件为空：请按模板填写项目信息（可运行 {COMMAND} new 生成）",
                       1, 1)
    if root is None:
        return None
    reader = Reader(root, fields_for(root, PROJECT_FIELDS), problems)
    errors_before = len(problems.errors)  # a dropped indicator or item would skew the sums
    indicators: list[Indicator] = []
    if "indicators" in reader.values:
        seq = expect_seq(reader.values["indicators"], reader.mark("indicators"), "indicators ",
                         problems)
        indicators = _read_nodes(seq, problems, config) if seq is not None else []
        if seq is not None and not seq:
            reader.error("empty-list", "indicators",
                         "indicators 为空：请列出指标，或删除 indicators 只写 score")
    items = [BudgetItem(item.get("name"), item.get("budget"), item.get("spent"), mark[0])
             for item, mark in read_list(reader, "budget_items", ITEM_FIELDS, problems)]
    goals = _read_goals(reader, problems)
    funding = _read_funding(reader, problems)
    tasks, staff = read_tasks(reader, problems), read_staff(reader, problems)
    if "score" not in reader.values and not indicators and "indicators" not in reader.values \
            and "grade" not in reader.values:  # a grade alone is a result published so
        if root.get("score") is None:  # absent or empty; a bad value is reported already
            problems.error("missing-score",
                           "缺少评价分值：请写 score（总分），或给出 indicators 指标树（只公布了"
                           "等级的结果写 grade）", *root.mark)
        reader.ok = False
    kind = reader.get("kind", PROJECT)
    whole_keys_only(reader, kind)
    needed = ("year", "department") if kind != PROJECT else ("name", "year", "department",
                                                              "budget")
    if not reader.ok or len(problems.errors) > errors_before or any(
            key not in reader.values for key in needed):
        return None
    department = reader.get("department")
    return Project(
        id=project_id, file=file, kind=kind, tasks=tasks, staff=staff,
        name=reader.get("name") or default_name(department, reader.get("year")),
        year=reader.get("year"),
        department=department, authority=reader.get("authority", department),
        budget=reader.get("budget"), spent=reader.get("spent"), series=reader.get("series"),
        order=reader.get("order"), evaluator=reader.get("evaluator"),
        method=reader.get("method"), report_date=reader.get("report_date"),
        score_declared=reader.get("score"), grade_declared=reader.get("grade"),
        summary=reader.get("summary"), achievements=reader.get("achievements", []),
        problems_found=reader.get("problems", []),
        recommendations=reader.get("recommendations", []),
        rectification=[r.text for r in reader.get("rectification", [])],
        rectification_items=reader.get("rectification", []), indicators=indicators,
        budget_items=items, goals=goals, funding=funding,
        other_fields=reader.get("other_fields", {}), line=root.mark[0],
        marks=dict(root.value_marks),
    )


def _read_goals(reader: Reader, problems: Problems) -> Goals | None:
    goals = read_map(reader, "goals", GOALS_FIELDS, problems)
    if goals is None or not goals.ok:
        return None
    return Goals(goals.get("planned", []), goals.get("achieved", []))


def _read_funding(reader: Reader, problems: Problems) -> Funding | None:
    funding = read_map(reader, "funding", FUNDING_FIELDS, problems)
    if funding is None:
        return None
    sources = [FundingSource(item.get("name"), item.get("initial"), item.get("budget"),
                             item.get("spent"), mark[0], _marks(item.data), item.get("group"))
               for item, mark in read_list(funding, "sources", SOURCE_FIELDS, problems,
                                                     "funding.sources")]
    return Funding(funding.get("initial"), sources, _marks(funding.data)) if funding.ok \
        else None


def _marks(data: Map) -> dict[str, tuple[int, int]]:
    return {key: data.value_marks[key] for key in ("initial", "budget", "spent")
            if key in data.value_marks}


def _units(reader: Reader, where: str) -> None:
    """Split the (value, unit written with it) pairs of target and actual; a unit written
    there must agree with ``unit`` (and the two with each other), else an error."""
    if "target" in reader.values or "actual" in reader.values:  # else nothing to split
        split_units(reader)


def split_units(reader: Reader) -> None:
    """:func:`_units` without its shortcut (tests/test_read_fast.py compares the two)."""
    declared = reader.get("unit")
    unit, source = normal_unit(declared), "unit"
    for key in ("target", "actual"):
        if key not in reader.values:
            continue
        value, written = reader.values[key]
        reader.values[key] = value
        if written is None:
            continue
        if unit is None:
            unit, source = written, key
        elif written != unit:
            reader.error("unit-mismatch", key,
                         f"「{key}: {measure(value)}{written}」的单位「{written}」"
                         f"与 {source} 的单位「{unit}」不一致："
                         "请改为同一单位（单位可只写在 unit 中）")
    if declared is None and unit is not None:
        reader.values["unit"] = unit



def _standard(reader: Reader) -> bool:
    """Whether a leaf without score or rule is scored by the standard rule: a comparator
    target with a numeric actual, or the 预算执行率 (against 100 when there is no target)."""
    actual = reader.get("actual")
    if actual == EXECUTION:
        return True
    return isinstance(reader.get("target"), Comparison) and \
        isinstance(actual, Decimal) and not isinstance(actual, bool)


def _read_nodes(seq: Seq, problems: Problems, config: SiteConfig) -> list[Indicator]:
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
    _units(reader, where)
    children: list[Indicator] = []
    if "children" in reader.values:
        seq = expect_seq(reader.values["children"], reader.mark("children"), f"{where}children ",
                         problems)
        if seq is not None:
            if not seq:
                reader.error("empty-list", "children",
                             "children 为空：请列出下级指标，或删除 children")
            children = _read_nodes(seq, problems, config)
    rule = read_rule(reader, config, bool(children))
    if not children and "score" not in reader.values and rule is None and reader.ok \
            and "rule" not in reader.values and not _standard(reader):
        line, column = data.mark
        problems.error("missing-score", f"{where}末级指标需要 score（得分）或 rule（计分规则）",
                       line, column)
        reader.ok = False
    if not children and "weight" not in reader.values and "weight" not in data:
        line, column = data.mark
        problems.error("missing-key", f"{where}末级指标缺少 weight（满分值）", line, column)
        reader.ok = False
    if not reader.ok:
        return None
    value = reader.values.get
    return Indicator(
        name=reader.values["name"], line=data.mark[0], column=data.mark[1],
        marks=dict(data.value_marks), code=value("code"),
        weight_declared=value("weight"), score_declared=value("score"), rule=rule,
        target=value("target"), actual=value("actual"), unit=value("unit"),
        note=value("note"), children=children,
    )
