"""The order names are listed in: numbers inside a name by their value, so 第2委员会 comes
before 第19委员会 and 第1委员会 before both (issue 46, item 11), the rest by code point as
before. One key, used wherever projects, departments and authorities are sorted by name."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """``text`` as a sort key: runs of ASCII digits compare as numbers (equal numbers by
    their digits as written), everything else as text."""
    return tuple((0, int(part), part) if i % 2 else (1, 0, part)
                 for i, part in enumerate(_DIGITS.split(text)) if part or i == 0)
