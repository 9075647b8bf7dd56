"""The listings of the published site and of its spare (:class:`.spare.Listing`) kept in
the build folder, so that an edit lists again only the folders that changed.

Why: an edit waited 0.41–0.58 s (10,000 projects, ``mkdocs.listed``) for two ``find``
runs over ~30,000 files each, to learn what it already knew but for the few folders the
last build changed. A folder's modification time changes with every entry added, removed
or renamed in it, and a file's inode with nothing else: each folder is recorded with its
time, its files (by inode) and its folders, and a folder whose time is the one recorded is
taken from the record without being read. Only a ``stat`` of each folder is left (~11,000
at 10,000 projects). As git does with its index ("racily clean" entries), a folder is
trusted only when its time was well before the listing that recorded it: a change within
the clock's granularity cannot then leave the time as it was. The record is made by each
listing (whichever way it was made) and checks itself: nothing need vouch for it, and a
killed build leaves nothing wrong in it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from generator.base.records import load_record, save_record

RACY_NS = 2_000_000_000  # a folder changed this soon before it was listed: read again
FORMAT = 1
# a folder: its modification time, its files (site-relative) by inode, its folders
Folder = tuple[int, dict[str, int], tuple[str, ...]]
Found = tuple[dict[str, int], set[str], list[str]]  # files by inode, folders, empty ones


class Recorded:
    """The record in ``path``: each listed root's folders, by the root's device and inode
    (a folder renamed keeps its inode: the staging folder becomes the site, the site the
    spare)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._roots: dict[tuple[int, int], dict[str, Any]] | None = None
        self.made: dict[tuple[int, int], dict[str, Any]] = {}
        self.read = 0  # folders read this build (the tests count them)

    @property
    def roots(self) -> dict[tuple[int, int], dict[str, Any]]:
        """The record's roots, read when first wanted: in the listing's own process
        where there is one, not in the build's before the check (4.5 MB at 10,000
        projects, 0.05 s of an edit's check otherwise)."""
        if self._roots is None:
            record = load_record(self.path)
            self._roots = record["roots"] if isinstance(record, dict) and \
                record.get("format") == FORMAT else {}
        return self._roots

    def walk(self, root: str) -> Found | None:
        """What ``root`` holds, the folders recorded as they are taken from the record;
        None without a record of it (the caller lists it otherwise)."""
        try:
            st = os.stat(root)
        except OSError:
            return None
        ident = (st.st_dev, st.st_ino)
        old = self.roots.get(ident)
        if old is None:
            return None
        at = time.time_ns()
        trusted = old["at"] - RACY_NS
        recorded: dict[str, Folder] = old["folders"]
        files: dict[str, int] = {}
        folders: set[str] = set()
        empty: list[str] = []
        made: dict[str, Folder] = {}
        pending = [""]
        while pending:
            rel = pending.pop()
            path = os.path.join(root, rel) if rel else root
            try:
                mtime = os.stat(path).st_mtime_ns
            except OSError:
                continue
            folder = recorded.get(rel)
            if folder is None or folder[0] != mtime or mtime >= trusted:
                folder = _read(path, rel, mtime)
                self.read += 1
            made[rel] = folder
            files.update(folder[1])
            if rel:
                folders.add(rel)
                if not folder[1] and not folder[2]:
                    empty.append(rel)
            pending.extend(folder[2])
        self.made[ident] = {"at": at, "folders": made}
        return files, folders, empty

    def found(self, root: str, at: int, mtime: int, found: Found,
              mtimes: dict[str, int]) -> None:
        """Record a listing made otherwise (``find``): ``at``, when it started; ``mtime``,
        the root's time before it; ``mtimes``, each folder's time as it was listed."""
        st = os.stat(root)
        files, folders, _ = found
        made: dict[str, Folder] = {"": (mtime, {}, ())}
        subs: dict[str, list[str]] = {"": []}
        for rel in folders:
            made[rel] = (mtimes.get(rel, -1), {}, ())
            subs[rel] = []
        for rel in folders:
            subs[rel.rpartition("/")[0]].append(rel)
        for rel, inode in files.items():
            made[rel.rpartition("/")[0]][1][rel] = inode
        self.made[(st.st_dev, st.st_ino)] = {
            "at": at, "folders": {rel: (folder[0], folder[1], tuple(subs[rel]))
                                  for rel, folder in made.items()}}

    def alias(self, root: str, ident: tuple[int, int]) -> None:
        """The folder ``ident`` (device, inode) recorded as ``root``'s listing: a copy of
        ``root`` made this build whose folders keep their times (:class:`.files.LinkCopy`).
        Where the copy fails, the record names a folder that is gone: no root matches it."""
        st = os.stat(root)
        listed = self.made.get((st.st_dev, st.st_ino))
        if listed is not None:
            self.made[ident] = listed

    def save(self) -> None:
        """The roots listed this build (the next build's site and spare are among them)."""
        try:
            save_record(self.path, {"format": FORMAT, "roots": self.made})
        except OSError:  # the next build lists with ``find``
            self.path.unlink(missing_ok=True)


def _read(path: str, rel: str, mtime: int) -> Folder:
    files: dict[str, int] = {}
    folders: list[str] = []
    with os.scandir(path) as entries:
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(name)
            else:
                files[name] = entry.inode()
    return mtime, files, tuple(folders)


def parse_time(text: str) -> int:
    """``find``'s ``%T@`` (seconds, a point, ten digits) in nanoseconds."""
    seconds, _, fraction = text.partition(".")
    return int(seconds) * 1_000_000_000 + int((fraction + "000000000")[:9])
