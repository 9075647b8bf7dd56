"""A stream's parts column by column (generator.downloads.part_columns) hold what a list of
one tuple a part held: each operation compared with that list, for parts of any widths."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generator.downloads.part_columns import Columns, Entry

_widths = st.one_of(st.just(()), st.lists(st.integers(0, 70_000), max_size=4).map(tuple))
_entries = st.tuples(st.text(max_size=3), st.integers(0, 1 << 40), st.integers(0, 1 << 20),
                     st.integers(0, 9), _widths, st.binary(max_size=4))


def _columns(parts: list[tuple[str, Entry]]) -> Columns:
    columns = Columns()
    for file, entry in parts:
        columns.append(file, entry)
    return columns


def _padded(entry: Entry, stride: int) -> Entry:
    """An entry as columns give it back: its widths padded with zeros to the stride."""
    widths = entry[4] + (0,) * (stride - len(entry[4]))
    return (*entry[:4], widths, entry[5])


def _held(columns: Columns) -> list[tuple[str, Entry]]:
    return [(columns.files[i], columns.entry(i)) for i in range(len(columns))]


@given(st.lists(st.tuples(st.text(max_size=3), _entries), max_size=12),
       st.lists(st.tuples(st.integers(0, 11), _entries), max_size=4))
def test_columns_hold_what_a_list_of_entries_held(parts: list[tuple[str, Entry]],
                                                  puts: list[tuple[int, Entry]]) -> None:
    columns = _columns(parts)
    model = list(parts)
    for index, entry in puts:
        if index < len(model):
            columns.put(index, entry)
            model[index] = (model[index][0], entry)
    stride = max((len(entry[4]) for _, entry in model), default=0)
    assert columns.stride >= stride
    stride = columns.stride
    assert _held(columns) == [(file, _padded(entry, stride)) for file, entry in model]
    assert columns.widest(stride + 1) == [
        max((entry[4][i] for _, entry in model if len(entry[4]) > i), default=0)
        for i in range(stride + 1)]
    assert sum(columns.rows) == sum(entry[3] for _, entry in model)
    held = _held(columns)
    copied = columns.copy()
    assert _held(copied) == held
    copied.append("z", ("k", 1, 2, 3, (4,), b"d"))
    copied.put(0, ("k", 5, 6, 7, (8,), b"e"))
    assert _held(columns) == held and len(columns.files) == len(held)  # not the copy's
    again = Columns.of(pickle.loads(pickle.dumps(columns.record())))
    assert _held(again) == _held(columns)


@given(st.lists(_entries, min_size=1, max_size=10), st.data())
def test_slices_and_takes_are_the_parts_at_those_places(entries: list[Entry],
                                                         data: Any) -> None:
    columns = _columns([(f"f{i}", entry) for i, entry in enumerate(entries)])
    held = _held(columns)
    first = data.draw(st.integers(0, len(entries)))
    end = data.draw(st.integers(first, len(entries)))
    assert _held(columns.slice(first, end)) == held[first:end]
    indices = data.draw(st.lists(st.integers(0, len(entries) - 1), max_size=12))
    assert _held(columns.take(indices)) == [held[i] for i in indices]
    assert _held(columns.take(list(range(first, end)))) == held[first:end]


@given(st.lists(st.integers(0, 8), max_size=9, unique=True),
       st.lists(st.integers(0, 12), max_size=9, unique=True))
def test_taken_keeps_the_parts_of_files_it_has_and_names_the_others(
        before: list[int], after: list[int]) -> None:
    columns = _columns([(f"f{n}", (f"k{n}", n * 10, n, n % 3, (n,), bytes([n])))
                        for n in before])
    taken, missing = columns.taken([f"f{n}" for n in after])
    assert taken.files == [f"f{n}" for n in after]
    assert missing == [i for i, n in enumerate(after) if n not in before]
    for index, n in enumerate(after):
        if n in before:
            assert taken.entry(index) == (f"k{n}", n * 10, n, n % 3,
                                          (n,) if columns.stride else (), bytes([n]))
    taken.put(0, ("x", 1, 2, 3, (4,), b"d")) if after else None
    assert _held(columns) == [(f"f{n}", (f"k{n}", n * 10, n, n % 3, (n,), bytes([n])))
                              for n in before]  # the columns taken from are unchanged


def test_widths_are_a_byte_each_until_one_is_wider() -> None:
    columns = _columns([("a", ("k", 0, 1, 1, (3, 60), b"")), ("b", ("k", 1, 1, 1, (0, 2), b""))])
    assert (columns.widths.typecode, columns.widest(3)) == ("B", [3, 60, 0])
    columns.append("c", ("k", 2, 1, 1, (70_000, 2), b""))
    assert (columns.widths.typecode, columns.widest(2)) == ("q", [70_000, 60])
    assert columns.entry(0)[4] == (3, 60)
