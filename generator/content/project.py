"""Read one project file: its fields, budget items and indicator tree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.content.converters import (
    as_is,
    boolean,
    method,
    month_or_date,
    non_negative,
    number,
    order,
    percent_or_number,
    positive,
    rectification_list,
    text,
    text_list,
    year,
)
from generator.content.loader import Map, Seq
from generator.content.reader import Field, Reader, expect_map, expect_seq
from generator.content.rules import read_rule
from generator.core.model import EXECUTION, BudgetItem, Indicator, Project, SiteConfig
from generator.core.problems import Problems

PROJECT_FIELDS = {
    "name": Field(text, True, "项目名称"),
    "year": Field(year, True, "评价的预算年度"),
    "department": Field(text, True, "项目单位"),
    "authority": Field(text, label="主管部门"),
    "series": Field(text), "order": Field(order), "evaluator": Field(text),
    "method": Field(method), "report_date": Field(month_or_date),
    "budget": Field(positive("budget-not-positive"), True, "预算金额，万元"),
    "spent": Field(non_negative), "score": Field(non_negative), "grade": Field(text),
    "summary": Field(text), "achievements": Field(text_list), "problems": Field(text_list),
    "recommendations": Field(text_list), "rectification": Field(rectification_list),
    "indicators": Field(as_is), "budget_items": Field(as_is),
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
    "weight": Field(positive("weight-not-positive")), "score": Field(non_negative),
    "children": Field(as_is), "rule": Field(text),
    "target": Field(_target), "actual": Field(_actual),
    "floor": Field(number), "lower_is_better": Field(boolean),
    "tiers": Field(as_is), "deductions": Field(as_is),
    "level": Field(text), "unit": Field(text), "note": Field(text),
}


def read_project(data: Any, project_id: str, file: str, problems: Problems,
                 config: SiteConfig) -> Project | None:
    root = expect_map(data, (1, 1), "项目文件", problems) if data is not None else None
    if data is None:
        problems.error("empty-file",
                       "文件为空：请按模板填写项目信息（可运行 python -m generator new 生成）",
                       1, 1)
    if root is None:
        return None
    reader = Reader(root, PROJECT_FIELDS, problems)
    errors_before = len(problems.errors)  # a dropped indicator or item would skew the sums
    indicators: list[Indicator] = []
    if "indicators" in reader.values:
        seq = expect_seq(reader.values["indicators"], reader.mark("indicators"), "indicators ",
                         problems)
        indicators = _read_nodes(seq, problems, config) if seq is not None else []
        if seq is not None and not seq:
            reader.error("empty-list", "indicators",
                         "indicators 为空：请列出指标，或删除 indicators 只写 score")
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
            problems.error("missing-score",
                           "缺少评价分值：请写 score（总分），或给出 indicators 指标树", *root.mark)
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
        problems_found=reader.get("problems", []),
        recommendations=reader.get("recommendations", []),
        rectification=[r.text for r in reader.get("rectification", [])],
        rectification_items=reader.get("rectification", []), indicators=indicators,
        budget_items=items, line=root.mark[0], marks=dict(root.value_marks),
    )


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
            and "rule" not in reader.values:
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
    return Indicator(
        name=reader.get("name"), line=data.mark[0], column=data.mark[1],
        marks=dict(data.value_marks), code=reader.get("code"),
        weight_declared=reader.get("weight"), score_declared=reader.get("score"), rule=rule,
        target=reader.get("target"), actual=reader.get("actual"), unit=reader.get("unit"),
        note=reader.get("note"), children=children,
    )
