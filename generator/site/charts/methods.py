"""Averages split by 评价方式 inside the charts (issue 46, item 5).

The glossary says scores of different 评价方式 are not compared or ranked together, and the
pages' text states a mix instead of a trend. A chart that drew one average line (or bar)
across methods would still show the comparison the text avoids: where the groups mix
methods, the home, trends, year and department charts draw a series per method instead, and
their data tables give a row per group and method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from generator.core.fmt import two
from generator.site.charts.data import by_method, method_label, year_gaps
from generator.site.charts.options import as_float, item
from generator.site.context import Group

K = TypeVar("K")

#: The head of a split table; a caller may add columns after it.
HEAD = ["评价方式", "项目数", "平均评价分值"]


def year_lines(years: dict[int, Group], gaps: bool = True
               ) -> tuple[list[str], dict[str, list[Any]]] | None:
    """The years (every year from the first to the last when ``gaps``, a missing one a gap)
    and per method its series of averages (``None`` where a year has none of it); ``None``
    when every year's scored projects were evaluated one way."""
    methods = by_method(years)
    if not methods:
        return None
    lines: dict[str, list[Any]] = {}
    x: list[str] = [str(year) for year in years]
    for method, shares in methods.items():
        points: list[Any] = [item(as_float(shares[y].average), f"{two(shares[y].average)} 分")
                             if y in shares else None for y in years]
        if gaps:
            x, points = year_gaps(years, points)
        lines[method_label(method)] = points
    return x, lines


def keyed_bars(groups: dict[K, Group], keys: list[K]) -> dict[str, list[Any]] | None:
    """Per method, a bar for each of ``keys`` that has projects of it (``None`` where it has
    none); ``None`` when the groups are of one method."""
    methods = by_method({key: groups[key] for key in keys})
    if not methods:
        return None
    return {method_label(method): [item(as_float(shares[k].average),
                                        f"{two(shares[k].average)} 分")
                                   if k in shares else None for k in keys]
            for method, shares in methods.items()}


def rows(groups: dict[K, Group], keys: list[K],
         extra: Callable[[K], list[str]] | None = None) -> list[list[str]]:
    """A row per group and method: the key, the method, its projects and their average,
    then ``extra(key)``'s columns."""
    out: list[list[str]] = []
    for key in keys:
        for share_ in groups[key].methods:
            out.append([str(key), method_label(share_.method), str(share_.count),
                        two(share_.average), *(extra(key) if extra else [])])
    return out
