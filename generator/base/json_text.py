"""Compact JSON text, as the site writes it in pages and downloads: UTF-8 text kept (not
``\\u`` escaped), no spaces, keys sorted where asked.

Why here: a project page holds five charts, each an option of about 4 KB of JSON with its
keys sorted, and every project's record goes into results.json and its own file. The json
module's C encoder took 0.27 ms a project page for the options and 0.18 ms a project for
the records (10,000 projects: about 4.5 s of a clean build's CPU); orjson writes the same
text in a quarter of the time. It is pinned where it has wheels (requirements.txt); where
it is not installed (a machine no wheel is built for) the json module writes the very same
text, so a site built there is the same site.

The same text: both write ``"``, ``\\`` and the control characters U+0000–U+001F escaped
alike and every other character as it is; integers as digits; floats by their shortest
repr, which is the same text for every float the site writes (rounded to two decimals or
an amount as written, and from 0.0001 up to 1e16; below, json writes ``1e-05`` where orjson
writes ``0.00001``: the same number to a reader). ``tests/test_json_text.py`` holds both to
that. What orjson does not take (a Decimal, a key that is not text, an integer beyond 64
bits, and told so, a dataclass or a date) goes to the json module, which writes it or
refuses it as before. One difference is left to the callers: orjson writes NaN and the
infinities as ``null`` where json refuses them, and no caller gives one (a chart's values
are checked first, ``check_static`` and ``check_data``; the records hold no float).
"""

from __future__ import annotations

import json
from typing import Any

try:  # pinned where a wheel is built; the json module writes the same text (see above)
    import orjson
except ImportError:  # pragma: no cover - depends on the platform's wheels
    orjson = None  # type: ignore[assignment]


# what orjson would write and the json module refuses: handed to the json module (which refuses
# it) as anything orjson does not take
_SAME = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME if orjson else 0


def _json(data: Any, sort_keys: bool) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"),
                      allow_nan=False)


def compact_bytes(data: Any, sort_keys: bool = False) -> bytes:
    """``data`` (dicts with text keys, lists, text, integers, finite floats, booleans,
    None) as compact JSON, UTF-8 (what a download writes)."""
    if orjson is not None:
        try:
            return orjson.dumps(data, option=_SAME | orjson.OPT_SORT_KEYS if sort_keys
                                else _SAME)
        except TypeError:  # what orjson leaves to a hook: a Decimal, a key that is not text …
            pass  # the json module's answer: the same text, or its error
    return _json(data, sort_keys).encode("utf-8")


def compact(data: Any, sort_keys: bool = False) -> str:
    """:func:`compact_bytes` as text (what a page holds)."""
    return compact_bytes(data, sort_keys).decode("utf-8")
