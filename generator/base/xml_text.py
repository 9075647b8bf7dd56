"""Text as XML character data and attribute values: what :mod:`xml.sax.saxutils`'s
``escape`` and ``quoteattr`` give, for the writers of the workbooks, the Word downloads,
the feeds and the sitemap.

Why not saxutils itself: importing it imports :mod:`urllib.request` (and with it
``http.client``, ``ssl`` and ``email``), 10–30 ms of every process that writes a download,
among them the edit's downloads process, which an edit waits for (issue 45 item 2). The
same three replacements, in the same order; ``tests/test_xml_text.py`` compares both with
saxutils on any text.
"""

from __future__ import annotations

from collections.abc import Mapping

_ATTRIBUTE = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def escape(data: str, entities: Mapping[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` as entities, then each key of ``entities`` as its value."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    if entities:
        for key, value in entities.items():
            data = data.replace(key, value)
    return data


def quoteattr(data: str, entities: Mapping[str, str] | None = None) -> str:
    """An attribute value, quoted: escaped, line breaks and tabs as character references,
    in double quotes unless it holds one and no single quote."""
    data = escape(data, {**(entities or {}), **_ATTRIBUTE})
    if '"' in data:
        if "'" in data:
            return '"{}"'.format(data.replace('"', "&quot;"))
        return f"'{data}'"
    return f'"{data}"'
