"""One row as a project file: its id (file name) and YAML text, with which top-level key
each line holds so that a checker problem on a line can be pointed back at a cell."""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

from generator.intake import yaml_text
from generator.intake.identity import STEM_HEX, name_stem
from generator.intake.workbook_reader import Row


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; Decimals as plain numbers, digits as written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = f"{value:f}"
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, text, (True, False)), text)


_Dumper.add_representer(Decimal, _represent_decimal)

YAML_ORDER = ("kind", "name", "year", "department", "authority", "series", "order", "evaluator",
              "method", "report_date", "budget", "spent", "score", "grade", "summary",
              "achievements", "problems", "recommendations", "rectification", "goals",
              "funding", "tasks", "staff", "other_fields", "indicators", "budget_items")


def project_id(row: Row, digits: int = STEM_HEX) -> str:
    """The 项目编号 column, else ``<year>/p-<first 16 hex digits of SHA-1(name)>``
    (:mod:`.identity`)."""
    if "id" in row.values:
        return row.values["id"]
    return f"{row.values['year']}/{name_stem(row.values['name'], digits)}"


def yaml_body(values: dict[str, object]) -> str:
    """The file's YAML: written directly (:mod:`.yaml_text`), or by PyYAML for a value
    that needs more than one line or escapes; the same text either way."""
    try:
        return yaml_text.dump(values)
    except yaml_text.NotSimple:
        return yaml.dump(values, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                         width=10**9, default_flow_style=False)


_TOP_KEY = re.compile(r"^([a-z_]+):")


def project_yaml(row: Row, source: str) -> tuple[str, dict[int, str]]:
    """The file text and which key each line belongs to (to point messages at a cell)."""
    source = " ".join(source.splitlines())
    origin = " ".join(row.source.splitlines()) if row.source else \
        f"「{source}」工作表「{row.sheet}」第 {row.number} 行"
    parts = [f"# 由 python -m generator import 从{origin}导入。\n"]
    values = {key: row.values[key] for key in YAML_ORDER if key in row.values}
    body = yaml_body(values)
    line_keys: dict[int, str] = {}
    key = ""
    nodes = iter(_depth_first(row.values.get("indicators", [])))
    node = None
    block = _Block(row)
    for number, text in enumerate(body.splitlines(), len(parts) + 1):
        match = _TOP_KEY.match(text)
        key = match.group(1) if match else key
        if key in _Block.KEYS:
            line_keys[number] = block.cell(key, text) or key
            continue
        if key == "indicators" and _NODE_START.match(text):
            node = next(nodes, None)
        elif key != "indicators":
            node = None
        inner = _INNER_KEY.match(text)
        if node is not None and id(node) in row.node_cells:
            # a line of an indicator read from the 指标 sheet: its cell there
            cells = row.node_cells[id(node)]
            inner_key = inner.group(1) if inner else ""
            line_keys[number] = cells.get(inner_key) or cells.get("name") or key
        else:
            line_keys[number] = key
    parts.append(body)
    return "".join(parts), line_keys


class _Block:
    """The cells of the goals and funding lines (read from the 目标 and 资金来源 sheets):
    ``  initial:`` is the 年初预算数 of the 年度资金总额 row, a source's ``budget:`` its
    全年预算数 cell, a line of ``planned`` the 预期目标 cell, and so on."""

    KEYS = ("goals", "funding")
    _SUB = re.compile(r"^  ([a-z_]+):")
    _ITEM = re.compile(r"^    - ")

    def __init__(self, row: Row) -> None:
        self.row = row
        self.sub = ""
        self.item = -1

    def cell(self, key: str, text: str) -> str | None:
        sub = self._SUB.match(text)
        if sub or _TOP_KEY.match(text):
            self.sub, self.item = (sub.group(1) if sub else ""), -1
        elif self._ITEM.match(text):
            self.item += 1
        block = self.row.values.get(key)
        if not isinstance(block, dict):
            return None
        if key == "funding" and self.sub == "sources" and self.item >= 0:
            sources = block.get("sources", [])
            cells = self.row.node_cells.get(id(sources[self.item]), {}) \
                if self.item < len(sources) else {}
            inner = _INNER_KEY.match(text)
            return cells.get(inner.group(1) if inner else "") or cells.get("name")
        cells = self.row.node_cells.get(id(block), {})
        return cells.get(self.sub) or cells.get("")


_NODE_START = re.compile(r"^\s*- (?:code|name):")  # a node's first key (code, else name)
_INNER_KEY = re.compile(r"^\s*(?:- )?([a-z_]+):")


def _depth_first(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
    result = []
    for node in nodes:
        result.append(node)
        result.extend(_depth_first(node.get("children", [])))  # type: ignore[arg-type]
    return result
