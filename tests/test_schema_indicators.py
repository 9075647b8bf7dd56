"""Indicator trees -> model: an indicator's shape, scoring rules and their inputs, tiers,
deductions, budget items and percentages, each error at its line and column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import (
    HEADER,
    check_text,
    errors,
    found,
    messages,
    one,
    project_of,
)
from tests.test_schema import leaf_errors

# --- indicators -----------------------------------------------------------------------

def test_indicators_must_be_a_list(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + "indicators: {a: 1}\n")), "wrong-type")
    assert problem.message == "indicators 应为列表（每项以“- ”开头），实际是映射（键: 值）"
    assert (problem.line, problem.column) == (5, 13)


def test_indicator_must_be_a_mapping(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + "indicators:\n  - 文字\n")), "wrong-type")
    assert (problem.line, problem.column) == (6, 5)


@pytest.mark.parametrize("leaf, code, column", [
    ("{code: A, name: 甲, weight: 100}", "missing-score", 5),
    ("{code: A, name: 甲, score: 100}", "missing-key", 5),
    ("{code: A, weight: 100, score: 100}", "missing-key", 5),
    ("{name: 甲, weight: 0, score: 0}", "weight-not-positive", 23),
    ("{code: A, name: 甲, weight: -1, score: 0}", "weight-not-positive", 32),
    ("{code: A, name: 甲, weight: 100, score: -1}", "negative-value", 44),
    ("{code: A, name: 甲, weight: 100, score: 九十}", "wrong-type", 44),
    ("{code: A, name: 甲, weight: 100, children: []}", "empty-list", 47),
], ids=["no-score", "no-weight", "no-name", "weight-0", "weight-neg", "score-neg", "score-text",
        "children-empty"])
def test_indicator_shape_errors(tmp_path: Path, leaf: str, code: str, column: int) -> None:
    problem = one(leaf_errors(tmp_path, leaf), code)
    assert (problem.line, problem.column) == (6, column)


def test_indicator_messages_name_the_indicator(tmp_path: Path) -> None:
    problem = one(leaf_errors(tmp_path, "{code: A, name: 甲, score: 100}"), "missing-key")
    assert problem.message == "指标「A」：末级指标缺少 weight（满分值）"
    problem = one(leaf_errors(tmp_path, "{name: 甲, weight: 0, score: 0}"), "weight-not-positive")
    assert problem.message == "指标「甲」：「weight」必须大于 0，实际是 0"


def test_children_not_a_list(tmp_path: Path) -> None:
    got = leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, children: 1}")
    assert found(got) == [("missing-score", 6, 5), ("wrong-type", 6, 47)]


def test_rule_input_of_the_wrong_type(tmp_path: Path) -> None:
    got = leaf_errors(tmp_path,
                      "{code: A, name: 甲, weight: 100, rule: ratio, target: 1, actual: 一百}")
    assert found(got) == [("rule-input-missing", 6, 43), ("wrong-type", 6, 69)]
    assert messages(got) == ["指标「A」：rule: ratio 需要 actual",
                             "指标「A」：「actual」应为数字，实际是文字「一百」"]


def test_percent_with_absurd_magnitude(tmp_path: Path) -> None:
    got = leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, rule: ratio, target: 1, "
                                "actual: '1e20%'}")
    assert found(got)[-1] == ("wrong-type", 6, 69)
    got = leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, rule: ratio, target: 1, "
                                "actual: '99999999999999999999%'}")
    assert found(got)[-1] == ("number-too-long", 6, 69)


def test_rule_on_an_inner_node(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - code: A
    name: 甲
    rule: ratio
    target: 1
    actual: 1
    children:
      - {code: A1, name: 乙, weight: 100, score: 90}
"""
    problem = one(errors(check_text(tmp_path, text)), "rule-on-inner")
    assert (problem.line, problem.column) == (8, 11)


@pytest.mark.parametrize("leaf, code, column", [
    ("{code: A, name: 甲, weight: 100, rule: ration, target: 1, actual: 1}",
     "unknown-rule", 43),
    ("{code: A, name: 甲, weight: 100, rule: xyz, target: 1, actual: 1}",
     "unknown-rule", 43),
    ("{code: A, name: 甲, weight: 100, rule: ratio}",
     "rule-input-missing", 43),
    ("{code: A, name: 甲, weight: 100, rule: tiers, actual: 1}",
     "rule-input-missing", 43),
    ("{code: A, name: 甲, weight: 100, rule: deduct}",
     "rule-input-missing", 43),
    ("{code: A, name: 甲, weight: 100, rule: level}",
     "rule-input-missing", 43),
    ("{code: A, name: 甲, weight: 100, rule: ratio, target: 1, actual: 1, floor: 50}",
     "rule-key-unused", 79),
    ("{code: A, name: 甲, weight: 100, score: 1, level: 较低}",
     "rule-key-unused", 54),
    ("{code: A, name: 甲, weight: 100, score: 100, actual: budget_execution}",
     "execution-needs-spent", 57),
    ("{code: A, name: 甲, weight: 100, rule: level, level: 基本完成}",
     "unknown-level", 57),
    ("{code: A, name: 甲, weight: 100, rule: ratio, target: 0, actual: 1}",
     "invalid-value", 58),
    ("{code: A, name: 甲, weight: 100, rule: floor, target: -1, actual: 1}",
     "invalid-value", 58),
    ("{code: A, name: 甲, weight: 100, rule: reverse, target: -1, actual: 1}",
     "negative-value", 60),
    ("{code: A, name: 甲, weight: 100, rule: floor, target: 1, actual: 1, floor: 100}",
     "invalid-value", 79),
    ("{code: A, name: 甲, weight: 100, rule: threshold, target: 1, actual: 1, lower_is_better: 1}",
     "wrong-type", 93),
], ids=["unknown-rule", "unknown-rule-far", "ratio-inputs", "tiers-inputs", "deduct-inputs",
        "level-inputs", "floor-on-ratio", "level-without-rule", "execution-without-spent",
        "unknown-level", "ratio-target-0", "floor-target-neg", "reverse-target-neg", "floor-100",
        "lower-is-better-type"])
