"""Domain objects: what a project, its indicator tree and the site settings are.

Declared values (as written in a file) and derived ones (computed by :mod:`scoring`) are
kept apart, so a page can show the published figure and the checks can compare the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import Any, ClassVar

from generator.core.fmt import round2
from generator.core.heads import restore, shared, with_packed
from generator.core.whole import PROJECT, Staff, Task

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def category_rate_of(score: Decimal, weight: Decimal) -> Decimal | None:
    """得分率 of a top-level indicator, rounded to two decimals (90.00); none at weight 0."""
    return round2(score / weight * HUNDRED) if weight else None


@dataclass(frozen=True)
class Band:
    label: str
    min: Decimal
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


DEFAULT_BANDS = (
    Band("优", Decimal(90)),
    Band("良", Decimal(80), ("良好",)),
    Band("中", Decimal(60)),
    Band("差", Decimal(0)),
)
DEFAULT_LEVELS = {"基本达成": Decimal("1.0"), "部分实现": Decimal("0.7"),
                  "较低": Decimal("0.3"), "未实现": Decimal(0)}
DEFAULT_TITLE = "财政支出项目绩效评价结果公开"


@dataclass
class SiteConfig:
    title: str = DEFAULT_TITLE
    publisher: str = ""
    grades: tuple[Band, ...] = DEFAULT_BANDS
    levels: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    departments: dict[str, str] = field(default_factory=dict)  # authority -> URL slug
    license: str = ""  # the open-data licence: footer, datapackage.json
    base_url: str = ""  # the published address (http(s)://…/): feed and citation links

    def band_for(self, total: Decimal) -> Band:
        for band in self.grades:
            if total >= band.min:
                return band
        return self.grades[-1]

    def band_named(self, name: str) -> Band | None:
        for band in self.grades:
            if name in band.names():
                return band
        return None


@dataclass(frozen=True)
class Deduction:
    reason: str
    points: Decimal


EXECUTION = "budget_execution"  # `actual: budget_execution`: spent / budget × 100


@dataclass(frozen=True)
class Measured:
    """A rule that compares an actual with a target; ``actual`` is None when it is the
    project's 预算执行率 (``actual: budget_execution``)."""

    target: Decimal
    actual: Decimal | None

    @property
    def actual_is_execution(self) -> bool:
        return self.actual is None


@dataclass(frozen=True)
class Ratio(Measured):
    kind: ClassVar[str] = "ratio"


@dataclass(frozen=True)
class Floor(Measured):
    kind: ClassVar[str] = "floor"
    floor: Decimal = Decimal(60)


@dataclass(frozen=True)
class Reverse(Measured):
    kind: ClassVar[str] = "reverse"


@dataclass(frozen=True)
class Threshold(Measured):
    kind: ClassVar[str] = "threshold"
    lower_is_better: bool = False


@dataclass(frozen=True)
class Tiers:
    kind: ClassVar[str] = "tiers"
    actual: Decimal | None  # None: the 预算执行率
    tiers: tuple[tuple[Decimal, Decimal], ...]

    @property
    def actual_is_execution(self) -> bool:
        return self.actual is None


@dataclass(frozen=True)
class Deduct:
    kind: ClassVar[str] = "deduct"
    deductions: tuple[Deduction, ...]
    actual_is_execution: ClassVar[bool] = False


@dataclass(frozen=True)
class Level:
    kind: ClassVar[str] = "level"
    level: str
    actual_is_execution: ClassVar[bool] = False


Rule = Ratio | Floor | Reverse | Threshold | Tiers | Deduct | Level
RULE_KINDS = tuple(cls.kind for cls in (Ratio, Floor, Reverse, Threshold, Tiers, Deduct, Level))

# A comparator target's operator -> the standard rule it is scored by (财预〔2020〕10号 art. 16)
STANDARD_RULES = {"≥": "ratio", ">": "ratio", "≤": "reverse", "<": "reverse", "=": "threshold"}


@dataclass(frozen=True)
class Comparison:
    """A 年度指标值 written with a comparator (``≥85%``, ``≤90万元``, ``=100%``): the operator
    (normalised to one of ≥ ≤ = > <), the number, and the unit written with it (if any)."""

    op: str
    value: Decimal
    unit: str | None = None

    def __str__(self) -> str:
        return f"{self.op}{self.value:f}"

    @property
    def lower_is_better(self) -> bool:
        return self.op in ("≤", "<")

    def met_by(self, actual: Decimal) -> bool:
        return {"≥": actual >= self.value, ">": actual > self.value, "≤": actual <= self.value,
                "<": actual < self.value}.get(self.op, actual == self.value)


Value = Decimal | Comparison | str  # a 年度指标值 or 实际完成值: number, comparator or text


