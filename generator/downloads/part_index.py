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
from pathlib import Path

from generator.base.records import load_record, save_record
from generator.downloads.part_columns import Columns, Entry

INDEX = "index.pickle"
DELTA = "index.delta"
FORMAT = 4  # of the index (3: a base by columns and a delta; 4: read as columns)
Entries = dict[str, dict[str, Entry]]  # stream -> file -> entry (an edit's, the delta's)


class PartIndex:
    """The index in ``folder`` for ``base`` (what every part depends on besides its
    project): :meth:`load` the last build's parts, :meth:`save` this build's."""

    def __init__(self, folder: Path, base: str) -> None:
        self.folder, self.base = folder, base
        self.token = ""  # the base's, "" when there is none
        self.files: dict[str, list[str]] = {}  # each stream's files, in the base's order
        self.delta: Entries = {}
        self.written = 0  # entries written by the last save (the tests count them)

    def load(self) -> dict[str, Columns]:
        """Every stream's parts (the base's, the delta's put over them); none where the
        base is absent, torn, of another format or of another ``base``. The base's columns
        are used as unpickled (streams with the same files share one list of them)."""
        record = load_record(self.folder / INDEX)
        if not isinstance(record, dict) or record.get("base") != self.base or \
                record.get("format") != FORMAT:
            return {}
        self.token = record["token"]
        streams = {name: Columns.of(columns) for name, columns in record["streams"].items()}
        self.files = {name: columns.files for name, columns in streams.items()}
        delta = load_record(self.folder / DELTA)
        if isinstance(delta, dict) and delta.get("token") == self.token:
            places: dict[int, dict[str, int]] = {}  # by files: once for the 12 streams
            for columns in streams.values():
                at = places.get(id(columns.files))
                if at is None:
                    places[id(columns.files)] = columns.positions()
                else:
                    columns.placed(at)
            if any(file not in streams[name].positions() for name, changed in
                   delta["streams"].items() if name in streams for file in changed):
                self.token, self.files = "", {}  # a delta not over this base's files
                return {}
            self.delta = delta["streams"]
            for name, changed in self.delta.items():
                if name in streams and changed:
                    columns = streams[name] = streams[name].copy()
                    at = columns.positions()
                    for file, entry in changed.items():
                        columns.put(at[file], entry)
        return streams

    def remove(self) -> None:
        """Before a stream's file is written anew: nothing may vouch for it."""
        (self.folder / INDEX).unlink(missing_ok=True)
        (self.folder / DELTA).unlink(missing_ok=True)
        self.token = ""

    def save(self, made: dict[str, Columns], changed: Entries | None) -> None:
        """Record ``made`` (this build's parts); ``changed``: those of them not in the
        last build's index where every stream was appended to (None: a stream was written
        anew). Only the delta is written when the base still lists the same files in the
        same order and the delta stays small."""
        if changed is not None and self.token and set(made) == set(self.files) and \
                all(made[name].files == self.files[name] for name in made):
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
        streams = {}
        for name, columns in made.items():
            kept = columns.record()
            # one list for the same files, and for the same keys: the streams' parts are
            # made from the same projects (pickled once, shared when read back)
            for column in ("files", "keys"):
                kept[column] = shared.setdefault((column, *kept[column]), kept[column])
            streams[name] = kept
        save_record(self.folder / INDEX, {"base": self.base, "format": FORMAT,
                                          "token": self.token, "streams": streams})
        (self.folder / DELTA).unlink(missing_ok=True)
        self.files = {name: columns.files for name, columns in made.items()}
        self.delta = {}
        self.written = sum(map(len, made.values()))
