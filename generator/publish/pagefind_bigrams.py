"""Han text cut into overlapping character bigrams, each written as one ASCII word.

Why: Pagefind segments a page's Chinese with its own dictionary at build time and the query
with Intl.Segmenter in the browser (upstream Pagefind issue 1237); the two cut differently,
so a query missed pages holding the whole phrase, and the loosening that made up for it
(leave words out, search in parts) invented hits (视频会议 found 392 pages, every one with 会).
A bigram written in letters only (``zh`` + the two code points in hex spelt a–p) is one word
to both segmenters, so index and query cut alike: a page matches a query of two Han
characters or more exactly when it holds each of the query's bigrams. The browser's twin is
``theme/assets/javascripts/search/bigrams.js`` (the same rule; tests keep them in step).

Pagefind is given a page's Han text only so (issue 45: its own segmentation of the text was
about 40 % of its CPU). A query of one character is ``zh`` and its code point spelt so, the
first half of the bigram words that start with it, which Pagefind matches as a prefix: every
bigram word starting with the character, and the character's "lone" word (:func:`single`:
that half and ``z``) a page holds where the character starts no bigram (it ends a run, or
is a run of its own). A page holding the character anywhere matches. (Not the half alone:
Pagefind answers a word no page holds with the longest word it starts with, so an absent
bigram would have found the pages of its first character.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from operator import add

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HAN_SPLIT = re.compile(f"({_HAN_RUN.pattern})")
_APART = re.compile(r"([^\w\s]|_)")
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
PREFIX = "zh"
LONE = "z"  # ends a lone word (see single)


def token(pair: str) -> str:
    """The ASCII word for two Han characters."""
    return PREFIX + "".join(f"{ord(c):04x}"[-4:].translate(_LETTERS) for c in pair)


def single(char: str) -> str:
    """The lone word of one Han character: the first half of its bigram words, and ``z``
    (no bigram word starts with it)."""
    return PREFIX + f"{ord(char):04x}"[-4:].translate(_LETTERS) + LONE


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
    return [_cached(pair) for pair in _pairs(_HAN_RUN.findall(text))]


def _pairs(runs: list[str]) -> dict[str, None]:
    """Each two adjacent characters of each run, once, in the order first met: joined by
    ``map(add, run, run[1:])``, a loop in C (a generator's frame per pair was a quarter of
    the CPU a project page took to be cut for Pagefind)."""
    return dict.fromkeys(chain.from_iterable(map(add, run, run[1:]) for run in runs))


def split_han(text: str) -> list[str]:
    """``text`` cut at its runs of Han characters: the text between them at the even
    places (from the first, "" where a run starts or ends the text), the runs at the odd.
    A page's words for Pagefind (:func:`page_words`, from the runs) and its other text
    (:func:`without_han`, from the rest) both take it, so a page is searched for its runs
    once. Either is also given the text itself, cut here."""
    return _HAN_SPLIT.split(text)


def page_words(text: str | list[str]) -> list[str]:
    """What Pagefind is given of the Han text of a page: each bigram word once (as
    :func:`distinct_bigram_words`), then the lone word (:func:`single`) of each character
    that starts none of them. Only a run's last character can be such: every other starts
    a pair. A run's words are spelt once (:func:`_run_words`): the labels, headings and
    indicator names every project page repeats took most of the 0.45 ms a page's words
    took (now 0.25 ms at 10,000 synthetic projects); a bigram word starts with the first
    half of its first character's lone word (:data:`_HALF` characters). ``text``: a page's
    text, or :func:`split_han`'s pieces of it."""
    runs = (split_han(text) if isinstance(text, str) else text)[1::2]
    words = dict.fromkeys(chain.from_iterable(map(_run_words, runs)))
    starts = {word[:_HALF] for word in words}
    lone = dict.fromkeys(word for word in map(_single, (run[-1] for run in runs))
                         if word[:_HALF] not in starts)
    return [*words, *lone]


_HALF = len(PREFIX) + 4  # the prefix and one character's four letters
_RUN_CACHED = 64  # characters: a longer run (a clause without punctuation) seldom repeats


def _run_words(run: str) -> tuple[str, ...]:
    """The bigram word of each two adjacent characters of a run of Han characters, the
    words of a short run cached (at most 16,384 runs of 64 characters: memory bounded)."""
    return _short_run_words(run) if len(run) <= _RUN_CACHED else _spelt(run)


def _spelt(run: str) -> tuple[str, ...]:
    return tuple(map(_cached, map(add, run, run[1:])))


_short_run_words = lru_cache(maxsize=1 << 14)(_spelt)
_single = lru_cache(maxsize=1 << 12)(single)


def without_han(text: str | list[str]) -> str:
    """``text`` with each run of Han characters made a space, and every other character that
    is no letter or digit (punctuation, ``_``) set apart by spaces: what Pagefind segments of
    a page besides its :func:`page_words` (figures, Latin words). Set apart as the extended
    Pagefind's segmenter cut it (``85.69%``: the words 85 and 69), so the plain Pagefind,
    which cuts at white space only, indexes the same words (10,000 projects: the same words
    on the same pages in every shard; given ``85.69%`` whole, it also indexed ``8569``,
    ``100（100.28）`` as ``10010028``: half again as many words in the router). ``text``: a
    page's text, or :func:`split_han`'s pieces of it."""
    pieces = split_han(text) if isinstance(text, str) else text
    return " ".join(_APART.split(" ".join(pieces[0::2])))  # as sub(r" \1 "), without
    # expanding the template in Python for each match (0.26 → 0.11 ms a project page)


def decode(word: str) -> str:
    """The two characters of a bigram word, the one of a lone word, or the word itself."""
    body = word[len(PREFIX):].removesuffix(LONE) if len(word) == 7 else word[len(PREFIX):]
    if not word.startswith(PREFIX) or len(body) not in (4, 8) or \
            set(body) - set("abcdefghijklmnop"):
        return word
    digits = body.translate(str.maketrans("abcdefghijklmnop", "0123456789abcdef"))
    return "".join(chr(int(digits[i:i + 4], 16)) for i in range(0, len(digits), 4))
