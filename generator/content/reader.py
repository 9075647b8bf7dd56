"""Read one YAML mapping against a table of fields, collecting every problem.

Why our own small schema instead of jsonschema or pydantic: messages must be Chinese and
say what to change, numbers must stay ``Decimal`` from their source text, and every
message needs the line and column the loader recorded. A table of field specs plus
``difflib`` for "did you mean" gives that in a page of code.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.content.converters import Invalid, kind_of
from generator.content.loader import Map, Mark, Seq
from generator.core.problems import Problems

TO_FILL = "待填写"  # what `new` writes in each required field it cannot know


@dataclass(frozen=True)
class Field:
    convert: Callable[[Any], Any]
    required: bool = False
    label: str = ""


class Reader:
    """Reads one mapping against a field table, collecting problems instead of raising."""

    def __init__(self, data: Map, fields: dict[str, Field], problems: Problems,
                 where: str = "") -> None:
        self.data = data
        self.fields = fields
        self.problems = problems
        self.where = where
        self.values: dict[str, Any] = {}
        self.ok = True
        if not data.keys() <= fields.keys():
            for key in data:
                if key in fields:
                    continue
                line, column = data.key_marks[key]
                hint = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
                suggestion = f"，你是不是想写「{hint[0]}」？" if hint else \
                    f"。可用的键：{'、'.join(fields)}"
                problems.error("unknown-key", f"{where}未知的键「{key}」{suggestion}",
                               line, column)
                self.ok = False
        order, required = _plan(fields)
        get = data.get  # one lookup a field (absent and empty alike)
        # the fields given or required, in the table's order: an indicator gives 4 of 14
        for key in sorted((data.keys() & order.keys()) | required, key=order.__getitem__):
            spec = fields[key]
            value = get(key)
            if value is None:
                if spec.required:
                    line, column = data.mark
                    label = f"（{spec.label}）" if spec.label else ""
                    problems.error("missing-key", f"{where}缺少必填的键「{key}」{label}：请补上",
                                   line, column)
                    self.ok = False
                continue
            if value == TO_FILL:  # the scaffold's mark: `new` wrote it, nobody filled it
                label = f"（{spec.label}）" if spec.label else ""
                self.error("placeholder", key, f"「{key}」{label}还没有填写：请把“{TO_FILL}”"
                           "改为公布的内容")
                continue
            try:
                self.values[key] = spec.convert(value)
            except Invalid as exc:
                self.error(exc.code, key, f"「{key}」{exc}")

    def mark(self, key: str) -> Mark:
        return self.data.value_marks.get(key) or self.data.key_marks.get(key) or self.data.mark

    def line(self, key: str) -> int:
        return self.mark(key)[0]

    def error(self, code: str, key: str, message: str) -> None:
        """An error at ``key``'s value; the mapping is then not used."""
        line, column = self.mark(key)
        self.problems.error(code, f"{self.where}{message}", line, column)
        self.ok = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


Plan = tuple[dict[str, int], frozenset[str]]
_PLANS: dict[int, tuple[dict[str, Field], Plan]] = {}  # by the table's id (table kept)
PLANS_MOST = 64


def _plan(fields: dict[str, Field]) -> Plan:
    """Each field's place in the table, and the required fields: worked out once a table
    (the tables are constants, :func:`generator.content.whole.fields_for` keeps its own)."""
    known = _PLANS.get(id(fields))
    if known is not None and known[0] is fields:
        return known[1]
    plan = ({key: index for index, key in enumerate(fields)},
            frozenset(key for key, spec in fields.items() if spec.required))
    if len(_PLANS) >= PLANS_MOST:
        _PLANS.clear()
    _PLANS[id(fields)] = (fields, plan)
    return plan


def expect_map(value: Any, mark: Mark, what: str, problems: Problems) -> Map | None:
    if isinstance(value, Map):
        return value
    problems.error("wrong-type", f"{what}应为映射（键: 值），实际是{kind_of(value)}", *mark)
    return None


def expect_seq(value: Any, mark: Mark, what: str, problems: Problems) -> Seq | None:
    if isinstance(value, Seq):
        return value
    problems.error("wrong-type", f"{what}应为列表（每项以“- ”开头），实际是{kind_of(value)}",
                   *mark)
    return None


def read_map(owner: Reader, key: str, fields: dict[str, Field],
             problems: Problems) -> Reader | None:
    """The mapping under ``owner``'s ``key`` read against ``fields`` (its messages begin with
    the key, as every block of a project file names itself); ``None`` when the key is absent
    or its value is not a mapping (reported)."""
    if key not in owner.values:
        return None
    data = expect_map(owner.values[key], owner.mark(key), f"{key} ", problems)
    return None if data is None else Reader(data, fields, problems, f"{key}：")


def read_list(owner: Reader, key: str, fields: dict[str, Field], problems: Problems,
              what: str | None = None) -> list[tuple[Reader, Mark]]:
    """Each mapping of the list under ``owner``'s ``key`` read against ``fields``: those
    that read cleanly, with their marks. The others are reported (named ``what``, the key by
    default) and left out: their errors keep the file from being used."""
    if key not in owner.values:
        return []
    what = what or key
    seq = expect_seq(owner.values[key], owner.mark(key), f"{what} ", problems)
    read: list[tuple[Reader, Mark]] = []
    for value, mark in zip(seq or [], (seq.item_marks if seq else []), strict=True):
        item_map = expect_map(value, mark, f"{what} 的每一项", problems)
        if item_map is None:
            continue
        item = Reader(item_map, fields, problems, f"{what}：")
        if item.ok:
            read.append((item, mark))
    return read
