"""What a build keeps in its build folder so that the next one does no work twice.

:class:`CheckCache`: every project file's checked result (the project, or its problems),
keyed by the file's bytes (BLAKE2 digest) and the checker's version (a digest of the
sources of ``generator/core`` and ``generator/content``, the Python version, the site
settings): an unchanged file is not parsed, scored or checked again. Entries are pickled
in buckets by file name, so an edit rewrites one bucket, not the whole cache.

Never stored in ``content/``: the cache lives under the build folder and may be deleted at
any time (the next build is then a clean one).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.build.heap import collector_paused
from generator.build.paths import ROOT

CHECK_CACHE = "check-cache"  # folder under the build folder
BUCKETS = 64
FORMAT = 1


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    return digest_bytes(path.read_bytes())


def code_version(*packages: str) -> str:
    """A digest of every source file of the given packages (``generator/<name>``, ``.py``
    and templates), with the Python version: a change to the code invalidates what was
    made with it."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT} {sys.version}".encode())
    for package in packages:
        folder = ROOT / "generator" / package
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts and p.suffix != ".pyc"):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % BUCKETS


class CheckCache:
    """Checked results by file (its display path) and bytes.

    ``key``: what else the results depend on (checker version, site settings, folders);
    a bucket made under another key is ignored."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self.entries: dict[str, tuple[str, Any]] = {}
        self.digests: dict[str, str] = {}  # display path -> digest, files of this run
        self.hits = 0
        self._dirty: set[int] = set()
        self._loaded = False

    def load(self) -> None:
        self._loaded = True
        with collector_paused():
            for index in range(BUCKETS):
                self._load_bucket(index)

    def _load_bucket(self, index: int) -> None:
        path = self.folder / f"{index:02d}.pickle"
        try:
            with path.open("rb") as handle:
                key, entries = pickle.load(handle)
        except FileNotFoundError:
            return
        except Exception:  # a torn or foreign file: that bucket is made again
            self._dirty.add(index)
            return
        if key == self.key:
            self.entries.update(entries)
        else:
            self._dirty.add(index)

    def get(self, name: str, digest: str) -> Any | None:
        if not self._loaded:
            self.load()
        self.digests[name] = digest
        entry = self.entries.get(name)
        if entry is not None and entry[0] == digest:
            self.hits += 1
            return entry[1]
        return None

    def put(self, name: str, digest: str, result: Any) -> None:
        self.digests[name] = digest
        self.entries[name] = (digest, result)
        self._dirty.add(_bucket(name))

    def save(self, seen: Iterable[str] | None = None) -> None:
        """Write the buckets that changed; entries of files not seen this run go."""
        keep = set(self.digests if seen is None else seen)
        for name in [n for n in self.entries if n not in keep]:
            del self.entries[name]
            self._dirty.add(_bucket(name))
        if not self._dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        buckets: dict[int, dict[str, tuple[str, Any]]] = {i: {} for i in self._dirty}
        for name, entry in self.entries.items():
            index = _bucket(name)
            if index in buckets:
                buckets[index][name] = entry
        for index, entries in buckets.items():
            path = self.folder / f"{index:02d}.pickle"
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump((self.key, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        self._dirty.clear()
