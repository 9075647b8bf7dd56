"""Long lists over numbered pages: a year's projects, a problem theme's of a year.

At 100,000 projects a year's list alone made a 3 MiB page; a list now shows
:data:`generator.core.urls.LIST_ROWS` rows a page and goes on at ``<page>2/``, ``3/``, ...
(the first page keeps its URL, its summary and charts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.core import urls

T = TypeVar("T")


@dataclass
class Page:
    """A page to render: its URL (site-relative directory, "" for home), its template, its
    title (for MkDocs) and what the template is given."""

    url: str
    template: str
    title: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Pager:
    """One page of a list that may go on over several (:data:`urls.LIST_ROWS` rows each)."""

    number: int  # from 1
    urls: list[str]  # every page of the list
    start: int  # rows on the pages before

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def suffix(self) -> str:
        return "" if self.first else f"（第 {self.number} 页）"


def paged(url: Callable[[int], str], rows: Sequence[T]) -> Iterator[tuple[Pager, Sequence[T]]]:
    """The pages of a list of ``rows``: ``url(n)`` is the n-th page's."""
    numbers = urls.list_pages(len(rows))
    pages = [url(n) for n in numbers]
    for n in numbers:
        start = (n - 1) * urls.LIST_ROWS
        yield Pager(n, pages, start), rows[start:start + urls.LIST_ROWS]
