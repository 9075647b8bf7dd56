"""A group's figures made from its parts' (generator.site.merged) are the figures its
projects give one by one: the same values, digits, order of labels and lists.

Made otherwise, a page over all years or of an authority would show another figure, or its
labels in another order, than a clean build of the same content; and where a sum could not
be exact, or the parts are not the group's projects in order, the group sums its projects.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.discovery import read_content
from generator.core.model import SiteConfig
from generator.site.context import FIGURES, Group, RateSum, build_context, project_facts
from generator.site.merged import merged_figures
from tests.conftest import SEEDS


def summed(config: SiteConfig, projects: list[Any], facts: Any) -> dict[str, Any]:
    group = Group.of(config)
    for project in projects:
        group.add(project, *facts(project))
    return {figure: group.__dict__[figure] for figure in FIGURES}


def shown(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every figure as text, dicts in their order, projects by identity."""
    out: list[tuple[str, Any]] = []
    for name in FIGURES:
        value = figures[name]
        if name == "without_rectification":
            value = [id(p) for p in value]
        elif isinstance(value, dict):
            value = [(k, (str(v.total), v.count) if isinstance(v, RateSum) else str(v))
                     for k, v in value.items()]
        elif isinstance(value, list):
            value = list(map(str, value))
        else:
            value = str(value)
        out.append((name, value))
    return out


def test_every_seed_group_equals_its_projects_summed() -> None:
    content = read_content(SEEDS)
    site = build_context(content)
    groups = [("all", site.all), *((f"year {y}", g) for y, g in site.years.items()),
              *((f"authority {a}", g) for a, g in site.authorities.items())]
    made_of = {label: group.__dict__["_later"][3] for label, group in groups}
    merged = 0
    for label, group in groups:
        parts = made_of[label]
        assert parts, label  # every one of these is made of parts
        made = merged_figures(Group.of(content.config).__dict__, parts, group.projects)
        assert made is not None, label
        merged += 1
        assert shown(made) == shown(summed(content.config, group.projects, project_facts)), \
            label
        assert shown({f: getattr(group, f) for f in FIGURES}) == shown(made), label
    assert merged == 1 + len(site.years) + len(site.authorities)


def _project(budget: str, total: str | None, grade: str, method: str | None) -> Any:
    return SimpleNamespace(budget=Decimal(budget), spent=None, grade=grade, method=method,
                           total=None if total is None else Decimal(total))


PROJECT = st.builds(
    lambda budget, total, grade, method, rates, lacking: (
        _project(budget, total, grade, method), rates, lacking),
    st.sampled_from(["12.345", "0.5", "1000", "7.1000", "99999.999"]),
    st.one_of(st.none(), st.sampled_from(["59.99", "60", "85.5", "90.00", "100"])),
    st.sampled_from(["优", "良", "中", "差", "合格", "较好"]),  # the last two: not configured
    st.sampled_from([None, "第三方评价", "单位自评", "财政评价"]),
    st.lists(st.tuples(st.sampled_from(["决策", "过程", "产出", "效益"]),
                       st.sampled_from([Decimal("90.00"), Decimal("75.5"), Decimal(100)])),
             max_size=4, unique_by=lambda r: r[0]),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(PROJECT, max_size=6), min_size=1, max_size=5))
def test_parts_give_what_their_projects_give(runs: list[list[Any]]) -> None:
    config = SiteConfig()
    facts = {id(p): (rates, ["已整改"] * len(rates), [None], lacking)
             for run in runs for p, rates, lacking in run}

    def fact(project: Any) -> Any:
        return facts[id(project)]

    parts = []
    for run in runs:
        part = Group.of(config)
        for project, *_ in run:
            part.add(project, *fact(project))
        parts.append(part)
    projects = [p for run in runs for p, *_ in run]
    made = merged_figures(Group.of(config).__dict__, parts, projects)
    assert made is not None
    assert shown(made) == shown(summed(config, projects, fact))
    for part in parts:  # no part's sums are shared with the group's
        assert all(rate is not mine for rate in part.indicator_rates.values()
                   for mine in made["indicator_rates"].values())


def test_parts_out_of_order_or_inexact_are_not_merged() -> None:
    config = SiteConfig()
    first, second = Group.of(config), Group.of(config)
    a, b = _project("1", "90", "优", None), _project("2", "80", "良", None)
    first.add(a, [], [], [], False)
    second.add(b, [], [], [], False)
    assert merged_figures(Group.of(config).__dict__, [second, first], [a, b]) is None
    assert merged_figures(Group.of(config).__dict__, [first], [a, b]) is None
    # 28 digits in one part: the group's sum would be rounded, so it is summed instead
    big = Group.of(config)
    big.add(_project("12345678901234567890123456.78", "90", "优", None), [], [], [], False)
    assert merged_figures(Group.of(config).__dict__, [big, first],
                          [*big.projects, a]) is None
    # and a sum that would round only once the parts are added
    near = [Group.of(config) for _ in range(2)]
    for group, budget in zip(near, ["100000000000000000000", "0.000000001"], strict=True):
        group.add(_project(budget, "90", "优", None), [], [], [], False)
    assert merged_figures(Group.of(config).__dict__, near,
                          [p for g in near for p in g.projects]) is None
