"""One chart of a page and its HTML: the option as data, a caption and the same numbers as
a table."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.base.json_text import compact
from generator.core.csv_cells import safe_rows
from generator.core.fmt import EMPTY, ungrouped
from generator.site.text import one_line

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NUMERIC = re.compile(r"^-?\d[\d,]*(\.\d+)?%?$")


@dataclass
class Chart:
    """One chart of a page: its option, a caption stating the finding and its data table."""

    key: str  # stable ASCII id within the page; the figure's id is chart-<key>
    title: str
    caption: str
    option: dict[str, Any]
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    tall: bool = False  # many rows: the container also gets class pe-chart-tall

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"chart key must be lower-case ASCII: {self.key!r}")

    @property
    def label(self) -> str:
        """The chart's accessible name: title and finding."""
        return f"{self.title}：{self.caption}"

    def option_json(self) -> str:
        """The option as compact, deterministic JSON (keys sorted, UTF-8 text kept)."""
        return compact(self.option, sort_keys=True)

    def csv_text(self) -> str:
        """The data table as CSV (UTF-8 with BOM, CRLF), as the site's other CSV downloads."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        # figures as data, as downloads are; the first column is a label (a name, a year), text
        # from the content that stays as written even where it looks like a number ("1,000")
        rows = [[row[0], *(ungrouped(c) for c in row[1:])] if row else row
                for row in self.table_rows]
        writer.writerows(safe_rows([self.table_head, *rows]))
        return "\ufeff" + buffer.getvalue()

    def csv_href(self) -> str:
        """The CSV as a ``data:`` address: downloadable beside the table on any host, from
        ``file://`` too, with no extra file and no request."""
        return "data:text/csv;charset=utf-8," + percent_encoded(self.csv_text())

    def render(self) -> Markup:
        """The figure as one raw-HTML block: no blank line, no indentation, all text escaped."""
        head = "".join(f'<th scope="col">{_text(h)}</th>' for h in self.table_head)
        body = "".join(f"<tr>{''.join(_cell(i, c) for i, c in enumerate(row))}</tr>"
                       for row in self.table_rows)
        css = "pe-chart pe-chart-tall" if self.tall else "pe-chart"
        return Markup(
            f'<figure class="pe-figure" id="chart-{_text(self.key)}">'
            f"<figcaption><strong>{_text(self.title)}</strong> {_text(self.caption)}</figcaption>"
            f'<div class="{css}" role="img" aria-label="{_text(self.label)}"'
            f' data-chart="{_text(self.option_json())}"></div>'
            '<details class="pe-chart-data"><summary>查看图表数据</summary>'
            '<div class="pe-scroll"><table class="pe-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            f'<p class="pe-chart-csv"><a href="{_text(self.csv_href())}"'
            f' download="{_text(self.key)}.csv">下载本图数据（CSV）</a></p>'
            "</details></figure>"
        )


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_ENCODED = [chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in range(256)]


def percent_encoded(text: str) -> str:
    """``urllib.parse.quote(text, safe="")``, a byte at a time from a table at C speed:
    quote's loop took twice as long (a chart's CSV of 700 bytes: 39 → 21 µs, five charts a
    project page)."""
    return "".join(map(_ENCODED.__getitem__, text.encode()))


def render_charts(charts: Iterable[Chart]) -> Markup:
    """Several figures, each its own block, separated by blank lines."""
    return Markup("\n\n").join(chart.render() for chart in charts)


def _text(value: object) -> str:
    """Escaped text on one line: HTML-special characters and line breaks become references."""
    return str(one_line(str(value)))


def _cell(index: int, value: str) -> str:
    if index == 0:
        return f'<th scope="row">{_text(value)}</th>'
    if _NUMERIC.match(value) or value == EMPTY:
        return f'<td class="pe-num">{_text(value)}</td>'
    return f"<td>{_text(value)}</td>"
