"""Scoring: the seven leaf rules, roll-ups, totals, rates and grade bands.

Pure functions on ``Decimal``. A rule's result is rounded half-up to two decimals
(财预〔2020〕10号 scores are published to the cent); sums are exact. The checks module
compares these derived figures with what a file declares.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from generator.core.fmt import round2
from generator.core.model import (
    EXECUTION,
    HUNDRED,
    STANDARD_RULES,
    ZERO,
    Comparison,
    Deduct,
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

ONE = Decimal(1)


def ratio(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    """Full marks when the target is met, else in proportion (财预〔2020〕10号 art. 16)."""
    return round2(weight * min(actual / target, ONE))


def floor_rule(weight: Decimal, target: Decimal, actual: Decimal,
               floor: Decimal = Decimal(60)) -> Decimal:
    """Nothing below the floor rate, then linear up to full marks (财预〔2021〕101号)."""
    rate = min(actual / target, ONE) * HUNDRED
    if rate < floor:
        return ZERO.quantize(Decimal("0.01"))
    return round2(weight * (rate - floor) / (HUNDRED - floor))


def reverse(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    """Lower is better: full marks up to the target, nothing from twice the target."""
    if target == 0:
        return round2(weight if actual <= 0 else ZERO)
    if actual <= target:
        return round2(weight)
    if actual < 2 * target:
        return round2(weight * (ONE - (actual - target) / target))
    return round2(ZERO)


def threshold(weight: Decimal, target: Decimal, actual: Decimal,
              lower_is_better: bool = False) -> Decimal:
    met = actual <= target if lower_is_better else actual >= target
    return round2(weight if met else ZERO)


def tiers(weight: Decimal, actual: Decimal, bands: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    for bound, fraction in bands:
        if actual >= bound:
            return round2(weight * fraction)
    return round2(ZERO)


def deduct(weight: Decimal, points: list[Decimal]) -> Decimal:
    return round2(max(ZERO, weight - sum(points, ZERO)))


def level(weight: Decimal, fraction: Decimal) -> Decimal:
    return round2(weight * fraction)


def execution_rate(budget: Decimal | None, spent: Decimal) -> Decimal | None:
    """预算执行率 in percent units, exact (round for display with :func:`fmt.two`); None
    when the budget is not positive (that is reported as a budget error, never divided) or
    not published (a 部门整体 result known by its score only)."""
    if budget is None or budget <= 0:
        return None
    return spent / budget * HUNDRED


def apply_rule(rule: Rule, weight: Decimal, project: Project, config: SiteConfig) -> Decimal:
    """The score a rule gives; ``actual: budget_execution`` reads the project's figures."""
    match rule:
        case Deduct():
            return deduct(weight, [d.points for d in rule.deductions])
        case Level():
            return level(weight, config.levels[rule.level])
    actual = rule.actual if rule.actual is not None else _execution(project)
    match rule:
        case Ratio():
            return ratio(weight, rule.target, actual)
        case Floor():
            return floor_rule(weight, rule.target, actual, rule.floor)
        case Reverse():
            return reverse(weight, rule.target, actual)
        case Threshold():
            return threshold(weight, rule.target, actual, rule.lower_is_better)
        case Tiers():
            return tiers(weight, actual, rule.tiers)


def by_comparison(weight: Decimal, target: Comparison, actual: Decimal) -> Decimal:
    """The standard rule of a comparator target (财预〔2020〕10号 art. 16): ``≥``/``>`` as
    ``ratio`` (a target <= 0 is met or not, as ``threshold``), ``≤``/``<`` as ``reverse``,
    ``=`` as ``threshold``: full marks when the actual equals the target, else 0."""
    kind = STANDARD_RULES[target.op]
    if kind == "ratio":
        if target.value <= 0:
            return round2(weight if target.met_by(actual) else ZERO)
        return ratio(weight, target.value, actual)
    if kind == "reverse":
        return reverse(weight, target.value, actual)
    return round2(weight if target.met_by(actual) else ZERO)


