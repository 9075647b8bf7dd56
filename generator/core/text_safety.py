"""Characters a text from a data file must not carry, and how a terminal is shown them.

Why here, in core: the loader refuses them in every text of a project file and ``site.yml``,
the settings checks refuse them in a mapping that did not come from a file (an imported
网站设置 sheet), and the command line escapes them in everything it prints, so one table
serves all three.

- Control characters (C0 except tab, line feed and carriage return; DEL; C1) have no place
  in a published text: they make the Word and Excel downloads invalid XML, and in a terminal
  ``\\x1b]0;…`` retitles the window, ``\\r`` or ``\\x1b[2K`` hides a line. An import
  removes them, saying where (:mod:`generator.intake.controls`), and every DOCX/XLSX
  writer filters them once more (:mod:`generator.downloads`), so none reaches a download.
- Invisible and bidirectional formatting characters (zero-width space and joiners, LRM/RLM,
  the embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, the BOM U+FEFF,
  variation selectors U+FE00–U+FE0F, word joiner and invisible operators U+2060–U+2064)
  let one name pass for another (``\\u202e局政财市海上`` shows as 上海市财政局); they are
  refused in names that group pages (departments) and in the site's settings, and escaped
  in the terminal everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                       "\ufe00-\ufe0f\u00ad\u061c\u180e]")
# what a terminal is never given raw: the above, \r, and the Unicode line separators
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u2069\ufeff\ufe00-\ufe0f\u00ad\u061c\u180e]")


def without_controls(text: str) -> str:
    """``text`` with every control character removed (the same object when it has none)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def shown_controls(text: str) -> str:
    """The control characters of ``text`` as escapes, once each: ``\\x1b、\\x07``."""
    return "、".join(escaped(c) for c in dict.fromkeys(CONTROL.findall(text)))


def escaped(char: str) -> str:
    """``\\x1b`` for a character below U+0100, ``\\u202e`` above (as Python writes them)."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character that could move the cursor, retitle or clear the
    terminal, or hide a character, written as its escape (line breaks and tabs kept)."""
    return _TERMINAL.sub(lambda m: escaped(m.group()), text)


def json_visible(text: str) -> str:
    """JSON text with the same characters written as ``\\u001b`` escapes, which JSON reads
    back as the character (``json.dumps`` with ``ensure_ascii=False`` leaves DEL, C1 and
    the invisible ones raw)."""
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class VisibleStream:
    """A text stream (stdout, stderr) that shows every such character escaped: what a
    command prints of the data (names, keys, values, file names, a request's path) can then
    not retitle the terminal, clear or overwrite a line."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(visible(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def describe(char: str) -> str:
    """``U+001B（ESCAPE）``: how a message names a refused character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f"（{name}）" if name else "")


def first_control(text: str) -> str | None:
    found = CONTROL.search(text)
    return found.group() if found else None


def first_invisible(text: str) -> str | None:
    found = INVISIBLE.search(text)
    return found.group() if found else None


def excerpt(text: str, limit: int = 30) -> str:
    """A short, terminal-safe piece of ``text`` for a message."""
    shown = visible(text.replace("\n", "\\n"))
    return shown if len(shown) <= limit else shown[:limit] + "…"
