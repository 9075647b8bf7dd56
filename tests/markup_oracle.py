"""Whether a built page holds an element, attribute or link made from a data text.

The hostile texts of the tests carry markers (``zq`` + a number + ``q``, no other word of a
page has ``zq``) where Markdown or HTML syntax would put an element's text, a tag or an
attribute name, a link or an attribute value. A page made them into markup when:

- a tag or attribute name holds a marker;
- an attribute holds a marker where no data text belongs (``href``, ``src``, ``id``,
  ``class``, an ``on…`` handler, ``style`` …): data text may only be the value of the
  attributes that label or describe (``aria-label``, ``title``, ``alt``, ``content`` and
  ``data-*``), or inside a ``data:text/csv`` download address;
- an element holds a marker in its own text without the syntax around it in the data text
  (``<em>zq1q</em>`` from ``*zq1q*``): a text shown as text shows all of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

MARKER = re.compile(r"zq\d+q", re.I)
LABELS = frozenset({"aria-label", "title", "alt", "content"})
# the words the 存在问题的主题 page draws from the problems (jieba's keywords) on purpose
WORDS_FROM_TEXTS = ("#problem-keywords",)
_WIDE = str.maketrans({"＜": "<", "＞": ">", "＆": "&", "＂": '"', "＇": "'", "｀": "`"})


def squeeze(text: str) -> str:
    """Text compared as a reader sees it: no whitespace or line breaks (a break may be a
    ``<br>``, a space or a reference), MkDocs' titles' full-width characters as ASCII."""
    return "".join(text.translate(_WIDE).split())


def fragments(texts: list[str]) -> dict[str, list[str]]:
    """Each marker → the squeezed data texts that hold it: a text shown as text is shown
    whole (its line breaks as breaks)."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for marker in MARKER.findall(text):
            found.setdefault(marker.lower(), []).append(squeeze(text))
    return found


def _attribute_problems(tag: Tag) -> list[str]:
    out = []
    if "zq" in tag.name.lower():
        out.append(f"element <{tag.name}>")
    for name, value in tag.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        if "zq" in name.lower():
            out.append(f"attribute {name} on <{tag.name}>")
        elif "zq" in text.lower():
            allowed = (name in LABELS or name.startswith("data-")
                       or (name == "href" and text.startswith("data:text/csv")))
            if not allowed:
                out.append(f"<{tag.name} {name}={text[:80]!r}>")
    return out


def markup_from_texts(html: str, texts: list[str]) -> list[str]:
    """What in ``html`` came from ``texts`` as markup (empty when nothing did)."""
    soup = BeautifulSoup(html, "html.parser")
    for selector in WORDS_FROM_TEXTS:
        for tag in soup.select(selector):
            tag.decompose()
    pieces = fragments(texts)
    out: list[str] = []
    for tag in soup.find_all(True):
        out += _attribute_problems(tag)
        own = "".join(str(s) for s in tag.find_all(string=True, recursive=False))
        markers = {m.lower() for m in MARKER.findall(own)}
        if not markers:
            continue
        shown = squeeze(tag.get_text())
        for marker in markers:
            if not any(piece in shown for piece in pieces.get(marker, [])):
                out.append(f"<{tag.name}> shows {marker} without its text: {shown[:120]!r}")
    return out


def site_markup(site: Path, texts: list[str], suffixes: tuple[str, ...] = (".html",)
                ) -> dict[str, list[str]]:
    """:func:`markup_from_texts` over every file of ``site`` with these suffixes."""
    found: dict[str, Any] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix in suffixes and path.is_file():
            problems = markup_from_texts(path.read_text(encoding="utf-8"), texts)
            if problems:
                found[str(path.relative_to(site))] = problems
    return found
