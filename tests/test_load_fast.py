"""The loader's flat event fold gives what the fold before it gave (tests/loader_reference.py):
the same values of the same types, the same marks of every map, key, value and item, and
the same problems (code, message, line, column), on every YAML file of the repository and
on texts hypothesis writes. Hypothesis runs many texts in one process, so the fold's memo of
plain scalars carries over between them as it does between a build's files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.loader import LoadError, Map, Seq, parse_text
from tests import loader_reference

REPO = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def shape(value: Any) -> Any:
    """Everything the fold gives of a value, with the type of every scalar."""
    if isinstance(value, Map):
        return ("map", value.mark, [(shape(key), value.key_marks[key], shape(item),
                                     value.value_marks[key]) for key, item in value.items()])
    if isinstance(value, Seq):
        return ("seq", value.mark, [(shape(item), mark)
                                    for item, mark in zip(value, value.item_marks, strict=True)])
    if isinstance(value, Decimal):
        return ("Decimal", value.as_tuple())  # 10.00 is not 10.0
    return (type(value).__name__, value)


def outcome(parse: Any, text: str) -> Any:
    """The fold's result (or its raised problem) and the problems it collected; and the
    problem it raises when it is not given a list to collect them in."""
    refused: list[LoadError] = []
    try:
        result = shape(parse(text, refused))
    except LoadError as error:
        result = ("raised", error.code, error.message, error.mark)
    collected = [(e.code, e.message, e.mark) for e in refused]
    try:
        alone = shape(parse(text))
    except LoadError as error:
        alone = ("raised", error.code, error.message, error.mark)
    return result, collected, alone


def same(text: str) -> None:
    assert outcome(parse_text, text) == outcome(loader_reference.parse_text, text)


def test_every_yaml_file_of_the_repository() -> None:
    files = [path for pattern in ("content/**/*.yml", "tests/data/**/*.yml",
                                  "tests/data/**/*.yaml")
             for path in sorted(REPO.glob(pattern))]
    assert len(files) > 40
    for path in files:
        same(path.read_text(encoding="utf-8"))


# Scalars that resolve to each YAML 1.1 type, and texts that only look like one.
SCALARS = st.sampled_from([
    "0", "7", "-0.50", "19.369", "10.00", "1_000", "0x1F", "0o17", "017", "0b101", "1:20",
    "1.5e3", "1e3", "+1", ".5", "-.inf", ".NaN", "9" * 5000, "yes", "No", "on", "OFF", "y",
    "~", "null", "Null", "", "2020-01-01", "2020-06", "<<", "=", "true", "文字", "name",
    "note", "target", "ratio", "nothing", "Yes please", "10.00万元", "≥85%", "a:b", "#x",
])
KEYS = st.sampled_from(["name", "code", "weight", "score", "note", "target", "1", "yes",
                        "~", "a", "指标", "1.0", "true"])


def documents() -> st.SearchStrategy[Any]:
    texts = st.one_of(SCALARS, st.text(max_size=12))
    return st.recursive(
        texts, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                       st.dictionaries(KEYS, inner, max_size=4)),
        max_leaves=25)


@SETTINGS
@given(documents(), st.booleans(), st.booleans())
def test_dumped_documents(data: Any, flow: bool, quoted: bool) -> None:
    """Documents as PyYAML writes them (strings that look like numbers are quoted then,
    unless ``quoted`` leaves every scalar plain), in block and flow style."""
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow,
                          default_style=None if quoted else "")
    same(text)


FRAGMENTS = st.sampled_from([
    ": ", "：", "- ", "\n", "\n  ", "\u3000", "\t", "&a ", "*a", "&b [1, 2]", "*b", "!!int ",
    "!!float ", "!!str ", "!x ", "! ", '"\\x1b"', '"\\e"', '"\\u202e"', "'it''s'", "|\n  a\n",
    ">\n  b\n", "\x85", "\x07", "\u2028", "---\n", "...\n", "{", "}", "[", "]", ", ", "? ",
    "a: 1\na: 2\n", "[[[[", "<<: *a\n", "#", "\ufeff",
])


@SETTINGS
@given(documents(), st.lists(st.tuples(st.integers(0, 10_000), FRAGMENTS), max_size=4))
def test_broken_documents(data: Any, edits: list[tuple[int, str]]) -> None:
    """Documents with YAML's significant pieces put in anywhere: anchors and aliases, tags,
    escapes that write control characters, raw control and line-separator characters,
    duplicate keys, more documents, unclosed brackets, a full-width colon or space."""
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)
    for at, piece in edits:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    same(text)


@SETTINGS
@given(st.text(alphabet="ab1.:-&*!|>{}[],'\"\\ \n\t#x~", max_size=60))
def test_any_text(text: str) -> None:
    same(text)
