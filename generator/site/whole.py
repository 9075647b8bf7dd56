"""A 部门整体支出绩效评价 result on the site: its own page's form, and the figures the
部门公开, department and year pages show of it.

The form is the 部门整体支出绩效自评表 as departments publish it: 部门（单位）名称 and
人员编制, 年度主要任务 (任务名称, 主要内容, 预算数, 执行数), 年度资金总额 with its rows split
按收入性质 and 按支出性质, 年度总体目标 (预期 / 实际), 年度绩效指标 (一级 / 二级 / 三级 …,
年度指标值, 实际完成值, 分值, 得分, 偏差原因) and 总分. A published 得分表 (no 指标值, no money
block) keeps only its columns; a result that published only its score has no form, and its
page says so. The indicator rows and the 年度资金总额 row (the 预算执行 row's 分值 and 得分)
are the project 自评表's (:mod:`generator.site.selfeval`), so the two forms cannot drift.

Scores of 部门整体 results are never counted with the projects' (SPEC §3): the summaries
here (:func:`whole_summary`) count and grade them on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core import fmt
from generator.core.methods import method_of
from generator.core.model import Project, ProjectHead, SiteConfig
from generator.core.whole import Task
from generator.site.context import Group
from generator.site.selfeval import FormRow, MoneyRow, self_evaluation

SELF_TITLE = "部门整体支出绩效自评表"
SCORE_TITLE = "部门整体支出绩效评价得分表"
UNGROUPED = "其中"  # sources without a split: listed as the form's 其中 rows


@dataclass
class TaskRow:
    name: str
    content: str | None
    budget: str
    spent: str


@dataclass
class MoneyGroup:
    """The rows of one split of 年度资金总额 (按收入性质, 按支出性质)."""

    name: str
    rows: list[MoneyRow]


@dataclass
class WholeForm:
    title: str
    tasks: list[TaskRow]
    total_row: MoneyRow | None  # 年度资金总额, when the money was published
    groups: list[MoneyGroup]
    planned: list[str]
    achieved: list[str]
    levels: list[str]
    rows: list[FormRow]
    values: bool  # the rows have 年度指标值 / 实际完成值 (a 自评表), not only 分值 / 得分
    notes: bool  # some row has a 偏差原因 or a note on its score
    total_weight: str
    total: str
    grade: str
    execution_note: str | None = None

    @property
    def split_rows(self) -> int:
        """Rows of the splits under 年度资金总额: each split's heading and its rows."""
        return sum(len(g.rows) + 1 for g in self.groups)


def _task(task: Task) -> TaskRow:
    return TaskRow(task.name, task.content, fmt.money(task.budget), fmt.money(task.spent))


def _groups(result: Project) -> list[MoneyGroup]:
    groups: dict[str, list[MoneyRow]] = {}
    for source in result.funding.sources if result.funding is not None else []:
        groups.setdefault(source.group or UNGROUPED, []).append(MoneyRow(
            source.name, fmt.money(source.initial), fmt.money(source.budget),
            fmt.money(source.spent), fmt.EMPTY, fmt.percent(source.execution_rate),
            fmt.EMPTY))
    return [MoneyGroup(name, rows) for name, rows in groups.items()]


def whole_form(result: Project) -> WholeForm | None:
    """The form of a 部门整体 result, or None when it published only its score (or grade)."""
    has_money = result.budget is not None or result.funding is not None
    if not (result.indicators or result.tasks or has_money or result.goals):
        return None
    form = self_evaluation(result)
    total_row = form.money[0] if has_money else None  # 年度资金总额
    values = any(r.target != fmt.EMPTY or r.actual != fmt.EMPTY for r in form.rows)
    self_form = values or bool(result.tasks) or has_money or result.goals is not None
    return WholeForm(
        title=SELF_TITLE if self_form else SCORE_TITLE,
        tasks=[_task(t) for t in result.tasks], total_row=total_row, groups=_groups(result),
        planned=form.planned, achieved=form.achieved, levels=form.levels, rows=form.rows,
        values=values, notes=any(r.note or r.flags for r in form.rows),
        total_weight=form.total_weight, total=form.total, grade=form.grade,
        execution_note=form.execution_note)


def whole_summary(results: list[ProjectHead], config: SiteConfig) -> Group:
    """部门整体 results of a year (or of one authority over the years, or of one 评价方式 in a
    year) on their own: how many, their average score (of those with one) and how many per
    grade, counted as a :class:`Group` of projects counts them (one way to count, average
    and grade a group), never in one with projects (SPEC §3). Their texts are not read:
    no 得分率, problem or rectification figure of a 部门整体 result is shown; ``projects``
    holds the results."""
    group = Group.of(config)
    for result in results:
        group.add(result, rates=[], statuses=[], sources=[], lacking=False)
    return group


def by_method(year_wholes: dict[int, list[ProjectHead]], config: SiteConfig
              ) -> list[tuple[int, str, Group]]:
    """(year, 评价方式, its results) oldest year first, as the trends page lists them: an
    average per method only, since a 单位自评's score and a 第三方评价's are not comparable
    and one average across methods would hide which it is."""
    rows: list[tuple[int, str, Group]] = []
    for year in sorted(year_wholes):
        methods: dict[str, list[ProjectHead]] = {}
        for result in year_wholes[year]:
            methods.setdefault(method_of(result), []).append(result)
        rows += [(year, method, whole_summary(results, config))
                 for method, results in sorted(methods.items())]
    return rows
