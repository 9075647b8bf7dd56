"""An edit's check alone, at any size: what ``pipeline._build`` checks (the inputs'
digest, then :func:`generator.publish.check_apart.checked`), timed by stage.

    python -m tests.bench.checkbench CONTENT WORK [--edit] [--thawed]

The first run fills ``WORK``'s check cache (a clean check: at 100,000 projects about six
minutes); each later run is an edit's check. ``--edit`` first edits one project at random
(:func:`tests.bench.measure.edit_one_project`); ``--thawed`` leaves the heads to the
collector, as before they were frozen (docs/dev/performance.md). A 100,000-project edit
cannot be measured without a 53-minute clean build; its check can, in minutes.
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import time
from contextlib import ExitStack, nullcontext
from pathlib import Path
from unittest.mock import patch

from generator.base.stages import stage, taken
from generator.publish import check_apart as apart
from generator.publish.state import BuildState
from tests.bench.measure import edit_one_project


def check(content_dir: Path, out_dir: Path, thawed: bool = False) -> dict[str, float]:
    """The check as a build with a site makes it; its stages' seconds and the total."""
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    taken()
    state = BuildState(out_dir, content_dir, (True, False, None, 4000, True))
    with ExitStack() as held:
        with stage("check.quick"):
            state.inputs_key(out_dir)
            state.save_stamps()
        with patch.object(apart, "frozen", nullcontext) if thawed else nullcontext():
            content = apart.checked(content_dir, out_dir, state, held)
        seconds = {"total": time.perf_counter() - start, **taken()}
        seconds["projects"] = len(content.projects)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--edit", action="store_true", help="edit one project first")
    parser.add_argument("--thawed", action="store_true", help="do not freeze the heads")
    args = parser.parse_args()
    if args.edit:
        files = sorted(p for p in args.content.glob("**/*.yml") if p.name != "site.yml")
        edit_one_project(random.choice(files))
    figures = check(args.content, args.work, args.thawed)
    print(", ".join(f"{name} {value:.2f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
