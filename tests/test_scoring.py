"""The seven leaf rules at their boundaries, rounding, roll-up, totals, rates and grades."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from generator.core import scoring
from generator.core.fmt import round2
from tests.conftest import (
    HEADER,
    check_dir,
    check_text,
    errors,
    one,
    project_of,
    warnings,
    write_project,
)

TIERS = [(D(100), D("1.0")), (D(80), D("0.7")), (D(60), D("0.5")), (D(0), D(0))]


def same(result: D, expected: str) -> None:
    """Equal, and shown with exactly two decimals."""
    assert isinstance(result, D)
    assert str(result) == expected


# --- the rules as functions -----------------------------------------------------------

@pytest.mark.parametrize("weight, target, actual, expected", [
    ("3", "8", "7", "2.63"),  # 2.625 half-up, not half-even 2.62
    ("10", "100", "100", "10.00"),  # exactly at target
    ("10", "100", "120", "10.00"),  # above target: capped
    ("10", "100", "0", "0.00"),
    ("10", "100", "98.09", "9.81"),
    ("5", "3", "1", "1.67"),
    ("2", "8", "1", "0.25"),
])
def test_ratio(weight: str, target: str, actual: str, expected: str) -> None:
    same(scoring.ratio(D(weight), D(target), D(actual)), expected)


@pytest.mark.parametrize("weight, target, actual, floor, expected", [
    ("10", "100", "60", "60", "0.00"),  # exactly at the floor
    ("10", "100", "59.99", "60", "0.00"),  # below
    ("10", "100", "80", "60", "5.00"),
    ("10", "100", "100", "60", "10.00"),  # at target
    ("10", "100", "150", "60", "10.00"),  # rate capped at 100
    ("10", "100", "75", "50", "5.00"),  # custom floor
    ("10", "100", "33", "0", "3.30"),  # floor 0 is plain ratio
    ("3", "100", "97", "60", "2.78"),  # 3 * 37/40 = 2.775 -> 2.78
])
def test_floor(weight: str, target: str, actual: str, floor: str, expected: str) -> None:
    same(scoring.floor_rule(D(weight), D(target), D(actual), D(floor)), expected)


def test_floor_default_is_sixty() -> None:
    same(scoring.floor_rule(D(10), D(100), D(80)), "5.00")


@pytest.mark.parametrize("weight, target, actual, expected", [
    ("10", "5", "5", "10.00"),  # at target
    ("10", "5", "3", "10.00"),  # better than target
    ("10", "5", "7.5", "5.00"),
    ("10", "5", "9.99", "0.02"),  # just under 2 x target
    ("10", "5", "10", "0.00"),  # exactly 2 x target
    ("10", "5", "11", "0.00"),
    ("10", "0", "0", "10.00"),  # target 0 met
    ("10", "0", "-1", "10.00"),
    ("10", "0", "0.01", "0.00"),  # target 0 missed
    ("3", "8", "9", "2.63"),  # 3 * 7/8 = 2.625 -> 2.63
])
def test_reverse(weight: str, target: str, actual: str, expected: str) -> None:
    same(scoring.reverse(D(weight), D(target), D(actual)), expected)


@pytest.mark.parametrize("target, actual, lower, expected", [
    ("95", "95", False, "4.00"),  # exactly met
    ("95", "94.99", False, "0.00"),
    ("95", "100", False, "4.00"),
    ("5", "5", True, "4.00"),  # lower is better, exactly met
    ("5", "5.01", True, "0.00"),
    ("5", "0", True, "4.00"),
])
def test_threshold(target: str, actual: str, lower: bool, expected: str) -> None:
    same(scoring.threshold(D(4), D(target), D(actual), lower), expected)


@pytest.mark.parametrize("actual, expected", [
    ("120", "10.00"), ("100", "10.00"), ("99.99", "7.00"), ("80", "7.00"),  # at a bound
    ("79.99", "5.00"), ("60", "5.00"), ("59", "0.00"), ("0", "0.00"),
    ("-1", "0.00"),  # below every bound
])
def test_tiers(actual: str, expected: str) -> None:
    same(scoring.tiers(D(10), D(actual), TIERS), expected)


def test_tiers_without_a_zero_bound() -> None:
    same(scoring.tiers(D(10), D(50), [(D(90), D(1)), (D(60), D("0.6"))]), "0.00")


@pytest.mark.parametrize("points, expected", [
    ([], "10.00"), (["2", "3"], "5.00"), (["0.5", "0.25"], "9.25"),
    (["10"], "0.00"),  # exactly the weight
    (["6", "5"], "0.00"),  # more than the weight: never below 0
    (["100"], "0.00"),
])
def test_deduct(points: list[str], expected: str) -> None:
    same(scoring.deduct(D(10), [D(p) for p in points]), expected)


@pytest.mark.parametrize("weight, fraction, expected", [
    ("10", "1.0", "10.00"), ("10", "0.7", "7.00"), ("3", "0.3", "0.90"), ("10", "0", "0.00"),
    ("2.5", "0.7", "1.75"), ("0.75", "0.7", "0.53"),  # 0.525 -> 0.53
])
def test_level(weight: str, fraction: str, expected: str) -> None:
    same(scoring.level(D(weight), D(fraction)), expected)


def test_round2_is_half_up() -> None:
    assert [str(round2(D(v))) for v in ("2.625", "2.635", "-2.625", "0.005", "0.004999")] == [
        "2.63", "2.64", "-2.63", "0.01", "0.00"]


def test_execution_rate() -> None:
    assert str(round2(scoring.execution_rate(D("19.369"), D("19.000")))) == "98.09"
    assert scoring.execution_rate(D(10), D(10)) == D(100)


# --- the rules from a project file ----------------------------------------------------

def leaf_project(tmp_path: Path, leaf: str, head: str = HEADER, site: str | None = None):
    text = head + f"indicators:\n  - {{code: A, name: 甲, weight: 100, {leaf}}}\n"
    if site is not None:
        write_project(tmp_path, "2020/p.yml", text, site=site)
        content = check_dir(tmp_path)
    else:
        content = check_text(tmp_path, text)
    return content


@pytest.mark.parametrize("leaf, expected", [
    ("rule: ratio, target: 8, actual: 7", "87.50"),
    ("rule: ratio, target: '95%', actual: '98.09%'", "100.00"),
    ("rule: floor, target: 100, actual: 80", "50.00"),
    ("rule: floor, target: 100, actual: 80, floor: 50", "60.00"),
    ("rule: reverse, target: 5, actual: 7.5", "50.00"),
    ("rule: reverse, target: 0, actual: 0", "100.00"),
    ("rule: threshold, target: 95, actual: 95", "100.00"),
    ("rule: threshold, target: 5, actual: 6, lower_is_better: true", "0.00"),
    ("rule: threshold, target: 5, actual: 4, lower_is_better: true", "100.00"),
    ("rule: tiers, actual: 80, tiers: [[100, 1.0], [80, 0.7], [60, 0.5], [0, 0]]", "70.00"),
    ("rule: tiers, actual: '85%', tiers: [['90%', 1], ['80%', 0.8]]", "80.00"),
    ("rule: deduct, deductions: [{reason: 甲, points: 30}, {reason: 乙, points: 12.5}]", "57.50"),
    ("rule: deduct, deductions: [{reason: 甲, points: 80}, {reason: 乙, points: 30}]", "0.00"),
    ("rule: level, level: 部分实现", "70.00"),
    ("rule: level, level: 较低", "30.00"),
    ("rule: level, level: 未实现", "0.00"),
])
def test_rule_in_a_file(tmp_path: Path, leaf: str, expected: str) -> None:
    content = leaf_project(tmp_path, leaf)
    project = project_of(content)
    # a missed target without 偏差原因 (note) is the only thing said
    assert {p.code for p in content.problems} <= {"target-missed-no-note"}
    assert str(project.indicators[0].score) == expected
    assert str(project.indicators[0].rule_score) == expected
    assert project.total == D(expected)


def test_half_up_in_a_file(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - {code: A, name: 甲, weight: 97, score: 97}
  - {code: B, name: 乙, weight: 3, rule: ratio, target: 8, actual: 7, note: 偏差原因}
"""
    content = check_text(tmp_path, text)
    assert content.problems == []
    project = project_of(content)
    assert str(project.indicators[1].score) == "2.63"
    assert str(project.total) == "99.63"


