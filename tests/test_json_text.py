"""generator/base/json_text.py: orjson and the json module write the same text for what the
site writes (chart options with sorted keys, the download records), so a machine without
orjson's wheel builds the same site."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.base import json_text

# text as content gives it: any character but a lone surrogate (UTF-8 files have none)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
# the floats the site writes: two decimals (scores, rates) or an amount as written
FLOATS = st.one_of(
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e9"), places=2,
                allow_nan=False, allow_infinity=False).map(float),
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1e9"), places=4,
                allow_nan=False, allow_infinity=False).map(float))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), FLOATS, TEXT)
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(TEXT, inner, max_size=5)), max_leaves=30)


def _json(data: object, sort_keys: bool = False) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"),
                      allow_nan=False)


def test_orjson_is_what_writes_here() -> None:
    """On this machine's kind (x86_64) requirements.txt installs orjson: the fast path runs."""
    assert platform.machine() in ("x86_64", "AMD64", "aarch64", "arm64")
    assert json_text.orjson is not None


@settings(max_examples=400, deadline=None)
@given(DATA, st.booleans())
def test_the_same_text_as_the_json_module(data: object, sort_keys: bool) -> None:
    assert json_text.compact(data, sort_keys) == _json(data, sort_keys)
    assert json_text.compact_bytes(data) == _json(data).encode("utf-8")


@pytest.mark.parametrize("data", [
    {"\x00\x1f\x7f\u2028\u2029\ufeff\"\\/<>&'": "\b\f\n\r\t\x0b\x1c\x85 中文 😀"},
    [0.01, 0.1, 100.0, 99.99, 1234567.89, -0.0, 0.0001, 2**63 - 1, -(2**63)],
    {"b": 1, "a": [{"d": None, "c": True}]},
])
def test_the_edges_of_text_and_numbers(data: object) -> None:
    for sort_keys in (False, True):
        assert json_text.compact(data, sort_keys) == _json(data, sort_keys)


@dataclass
class _Record:
    name: str = "x"


@pytest.mark.parametrize("data", [{1: "a", 2.5: "b"}, [2**64, -(2**70)], ("a", ("b",))])
def test_what_orjson_does_not_take_the_json_module_writes(data: object) -> None:
    """Keys that are not text and integers beyond 64 bits: as the json module writes them
    (tuples too, which both write as arrays)."""
    assert json_text.compact(data) == _json(data)
    assert json_text.compact_bytes(data, sort_keys=True) == _json(data, True).encode("utf-8")


@pytest.mark.parametrize("data", [{"k": Decimal("1.5")}, {"k": _Record()},
                                  {"k": date(2026, 11, 28)}])
def test_what_the_json_module_refuses_is_refused(data: object) -> None:
    """A Decimal, a dataclass, a date: refused as the json module refuses them (orjson would
    write the last two)."""
    with pytest.raises(TypeError):
        _json(data)
    with pytest.raises(TypeError):
        json_text.compact(data)


def test_nan_is_the_one_difference_left_to_the_callers() -> None:
    """orjson writes NaN as null where the json module refuses it; no caller gives one (see
    the module)."""
    assert json_text.compact([float("nan")]) == "[null]"
    with pytest.raises(ValueError):
        _json([float("nan")])


def test_without_orjson_the_json_module_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"名称": "信息系统（运维）", "分": [85.5, 100], "无": None}
    fast = json_text.compact(data, sort_keys=True)
    monkeypatch.setattr(json_text, "orjson", None)
    assert json_text.compact(data, sort_keys=True) == fast
    assert json_text.compact_bytes(data) == _json(data).encode("utf-8")
