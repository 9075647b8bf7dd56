"""A process that has done its work ends without tearing the interpreter down.

Python frees every object and module one by one at exit: 0.11 s for a build of 2,000
projects after its last line was printed (more with the content), 0.1 s for each MkDocs
process (measured: the time from the last statement to the parent seeing the exit). Here
the exit handlers run and the output is flushed as at any exit, then the process ends.
Only where no other thread runs: one still running would be waited for at a normal exit.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave(code: int) -> NoReturn:
    """End this process with exit status ``code``."""
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: said by the exit status anyway
            pass
    os._exit(code)
