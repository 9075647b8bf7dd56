"""评价方式: who scored a project. A self-evaluation (单位自评, 部门自评) and a third-party
evaluation (第三方评价) are different kinds of score, so pages name the method of every
project, call a form the 项目支出绩效自评表 only when it is one, and never average or rank
scores of different methods without saying so.

A project without ``method`` is 未注明 (never assumed to be one or the other).
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.core.model import ProjectHead

UNNAMED = "未注明"
SELF_METHODS = ("单位自评", "部门自评")
# the order methods are listed in on pages; a method outside it follows, by name
ORDER = ("第三方评价", "部门评价", "部门自评", "单位自评", UNNAMED)

SELF_FORM_TITLE = "项目支出绩效自评表"
TARGETS_TITLE = "绩效指标完成情况"  # the same targets and actuals from any other evaluation


def method_of(project: ProjectHead) -> str:
    return project.method or UNNAMED


def is_self_evaluation(project: ProjectHead) -> bool:
    return project.method in SELF_METHODS


def form_title(project: ProjectHead) -> str:
    """The title of the targets form: 自评表 only for a self-evaluation."""
    return SELF_FORM_TITLE if is_self_evaluation(project) else TARGETS_TITLE


def ordered(methods: Iterable[str]) -> list[str]:
    """Method names in page order."""
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(methods, key=lambda name: (rank.get(name, len(ORDER)), name))
