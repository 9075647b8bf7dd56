"""The build's one policy for the cyclic collector (generator.base.heap)."""

from __future__ import annotations

import gc
import os

import pytest

from generator.base.apart import Apart
from generator.base.heap import SPACED, collections_spaced, collector_paused, frozen


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


def test_collections_are_spaced_in_the_block_and_in_what_it_forks_then_as_before() -> None:
    before = gc.get_threshold()
    assert before != SPACED
    with collections_spaced():
        assert gc.get_threshold() == SPACED
        assert Apart(gc.get_threshold).join() == (True, SPACED)  # the downloads, the listing
    assert gc.get_threshold() == before


@pytest.mark.site
def test_a_rebuild_and_its_forked_downloads_collect_at_the_spaced_thresholds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean build keeps Python's thresholds (its garbage is many times an edit's: the
    peak grew by a third); an edit's build and its forked downloads space them."""
    import generator.publish.downloads_thread as thread
    from generator.publish.pipeline import build
    from tests.test_downloads_apart import _edit
    from tests.test_downloads_thread import _seed_copy

    work, content = _seed_copy("heap-spaced")
    seen = work / "thresholds"
    real = thread.write_downloads

    def write_downloads(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with seen.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {gc.get_threshold()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(thread, "write_downloads", write_downloads)
    before = gc.get_threshold()
    build(content, work / "build", work / "site")
    _edit(content, "改")
    build(content, work / "build", work / "site")
    (clean, edit) = (line.split(" ", 1) for line in seen.read_text(
        encoding="utf-8").splitlines())
    assert os.getpid() not in (int(clean[0]), int(edit[0]))
    assert (clean[1], edit[1]) == (repr(before), repr(SPACED))
    assert gc.get_threshold() == before
