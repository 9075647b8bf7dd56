"""The 项目支出绩效自评表: targets and actuals, the standard rule, goals, funding, the scaffold.

A leaf with a comparator target (``≥85%``) and a numeric actual but no rule is scored by the
standard rule of 财预〔2020〕10号 art. 16; a published score stands and a difference is a
warning; a missed target without 偏差原因 (note) is a warning; funding sources are summed.
``YONGDE`` is a real published 自评表 (its source in its header comment): it, and the form on
the project page, are tested in tests/test_selfeval_published.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.converters import COMPARATORS
from generator.content.discovery import process_file, read_content
from generator.core.fmt import measure, two
from generator.core.model import Comparison, SiteConfig
from generator.core.problems import CODES
from generator.intake.scaffold import create_project
from tests.conftest import HEADER, check_text, errors, one, project_of, warnings

FIXTURES = Path(__file__).resolve().parent / "data" / "selfeval"
YONGDE = FIXTURES / "yongde-nutrition-2022.yml"
EXECUTION_HEAD = HEADER.replace("budget: 10.00", "budget: 20.00") + "spent: 19.50\n"


def leaf(tmp_path: Path, fields: str, head: str = HEADER):
    """One top-level leaf of weight 10 beside a 90-point leaf; the content checked."""
    text = head + ("indicators:\n"
                   "  - {code: A, name: 甲, weight: 90, score: 90}\n"
                   f"  - {{code: B, name: 乙, weight: 10, {fields}}}\n")
    return check_text(tmp_path, text)


def leaf_b(content):
    return project_of(content).indicators[1]


def codes(content) -> list[str]:
    return [p.code for p in content.problems]


# --- reading targets ---------------------------------------------------------------------

@pytest.mark.parametrize("written, op", sorted(COMPARATORS.items()))
def test_every_comparator_form_is_read(tmp_path: Path, written: str, op: str) -> None:
    content = leaf(tmp_path, f'target: "{written}5", actual: 5, note: 说明')
    assert not content.errors, [p.format() for p in content.problems]
    assert leaf_b(content).target == Comparison(op, Decimal(5))


@pytest.mark.parametrize("written, expected, unit", [
    ("≥85%", Comparison("≥", Decimal(85), "%"), "%"),
    ("≤90万元", Comparison("≤", Decimal(90), "万元"), "万元"),
    ("＝100％", Comparison("=", Decimal(100), "%"), "%"),
    ("≧ 735 人次", Comparison("≥", Decimal(735), "人次"), "人次"),
    (">0", Comparison(">", Decimal(0)), None),
    ("98.09%", Decimal("98.09"), "%"),
    ("达成预期指标", "达成预期指标", None),
    ("85%以上", "85%以上", None),  # a bound in words stays text
    ("9月前", "9月前", None),  # a deadline (安徽 金寨's 时效指标): text, not 9 of unit 月前
    ("11月底前", "11月底前", None),
    ("30分钟内响应，24小时内修复。", "30分钟内响应，24小时内修复。", None),
])
def test_target_forms(tmp_path: Path, written: str, expected: object, unit: str | None) -> None:
    content = leaf(tmp_path, f'target: "{written}", score: 10')
    assert not content.errors, [p.format() for p in content.problems]
    node = leaf_b(content)
    assert node.target == expected and node.unit == unit  # a written unit becomes `unit`


def test_unit_written_in_the_target_must_agree(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'target: "≥85%", actual: 90, unit: 次')
    problem = one(errors(content), "unit-mismatch")
    assert (problem.line, problem.column) == (7, 44)  # at the target
    assert problem.message == ("指标「B」：「target: ≥85%」的单位「%」与 unit 的单位「次」不一致："
                               "请改为同一单位（单位可只写在 unit 中）")


def test_unit_of_the_actual_must_agree_with_the_target(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'target: "≥12次", actual: "12天"')
    problem = one(errors(content), "unit-mismatch")
    assert problem.line == 7
    assert "「actual: 12天」的单位「天」与 target 的单位「次」不一致" in problem.message


def test_full_width_percent_agrees_with_percent(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'target: "≥85％", actual: "90%", unit: "%"')
    assert content.problems == []
    assert leaf_b(content).score == Decimal("10.00")


def test_text_actual_with_a_rule_is_an_error(tmp_path: Path) -> None:
    content = leaf(tmp_path, "rule: ratio, target: 100, actual: 有效")
    assert {p.code for p in errors(content)} == {"wrong-type", "rule-input-missing"}


# --- the standard rule (财预〔2020〕10号 art. 16) ---------------------------------------------

@pytest.mark.parametrize("fields, score, problems", [
    # met: full marks
    ('target: "≥85%", actual: 90', "10.00", []),
    ('target: ">85", actual: 86', "10.00", []),
    # missed, higher is better: in proportion (ratio)
    ('target: "≥100%", actual: 98, note: 原因', "9.80", []),
    ('target: "≥100%", actual: 98', "9.80", ["target-missed-no-note"]),
    # lower is better (reverse): full up to the target, nothing from twice the target
    ('target: "≤2", actual: 1.5, unit: 小时', "10.00", []),
    ('target: "≤2", actual: 3, unit: 小时, note: 原因', "5.00", []),
    ('target: "<2", actual: 4, note: 原因', "0.00", []),
    # zero targets
    ('target: "≤0", actual: 0', "10.00", []),
    ('target: "≤0", actual: 1, note: 原因', "0.00", []),
    ('target: ">0", actual: 1', "10.00", []),
    ('target: ">0", actual: 0, note: 原因', "0.00", []),
    ('target: "≥0", actual: 0', "10.00", []),
    # equality (threshold): met or nothing
    ('target: "=100%", actual: 100', "10.00", []),
    ('target: "=100%", actual: 98, note: 原因', "0.00", []),
    ('target: "=0", actual: 1, note: 原因', "0.00", []),
    # half-up: 3 x 7/8 of 10/3 … here 10 x 7/8 = 8.75; see the half-up test below
    ('target: "≥8", actual: 7, note: 原因', "8.75", []),
], ids=lambda v: v if isinstance(v, str) else None)
def test_standard_rule(tmp_path: Path, fields: str, score: str, problems: list[str]) -> None:
    content = leaf(tmp_path, fields)
    assert codes(content) == problems, [p.format() for p in content.problems]
    node = leaf_b(content)
    assert two(node.score) == score and two(node.standard_score) == score
    assert project_of(content).total == Decimal(90) + node.score


def test_standard_rule_rounds_half_up(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - {code: A, name: 甲, weight: 97, score: 97}
  - {code: B, name: 乙, weight: 3, target: "≥8", actual: 7, note: 原因}
"""
    project = project_of(check_text(tmp_path, text))
    assert str(project.indicators[1].score) == "2.63"  # 3 x 7/8 = 2.625 -> 2.63 (fmt.round2)
    assert str(project.total) == "99.63"