def test_rule_errors(tmp_path: Path, leaf: str, code: str, column: int) -> None:
    problem = one(leaf_errors(tmp_path, leaf), code)
    assert (problem.line, problem.column) == (6, column)

def test_rule_messages_say_what_to_write(tmp_path: Path) -> None:
    problem = one(leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, rule: ration, "
                                        "target: 1, actual: 1}"), "unknown-rule")
    assert problem.message == ("指标「A」：未知的计分规则「ration」，你是不是想写「ratio」？"
                               "可用的规则：ratio、floor、reverse、threshold、tiers、deduct、level")
    problem = one(leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, rule: level, "
                                        "level: 基本完成}"), "unknown-level")
    assert problem.message == ("指标「A」：未知的完成程度「基本完成」，你是不是想写「基本达成」？"
                               "可用：基本达成、部分实现、较低、未实现"
                               "（在 site.yml 的 levels 中配置）")


def test_tiers_errors(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - code: A
    name: 甲
    weight: 100
    rule: tiers
    actual: 90
    tiers: [[100, 1.0], [80, 1.5], [100, 0.5], 7, [50]]
"""
    content = check_text(tmp_path, text)
    assert found(errors(content)) == [
        ("invalid-value", 11, 25), ("wrong-order", 11, 36), ("invalid-tier", 11, 48),
        ("invalid-tier", 11, 51)]
    assert messages(errors(content))[2] == (
        "指标「A」：tiers：每一档应写成 [下限, 得分比例]，如 [80, 0.7]")


def test_tiers_empty(tmp_path: Path) -> None:
    problem = one(leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, rule: tiers, actual: 9, "
                                        "tiers: []}"), "empty-list")
    assert problem.message == "指标「A」：tiers 不能为空"


def test_deductions_errors(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - code: A
    name: 甲
    weight: 100
    rule: deduct
    deductions:
      - {points: 2}
      - 文字
      - {reason: 原因, points: -1}
"""
    content = check_text(tmp_path, text)
    assert found(errors(content)) == [
        ("missing-key", 11, 9), ("wrong-type", 12, 9), ("negative-value", 13, 30)]
    assert messages(errors(content))[0] == (
        "指标「A」：deductions：缺少必填的键「reason」（扣分原因）：请补上")


def test_a_bad_indicator_gives_no_follow_on_sum_errors(tmp_path: Path) -> None:
    """A dropped node must not also produce 'weights sum to 90' / 'total differs' errors."""
    text = HEADER + """\
score: 80
grade: 良
indicators:
  - {code: A, name: 甲, weight: 10, rule: ration, target: 1, actual: 1}
  - code: B
    name: 乙
    weight: 90
    children:
      - {code: B1, name: 丙, weight: 10, scor: 1}
      - {code: B2, name: 丁, weight: 80, score: 79}
"""
    content = check_text(tmp_path, text)
    assert found(errors(content)) == [("unknown-rule", 8, 42), ("unknown-key", 13, 41)]
    assert messages(errors(content))[1] == "指标「B1」：未知的键「scor」，你是不是想写「score」？"


def test_budget_items_errors(tmp_path: Path) -> None:
    text = HEADER + """\
score: 80
budget_items:
  - {name: 甲, budget: 5}
  - {budget: 5, spent: x}
  - 文字
"""
    content = check_text(tmp_path, text)
    assert found(content.problems) == [
        ("missing-key", 8, 5), ("wrong-type", 8, 24), ("wrong-type", 9, 5)]


# --- percentages and budget execution --------------------------------------------------

@pytest.mark.parametrize("actual", ["'98.09%'", "98.09%", "'98.09 ％'", "98.09"])
def test_percent_strings_are_accepted(tmp_path: Path, actual: str) -> None:
    text = HEADER + ("indicators:\n  - {code: A, name: 甲, weight: 100, rule: ratio, target: 100, "
                     f"actual: {actual}}}\n")
    project = project_of(check_text(tmp_path, text))
    leaf = project.indicators[0]
    assert leaf.actual == Decimal("98.09") and leaf.score == Decimal("98.09")
