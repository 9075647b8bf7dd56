"""The published search bundles an edit takes as they are, left where they already are.

A build puts the new site together in the site the build before replaced (:mod:`.spare`).
Through a delta (:mod:`.pagefind_delta`) every shard of the base is taken from the published
site as it is, and between two folds the base does not change: the bundles in that folder
are then, file for file, the published ones (hard links to the same inodes). Removing them
and linking them again (``cp -al`` of ~20,000 files, and their removal in the background,
at 10,000 projects: 0.35–0.72 s of an edit's Pagefind stage, beside the rest) is work for
nothing. So the folder's ``pagefind/`` stays (:class:`.spare.Tree`, ``keep_apart``), and a
bundle taken under its own name whose files there are the published bundle's (the same
paths, the same inodes, both listed by ``find`` beside the check: :class:`.spare.Listing`)
is kept; everything else there goes (what is indexed anew, the delta, the router, the
manifest, the bundles of another plan, any file a killed build left) before the bundles
are linked and the new ones moved in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.publish.files import discard
from generator.publish.pagefind_route import ROUTE_DIR
from generator.publish.spare import Inodes

PAGEFIND_DIR = "pagefind"
PAGEFIND_SHARDS = "shards.json"  # in pagefind/: the other shards' folders, for the browser
SHARD_PREFIX = "shard-"
ENTRY = "pagefind-entry.json"  # in each bundle


@dataclass
class Held:
    """What the folder the new site is put together in holds of ``pagefind/`` (its files,
    site-relative, by inode) and the published site's files (:class:`.spare.Inodes`)."""

    files: Mapping[str, int]
    published: Inodes


def bundle_of(rel: str) -> str | None:
    """The bundle a file under ``pagefind/`` belongs to (site-relative), or None for what
    every build writes anew in the first bundle's folder (the router, the manifest)."""
    parts = rel.split("/", 2)
    if len(parts) < 2 or parts[0] != PAGEFIND_DIR:
        return None
    if parts[1].startswith(SHARD_PREFIX):
        return f"{PAGEFIND_DIR}/{parts[1]}" if len(parts) > 2 else None
    if parts[1] in (ROUTE_DIR, PAGEFIND_SHARDS):
        return None
    return PAGEFIND_DIR


def _same_as_published(held: Held, bundles: Iterable[str]) -> set[str]:
    """Of ``bundles``, those whose files the folder holds are the published bundle's (the
    same paths, the same inodes): the files that differ are found with the dicts' own
    lookups, and only they are asked which bundle they are of (grouping every file by its
    bundle took 0.13–0.17 s of an edit at 2,000 projects, beside the downloads)."""
    mine, theirs = held.files, held.published.files
    prefix = PAGEFIND_DIR + "/"
    differ = [rel for rel, inode in mine.items() if theirs.get(rel) != inode]
    differ += [rel for rel in theirs if rel.startswith(prefix) and rel not in mine]
    unlike = {bundle_of(rel) for rel in differ}
    return {bundle for bundle in set(bundles)
            if bundle not in unlike and f"{bundle}/{ENTRY}" in mine}


def keep_published(site_dir: Path, trash_for: Path, bundles: Iterable[str],
                   held: Held | None, device: int) -> set[str]:
    """Of ``bundles`` (taken from the published site under their own names), those whose
    files ``site_dir/pagefind`` holds already are kept; everything else under it is
    removed (``trash_for``: the site whose name the removed folders are renamed after, see
    :func:`.files.discard`; ``held`` None: nothing is known of it, all of it goes). Returns
    the bundles kept. ``device``: ``site_dir``'s."""
    folder = site_dir / PAGEFIND_DIR
    if not folder.is_dir():
        return set()
    kept: set[str] = set()
    if held is not None and held.published.device == device:
        kept = _same_as_published(held, bundles)
    for entry in list(os.scandir(folder)):  # not while entries are renamed away
        rel = f"{PAGEFIND_DIR}/{entry.name}"
        bundle = bundle_of(f"{rel}/x") if entry.is_dir(follow_symlinks=False) else \
            bundle_of(rel)
        if bundle in kept:
            continue
        if entry.is_dir(follow_symlinks=False):
            discard(Path(entry.path), trash_for)
        else:
            os.unlink(entry.path)
    return kept
