"""Routing a query to the shards that can answer it: which bundles hold which words.

A large site's index is in shards (``pagefind.py``); a query word is in few of them, but the
browser cannot know which without asking every shard for the word's index chunk: at 100,000
projects (98 shards) a project's full name cost 1,115 requests and 11.6 s. So each bundle's
words are listed once, when it is indexed (``WORDS``, in the bundle: a bundle taken over from
the published site keeps its list), and after every build the lists are merged into a
router: the words in the browser's string order, each with the bundles holding it, cut into
chunks of ``CHUNK_BYTES`` under ``pagefind/route/`` and listed, with each chunk's first word,
in ``pagefind/shards.json``. The browser (``search/shards.js``) fetches the chunk
of each query word and loads and searches only the bundles holding all of them.

The filter counts of every bundle are summed here too, for the facet panel (Pagefind's
merged ``filters()`` would load every shard to add them up), and each filter value names
the bundles holding its pages, so that a faceted search reads only those.

Each bundle's filter index is also written as JSON (``LISTING``): its pages (their
fragments), the pages of each filter value and the pages in each sort's order. A search by
filters only (the facets without a query word) is answered from it (``search/listing.js``):
Pagefind 1.5.2's own ``search(null, {filters})`` fetches every index chunk (the empty word
matches them all: 25.9 MiB of 62 MiB at 10,000 projects), fixed upstream in 1.6.0 (pull
request 1317), which PyPI's ``pagefind_bin_extended`` does not have. DELETE ``LISTING`` and
``search/listing.js`` when the pinned Pagefind has that fix.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.base.heap import collector_paused
from generator.publish.pagefind_names import buckets
from generator.publish.pagefind_stable import LANGUAGE, load_file

WORDS = "pe-words.json"  # in each bundle: its words and filter counts
LISTING = "filter/pe-listing.json"  # in each bundle: its filter index, for search/listing.js
ROUTE_DIR = "route"  # in the primary bundle: the router's chunks
CHUNK_BYTES = 32 * 1024  # a chunk's JSON at most (one word more than that may end it)


Held = list[tuple[str, tuple[int, ...]]]  # words, each with its page numbers


def list_words(bundle: Path, rare: int | None = None,
               han: Iterable[tuple[str, tuple[int, ...]]] = ()) -> Held:
    """Write the bundle's words (every word of its index chunks and of its bigram index,
    ``han``: :mod:`.pagefind_han`, sorted) and its filter counts (pages per value, as
    Pagefind's ``filters()`` gives them) into ``WORDS``.
    Returns, for ``rare`` (None: none), each word held by at most ``rare`` pages with
    the numbers of those pages, in the index's order: what an edit's delta needs of a
    shard (:func:`.pagefind_delta.keep_shard`), from the chunks read here anyway.

    An index chunk is ``[[[word, [[page, [locations], …], …], …], …]]`` and a filter
    chunk ``[name, [[value, [page, …]], …]]`` (Pagefind 1.5)."""
    words: set[str] = set()
    held: Held = []
    with collector_paused():  # a chunk is millions of small lists: 2.9 s, not 8.0, at 10,000
        for chunk in sorted((bundle / "index").glob("*.pf_index")):
            entries = load_file(chunk)[0][0]
            words.update(entry[0] for entry in entries)
            if rare is not None:
                held += [(entry[0], page_numbers(entry[1])) for entry in entries
                         if len(entry[1]) <= rare]
        for word, pages in han:
            words.add(word)
            if rare is not None and len(pages) <= rare:
                held.append((word, pages))
    filters: dict[str, dict[str, int]] = {}
    for chunk in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = load_file(chunk)[0]
        counts = filters.setdefault(name, {})
        for value, pages in values:
            counts[value] = counts.get(value, 0) + len(pages)
    data = {"words": sorted(words), "filters": filters}
    (bundle / WORDS).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")
    write_listing(bundle)
    return held


def page_numbers(held: list[Any]) -> tuple[int, ...]:
    """A word's pages in an index chunk (``[[step, …], …]``: each page's number as a step
    from the one before), as numbers."""
    page, pages = 0, []
    for step, *_ in held:
        page += step
        pages.append(page)
    return tuple(pages)


def write_listing(bundle: Path) -> None:
    """Write the bundle's filter index as JSON (``LISTING``): ``pages`` (each page's
    fragment, by Pagefind's page number, less ``prefix``, in one string), ``filters`` (name
    → value → page numbers as ranges, :func:`bundle_set`: a shard's pages are in path order,
    so a year's are one range), ``sorts`` (name → page numbers in ascending order) and
    ``han`` (the buckets of its bigram index, :mod:`.pagefind_han`, whose page numbers,
    as its texts', are these). At 10,000
    projects a shard of 475 pages: 18,415 bytes as plain lists, 11,258 so.

    The metadata is ``[version, [[fragment, words], …], index chunks, [[filter, chunk], …],
    [[sort, [page, …]], …], …]`` (Pagefind 1.5)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = load_file(bundle / f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta")[0]
    filters: dict[str, dict[str, str]] = {}
    for chunk in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = load_file(chunk)[0]
        filters[name] = {value: bundle_set(pages) for value, pages in sorted(values)}
    sorts = dict(sorted((name, pages) for name, pages in meta[4])) if len(meta) > 4 else {}
    names = [page[0] for page in meta[1]]  # the bigram index and the texts are by number
    prefix = f"{LANGUAGE}_" if all(name.startswith(f"{LANGUAGE}_") for name in names) else ""
    data = {"prefix": prefix, "pages": " ".join(name[len(prefix):] for name in names),
            "filters": dict(sorted(filters.items())), "sorts": sorts,
            "han": " ".join(buckets(bundle))}
    listing = bundle / LISTING
    listing.parent.mkdir(exist_ok=True)  # a bundle without filters has no filter folder
    listing.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                       encoding="utf-8")


def read_words(bundle: Path) -> dict[str, Any]:
    return json.loads((bundle / WORDS).read_text(encoding="utf-8"))


def js_order(word: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units (Python by code points)."""
    return word.encode("utf-16-be")


def bundle_set(ids: Iterable[int]) -> str:
    """Numbers as ranges: "0-3,7,9-97" (bundles: most words are in one bundle, a few in all;
    pages of a filter value in a listing: a year's are one range)."""
    parts: list[str] = []
    start = end = -2
    for i in sorted(ids):
        if i == end + 1:
            end = i
            continue
        if start >= 0:
            parts.append(str(start) if start == end else f"{start}-{end}")
        start = end = i
    if start >= 0:
        parts.append(str(start) if start == end else f"{start}-{end}")
    return ",".join(parts)


def write_router(primary: Path, bundles: list[Path],
                 masked: Iterable[Mapping[str, Any]] = (),
                 dead: list[set[str]] | None = None) -> dict[str, Any]:
    """Merge the bundles' word lists (bundle 0 the primary) into the router's chunks under
    ``primary/ROUTE_DIR`` (written anew); returns the manifest's ``route`` (the chunks),
    ``filters`` (pages per filter value, all bundles, less the entries a delta masks:
    ``masked``, each with the ``filters`` its page was indexed with,
    :mod:`.pagefind_delta`; ``dead``: per bundle, the words only its masked entries hold,
    not routed to it) and ``held`` (the bundles holding pages of each filter value: a
    search by 年度 reads the shards of that year's pages)."""
    holders: dict[str, list[int]] = {}
    filters: dict[str, dict[str, int]] = {}
    held: dict[str, dict[str, list[int]]] = {}
    for number, bundle in enumerate(bundles):
        data = read_words(bundle)
        gone = dead[number] if dead else set()
        for word in data["words"]:
            if word not in gone:
                holders.setdefault(word, []).append(number)
        add_filters(filters, held, data["filters"], number)
    unmask(filters, masked)
    folder = primary / ROUTE_DIR
    folder.mkdir(exist_ok=True)
    chunks: list[list[str]] = []
    entries: list[list[str]] = []
    size = 0

    def close() -> None:  # it ends where the next begins
        chunks.append([entries[0][0], write_chunk(folder, entries)])

    for word in sorted(holders, key=js_order):
        entry = [word, bundle_set(holders[word])]
        entries.append(entry)
        size += len(word.encode("utf-8")) + len(entry[1]) + 6
        if size >= CHUNK_BYTES:
            close()
            entries, size = [], 0
    if entries:
        close()
    return {"route": chunks, **facets(filters, held)}


def add_filters(filters: dict[str, dict[str, int]], held: dict[str, dict[str, list[int]]],
                counts: dict[str, dict[str, int]], number: int) -> None:
    """Add shard ``number``'s filter counts to the site's totals, and note that it holds
    each value (one way for the whole router and for an edit's kept one)."""
    for name, by_value in counts.items():
        total = filters.setdefault(name, {})
        for value, count in by_value.items():
            total[value] = total.get(value, 0) + count
            held.setdefault(name, {}).setdefault(value, []).append(number)


def unmask(filters: dict[str, dict[str, int]], masked: Iterable[Mapping[str, Any]]) -> None:
    """The facet counts less the masked entries (each with its page's filter values)."""
    for mask in masked:
        for name, values in mask["filters"].items():
            for value in values:
                filters[name][value] -= 1
                if not filters[name][value]:
                    del filters[name][value]


def facets(filters: Mapping[str, Mapping[str, int]],
           held: Mapping[str, Mapping[str, Iterable[int]]]) -> dict[str, Any]:
    """The manifest's ``filters`` and ``held`` (see :func:`write_router`)."""
    return {"filters": {name: dict(sorted(counts.items()))
                        for name, counts in sorted(filters.items())},
            "held": {name: {value: bundle_set(numbers) for value, numbers in sorted(values.items())}
                     for name, values in sorted(held.items())}}


def write_chunk(folder: Path, entries: list[list[str]]) -> str:
    """Write a router chunk (``[[word, bundles], …]``), named by its content; its name."""
    text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] + ".json"
    (folder / name).write_text(text, encoding="utf-8")
    return name


def bundle_ids(spec: str) -> set[int]:
    """The numbers of a :func:`bundle_set` ("0-3,7": {0, 1, 2, 3, 7})."""
    ids: set[int] = set()
    for part in filter(None, spec.split(",")):
        first, _, last = part.partition("-")
        ids.update(range(int(first), int(last or first) + 1))
    return ids