@dataclass
class Indicator:
    name: str
    line: int
    column: int = 1
    code: str | None = None
    weight_declared: Decimal | None = None
    score_declared: Decimal | None = None
    rule: Rule | None = None
    target: Value | None = None  # shown as 年度指标值
    actual: Value | None = None  # shown as 实际完成值 ("budget_execution": the 执行率)
    unit: str | None = None
    note: str | None = None
    children: list[Indicator] = field(default_factory=list)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)
    # derived by scoring
    weight: Decimal = ZERO
    score: Decimal = ZERO
    rule_score: Decimal | None = None
    standard_score: Decimal | None = None  # by the comparator of the target, when no rule

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score

    @property
    def rate(self) -> Decimal | None:
        return self.score / self.weight * HUNDRED if self.weight else None

    @property
    def category_rate(self) -> Decimal | None:
        """得分率 of a top-level node, rounded to two decimals (90.00)."""
        return category_rate_of(self.score, self.weight)

    def walk(self) -> Iterator[Indicator]:
        return _walk([self])

    def leaves(self) -> Iterator[Indicator]:
        return (node for node in self.walk() if node.is_leaf)

    def depth(self) -> int:
        """The levels from this node down, a level at a time (not a generator per node)."""
        levels, nodes = 1, self.children
        while nodes:
            levels += 1
            nodes = [child for node in nodes for child in node.children]
        return levels

    def mark(self, key: str) -> tuple[int, int]:
        return self.marks.get(key, (self.line, self.column))

    def __getstate__(self) -> dict[str, Any]:
        """Without the fields holding their default itself (the class gives it back): a
        build unpickles every project twice (10k, one process: 1.57 → 1.27 s, 108 → 99 MB)."""
        return {key: value for key, value in self.__dict__.items()
                if value is not _INDICATOR_DEFAULTS.get(key, _ABSENT)}


def _walk(stack: list[Indicator]) -> Iterator[Indicator]:
    """Each node before its children (``stack``: a new list, first node last); one generator."""
    while stack:
        yield (node := stack.pop())
        stack.extend(reversed(node.children))


_ABSENT = object()  # no default: Indicator.__getstate__ keeps the field (children, marks)
_INDICATOR_DEFAULTS = {f.name: f.default for f in fields(Indicator) if f.default is not MISSING}


RECTIFICATION_STATUSES = ("已整改", "整改中", "未整改")
REPORTED = "已填报"  # a rectification item given as plain text: reported, status not stated


@dataclass(frozen=True, slots=True)
class Rectification:
    """One 整改情况 item: plain text (status 已填报) or ``{text, status, date}``."""

    text: str
    status: str = REPORTED  # 已整改 | 整改中 | 未整改 | 已填报
    date: str | None = None  # YYYY-MM or YYYY-MM-DD

    def __getstate__(self) -> tuple[str, str, str | None]:
        return self.text, self.status, self.date

    def __setstate__(self, state: tuple[str, str, str | None]) -> None:
        """Slots, not a dictionary, and one status object for all (a build holds every
        project's items with their heads; see ProjectHead.__setstate__)."""
        text, status, date = state
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "status", shared(status))
        object.__setattr__(self, "date", date)


@dataclass
class BudgetItem:
    name: str
    budget: Decimal
    spent: Decimal | None
    line: int


@dataclass
class Goals:
    """年度总体目标 of the 自评表: 预期目标 and 实际完成情况, each a list of paragraphs."""

    planned: list[str] = field(default_factory=list)
    achieved: list[str] = field(default_factory=list)


@dataclass
class FundingSource:
    """One 其中 row of the 项目资金 block (本年财政拨款, 上年结转资金, 其他资金 …)."""

    name: str
    initial: Decimal | None = None  # 年初预算数
    budget: Decimal | None = None  # 全年预算数
    spent: Decimal | None = None  # 全年执行数
    line: int = 0
    # (line, column) of each key's value, so a sum that does not add up names its figures
    marks: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    group: str | None = None  # 部门整体: the split it is in (按收入性质 / 按支出性质)

    @property
    def execution_rate(self) -> Decimal | None:
        if self.spent is None or not self.budget:
            return None
        return self.spent / self.budget * HUNDRED


@dataclass
class Funding:
    """项目资金（万元）: 年初预算数 and the sources; 全年预算数/执行数 are the project's."""

    initial: Decimal | None = None
    sources: list[FundingSource] = field(default_factory=list)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)


