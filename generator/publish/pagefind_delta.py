"""An edit's search index: the pages it changed, indexed into one small bundle that masks
their entries in the shards they were indexed in.

Pagefind has no incremental index: an edit's page meant indexing again its whole shard (700
pages at 10,000 projects: 6.0–7.8 s of an edit's 15–20 s on a loaded machine, more than
checking, rendering and MkDocs together). So, on a sharded site whose previous build is at
hand, the shards stay as they were published (the *base*) and every page whose searched
part differs from what its shard indexed, or that no shard holds, is indexed into the delta
bundle (``DELTA_BUNDLE``, listed last among the shards); the base entries of those pages,
and of pages no longer on the site, are *masked*: ``shards.json`` lists their fragments and
the browser drops them from every answer (``search/shards.js``), and the facet counts leave
them out (:func:`.pagefind_route.write_router`). A delta grows with each edit (a page
changed before stays in it); once it would hold more than ``DELTA_PAGES`` pages, the build
indexes the shards again as it would without one, those holding masked pages anew (their
index is of pages since changed), and the delta is gone.

What the reader finds is what a clean build's index gives (tested: after random edits, the
pages, words and filter values searched equal a clean build's, ``tests/test_search_delta.py``).
One difference remains, in ranking: Pagefind scores a page within its own bundle, so a delta
page's score (the last of the reading order's keys, ``search/order.js``) is not the one a
clean build gives it. It ends at the next fold.

Each masked page's fragment, with its filter values, is kept in the delta bundle (``MASKED``),
whence the next build takes it; so are the words only masked entries hold
(:func:`dead_words`), which the router leaves out. Both are found from what is kept of each
shard in the build's folder when it is indexed (:func:`keep_shard`: its fragments by URL,
its rare words by page), so an edit reads of the published shards only its masked pages'
own fragments, whatever the site's size.
"""

from __future__ import annotations

import gzip
import json
import marshal
import os
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.base.heap import collector_paused
from generator.publish.pagefind_han import read_han
from generator.publish.pagefind_route import page_numbers
from generator.publish.pagefind_stable import LANGUAGE, MAGIC, Unsupported, load_file

DELTA_BUNDLE = "pagefind/shard-delta"
# Pages a delta holds at most; more and the shards are indexed again (one Pagefind run of
# ~100 changed pages, seeded with the delta before, takes about a second).
DELTA_PAGES = 120
MASKED = "pe-masked.json"  # in the delta bundle: each masked page, its shard, fragment, filters
POSTINGS = ".postings"  # <cuts folder>.postings: the published shards' postings (postings())

Plan = dict[str, list[str]]  # bundle -> its pages (site-relative)
Mask = dict[str, Any]  # {"bundle", "fragment", "filters"}
Dead = dict[str, dict[str, list[str]]]  # bundle -> {"key": its masked fragments, "words"}


def base_of(plan: Mapping[str, list[str]]) -> Plan:
    """The plan's shards without its delta."""
    return {bundle: pages for bundle, pages in plan.items() if bundle != DELTA_BUNDLE}