def test_qualitative_target_and_actual_stay_text(tmp_path: Path) -> None:
    content = leaf(tmp_path, "target: 达成预期指标, actual: 基本达成, score: 9")
    assert content.problems == []  # text is never judged
    node = leaf_b(content)
    assert (node.target, node.actual, node.standard_score) == ("达成预期指标", "基本达成", None)


def test_qualitative_leaf_needs_a_score(tmp_path: Path) -> None:
    content = leaf(tmp_path, "target: 有效, actual: 有效")
    assert [p.code for p in errors(content)] == ["missing-score"]


def test_comparator_target_without_actual_needs_a_score(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'target: "≥85%"')
    assert [p.code for p in errors(content)] == ["missing-score"]


def test_published_score_stands_and_a_difference_is_a_warning(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'target: "≥100", unit: "%", actual: 100, score: 7')
    problem = one(warnings(content), "standard-rule-differs")
    assert (problem.line, problem.column) == (7, 83)  # at the score
    assert problem.message == (
        "指标「B 乙」：年度指标值 ≥100%、实际完成值 100%，按标准计分规则（ratio，"
        "财预〔2020〕10号第十六条）应得 10.00 分，与公布的 7 分不同："
        "请核对原表，若原表如此请保留，并在 note 中说明原因")
    assert leaf_b(content).score == Decimal(7)


def test_explicit_rule_wins_over_the_comparator(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'rule: threshold, target: "≥100", actual: 98, note: 原因')
    node = leaf_b(content)
    assert content.problems == [] and node.score == Decimal("0.00")
    assert node.standard_score is None


