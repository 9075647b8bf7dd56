"""The reference for project charts: every option built by pyecharts, per project.

The generator builds each kind of project chart with pyecharts once and fills each project's
data into a copy (:func:`generator.site.charts.options.fill`). Here each option is built as the
generator once did: pyecharts gets the project's categories and data items, and the series
points go in as pyecharts ``LineItem`` objects, not as the dicts the generator copies from a
cached template. tests/test_charts_fast.py asserts both give equal charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyecharts import options as opts

from generator.core.model import Project
from generator.site.charts import builders
from generator.site.charts.figure import Chart
from generator.site.charts.options import Draft, chart
from generator.site.charts.project import project_drafts


def reference_charts(project: Project, series_projects: Sequence[Project] = ()) -> list[Chart]:
    """:func:`project_charts` with every option built by pyecharts: what the fast path equals."""
    return [_reference(draft) for draft in project_drafts(project, series_projects)]


def _reference(draft: Draft) -> Chart:
    items: list[Any] = draft.items
    if draft.build in (builders.series_line, builders.series_points):
        items = [_line_item(data) for data in draft.items]
    return chart(draft.key, draft.title, draft.caption, draft.build(draft.names, items),
                 draft.head, draft.rows, draft.tall)


def _line_item(data: dict[str, Any]) -> opts.LineItem:
    """A series point as pyecharts takes it: value, symbol size and label text, nothing more."""
    assert set(data) >= {"value", "symbolSize", "label"}
    return opts.LineItem(value=data["value"], symbol_size=data["symbolSize"],
                         label_opts=opts.LabelOpts(formatter=data["label"]["formatter"]))
