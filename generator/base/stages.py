"""Where a build's time goes, stage by stage, below the pipeline's coarse stages.

Why: the pipeline times check, generate, MkDocs, Pagefind and the downloads as wholes, but an
edit's rebuild is a few seconds spread over many small steps in threads and processes side by
side (issue 45: find and remove the per-edit work that does not depend on the edit). Each
step adds its wall time here under a dotted name; the build hands them out with its
``seconds`` (``python -m generator build`` prints them, the bench records them). Times only:
no figure here changes what a build does.

``GENERATOR_STAGES_LOG=FILE`` also appends each stage's start and end (wall-clock time, name)
to ``FILE``: a benchmark lines them up with its memory samples (:mod:`tests.bench.treemem`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_seconds: dict[str, float] = {}
_LOG = os.environ.get("GENERATOR_STAGES_LOG")


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall time of the block to ``name`` (summed when it runs more than once)."""
    start = time.perf_counter()
    if _LOG:
        _log(f"start {name}")
    try:
        yield
    finally:
        add_stage(name, time.perf_counter() - start)
        if _LOG:
            _log(f"end {name}")


def _log(what: str) -> None:
    assert _LOG is not None
    with _lock, open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{time.time():.2f} {os.getpid()} {what}\n")


def add_stage(name: str, seconds: float) -> None:
    """Add ``seconds`` to the stage ``name``."""
    with _lock:
        _seconds[name] = _seconds.get(name, 0.0) + seconds


def taken() -> dict[str, float]:
    """The stages timed since the last call, and forget them (one build's)."""
    with _lock:
        out = dict(_seconds)
        _seconds.clear()
    return out