def test_budget_execution_as_actual(tmp_path: Path) -> None:
    head = HEADER.replace("budget: 10.00", "budget: 19.369") + "spent: 19.000\n"
    content = leaf_project(tmp_path, "rule: ratio, target: 100, actual: budget_execution", head)
    project = project_of(content)
    assert [p.code for p in content.problems] == ["target-missed-no-note"]  # 98.09 < 100
    assert str(project.indicators[0].score) == "98.09"  # 100 x 19.000 / 19.369 = 98.0949…
    assert project.indicators[0].actual == "budget_execution"


def test_budget_execution_without_spent(tmp_path: Path) -> None:
    content = leaf_project(tmp_path, "rule: ratio, target: 100, actual: budget_execution")
    problem = one(errors(content), "execution-needs-spent")
    assert (problem.line, problem.column) == (6, 71)


def test_rule_and_equal_score_is_quiet(tmp_path: Path) -> None:
    content = leaf_project(tmp_path, "score: 87.50, rule: ratio, target: 8, actual: 7, note: 原因")
    assert content.problems == []


def test_rule_differing_from_published_score_is_a_warning(tmp_path: Path) -> None:
    content = leaf_project(tmp_path, "score: 88, rule: ratio, target: 8, actual: 7, note: 原因")
    problem = one(warnings(content), "rule-score-differs")
    assert problem.message == ("指标「A 甲」按 rule: ratio 计算得 87.50 分，"
                               "与公布的 88 分不同：请核对原报告")
    assert (problem.line, problem.column) == (6, 44)
    project = project_of(content)
    assert project.indicators[0].score == D(88)  # the published score stands
    assert project.total == D(88)


