"""Read an indicator's scoring rule (``rule:`` and its inputs) into a :data:`Rule`."""

from __future__ import annotations

import difflib
from decimal import Decimal

from generator.content.converters import Invalid, non_negative, number, percent_or_number, text
from generator.content.loader import Seq
from generator.content.reader import Field, Reader, expect_map, expect_seq
from generator.core.model import (
    EXECUTION,
    RULE_KINDS,
    Comparison,
    Deduct,
    Deduction,
    Floor,
    Level,
    Ratio,
    Reverse,
    Rule,
    SiteConfig,
    Threshold,
    Tiers,
)

RULES = RULE_KINDS
RULE_INPUTS = {
    "ratio": ("target", "actual"), "floor": ("target", "actual"),
    "reverse": ("target", "actual"), "threshold": ("target", "actual"),
    "tiers": ("actual", "tiers"), "deduct": ("deductions",), "level": ("level",),
}
RULE_ONLY = {"floor": "floor", "lower_is_better": "threshold", "tiers": "tiers",
             "deductions": "deduct", "level": "level"}
DEDUCTION_FIELDS = {"reason": Field(text, True, "扣分原因"), "points": Field(non_negative, True)}


def read_rule(reader: Reader, config: SiteConfig, inner: bool) -> Rule | None:
    """The rule of the indicator ``reader`` reads (``inner``: it has children), if any."""
    values = reader.values
    if "rule" not in values and values.keys().isdisjoint(RULE_ONLY) and (
            values.get("actual") != EXECUTION):
        return None  # no rule and nothing to report (most indicators)
    return read_rule_fully(reader, config, inner)


def read_rule_fully(reader: Reader, config: SiteConfig, inner: bool) -> Rule | None:
    """:func:`read_rule` without its shortcut (tests/test_read_fast.py compares the two)."""
    kind = reader.get("rule")
    for key, owner in RULE_ONLY.items():
        if key in reader.values and kind != owner:
            reader.error("rule-key-unused", key,
                         f"「{key}」只用于 rule: {owner}，请删除它或把 rule 改为 {owner}")
    if "actual" in reader.values and reader.values["actual"] == EXECUTION and inner:
        reader.error("execution-needs-rule", "actual",
                     "actual: budget_execution 只能用于末级指标（预算执行率一行）："
                     "请把它移到末级指标")
    if kind is None:
        return None
    if inner:
        reader.error("rule-on-inner", "rule",
                     "只有末级指标可以使用 rule：上级指标的得分由下级汇总")
        return None
    if kind not in RULES:
        hint = difflib.get_close_matches(kind, RULES, n=1, cutoff=0.5)
        suggestion = f"，你是不是想写「{hint[0]}」？" if hint else ""
        reader.error("unknown-rule", "rule",
                     f"未知的计分规则「{kind}」{suggestion}可用的规则：{'、'.join(RULES)}")
        return None
    _numeric_inputs(reader, kind)
    missing = [key for key in RULE_INPUTS[kind] if key not in reader.values]
    if missing:
        line, column = reader.mark("rule")
        reader.problems.error("rule-input-missing",
                              f"{reader.where}rule: {kind} 需要 {'、'.join(missing)}",
                              line, column)
        reader.ok = False
        return None
    target, actual = reader.get("target"), reader.get("actual")
    if isinstance(target, Comparison):  # a rule of its own: the comparator's number is used
        target = target.value
    measured = None if actual == EXECUTION else actual
    if kind in ("ratio", "floor") and target is not None and target <= 0:
        reader.error("invalid-value", "target", f"rule: {kind} 的 target 必须大于 0")
    if kind == "reverse" and target is not None and target < 0:
        reader.error("negative-value", "target", "rule: reverse 的 target 不能为负数")
    floor = reader.values.get("floor", Decimal(60))
    if "floor" in reader.values and not 0 <= floor < 100:
        reader.error("invalid-value", "floor",
                     f"floor 应在 0 到 100 之间（不含 100），实际是 {floor}")
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
                reader.error("unknown-level", "level",
                             f"未知的完成程度「{level}」{suggestion}可用：{known}"
                             "（在 site.yml 的 levels 中配置）")
            rule = Level(level)
    return rule if reader.ok else None


def _numeric_inputs(reader: Reader, kind: str) -> None:
    """A rule computes with numbers: a text target or actual (有效 …) cannot be its input."""
    for key in ("target", "actual"):
        if key not in RULE_INPUTS[kind] or key not in reader.values:
            continue
        value = reader.values[key]
        if isinstance(value, str) and value != EXECUTION or (
                key == "actual" and isinstance(value, Comparison)):
            del reader.values[key]
            reader.error("wrong-type", key, f"「{key}」应为数字，实际是文字「{value}」")


def _read_tiers(reader: Reader) -> list[tuple[Decimal, Decimal]]:
    seq = expect_seq(reader.values["tiers"], reader.mark("tiers"), "tiers ", reader.problems)
    tiers: list[tuple[Decimal, Decimal]] = []
    for value, mark in zip(seq or [], (seq.item_marks if seq else []), strict=True):
        try:
            if not isinstance(value, Seq) or len(value) != 2:
                raise Invalid("invalid-tier", "每一档应写成 [下限, 得分比例]，如 [80, 0.7]")
            bound, fraction = percent_or_number(value[0]), number(value[1])
            if not 0 <= fraction <= 1:
                raise Invalid("invalid-value", f"得分比例应在 0 到 1 之间，实际是 {fraction}")
            if tiers and bound >= tiers[-1][0]:
                raise Invalid("wrong-order", "各档应按下限从高到低排列")
            tiers.append((bound, fraction))
        except Invalid as exc:
            reader.problems.error(exc.code, f"{reader.where}tiers：{exc}", *mark)
            reader.ok = False
    if seq is not None and not seq:
        reader.error("empty-list", "tiers", "tiers 不能为空")
    return tiers


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
