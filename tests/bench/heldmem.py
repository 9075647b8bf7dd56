"""What a build holds per project, measured with tracemalloc: the heads as unpickled from
the check cache, and the problem theme index over them.

``python -m tests.bench.heldmem CONTENT`` (e.g. a folder written by ``tests.bench.synth``).
"""

from __future__ import annotations

import argparse
import gc
import pickle
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from generator.content.discovery import read_content
from generator.core.model import Project
from generator.core.themes import problem_themes
from generator.site.context import ThemeIndex, build_context


def traced(make: Callable[[], Any]) -> tuple[Any, int]:
    """What ``make`` returns and the bytes it still holds once made."""
    gc.collect()
    tracemalloc.start()
    try:
        made = make()
        gc.collect()
        return made, tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()


def held(folder: Path) -> dict[str, float]:
    content = read_content(folder)
    # a folder read afresh holds whole projects (their heads come from the check cache)
    blobs = [pickle.dumps(cast(Project, p).head(), protocol=pickle.HIGHEST_PROTOCOL)
             for p in content.projects]
    content.projects = []
    # the heads unpickled once first, untraced: the values they share (model._SHARED: names,
    # scores, weights) are made once for the whole site, as at 10,000 projects, and are no
    # one head's. Without this the figure depended on what ran before it in the process
    # (8,330 bytes in a process of its own, under 7,500 after other tests had filled it).
    [pickle.loads(b) for b in blobs]
    heads, head_bytes = traced(lambda: [pickle.loads(b) for b in blobs])
    for head in heads:
        head.problem_themes = problem_themes(head)
    site = build_context(replace(content, projects=heads))
    _, index_bytes = traced(lambda: ThemeIndex.of(site))
    return {"projects": len(heads), "head_bytes": head_bytes / len(heads),
            "themes_mib": index_bytes / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.heldmem",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    figures = held(parser.parse_args(argv).content)
    print(f"{figures['projects']:,} projects: {figures['head_bytes']:,.0f} bytes per "
          f"unpickled head, problem theme index {figures['themes_mib']:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