def test_negative_actual_cannot_give_a_negative_score(tmp_path: Path) -> None:
    content = leaf_project(tmp_path, "rule: ratio, target: 10, actual: -5")
    problem = one(errors(content), "score-below-zero")
    assert (problem.line, problem.column) == (6, 70)  # at the actual


CUSTOM_SITE = """\
grades:
  - {label: A, min: 85, aliases: [甲等]}
  - {label: B, min: 50}
  - {label: C, min: 0}
levels: {完成: 1, 大部分完成: 0.8, 未完成: 0.1}
"""


def test_custom_levels(tmp_path: Path) -> None:
    content = leaf_project(tmp_path, "rule: level, level: 大部分完成", site=CUSTOM_SITE)
    assert content.problems == []
    project = project_of(content)
    assert str(project.total) == "80.00" and project.grade == "B"


def test_default_level_unknown_under_custom_levels(tmp_path: Path) -> None:
    content = leaf_project(tmp_path, "rule: level, level: 部分实现", site=CUSTOM_SITE)
    problem = one(errors(content), "unknown-level")
    assert "可用：完成、大部分完成、未完成" in problem.message  # the levels of this site.yml


# --- roll-up and totals ---------------------------------------------------------------

TREE = HEADER + """\
indicators:
  - code: A
    name: 决策
    children:
      - {code: A1, name: 甲, weight: 6, score: 5.5}
      - {code: A2, name: 乙, weight: 4, score: 3.25}
  - code: B
    name: 管理
    weight: 90
    score: 79.625
    children:
      - code: B1
        name: 丙
        children:
          - {code: B1.1, name: 丁, weight: 40, score: 40}
          - {code: B1.2, name: 戊, weight: 20, score: 10.125}
      - {code: B2, name: 己, weight: 30, rule: deduct, deductions: [{reason: 迟, points: 0.5}]}
"""


def test_roll_up(tmp_path: Path) -> None:
    content = check_text(tmp_path, TREE)
    assert content.problems == []
    project = project_of(content)
    a, b = project.indicators
    assert (a.weight, a.score) == (D(10), D("8.75"))  # weight from the children
    assert (b.weight, b.score) == (D(90), D("79.625"))
    b1 = b.children[0]
    assert (b1.weight, b1.score) == (D(60), D("50.125"))
    assert project.total == D("88.375")  # exact, not rounded
    assert project.grade == "良"  # 88.38
    assert [str(n.lost) for n in project.leaves()] == ["0.5", "0.75", "0", "9.875", "0.50"]
    assert [str(scoring.category_rate(n)) for n in project.indicators] == ["87.50", "88.47"]


def test_total_is_the_declared_score_without_a_tree(tmp_path: Path) -> None:
    project = project_of(check_text(tmp_path, HEADER + "score: 88.47\n"))
    assert project.total == D("88.47") and project.grade == "良"
    assert project.indicators == []


@pytest.mark.parametrize("score, grade", [
    ("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60", "中"), ("59.99", "差"), ("0", "差"),
    ("89.995", "优"),  # shown as 90.00
    ("89.994", "良"),
])
def test_grade_bands(tmp_path: Path, score: str, grade: str) -> None:
    project = project_of(check_text(tmp_path, HEADER + f"score: {score}\n"))
    assert project.grade == grade


def test_grade_of_a_total_that_rounds_up_into_the_next_band(tmp_path: Path) -> None:
    """89.996 is shown as 90.00, so it is 优 and a published 优 is right."""
    text = HEADER + "grade: 优\nindicators:\n  - {code: A, name: 甲, weight: 100, score: 89.996}\n"
    content = check_text(tmp_path, text)
    assert content.problems == []
    project = project_of(content)
    assert project.grade == "优"


def test_custom_bands(tmp_path: Path) -> None:
    write_project(tmp_path, "a.yml", HEADER + "score: 84.99\n", site=CUSTOM_SITE)
    write_project(tmp_path, "b.yml", HEADER.replace("测试项目", "乙") + "score: 85\ngrade: 甲等\n")
    write_project(tmp_path, "c.yml", HEADER.replace("测试项目", "丙") + "score: 49\n")
    content = check_dir(tmp_path)
    assert content.problems == []
    assert {p.id: p.grade for p in content.projects} == {"a": "B", "b": "A", "c": "C"}
    assert {p.id: p.grade_shown for p in content.projects} == {"a": "B", "b": "甲等", "c": "C"}
