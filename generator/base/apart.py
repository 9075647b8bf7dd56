"""A call run in a forked process beside the build, its result and its stages handed back
through a pipe: :class:`Beside` for work that holds the interpreter lock.

Why: a thread beside the build shares one interpreter lock with it. An edit's downloads
(10,000 projects: about a second of Python) ran beside MkDocs and Pagefind, which are
other processes, yet the build still waited 0.55–0.64 s for them at its end; they could not
start before the pages were generated, which is Python too. In a forked process they start
as soon as the check is done and take the other core (issue 45: an edit in 3 s).

The child shares the build's objects copy-on-write (frozen by :func:`.heap.frozen` before
it forks) and works in a thread of its own (:func:`.parallel.in_own_thread`: its
allocations come from a fresh arena, not the heap's gaps the parent still uses). What it
hands back must pickle. When it fails in any way (an error, a kill, a result that does not
pickle), :meth:`Apart.join` says so and the caller does the work itself, where any error
is raised as it would have been: slower, never different.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from generator.base.parallel import get_context, in_own_thread
from generator.base.priority import step_aside
from generator.base.stages import add_stage, taken

_T = TypeVar("_T")


class Apart(Generic[_T]):
    """``call`` run in a forked process from now on; :meth:`join` waits for its result.
    ``aside``: at a lower priority (:mod:`.priority`), for work the build wants later."""

    def __init__(self, call: Callable[[], _T], aside: bool = False) -> None:
        context = get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(call, writer, aside),
                                        daemon=True)
        self._process.start()
        writer.close()  # the child's end only: its exit is the pipe's end
        self.seconds = 0.0
        self._done = False
        self._result: tuple[bool, Any] = (False, None)

    def ready(self) -> bool:
        """Whether :meth:`join` would not wait (the child has answered, or ended)."""
        return self._done or self._reader.poll()

    def join(self) -> tuple[bool, _T | None]:
        """Whether the call succeeded, and its result; the child's stages are added to
        this process's (:mod:`.stages`). Once only; later calls give the same answer."""
        if self._done:
            return self._result
        self._done = True
        try:
            ok, result, stages, self.seconds = self._reader.recv()
        except Exception:  # noqa: BLE001 - it died before it could say (killed, exited),
            ok, result, stages = False, None, {}  # or what it sent does not unpickle
        self._reader.close()
        self._process.join()
        for name, seconds in stages.items():
            add_stage(name, seconds)
        self._result = (ok and self._process.exitcode == 0, result)
        return self._result


def _child(call: Callable[[], Any], writer: Any, aside: bool) -> None:
    """In the forked process: the call, then its result and its stages sent, then out
    without the parent's exit handlers (its build lock, its threads, its workers)."""
    code = 1
    try:
        if aside:
            step_aside()
        taken()  # the parent's stages so far are the parent's
        start = time.perf_counter()
        result = in_own_thread(lambda _state, _part: call(), None, ())
        writer.send((True, result, taken(), time.perf_counter() - start))
        code = 0
    except BaseException:  # noqa: BLE001 - the parent does the work again and says why
        pass
    finally:
        os._exit(code)
