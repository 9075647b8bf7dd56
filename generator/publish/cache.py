"""What a build keeps in its build folder so that the next one does no work twice.

:class:`CheckCache`: every project file's checked result, keyed by the file's bytes (BLAKE2
digest) and the checker's version (a digest of the sources of ``generator/core`` and
``generator/content``, the Python version, the site settings): an unchanged file is not
parsed, scored or checked again.

The results live in one SQLite database (the standard library's): per file, the project's
head and problems (:class:`~generator.core.model.ProjectHead`, all loaded at the start of a
build) and the whole project (loaded one at a time, by :meth:`CheckCache.full`, where a
page or a download needs it). So a build holds the heads of all projects, not their
indicator trees, and an edit rewrites one row. SQLite's transactions keep a killed build
from leaving half a cache: what the next build finds is the last complete one.

What it removes, measured at 10,000 projects (docs/dev/performance.md, 最新一轮): the
check is ~14 s of a clean build (2.2 ms a file); with the cache an edit checks one file and
a build with nothing changed returns in 0.3 s. Reproduce: the ``check`` stage of the clean
and edit rows of ``.venv/bin/python -m tests.bench.bench --sizes 10000``.

The heads of all projects are also kept in one pickle beside the database (``heads.blob``),
read in one go at the start of a build (at 2,000 projects 0.08 s against 0.14–0.19 s for a
row each, unpickled one by one): the rows written since it was made are marked ``fresh`` and
read over it, so an edit rewrites one row, not the whole blob; the blob is made again when
a file went or the fresh rows grow many (:data:`FRESH_MOST`). The database's ``token`` names
the blob it agrees with: a blob written by a build killed before its commit is not used
(the rows are then read one by one, as before). In the blob each head's texts are packed
(:mod:`generator.core.heads`): unpickled where read, so an edit's build reads the texts of
the pages it renders only.

Never stored in ``content/``: the cache lives under the build folder and may be deleted at
any time (the next build is then a clean one).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sqlite3
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.base.heap import collector_paused
from generator.base.records import load_record, save_record
from generator.core.heads import PACKS, pack
from generator.core.model import Project, ProjectHead
from generator.core.problems import Problem
from generator.publish.paths import ROOT

CHECK_CACHE = "check-cache"  # folder under the build folder
DATABASE = "results.sqlite"
HEADS = "heads.blob"  # every head result in one pickle (see the module's docstring)
FORMAT = 4  # of the code version: 2 split heads from whole projects, 3 added the blob,
# 4 packed the heads' texts in it
FRESH_MOST = 64  # rows read over the blob before it is made again (or 5 % of the files)

Result = tuple[Any, list[Problem]]  # (a ProjectHead or Project, or None; its problems)
Stored = tuple[bytes, bytes | None]  # see CheckCache.stored


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _head(state: dict[str, Any], *packed: bytes) -> ProjectHead:
    """A head from the blob: its values as they were written, without
    :meth:`ProjectHead.__setstate__` (the blob's pickle already writes a value shared by
    many heads once; interning each again took half the time of reading them), and its
    texts packed, unpickled where one of them is read (:mod:`generator.core.heads`)."""
    head = object.__new__(ProjectHead)
    values = head.__dict__
    for key, value in state.items():  # key by key: see generator.core.heads.restore
        values[key] = value
    for key, value in zip(PACKS, packed, strict=True):
        values[key] = value
    return head


_PACKED = frozenset((*PACKS, *(name for names in PACKS.values() for name in names)))


class _BlobPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is ProjectHead:
            values = obj.__dict__
            return _head, ({key: value for key, value in values.items()
                            if key not in _PACKED}, *(pack(values, key) for key in PACKS))
        return NotImplemented


def _blob(value: Any) -> bytes:
    buffer = io.BytesIO()
    _BlobPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class CheckCache:
    """Checked results by file (its display path) and bytes.

    ``key``: what else the results depend on (checker version, site settings, folders);
    results made under another key are dropped on first use."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self.entries: dict[str, tuple[str, Result]] = {}  # heads: name -> (digest, result)
        self.digests: dict[str, str] = {}  # display path -> digest, files of this run
        self.hits = 0
        self.fresh = 0  # rows that the blob does not hold (read over it, or put this run)
        self.blob_current = False  # whether the blob and the database agree
        self._loaded = False
        self._connections: dict[tuple[int, int], sqlite3.Connection] = {}

    def __getstate__(self) -> dict[str, Any]:
        """What a worker started without fork gets: no connection, no heads."""
        return {**self.__dict__, "_connections": {}, "entries": {}}

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (the downloads thread and forked workers read through
        their own; only the build's main thread writes, and commits before they start)."""
        here = (os.getpid(), threading.get_ident())
        connection = self._connections.get(here)
        if connection is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob("*.pickle"):  # the buckets of format 1
                old.unlink(missing_ok=True)
            path = self.folder / DATABASE
            try:
                connection = self._open(path)
            except sqlite3.DatabaseError:  # not a database, or torn beyond its journal
                path.unlink(missing_ok=True)
                connection = self._open(path)
            self._connections[here] = connection
        return connection

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level="DEFERRED", check_same_thread=False)
        db.execute("PRAGMA synchronous = OFF")  # a lost cache only costs a clean build
        stored = None
        try:
            stored = db.execute("SELECT key FROM meta").fetchone()
        except sqlite3.OperationalError:  # a new database
            pass
        if stored is None or stored[0] != self.key:  # another checker's (or format's)
            db.execute("DROP TABLE IF EXISTS meta")
            db.execute("DROP TABLE IF EXISTS results")
            db.execute("CREATE TABLE meta (key TEXT NOT NULL, token TEXT NOT NULL)")
            db.execute("CREATE TABLE results (name TEXT PRIMARY KEY, digest TEXT NOT NULL, "
                       "head BLOB NOT NULL, whole BLOB, fresh INTEGER NOT NULL)")
            db.execute("INSERT INTO meta (key, token) VALUES (?, '')", (self.key,))
        db.commit()
        return db

    def close(self) -> None:
        """Close every connection (another is opened if the cache is read again)."""
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def load(self) -> None:
        """Every head result: from the blob and the rows written since it was made when
        the database names that blob, else from every row."""
        self._loaded = True
        db = self._db()
        token = db.execute("SELECT token FROM meta").fetchone()[0]
        blob = load_record(self.folder / HEADS) if token else None
        query = "SELECT name, digest, head FROM results"
        with collector_paused():
            if isinstance(blob, bytes):
                try:
                    record = pickle.loads(blob)
                except Exception:  # noqa: BLE001 - torn or foreign: the rows are read
                    record = None
                if isinstance(record, dict) and record.get("key") == self.key and \
                        record.get("token") == token:
                    self.entries = record["entries"]
                    self.blob_current = True
                    query += " WHERE fresh = 1"
            rows = db.execute(query).fetchall()
            if self.blob_current:
                self.fresh = len(rows)
            for name, digest, head in rows:
                try:
                    self.entries[name] = (digest, pickle.loads(head))
                except Exception:  # noqa: BLE001 - a foreign row: that file is checked again
                    continue

    def get(self, name: str, digest: str) -> Result | None:
        """The head result stored for this file and bytes, if any."""
        if not self._loaded:
            self.load()
        self.digests[name] = digest
        entry = self.entries.get(name)
        if entry is not None and entry[0] == digest:
            self.hits += 1
            return entry[1]
        return None

    @staticmethod
    def stored(result: Result) -> Stored:
        """A file's checked result as it is stored: its head result and its whole project,
        pickled. Made where the file was checked: a worker hands this process bytes, not a
        whole project to unpickle and pickle again (~2.5 ms a file of the check's main
        process, which stores every file's result)."""
        project, problems = result
        whole = _dumps(project) if isinstance(project, Project) else None
        head: Result = (project.head() if isinstance(project, Project) else project,
                        problems)
        return _dumps(head), whole

    def put(self, name: str, digest: str, stored: Stored) -> Result:
        """Store a file's result (as :meth:`stored` gives it); returns it with the project's
        head in place of the whole project (the whole one is in the database, see
        :meth:`full`)."""
        head_blob, whole = stored
        head: Result = pickle.loads(head_blob)
        self.digests[name] = digest
        self.entries[name] = (digest, head)
        self.fresh += 1
        self._db().execute("INSERT OR REPLACE INTO results (name, digest, head, whole, fresh) "
                           "VALUES (?, ?, ?, ?, 1)", (name, digest, head_blob, whole))
        return head

    def full(self, name: str) -> Project | None:
        """The whole project of a file stored by :meth:`put` (and saved)."""
        row = self._db().execute("SELECT whole FROM results WHERE name = ?",
                                 (name,)).fetchone()
        return pickle.loads(row[0]) if row is not None and row[0] is not None else None

    def save(self, seen: Iterable[str] | None = None) -> None:
        """Commit what this run stored; results of files not seen this run go. The blob is
        made again when a result went, when it did not agree with the database or when
        the rows read over it grew many: written between two commits, and named by the
        second (a build killed between them leaves a blob that no database names)."""
        keep = set(self.digests if seen is None else seen)
        gone = [(name,) for name in self.entries if name not in keep]
        for (name,) in gone:
            del self.entries[name]
        db = self._db()
        if not self._loaded:  # nothing was read: rows of files not seen are unknown here
            names = {row[0] for row in db.execute("SELECT name FROM results")}
            gone = [(n,) for n in names - keep]
            db.execute("UPDATE meta SET token = ''")  # the blob holds nothing of this run
            db.executemany("DELETE FROM results WHERE name = ?", gone)
            db.commit()
            return
        if not gone and self.blob_current and \
                self.fresh <= max(FRESH_MOST, len(self.entries) // 20):
            db.commit()
            return
        db.commit()  # this run's rows first: the blob holds them
        token = os.urandom(8).hex()
        save_record(self.folder / HEADS, _blob({"key": self.key, "token": token,
                                                "entries": self.entries}))
        db.executemany("DELETE FROM results WHERE name = ?", gone)
        db.execute("UPDATE results SET fresh = 0 WHERE fresh = 1")
        db.execute("UPDATE meta SET token = ?", (token,))
        db.commit()
        self.blob_current, self.fresh = True, 0
