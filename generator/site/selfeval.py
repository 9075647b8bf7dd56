"""The 项目支出绩效自评表 (财预〔2020〕10号 annex 1) of one project, ready for its template.

The figures are worked out here (through :mod:`generator.core.fmt`, the one place that
rounds); ``_selfeval.html.j2`` lays them out as the official form: header, 项目资金 block,
年度总体目标, 绩效指标 with merged cells, 总分 and 评价结论. A row whose published score
differs from the standard rule, or whose missed target has no 偏差原因, carries a note: a
fact for citizens (the two figures side by side, the rule linked to the 术语 page), never an
instruction to staff — what to check stays in the terminal (:mod:`generator.core.checks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core import fmt
from generator.core.model import ZERO, Indicator, Project
from generator.core.scoring import measured_actual, missed, standard_target
from generator.site.indicator_rows import indicator_rows, level_name

MIN_LEVELS = 3  # the form always has 一级 / 二级 / 三级指标 columns


@dataclass
class FormCell:
    label: str
    rowspan: int = 1
    colspan: int = 1
    # an inner node's 分值 and 得分 (a 部门整体 得分表 prints them with its 一级 / 二级 names)
    weight: str | None = None
    score: str | None = None


@dataclass
class FormRow:
    cells: list[FormCell]
    target: str
    actual: str
    weight: str
    score: str
    note: str | None
    flags: list[FormNote] = field(default_factory=list)


@dataclass(frozen=True)
class FormNote:
    """A fact beside a row of the form; ``term``: the 术语 entry its rule links to."""

    text: str
    term: str | None = None


#: the scoring rules' public names (the 评价方法 page's 计分规则 table)
RULE_NAMES = {"ratio": "比率法", "floor": "门槛比率法", "reverse": "反向指标",
              "threshold": "达标法", "tiers": "分档法", "deduct": "扣分法", "level": "完成程度"}
STANDARD_RULE = "标准计分规则"


@dataclass
class MoneyRow:
    label: str
    initial: str
    budget: str
    spent: str
    weight: str
    rate: str
    score: str


@dataclass
class SelfEvaluation:
    money: list[MoneyRow]
    planned: list[str]
    achieved: list[str]
    levels: list[str]
    rows: list[FormRow]
    total_weight: str
    total: str
    grade: str
    execution_note: str | None = None  # the 预算执行率 row's 偏差原因, under the money block
    money_note: str | None = None  # the 其中 rows do not add up to the total (issue 46.10)


def _flags(leaf: Indicator, project: Project) -> list[FormNote]:
    flags = []
    if leaf.rule is None and leaf.standard_score is not None and \
            leaf.score_declared is not None and leaf.standard_score != leaf.score_declared:
        flags.append(FormNote(f"按标准计分规则计算为 {fmt.two(leaf.standard_score)} 分；"
                              f"公布的得分为 {fmt.number(leaf.score_declared)} 分",
                              STANDARD_RULE))
    if leaf.rule is not None and leaf.rule_score is not None and \
            leaf.score_declared is not None and leaf.rule_score != leaf.score_declared:
        name = RULE_NAMES.get(leaf.rule.kind, "评价表写明的计分方法")
        flags.append(FormNote(f"按{name}计算为 {fmt.two(leaf.rule_score)} 分；"
                              f"公布的得分为 {fmt.number(leaf.score_declared)} 分",
                              STANDARD_RULE))
    if not leaf.note and missed(leaf, project):
        flags.append(FormNote("实际完成值未达到年度指标值；原表没有填写偏差原因分析及改进措施"))
    return flags


def _actual(leaf: Indicator, project: Project) -> str:
    value = measured_actual(leaf, project, shown=True) if leaf.actual == "budget_execution" \
        else leaf.actual
    return fmt.measure(value, leaf.unit)


def _rows(roots: list[Indicator], project: Project) -> tuple[int, list[FormRow]]:

    depth, rows = indicator_rows(roots, min_depth=MIN_LEVELS)
    out = []
    for row in rows:
        leaf = row[-1].node
        target = standard_target(leaf) if leaf.target is None and leaf.rule is None else None
        out.append(FormRow(
            cells=[FormCell(c.node.label, c.rowspan, c.colspan,
                            *((fmt.number(c.node.weight), fmt.two(c.node.score))
                              if not c.leaf else (None, None))) for c in row],
            target=fmt.measure(leaf.target if target is None else target, leaf.unit),
            actual=_actual(leaf, project), weight=fmt.number(leaf.weight),
            score=fmt.number(leaf.score), note=leaf.note, flags=_flags(leaf, project)))
    return depth, out


def _money(project: Project, execution: Indicator | None) -> list[MoneyRow]:
    funding = project.funding
    initial = funding.initial if funding is not None else None
    rows = [MoneyRow(
        "年度资金总额", fmt.amount(initial), fmt.amount(project.budget), fmt.amount(project.spent),
        fmt.number(execution.weight) if execution else fmt.EMPTY,
        fmt.percent(project.execution_rate),
        fmt.number(execution.score) if execution else fmt.EMPTY)]
    for i, source in enumerate(funding.sources if funding is not None else []):
        rows.append(MoneyRow(
            f"其中：{source.name}" if i == 0 else source.name, fmt.amount(source.initial),
            fmt.amount(source.budget), fmt.amount(source.spent), fmt.EMPTY,
            fmt.percent(source.execution_rate), fmt.EMPTY))
    return rows


def _money_note(project: Project) -> str | None:
    """What a reader should know when the 其中 rows do not add up to 年度资金总额: the form
    is published as it is, and the difference is said where the figures stand."""
    sources = project.funding.sources if project.funding is not None else []
    added, totals = [], []
    for label, total, values in (("全年预算数", project.budget, [s.budget for s in sources]),
                                 ("全年执行数", project.spent, [s.spent for s in sources])):
        if not values or total is None or any(v is None for v in values):
            continue
        their = sum((v for v in values if v is not None), ZERO)
        if their != total:
            added.append(f"{label} {fmt.amount(their)} 万元")
            totals.append(f"{label} {fmt.amount(total)} 万元")
    if not added:
        return None
    return (f"“其中”各行合计{'、'.join(added)}，而年度资金总额一行是{'、'.join(totals)}。"
            "原表如此，这里照录。")


def self_evaluation(project: Project) -> SelfEvaluation:
    execution = project.execution_row
    roots = [n for n in project.indicators if n is not execution]
    depth, rows = _rows(roots, project)
    goals = project.goals
    weight = sum((n.weight for n in project.indicators), ZERO)
    return SelfEvaluation(
        money=_money(project, execution),
        planned=goals.planned if goals else [], achieved=goals.achieved if goals else [],
        levels=[_level(i) for i in range(depth)], rows=rows,
        total_weight=fmt.number(weight) if project.indicators else fmt.EMPTY,
        total=fmt.two(project.total), grade=project.grade_shown,
        execution_note=execution.note if execution is not None else None,
        money_note=_money_note(project))


def _level(i: int) -> str:

    return level_name(i)
