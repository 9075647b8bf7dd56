"""One stream's parts column by column (:mod:`.parts`): each project's file, key, offset,
length, rows, cell widths and digest in a list or an array of its own.

Why: a stream was a list of one tuple a project. At 100,000 projects an edit built twelve
streams of them, 1.2 million tuples, from the index it had just unpickled (1.1–1.5 s of
the downloads' process, which an edit waits for; 0.2 s now), compared them a stream at a
time (0.7 s) and summed and walked them (rows, sizes, widths, block plans). Columns come
out of the index as they were saved (:mod:`.part_index`), are copied at C speed when an
edit keeps most parts, and are read at C speed by what needs one column (rows, lengths,
widths).

An entry (:data:`Entry`) is the tuple one part still is where a few are handled: an
edit's changed parts and the index's delta.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any

# key, offset, length, rows, widths, and a digest of the part's bytes (see Stream.digest)
Entry = tuple[str, int, int, int, tuple[int, ...], bytes]


def _numbers(values: Iterable[int] = ()) -> array[int]:
    return array("q", values)


class Columns:
    """Parts, in order: ``files`` and ``keys`` (lists of str), ``offsets``, ``lengths``
    and ``rows`` (arrays), ``digests`` (a list of bytes) and ``widths``: each part's
    ``stride`` cell widths one after the other (a byte each while they fit: text is
    measured up to 60 wide; a part without widths has zeros, which change no maximum)."""

    __slots__ = ("files", "keys", "offsets", "lengths", "rows", "widths", "stride",
                 "digests", "_positions", "_shared")

    def __init__(self, files: list[str] | None = None, keys: list[str] | None = None,
                 offsets: array[int] | None = None, lengths: array[int] | None = None,
                 rows: array[int] | None = None, widths: array[int] | None = None,
                 stride: int = 0, digests: list[bytes] | None = None) -> None:
        self.files = files if files is not None else []
        self.keys = keys if keys is not None else []
        self.offsets = offsets if offsets is not None else _numbers()
        self.lengths = lengths if lengths is not None else _numbers()
        self.rows = rows if rows is not None else _numbers()
        self.widths = widths if widths is not None else array("B")
        self.stride = stride
        self.digests = digests if digests is not None else []
        self._positions: dict[str, int] | None = None
        self._shared = False  # the files are another's (see copy)

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def of(cls, record: dict[str, Any]) -> Columns:
        """The columns as :meth:`record` gave them (their files may be another stream's
        list: unpickled shared, as saved)."""
        columns = cls(record["files"], record["keys"], record["offsets"], record["lengths"],
                      record["rows"], record["widths"], record["stride"], record["digests"])
        columns._shared = True
        return columns

    def record(self) -> dict[str, Any]:
        """What the index keeps (lists and arrays: pickled and unpickled at C speed)."""
        return {"files": self.files, "keys": self.keys, "offsets": self.offsets,
                "lengths": self.lengths, "rows": self.rows, "widths": self.widths,
                "stride": self.stride, "digests": self.digests}

    def positions(self) -> dict[str, int]:
        """Each file's place (made once; the columns' files are not changed after)."""
        if self._positions is None:
            self._positions = dict(zip(self.files, range(len(self.files)), strict=True))
        return self._positions

    def entry(self, index: int) -> Entry:
        stride = self.stride
        return (self.keys[index], self.offsets[index], self.lengths[index], self.rows[index],
                tuple(self.widths[index * stride:(index + 1) * stride]),
                self.digests[index])

    def copy(self) -> Columns:
        """Columns whose parts can change without changing these, at C speed (the loaded
        ones share lists). The files and their places are shared until one is appended."""
        copied = Columns(self.files, list(self.keys), _numbers(self.offsets),
                         _numbers(self.lengths), _numbers(self.rows),
                         array(self.widths.typecode, self.widths), self.stride,
                         list(self.digests))
        copied._positions = self._positions
        copied._shared = True
        return copied

    def placed(self, positions: dict[str, int]) -> None:
        """These files' places are those (made for another stream of the same files)."""
        self._positions = positions

    def append(self, file: str, entry: Entry) -> None:
        key, offset, length, rows, widths, digest = entry
        if len(widths) != self.stride:  # a stream's parts are of one width, but the first
            self._fit(len(widths))
            widths = widths + (0,) * (self.stride - len(widths))
        if self._shared:
            self.files, self._shared = list(self.files), False
        self.files.append(file)
        self.keys.append(key)
        self.offsets.append(offset)
        self.lengths.append(length)
        self.rows.append(rows)
        self.digests.append(digest)
        end = len(self.widths)
        try:
            self.widths.extend(widths)
        except OverflowError:  # a width past a byte: eight from now on
            del self.widths[end:]
            self.widths = _numbers(self.widths)
            self.widths.extend(widths)
        self._positions = None

    def put(self, index: int, entry: Entry) -> None:
        """The part of the index-th file is this one (its file stays)."""
        key, offset, length, rows, widths, digest = entry
        self._fit(len(widths))
        self.keys[index] = key
        self.offsets[index] = offset
        self.lengths[index] = length
        self.rows[index] = rows
        self.digests[index] = digest
        self._widths_at(index, widths)

    def _fit(self, stride: int) -> None:
        """Room for a part of ``stride`` widths: every part's spread to the longest (only
        where parts of one stream differ: never while its parts come from one maker)."""
        old = self.stride
        if stride <= old:
            return
        spread = array(self.widths.typecode, bytes(self.widths.itemsize * stride * len(self)))
        for index in range(len(self)):
            spread[index * stride:index * stride + old] = \
                self.widths[index * old:(index + 1) * old]
        self.widths, self.stride = spread, stride

    def _widths_at(self, index: int, widths: tuple[int, ...]) -> None:
        stride = self.stride
        values = list(widths) + [0] * (stride - len(widths))
        try:
            self.widths[index * stride:(index + 1) * stride] = array(self.widths.typecode, values)
        except OverflowError:  # a width past a byte: eight from now on
            self.widths = _numbers(self.widths)
            self.widths[index * stride:(index + 1) * stride] = _numbers(values)

    def widest(self, columns: int) -> list[int]:
        """Each of the first ``columns`` columns' widest cell, a column at a time."""
        stride = self.stride
        return [_largest(self.widths[index::stride]) if index < stride else 0
                for index in range(columns)]

    def slice(self, first: int, end: int) -> Columns:
        stride = self.stride
        return Columns(self.files[first:end], self.keys[first:end], self.offsets[first:end],
                       self.lengths[first:end], self.rows[first:end],
                       self.widths[first * stride:end * stride], stride,
                       self.digests[first:end])

    def take(self, indices: Sequence[int]) -> Columns:
        """The parts at these places, in this order (a run of places: a slice; a year's
        projects are one run in content order)."""
        if indices and indices[-1] - indices[0] + 1 == len(indices) and \
                list(indices) == list(range(indices[0], indices[-1] + 1)):
            return self.slice(indices[0], indices[-1] + 1)
        stride = self.stride
        size = self.widths.itemsize * stride
        cells = memoryview(self.widths).cast("B")
        taken = array(self.widths.typecode)
        taken.frombytes(b"".join([cells[i * size:(i + 1) * size] for i in indices]))
        return Columns([self.files[i] for i in indices], [self.keys[i] for i in indices],
                       _numbers([self.offsets[i] for i in indices]),
                       _numbers([self.lengths[i] for i in indices]),
                       _numbers([self.rows[i] for i in indices]), taken, stride,
                       [self.digests[i] for i in indices])

    def taken(self, files: list[str]) -> tuple[Columns, list[int]]:
        """Columns for these files (in this order) from these, and the places of the
        files that have no part here: those hold another part until :meth:`put`."""
        if files == self.files:  # an edit's: the same files in the same order
            return self.copy(), []
        if not self:
            blank = Columns()
            for file in files:
                blank.append(file, ("", 0, 0, 0, (), b""))
            return blank, list(range(len(files)))
        at = list(map(self.positions().get, files))
        picked = self.take([0 if place is None else place for place in at])
        picked.files = list(files)
        return picked, [index for index, place in enumerate(at) if place is None]


def _largest(values: array[int]) -> int:
    """The largest of these widths: of bytes, the first of 255, 254, … found by ``memchr``
    (a sheet's columns at 100,000 projects: 0.4 s of an edit by ``max``, 0.06 s so)."""
    if values.typecode != "B":
        return max(values, default=0)
    data = values.tobytes()
    return next((value for value in range(255, 0, -1) if value in data), 0)