def test_missed_target_without_note(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'target: "=100", unit: "%", actual: 98, score: 9')
    found = {p.code: p for p in warnings(content)}
    assert set(found) == {"standard-rule-differs", "target-missed-no-note"}
    problem = found["target-missed-no-note"]
    assert (problem.line, problem.column) == (7, 71)  # at the actual
    assert problem.message == ("指标「B 乙」的实际完成值 98% 未达到年度指标值 =100%："
                               "未完成年度指标值，请填写偏差原因分析及改进措施"
                               "（在该指标下写 note）")


def test_plain_number_target_without_rule_is_not_judged(tmp_path: Path) -> None:
    # which way is better is not written (故障率 0 vs 完成率 100): no warning either way
    content = leaf(tmp_path, "target: 100, actual: 98, unit: '%', score: 9")
    assert content.problems == []


# --- the 预算执行 row ------------------------------------------------------------------------

def test_execution_row_without_rule_is_a_ratio_against_100(tmp_path: Path) -> None:
    content = leaf(tmp_path, "actual: budget_execution, unit: '%', note: 尾款次年支付",
                   EXECUTION_HEAD)
    assert content.problems == []
    project = project_of(content)
    assert project.execution_row is project.indicators[1]
    assert str(project.indicators[1].score) == "9.75"  # 10 x 19.50 / 20.00
    assert str(project.total) == "99.75"


def test_execution_row_met_and_published(tmp_path: Path) -> None:
    head = EXECUTION_HEAD.replace("spent: 19.50", "spent: 20.00")
    content = leaf(tmp_path, "actual: budget_execution, score: 10", head)
    assert content.problems == []


def test_execution_row_published_score_differs(tmp_path: Path) -> None:
    content = leaf(tmp_path, "actual: budget_execution, score: 10", EXECUTION_HEAD)
    assert sorted(codes(content)) == ["standard-rule-differs", "target-missed-no-note"]


def test_execution_row_with_a_comparator_target(tmp_path: Path) -> None:
    content = leaf(tmp_path, 'actual: budget_execution, target: "≥95%"', EXECUTION_HEAD)
    assert content.problems == [] and str(leaf_b(content).score) == "10.00"


def test_execution_row_needs_spent(tmp_path: Path) -> None:
    problem = one(errors(leaf(tmp_path, "actual: budget_execution")), "execution-needs-spent")
    assert (problem.line, problem.column) == (7, 44)


def test_execution_on_an_inner_node_is_an_error(tmp_path: Path) -> None:
    text = HEADER + """\
indicators:
  - code: A
    name: 甲
    actual: budget_execution
    children:
      - {code: A1, name: 乙, weight: 100, score: 90}
"""
    problem = one(errors(check_text(tmp_path, text)), "execution-needs-rule")
    assert (problem.line, problem.column) == (8, 13)


# --- goals and funding -------------------------------------------------------------------

FUNDED = EXECUTION_HEAD + """\
score: 90
goals:
  planned: 按计划完成系统运维
  achieved:
    - 全年巡检 12 次
    - 无重大故障
funding:
  initial: 20.00
  sources:
    - {name: 本年财政拨款, initial: 18.00, budget: 18.00, spent: 17.50}
    - {name: 上年结转资金, initial: 2.00, budget: 2.00, spent: 2.00}
"""


def test_goals_and_funding_are_read(tmp_path: Path) -> None:
    content = check_text(tmp_path, FUNDED)
    assert content.problems == []
    project = project_of(content)
    assert project.goals.planned == ["按计划完成系统运维"]
    assert project.goals.achieved == ["全年巡检 12 次", "无重大故障"]
    assert project.funding.initial == Decimal("20.00")
    assert [(s.name, s.budget, s.spent) for s in project.funding.sources] == [
        ("本年财政拨款", Decimal("18.00"), Decimal("17.50")),
        ("上年结转资金", Decimal("2.00"), Decimal("2.00"))]
    assert project.has_self_evaluation


@pytest.mark.parametrize("old, new, fragment, where", [
    ("initial: 18.00", "initial: 17.00",
     "年初预算数合计 19.00 万元与年初预算数 funding.initial 20.00 万元不符", (13, 12)),
    ("budget: 18.00", "budget: 17.00", "全年预算数合计 19.00 万元与预算金额 budget 20.00 万元不符",
     (15, 46)),
    ("spent: 17.50", "spent: 17.00", "全年执行数合计 19.00 万元与实际支出 spent 19.50 万元不符",
     (15, 60)),
])
def test_funding_sums_are_checked(tmp_path: Path, old: str, new: str, fragment: str,
                                  where: tuple[int, int]) -> None:
    content = check_text(tmp_path, FUNDED.replace(old, new))
    problem = one(warnings(content), "funding-sum-mismatch")
    # at the given figure (funding.initial), else at the first source's figure of that sum
    assert (problem.line, problem.column) == where
    assert fragment in problem.message


