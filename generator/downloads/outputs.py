"""The whole-site files (results.csv, indicators.csv, rectification.csv, results.json) of an
edit's rebuild: kept as they are when their parts did not change, else put together from
the parts' stream by whole ranges copied in the kernel.

Why: after an edit the downloads thread, beside MkDocs and Pagefind, became the longest
path of the rebuild, and it still wrote every whole-site file in full (at 10,000 projects
about 150 MB through Python), then read the new and the old file again to compare them,
even when the edit left a file's bytes as they were (a text edit leaves indicators.csv and
rectification.csv alone). A file's bytes follow from its head, its parts' bytes in order
and its tail: :meth:`Stream.digest` sums them from the parts' digests, so whether a file
changed is known without reading it. The record of what each file was written from drops a
file before it is written anew and is saved once the files are written (by the
downloads' writer, see :func:`generator.publish.pipeline.write_downloads`): a killed
build leaves no record that could vouch for a half-written file, and the file is then
written and compared as before.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from generator.base.records import load_record, save_record
from generator.downloads.parts import CHUNK, Stream, read_ranges

OUTPUTS = "outputs.pickle"  # in the parts' folder


@dataclass(frozen=True)
class Kept:
    """A file current as the last build wrote it: the writer keeps it."""


@dataclass(frozen=True)
class Filled:
    """A file known to differ from the one there, written by ``fill`` into the open file."""

    fill: Callable[[IO[bytes]], None]


Made = Kept | Filled | Iterator[bytes]


@dataclass
class Outputs:
    """What each whole-site file in ``root`` (the downloads' folder; None: a folder of
    its own, nothing kept) was last written from, recorded in ``folder``; ``base``: what
    every file depends on besides its parts (code, settings, the build's time)."""

    folder: Path
    base: str
    root: Path | None = None
    previous: dict[str, tuple[str, int]] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # this build's, for the tests
    filled: list[str] = field(default_factory=list)

    def start(self, root: Path) -> None:
        """Files are written into ``root``: read what the last build wrote there."""
        self.root = root
        record = load_record(self.folder / OUTPUTS)
        if isinstance(record, dict) and record.get("base") == self.base and \
                record.get("root") == os.fspath(root):
            self.previous = dict(record["files"])

    def file(self, path: str, stream: Stream, head: bytes, tail: bytes = b"",
             trim: int = 0) -> Made:
        """The file ``path``: ``head``, the stream's parts without the last ``trim``
        bytes (results.json's last comma), then ``tail``. Kept when the last build wrote it
        from the same digest; filled (:func:`_fill`) when it wrote it from another (so it
        differs); made in pieces, written and compared, without a record."""
        if self.root is None:
            return _pieces(stream, head, tail, trim)
        current = self.current[path] = stream.digest(head, tail, b"%d" % trim)
        was = self.previous.get(path)
        try:
            size = (self.root / path).stat().st_size
        except OSError:
            size = -1
        if was is not None and was == (current, size):
            self.kept.append(path)
            return Kept()
        if was is None or size < 0:  # no record: written and compared, as before
            return _pieces(stream, head, tail, trim)
        del self.previous[path]  # before the file is written anew
        self._save(self.previous)
        self.filled.append(path)
        return Filled(lambda out: _fill(out, stream, head, tail, trim))

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
        self._save(files)

    def _save(self, files: dict[str, tuple[str, int]]) -> None:
        assert self.root is not None
        save_record(self.folder / OUTPUTS,
                    {"base": self.base, "root": os.fspath(self.root), "files": files})


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
