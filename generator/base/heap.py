"""The one policy for Python's cyclic garbage collector during a build.

A build holds every checked project (about 150 objects each) for its whole length. Each
full collection walks all of them: measured at 10,000 projects, unpickling the check cache
took 10.8 s with the collector on and 3.2 s with it paused, and later passes kept walking
the same projects. So bulk loads run with the collector paused, and what the build holds
from then on is frozen (left out of every pass; still freed by reference counting) until
the build ends, when it is handed back to the collector (``serve`` builds again and again).
Forked workers need the same freeze: the collector would otherwise touch, and so copy,
every shared object.

And a rebuild's processes collect less often (:func:`collections_spaced`): with Python's
thresholds (700, 10, 10) the build process of a 10,000-project edit ran ~370 collections,
0.16 s, two of them full, and its forked downloads and listing theirs over the objects
they share, each pass copying what it touched. Not a clean build's: it made no faster
(2,000 projects, 59.1 → 59.9 s, CPU 100.7 → 104.2 s) and its peak grew by a third
(515 → 674 MiB), its garbage collected later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(join_frozen: bool = False) -> Iterator[None]:
    """No collection while many long-lived objects are made at once (they are no garbage).

    ``join_frozen``: what was made is held as long as what is frozen already (the build's
    content, the heads its check read), so when something is frozen it is frozen too as the
    collector resumes; else the first collection after walks all of it (at 10,000
    projects the check cache's heads: 0.16 s of an edit's rebuild, 0.06 s frozen;
    ``PartIndex.load`` in the downloads' process likewise)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if join_frozen and gc.get_freeze_count():
            gc.freeze()  # unfrozen with the rest when the outermost ``frozen`` ends
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


# a young collection each 50,000 new objects, not 700: a build makes millions that live
# until its end (pages, parts, listings), and its cyclic garbage is little
SPACED = (50_000, 20, 100)


@contextmanager
def collections_spaced() -> Iterator[None]:
    """Collections at the thresholds :data:`SPACED` (inherited by forked processes) until
    this ends: a rebuild's, whose objects are most of them the content it loaded
    (docs/dev/performance.md: a 10,000-project edit, the build process's collections
    0.16 → 0.04 s; the wall time's gain is within what paired runs can tell)."""
    was = gc.get_threshold()
    gc.set_threshold(*SPACED)
    try:
        yield
    finally:
        gc.set_threshold(*was)
