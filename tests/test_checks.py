"""Declared against derived: sums, totals, grades, money; warnings; all files in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import (
    HEADER,
    check_dir,
    check_text,
    codes,
    errors,
    found,
    one,
    project_of,
    warnings,
    write_project,
)

TWO_TOP = HEADER + """\
indicators:
  - {code: A, name: 甲, weight: 40, score: 30}
  - {code: B, name: 乙, weight: 60, score: 50}
"""


def test_score_above_weight(tmp_path: Path) -> None:
    text = HEADER + "indicators:\n  - {code: A, name: 甲, weight: 100, score: 100.01}\n"
    problem = one(errors(check_text(tmp_path, text)), "score-over-weight")
    assert problem.message == "指标「A 甲」的得分 100.01 超过满分值 100：得分应在 0 到满分值之间"
    assert (problem.line, problem.column) == (6, 44)


def test_score_equal_to_weight_and_zero_are_fine(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - {code: A, name: 甲, weight: 40, score: 40}
  - {code: B, name: 乙, weight: 60, score: 0}
"""
    content = check_text(tmp_path, text)
    assert content.problems == []
    assert str(project_of(content).total) == "40"


def test_top_level_weights_must_sum_to_100(tmp_path: Path) -> None:
    text = TWO_TOP.replace("weight: 60", "weight: 59.5")
    problem = one(errors(check_text(tmp_path, text)), "weights-not-100")
    assert problem.message == "一级指标的满分值合计为 99.5，应为 100：请检查各一级指标的 weight"
    assert (problem.line, problem.column) == (6, 3)


INNER = HEADER + """\
indicators:
  - code: A
    name: 甲
    weight: 100
    score: 80
    children:
      - {code: A1, name: 乙, weight: 60, score: 50}
      - {code: A2, name: 丙, weight: 40, score: 30}
"""


def test_inner_nodes_matching_children(tmp_path: Path) -> None:
    assert check_text(tmp_path, INNER).problems == []


def test_inner_weight_not_the_children_sum(tmp_path: Path) -> None:
    content = check_text(tmp_path, INNER.replace("weight: 40", "weight: 45"))
    problem = one(errors(content), "inner-weight-mismatch")
    assert (problem.line, problem.column) == (8, 13)


@pytest.mark.parametrize("declared, ok", [
    ("80.004", True), ("79.996", True), ("80.005", True), ("80.006", False), ("79.994", False),
    ("81", False),
])
def test_inner_score_not_the_children_sum(tmp_path: Path, declared: str, ok: bool) -> None:
    content = check_text(tmp_path, INNER.replace("score: 80", f"score: {declared}"))
    if ok:
        assert content.problems == []
    else:
        problem = one(errors(content), "inner-score-mismatch")
        assert (problem.line, problem.column) == (9, 12)


@pytest.mark.parametrize("declared, ok", [
    ("80", True), ("80.00", True), ("80.004", True), ("79.996", True), ("80.005", True),
    ("80.006", False), ("79.994", False), ("79", False),
])
def test_declared_total_tolerance(tmp_path: Path, declared: str, ok: bool) -> None:
    content = check_text(tmp_path, TWO_TOP + f"score: {declared}\n")
    if ok:
        assert content.problems == []
        assert str(project_of(content).total) == "80"  # the computed total, not the declared
    else:
        problem = one(errors(content), "total-mismatch")
        assert (problem.line, problem.column) == (8, 8)
        assert content.projects == []


def test_total_without_a_tree_cannot_exceed_100(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + "score: 100.01\n")), "total-over-100")
    assert (problem.line, problem.column) == (5, 8)


@pytest.mark.parametrize("score, grade, message", [
    ("85", "优", "评价结论「优」与总分 85.00 对应的等级「良」不符：请改为「良」或核对分数"),
    ("92", "良好", "评价结论「良好」与总分 92.00 对应的等级「优」不符：请改为「优」或核对分数"),
    ("85", "良好好", "评价结论「良好好」与总分 85.00 对应的等级「良」不符"
                  "（可用的等级：优、良、良好、中、差）：请改为「良」或核对分数"),
    ("59.99", "中", "评价结论「中」与总分 59.99 对应的等级「差」不符：请改为「差」或核对分数"),
])
def test_grade_not_matching_the_band(tmp_path: Path, score: str, grade: str, message: str
                                     ) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + f"score: {score}\ngrade: {grade}\n")),
                  "grade-mismatch")
    assert problem.message == message
    assert (problem.line, problem.column) == (6, 8)


@pytest.mark.parametrize("score, grade", [("85", "良好"), ("85", "良"), ("90", "优"),
                                          ("60", "中"), ("0", "差")])
def test_grade_matching_the_band(tmp_path: Path, score: str, grade: str) -> None:
    content = check_text(tmp_path, HEADER + f"score: {score}\ngrade: {grade}\n")
    assert content.problems == []
    project = project_of(content)
    assert project.grade_shown == grade
    assert project.grade == ("良" if grade == "良好" else grade)


