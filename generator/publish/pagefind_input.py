"""What Pagefind reads of a page, and the page cut down to that before it is indexed.

Pagefind indexes only the root element (``--root-selector``) less the excluded parts
(``--exclude-selectors``), with the language forced; it still parses the rest. Giving it
each page cut to its head and the root without the parts marked data-search-exclude gives
the same index byte for byte (``tests/test_pagefind_input.py``) from a quarter of the bytes.
Then the cut root's Han text is given only as bigram words (:func:`searched_page`, issue 45):
a shard's Pagefind CPU about 40 % less.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import lxml.html
from lxml import etree

from generator.base.records import save_record, take_record
from generator.publish.files import Folders
from generator.publish.pagefind_bigrams import page_words, split_han, without_han
from generator.publish.pagefind_names import PAGEFIND_ROOT, SEARCH_EXCLUDE, TEXT

_ROOT_TAG, _ROOT_CLASS = PAGEFIND_ROOT.split(".")


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


def same_search(new: Path, old: Path) -> bool:
    """A page carried over is a hard link to the published one: the same file. A page
    whose bytes changed only where Pagefind does not read (outside the root it indexes, or
    in what the templates mark data-search-exclude, such as the 信息表 a 部门公开 page
    repeats) gives the same index: an edit of a project's text then indexes again the shard
    of its page, not also that of its 部门公开 page. The pages as cut for Pagefind are
    compared first (:func:`.cut_page`, on the bytes: parsing both pages, 0.09–0.15 s of an
    edit at 2,000 projects beside the downloads, is left for a change of the head alone)."""
    a, b = new.stat(), old.stat()
    if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev):
        return True
    new_data, old_data = new.read_bytes(), old.read_bytes()
    if new_data == old_data:
        return True
    new_cut, old_cut = cut_page(new_data), cut_page(old_data)
    if new_cut is not new_data and old_cut is not old_data:  # both cut
        if new_cut == old_cut:  # what Pagefind is given is made of the cut alone
            return True
        if new_cut[new_cut.find(b"<article"):] != old_cut[old_cut.find(b"<article"):]:
            return False  # the root it reads, as written, differs
    return searched_part(new) == searched_part(old)


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
    """A page as Pagefind is given it (issue 45): :func:`cut_page`'s head and root opening,
    the root's text with its Han runs made spaces (figures and Latin words, for Pagefind to
    segment), then each Han bigram and lone character once as ASCII words
    (:func:`.pagefind_bigrams.page_words`). Pagefind's segmentation of the Han text itself
    was about 40 % of its CPU, and no query used it: the browser cuts a query into the same
    words (search/bigrams.js). The text as a reader sees it, for the phrase check and the
    excerpt (search/phrase.js), each block a line, is the root's ``TEXT`` attribute, which
    Pagefind does not read: the build writes it beside the bundle (:mod:`.pagefind_han`; as
    Pagefind metadata it was more than half of what Pagefind did once the bigram words were
    not its own). The page's title is the first ``<h1>``'s, as Pagefind took it from the
    page; the elements giving filters, sorts or metadata are kept as they are. 616 project
    pages of a 2,000-project build: Pagefind's CPU 7.7–8.7 → 4.5–5.3 s, its index 2.07 →
    1.02 MiB, fragments 3.53 → 3.70 MiB (then with the text as metadata)."""
    cut = cut_page(data)
    if cut is data:
        return data
    start = cut.find(b"<article")
    opened = cut.find(b">", start)
    doc = etree.HTML(cut[start:-len(_CLOSING)].decode("utf-8", "replace") + "</article>")
    tree = doc.find(".//article") if doc is not None else None
    if tree is None:
        return cut
    # each block's end marked, on its tail: 0.2 ms a project page less than marking each end
    # tag in the markup, and the same cut of every page the templates write (an end tag
    # left out, which the parser supplies, would now end a block too)
    for block in tree.iterdescendants(*_BLOCK_TAGS):
        tail = block.tail
        block.tail = _BREAK + tail if tail else _BREAK
    heading = tree.find(".//h1")
    kept = [etree.tostring(e, method="html", encoding="unicode", with_tail=False)
            .replace(_BREAK, "") for e in cast(list[etree._Element], _PAGEFIND_MARKED(tree))]
    for element in _left_out(tree):
        element.clear(keep_tail=True)  # type: ignore[call-arg]  # its text out, its tail kept
    text = str(_TEXT(tree))
    joined = text.replace(_BREAK, "")  # the text as the test of a phrase reads it
    # each block a line, its white space one space (as re's \s, str.split cuts at every
    # character str.isspace names), none empty: 0.12 → 0.07 ms a project page against
    # collapsing the spaces and then the breaks with two regular expressions
    lines = "\n".join(filter(None, (" ".join(part.split()) for part in text.split(_BREAK))))
    attributes = f' {TEXT}="{html.escape(lines)}"'
    if heading is not None:
        title = html.escape(_title(heading))
        attributes += f' data-pagefind-meta="title[data-title]" data-title="{title}"'
    pieces = split_han(joined)  # the text between Han runs, and the runs: cut once
    plain = " ".join(without_han(pieces).split())
    words = " ".join(page_words(pieces))
    return b"".join((cut[:opened], f'{attributes}>'.encode(),
                     "".join(kept).encode(), b"<p>%s</p>" % html.escape(plain).encode()
                     if plain else b"", b'<p data-pe-bigrams="">%s</p>' % words.encode()
                     if words else b"", _CLOSING))


def _title(heading: etree._Element) -> str:
    """A heading's text as Pagefind takes a page's title from it: a ``<br>`` is a space."""
    if heading.find(".//br") is not None:
        heading = copy.deepcopy(heading)
        for br in heading.iter("br"):
            br.tail = " " + br.tail if br.tail else " "
    return " ".join(str(_TEXT(heading)).split())


# what Pagefind leaves out besides data-search-exclude (PAGEFIND_EXCLUDE), as XPath
_NOT_INDEXED = ".//th | .//*[contains(concat(' ', normalize-space(@class), ' '), ' pe-num ')]"
# and the elements it leaves out of a page's text of its own accord (Pagefind 1.5.2: the
# filter box's label, 筛选：, is not in its text)
IGNORED_TAGS = frozenset(("label", "form", "svg", "nav", "footer", "script", "noscript",
                          "style", "template", "iframe"))
_LEFT_OUT_TAGS = IGNORED_TAGS | {"th"}
_CLASS_SPACES = str.maketrans("\t\n\r", "   ")  # XPath's normalize-space: these and " "


def _left_out(tree: etree._Element) -> list[etree._Element]:
    """The elements under ``tree`` that :data:`_NOT_INDEXED` and :data:`IGNORED_TAGS` name,
    in document order: one walk in Python, half the time of the eleven walks of their XPath
    union (0.34 → 0.18 ms a project page; ``tests/test_fast_paths.py`` compares them)."""
    return [element for element in tree.iterdescendants() if element.tag in _LEFT_OUT_TAGS
            or ("pe-num" in (named := element.get("class") or "")
                and " pe-num " in f" {named.translate(_CLASS_SPACES)} ")]
# the outermost elements giving Pagefind filters, sorts or metadata (templates/_facets)
_PAGEFIND_MARKED = etree.XPath("descendant::*[@*[starts-with(name(), 'data-pagefind-')]]"
                               "[not(ancestor::*[@*[starts-with(name(), 'data-pagefind-')]])]")
# the elements after which a page's text starts a new block: those Pagefind 1.5.2 ends with
# ". " in its text (not dt, dd, caption, summary, blockquote, pre: they run on)
_BLOCK_TAGS = ("p", "li", "td", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "ul",
               "ol", "table", "tr")
_BREAK = "\u2029"  # not in a page's text: control and format characters are refused
_TEXT = etree.XPath("string()")  # as lxml.html's text_content


_ROOT_OPENING = f'<{_ROOT_TAG} class="{_ROOT_CLASS}'.encode()
_EXCLUDE_NAME = SEARCH_EXCLUDE.encode()
_EXCLUDED = re.compile(rb"<([a-z][a-z0-9]*)\b[^>]*?\s" + _EXCLUDE_NAME + rb"(?=[\s=/>])[^>]*>")
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
    while (opening := _next_excluded(root, position)) is not None:
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


def _next_excluded(root: bytes, position: int) -> re.Match[bytes] | None:
    """``_EXCLUDED.search(root, position)``, found from the attribute's name (``bytes.find``)
    back to its tag's ``<``: the regular expression tried every tag of a project page's root
    (:func:`_without_excluded` 0.43 → 0.18 ms a project page). The tag of a match holds the name
    and no ``>`` before it, so the match starts at the first ``<`` after the last ``>``
    before the name (or after ``position``) that starts one, where the search would find it
    (``tests/test_fast_paths.py`` compares the two)."""
    at = position
    while (name := root.find(_EXCLUDE_NAME, at)) >= 0:
        closed = root.rfind(b">", position, name)
        opened = root.find(b"<", closed + 1 if closed >= 0 else position, name)
        while opened >= 0:  # each "<" of the name's tag in turn, as the search tries them
            if (match := _EXCLUDED.match(root, opened)) is not None:
                return match
            opened = root.find(b"<", opened + 1, name)
        at = name + 1
    return None


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
