"""What Pagefind reads of a page, and the page cut down to that before it is indexed.

Pagefind indexes only the root element (``--root-selector``) less the excluded parts
(``--exclude-selectors``), with the language forced; it still parses the rest. Giving it
each page cut to its head and the root without the parts marked data-search-exclude gives
the same index byte for byte (``tests/test_pagefind_input.py``) from a quarter of the bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import lxml.html
from lxml import etree

from generator.base.records import save_record, take_record
from generator.publish.files import Folders
from generator.publish.pagefind_bigrams import distinct_bigram_words

PAGEFIND_ROOT = "article.md-content__inner"  # index the page's content, not header or nav
_ROOT_TAG, _ROOT_CLASS = PAGEFIND_ROOT.split(".")
# Left out of the index: what the templates mark data-search-exclude (Material's search, in
# the offline package, honours the same mark): what repeats text indexed elsewhere or is
# generated boilerplate. Each project's 信息表 is indexed on its own page, not again on its
# authority's 部门公开 page; the year's project list only repeats names; charts' captions and
# data tables, the score table and header cells (labels such as 项目名称, 预算执行率) are the
# same on every page. A word on every page costs the browser time on every search (Pagefind
# ranks all matching positions). The indicator table is left out where the 自评表 repeats
# its rows, and so are figures in table cells (``pe-num``: weights, scores, rates, money):
# not words a reader searches for, they were a third of what Pagefind indexed and 40 % of its
# time (2,000 project pages: 22.0 s of CPU with both, 12.1 s without).
SEARCH_EXCLUDE = "data-search-exclude"
PAGEFIND_EXCLUDE = (f"[{SEARCH_EXCLUDE}]", "th", ".pe-num")


def searched_part(page: Path) -> bytes:
    """What Pagefind may read of a page: its title and language, and the root element it
    indexes without the parts marked data-search-exclude (as written, so any other change
    counts: th and pe-num cells, which it leaves out too, are kept). The whole page where
    the root is not found once."""
    data = page.read_bytes()
    try:
        doc = cast(lxml.html.HtmlElement, lxml.html.document_fromstring(data))
    except (etree.ParserError, ValueError):
        return data
    roots = [e for e in doc.find_class(_ROOT_CLASS) if e.tag == _ROOT_TAG]
    if len(roots) != 1:
        return data
    for element in [e for e in roots[0].iter() if e.get(SEARCH_EXCLUDE) is not None]:
        element.drop_tree()  # its tail, text that follows it, stays
    title = "".join(str(t) for t in doc.xpath("//title//text()"))
    head = f"{doc.get('lang')}\0{title}\0"
    return head.encode() + etree.tostring(roots[0], method="html", encoding="utf-8")


def cut_page(data: bytes) -> bytes:
    """A page cut to what Pagefind reads: its head, and of its body only the root it indexes,
    without the elements marked data-search-exclude (charts, the score table, downloads,
    citation: two thirds of a project page's root), which Pagefind parses only to leave
    out (2,000 synthetic project pages, three runs each: its CPU 18.2–21.8 s given the
    whole root, 12.9–15.0 s without them; wall 11.7–14.0 → 8.9–10.2 s; 119 → 34 MiB).
    Text and attributes from data files are escaped, so no ``<`` in them can mislead the
    cut; the whole page when the root is not one ``<article>`` of its own, the root whole
    when an excluded element is not closed."""
    start, end = data.find(b"<article"), data.find(b"</article>")
    body = data.find(b"<body")
    opened = data.find(b">", body) + 1
    if body < 0 or not 0 < opened <= start < end or data.find(b"<article", start + 1) >= 0 \
            or data.find(b"</article>", end + 1) >= 0 or \
            not data.startswith(_ROOT_OPENING, start):
        return data
    return b"".join((data[:opened], _without_excluded(data[start:end]), _CLOSING))


_CLOSING = b"</article></body></html>"


def searched_page(data: bytes) -> bytes:
    """A page as Pagefind is given it: :func:`cut_page`, with the root's Han text added as
    bigram words at its end where it was cut."""
    cut = cut_page(data)
    if cut is data:
        return data
    root = cut[cut.find(b"<article"):-len(_CLOSING)]
    return cut[:-len(_CLOSING)] + _bigrams(root) + _CLOSING


# what Pagefind leaves out besides data-search-exclude (PAGEFIND_EXCLUDE), as XPath
_NOT_INDEXED = ".//th | .//*[contains(concat(' ', normalize-space(@class), ' '), ' pe-num ')]"


def _bigrams(root: bytes) -> bytes:
    """The Han text Pagefind indexes of the root (th and pe-num cells left out, their tails
    kept) as bigram words (:mod:`.pagefind_bigrams`), for the index only: the query is cut
    into the same words in the browser (search/bigrams.js). Each word once: a query needs to
    know only whether a page holds it, and the repeats of a long page (项目, 评价, 绩效 …)
    multiplied what Pagefind indexes and stores in the page's fragment."""
    tree = lxml.html.fragment_fromstring((root + b"</article>").decode("utf-8", "replace"))
    for element in tree.xpath(_NOT_INDEXED):
        element.drop_tree()
    words = distinct_bigram_words(tree.text_content())
    return b'<p data-pe-bigrams="">' + " ".join(words).encode() + b"</p>" if words else b""


_ROOT_OPENING = f'<{_ROOT_TAG} class="{_ROOT_CLASS}'.encode()
_EXCLUDED = re.compile(rb"<([a-z][a-z0-9]*)\b[^>]*?\s" + SEARCH_EXCLUDE.encode()
                       + rb"(?=[\s=/>])[^>]*>")
_ANY_ID = re.compile(rb"\sid\s*=")
_TAG_NAME = re.compile(rb"<([a-z][a-z0-9]*)\b")
_VOID = {b"area", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
         b"source", b"track", b"wbr"}


def _without_excluded(root: bytes) -> bytes:
    """The root with each element marked data-search-exclude emptied (the element's tail,
    the text after it, stays, as in Pagefind). Of what it held only the elements with an
    ``id`` stay, empty, in their order: Pagefind lists the ids of excluded elements among a
    page's anchors (with no text)."""
    kept: list[bytes] = []
    position = 0
    while (opening := _EXCLUDED.search(root, position)) is not None:
        tag = opening.group(1)
        kept.append(root[position:opening.start()])
        position = opening.end()
        if tag in _VOID or opening.group(0).endswith(b"/>"):
            kept.append(opening.group(0))
            continue
        tags = re.compile(rb"<(/?)" + tag + rb"[\s>/]")
        depth = 1
        while depth:
            found = tags.search(root, position)
            if found is None:
                return root
            depth += -1 if found.group(1) else 1
            position = found.end()
        position = root.find(b">", position - 1) + 1
        anchors = _anchors(root, opening.end(), position)
        if anchors is None:  # an id written otherwise: the element as it is
            kept.append(root[opening.start():position])
            continue
        kept.append(opening.group(0))
        kept += anchors
        kept.append(b"</" + tag + b">")
    kept.append(root[position:])
    return b"".join(kept)


def _anchors(root: bytes, start: int, end: int) -> list[bytes] | None:
    """The elements with an ``id`` between ``start`` and ``end``, each empty; None where an
    ``id`` is not written ``id="…"`` as the templates and MkDocs write it. (bytes.find, not
    one regular expression: the charts' data attributes are long.)"""
    found: list[bytes] = []
    named_ids = 0
    at = start
    while (named := root.find(b' id="', at, end)) >= 0:
        at = named + 5
        opened = root.rfind(b"<", start, named)
        tag = _TAG_NAME.match(root, opened) if opened >= 0 else None
        if tag is None or root.find(b">", opened, named) >= 0:  # in text, not in a tag
            continue
        closed = root.find(b">", named) + 1
        named_ids += 1
        found.append(root[opened:closed])
        if tag.group(1) not in _VOID and not found[-1].endswith(b"/>"):
            found.append(b"</" + tag.group(1) + b">")
    if root.count(b"id=", start, end) == named_ids:  # fast: every id is one of these
        return found
    written = sum(1 for match in _ANY_ID.finditer(root, start, end)
                  if root.find(b">", root.rfind(b"<", start, match.start()), match.start()) < 0)
    return found if written == named_ids else None


PAGEFIND_INPUT = "pagefind.input"  # in the build folder: the cut pages (see Cuts)
CUTS_RECORD = "cuts.pickle"
# the cut and the bigram words: a change to either cuts every page again
_VERSION = hashlib.sha256(Path(__file__).read_bytes() + Path(
    __file__).with_name("pagefind_bigrams.py").read_bytes()).hexdigest()


class Cuts:
    """The pages as Pagefind is given them (:func:`searched_page`), kept between builds in
    a folder of the build's (``folder``; with ``keep`` false, a folder of this build's only).
    A page whose file is the one cut before (the same inode, size and time: a page carried
    over is a hard link to the published one) is not read and cut again; an edit's rebuild
    links its shard's cut pages (1,050 read, cut and written took 2.5 s of it at 10,000
    projects). The record is taken when a build starts and saved when its index is done, so
    a killed build leaves none that could vouch for a cut it did not finish."""

    def __init__(self, folder: Path, keep: bool = True,
                 stamps: dict[str, tuple[int, ...]] | None = None) -> None:
        """``stamps``: the pages' stamps as given (a shard's, in the process cutting it:
        see :mod:`.pagefind_cut`), not the record's."""
        self.folder = folder
        self.keep = keep and stamps is None
        self._folders = Folders()
        record = take_record(folder / CUTS_RECORD, "version", _VERSION) if self.keep else None
        self.stamps: dict[str, tuple[int, ...]] = stamps if stamps is not None else \
            record["stamps"] if record is not None else {}  # else all cut again

    def cut(self, rel: str, source: str) -> str:
        """Where the cut of the page at ``source`` (site-relative ``rel``) is."""
        st = os.stat(source)
        stamp = (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)
        cut = os.path.join(self.folder, rel)
        if self.stamps.get(rel) != stamp:
            self._folders.for_file(cut)
            with open(source, "rb") as read, open(cut + ".new", "wb") as out:
                out.write(searched_page(read.read()))
            os.replace(cut + ".new", cut)  # a new file: links made before keep the old
            self.stamps[rel] = stamp
        return cut

    def save(self, pages: Iterable[str]) -> None:
        """Keep the cuts of these pages (the site's) for the next build; the others go."""
        if not self.keep:
            return
        keep = set(pages)
        for rel in [rel for rel in self.stamps if rel not in keep]:
            del self.stamps[rel]
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(self.folder, rel))
        save_record(self.folder / CUTS_RECORD, {"version": _VERSION, "stamps": self.stamps})
