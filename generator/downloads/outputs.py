"""The whole-site files (results.csv, indicators.csv, rectification.csv, results.json) of an
edit's rebuild: kept as they are when their parts did not change, else put together from
the parts' stream by whole ranges copied in the kernel. Also datapackage.json, kept when
the years are the same (it was made on every edit, its indented JSON encoded in pure
Python, and compared with the file there).

Why: after an edit the downloads thread, beside MkDocs and Pagefind, became the longest
path of the rebuild, and it still wrote every whole-site file in full (at 10,000 projects
about 150 MB through Python), then read the new and the old file again to compare them,
even when the edit left a file's bytes as they were (a text edit leaves indicators.csv and
rectification.csv alone). A file's bytes follow from its head, its parts' bytes in order
and its tail: :meth:`Stream.digest` sums them from the parts' digests, so whether a file
changed is known without reading it. The record of what each file was written from drops a
file before it is written anew and is saved once the files are written (by the
downloads' writer, see :func:`generator.publish.downloads_thread.write_downloads`): a killed
build leaves no record that could vouch for a half-written file, and the file is then
written and compared as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from generator.base.records import load_record, save_record
from generator.downloads.deflate import Layout
from generator.downloads.parts import Stream, copy_range, read_ranges

OUTPUTS = "outputs.pickle"  # in the parts' folder
FORMAT = 3  # of its record (2: with the workbooks' layouts; 3: their blocks' chains)


@dataclass(frozen=True)
class Kept:
    """A file current as the last build wrote it: the writer keeps it."""


@dataclass(frozen=True)
class Filled:
    """A file known to differ from the one there, written by ``fill`` into the open file."""

    fill: Callable[[IO[bytes]], None]
    beside: bool = False  # copies in the kernel only: may be filled while the next is made


Made = Kept | Filled | Iterator[bytes]


@dataclass
class Outputs:
    """What each whole-site file in ``root`` (the downloads' folder; None: a folder of
    its own, nothing kept) was last written from, recorded in ``folder``; ``base``: what
    every file depends on besides its parts (code, settings, the build's time). For a
    workbook, also where its deflated blocks lie in the file (its layout), so that an
    edit's workbook copies the unchanged blocks from the file there (:meth:`layout`)."""

    folder: Path
    base: str
    root: Path | None = None
    previous: dict[str, tuple[str, int]] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # this build's, for the tests
    filled: list[str] = field(default_factory=list)
    layouts: dict[str, Layout] = field(default_factory=dict)  # the last build's
    laid: dict[str, Layout] = field(default_factory=dict)  # this build's

    def start(self, root: Path) -> None:
        """Files are written into ``root``: read what the last build wrote there."""
        self.root = root
        record = load_record(self.folder / OUTPUTS)
        if isinstance(record, dict) and record.get("base") == self.base and \
                record.get("root") == os.fspath(root) and record.get("format") == FORMAT:
            self.previous = dict(record["files"])
            self.layouts = dict(record["layouts"])

    def file(self, path: str, stream: Stream, head: bytes, tail: bytes = b"",
             trim: int = 0) -> Made:
        """The file ``path``: ``head``, the stream's parts without the last ``trim``
        bytes (results.json's last comma), then ``tail``. Kept when the last build wrote it
        from the same digest; filled (:func:`_fill`) when it wrote it from another (so it
        differs); made in pieces, written and compared, without a record."""
        return self.made(path, lambda: stream.digest(head, tail, b"%d" % trim),
                         lambda: _pieces(stream, head, tail, trim),
                         lambda out: _fill(out, stream, head, tail, trim), beside=True)

    def made(self, path: str, digest: Callable[[], str], pieces: Callable[[], Iterator[bytes]],
             fill: Callable[[IO[bytes]], None] | None, beside: bool = False) -> Made:
        """The file ``path`` whose bytes follow from ``digest``: kept when the last build
        wrote it from the same, filled when from another (and ``fill`` is given), else
        made in ``pieces``. ``beside``: ``fill`` only copies in the kernel (:class:`Filled`)."""
        if self.root is None:
            return pieces()
        current = self.current[path] = digest()
        was = self.previous.get(path)
        try:
            size = (self.root / path).stat().st_size
        except OSError:
            size = -1
        if was is not None and was == (current, size):
            self.kept.append(path)
            if path in self.layouts:
                self.laid[path] = self.layouts[path]
            return Kept()
        if was is None or size < 0 or fill is None:  # written and compared, as before
            return pieces()
        del self.previous[path]  # before the file is written anew
        self._save(self.previous, self.layouts)
        self.filled.append(path)
        return Filled(fill, beside)

    def layout(self, path: str) -> Layout | None:
        """Where the blocks of the file there lie, if the record vouches for that file (ask
        before :meth:`made`, which drops the record of a file it has written anew)."""
        was = self.previous.get(path)
        if self.root is None or was is None or path not in self.layouts:
            return None
        try:
            size = (self.root / path).stat().st_size
        except OSError:
            return None
        return self.layouts[path] if size == was[1] else None

    def save(self) -> None:
        """Record the files this build wrote (once the writer has written them)."""
        if self.root is None:
            return
        files = {}
        for path, digest in self.current.items():
            try:
                files[path] = (digest, (self.root / path).stat().st_size)
            except OSError:
                continue
        self._save(files, self.laid)

    def _save(self, files: dict[str, tuple[str, int]], layouts: dict[str, Layout]) -> None:
        """The record of ``files``; the layouts of those only."""
        assert self.root is not None
        layouts = {path: layouts[path] for path in files if path in layouts}
        save_record(self.folder / OUTPUTS,
                    {"base": self.base, "root": os.fspath(self.root), "format": FORMAT,
                     "files": files, "layouts": layouts})


def _ranges(stream: Stream, trim: int) -> list[tuple[int, int]]:
    ranges = stream.ranges()
    while trim and ranges:
        offset, length = ranges.pop()
        cut = min(trim, length)
        trim -= cut
        if length > cut:
            ranges.append((offset, length - cut))
    return ranges


def _pieces(stream: Stream, head: bytes, tail: bytes, trim: int) -> Iterator[bytes]:
    yield head
    with stream.path.open("rb") as source:
        yield from read_ranges(source, _ranges(stream, trim))
    yield tail


def _fill(out: IO[bytes], stream: Stream, head: bytes, tail: bytes, trim: int) -> None:
    """Write the file: the stream's ranges copied file to file in the kernel
    (``copy_file_range``; where the system has none, through a large buffer)."""
    out.write(head)
    out.flush()
    with stream.path.open("rb") as source:
        for offset, length in _ranges(stream, trim):
            copy_range(source, out, offset, length)
    out.write(tail)
