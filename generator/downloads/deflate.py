"""A zip entry written from deflated blocks that a build folder keeps, so a rebuild
compresses again only the blocks whose rows changed.

Deflating ``results.xlsx`` (250 MB of sheet XML at 10,000 projects) took 4 s of CPU on
every rebuild, and more beside Pagefind: after an edit, most of the downloads' time. A
sheet's rows are cut into blocks after projects chosen by their ids (so an edit moves no
block's boundaries, and the cuts do not depend on where the content sits); each block is
deflated on its own by a fresh compressor ending in a sync flush, so blocks join into one
valid deflate stream (RFC 1951 3.2.3: a stream is a series of blocks; only the last is
marked final). A block is known by its projects' files and the row it starts at, and kept
under that name with its length and CRC-32; the entry's CRC-32 is combined from the
blocks' (zlib's crc32_combine). The same rows give the same blocks whether made anew or
taken from the folder: the bytes are those of a clean build.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from generator.downloads.parts import copy_range

# Level 5, not zlib's default 6 (zipfile's): results.xlsx's 261 MB of sheet XML at 10,000
# projects, in the blocks the build cuts, deflated in 1.92 s against 2.86 s into 25.3 MB
# against 24.3 MB (+4 %); the year workbooks deflate as much again. Level 4: 1.52 s, 27.0 MB.
LEVEL = 5
FINAL = zlib.compressobj(LEVEL, zlib.DEFLATED, -15).flush()  # an empty final block
CUT_EVERY = 32  # projects per block on average (an edit deflates its block of each sheet again) ...
MAX_BLOCK = 8 << 20  # ... and a block is cut at this many bytes of XML at most
_HEADER = struct.Struct("<QI")  # a kept block: length and CRC-32 of its XML, then its data


@dataclass(frozen=True)
class Segment:
    """Deflated bytes (not final, byte-aligned) of ``length`` bytes whose CRC-32 is ``crc``."""

    data: bytes
    length: int
    crc: int


@dataclass(frozen=True)
class Copied:
    """A block's deflated bytes as the file being copied from holds them: ``size`` bytes at
    ``offset``, inflating to ``length`` bytes whose CRC-32 is ``crc``. Where it was deflated:
    ``chain`` (an entry as one build wrote it), from ``start`` in that entry's data, whose
    CRC-32 was ``before`` up to it and ``after`` up to its end: blocks copied that followed
    each other in one chain are one run, whose CRC-32 follows from the first's ``before``
    and the last's ``after`` (:func:`write_segments`), not from each block's."""

    offset: int
    size: int
    length: int
    crc: int
    chain: str = ""
    start: int = -1
    before: int = 0
    after: int = 0


# Where each block of a zip lies in it (block name -> the fields of Copied), recorded as it
# is written: the next build copies the blocks it keeps from there
Layout = dict[str, tuple[int, int, int, int, str, int, int, int]]
Named = tuple[str | None, Segment | Copied]  # a block's name (None: not kept) and its bytes


def deflated(raw: bytes) -> Segment:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    data = compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Segment(data, len(raw), zlib.crc32(raw))


POLY = 0xEDB88320  # CRC-32, reflected


def _multiply(a: int, b: int) -> int:
    """a times b modulo the CRC-32 polynomial (reflected: x^0 is the top bit)."""
    product, mask = 0, 1 << 31
    while a:
        if a & mask:
            product ^= b
            a ^= mask
        mask >>= 1
        b = (b >> 1) ^ POLY if b & 1 else b >> 1
    return product


@lru_cache(maxsize=1)
def _powers() -> tuple[int, ...]:
    """x^(2^k) modulo the polynomial, k = 0..31 (the sequence repeats after 32)."""
    powers = [1 << 30]  # x^1
    for _ in range(31):
        powers.append(_multiply(powers[-1], powers[-1]))
    return tuple(powers)


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from those of A and B and the length of B (zlib 1.2.12's
    algorithm: A's CRC times x^(8 * length2) modulo the polynomial, then B's added). An
    edit combines a few runs of blocks (:func:`write_segments`): no tables are built (the
    zero operators' tables took 0.1–0.2 s of every edit's downloads to make)."""
    powers = _powers()
    factor, k = 1 << 31, 3  # x^0; a byte is 2^3 bits
    while length2:
        if length2 & 1:
            factor = _multiply(powers[k & 31], factor)
        length2 >>= 1
        k += 1
    return _multiply(factor, crc1) ^ crc2


