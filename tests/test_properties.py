"""Property-based: the checker never crashes, and totals are exact Decimal sums.

Everything goes through :func:`generator.content.process_file`, the real per-file pipeline
(load -> schema -> score -> check), on a file in a module-scoped temporary folder.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.discovery import process_file
from generator.content.report import project_record
from generator.core.fmt import round2
from generator.core.model import SiteConfig
from generator.core.problems import CODES
from tests.conftest import HEADER, SEEDS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
CONFIG = SiteConfig()
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((SEEDS / "projects").rglob("*.yml"))]


@pytest.fixture(scope="module")
def projects_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prop") / "content" / "projects"
    path.mkdir(parents=True)
    return path


def run(projects_dir: Path, data: bytes):
    """Check one file's bytes; return (project, problems) and assert the invariants."""
    path = projects_dir / "p.yml"
    path.write_bytes(data)
    project, problems = process_file(path, projects_dir, CONFIG)
    for problem in problems:
        assert problem.severity in ("error", "warning") and problem.code in CODES
        assert isinstance(problem.message, str) and problem.message
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1
    has_errors = any(p.is_error for p in problems)
    # a file is either a project or explained by at least one error, never silently dropped
    assert (project is None) == has_errors, [p.format() for p in problems]
    if project is not None:
        project_record(project)  # the JSON figures can be shown
    return project, problems


# --- random indicator trees -----------------------------------------------------------

def cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


@st.composite
def shapes(draw: st.DrawFn, depth: int) -> list | None:
    """None is a leaf; a list is an inner node with 1-4 children."""
    if depth == 1 or draw(st.booleans()):
        return None
    return [draw(shapes(depth - 1)) for _ in range(draw(st.integers(1, 4)))]


@st.composite
def trees(draw: st.DrawFn) -> tuple[str, list[Decimal]]:
    """YAML text of a valid project whose top-level weights sum to 100, and its leaf scores."""
    depth = draw(st.integers(1, 4))
    top = [draw(shapes(depth)) for _ in range(draw(st.integers(1, 5)))]
    if depth > 1 and all(node is None for node in top):
        top[0] = [None, None]

    def count(node: list | None) -> int:
        return 1 if node is None else sum(count(c) for c in node)

    n = sum(count(node) for node in top)
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=n - 1, max_size=n - 1,
                                unique=True)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 10000], strict=True)]  # cents, sum 100
    leaf_scores: list[Decimal] = []
    lines: list[str] = []
    flow = draw(st.booleans())

    def emit(node: list | None, indent: int, code: str) -> tuple[int, int]:
        pad = " " * indent
        if node is None:
            weight = weights[len(leaf_scores)]
            score = draw(st.integers(0, weight))
            leaf_scores.append(Decimal(cents(score)))
            if flow:
                lines.append(f"{pad}- {{code: {code}, name: 指标{code}, weight: {cents(weight)}, "
                             f"score: {cents(score)}}}")
            else:
                lines.extend([f"{pad}- code: {code}", f"{pad}  name: 指标{code}",
                              f"{pad}  weight: {cents(weight)}", f"{pad}  score: {cents(score)}"])
            return weight, score
        lines.extend([f"{pad}- code: {code}", f"{pad}  name: 指标{code}"])
        head = len(lines)
        lines.append(f"{pad}  children:")
        total_w = total_s = 0
        for i, child in enumerate(node, 1):
            w, s = emit(child, indent + 4, f"{code}.{i}")
            total_w += w
            total_s += s
        declared = []
        if draw(st.booleans()):
            declared.append(f"{pad}  weight: {cents(total_w)}")
        if draw(st.booleans()):
            declared.append(f"{pad}  score: {cents(total_s)}")
        lines[head:head] = declared
        return total_w, total_s

    lines.append("indicators:")
    total = 0
    for i, node in enumerate(top):
        total += emit(node, 2, "ABCDE"[i])[1]
    if draw(st.booleans()):
        lines.append(f"score: {cents(total)}")
    return HEADER + "\n".join(lines) + "\n", leaf_scores


@SETTINGS
@given(trees())
def test_random_trees_total_is_the_exact_sum_of_leaves(projects_dir: Path,
                                                       tree: tuple[str, list[Decimal]]) -> None:
    text, leaf_scores = tree
    project, problems = run(projects_dir, text.encode())
    assert problems == [], [p.format() for p in problems]
    assert project is not None
    expected = sum(leaf_scores, Decimal(0))
    assert project.total == expected
    assert sum((leaf.score for leaf in project.leaves()), Decimal(0)) == expected
    assert sum((node.weight for node in project.indicators), Decimal(0)) == 100
    assert project.grade == CONFIG.band_for(round2(expected)).label
    assert project_record(project)["total"] == f"{round2(expected):f}"