def test_funding_and_goals_keys_are_checked(tmp_path: Path) -> None:
    text = FUNDED.replace("  initial: 20.00", "  initail: 20.00").replace(
        "  planned:", "  plan:")
    got = {(p.code, p.line) for p in errors(check_text(tmp_path, text))}
    assert got == {("unknown-key", 8), ("unknown-key", 13)}


def test_new_codes_are_known() -> None:
    for code in ("standard-rule-differs", "target-missed-no-note", "funding-sum-mismatch",
                 "unit-mismatch"):
        assert code in CODES


# --- random targets and actuals never crash; totals are the sum of the leaves -------------

OPS = sorted(COMPARATORS)
NUMBERS = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False,
                      allow_infinity=False)


@st.composite
def leaves(draw: st.DrawFn) -> str:
    weight = draw(st.integers(1, 10))
    target = draw(st.one_of(
        st.builds(lambda op, n: f'"{op}{n}"', st.sampled_from(OPS), NUMBERS),
        NUMBERS.map(str), st.sampled_from(['"有效"', '"达成预期指标"', '"85%以上"'])))
    actual = draw(st.one_of(NUMBERS.map(str), st.sampled_from(['"有效"', "budget_execution",
                                                               '"98%"'])))
    score = draw(st.one_of(st.none(), st.integers(0, weight)))
    note = draw(st.sampled_from(["", ", note: 原因"]))
    extra = f", score: {score}" if score is not None else ""
    return f"{{name: 指标, weight: {weight}, target: {target}, actual: {actual}{extra}{note}}}"


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(leaves(), min_size=1, max_size=6))
def test_random_targets_and_actuals(tmp_path_factory: pytest.TempPathFactory,
                                    items: list[str]) -> None:
    folder = tmp_path_factory.mktemp("selfeval") / "projects"
    folder.mkdir()
    text = EXECUTION_HEAD + "indicators:\n  - name: 产出指标\n    children:\n" + "".join(
        f"      - {item}\n" for item in items)
    path = folder / "p.yml"
    path.write_text(text, encoding="utf-8")
    project, problems = process_file(path, folder, SiteConfig())
    if project is None:
        assert any(p.is_error for p in problems)
        return
    assert project.total == sum((leaf.score for leaf in project.leaves()), Decimal(0))
    for node in project.leaves():
        assert node.score == node.score.quantize(Decimal("0.01")) or \
            node.score_declared is not None
        measure(node.target, node.unit), measure(node.actual, node.unit)  # shown, never raise


# --- the scaffold --------------------------------------------------------------------------

def test_new_self_evaluation_passes_check_once_named(tmp_path: Path, run_cli) -> None:
    code, out, _ = run_cli("new", "--self-evaluation", "--year", "2022", "--content", tmp_path)
    assert code == 0
    path = tmp_path / "projects" / "2022" / "new-project.yml"
    assert [p.code for p in read_content(tmp_path, workers=1).problems] == [
        "placeholder", "placeholder"]  # the name and the unit: the rest are examples
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: 待填写", "name: 甲项目").replace("department: 待填写", "department: 甲单位"),
        encoding="utf-8")
    content = read_content(tmp_path, workers=1)
    assert content.problems == [], [p.format() for p in content.problems]
    (project,) = content.projects
    assert project.method == "单位自评" and project.goals and project.funding
    assert two(project.total) == "99.75" and project.execution_row is not None
    text = (tmp_path / "projects" / "2022" / "new-project.yml").read_text(encoding="utf-8")
    assert "偏差原因分析及改进措施" in text and "# score:" in text


def test_new_self_evaluation_with_name_and_authority(tmp_path: Path) -> None:
    path = create_project(tmp_path, 2021, name="2021: 某某运维", authority="上海市某某局",
                          self_evaluation=True)
    content = read_content(tmp_path, workers=1)
    assert content.problems == []
    (project,) = content.projects
    assert (project.name, project.authority, project.department) == (
        "2021: 某某运维", "上海市某某局", "上海市某某局")
    assert path.name.startswith("p-")
