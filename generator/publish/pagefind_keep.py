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


def _by_bundle(files: Iterable[tuple[str, int]]) -> dict[str, dict[str, int]]:
    grouped: dict[str, dict[str, int]] = {}
    for rel, inode in files:
        bundle = bundle_of(rel)
        if bundle is not None:
            grouped.setdefault(bundle, {})[rel] = inode
    return grouped


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
        mine = _by_bundle(held.files.items())
        prefix = PAGEFIND_DIR + "/"
        theirs = _by_bundle((rel, inode) for rel, inode in held.published.files.items()
                            if rel.startswith(prefix))
        kept = {bundle for bundle in set(bundles)
                if bundle in mine and mine[bundle] == theirs.get(bundle)}
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
