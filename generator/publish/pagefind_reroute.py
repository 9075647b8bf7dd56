"""An edit's router: the base's, kept in the build's folder, with only the chunks of the
words the edit changed written again.

Through a delta (:mod:`.pagefind_delta`) the base shards do not change between two folds;
what an edit changes of the router (:mod:`.pagefind_route`) is the delta's words (routed
to the delta, the last bundle) and each shard's dead words (no longer routed to it).
Merging every bundle's word list again took 0.23–0.32 s of each edit at 10,000 projects
(and grows with the site). So the router of a build without a delta (the base's) is kept
(:func:`keep_router`: its chunks linked into ``<records>/route``, its chunk list and facets
in ``ROUTER``, by the bundles' index hashes), and an edit's router (:func:`write_router_over`)
is that one with the chunks holding a changed word read, changed and written again, the
others linked as they are; the facet counts are the base's plus the delta's, less the
masked entries'. A chunk keeps its range (its first word: where it begins for the
browser, ``search/route.js``); one left without words is left out. Each word is routed to
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
                      dead: list[set[str]], kept: Path) -> tuple[dict[str, Any], int]:
    """:func:`.pagefind_route.write_router` of ``bundles`` (the base, then the delta),
    from the base's router kept in ``kept`` (made and kept first where there is none of
    this base); returns the manifest's part and how many chunks were written again."""
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
    number = len(base)  # the delta's
    words = read_words(delta)
    added = set(words["words"])
    gone: dict[str, set[int]] = {}
    for shard, dead_words in enumerate(dead[:number]):
        for word in dead_words:
            gone.setdefault(word, set()).add(shard)
    starts = [js_order(first) for first, _ in record["route"]]
    touched: dict[int, list[str]] = {}
    for word in added | set(gone):
        touched.setdefault(max(0, bisect.bisect_right(starts, js_order(word)) - 1),
                           []).append(word)
    folder = primary / ROUTE_DIR
    folder.mkdir(exist_ok=True)
    route: list[list[str]] = []
    for at, (first, name) in enumerate(record["route"]):
        if at not in touched:
            link_or_copy(kept / ROUTE_DIR / name, folder / name)
            route.append([first, name])
            continue
        # in the browser's order already: the changed words found, the new ones put in
        entries = json.loads((kept / ROUTE_DIR / name).read_text(encoding="utf-8"))
        position = {entry[0]: i for i, entry in enumerate(entries)}
        new: list[list[str]] = []
        for word in touched[at]:
            at_word = position.get(word)
            holders = bundle_ids(entries[at_word][1] if at_word is not None else "") - \
                gone.get(word, set())
            if word in added:
                holders.add(number)
            if at_word is not None:
                entries[at_word][1] = bundle_set(holders)  # "": no longer routed
            elif holders:
                new.append([word, bundle_set(holders)])
        entries = [entry for entry in entries if entry[1]]
        for entry in new:
            bisect.insort(entries, entry, key=lambda entry: js_order(entry[0]))
        if entries:
            if not route:  # the first chunk begins at its first word
                first = min(first, entries[0][0], key=js_order)
            route.append([first, write_chunk(folder, entries)])
    filters = {name: dict(counts) for name, counts in record["filters"].items()}
    held: dict[str, dict[str, list[int]]] = record["held"]
    add_filters(filters, held, words["filters"], number)
    unmask(filters, masked)
    return {"route": route, **facets(filters, held)}, len(touched)
