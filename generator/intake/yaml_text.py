"""A project file's YAML text, written directly: the same text PyYAML's block dumper writes
(lists indented under their key, ``width`` unlimited, Unicode as is), about ten times
faster. An import of 1,000 projects spent most of its time in PyYAML's pure-Python
emitter, which analyses every scalar character by character; here a scalar is one regular
expression and a resolver look-up.

Only what a project file holds is written here: mappings with ``[a-z_]`` keys, lists,
text, Decimal, int, bool and None. Anything else (a text with a line break or a control
character, which PyYAML writes over several lines or with escapes) raises
:class:`NotSimple`, and the caller uses PyYAML for that file: the text is the same either
way, only the time differs.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml
from yaml.resolver import Resolver

_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
# One line of characters PyYAML writes as they are (allow_unicode): no break, no control
# character, no byte-order mark
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                        "\U00010000-\U0010fffe]*")
_KEY = re.compile(r"[a-z_]+")


class NotSimple(Exception):
    """A value this writer leaves to PyYAML."""


def _plain_allowed(text: str) -> bool:
    """PyYAML's ``analyze_scalar`` for one printable line in block context."""
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    if text[0] in "#,[]{}&*!|>'\"%@`":
        return False
    if text[0] in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    return not (": " in text or text.endswith(":") or " #" in text)


def _scalar(text: str, resolved: bool) -> str:
    """Plain when PyYAML would write it plain, else single-quoted (quotes doubled)."""
    if not _PRINTABLE.fullmatch(text):
        raise NotSimple(text)
    if resolved and _plain_allowed(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def scalar_text(value: Any) -> str:
    """One scalar as SafeDumper writes it (a Decimal with its digits, as the import's
    representer does)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _scalar(f"{value:f}", True)  # its tag is the one its text resolves to
    if isinstance(value, str):
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        return _scalar(value, tag == _STR)
    raise NotSimple(type(value).__name__)


def dump(values: dict[str, Any]) -> str:
    """The block YAML of a project's values, ending with a line break."""
    out: list[str] = []
    _collection(values, 0, "", out)
    return "\n".join(out) + "\n" if out else "{}\n"


def _collection(value: dict[str, Any] | list[Any], column: int, first: str,
                out: list[str]) -> None:
    """A non-empty mapping or list at ``column``; ``first`` begins its first line."""
    pad = " " * column
    if isinstance(value, dict):
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str) or not _KEY.fullmatch(key):
                raise NotSimple(repr(key))
            head = f"{first if index == 0 else pad}{key}:"
            if _nested(item):
                out.append(head)
                _collection(item, column + 2, " " * (column + 2), out)
            else:
                out.append(f"{head} {_flow(item)}")
        return
    for index, item in enumerate(value):
        head = f"{first if index == 0 else pad}- "
        if _nested(item):
            _collection(item, column + 2, head, out)
        else:
            out.append(head + _flow(item))


def _nested(value: Any) -> bool:
    return isinstance(value, (dict, list)) and bool(value)


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[]"
    if isinstance(value, dict):
        return "{}"
    return scalar_text(value)
