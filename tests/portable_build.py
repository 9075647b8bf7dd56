"""A whole build the way Windows runs it, for ``tests/test_portable.py``: run as
``python -m tests.portable_build CONTENT OUT SITE [--die-at-swap]`` with ``PE_PORTABLE=1``.

Workers are started with ``spawn`` (the start method set for the program, as on Windows)
from the first item on (not from :data:`PARALLEL_FROM`: the seeds are few) and at least
two processes even on one core, so every part of the build that spreads work does. The
start methods the pools asked for are printed last, as JSON, for the test to check that
workers ran and none was forked.

``--die-at-swap``: the process ends at once (``os._exit``, as a kill would end it) when the
new site is about to be renamed into place, the old one already renamed away."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

import generator.base.parallel
import generator.publish.files
from generator.base.portable import portable
from generator.publish.pipeline import build


def main() -> int:
    multiprocessing.set_start_method("spawn")
    methods: list[str] = []
    real = generator.base.parallel.get_context

    def get_context(method: str | None = None) -> Any:
        methods.append(str(method))
        return real(method)

    generator.base.parallel.get_context = get_context  # type: ignore[assignment]
    generator.base.parallel.PARALLEL_FROM = 1
    generator.base.parallel.worker_count = lambda workers=None: workers or 2  # 1-core CI too
    content, out, site = (Path(arg) for arg in sys.argv[1:4])
    if "--die-at-swap" in sys.argv:
        rename = generator.publish.files.rename

        def die_at_swap(source: Path, target: Path) -> None:
            if source.name == site.name + ".new" and target.name == site.name:
                os._exit(9)
            rename(source, target)

        generator.publish.files.rename = die_at_swap
    result = build(content, out, site)
    print(json.dumps({"portable": portable(), "methods": methods,
                      "projects": result.project_count}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
