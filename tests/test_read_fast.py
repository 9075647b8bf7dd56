"""Reading a project file with the reader's shortcuts gives what reading it without them gave
(tests/read_reference.py): the same project, indicator tree, scores and marks, and the same
problems in the same order (code, severity, file, line, column, message), on every project
file of the repository, on synthetic ones and on files hypothesis writes: unknown and
misspelt keys, placeholders, empty and wrong values, units, comparators, every rule and its
inputs, nested and empty children.

The shortcuts: a field table read for the keys given and required only (an indicator gives
4 of 14), no rule read when none is given and nothing would be reported, no units split when
there is no target or actual, and the indicator tree walked by one generator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import project as project_module
from generator.content.loader import LoadError, parse_text
from generator.content.project import INDICATOR_FIELDS, PROJECT_FIELDS, read_project, split_units
from generator.content.reader import Reader
from generator.content.rules import read_rule_fully
from generator.content.site_config import read_site
from generator.core.checks import check_project
from generator.core.model import Indicator, Project
from generator.core.problems import Problems
from generator.core.scoring import score_project
from tests import read_reference
from tests.bench.synth import write_content
from tests.conftest import DEFAULT_SITE, dedent

REPO = Path(__file__).resolve().parent.parent
CONFIG = read_site(parse_text(dedent(DEFAULT_SITE)), Problems("site.yml"))
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))


@contextmanager
def without_shortcuts() -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setattr(Reader, "__init__", read_reference.reader_init)
    mp.setattr(project_module, "read_rule", read_rule_fully)
    mp.setattr(project_module, "_units", lambda reader, where: split_units(reader))
    mp.setattr(Indicator, "walk", read_reference.indicator_walk)
    mp.setattr(Project, "walk", read_reference.project_walk)
    mp.setattr(Project, "leaves", read_reference.project_leaves)
    try:
        yield
    finally:
        mp.undo()


def outcome(text: str) -> Any:
    """The file read, scored and checked: the project (with its tree and marks) and the
    problems, in the order they were found."""
    problems = Problems("p.yml")
    try:
        data = parse_text(text)
    except LoadError as error:
        return ("unreadable", error.code)
    project = read_project(data, "p", "p.yml", problems, CONFIG)
    if project is not None:
        score_project(project, CONFIG)
        check_project(project, CONFIG, problems)
        tree = [(node.marks, node.weight, node.score, node.rule_score, node.standard_score)
                for node in project.walk()]
        shown = (project, project.marks, tree, project.total, project.grade)
    else:
        shown = None
    return shown, [(p.code, p.severity, str(p.where), p.message) for p in problems]


def same(text: str) -> None:
    fast = outcome(text)
    with without_shortcuts():
        slow = outcome(text)
    assert fast == slow


def test_every_project_file_of_the_repository_and_synthetic_ones(tmp_path: Path) -> None:
    write_content(tmp_path, 60)
    files = [path for folder in (REPO / "content" / "projects", REPO / "tests" / "data",
                                 tmp_path / "projects")
             for path in sorted(folder.glob("**/*.yml")) if path.name != "site.yml"]
    assert len(files) > 100
    for path in files:
        same(path.read_text(encoding="utf-8"))


VALUES = st.sampled_from([
    None, "", " ", "待填写", "文字", 0, 1, 5, 7, 10, 20, 30, 100, 120, -3, 2.5, 0.7, "85%",
    "98.09％", "≥85%", "＞0", "≤90万元", "=1", "100次以上", "9月前", "次", "%", "万元",
    "10.00万元", "12000元", "1,234.50", "１２", "3。5", True, False, "budget_execution",
    "ratio", "floor", "reverse", "threshold", "tiers", "deduct", "level", "rati0",
    "基本达成", "部分实现", "基本完成", "2020-06", "2020-13", [[80, 0.7], [0, 0]],
    [[0, 1], [80, 0.5]], [[80, 2]], [], [{"reason": "迟报", "points": 1}], [{"points": 1}],
    {"a": 1}, "1e40", 1e-20,
])
INDICATOR_KEYS = st.sampled_from([*INDICATOR_FIELDS, "nmae", "wieght", "scroe", "kind"])
PROJECT_KEYS = st.sampled_from([*PROJECT_FIELDS, "kind", "tasks", "staff", "nmae"])


def indicators() -> st.SearchStrategy[Any]:
    leaf = st.dictionaries(INDICATOR_KEYS, VALUES, max_size=6).map(
        lambda d: {"name": "指标", "weight": 10, **d})
    return st.recursive(
        st.lists(leaf, max_size=3),
        lambda inner: st.lists(
            st.tuples(st.dictionaries(INDICATOR_KEYS, VALUES, max_size=4), inner).map(
                lambda pair: {"name": "上级", **pair[0], "children": pair[1]}),
            max_size=3),
        max_leaves=10)


@SETTINGS
@given(st.dictionaries(PROJECT_KEYS, VALUES, max_size=5), indicators(), st.booleans())
def test_written_files(top: dict[str, Any], tree: list[Any], with_tree: bool) -> None:
    data: dict[str, Any] = {"name": "项目", "year": 2020, "department": "单位",
                            "budget": 10, "spent": 8, **top}
    if with_tree:
        data["indicators"] = tree
    same(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
