"""A call run in a thread beside the build (the downloads; Pagefind reading the pages where
they are while the site is put together), its time taken and its error kept for the one
who waits for it: moved out of the pipeline so that it stays one readable module."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

_T = TypeVar("_T")


class Beside(Generic[_T]):
    """A call run in a thread while the build goes on (the downloads; Pagefind reading
    the pages where they are while the site is put together): :meth:`join` returns its
    result or raises its error."""

    def __init__(self, call: Callable[[], _T]) -> None:
        self._result: list[_T] = []
        self._error: BaseException | None = None
        self.seconds = 0.0

        def target() -> None:
            start = time.perf_counter()
            try:
                self._result.append(call())
            except BaseException as exc:  # raised by join()
                self._error = exc
            self.seconds = time.perf_counter() - start

        self._thread = threading.Thread(target=target, daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the call has ended (its error, if any, is left for :meth:`join`)."""
        self._thread.join()

    def join(self) -> _T:
        """The call's result once it has ended, or its error."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result[0]
