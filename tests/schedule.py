"""The order ``make test`` hands the tests to its workers: the longest first, one at the head
of each worker's share, so that none of them starts last and runs on alone at the end.

Why: with ``--dist worksteal`` pytest-xdist gives each worker one contiguous share of the
collection (``WorkStealingScheduling.check_schedule``: the first n // k, then a fair part of
the rest) and an idle worker steals from the *end* of another's. A two-minute test near the
end of the collection (``test_wheel.py``) started late and ran alone: on 2 cores, a run of
27 min 43 s used 1.5 cores on average. Put at the heads of the shares, the longest tests
start at once, side by side, and what is stolen at the end is short.

``LONGEST`` is kept by hand from the ``--durations=15`` list at the end of ``make test``
(a test that is no longer there is just not found); the order of the rest is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# node ids (a prefix: every parameter of a test), longest first: the CI run of 2026-11-27
LONGEST = (
    "tests/test_wheel.py::test_wheel_installs_and_builds_the_same_site",
    "tests/test_insight.py::test_problems_pages_on_1000_synthetic_projects",
    "tests/test_search_delta_reads.py::test_edits_read_no_published_shard_and_a_killed_fold",
    "tests/test_full_workbook.py::test_synthetic_projects_round_trip",
    "tests/test_search_delta.py::test_edits_through_the_delta_search_as_a_clean_build",
    "tests/test_incremental.py::test_any_sequence_of_edits_gives_the_clean_build",
    "tests/test_incremental.py::test_an_edit_of_a_projects_text_indexes_again_only_its",
    "tests/test_search_delta_reads.py::test_an_edits_changed_pages_are_compared_without_parsing",
    "tests/test_shells.py::test_synthetic_pages_of_every_shape_equal_mkdocs_alone",
    "tests/test_outputs.py::test_an_edit_keeps_or_splices_each_whole_site_file_as_a_clean",
    "tests/test_search_delta_reads.py::test_the_bundles_the_spare_holds_already_are_kept_not",
    "tests/test_import_mutations.py::test_a_mutated_form_imports_or_is_refused_at_its",
)


def shares(count: int, workers: int) -> list[int]:
    """How many of ``count`` tests each worker is given first, as the scheduler splits them."""
    sizes: list[int] = []
    left = count
    for index in range(workers):
        sizes.append(left // (workers - index))
        left -= sizes[-1]
    return sizes


def heads_first(items: Sequence[T], ids: Sequence[str], workers: int,
                longest: Sequence[str] = LONGEST) -> list[T]:
    """``items`` (with their node ``ids``) reordered: the tests matching ``longest`` (in its
    order) dealt one by one to the heads of the workers' shares, the others after them in
    their own order; the same items, each once."""
    def rank(node_id: str) -> int:
        return next((i for i, prefix in enumerate(longest) if node_id.startswith(prefix)),
                    len(longest))

    ranked = sorted((rank(node_id), index) for index, node_id in enumerate(ids))
    slow = [index for position, index in ranked if position < len(longest)]
    if workers < 2 or not slow:
        return list(items)
    dealt: list[list[int]] = [[] for _ in range(workers)]
    for turn, index in enumerate(slow):
        dealt[turn % workers].append(index)
    chosen = set(slow)
    rest = iter(index for index in range(len(items)) if index not in chosen)
    order: list[int] = []
    for heads, size in zip(dealt, shares(len(items), workers), strict=True):
        order += heads
        order += [next(rest) for _ in range(max(size - len(heads), 0))]
    order += list(rest)
    return [items[index] for index in order]
