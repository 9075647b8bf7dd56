"""Jinja templates kept compiled between builds: a bytecode cache in a build folder.

Compiling templates is a fixed cost of every process that renders: our page templates took
0.3–0.5 s of each build and each page worker; Material's, in every MkDocs run, 0.85 s of a
1.6 s run that rendered an edit's two pages (2,000 projects, cProfile). Jinja checks each
cached template against its source, so an edited template is compiled again.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket


class Compiled(FileSystemBytecodeCache):
    """Templates kept compiled, at best: a full or read-only disk fails the build where it
    writes a page (which names the file), not here."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compiled_in(folder: Path | str | None, pattern: str = "__jinja2_%s.cache"
                ) -> Compiled | None:
    """A cache in ``folder`` (made if need be); None without one, or where it cannot be
    made (the build says so where it writes what it must). ``pattern``: its files' names
    (an environment that compiles templates otherwise keeps them under names of its own:
    Jinja checks a cached template against its source, not against how it was compiled)."""
    if folder is None:
        return None
    try:
        os.makedirs(folder, exist_ok=True)
        return Compiled(os.fspath(folder), pattern)
    except OSError:
        return None
