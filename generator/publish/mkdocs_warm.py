"""``python -m generator.publish.mkdocs_warm``: a process that imports MkDocs, its theme and
the Markdown extensions of ``mkdocs.yml`` before the build knows what to render, then
builds the configuration it is sent (one JSON line on its standard input: ``config``,
``epoch``). The build starts it before checking the content, so the imports (~0.5 s of an
edit's one MkDocs run) overlap the check (:class:`generator.publish.mkdocs.WarmMkDocs`).
An empty input (the build needed no MkDocs run) ends it.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys

import jinja2  # noqa: F401 - imported for the build it will run (as are those below)
import mkdocs.commands.build  # noqa: F401
import mkdocs.config.defaults  # noqa: F401
import mkdocs.theme  # noqa: F401
import yaml
from mkdocs.__main__ import cli

from generator.publish.paths import MKDOCS_YML


def _import_extensions() -> None:
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8")) or {}
    for entry in config.get("markdown_extensions") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        for module in (name, f"markdown.extensions.{name}"):
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
                break


def main() -> None:
    _import_extensions()
    line = sys.stdin.readline()
    if not line.strip():
        return
    job = json.loads(line)
    os.environ["SOURCE_DATE_EPOCH"] = job["epoch"]
    sys.argv = ["mkdocs", "build", "--strict", "--quiet", "-f", job["config"]]
    cli()


if __name__ == "__main__":
    main()