def standard_target(node: Indicator) -> Comparison | None:
    """The comparison a leaf without a rule is scored by, if any: its comparator target, or
    for the 预算执行率 row a plain target (100 when none) read as ``≥``."""
    if node.rule is not None or node.children:
        return None
    if isinstance(node.target, Comparison):
        return node.target
    if node.actual == EXECUTION:
        value = node.target if isinstance(node.target, Decimal) and node.target > 0 else HUNDRED
        return Comparison("≥", value)
    return None


def measured_actual(node: Indicator, project: Project, shown: bool = False) -> Decimal | None:
    """A leaf's numeric 实际完成值 (the 执行率 for ``budget_execution``; ``shown``: rounded as
    the page shows it), or None for a text or missing actual."""
    if node.actual == EXECUTION:
        if project.spent is None:
            return None
        rate = execution_rate(project.budget, project.spent)
        return round2(rate) if shown and rate is not None else rate
    if isinstance(node.actual, Decimal):
        return node.actual
    return None


def standard_score(node: Indicator, project: Project) -> Decimal | None:
    target = standard_target(node)
    actual = measured_actual(node, project)
    if target is None or actual is None:
        return None
    return by_comparison(node.weight, target, actual)


def missed(node: Indicator, project: Project) -> bool:
    """Whether a leaf's 实际完成值 misses its 年度指标值 (text targets are never judged)."""
    if node.children:
        return False
    actual = measured_actual(node, project, shown=True)
    if actual is None:
        return False
    target = standard_target(node)
    if target is not None:
        return not target.met_by(actual)
    value = node.target.value if isinstance(node.target, Comparison) else node.target
    if not isinstance(value, Decimal):
        return False
    lower = isinstance(node.rule, Reverse) or (
        isinstance(node.rule, Threshold) and node.rule.lower_is_better) or (
        isinstance(node.target, Comparison) and node.target.lower_is_better)
    if isinstance(node.target, Comparison):
        return not node.target.met_by(actual)
    if isinstance(node.rule, (Ratio, Floor, Reverse, Threshold)):
        return actual > value if lower else actual < value
    return False  # a plain number without a rule: which way is better is not written


def _execution(project: Project) -> Decimal:
    if project.spent is None:
        raise ValueError("actual: budget_execution 需要项目填写 spent（实际支出）")
    rate = execution_rate(project.budget, project.spent)
    if rate is None:
        raise ValueError("actual: budget_execution 需要大于 0 的 budget（预算金额）")
    return rate


def roll_up(node: Indicator, project: Project, config: SiteConfig) -> None:
    """Fill ``weight``/``score`` bottom-up: leaves from their published score or rule."""
    if node.children:
        for child in node.children:
            roll_up(child, project, config)
        node.weight = node.weight_declared if node.weight_declared is not None else \
            sum((c.weight for c in node.children), ZERO)
        node.score = sum((c.score for c in node.children), ZERO)
        return
    node.weight = node.weight_declared if node.weight_declared is not None else ZERO
    if node.rule is not None:
        try:
            node.rule_score = apply_rule(node.rule, node.weight, project, config)
        except (ValueError, ArithmeticError):
            node.rule_score = None
    try:
        node.standard_score = standard_score(node, project)
    except ArithmeticError:
        node.standard_score = None
    if node.score_declared is not None:
        node.score = node.score_declared
    elif node.rule_score is not None:
        node.score = node.rule_score
    elif node.standard_score is not None:
        node.score = node.standard_score


def score_project(project: Project, config: SiteConfig) -> None:
    """Derive the total and the grade band of one project."""
    for node in project.indicators:
        roll_up(node, project, config)
    if project.indicators:
        project.total = sum((n.score for n in project.indicators), ZERO)
    elif project.score_declared is not None:
        project.total = project.score_declared
    else:  # published with a grade only: the grade as published, no score to band
        project.total = None
        band = config.band_named(project.grade_declared or "")
        project.grade = band.label if band is not None else project.grade_declared or ""
        return
    project.grade = config.band_for(round2(project.total)).label


def category_rate(node: Indicator) -> Decimal | None:
    """得分率 of a top-level node, rounded to two decimals (90.00)."""
    return node.category_rate
