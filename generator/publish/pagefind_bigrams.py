"""Han text cut into overlapping character bigrams, each written as one ASCII word.

Why: Pagefind segments a page's Chinese with its own dictionary at build time and the query
with Intl.Segmenter in the browser (upstream Pagefind issue 1237); the two cut differently,
so a query missed pages holding the whole phrase, and the loosening that made up for it
(leave words out, search in parts) invented hits (视频会议 found 392 pages, every one with 会).
A bigram written in letters only (``zh`` + the two code points in hex spelt a–p) is one word
to both segmenters, so index and query cut alike: a page matches a query of two Han
characters or more exactly when it holds each of the query's bigrams. The browser's twin is
``theme/assets/javascripts/search/bigrams.js`` (the same rule; tests keep them in step).
"""

from __future__ import annotations

import re
from functools import lru_cache

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
PREFIX = "zh"


def token(pair: str) -> str:
    """The ASCII word for two Han characters."""
    return PREFIX + "".join(f"{ord(c):04x}"[-4:].translate(_LETTERS) for c in pair)


def bigram_words(text: str) -> list[str]:
    """The bigram words of each run of Han characters in ``text``, in order (a run of one
    character has none: single characters are searched as Pagefind indexes them)."""
    return [token(run[i:i + 2]) for run in _HAN_RUN.findall(text)
            for i in range(len(run) - 1)]


@lru_cache(maxsize=1 << 18)
def _cached(pair: str) -> str:
    return token(pair)


def distinct_bigram_words(text: str) -> list[str]:
    """Each bigram word of ``text`` once, in the order first met. The pairs are found and
    made distinct before they are spelt, each spelling cached: spelling every pair of a
    project page (about 1,900, 790 distinct) was 2.8 ms of the 4.0 ms a page took to be
    cut for Pagefind, 30 s of CPU at 10,000 projects; now about 0.3 ms."""
    pairs = dict.fromkeys(run[i:i + 2] for run in _HAN_RUN.findall(text)
                          for i in range(len(run) - 1))
    return [_cached(pair) for pair in pairs]


def decode(word: str) -> str:
    """The two characters of a bigram word (for excerpts), or the word itself."""
    body = word[len(PREFIX):]
    if not word.startswith(PREFIX) or len(body) != 8 or set(body) - set("abcdefghijklmnop"):
        return word
    digits = body.translate(str.maketrans("abcdefghijklmnop", "0123456789abcdef"))
    return chr(int(digits[:4], 16)) + chr(int(digits[4:], 16))
