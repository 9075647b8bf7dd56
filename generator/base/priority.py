"""Work beside the build that it does not wait for at once, run at a lower priority.

An edit's build is a chain: the check (this process), then the downloads (a forked process,
:mod:`generator.publish.downloads_thread`), then the swap. Beside the check run the listing
of the site folders (:class:`generator.publish.spare.Listing`, wanted only after the pages
are generated) and the MkDocs process importing ahead of its run; after the swap, the
background removal of the replaced files (:func:`generator.publish.files.remove_later`),
which nobody waits for. On two cores, three runnable processes gave the check two thirds
of a core. The listing and the removal step aside (Linux CFS: weight 1,024 at nice 0
against 110 at 10): at 10,000 projects an edit's check took 1.10 → 0.84 s, the edit 3.27 →
3.01 s (medians of six, docs/dev/performance.md). The MkDocs process does not: stepped
aside too, its imports were not done when its run was wanted and the build waited for it
(``mkdocs.wait`` 0.04 → 0.30 s), which undid the gain. Nothing here changes what is built.
"""

from __future__ import annotations

import contextlib
import os

ASIDE = 10  # nice increment of the work beside the build (see the module's docstring)
IDLE = 19  # of work nobody waits for (removing a replaced site)


def step_aside(by: int = ASIDE) -> None:
    """This process (a child the build started) at a lower priority; nothing where the
    system has no ``nice`` (Windows) or refuses it."""
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(by)
