"""The build's one policy for the cyclic collector (generator.base.heap)."""

from __future__ import annotations

import gc

from generator.base.heap import collector_paused, frozen


class _Made:
    """An object the collector tracks (an instance with a dictionary)."""


def _tracked(objects: list[_Made]) -> int:
    every = {id(o) for o in gc.get_objects()}  # the objects not frozen
    return sum(id(o) in every for o in objects)


def test_what_a_paused_load_makes_joins_the_freeze_and_is_thawed_with_it() -> None:
    assert gc.get_freeze_count() == 0
    with frozen():
        with collector_paused(join_frozen=True):
            loaded = [_Made() for _ in range(1000)]
        assert gc.isenabled()
        assert _tracked(loaded) == 0  # no collection walks them while the build holds them
        later = [_Made() for _ in range(10)]
        assert _tracked(later) == 10
    assert gc.get_freeze_count() == 0
    assert _tracked(loaded) == 1000


def test_without_a_freeze_a_paused_load_is_left_to_the_collector() -> None:
    assert gc.get_freeze_count() == 0
    with collector_paused(join_frozen=True):
        loaded = [_Made() for _ in range(100)]
    assert gc.get_freeze_count() == 0
    assert _tracked(loaded) == 100
    with frozen(), collector_paused():  # not asked to join: stays young
        young = [_Made() for _ in range(100)]
        assert _tracked(young) == 100
