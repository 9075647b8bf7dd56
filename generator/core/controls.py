"""Control characters: C0 but tab, line feed and carriage return, DEL, and C1.

Why one definition: they are invisible on a page, make a Word or Excel file invalid XML
(Word refuses the document; DEL and C1 pass XML but not a reader's eye) and, printed to a
terminal, can retitle it or hide lines (ESC, CSI). An import removes them, saying where
(:mod:`generator.spreadsheet.controls`), and every DOCX/XLSX writer filters them once more
(:mod:`generator.downloads`), so none reaches a file the site publishes.
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """``text`` with every control character removed (the same object when it has none)."""
    return CONTROLS.sub("", text) if CONTROLS.search(text) else text


def shown_controls(text: str) -> str:
    """The control characters of ``text`` as escapes, once each: ``\\x1b、\\x07``."""
    found = dict.fromkeys(CONTROLS.findall(text))
    return "、".join(f"\\x{ord(c):02x}" for c in found)