@with_packed  # the check cache keeps its texts packed until read
@dataclass
class ProjectHead:
    """What lists, summaries and the 信息表 show of a project: everything but its indicator
    tree and the 自评表's blocks, with the few figures derived from those.

    A build holds every project's head and loads the whole :class:`Project` one at a time
    (from the check cache) where a page or a download needs it, so memory does not grow
    with the indicator trees of all projects."""

    id: str  # path under content/projects without .yml, e.g. "2017/video-conference"
    file: str  # as shown in messages
    name: str
    year: int
    department: str
    authority: str
    budget: Decimal | None  # None only for a 部门整体 result published without its money
    spent: Decimal | None = None
    series: str | None = None
    order: int | None = None
    evaluator: str | None = None
    method: str | None = None
    report_date: str | None = None
    score_declared: Decimal | None = None
    grade_declared: str | None = None
    summary: str | None = None
    achievements: list[str] = field(default_factory=list)
    problems_found: list[str] = field(default_factory=list)  # 存在问题 (YAML key `problems`)
    recommendations: list[str] = field(default_factory=list)
    rectification: list[str] = field(default_factory=list)  # the items' texts
    # the same items with their status (plain text: 已填报); empty when none are given
    rectification_items: list[Rectification] = field(default_factory=list)
    # what else the 自评表 printed (项目负责人, 联系电话 …): its label -> its text, in order
    other_fields: dict[str, str] = field(default_factory=dict)
    kind: str = PROJECT  # 评价对象: 项目 | 部门整体 (a department's whole expenditure)
    line: int = 1
    marks: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)
    # derived by scoring; None for a result published with a grade only (no score, no tree),
    # which lists show as published and every score statistic leaves out
    total: Decimal | None = ZERO
    grade: str = ""  # the band's label (优/良/中/差), or the published grade of a grade-only result
    # kept from the whole project (see :meth:`Project.head`)
    head_tops: tuple[tuple[str, Decimal, Decimal], ...] = field(default=(), repr=False)
    head_self_evaluated: bool = field(default=False, repr=False)
    # each problem's themes, classified with the check (in its worker processes, and kept
    # with the checked result); see :func:`generator.core.themes.problem_themes`
    problem_themes: tuple[tuple[str, ...], ...] = field(default=(), repr=False, compare=False)

    @property
    def scored(self) -> bool:
        """Whether the result has a score (all but those published with a grade only)."""
        return self.total is not None

    @property
    def grade_shown(self) -> str:
        """The grade as the 信息表 shows it: as published when given, else the band."""
        return self.grade_declared or self.grade

    @property
    def execution_rate(self) -> Decimal | None:
        if self.spent is None or not self.budget:
            return None
        return self.spent / self.budget * HUNDRED

    def mark(self, key: str) -> tuple[int, int]:
        return self.marks.get(key, (self.line, 1))

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled (a build holds every project's head, from the check cache): the values
        many projects repeat are one object each, not one per project."""
        for key in SHARED_FIELDS:
            state[key] = shared(state[key])
        state["head_tops"] = tuple((shared(name), shared(score), shared(weight))
                                   for name, score, weight in state["head_tops"])
        restore(self, state)

    def rates(self) -> list[tuple[str, Decimal]]:
        """得分率 of each top-level indicator that has one (weight above zero), by name,
        from the (name, score, weight) the head keeps."""
        return [(name, rate) for name, score, weight in self.tops()
                if (rate := category_rate_of(score, weight)) is not None]

    def tops(self) -> tuple[tuple[str, Decimal, Decimal], ...]:
        """(name, score, weight) of each top-level indicator."""
        return self.head_tops

    @property
    def has_self_evaluation(self) -> bool:
        """Whether the page shows the 项目支出绩效自评表."""
        return self.head_self_evaluated


HEAD_MARKS = ("name",)  # the positions the checks across projects name
SHARED_FIELDS = ("department", "authority", "evaluator", "method", "report_date",
                 "score_declared", "grade_declared", "total", "grade", "kind")


@dataclass
class Project(ProjectHead):
    indicators: list[Indicator] = field(default_factory=list)
    budget_items: list[BudgetItem] = field(default_factory=list)
    goals: Goals | None = None
    funding: Funding | None = None
    tasks: list[Task] = field(default_factory=list)  # 部门整体: 年度主要任务
    staff: Staff | None = None  # 部门整体: 人员编制 / 实有人数

    def head(self) -> ProjectHead:
        """This project without its indicator tree and 自评表 blocks (see ProjectHead)."""
        values = {f.name: getattr(self, f.name) for f in fields(ProjectHead)}
        values["marks"] = {k: v for k, v in self.marks.items() if k in HEAD_MARKS}
        values.update(head_tops=self.tops(), head_self_evaluated=self.has_self_evaluation)
        return ProjectHead(**values)

    def tops(self) -> tuple[tuple[str, Decimal, Decimal], ...]:
        return tuple((node.name, node.score, node.weight) for node in self.indicators)

    def leaves(self) -> Iterator[Indicator]:
        return (node for node in self.walk() if node.is_leaf)

    def walk(self) -> Iterator[Indicator]:
        return _walk(self.indicators[::-1])

    @property
    def execution_row(self) -> Indicator | None:
        """The 预算执行 row of the 自评表: the top-level leaf whose actual is the 执行率."""
        for node in self.indicators:
            if node.is_leaf and node.actual == EXECUTION:
                return node
        return None

    @property
    def has_self_evaluation(self) -> bool:
        return self.goals is not None or self.funding is not None or any(
            leaf.target is not None for leaf in self.leaves())
