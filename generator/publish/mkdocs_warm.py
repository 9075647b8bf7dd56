"""``python -m generator.publish.mkdocs_warm``: the MkDocs process a build starts before it
knows what to render (:class:`generator.publish.mkdocs.WarmMkDocs`).

It imports MkDocs and loads the site's configuration once (:func:`.mkdocs.warm_up`, ~0.5 s)
while the build checks the content, then reads one JSON line on standard input:
``config`` and ``epoch`` (the run), ``pages_only`` and ``stubs`` (a partition whose theme
files, ``404.html``, sitemap and stub pages would be thrown away: they are not made,
:func:`.mkdocs.pages_only`), ``fill`` (the shells' job, run here after the build instead of
in a process of its own that would import all this again: :mod:`.shells`). An empty input
(the build needed no MkDocs run) ends it.

Measured on an edit at 2,000 projects (cProfile of this process): the theme's files listed
took 0.5 s of a 1.1 s run, the shells' own process 0.3–0.4 s after it.

A module apart from the seam, which knows MkDocs: the shells read pages through the seam,
so the seam cannot import them back.
"""

from __future__ import annotations

import json
import sys

from generator.base.ending import leave
from generator.publish import shells
from generator.publish.mkdocs import build_command, pages_only, warm_up


def main() -> None:
    warm_up()
    line = sys.stdin.readline()
    if not line.strip():
        leave(0)
    job = json.loads(line)
    if job.get("pages_only"):
        pages_only(set(job.get("stubs") or []))
    build_command(job["config"], job["epoch"])
    if job.get("fill"):
        shells.main(job["fill"])
    leave(0)  # without the interpreter's teardown: 0.1 s (generator/base/ending.py)


if __name__ == "__main__":
    main()
