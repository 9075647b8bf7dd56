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
(the rows are then read one by one, as before). The blob holds the heads as columns (one
list a field, :func:`_blob`), each head's texts packed (:mod:`generator.core.heads`):
unpickled where read, so an edit's build reads the texts of the pages it renders only. It
also holds the heads' order in the content (:attr:`CheckCache.in_order`): an edit's check
puts the changed projects in it, and does not sort them all again. At 2,000 projects an
edit's check took 0.19–0.21 s of CPU before these (issue 45), 0.11–0.12 s after (the
check stage of ``build`` alone in a fresh process, best of five, on a loaded machine).

Never stored in ``content/``: the cache lives under the build folder and may be deleted at
any time (the next build is then a clean one).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import threading
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from generator.base.heap import collector_paused
from generator.base.records import load_record, save_record
from generator.core.heads import PACKS, TEXTS_PACK, pack
from generator.core.model import Project, ProjectHead
from generator.core.problems import Problem
from generator.publish.paths import ROOT

CHECK_CACHE = "check-cache"  # folder under the build folder
DATABASE = "results.sqlite"
HEADS = "heads.blob"  # every head result in one pickle (see the module's docstring)
FORMAT = 5  # of the code version: 2 split heads from whole projects, 3 added the blob,
# 4 packed the heads' texts in it, 5 kept its heads as columns
FRESH_MOST = 64  # rows read over the blob before it is made again (or 5 % of the files)

