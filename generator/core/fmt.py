"""How figures are shown: one place for rounding, so the site, JSON and exports agree.

Every rounding is explicit half-up on ``Decimal``; nothing passes through ``float``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
EMPTY = "—"
_PLAIN = re.compile(r"^(-?)([0-9]+)(\.[0-9]+)?$")
_GROUPED = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals (3 × 7/8 = 2.625 → 2.63)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | None) -> str:
    """万元 as written, with at least two decimals: 10 → 10.00, 19.369 stays 19.369."""
    if value is None:
        return EMPTY
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return f"{value:f}"
    return f"{value.quantize(CENT):f}"


def total(value: Decimal | None) -> str:
    """A sum of amounts (万元) as a page shows it: two decimals, half-up. Each project's own
    amount keeps the decimals it was published with (:func:`money`); a sum of amounts
    converted from 元 (387664.62 元 → 38.766462) would otherwise show six."""
    return EMPTY if value is None else f"{round2(value):f}"


def amount(value: Decimal | None) -> str:
    """万元 as a reader sees it: :func:`money` with thousands separators (755,707.54), as the
    chart axes show them. Downloads (CSV, XLSX, JSON) keep :func:`money`: they are data."""
    return grouped(money(value))


def amount_total(value: Decimal | None) -> str:
    """A sum of amounts as a reader sees it: :func:`total` with thousands separators."""
    return grouped(total(value))


def grouped(text: str) -> str:
    """A plain decimal's integer part in groups of three (1234567.5 → 1,234,567.5); any other
    text (the dash, a word) is returned unchanged."""
    plain = _PLAIN.match(text)
    if plain is None:
        return text
    sign, whole, rest = plain.groups()
    return f"{sign}{int(whole):,}{rest or ''}"


def ungrouped(text: str) -> str:
    """A number shown with separators back as data (755,707.54 → 755707.54), for a download
    made from what a page shows; any other text unchanged."""
    return text.replace(",", "") if _GROUPED.match(text) else text


def two(value: Decimal | None) -> str:
    """A score, total or rate with exactly two decimals: 87.8 → 87.80."""
    return EMPTY if value is None else f"{round2(value):f}"


def percent(value: Decimal | None) -> str:
    return EMPTY if value is None else f"{two(value)}%"


def number(value: Decimal | None) -> str:
    """A weight or published score as written, without trailing exponent noise."""
    if value is None:
        return EMPTY
    text = f"{value:f}"
    return text


def plain(value: object) -> str:
    """Any optional field for display: missing becomes a dash, never blank or 'None'."""
    if value is None or value == "" or value == []:
        return EMPTY
    return str(value)


def measure(value: object, unit: str | None = None) -> str:
    """A 年度指标值 or 实际完成值 as the 自评表 prints it: ``≥85%``, ``100%``, ``有效``;
    the unit follows a number or comparator, never a text."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Decimal):
        return f"{number(value)}{unit or ''}"
    if hasattr(value, "op"):  # a Comparison: its operator and number
        return f"{value}{unit or ''}"
    return str(value)
