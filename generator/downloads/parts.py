"""The whole-site downloads made from per-project parts that a build folder keeps.

A whole-site file (results.csv, indicators.csv, rectification.csv, results.json, the
sheets of results.xlsx) is one stream per kind: each project's rows, in content order. A
project's part is made from its file alone, so after an edit only the edited project's
parts are made again; the others are copied from the previous build's stream file, and the
file is put together from the stream (measured at 10,000 projects: results.xlsx took about
45 s on each rebuild, nearly all of it making rows that had not changed).

Streams are files, read and written a part at a time: nothing holds a whole stream in
memory. A part records, besides its bytes, its row count and, for worksheets, the widths
its cells need (:mod:`generator.downloads.xlsx`). The index of the previous build's parts
is taken when a build starts and saved when its downloads are done, so a killed build
leaves no index that could vouch for half-written streams.
"""

from __future__ import annotations

import mmap
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from generator.core.model import Project, ProjectHead

INDEX = "index.pickle"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Part:
    """One project's share of a stream."""

    data: bytes
    rows: int = 0
    widths: tuple[int, ...] = ()  # per column, for worksheets


Make = Callable[[Project], Part]
Key = Callable[[ProjectHead], str]
Full = Callable[[ProjectHead], Project]  # the whole project of a head


def _whole(project: ProjectHead) -> Project:
    """Without a loader, the projects given are whole ones."""
    return cast(Project, project)
_Entry = tuple[str, int, int, int, tuple[int, ...]]  # key, offset, length, rows, widths


class Stream:
    """One stream's parts, in the order of the projects it was gathered for."""

    def __init__(self, path: Path, entries: list[_Entry]) -> None:
        self.path = path
        self.entries = entries
        self.rows = sum(entry[3] for entry in entries)
        self.size = sum(entry[2] for entry in entries)

    def widths(self, columns: int) -> list[int]:
        widths = [0] * columns
        for entry in self.entries:
            for index, width in enumerate(entry[4]):
                if width > widths[index]:
                    widths[index] = width
        return widths

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while chunk := handle.read(size):
                yield chunk

    def piece(self, index: int) -> bytes:
        """The part of the index-th project."""
        _, offset, length, _, _ = self.entries[index]
        with self.path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def read(self) -> bytes:
        return self.path.read_bytes()


class PartStore:
    """Streams by name. ``folder``: where they are kept between builds (None: a temporary
    folder, nothing kept); ``base``: what every part depends on besides its project (code,
    settings, the build's time); ``key``: a project's file as it is now; ``full``: the
    whole project of a head (:meth:`generator.content.discovery.Content.full`)."""

    def __init__(self, folder: Path | None = None, base: str = "",
                 key: Key | None = None, full: Full = _whole) -> None:
        self._temporary = folder is None
        self.full = full
        self.folder = Path(tempfile.mkdtemp(prefix="parts-")) if folder is None else folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.base = base
        self.key = key
        self.previous: dict[str, dict[str, _Entry]] = {}
        self.made: dict[str, dict[str, _Entry]] = {}
        index = self.folder / INDEX
        if key is not None and not self._temporary:
            try:
                with index.open("rb") as handle:
                    record = pickle.load(handle)
                if isinstance(record, dict) and record.get("base") == base:
                    self.previous = record["streams"]
            except Exception:  # absent, torn or foreign: every part is made anew
                pass
            index.unlink(missing_ok=True)

    def gather(self, name: str, projects: Sequence[ProjectHead], make: Make) -> Stream:
        """The stream ``name`` for these projects (see :meth:`gather_all`)."""
        return self.gather_all(projects, {name: make})[name]

    def gather_all(self, projects: Sequence[ProjectHead], makes: dict[str, Make]
                   ) -> dict[str, Stream]:
        """The streams named in ``makes`` for these projects, in one pass: each project's
        part taken from the previous build's stream when its file did not change, else
        made from the whole project, loaded once for all streams (``full``)."""
        names = list(makes)
        with ExitStack() as stack:
            outs = {n: stack.enter_context((self.folder / f"{n}.new").open("wb"))
                    for n in names}
            olds = {n: self.previous.get(n, {}) for n in names}
            maps = {n: stack.enter_context(
                _Mapped(self.folder / f"{n}.part" if olds[n] else None)) for n in names}
            entries: dict[str, list[_Entry]] = {n: [] for n in names}
            files: dict[str, dict[str, _Entry]] = {n: {} for n in names}
            offsets = dict.fromkeys(names, 0)
            for project in projects:
                key = self.key(project) if self.key is not None else ""
                whole: Project | None = None
                for n in names:
                    entry = olds[n].get(project.file)
                    data = maps[n].slice(entry[1], entry[2]) \
                        if entry is not None and entry[0] == key else None
                    if data is not None and entry is not None:
                        rows, widths = entry[3], entry[4]
                    else:
                        if whole is None:
                            whole = self.full(project)
                        part = makes[n](whole)
                        data, rows, widths = part.data, part.rows, part.widths
                    outs[n].write(data)
                    made = (key, offsets[n], len(data), rows, widths)
                    offsets[n] += len(data)
                    entries[n].append(made)
                    files[n][project.file] = made
        streams = {}
        for n in names:
            source = self.folder / f"{n}.part"
            os.replace(self.folder / f"{n}.new", source)
            self.made[n] = files[n]
            streams[n] = Stream(source, entries[n])
        return streams

    def __enter__(self) -> PartStore:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def save(self) -> None:
        """Record the streams gathered this build for the next (streams not gathered go)."""
        if self._temporary:
            return
        for path in self.folder.glob("*.part"):
            if path.stem not in self.made:
                path.unlink()
        tmp = self.folder / f"{INDEX}.{os.getpid()}.tmp"
        with tmp.open("wb") as handle:
            pickle.dump({"base": self.base, "streams": self.made}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / INDEX)


class _Mapped:
    """The previous stream file, mapped for reading (None when there is none)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.view: mmap.mmap | None = None
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> _Mapped:
        if self.path is not None:
            try:
                self._handle = self.path.open("rb")
                if os.fstat(self._handle.fileno()).st_size:
                    self.view = mmap.mmap(self._handle.fileno(), 0, access=mmap.ACCESS_READ)
            except OSError:
                self.view = None
        return self

    def slice(self, offset: int, length: int) -> bytes | None:
        if length == 0:  # an empty part (a project without rows), even of an empty file
            return b""
        if self.view is None or offset + length > len(self.view):
            return None
        return self.view[offset:offset + length]

    def __exit__(self, *exc: object) -> None:
        if self.view is not None:
            self.view.close()
        if self._handle is not None:
            self._handle.close()
