"""pyecharts options as plain data: finishing, checking, data items, axes and cached skeletons.

Every figure is a ``Decimal`` until an option is emitted; it becomes a ``float`` here, after
explicit rounding (scores and rates with :func:`fmt.round2`; money stays as written, like
:func:`fmt.money`). Options hold data only: no ``JsCode``, no functions, no inline script.

A site has thousands of project pages, and asking pyecharts for every option (building the
chart objects, dumping and re-reading them, stripping and checking the result) took about half
of the page generation. pyecharts still builds each kind of project chart, but only once: the
option without data is cached (:func:`skeleton`) and each project gets a fresh copy with its
categories, data items and description filled in (:class:`Draft`, :func:`fill`).
"""

from __future__ import annotations

import functools
import json
import marshal
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pyecharts import options as opts
from pyecharts.charts.chart import Chart as EChart

from generator.core.fmt import round2
from generator.site.charts.figure import Chart
from generator.site.charts.style import LABEL_COLOUR, PALETTE

_JS_FUNCTION = re.compile(r"^\s*(async\s+)?function\b|--x_x--0_0--")

Builder = Callable[[list[str], list[Any]], EChart]  # categories and data items -> chart


def as_float(value: Decimal) -> float:
    """A score or rate for the option: rounded half-up to two decimals, then a float."""
    return float(round2(value))


def as_money(value: Decimal) -> float:
    """万元 as written (never rounded, as :func:`fmt.money` shows it); exact sums of amounts."""
    return float(value)


def item(value: float | int, text: str, colour: str | None = None) -> dict[str, Any]:
    """A data item with its label text preformatted (90.00%, not JavaScript's 90)."""
    data: dict[str, Any] = {"value": value, "label": {"formatter": text}}
    if colour is not None:
        data["itemStyle"] = {"color": colour}
    return data


def line_item(value: float, text: str) -> opts.LineItem:
    return opts.LineItem(value=value, label_opts=opts.LabelOpts(formatter=text))


def stack_item(count: int, label: str, text_colour: str) -> dict[str, Any]:
    """A stacked segment: named by its grade; no label on an empty segment."""
    if not count:
        return {"value": 0, "label": {"show": False}}
    return {"value": count, "label": {"formatter": f"{label} {count}", "color": text_colour}}


def outside(position: str) -> opts.LabelOpts:
    return opts.LabelOpts(position=position, color=LABEL_COLOUR)


def category_axis(name: str | None = None, inverse: bool = False, width: int | None = None,
                  rotate: int = 0) -> opts.AxisOpts:
    label: dict[str, Any] = {"interval": 0, "hideOverlap": False}
    if rotate:
        label["rotate"] = rotate
    if width is not None:  # long names are cut on the axis; the table has them in full
        label.update(width=width, overflow="truncate")
    return opts.AxisOpts(type_="category", name=name, is_inverse=inverse, axislabel_opts=label)


def chart(key: str, title: str, caption: str, built: EChart | dict[str, Any],
          head: list[str], rows: list[list[str]], tall: bool = False) -> Chart:
    """A chart from a pyecharts chart (or its finished option): described and checked."""
    option = built if isinstance(built, dict) else finish(built)
    option["aria"] = aria(title, caption)
    check_static(option)
    return Chart(key, title, caption, option, head, rows, tall)


def aria(title: str, caption: str) -> dict[str, Any]:
    return {"enabled": True, "label": {"enabled": True, "description": f"{title}：{caption}"}}


def finish(built: EChart) -> dict[str, Any]:
    """pyecharts' option as plain data: no animation settings, the fixed palette."""
    option = _strip(json.loads(built.dump_options()))
    option["animation"] = False
    option["color"] = list(PALETTE)
    return option


def _strip(value: Any) -> Any:
    """Drop pyecharts' animation defaults (the site renders static SVG) and empty titles."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()
                if not k.startswith("animation") and not (k == "title" and _empty_title(v))}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _empty_title(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(t, dict) and not t.get("text")
                                           for t in value)


def check_static(value: Any, path: str = "option") -> None:
    """Refuse anything the site script could not take as plain JSON data."""
    if isinstance(value, dict):
        for k, v in value.items():
            check_static(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_static(v, f"{path}[{i}]")
    elif isinstance(value, str):
        if _JS_FUNCTION.search(value):
            raise ValueError(f"{path} holds JavaScript, not data: {value[:40]!r}")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{path} is not a finite number")
    elif value is not None and not isinstance(value, bool | int):
        raise TypeError(f"{path} is not JSON data: {type(value).__name__}")


def check_data(names: list[str], items: list[dict[str, Any]], description: str) -> None:
    """:func:`check_static` for what a project fills into a checked skeleton.

    Names and the description come from the content: like check_static, refuse JavaScript
    (and pyecharts' JsCode marker); values must be finite numbers.
    """
    for text in (*names, description, *(i["label"]["formatter"] for i in items)):
        if not isinstance(text, str):
            raise TypeError(f"chart text is not a string: {type(text).__name__}")
        if _JS_FUNCTION.search(text):
            raise ValueError(f"chart text holds JavaScript, not data: {text[:40]!r}")
    for data in items:
        value = data["value"]
        if type(value) not in (float, int) or not math.isfinite(value):
            raise ValueError(f"chart value is not a finite number: {value!r}")


@functools.cache
def skeleton(build: Builder) -> tuple[bytes, str]:
    """A chart kind's option without data, from pyecharts once: serialised, and its category axis.

    Each project gets its own copy, so no page can alter another's option. The option is plain
    data (lists, dicts, strings, numbers), which :mod:`marshal` copies in half the time of
    ``json.loads``; the bytes never leave the process.
    """
    option = finish(build([], []))
    check_static(option)
    axis = next(name for name in ("xAxis", "yAxis") if "data" in option[name][0])
    return marshal.dumps(option), axis


@dataclass(frozen=True)
class Draft:
    """A project chart before its option: what its kind's skeleton is filled with."""

    key: str
    title: str
    caption: str
    build: Builder  # the kind: pyecharts builds its skeleton from this once
    names: list[str]  # the categories
    items: list[dict[str, Any]]  # the data items, as the option holds them
    head: list[str]
    rows: list[list[str]]
    tall: bool = False


def fill(draft: Draft) -> Chart:
    """The draft's chart: its kind's cached skeleton with the draft's categories and items."""
    template, axis = skeleton(draft.build)
    option = marshal.loads(template)
    option[axis][0]["data"] = draft.names
    option["series"][0]["data"] = draft.items
    option["aria"] = aria(draft.title, draft.caption)
    check_data(draft.names, draft.items, option["aria"]["label"]["description"])
    return Chart(draft.key, draft.title, draft.caption, option, draft.head, draft.rows,
                 draft.tall)
