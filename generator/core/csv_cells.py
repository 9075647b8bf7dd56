"""CSV cells that a spreadsheet opens as text, never as a formula (CSV injection).

Excel and WPS evaluate a CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in
some versions, after a tab or carriage return): a project name such as
``=HYPERLINK("http://…")`` would become a live link, ``+cmd|' /C calc'!A0`` a DDE command.
Following OWASP's rule, such a cell gets a leading ``'`` unless it is a number (``-1.50``
stays a number). Every CSV the site writes goes through :func:`safe_rows`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")


def safe_cell(value: Any) -> Any:
    """``value`` as written, or with a leading ``'`` when a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Each row with :func:`safe_cell` applied to every cell."""
    for row in rows:
        yield [safe_cell(value) for value in row]
