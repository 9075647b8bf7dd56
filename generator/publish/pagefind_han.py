"""The build's part of each bundle, beside Pagefind's index (issue 45, item 3): the bigram
index (each Han bigram word of the bundle's pages with the pages holding it) and each page's
text, both once written by Pagefind.

Pagefind indexed the bigram words (:mod:`.pagefind_bigrams`) as it indexes any word: with
each place on the page, in memory (~240 MB for a shard of 505 project pages) and gzipped at
its best level. They were half its CPU (a shard of 505 project pages: 2.2–3.0 s with them,
0.8–1.1 s without) and no query used their places: a page holding a query's bigrams is a
candidate and search/phrase.js reads the page's own text to keep it. So the cut pages keep
the words in their ``data-pe-bigrams`` paragraph, Pagefind is told to leave it out, and once
Pagefind has numbered the bundle's pages this module writes, for each word, those numbers
(as ranges, :func:`.pagefind_route.bundle_set`) into ``pe-han/<bucket>.json`` of the bundle.

A word's bucket is the low byte of its first character (:func:`bucket`), so the bigrams
starting with one character, and its lone word, are in one file: a query of one character
(the first half of those words) reads one file, the union of their pages. The browser
(search/han.js) reads the buckets of a query's words in the bundles the router sends it
to, and its bundle's listing (:data:`.pagefind_route.LISTING`: the pages' fragments in the
same order) turns page numbers into Pagefind's result ids.

Each page's text as the reader sees it (each block a line), which search/phrase.js reads to
keep only the pages holding a query as typed and to show the passage holding it, is written
as ``pe-text/<page number>.txt``. It was Pagefind metadata (in private-use characters, so
that Pagefind found no word in it), and then more than half of Pagefind's CPU (a shard of
505 project pages: 0.99–1.15 s with it, 0.40–0.51 s without); the browser asks for the text
of the pages it reads beside their fragments (search/listing.js, textOf).

Reads the cut pages (``pages_dir``) Pagefind indexed and the bundle's page order; hands the
words with their pages to :func:`.pagefind_route.list_words` (the router and an edit's
delta treat them as they treat Pagefind's own words).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from generator.publish.pagefind_bigrams import PREFIX
from generator.publish.pagefind_names import BIGRAMS, HAN_DIR, TEXT, TEXT_DIR, buckets
from generator.publish.pagefind_route import Held, bundle_ids, bundle_set

_WORDS = re.compile(rb'<p ' + BIGRAMS.encode() + rb'="">([^<]*)</p>')
_TEXT = re.compile(rb' ' + TEXT.encode() + rb'="([^"]*)"')


def bucket(word: str) -> str:
    """The file of a bigram word (or of a one-character query's prefix): the last two
    letters of its first character, i.e. the low byte of its code point (256 files at most,
    each character's words in one)."""
    return word[len(PREFIX) + 2:len(PREFIX) + 4]


def page_parts(pages_dir: Path, url: str) -> tuple[list[str], str | None]:
    """The bigram words and the text (None: the page was given whole) of the cut page at
    ``url`` (Pagefind's URL of it, "/a/b/")."""
    data = (pages_dir / unquote(url).strip("/") / "index.html").read_bytes()
    root = max(data.find(b"<article"), 0)  # the attribute is the root's (not the head's)
    words, text = _WORDS.search(data, root), _TEXT.search(data, root)
    return (words.group(1).decode("ascii").split() if words else [],
            html.unescape(text.group(1).decode("utf-8")) if text else None)


def write_han(bundle: Path, pages_dir: Path, urls: Iterable[str]) -> Held:
    """Write the bundle's bigram index (``HAN_DIR``) and its pages' texts (``TEXT_DIR``)
    from its cut pages, ``urls`` in the bundle's page order; returns each word with its
    page numbers, in word order."""
    pages_of: dict[str, list[int]] = {}
    texts = bundle / TEXT_DIR
    for folder in (bundle / HAN_DIR, texts):  # a bundle written again: none of before
        shutil.rmtree(folder, ignore_errors=True)
    texts.mkdir()
    for number, url in enumerate(urls):
        words, text = page_parts(pages_dir, url)
        for word in words:
            pages_of.setdefault(word, []).append(number)
        if text is not None:
            (texts / f"{number}.txt").write_text(text, encoding="utf-8")
    folder = bundle / HAN_DIR
    by_bucket: dict[str, dict[str, str]] = {}
    held: Held = []
    for word in sorted(pages_of):
        pages = tuple(pages_of[word])
        held.append((word, pages))
        by_bucket.setdefault(bucket(word), {})[word] = bundle_set(pages)
    if by_bucket:
        folder.mkdir()
    for name, entries in by_bucket.items():
        (folder / f"{name}.json").write_text(
            json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return held


def read_han(bundle: Path) -> Held:
    """The bundle's bigram words with their page numbers, as :func:`write_han` wrote them."""
    held: Held = []
    for name in buckets(bundle):
        words = json.loads((bundle / HAN_DIR / f"{name}.json").read_text(encoding="utf-8"))
        held += [(word, tuple(sorted(bundle_ids(spec)))) for word, spec in words.items()]
    return sorted(held)
