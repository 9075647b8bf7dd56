"""The order ``make test`` hands the tests to its workers (tests/schedule.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.schedule import heads_first, shares


@given(st.integers(0, 300), st.integers(1, 6))
def test_the_shares_are_the_schedulers_and_cover_every_test(count: int, workers: int) -> None:
    sizes = shares(count, workers)
    assert sum(sizes) == count and max(sizes) - min(sizes) <= 1


@settings(max_examples=300)
@given(st.integers(0, 200), st.integers(1, 5), st.sets(st.integers(0, 199), max_size=12))
def test_the_longest_head_the_shares_and_nothing_is_lost(count: int, workers: int,
                                                         marked: set[int]) -> None:
    ids = [f"tests/test_x.py::test_{i}{'_slow' if i in marked else ''}" for i in range(count)]
    longest = [f"tests/test_x.py::test_{i}_slow" for i in sorted(marked) if i < count]
    order = heads_first(list(range(count)), ids, workers, longest)
    assert sorted(order) == list(range(count))
    slow = [i for i in sorted(marked) if i < count]
    if workers < 2 or len(slow) > workers * min(shares(count, workers)):
        return  # (a share too small for its heads: only nothing lost is asked)
    starts, at = [], 0
    for size in shares(count, workers):
        starts.append(at)
        at += size
    for turn, index in enumerate(slow):  # dealt in turn: the n-th of each share's heads
        worker, depth = turn % workers, turn // workers
        assert order[starts[worker] + depth] == index


def test_a_parametrised_test_is_matched_by_its_prefix() -> None:
    ids = ["tests/a.py::test_fast", "tests/b.py::test_slow[1]", "tests/b.py::test_slow[2]"]
    assert heads_first(ids, ids, 2, ["tests/b.py::test_slow"]) == \
        ["tests/b.py::test_slow[1]", "tests/b.py::test_slow[2]", "tests/a.py::test_fast"]
