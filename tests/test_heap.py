"""The build's one policy for the cyclic collector (generator.base.heap)."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys

import pytest

from generator.base.apart import Apart
from generator.base.heap import SPACED, collections_spaced, collector_paused, frozen
from generator.publish.paths import with_root


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
def test_a_build_and_its_forked_downloads_collect_at_the_spaced_thresholds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.publish.downloads_thread as thread
    from generator.publish.pipeline import build
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
    (line,) = seen.read_text(encoding="utf-8").splitlines()
    pid, thresholds = line.split(" ", 1)
    assert int(pid) != os.getpid() and thresholds == repr(SPACED)
    assert gc.get_threshold() == before


@pytest.mark.parametrize(("module", "stdin", "replaced"), [
    ("generator.publish.mkdocs_warm", b"\n", "warm_up"),
    ("generator.publish.pagefind_cut", pickle.dumps(("f", "c", {}, [], None)), "_cut_here"),
])
def test_the_builds_own_python_processes_collect_at_the_spaced_thresholds(
        module: str, stdin: bytes, replaced: str) -> None:
    """The warm MkDocs process and the Pagefind input's cutter (started, not forked)."""
    code = (f"import gc, sys, {module} as m; "
            f"m.{replaced} = lambda *a: sys.stderr.write(repr(gc.get_threshold())) and {{}}; "
            "m.main()")
    done = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True,
                          check=False, env=with_root(os.environ))
    assert done.stderr.decode().startswith(repr(SPACED)), done.stderr.decode()
