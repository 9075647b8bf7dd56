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
from pathlib import Path
from typing import IO, Any

from generator.downloads.parts import copy_range

LEVEL = zlib.Z_DEFAULT_COMPRESSION  # zipfile's own, for ZIP_DEFLATED
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


@lru_cache(maxsize=1)
def _zero_operators() -> list[list[int]]:
    """The CRC-32 operators for 2**k zero bytes, k = 0..63 (GF(2) 32x32 matrices)."""
    bit = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    for _ in range(3):
        bit = _square(bit)
    operators = [bit]
    for _ in range(63):
        operators.append(_square(operators[-1]))
    return operators


def _times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, row) for row in matrix]


@lru_cache(maxsize=64)
def _byte_tables(k: int) -> tuple[list[int], ...]:
    """The operator for 2**k zero bytes as four tables, one per byte of a CRC: what each
    value of that byte contributes (the matrix applied a byte at a time, not a bit)."""
    matrix = _zero_operators()[k]
    tables = []
    for first in (0, 8, 16, 24):
        table = [0] * 256
        for value in range(1, 256):
            low = value & -value
            table[value] = table[value ^ low] ^ matrix[first + low.bit_length() - 1]
        tables.append(table)
    return tuple(tables)


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from those of A and B and the length of B (zlib's algorithm:
    A's CRC carried through B's length of zero bytes, then B's added). An edit's workbook
    combines the CRC-32 of every block (thousands at 10,000 projects), so the operators
    are applied by tables, a byte at a time."""
    k = 0
    while length2:
        if length2 & 1:
            t0, t1, t2, t3 = _byte_tables(k)
            crc1 = t0[crc1 & 255] ^ t1[crc1 >> 8 & 255] ^ t2[crc1 >> 16 & 255] ^ t3[crc1 >> 24]
        length2 >>= 1
        k += 1
    return crc1 ^ crc2


def cut(ids: Sequence[str], lengths: Sequence[int]) -> Iterator[tuple[int, int]]:
    """(first, end) index ranges of the blocks: a block ends after a project whose id's
    hash falls on it (1 in CUT_EVERY), or where it would pass MAX_BLOCK bytes. The id, not
    the file's path or digest: a workbook's bytes are then the same wherever the content
    sits and whether or not a build folder keeps the blocks (``export``), and an edit
    moves no boundary unless it passes MAX_BLOCK."""
    start, size = 0, 0
    for index, (id_, length) in enumerate(zip(ids, lengths, strict=True)):
        if index > start and size + length > MAX_BLOCK:
            yield start, index
            start, size = index, 0
        size += length
        if _ends_block(id_):
            yield start, index + 1
            start, size = index + 1, 0
    if start < len(ids):
        yield start, len(ids)


@lru_cache(maxsize=1 << 18)
def _ends_block(key: str) -> bool:
    """Whether a block ends after the project of this key: asked once per project, not
    once per sheet (the workbook's eight sheets cut at the same projects)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(),
                          "big") % CUT_EVERY == 0


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
        return hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()

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
