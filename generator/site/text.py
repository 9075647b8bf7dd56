"""Data text into a page: escaped, and never a raw line break.

Every page is Markdown whose HTML blocks MkDocs' hook (``mkdocs_hooks.py``) passes through
untouched, a block ending at a blank line. A data text that carried a line break could close
the block it stands in and hand what follows to Python-Markdown (``[x](javascript:…){:
onfocus=…}``), whatever the escaping. So a text's line breaks — every one Python or a
reader counts as such: ``\\n``, ``\\r`` (MkDocs reads pages in text mode, ``\\r\\r`` is a blank
line there), ``\\r\\n``, ``\\v``, ``\\f``, U+001C–U+001E, U+0085, U+2028, U+2029 — leave here
as a character reference (:func:`one_line`, every ``{{ }}`` of the templates through
:func:`finalize`) or as ``<br>`` (:func:`lines`, where the author's breaks are shown).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

#: What ``str.splitlines`` splits at, each character once (``\r\n`` is two of them).
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: A line break as ``str.splitlines`` finds one (``\r\n`` as one).
BREAK = re.compile(f"\r\n|[{BREAKS}]")
#: Any one of them: most texts have none, and a search for one character of a set is
#: quicker than :data:`BREAK`'s replacement (a million calls at 2,000 projects' pages).
_ANY_BREAK = re.compile(f"[{BREAKS}]").search
#: A character that escaping or :data:`BREAK` would change: most texts (Chinese) have none.
_SPECIAL = re.compile(f"[&<>\"'{BREAKS}]").search
_as_markup = str.__new__  # what Markup(text) does for a plain str, without its Python frame


def one_line(value: Any) -> Markup:
    """The text escaped for HTML (element text or a quoted attribute), its line breaks as
    ``&#10;``: a reader sees a space in a paragraph, a line break in a tooltip."""
    if type(value) is str and _SPECIAL(value) is None:
        return _as_markup(Markup, value)
    escaped = escape(value)
    if _ANY_BREAK(escaped) is None:
        return escaped
    return Markup(BREAK.sub("&#10;", escaped))


def lines(value: Any) -> Markup:
    """Escaped, the author's line breaks kept as ``<br>`` (never a blank line)."""
    return Markup("<br>".join(BREAK.split(str(escape(value)).strip(BREAKS))))


def finalize(value: Any) -> Any:
    """Jinja's ``finalize``: every ``{{ }}`` of a page template goes through here. Markup
    (a macro's output, a filter's such as :func:`lines`, the blocks built in Python by
    :func:`one_line`) passes as it is; any other value becomes :func:`one_line` text."""
    if isinstance(value, Markup):
        return value
    return one_line(value)
