"""Where the parts of each stream lie (:mod:`.parts`), kept as a base and a delta so that
an edit writes only what it changed.

Why: the index was one pickle of every entry (at 10,000 projects ~130,000 tuples of six
fields): every edit's rebuild unpickled it whole and pickled it whole again (0.2 s of
the downloads' thread for the saving alone, for one changed project). Now the base
(:data:`INDEX`) holds each stream column by column (arrays and one list of keys, at C
speed both ways), and an edit that appended to every stream, its projects in the same
order, writes only the delta (:data:`DELTA`): the entries changed since the base, a few
per edited project. The base is written anew when the projects or their order change,
when a stream was written anew, or once the delta is more than a quarter of the base.

Both are records (:mod:`generator.base.records`): a delta names the base it belongs to
(``token``), and one of another base is ignored, so a build killed between writing a new
base and removing the old delta leaves a correct index.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.base.heap import collector_paused
from generator.base.records import load_record, save_record

INDEX = "index.pickle"
DELTA = "index.delta"
FORMAT = 3  # of the index (3: a base by columns and a delta)
# key, offset, length, rows, widths, and a digest of the part's bytes (see Stream.digest)
Entry = tuple[str, int, int, int, tuple[int, ...], bytes]
Entries = dict[str, dict[str, Entry]]  # stream -> file -> entry


class PartIndex:
    """The index in ``folder`` for ``base`` (what every part depends on besides its
    project): :meth:`load` the last build's entries, :meth:`save` this build's."""

    def __init__(self, folder: Path, base: str) -> None:
        self.folder, self.base = folder, base
        self.token = ""  # the base's, "" when there is none
        self.files: dict[str, list[str]] = {}  # each stream's files, in the base's order
        self.delta: Entries = {}
        self.written = 0  # entries written by the last save (the tests count them)

    def load(self) -> Entries:
        """Every stream's entries by file (the base's, then the delta's over them); none
        where the base is absent, torn, of another format or of another ``base``."""
        record = load_record(self.folder / INDEX)
        if not isinstance(record, dict) or record.get("base") != self.base or \
                record.get("format") != FORMAT:
            return {}
        self.token = record["token"]
        # ~130,000 tuples at 10,000 projects, none garbage, held until the downloads end
        with collector_paused(join_frozen=True):
            entries = {name: _entries(self, name, columns)
                       for name, columns in record["streams"].items()}
        delta = load_record(self.folder / DELTA)
        if isinstance(delta, dict) and delta.get("token") == self.token:
            self.delta = delta["streams"]
            for name, changed in self.delta.items():
                if name in entries:
                    entries[name].update(changed)
        return entries

    def remove(self) -> None:
        """Before a stream's file is written anew: nothing may vouch for it."""
        (self.folder / INDEX).unlink(missing_ok=True)
        (self.folder / DELTA).unlink(missing_ok=True)
        self.token = ""

    def save(self, made: Entries, changed: Entries | None) -> None:
        """Record ``made`` (this build's entries); ``changed``: those of them not in the
        last build's index where every stream was appended to (None: a stream was written
        anew). Only the delta is written when the base still lists the same files in the
        same order and the delta stays small."""
        if changed is not None and self.token and set(made) == set(self.files) and \
                all(list(made[name]) == self.files[name] for name in made):
            delta = {name: {**self.delta.get(name, {}), **changed.get(name, {})}
                     for name in made}
            size = sum(map(len, delta.values()))
            if not any(changed.values()):  # the delta there holds it all
                self.written = 0
                return
            if size * 4 <= sum(map(len, made.values())):
                save_record(self.folder / DELTA, {"token": self.token, "streams": delta})
                self.delta = delta
                self.written = size
                return
        self.token = os.urandom(8).hex()
        shared: dict[tuple[str, ...], list[str]] = {}
        keys: dict[tuple[str, ...], list[str]] = {}
        streams = {}
        for name, entries in made.items():
            files = list(entries)
            files = shared.setdefault(tuple(files), files)  # one list for the same order
            columns = streams[name] = _columns(files, entries.values())
            # and for the same keys: the streams' parts are made from the same projects
            columns["keys"] = keys.setdefault(tuple(columns["keys"]), columns["keys"])
        save_record(self.folder / INDEX, {"base": self.base, "format": FORMAT,
                                          "token": self.token, "streams": streams})
        (self.folder / DELTA).unlink(missing_ok=True)
        self.files = {name: list(entries) for name, entries in made.items()}
        self.delta = {}
        self.written = sum(map(len, made.values()))


def _columns(files: list[str], entries: Iterable[Entry]) -> dict[str, Any]:
    """One stream's entries column by column."""
    keys, offsets, lengths, rows, widths, digests = (list(column) for column in
                                                     zip(*entries, strict=True)) \
        if files else ([], [], [], [], [], [])
    columns = len(widths[0]) if widths else 0
    if any(len(w) != columns for w in widths):  # parts of another shape: kept as they are
        flat: Any = widths
    else:  # two bytes a column where they fit (columns are at most 60 wide: most do)
        values = [width for entry in widths for width in entry]
        try:
            flat = array("H", values)
        except OverflowError:
            flat = array("q", values)
    return {"files": files, "keys": keys, "offsets": array("q", offsets),
            "lengths": array("q", lengths), "rows": array("q", rows), "columns": columns,
            "widths": flat, "digests": digests}  # a list of bytes: read at C speed


def _entries(index: PartIndex, name: str, columns: dict[str, Any]) -> dict[str, Entry]:
    files = columns["files"]
    index.files[name] = files
    count = columns["columns"]
    flat = columns["widths"]
    if isinstance(flat, list):
        widths: Any = flat
    elif count:
        widths = zip(*[iter(flat.tolist())] * count, strict=True)
    else:
        widths = [()] * len(files)
    return dict(zip(files, zip(columns["keys"], columns["offsets"].tolist(),
                               columns["lengths"].tolist(), columns["rows"].tolist(),
                               widths, columns["digests"], strict=True), strict=True))
