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
stays while streams are only appended to (what it points at stays where it is) and is
removed before a stream file is written anew; it is saved once the streams are done. So a
killed build leaves no index that could vouch for half-written streams, and most often the
index of the build before, still good.
"""

from __future__ import annotations

import errno
import hashlib
import io
import mmap
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import compress
from operator import add, ne
from pathlib import Path
from typing import IO, cast

from generator.core.model import Project, ProjectHead
from generator.downloads.part_columns import Columns, Entry
from generator.downloads.part_index import INDEX as INDEX  # where the tests look
from generator.downloads.part_index import Entries, PartIndex

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


def part_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Stream:
    """One stream's parts (:class:`~.part_columns.Columns`), in the order of the projects
    it was gathered for. Its file may hold them in another order, and parts no longer
    used (see :class:`_Gathering`)."""

    def __init__(self, path: Path, columns: Columns) -> None:
        self.path = path
        self.columns = columns
        self.rows = sum(columns.rows)
        self.size = sum(columns.lengths)

    def __len__(self) -> int:
        return len(self.columns)

    def widths(self, columns: int) -> list[int]:
        """Each column's widest cell (a part without rows has no widths)."""
        return self.columns.widest(columns)

    def digest(self, *around: bytes) -> str:
        """What a file made of these parts in order and of ``around`` (its head, its
        tail) holds, from the parts' digests: a file written from a stream of the same
        digest has the same bytes, whichever build wrote it (:mod:`.outputs`)."""
        digest = hashlib.blake2b(digest_size=16)
        for data in around:
            digest.update(part_digest(data))
        digest.update(b"".join(self.columns.digests))
        return digest.hexdigest()

    def part(self, first: int, end: int) -> Stream:
        """The parts of the projects ``first`` to ``end``."""
        return Stream(self.path, self.columns.slice(first, end))

    def some(self, indices: Sequence[int]) -> Stream:
        """The parts of the projects at these places."""
        return Stream(self.path, self.columns.take(indices))

    def ranges(self, first: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """(offset, length) in the file of the parts ``first`` to ``end``, in order, those
        that follow each other in the file joined."""
        joined: list[tuple[int, int]] = []
        columns = self.columns
        for offset, length in zip(columns.offsets[first:end], columns.lengths[first:end],
                                  strict=True):
            if joined and joined[-1][0] + joined[-1][1] == offset:
                joined[-1] = (joined[-1][0], joined[-1][1] + length)
            elif length:
                joined.append((offset, length))
        return joined

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            yield from read_ranges(handle, self.ranges(), size)

    def piece(self, index: int) -> bytes:
        """The part of the index-th project."""
        offset, length = self.columns.offsets[index], self.columns.lengths[index]
        with self.path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def read(self) -> bytes:
        return b"".join(self.chunks())


def read_ranges(handle: IO[bytes], ranges: list[tuple[int, int]], size: int = CHUNK
                ) -> Iterator[bytes]:
    """The bytes of these (offset, length) ranges of a file, in pieces of at most ``size``."""
    for offset, length in ranges:
        handle.seek(offset)
        while length > 0:
            piece = handle.read(min(size, length))
            if not piece:
                raise ValueError(f"{handle.name}: ends before {offset + length}")
            length -= len(piece)
            yield piece


def copy_range(source: IO[bytes], out: IO[bytes], offset: int, length: int) -> None:
    """``length`` bytes of ``source`` from ``offset`` appended to ``out`` (flushed)."""
    if length <= 0:
        return
    done = 0
    try:
        while done < length:
            copied = os.copy_file_range(source.fileno(), out.fileno(), length - done,
                                        offset + done)
            if copied == 0:
                raise ValueError(f"{source.name}: ends before {offset + length}")
            done += copied
        out.seek(0, os.SEEK_END)  # the kernel moved the file's offset, not the buffer's
        return
    except (AttributeError, OSError) as exc:
        if done or not _unsupported(exc):
            raise
    source.seek(offset)
    limited = _Limited(source, length)
    shutil.copyfileobj(limited, out, CHUNK)
    if limited.left:
        raise ValueError(f"{source.name}: ends before {offset + length}")


def _unsupported(exc: BaseException) -> bool:
    """The kernel cannot copy between these files (another file system, a system without
    the call, a file that is no file)."""
    return isinstance(exc, AttributeError | io.UnsupportedOperation) or getattr(
        exc, "errno", None) in (errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL)


class _Limited:
    """The next ``left`` bytes of a file, read by :func:`shutil.copyfileobj`."""

    def __init__(self, source: IO[bytes], left: int) -> None:
        self.source, self.left = source, left

    def read(self, size: int = -1) -> bytes:
        want = self.left if size < 0 else min(size, self.left)
        data = self.source.read(want) if want else b""
        self.left -= len(data)
        return data


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
        self.index = PartIndex(self.folder, base)
        self.previous: dict[str, Columns] = {}
        self.made: dict[str, Columns] = {}
        self.changed: Entries | None = {}  # this build's new entries; None: a stream anew
        if key is not None and not self._temporary:  # else every part is made anew
            self.previous = self.index.load()

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
            gathering = {n: _Gathering(self.folder / f"{n}.part", self.previous.get(n))
                         for n in names}
            if not all(g.appending for g in gathering.values()):  # a file written anew
                self.index.remove()
                self.changed = None
            for g in gathering.values():
                stack.enter_context(g)
            if all(g.appending for g in gathering.values()):
                self._append(projects, makes, gathering)
            else:
                for project in projects:
                    key = self.key(project) if self.key is not None else ""
                    whole: Project | None = None
                    for n in names:
                        if gathering[n].keep(project.file, key):
                            continue
                        if whole is None:
                            whole = self.full(project)
                        gathering[n].add(project.file, key, makes[n](whole))
            for n in names:
                gathering[n].finish()
        streams = {}
        for n in names:
            self.made[n] = gathering[n].columns
            if self.changed is not None:
                self.changed[n] = gathering[n].added
            streams[n] = Stream(gathering[n].path, gathering[n].columns)
        return streams

    def _append(self, projects: Sequence[ProjectHead], makes: dict[str, Make],
                gathering: dict[str, _Gathering]) -> None:
        """Every stream's file kept and appended to (an edit): the parts of the projects
        whose files did not change taken a stream at a time, as a whole list, and only the
        others made (at 10,000 projects, a part looked at one at a time in each of the
        twelve streams took about 0.5 s of every edit's rebuild)."""
        files = [project.file for project in projects]
        keys = [self.key(p) for p in projects] if self.key is not None else [""] * len(files)
        missing: set[int] = set()
        for g in gathering.values():
            missing.update(g.keep_all(files, keys))
        for index in sorted(missing):
            whole = self.full(projects[index])
            for n, g in gathering.items():
                if index in g.missing:
                    g.add_at(index, files[index], keys[index], makes[n](whole))

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
        self.index.save(self.made, self.changed)


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


COMPACT = 2  # a stream's file is written anew once it is this many times its parts' size


class _Gathering:
    """One stream being gathered. After an edit, its file is kept and the changed parts
    are appended to it: the others stay where they are (at 10,000 projects the streams are
    about 500 MB, which each rebuild used to copy). Once the parts no longer used make the
    file more than COMPACT times the size of those in use, or when it cannot be trusted, it
    is written anew, every part in order."""

    def __init__(self, path: Path, previous: Columns | None) -> None:
        self.path = path
        self.previous = previous if previous is not None else Columns()
        self.columns = Columns()
        self.added: dict[str, Entry] = {}  # appending: the parts appended, by file
        self.missing: set[int] = set()  # appending: the places keep_all left to add_at
        try:
            size = path.stat().st_size
        except OSError:
            size = -1
        old = self.previous
        live = sum(old.lengths)  # at C speed (100,000 parts, 12 streams: each edit asks)
        covered = max(map(add, old.offsets, old.lengths), default=0)
        self.appending = bool(old) and covered <= size <= COMPACT * live
        self.end = size if self.appending else 0
        self._target = path if self.appending else path.with_name(f"{path.name}.new")
        self._files = ExitStack()

    def keep(self, file: str, key: str) -> bool:
        """Take the file's part from the previous build, if its file did not change."""
        old = self.previous
        index = old.positions().get(file) if old else None
        if index is None or old.keys[index] != key:
            return False
        entry = old.entry(index)
        if self.appending:  # where it is
            self.columns.append(file, entry)
            return True
        data = self._mapped.slice(entry[1], entry[2])
        if data is None:
            return False
        self._write(file, (key, data, entry[3], entry[4]), entry[5])
        return True

    def keep_all(self, files: list[str], keys: list[str]) -> list[int]:
        """Appending: take the parts of all these files (in order) that did not change;
        the places of the others, which :meth:`add_at` fills in."""
        assert self.appending
        self.columns, absent = self.previous.taken(files)
        # at C speed: 100,000 files in each of 12 streams, on every edit
        changed = compress(range(len(files)), map(ne, self.columns.keys, keys))
        self.missing = set(absent).union(changed)
        return sorted(self.missing)

    def add_at(self, index: int, file: str, key: str, part: Part) -> None:
        """The part of the ``index``-th file of :meth:`keep_all`, appended to the file."""
        entry = (key, self.end, len(part.data), part.rows, part.widths,
                 part_digest(part.data))
        self._out.write(part.data)
        self.end += len(part.data)
        self.columns.put(index, entry)
        self.added[file] = entry

    def add(self, file: str, key: str, part: Part) -> None:
        self._write(file, (key, part.data, part.rows, part.widths), part_digest(part.data))

    def _write(self, file: str, made: tuple[str, bytes, int, tuple[int, ...]],
               digest: bytes) -> None:
        key, data, rows, widths = made
        self._out.write(data)
        self.columns.append(file, (key, self.end, len(data), rows, widths, digest))
        self.end += len(data)

    def finish(self) -> None:
        """The file complete: written anew, it takes the old one's place."""
        self._out.close()
        if self._target != self.path:
            os.replace(self._target, self.path)

    def __enter__(self) -> _Gathering:
        with ExitStack() as opening:
            self._mapped = opening.enter_context(
                _Mapped(None if self.appending or not self.previous else self.path))
            self._out = opening.enter_context(
                self._target.open("ab" if self.appending else "wb"))
            self._files = opening.pop_all()
        return self

    def __exit__(self, *exc: object) -> None:
        self._files.close()
