"""The import template (data/template.xlsx): its sheet name, header, example row and notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.intake.columns import COLUMNS

TEMPLATE_SHEET = "信息表"


def template_rows() -> tuple[list[str], list[Any]]:
    """Header and example row of the import template (data/template.xlsx)."""
    columns = [c for c in COLUMNS if c.template]
    return [c.title for c in columns], [c.example for c in columns]


def template_notes() -> Iterable[tuple[str, str, str]]:
    for column in COLUMNS:
        yield column.title, "必填" if column.required else "选填", column.note
