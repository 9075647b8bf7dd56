"""The import's direct YAML writer gives PyYAML's text exactly, or hands the value to
PyYAML (a line break, a control character)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.intake import yaml_text
from generator.intake.importer import plan_import
from generator.intake.project_file import YAML_ORDER, _Dumper, yaml_body
from tests.test_full_workbook import SEED, round_trip

TRICKY = ["2018-06-01", "2018-06", "yes", "Yes", "ON", "null", "~", "", "1.5", "1e3", ".5",
          "0x1F", "1_000", "12:30", "a: b", "a:b", "a:", "-x", "- x", "  lead", "trail ",
          "#x", "a #b", "a#b", "...x", "---x", "? x", "?x", ":x", "it's", "'q'", '"d"',
          "%x", "x%", "《书》", "≥95%", "=", "<<", "a, b", "[x", "{", "@", "`", "\u3000x",
          "é", "=100%", "≤2小时"]


def pyyaml(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10**9, default_flow_style=False)


def test_the_shapes_of_a_project_file() -> None:
    value = {"name": "项目 a", "year": 2018, "budget": Decimal("20.60"),
             "score": Decimal("-5"), "problems": ["一", "二"], "empty": [], "none": {},
             "flag": True, "nothing": None, "goals": {"planned": ["x"], "achieved": []},
             "indicators": [{"code": "A", "tiers": [[Decimal(100), Decimal("1.0")]],
                             "deductions": [{"reason": "r", "points": Decimal(2)}],
                             "children": [{"code": "A1", "children": [{"code": "A1.1"}]}]}],
             "texts": TRICKY}
    assert yaml_text.dump(value) == pyyaml(value)
    assert "  - '2018-06-01'\n" in yaml_text.dump(value)
    assert "      - - 100\n        - 1.0\n" in yaml_text.dump(value)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(list("ab 1.-:#'\"?,[]{}!&*|>%@`~=<+e_中：。\u3000yYnN")),
               max_size=8))
def test_any_short_text_is_written_as_pyyaml_writes_it(text: str) -> None:
    value = {"key": [text, {"inner": text}]}
    assert yaml_text.dump(value) == pyyaml(value)


@pytest.mark.parametrize("text", ["两行\n文字", "制表\t符", "\x85", "\ufeff标记"])
def test_escapes_and_line_breaks_are_left_to_pyyaml(text: str) -> None:
    with pytest.raises(yaml_text.NotSimple):
        yaml_text.dump({"name": text})
    assert yaml_body({"name": text}) == pyyaml({"name": text})  # the same text all the same


def test_the_seeds_import_to_pyyaml_text(tmp_path: Path) -> None:
    workbook = round_trip(SEED, tmp_path).parent / "results.xlsx"
    plan = plan_import(workbook, tmp_path / "fresh")
    assert plan.ok and len(plan.files) >= 6
    for planned in plan.files:
        values = {k: planned.row.values[k] for k in YAML_ORDER if k in planned.row.values}
        assert yaml_text.dump(values) == pyyaml(values), planned.id