def previous_delta(site: Path | None) -> tuple[dict[str, Mask], Dead]:
    """The delta's record in ``site`` (``MASKED``, read once a build): its masks (page ->
    mask) and its dead words (see :func:`dead_words`); none where it has no delta."""
    data: Any = {}
    if site is not None:
        try:
            data = json.loads((site / DELTA_BUNDLE / MASKED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
    if not isinstance(data, dict):
        data = {}
    return dict(data.get("pages") or {}), dict(data.get("dead") or {})


def plan_delta(before: Plan, masks: Mapping[str, Mask], site: list[str],
               differs: Callable[[str], bool], most: int) -> tuple[list[str], list[str]] | None:
    """The delta's pages and the base pages it masks (both in site order), or None where
    the delta would hold more than ``most`` pages. ``before``: the published plan (its
    delta, if any, included); ``masks``: its masked pages; ``site``: this build's pages in
    site order; ``differs(rel)``: whether a page's searched part differs from the published
    page's (asked only of pages a base shard holds and the published delta does not)."""
    base = {rel for pages in base_of(before).values() for rel in pages}
    earlier = set(before.get(DELTA_BUNDLE, ())) | set(masks)
    delta = [rel for rel in site if rel not in base or rel in earlier or differs(rel)]
    if len(delta) > most:
        return None
    present = set(site)
    held = set(delta)
    masked = [rel for pages in base_of(before).values() for rel in pages
              if rel in held or rel not in present]
    return delta, masked


def page_url(rel: str) -> str:
    """The URL Pagefind gives a page (site-relative ``a/b/index.html``): ``/a/b/``."""
    folder = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    return "/" + folder


def find_masks(previous: Path, before: Plan, masked: Iterable[str],
               known: Mapping[str, Mask], kept: Path | None = None) -> dict[str, Mask]:
    """Each masked page's fragment in its published shard, and the filter values it was
    indexed with: those of ``known`` (the published delta's) as they were, the others read
    from their shard's fragments. ``kept``: a folder of the build's where each shard's
    fragments by URL are kept (:func:`fragments_by_url`)."""
    shard_of = {rel: bundle for bundle, pages in base_of(before).items() for rel in pages}
    found: dict[str, Mask] = {}
    wanted: dict[str, dict[str, str]] = {}  # bundle -> url -> page
    for rel in masked:
        if rel in known and known[rel].get("bundle") == shard_of[rel]:
            found[rel] = dict(known[rel])
        else:
            wanted.setdefault(shard_of[rel], {})[page_url(rel)] = rel
    for bundle, urls in wanted.items():
        if kept is not None:
            named = fragments_by_url(previous / bundle, kept)
            for url in [url for url in urls if url in named]:
                fragment = named[url]
                raw = (previous / bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes()
                found[urls.pop(url)] = {"bundle": bundle, "fragment": fragment,
                                        "filters": _filters(gzip.decompress(raw)[len(MAGIC):])}
        else:
            for fragment, url, data in _fragments(previous / bundle):
                rel = urls.pop(url, "")
                if rel:
                    found[rel] = {"bundle": bundle, "fragment": fragment,
                                  "filters": _filters(data())}
                if not urls:
                    break
        if urls:  # not in the shard it was planned in: the plan and the bundle disagree
            raise ValueError(f"{bundle}: no fragment for {', '.join(sorted(urls))}")
    return found


def _filters(data: bytes) -> Any:
    return json.loads(data).get("filters") or {}


def fragments_by_url(bundle: Path, kept: Path) -> dict[str, str]:
    """A published shard's page fragments by URL, kept in ``kept`` by the shard's index
    hash: a shard stays as it is until the next fold, so only the first edit that masks one
    of its pages reads the start of each of its fragments (0.16–0.99 s of an edit at
    10,000 projects when each edit read them until its page's); the next ones look it up."""
    hashed = _entry_hash(bundle)
    cache = kept / f"{bundle.name}.urls.marshal"
    try:
        with open(cache, "rb") as read:
            value = marshal.load(read)
        if isinstance(value, tuple) and len(value) == 2 and value[0] == hashed:
            return dict(value[1])
    except (OSError, EOFError, ValueError, TypeError):
        pass  # made again below
    named = {url: fragment for fragment, url, _ in _fragments(bundle)}
    _save(cache, (hashed, named))
    return named


def _save(cache: Path, value: Any) -> None:
    _save_bytes(cache, [marshal.dumps(value)])


def _save_bytes(cache: Path, parts: list[bytes]) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{cache}.new", "wb") as out:  # a killed build leaves no half of one
        out.writelines(parts)
    os.replace(f"{cache}.new", cache)


def keep_shard(bundle: Path, name: str, kept: Path,
               held: list[tuple[str, tuple[int, ...]]], urls: list[tuple[str, str]]) -> None:
    """Keep in ``kept`` what an edit needs of a shard just indexed (``bundle``, to be
    published as ``name``): its fragments by URL (:func:`fragments_by_url`) and its
    words on at most :data:`RARE` pages by page (``held``, from the index chunks
    :func:`.pagefind_route.list_words` reads anyway; :func:`keep_words`), by its index
    hash. The first edit masking one of its pages then looks them up: read from the
    published shard instead, they took 0.5–1.0 s of each such edit at 2,000 projects
    (one shard of ~500 pages; a shard's size, not the site's), most of its Pagefind stage."""
    hashed = _entry_hash(bundle)
    _save(kept / f"{name}.urls.marshal", (hashed, {url: fragment for fragment, url in urls}))
    keep_words(kept, name, hashed, [fragment for fragment, _ in urls], held)


_URL = re.compile(rb'^pagefind_dcd\{"url":("(?:[^"\\]|\\.)*")')


def _fragments(bundle: Path) -> Iterable[tuple[str, str, Callable[[], bytes]]]:
    """Each page's fragment name, URL and data (JSON, read when called), in the bundle's
    page order. The URL is the fragment's first field (Pagefind 1.5): only the start of
    each file is ungzipped (0.21 s a bundle of 600 pages, all parsed as JSON)."""
    for page in _pages(bundle):
        raw = (bundle / "fragment" / f"{page[0]}.pf_fragment").read_bytes()
        head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(raw, 1024)
        match = _URL.match(head)
        if match is None:
            raise Unsupported(f"{page[0]}: not a Pagefind fragment")

        def data(raw: bytes = raw) -> bytes:
            return gzip.decompress(raw)[len(MAGIC):]

        yield page[0], json.loads(match.group(1)), data


def page_urls(bundle: Path) -> list[tuple[str, str]]:
    """Each page's fragment and URL, in the bundle's page order."""
    return [(fragment, url) for fragment, url, _ in _fragments(bundle)]


def fragments_of(bundle: Path) -> set[str]:
    """The fragments of a bundle's pages."""
    return {page[0] for page in _pages(bundle)}


def _entry_hash(bundle: Path) -> str:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return str(entry["languages"][LANGUAGE]["hash"])


def _pages(bundle: Path, hashed: str | None = None) -> list[list[Any]]:
    """A bundle's pages, ``[[fragment, word count], …]`` in its page order (Pagefind 1.5)."""
    hashed = hashed or _entry_hash(bundle)
    meta, _ = load_file(bundle / f"pagefind.{hashed}.pf_meta")
    return list(meta[1])


Postings = tuple[list[str], list[tuple[str, tuple[int, ...]]]]
RARE = 64  # the words kept by page are those on at most this many pages (see keep_shard)
WORDS_KEPT = ".words"  # <shard>.words in the build's folder: its rare words by page


def postings(bundle: Path, most: int | None = None) -> Postings:
    """A bundle's page fragments in its page order, and each of its words held by at most
    ``most`` pages (None: all) with the numbers of those pages, in its index's order, read
    from its index chunks (0.4 s for 700 pages on an idle machine, 1.7–3.0 s beside a
    build)."""
    hashed = _entry_hash(bundle)
    fragments = [page[0] for page in _pages(bundle, hashed)]
    words: list[tuple[str, tuple[int, ...]]] = []
    with collector_paused():
        for chunk in sorted((bundle / "index").glob("*.pf_index")):
            for word, held, *_ in load_file(chunk)[0][0]:
                if most is None or len(held) <= most:
                    words.append((word, page_numbers(held)))
    words += [(word, pages) for word, pages in read_han(bundle)
              if most is None or len(pages) <= most]
    return fragments, words


def keep_words(kept: Path, name: str, hashed: str, fragments: list[str],
               held: Iterable[tuple[str, tuple[int, ...]]]) -> None:
    """Keep a shard's words on at most :data:`RARE` pages (``held``, with their pages) by
    page, by its index hash: ``<name>.words`` is the length of its head (8 bytes), its head
    (marshal: the hash, the fragments in page order, where each page's part ends) and each
    page's part (marshal: its rare words, each with how many pages hold it). The words only
    some masked entries hold are then found from those pages' parts alone
    (:func:`dead_words`), whatever the shard's size: loading the shard's postings took
    0.10–0.17 s of each edit at 2,000 projects (a tenth of its Pagefind stage)."""
    by_page: list[list[tuple[str, int]]] = [[] for _ in fragments]
    for word, pages in held:
        if len(pages) <= RARE:
            for page in pages:
                by_page[page].append((word, len(pages)))
    parts = [marshal.dumps(words) for words in by_page]
    ends, at = [], 0
    for part in parts:
        at += len(part)
        ends.append(at)
    head = marshal.dumps((hashed, fragments, ends))
    _save_bytes(kept / f"{name}{WORDS_KEPT}",
                [len(head).to_bytes(8, "big"), head, *parts])


def _dead_kept(kept: Path, name: str, hashed: str, masked: set[str]) -> list[str] | None:
    """The words only the ``masked`` fragments hold, from the shard's record
    (:func:`keep_words`); None where there is none of this index (or too many are masked
    for it: a word on more than :data:`RARE` pages is not in it)."""
    if len(masked) > RARE:
        return None
    try:
        with open(kept / f"{name}{WORDS_KEPT}", "rb") as read:
            size = int.from_bytes(read.read(8), "big")
            head = marshal.loads(read.read(size))
            if not (isinstance(head, tuple) and len(head) == 3 and head[0] == hashed):
                return None
            _, fragments, ends = head
            numbers = [i for i, fragment in enumerate(fragments) if fragment in masked]
            masking: dict[str, int] = {}  # word -> how many masked pages hold it
            total: dict[str, int] = {}  # word -> how many pages hold it
            for number in numbers:
                start = ends[number - 1] if number else 0
                read.seek(8 + size + start)
                for word, count in marshal.loads(read.read(ends[number] - start)):
                    if count <= len(numbers):
                        masking[word] = masking.get(word, 0) + 1
                        total[word] = count
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None  # made again from the chunks
    return sorted(word for word, count in masking.items() if count == total[word])


def masked_count(site: Path) -> int:
    """How many entries the site's delta masks (0 without one)."""
    return len(previous_delta(site)[0])


def dead_words(published: Path, masks: Mapping[str, Mask], known: Dead,
               kept: Path | None = None) -> Dead:
    """Each shard's words that only its masked entries hold (the shards read in the
    ``published`` site; the lists ``known`` to its delta taken where still good). The
    router leaves the shard out of them: a query word no page of the site holds any more
    is then in no bundle, and the browser drops it from the query as Pagefind does in one
    index (工商业联合会 once the 工商联's project was removed: else its words 商业 and 联合
    routed the query to the removed page's shard alone, which answered nothing). A shard's
    list is made again only when its masked entries change, from the record of its rare
    words by page in ``kept`` (a folder of the build's, :func:`keep_words`: written when
    the shard is indexed), or, where there is none, from its :func:`postings` (and kept)."""
    held: dict[str, set[str]] = {}
    for mask in masks.values():
        held.setdefault(mask["bundle"], set()).add(mask["fragment"])
    dead: Dead = {}
    for bundle, fragments in sorted(held.items()):
        key = sorted(fragments)
        if bundle in known and known[bundle].get("key") == key:
            dead[bundle] = known[bundle]
            continue
        name, hashed = bundle.rsplit("/", 1)[-1], _entry_hash(published / bundle)
        words = _dead_kept(kept, name, hashed, fragments) if kept is not None else None
        if words is None:
            # a word only masked entries hold is on as many pages at most
            pages, rare = postings(published / bundle, max(len(fragments), RARE))
            if kept is not None:
                keep_words(kept, name, hashed, pages, rare)
            numbers = {i for i, fragment in enumerate(pages) if fragment in fragments}
            words = sorted(word for word, holders in rare if len(holders) <= len(numbers)
                           and all(page in numbers for page in holders))
        dead[bundle] = {"key": key, "words": words}
    return dead


def write_masks(bundle: Path, masks: Mapping[str, Mask], dead: Dead) -> None:
    """Keep the masks and the dead words in the delta bundle, for the next build."""
    os.makedirs(bundle, exist_ok=True)
    new = bundle / (MASKED + ".new")  # the file there may be a link to the published one
    new.write_text(json.dumps({"pages": dict(sorted(masks.items())), "dead": dead},
                              ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(new, bundle / MASKED)