def cut(ids: Sequence[str], lengths: Sequence[int]) -> Iterator[tuple[int, int]]:
    """(first, end) index ranges of the blocks: a block ends after a project whose id's
    hash falls on it (1 in CUT_EVERY), or where it would pass MAX_BLOCK bytes. The id, not
    the file's path or digest: a workbook's bytes are then the same wherever the content
    sits and whether or not a build folder keeps the blocks (``export``), and an edit
    moves no boundary unless it passes MAX_BLOCK."""
    return cut_at(stops(ids), lengths)


def stops(ids: Sequence[str]) -> list[int]:
    """Where blocks end by the projects' ids (see :func:`cut`): once for a workbook's
    eight sheets, which cut at the same projects. A block ends after a project whose id's
    CRC-32 falls on it: as even as a cryptographic digest's (100,000 synthetic ids: 3,126
    blocks, none longer than 123 projects) at a fifth of the time (0.13 s a workbook at
    100,000 projects, in every edit's downloads)."""
    crc = zlib.crc32
    return [index + 1 for index, id_ in enumerate(ids)
            if crc(id_.encode()) % CUT_EVERY == 0]


def cut_at(ends: list[int], lengths: Sequence[int]) -> Iterator[tuple[int, int]]:
    """:func:`cut` from its :func:`stops`: each block's size from the lengths' running
    totals (at C speed), and only a block past MAX_BLOCK walked part by part (a loop over
    every project of every sheet took ~0.1 s of an edit at 10,000 projects)."""
    count = len(lengths)
    totals = [0, *accumulate(lengths)]
    start = 0
    for stop in (ends if ends and ends[-1] == count else [*ends, count]):
        if stop <= start:
            continue
        if totals[stop] - totals[start] <= MAX_BLOCK:
            yield start, stop
        else:
            yield from ((start + first, start + end)
                        for first, end in _by_size(lengths[start:stop]))
        start = stop


def _by_size(lengths: Sequence[int]) -> Iterator[tuple[int, int]]:
    """A block cut where it would pass MAX_BLOCK bytes."""
    start, size = 0, 0
    for index, length in enumerate(lengths):
        if index > start and size + length > MAX_BLOCK:
            yield start, index
            start, size = index, 0
        size += length
    if start < len(lengths):
        yield start, len(lengths)


class BlockStore:
    """Deflated blocks by name in ``folder``; those not used by a build are removed when it
    ends (:meth:`prune`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()
        self.made = 0

    @staticmethod
    def name(*parts: str) -> str:
        """A block's name from what it holds, and the level it is deflated at: a block
        deflated otherwise by an earlier build is not taken (nor copied from its file)."""
        return hashlib.blake2b("\0".join((str(LEVEL), *parts)).encode(),
                               digest_size=20).hexdigest()

    @staticmethod
    def span(keys: Sequence[str]) -> str:
        """What a block's projects are known by (their keys): a part of its name."""
        return hashlib.blake2b("\0".join(keys).encode(), digest_size=20).hexdigest()

    def get(self, name: str, make: Callable[[], bytes]) -> Segment:
        """The block ``name``, kept or deflated from ``make()`` (its XML) and kept."""
        self.used.add(name)
        path = self.folder / name
        try:
            data = path.read_bytes()
            length, crc = _HEADER.unpack_from(data)
            return Segment(data[_HEADER.size:], length, crc)
        except (OSError, struct.error):
            pass
        segment = deflated(make())
        self.made += 1
        tmp = path.with_name(f"{name}.{os.getpid()}.tmp")
        tmp.write_bytes(_HEADER.pack(segment.length, segment.crc) + segment.data)
        os.replace(tmp, path)
        return segment

    def prune(self) -> None:
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class _Written:
    """Stands in for a zip entry's compressor: the data written is deflated already."""

    def compress(self, data: bytes) -> bytes:
        return data

    def flush(self) -> bytes:
        return FINAL