Result = tuple[Any, list[Problem]]  # (a ProjectHead or Project, or None; its problems)
Stored = tuple[bytes, bytes | None]  # see CheckCache.stored


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_version(*packages: str) -> str:
    """A digest of every source file of the given packages (``generator/<name>``, ``.py``
    and templates), with the Python version: a change to the code invalidates what was
    made with it. Each package read once a process (a build asks for ``core`` three times:
    the pages', the checked results' and the themes' keys), as the code it runs is."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT} {sys.version}".encode())
    for package in packages:
        known = _PACKAGES.get(package)
        if known is None:
            known = _PACKAGES[package] = _package_digest(package)
        digest.update(known)
    return digest.hexdigest()


_PACKAGES: dict[str, bytes] = {}  # see code_version


def _package_digest(package: str) -> bytes:
    """Each source file's path (under the repository, with ``/``) and bytes, in the order
    of the paths' parts; one walk of the folder, paths as text (pathlib's rglob and
    relative_to took 13 ms of every build's check)."""
    root = os.fspath(ROOT)
    found: list[str] = []
    for parent, subfolders, files in os.walk(os.path.join(root, "generator", package)):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend(os.path.join(parent, name) for name in files if not name.endswith(".pyc"))
    start = len(root) + 1
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(found, key=lambda path: path[start:].split(os.sep)):
        digest.update(path[start:].replace(os.sep, "/").encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.digest()


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


# the fields of a head kept in the blob as columns, in the order a head's dictionary holds
# them (the dataclass's, its packed texts last: see generator.core.heads.restore)
COLUMNS = tuple(f.name for f in fields(ProjectHead) if f.name not in PACKS[TEXTS_PACK])


def _blob(key: str, token: str, entries: dict[str, tuple[str, Result]],
          order: list[ProjectHead] | None = None) -> dict[str, Any]:
    """The blob's record: names, digests, the problems of the files that have some, and the
    heads as one list a field (:data:`COLUMNS`; their texts one packed bytes a head), with
    the heads' positions in the content's order when ``order`` (this run's, as
    :meth:`CheckCache.sorted_as` was told it) holds them all.

    Columns, not heads: unpickling a list of values is a loop in C, where a head each was
    a call of :func:`_head` and a dictionary each (at 2,000 projects 36 ms to read the
    blob, against 8 ms for its columns and 4 ms to make the heads of them)."""
    names = list(entries)
    heads: list[ProjectHead] = []
    rows: list[int] = []  # the index of each head's file
    problems: dict[int, list[Problem]] = {}
    for index, (_, (head, found)) in enumerate(entries.values()):
        if found:
            problems[index] = found
        if head is not None:
            rows.append(index)
            heads.append(head)
    at = {id(head): n for n, head in enumerate(heads)}
    ordered = [at[id(head)] for head in order if id(head) in at] if order else None
    dictionaries = [head.__dict__ for head in heads]
    return {"format": FORMAT, "key": key, "token": token, "names": names,
            "digests": [entries[name][0] for name in names], "problems": problems,
            "rows": rows, "fields": COLUMNS,
            "columns": [[values[name] for values in dictionaries] for name in COLUMNS],
            "texts": [pack(values, TEXTS_PACK) for values in dictionaries],
            "order": ordered if ordered is not None and len(ordered) == len(heads) else None}


def _entries(record: dict[str, Any]
             ) -> tuple[dict[str, tuple[str, Result]], list[ProjectHead] | None]:
    """The entries of a blob's record (:func:`_blob`) and its heads in the content's order
    (if it holds it): each head made without :meth:`ProjectHead.__setstate__` (the
    record's pickle already wrote a value shared by many heads once; interning each again
    took half the time of reading them), key by key (see :func:`generator.core.heads.
    restore`), its texts packed (unpickled where one of them is read, :mod:`generator.
    core.heads`)."""
    if record["fields"] != COLUMNS:
        raise ValueError("another head's fields")
    names, digests, problems = record["names"], record["digests"], record["problems"]
    heads: list[ProjectHead | None] = [None] * len(names)
    made: list[ProjectHead] = []
    keys = (*COLUMNS, TEXTS_PACK)
    new = object.__new__
    for index, row in zip(record["rows"], zip(*record["columns"], record["texts"],
                                               strict=True), strict=True):
        head = heads[index] = new(ProjectHead)
        made.append(head)
        values = head.__dict__
        for key, value in zip(keys, row, strict=True):
            values[key] = value
    order = record["order"]
    return ({name: (digest, (head, problems.get(index) or []))
             for index, (name, digest, head) in enumerate(zip(names, digests, heads,
                                                              strict=True))},
            None if order is None else [made[n] for n in order])


REPLACED_MOST = 1000  # files read anew whose earlier heads are kept (see CheckCache.before)


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
        # the blob's heads in the content's order (when it holds it): the order the next
        # sort starts from (generator.content.discovery); and this run's, for the next blob
        self.in_order: list[ProjectHead] | None = None
        self._sorted: list[ProjectHead] | None = None
        # the heads this run's puts replaced (a file's earlier bytes'), while few: a
        # corrected score's old total tells which ranks it can have moved
        self.replaced: dict[str, ProjectHead | None] | None = {}
        self._loaded = False
        self._connections: dict[tuple[int, int], sqlite3.Connection] = {}

    def __getstate__(self) -> dict[str, Any]:
        """What a worker started without fork gets: no connection, no heads."""
        return {**self.__dict__, "_connections": {}, "entries": {}, "in_order": None,
                "_sorted": None, "replaced": {}}

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
            # the fresh rows found without reading every row's page (at 2,000 projects
            # 5 ms of every edit's check, and the pages of the whole table from disk)
            db.execute("CREATE INDEX fresh_rows ON results (name) WHERE fresh = 1")
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
        query = "SELECT name, digest, head FROM results"
        with collector_paused(join_frozen=True):  # the heads live as long as the build
            record = load_record(self.folder / HEADS) if token else None
            if isinstance(record, dict) and record.get("format") == FORMAT and \
                    record.get("key") == self.key and record.get("token") == token:
                try:
                    self.entries, self.in_order = _entries(record)
                    self.blob_current = True
                    query += " WHERE fresh = 1"
                except Exception:  # noqa: BLE001 - torn or foreign: the rows are read
                    self.entries, self.in_order = {}, None
            rows = db.execute(query).fetchall()
            if self.blob_current:
                self.fresh = len(rows)
            for name, digest, head in rows:
                try:
                    self.entries[name] = (digest, pickle.loads(head))
                except Exception:  # noqa: BLE001 - a foreign row: that file is checked again
                    continue

    def read(self) -> None:
        """Every head result loaded, unless it is already (:meth:`get` loads them)."""
        if not self._loaded:
            self.load()

    def get(self, name: str, digest: str) -> Result | None:
        """The head result stored for this file and bytes, if any."""
        self.read()
        self.digests[name] = digest
        entry = self.entries.get(name)
        if entry is not None and entry[0] == digest:
            self.hits += 1
            return entry[1]
        return None

    def before(self, name: str) -> ProjectHead | None:
        """The head this file had before this run read it anew (its earlier bytes'); None
        when it had none (new, or it had errors), or when this run read many anew."""
        return self.replaced.get(name) if self.replaced is not None else None

    def earlier(self, name: str) -> ProjectHead | None:
        """The head stored for this file name whatever its bytes (its problems' themes
        tell those of an edited file's unchanged texts, :func:`generator.core.themes.
        seed`); None for none, or for a file that had errors."""
        entry = self.entries.get(name)
        return entry[1][0] if entry is not None else None

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
        old = self.entries.get(name)
        if old is not None and self.replaced is not None:
            self.replaced[name] = old[1][0]  # None: it had errors
            if len(self.replaced) > REPLACED_MOST:
                self.replaced = None
        self.entries[name] = (digest, head)
        self.fresh += 1
        self._db().execute("INSERT OR REPLACE INTO results (name, digest, head, whole, fresh) "
                           "VALUES (?, ?, ?, ?, 1)", (name, digest, head_blob, whole))
        return head

    def sorted_as(self, heads: list[ProjectHead]) -> None:
        """This run's heads in the content's order, kept in the blob if it is made again."""
        self._sorted = heads

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
        save_record(self.folder / HEADS, _blob(self.key, token, self.entries, self._sorted))
        db.executemany("DELETE FROM results WHERE name = ?", gone)
        db.execute("UPDATE results SET fresh = 0 WHERE fresh = 1")
        db.execute("UPDATE meta SET token = ?", (token,))
        db.commit()
        self.blob_current, self.fresh = True, 0
