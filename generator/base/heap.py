"""The one policy for Python's cyclic garbage collector during a build.

A build holds every checked project (about 150 objects each) for its whole length. Each
full collection walks all of them: measured at 10,000 projects, unpickling the check cache
took 10.8 s with the collector on and 3.2 s with it paused, and later passes kept walking
the same projects. So bulk loads run with the collector paused, and what the build holds
from then on is frozen (left out of every pass; still freed by reference counting) until
the build ends, when it is handed back to the collector (``serve`` builds again and again).
Forked workers need the same freeze: the collector would otherwise touch, and so copy,
every shared object.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection while many long-lived objects are made at once (they are no garbage)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """What exists now is left out of collections until the outermost ``frozen`` ends."""
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
