"""An edit's router: the base's, kept in the build's folder, as it is, with the edit's words
in small patches beside it.

Through a delta (:mod:`.pagefind_delta`) the base shards do not change between two folds;
what an edit changes of the router (:mod:`.pagefind_route`) is the delta's words (routed
to the delta, the last bundle) and each shard's dead words (no longer routed to it).
Merging every bundle's word list again took 0.23–0.32 s of each edit at 10,000 projects
(and grows with the site), and writing again the chunks holding a changed word rewrote
nearly all of them (a delta's few pages hold words of every range): 0.05–0.19 s. So the
router of a build without a delta (the base's) is kept (:func:`keep_router`: its chunks
linked into ``<records>/route``, its chunk list and facets in ``ROUTER``, by the bundles'
index hashes), and an edit's router (:func:`write_router_over`) is that one, its chunks
linked as they are, with a *patch* for each chunk whose range holds a changed word: the
words, each with the bundles it is now in besides the base's and those it is no longer
in, written in the delta's folder (``route/``; the patches of consecutive chunks in one
file of ``CHUNK_BYTES`` at most, so an edit writes few files) and listed in the
manifest's ``patches`` by chunk. The browser (``search/route.js``) reads a chunk's
patch with it, the words of the chunk's range. The facet
counts are the base's plus the delta's, less the masked entries'. Each word is routed to
the very bundles :func:`.pagefind_route.write_router` gives it (tested).
"""

from __future__ import annotations

import bisect
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.publish.files import link_or_copy
from generator.publish.pagefind_route import (
    CHUNK_BYTES,
    ROUTE_DIR,
    add_filters,
    bundle_ids,
    bundle_set,
    facets,
    js_order,
    read_words,
    unmask,
    write_chunk,
    write_router,
)
from generator.publish.pagefind_stable import LANGUAGE

ROUTER = "route.json"  # in the records' folder: the kept router's bundles, chunks and facets


def _hashes(bundles: list[Path]) -> list[str]:
    """The bundles' index hashes, in order: which bundles a router was made of."""
    return [str(json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
                ["languages"][LANGUAGE]["hash"]) for bundle in bundles]


def keep_router(route: Path, bundles: list[Path], manifest: Mapping[str, Any],
                kept: Path) -> None:
    """Keep the router just written into ``route`` (a folder of chunks) for ``bundles``
    (with none masked: ``manifest``, :func:`.pagefind_route.write_router`'s) in ``kept``.
    The record goes first and comes last: a build killed between leaves none."""
    record, folder = kept / ROUTER, kept / ROUTE_DIR
    record.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for _, name in manifest["route"]:
        link_or_copy(route / name, folder / name)
    data = {"bundles": _hashes(bundles), "route": manifest["route"],
            "filters": manifest["filters"],  # the bundles of each value as numbers
            "held": {name: {value: sorted(bundle_ids(spec)) for value, spec in values.items()}
                     for name, values in manifest["held"].items()}}
    record.with_name(ROUTER + ".new").write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(record.with_name(ROUTER + ".new"), record)


def _kept(base: list[Path], kept: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((kept / ROUTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("bundles") == _hashes(base) else None


def write_router_over(primary: Path, bundles: list[Path], masked: Iterable[Mapping[str, Any]],
                      dead: list[set[str]], kept: Path) -> dict[str, Any]:
    """:func:`.pagefind_route.write_router` of ``bundles`` (the base, then the delta), as
    the base's router kept in ``kept`` (made and kept first where there is none of this
    base) with patches (see the module); returns the manifest's part: its ``route``, its
    ``patches`` (by chunk: the patch's path under ``pagefind/``, or "") and the facets."""
    base, delta = bundles[:-1], bundles[-1]
    record = _kept(base, kept)
    if record is None:  # a site built before the record: the base's router made once
        made = kept / (ROUTE_DIR + ".made")
        shutil.rmtree(made, ignore_errors=True)
        made.mkdir(parents=True)
        keep_router(made / ROUTE_DIR, base, write_router(made, base), kept)
        shutil.rmtree(made, ignore_errors=True)
        record = _kept(base, kept)
        assert record is not None
    if not record["route"]:  # no chunk to patch (a base without words)
        return write_router(primary, bundles, masked, dead)
    number = len(base)  # the delta's
    words = read_words(delta)
    changes: dict[str, tuple[set[int], set[int]]] = {  # word -> bundles added, removed
        word: ({number}, set()) for word in words["words"]}
    for shard, dead_words in enumerate(dead[:number]):
        for word in dead_words:
            changes.setdefault(word, (set(), set()))[1].add(shard)
    route: list[list[str]] = [list(chunk) for chunk in record["route"]]
    starts = [js_order(first) for first, _ in route]
    touched: dict[int, list[tuple[bytes, str]]] = {}
    for word in changes:
        order = js_order(word)
        touched.setdefault(max(0, bisect.bisect_right(starts, order) - 1), []).append(
            (order, word))
    folder = primary / ROUTE_DIR
    folder.mkdir(exist_ok=True)
    for _, name in route:
        link_or_copy(kept / ROUTE_DIR / name, folder / name)
    patches = [""] * len(route)
    where = os.path.relpath(delta, primary).replace(os.sep, "/")
    shutil.rmtree(delta / ROUTE_DIR, ignore_errors=True)  # a delta taken as it was: its links
    if touched:
        (delta / ROUTE_DIR).mkdir()
    group: list[int] = []  # chunks whose patches go in one file, of CHUNK_BYTES at most
    entries: list[list[str]] = []
    size = 0

    def close() -> None:
        name = f"{where}/{ROUTE_DIR}/{write_chunk(delta / ROUTE_DIR, entries)}"
        for at in group:
            patches[at] = name

    for at, held in sorted(touched.items()):
        held.sort()
        for _, word in held:
            entry = [word, bundle_set(changes[word][0]), bundle_set(changes[word][1])]
            entries.append(entry)
            size += len(word.encode("utf-8")) + len(entry[1]) + len(entry[2]) + 9
        group.append(at)
        if at == 0 and held[0][0] < starts[0]:  # the first chunk begins at its first word
            route[0][0] = held[0][1]
        if size >= CHUNK_BYTES:
            close()
            group, entries, size = [], [], 0
    if group:
        close()
    filters = {name: dict(counts) for name, counts in record["filters"].items()}
    held_by: dict[str, dict[str, list[int]]] = record["held"]
    add_filters(filters, held_by, words["filters"], number)
    unmask(filters, masked)
    return {"route": route, "patches": patches, **facets(filters, held_by)}
