"""Every stylesheet the site ships closes each block it opens.

Browsers close an unclosed block at the end of the file without a word, so a missing ``}``
after ``@media print {`` silently turns every later rule into a print-only rule (the search
facets were unstyled on screen for that reason). Comments and strings are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHEETS = sorted((ROOT / "theme").rglob("*.css"))
_SKIP = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)


def unclosed(css: str) -> list[int]:
    """Line numbers of the blocks still open at the end of ``css`` (or of a stray ``}``)."""
    text = _SKIP.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    opened: list[int] = []
    for number, line in enumerate(text.split("\n"), 1):
        for char in line:
            if char == "{":
                opened.append(number)
            elif char == "}":
                if not opened:
                    return [number]
                opened.pop()
    return opened


def test_the_checker_finds_an_unclosed_media_block() -> None:
    assert unclosed("a { color: red }\n@media print {\n  b { x: y }\n\nc { z: w }\n") == [2]
    assert unclosed("/* { */ a { content: '}' }\n") == []


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_every_block_is_closed(sheet: Path) -> None:
    assert unclosed(sheet.read_text(encoding="utf-8")) == []


def test_there_are_stylesheets_to_check() -> None:
    assert any(p.name == "pe.css" for p in SHEETS)