# --- random text and bytes ------------------------------------------------------------

TOKENS = [
    "name: ", "year: 2020", "department: ", "budget: ", "spent: ", "score: ", "grade: ",
    "indicators:", "children:", "code: A", "weight: ", "rule: ratio", "rule: tiers",
    "rule: deduct", "rule: level", "level: 基本达成", "target: ", "actual: ", "tiers: ",
    "deductions: ", "budget_execution", "lower_is_better: true", "floor: ", "budget_items:",
    "- ", "  ", "    ", "\n", "\t", "{", "}", "[", "]", ", ", ": ", ":", "&a ", "*a", "&b ",
    "*b", "!!str ", "!!binary ", "!x ", "? ", "|", ">", "'", '"', "#", "---", "...", "%",
    "1.5", "-3", "0", "100", "10.00", "1e3", "1.0e+999999999", "0x1F", "012", "1:30",
    ".inf", ".nan", "nan", "Infinity", "~", "null", "true", "no", "2018-06-01", "中文",
    "良好", "优", "98.09%", "\ufeff", "\x00", "\u2028", "\r\n", "\\", "<<: *a", "=",
]


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=60), st.booleans())
def test_random_yaml_ish_text_never_crashes(projects_dir: Path, tokens: list[str],
                                            with_header: bool) -> None:
    text = (HEADER if with_header else "") + "".join(tokens)
    run(projects_dir, text.encode("utf-8", "surrogatepass"))


KEYS = ["name", "year", "department", "authority", "series", "order", "evaluator", "method",
        "report_date", "budget", "spent", "score", "grade", "summary", "achievements",
        "problems", "recommendations", "rectification", "indicators", "budget_items", "code",
        "weight", "children", "rule", "target", "actual", "floor", "lower_is_better", "tiers",
        "deductions", "level", "unit", "note", "reason", "points", "budjet"]
VALUES = [
    "", "0", "-1", "1", "7", "8", "60", "99.995", "100", "100.01", "2017", "19.369", "1e3",
    "nan", "'Infinity'", "-inf", ".inf", "1.0e+999999999", "0.0e+99999999", "1.0e-99999999",
    "123456789012345678901234567890", "+" + "9" * 5000, "'98.09%'", "'1e30%'", "budget_execution",
    "ratio", "floor", "reverse", "threshold", "tiers", "deduct", "level", "ration", "基本达成",
    "良好", "优", "差", "true", "~", "[]", "{}", "[1, 2]", "[[100, 1.0], [80, 0.7], [0, 0]]",
    "[[80, 2], [90, 0.5], x]", "[{reason: 甲, points: 200}]", "[{points: nan}]", "2018-06",
    "2018-13-40", "第三方评价", "&a [1, 2]", "*a", "!!binary aGk=", "'文字'",
]


def flow(draw: st.DrawFn, depth: int) -> str:
    """A flow value: a scalar token, or (while depth lasts) a list of mappings or scalars."""
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(VALUES))
    if draw(st.booleans()):
        items = [flow(draw, depth - 1) for _ in range(draw(st.integers(0, 3)))]
    else:
        items = [mapping(draw, depth - 1) for _ in range(draw(st.integers(0, 3)))]
    return "[" + ", ".join(items) + "]"


def mapping(draw: st.DrawFn, depth: int) -> str:
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=6))
    return "{" + ", ".join(f"{key}: {flow(draw, depth)}" for key in keys) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A well-formed project mapping: schema keys, hostile values, nested indicator-ish lists."""
    base = {"name": "测试项目", "year": "2020", "department": "测试单位", "budget": "10.00"}
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=8))
    for key in keys:
        base[key] = flow(draw, 3)
    return "".join(f"{key}: {value}\n" for key, value in base.items())


@SETTINGS
@given(documents())
def test_random_documents_never_crash(projects_dir: Path, text: str) -> None:
    run(projects_dir, text.encode("utf-8"))


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_never_crashes(projects_dir: Path, text: str) -> None:
    run(projects_dir, text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(projects_dir: Path, data: bytes) -> None:
    run(projects_dir, data)


@SETTINGS
@given(st.sampled_from(SEED_TEXTS),
       st.lists(st.tuples(st.floats(0, 1), st.integers(0, 8), st.sampled_from(TOKENS)),
                min_size=1, max_size=4))
def test_mutated_seed_files_never_crash(projects_dir: Path, seed: str,
                                        edits: list[tuple[float, int, str]]) -> None:
    text = seed
    for where, cut, token in edits:
        at = int(where * len(text))
        text = text[:at] + token + text[at + cut:]
    run(projects_dir, text.encode("utf-8"))
