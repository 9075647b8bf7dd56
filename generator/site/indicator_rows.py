"""The indicator tree as table rows with merged cells, and the level names (一级指标 …): one
home for the layout that the indicator table (pages.py) and the official 自评表
(selfeval.py) both print, beside neither, so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.model import Indicator


@dataclass
class Cell:
    node: Indicator
    rowspan: int
    colspan: int
    leaf: bool


def indicator_rows(roots: list[Indicator], min_depth: int = 0
                   ) -> tuple[int, list[list[Cell]]]:
    """One row per leaf; an ancestor's cell spans its leaves (rowspan), a shallow leaf
    spans the missing levels to its right (colspan), as in 表 5 of the reports. The table
    has at least ``min_depth`` level columns (the 自评表 always has three)."""
    depth = max(max((n.depth() for n in roots), default=0), min_depth)
    counts: dict[int, int] = {}

    def count(node: Indicator) -> int:
        counts[id(node)] = 1 if node.is_leaf else sum(count(c) for c in node.children)
        return counts[id(node)]

    for node in roots:
        count(node)
    rows: list[list[Cell]] = []

    def visit(node: Indicator, level: int, row: list[Cell]) -> None:
        if node.is_leaf:
            row.append(Cell(node, 1, depth - level, True))
            rows.append(row)
            return
        row.append(Cell(node, counts[id(node)], 1, False))
        for i, child in enumerate(node.children):
            visit(child, level + 1, row if i == 0 else [])

    for node in roots:
        visit(node, 0, [])
    return depth, rows


LEVEL_NAMES = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标"]


def level_name(i: int) -> str:
    return LEVEL_NAMES[i] if i < len(LEVEL_NAMES) else f"{i + 1}级指标"
