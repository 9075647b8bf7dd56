"""The one switch between the build's POSIX ways and the ways that work everywhere.

POSIX systems (Linux and its 信创 distributions) get ``fcntl`` locks, the
``renameat2(RENAME_EXCHANGE)`` swap of ``site/``, forked workers, ``find`` and ``rm`` in
the background. Windows gets a ``msvcrt`` lock, two renames, spawned workers and Python's
own walk and removal. ``PE_PORTABLE=1`` (read here only, at import) or
``portable.FORCED = True`` puts Linux on the Windows ways, so CI runs them.
"""

from __future__ import annotations

import os

FORCED = os.environ.get("PE_PORTABLE", "") == "1"


def portable() -> bool:
    """True where the build must not use what only POSIX systems have."""
    return FORCED or os.name != "posix"