def test_grade_checked_against_the_computed_total(tmp_path: Path) -> None:
    content = check_text(tmp_path, TWO_TOP + "grade: 中\n")
    problem = one(errors(content), "grade-mismatch")
    assert (problem.line, problem.column) == (8, 8)


# --- warnings -------------------------------------------------------------------------

def test_duplicate_codes(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - code: A
    name: 甲
    children:
      - {code: A1, name: 乙, weight: 60, score: 50}
      - {code: A1, name: 丙, weight: 40, score: 30}
"""
    content = check_text(tmp_path, text)
    problem = one(warnings(content), "duplicate-code")
    assert problem.message == ("指标编号「A1」重复（第 9 行已使用）："
                               "若原报告如此请保留，否则请改正编号")
    assert (problem.line, problem.column) == (10, 16)
    assert errors(content) == []
    assert len(content.projects) == 1  # warnings do not drop a project


def test_spent_above_budget(tmp_path: Path) -> None:
    content = check_text(tmp_path, HEADER + "spent: 10.5\nscore: 80\n")
    problem = one(warnings(content), "spent-over-budget")
    assert (problem.line, problem.column) == (5, 8)


def test_spent_equal_to_budget_is_fine(tmp_path: Path) -> None:
    assert check_text(tmp_path, HEADER + "spent: 10\nscore: 80\n").problems == []


def test_same_name_and_year_in_two_files(tmp_path: Path) -> None:
    a = write_project(tmp_path, "2020/a.yml", HEADER + "score: 80\n")
    b = write_project(tmp_path, "2020/b.yml", HEADER + "score: 81\n")
    write_project(tmp_path, "2021/c.yml", HEADER.replace("2020", "2021") + "score: 82\n")
    content = check_dir(tmp_path)
    assert errors(content) == []
    got = [(p.code, p.file, p.line, p.column) for p in warnings(content)]
    assert got == [("duplicate-project", str(a), 1, 7), ("duplicate-project", str(b), 1, 7)]
    message = f"项目「测试项目」（2020 年）出现在多个文件中：{a}、{b}"
    assert {p.message for p in warnings(content)} == {message}
    assert len(content.projects) == 3


ITEMS = HEADER + """\
spent: 9.5
score: 80
budget_items:
  - {name: 甲, budget: 6.50, spent: 6}
  - {name: 乙, budget: 3.5, spent: 3.5}
"""


def test_budget_items_matching(tmp_path: Path) -> None:
    content = check_text(tmp_path, ITEMS)
    assert content.problems == []
    assert [(i.name, str(i.budget), str(i.spent), i.line)
            for i in project_of(content).budget_items] == [
        ("甲", "6.50", "6", 8), ("乙", "3.5", "3.5", 9)]


def test_budget_items_sums_differ(tmp_path: Path) -> None:
    content = check_text(tmp_path, ITEMS.replace("budget: 3.5", "budget: 3.6")
                         .replace("spent: 3.5", "spent: 3.4"))
    assert errors(content) == []
    assert found(warnings(content)) == [("items-sum-mismatch", 8, 3)] * 2
    assert [p.message for p in warnings(content)] == [
        "budget_items 的预算合计 10.10 万元与预算金额 10.00 万元不符",
        "budget_items 的支出合计 9.40 万元与实际支出 9.50 万元不符",
    ]


def test_budget_items_spent_not_compared_without_spent(tmp_path: Path) -> None:
    content = check_text(tmp_path, ITEMS.replace("spent: 9.5\n", ""))
    assert content.problems == []


# --- every file, every problem, one run -----------------------------------------------

def test_all_problems_of_all_files_in_one_run(tmp_path: Path) -> None:
    bad1 = write_project(tmp_path, "2020/bad1.yml", HEADER.replace("budget", "budjet") + """\
score: 120
grade: 优秀
""")
    bad2 = write_project(tmp_path, "2020/bad2.yml", "name: [1\n")
    bad3 = write_project(tmp_path, "2021/bad3.yml", HEADER + """\
indicators:
  - {code: A, name: 甲, weight: 50, score: 51}
  - {code: B, name: 乙, weight: 40, score: 40}
""")
    write_project(tmp_path, "2021/good.yml", HEADER.replace("测试项目", "好项目") + "score: 91.5\n")
    content = check_dir(tmp_path)
    by_file: dict[str, list[tuple[str, int | None, int | None]]] = {}
    for p in content.problems:
        by_file.setdefault(p.file, []).append((p.code, p.line, p.column))
    assert by_file == {
        str(bad1): [("missing-key", 1, 1), ("unknown-key", 4, 1)],
        str(bad2): [("yaml-syntax", 2, 1)],
        str(bad3): [("weights-not-100", 6, 3), ("score-over-weight", 6, 43)],
    }
    assert [(p.id, str(p.total), p.grade) for p in content.projects] == [
        ("2021/good", "91.5", "优")]
    assert all(p.is_error for p in content.problems)
    assert codes(errors(content)) == codes(content.problems)
