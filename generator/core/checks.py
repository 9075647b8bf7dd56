"""Consistency checks: what a file declares against what scoring derives.

Errors stop a build; warnings are how a published report's own slips (a duplicated
indicator code, a rule that gives another score) come to light without hiding them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from generator.core.fmt import measure, money, number, round2, two
from generator.core.model import (
    EXECUTION,
    HUNDRED,
    STANDARD_RULES,
    ZERO,
    FundingSource,
    Indicator,
    Project,
    ProjectHead,
    SiteConfig,
)
from generator.core.problems import Problems
from generator.core.scoring import measured_actual, missed, standard_target
from generator.core.whole import WHOLE, check_whole

TOLERANCE = Decimal("0.005")


def check_project(project: Project, config: SiteConfig, problems: Problems) -> None:
    codes: dict[str, int] = {}
    for node in project.walk():
        _check_node(node, project, problems)
        if node.code:
            if node.code in codes:
                problems.warning(
                    "duplicate-code",
                    f"指标编号「{node.code}」重复（第 {codes[node.code]} 行已使用）："
                    "若原报告如此请保留，否则请改正编号", *node.mark("code"))
            else:
                codes[node.code] = node.line
    if project.indicators:
        weights = sum((n.weight for n in project.indicators), ZERO)
        if weights != HUNDRED:
            problems.error("weights-not-100",
                           f"一级指标的满分值合计为 {number(weights)}，应为 100："
                           "请检查各一级指标的 weight", *project.mark("indicators"))
        if project.score_declared is not None and project.total is not None and \
                abs(project.score_declared - project.total) > TOLERANCE:
            problems.error(
                "total-mismatch",
                f"评价分值 score: {number(project.score_declared)} 与指标得分合计 "
                f"{two(project.total)} 不符：请核对 score 或各指标得分", *project.mark("score"))
    elif project.score_declared is not None and project.score_declared > HUNDRED:
        problems.error("total-over-100",
                       f"评价分值 score: {number(project.score_declared)} 超过满分 100："
                       "请核对 score", *project.mark("score"))
    if project.grade_declared is not None and project.total is not None:
        band = config.band_for(round2(project.total))  # the band of the total as shown
        if project.grade_declared not in band.names():
            known = config.band_named(project.grade_declared)
            names = "、".join(n for b in config.grades for n in b.names())
            why = "" if known else f"（可用的等级：{names}）"
            problems.error(
                "grade-mismatch",
                f"评价结论「{project.grade_declared}」与总分 {two(project.total)} 对应的等级"
                f"「{band.label}」不符{why}：请改为「{band.label}」或核对分数",
                *project.mark("grade"))
    if project.spent is not None and project.budget is not None and \
            project.spent > project.budget:
        problems.warning("spent-over-budget", f"实际支出 {money(project.spent)} 万元超过预算金额 "
                         f"{money(project.budget)} 万元：请核对金额", *project.mark("spent"))
    if project.budget_items and project.budget is not None:
        _check_items(project, problems)
    if project.funding is not None and any(not s.group for s in project.funding.sources):
        _check_funding(project, problems)
    if project.kind == WHOLE:  # the grouped sources and the tasks (部门整体 only)
        check_whole(project, project.funding.sources if project.funding else [],
                    problems.warning)


def _where(node: Indicator) -> str:
    """How a message names the indicator (made only for a message)."""
    return f"指标「{node.label}」"


def _check_node(node: Indicator, project: Project, problems: Problems) -> None:
    if node.children:
        children_weight = sum((c.weight for c in node.children), ZERO)
        if node.weight_declared is not None and node.weight_declared != children_weight:
            problems.error("inner-weight-mismatch",
                           f"{_where(node)}的满分值 {number(node.weight_declared)} "
                           f"不等于下级指标满分值之和 {number(children_weight)}：请核对 weight",
                           *node.mark("weight"))
        if node.score_declared is not None and abs(node.score_declared - node.score) > TOLERANCE:
            problems.error("inner-score-mismatch",
                           f"{_where(node)}的得分 {number(node.score_declared)} "
                           f"不等于下级指标得分之和 {number(node.score)}：请核对 score",
                           *node.mark("score"))
        return
    if node.score > node.weight:
        problems.error("score-over-weight",
                       f"{_where(node)}的得分 {number(node.score)} "
                       f"超过满分值 {number(node.weight)}：得分应在 0 到满分值之间",
                       *node.mark("score"))
    elif node.score < 0:  # only a rule can give this (ratio with a negative actual)
        problems.error("score-below-zero",
                       f"{_where(node)}按 rule: {node.rule.kind if node.rule else ''} 计算得 "
                       f"{number(node.score)} 分，低于 0：得分应在 0 到满分值之间，请核对 actual",
                       *node.mark("actual"))
    _check_target(node, project, problems)
    if node.rule is None:
        _check_standard(node, project, problems)
        return
    if node.rule_score is None:
        problems.error("execution-needs-spent",
                       f"{_where(node)}：rule: {node.rule.kind} 使用 actual: budget_execution，"
                       "但项目没有填写 spent（实际支出）", *node.mark("actual"))
    elif node.score_declared is not None and node.rule_score != node.score_declared:
        problems.warning("rule-score-differs",
                         f"{_where(node)}按 rule: {node.rule.kind} 计算得 "
                         f"{two(node.rule_score)} 分，与公布的 {number(node.score_declared)} "
                         "分不同：请核对原报告",
                         *node.mark("score"))


def _check_standard(node: Indicator, project: Project, problems: Problems) -> None:
    if node.actual == EXECUTION and project.spent is None:
        problems.error("execution-needs-spent",
                       f"{_where(node)}：actual: budget_execution 使用预算执行率，"
                       "但项目没有填写 spent（实际支出）", *node.mark("actual"))
        return
    target = standard_target(node)
    if target is None or node.standard_score is None or node.score_declared is None:
        return
    if node.standard_score != node.score_declared:
        actual = measure(measured_actual(node, project, shown=True), node.unit)
        problems.warning(
            "standard-rule-differs",
            f"{_where(node)}：年度指标值 {measure(target, node.unit)}、实际完成值 {actual}，"
            f"按标准计分规则（{STANDARD_RULES[target.op]}，财预〔2020〕10号第十六条）应得 "
            f"{two(node.standard_score)} 分，与公布的 {number(node.score_declared)} 分不同："
            "请核对原表，若原表如此请保留，并在 note 中说明原因", *node.mark("score"))


def _check_target(node: Indicator, project: Project, problems: Problems) -> None:
    if node.note or not missed(node, project):
        return
    actual = measure(measured_actual(node, project, shown=True), node.unit)
    target = standard_target(node) or node.target
    problems.warning(
        "target-missed-no-note",
        f"指标「{node.label}」的实际完成值 {actual} 未达到年度指标值 "
        f"{measure(target, node.unit)}：未完成年度指标值，请填写偏差原因分析及改进措施"
        "（在该指标下写 note）", *node.mark("actual"))


def _check_funding(project: Project, problems: Problems) -> None:
    funding = project.funding
    assert funding is not None
    sources = [s for s in funding.sources if not s.group]  # a group is checked on its own
    mark = project.mark("funding")

    def total(get: Callable[[FundingSource], Decimal | None]) -> Decimal | None:
        values = [v for v in map(get, sources) if v is not None]
        return sum(values, ZERO) if values else None

    def first(key: str) -> tuple[int, int]:
        """Where the figures of a sum begin: the first source giving ``key`` (so an import
        names that column of the 资金来源 sheet)."""
        return next((s.marks[key] for s in sources if key in s.marks), mark)

    for label, figure, given, what, where in (
            ("年初预算数", total(lambda s: s.initial), funding.initial,
             "年初预算数 funding.initial", funding.marks.get("initial", mark)),
            ("全年预算数", total(lambda s: s.budget), project.budget, "预算金额 budget",
             first("budget")),
            ("全年执行数", total(lambda s: s.spent), project.spent, "实际支出 spent",
             first("spent"))):
        if figure is not None and given is not None and figure != given:
            problems.warning(
                "funding-sum-mismatch",
                f"funding.sources 的{label}合计 {money(figure)} 万元与{what} "
                f"{money(given)} 万元不符：请核对各资金来源的金额", *where)


def _check_items(project: Project, problems: Problems) -> None:
    budget = sum((i.budget for i in project.budget_items), ZERO)
    if budget != project.budget:
        problems.warning("items-sum-mismatch",
                         f"budget_items 的预算合计 {money(budget)} 万元与预算金额 "
                         f"{money(project.budget)} 万元不符", *project.mark("budget_items"))
    spent_items = [i.spent for i in project.budget_items if i.spent is not None]
    if project.spent is not None and spent_items:
        spent = sum(spent_items, ZERO)
        if spent != project.spent:
            problems.warning("items-sum-mismatch",
                             f"budget_items 的支出合计 {money(spent)} 万元与实际支出 "
                             f"{money(project.spent)} 万元不符", *project.mark("budget_items"))


def check_across(projects: list[ProjectHead], problems: Problems) -> None:
    """Checks that need all projects: the same project evaluated twice in one year."""
    seen: dict[tuple[str, int], list[ProjectHead]] = defaultdict(list)
    for project in projects:
        seen[(project.name, project.year)].append(project)
    for (name, year), group in seen.items():
        if len(group) > 1:
            files = "、".join(p.file for p in group)
            for project in group:
                problems.warning("duplicate-project",
                                 f"项目「{name}」（{year} 年）出现在多个文件中：{files}",
                                 *project.mark("name"), file=project.file)