def write_segments(entry: IO[bytes], segments: Iterable[Segment | Named],
                   source: IO[bytes] | None = None, layout: Layout | None = None) -> None:
    """Write deflated segments as the data of a zip entry open for writing (ZIP_DEFLATED,
    from :meth:`zipfile.ZipFile.open`); the entry records the length and CRC-32 of what
    they inflate to. This takes the place of the entry's compressor and totals: a
    ``zipfile`` that names them otherwise fails here, not in a reader. A block given as
    :class:`Copied` is copied from ``source`` (in the kernel where it can); each named
    block's place in the file is recorded in ``layout``.

    The entry's CRC-32 is combined from its blocks' (:func:`crc32_combine`, 35 µs each:
    at 10,000 projects ~2,600 blocks, 0.1–0.2 s of each edit): a run of copied blocks that
    followed each other where they were deflated (:class:`Copied`) is combined at once, so
    an edit combines a few runs and its new blocks."""
    if not all(hasattr(entry, name) for name in ("_compressor", "_crc", "_file_size",
                                                 "_compress_size", "_fileobj")):
        raise RuntimeError("zipfile 的写入接口与预期不符（_ZipWriteFile），无法写入预压缩的数据块")
    writer: Any = entry
    writer._compressor = _Written()
    chain = os.urandom(8).hex()  # this entry's new blocks
    length, crc = 0, 0
    pending = [0, 0]  # copied blocks that follow each other in ``source``: one copy
    run: list[Any] = []  # copied blocks that followed each other in one chain: chain,
    # the first's start and before, the last's end and after

    def copy() -> None:
        if pending[1]:
            assert source is not None
            writer._fileobj.flush()
            copy_range(source, writer._fileobj, pending[0], pending[1])
            writer._compress_size += pending[1]
            pending[:] = [0, 0]

    def combine() -> None:
        nonlocal crc, length
        if run:
            _, start, before, end, after = run
            crc = crc32_combine(crc ^ before, after, end - start)
            length += end - start
            run.clear()

    for item in segments:
        name, segment = (None, item) if isinstance(item, Segment) else item
        at = writer._fileobj.tell() + pending[1]
        if isinstance(segment, Copied):
            if source is None:
                raise ValueError(f"block {name}: nothing to copy it from")
            if pending[1] and pending[0] + pending[1] != segment.offset:
                copy()
            if not pending[1]:
                pending[0] = segment.offset
            pending[1] += segment.size
            if name is not None and layout is not None:
                layout[name] = (at, segment.size, segment.length, segment.crc,
                                segment.chain, segment.start, segment.before, segment.after)
            if run and run[0] == segment.chain and run[3] == segment.start and \
                    segment.start >= 0:
                run[3], run[4] = segment.start + segment.length, segment.after
                continue
            combine()
            if segment.start >= 0 and segment.length:
                run[:] = [segment.chain, segment.start, segment.before,
                          segment.start + segment.length, segment.after]
            elif segment.length:  # a layout without chains: the block alone
                crc = crc32_combine(crc, segment.crc, segment.length)
                length += segment.length
            continue
        combine()
        copy()
        writer.write(segment.data)
        before = crc
        if segment.length:  # an empty block (a project without rows) leaves it as it is
            crc = crc32_combine(crc, segment.crc, segment.length)
        if name is not None and layout is not None:
            layout[name] = (at, len(segment.data), segment.length, segment.crc, chain,
                            length, before, crc)
        length += segment.length
    combine()
    copy()
    writer._file_size, writer._crc = length, crc
