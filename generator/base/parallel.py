"""The one way work is spread over the cores: this process takes a share of the items
itself while worker processes (one per core but this one) take the rest in chunks.

What this process does itself needs no pickling back. Where the OS can fork, the workers
are forked with the caller's objects frozen (:func:`generator.base.heap.frozen`): they
share its state copy-on-write. Whatever either side writes after the fork is copied, so
the forked work, here and in each worker, runs in a thread of its own
(:func:`in_own_thread`). Elsewhere (Windows, or :mod:`.portable` forced) the state
is pickled to spawned workers, or, for state that cannot travel (``fork_only``), the work
runs here, serially. What goes to spawned workers is a module-level function, its state
and its items: all picklable, nothing read from this process's globals. Where this
process only takes in what the workers make (the clean check stores each checked file),
:func:`streamed` gives it part by part from one forked worker a core.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from generator.base.heap import frozen
from generator.base.portable import portable

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

PARALLEL_FROM = 200  # items: below this, starting worker processes costs more than it saves
CHUNKS_PER_WORKER = 4  # smaller chunks even out the workers' finishing times

_FORKED: Any = None  # (func, state) that forked workers run


def worker_count(workers: int | None = None) -> int:
    return workers if workers is not None else (os.cpu_count() or 1)


def get_context(method: str) -> Any:
    """multiprocessing's start-method context, imported when a pool starts (14 ms that an
    edit's few items never need)."""
    import multiprocessing

    return multiprocessing.get_context(method)


def can_fork() -> bool:
    """Not where the OS cannot, :mod:`.portable` is forced, or the program chose another
    start method (``multiprocessing.set_start_method("spawn")``). Imported here, not at
    start-up: an edit's few items never ask."""
    from multiprocessing import get_all_start_methods, get_start_method

    return "fork" in get_all_start_methods() and not portable() and \
        get_start_method(allow_none=True) in (None, "fork")


def goes_parallel(items: int, workers: int | None = None, fork_only: bool = False) -> bool:
    return items >= PARALLEL_FROM and worker_count(workers) >= 2 and \
        (can_fork() or not fork_only)


def share(func: Callable[[S, Sequence[T]], R], state: S, items: Sequence[T],
          own: Callable[[int, int], int] | None = None, workers: int | None = None,
          fork_only: bool = False, here: Callable[[S, Sequence[T]], R] | None = None
          ) -> list[R]:
    """``func(state, part)`` over consecutive parts of ``items``, results in item order.

    ``own(len(items), workers)``: how many of the first items this process takes (default:
    an equal share); the rest go to the workers in chunks. ``here``: what this process runs
    on its own part instead of ``func`` (e.g. that part and other work besides)."""
    count = worker_count(workers)
    here = here or func
    if not goes_parallel(len(items), count, fork_only):
        return [here(state, items)]
    mine = (own or (lambda n, w: n // w))(len(items), count)
    rest = len(items) - mine
    size = max(1, -(-rest // ((count - 1) * CHUNKS_PER_WORKER)))
    ranges = [(i, min(i + size, len(items))) for i in range(mine, len(items), size)]
    if can_fork():
        return _forked(func, here, state, items, mine, ranges, count)
    from concurrent.futures import ProcessPoolExecutor  # 36 ms: not at every start-up

    with ProcessPoolExecutor(count - 1, mp_context=get_context("spawn")) as pool:
        done = pool.map(_call_pickled, [(func, state, items[a:b]) for a, b in ranges])
        results = [here(state, items[:mine])]
        results.extend(done)
    return results


def _forked(func: Callable[[S, Sequence[T]], R], here: Callable[[S, Sequence[T]], R],
            state: S, items: Sequence[T], mine: int, ranges: list[tuple[int, int]],
            count: int) -> list[R]:
    """Workers get index ranges, not items: their items are the very objects of this
    process (identity holds, nothing is pickled out)."""
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED
    _FORKED = (func, state, items)
    try:
        with frozen(), ProcessPoolExecutor(count - 1, mp_context=get_context("fork")) as pool:
            done = pool.map(_call_forked, ranges)
            results = [in_own_thread(here, state, items[:mine])]
            results.extend(done)
        return results
    finally:
        _FORKED = None


def streamed(func: Callable[[S, Sequence[T]], R], state: S, items: Sequence[T],
             chunk: int, workers: int | None = None) -> Iterator[R]:
    """``func(state, part)`` over consecutive parts of ``chunk`` items, each part's result
    yielded in order as soon as it is done, by forked workers, one a core, while this
    process uses the results (only where :func:`can_fork`; the caller asks).

    Why not :func:`share` in batches: between two batches the workers wait while this
    process takes in the last batch's results, and within one the share done last keeps
    the other core waiting. The clean check of 10,000 files (2,000 a batch, this process
    checking half of each) left a core idle for about a fifth of its 17 s; streamed, this
    process only stores what the workers check (docs/dev/performance.md). What is not yet
    used waits in this process, so the caller's use of a part must be quicker than the
    workers' making of it, as storing a checked file is."""
    global _FORKED
    ranges = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    _FORKED = (func, state, items)
    try:
        from concurrent.futures import ProcessPoolExecutor

        with frozen(), ProcessPoolExecutor(worker_count(workers),
                                           mp_context=get_context("fork")) as pool:
            yield from pool.map(_call_forked, ranges)
    finally:
        _FORKED = None


def _call_forked(bounds: tuple[int, int]) -> Any:
    if _FORKED is None:
        raise RuntimeError("runs only in a worker forked by share() or streamed()")
    func, state, items = _FORKED
    return in_own_thread(func, state, items[bounds[0]:bounds[1]])


def in_own_thread(func: Callable[[S, Sequence[T]], R], state: S, part: Sequence[T]) -> R:
    """``func(state, part)``, run in a new thread while this one waits for it.

    Why: with glibc, a new thread takes a malloc arena of its own, so what the work
    allocates (above Python's 512-byte small objects: page texts, tables, lists) comes from
    fresh memory, not from the free gaps of the main heap, pages that the forked processes
    still share. Measured at 20,000 projects, a worker rendering 500 project pages copied
    42 MiB of the build's main heap in its main thread and 2 MiB in a thread of its own
    (``python -m tests.bench.forkprobe``)."""
    done: list[R] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(func(state, part))
        except BaseException as error:  # handed to the caller, in its thread
            failed.append(error)

    thread = threading.Thread(target=run, name="share")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return done[0]


def _call_pickled(job: tuple[Callable[[Any, Sequence[Any]], Any], Any, Sequence[Any]]) -> Any:
    func, state, chunk = job
    return func(state, chunk)

