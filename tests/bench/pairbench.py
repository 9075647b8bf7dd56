"""Old code against new, the same content, in the same run: clean, unchanged and edit builds.

    python -m tests.bench.pairbench CONTENT WORK OLD_TREE NEW_TREE [--edits 3] [--skip-clean]
        [--pause SECONDS] [--rename | --score]

``OLD_TREE`` and ``NEW_TREE`` are checkouts of the generator (``git archive main | tar -x -C
/tmp/old``, with ``.venv`` and ``node_modules`` linked); each builds ``CONTENT`` into its own
build and site folders under ``WORK``. Why a pair: the machine is shared and its speed
varies by half from one hour to the next, so a figure means something only beside the old
code's measured at the same time; the two trees take turns (old first on odd edits, new
first on even) so neither always runs on the heels of the other. Each build runs in a
process of its own, ended as the command ends (:mod:`generator.base.ending`, not by the
interpreter's teardown of the content, which staff never wait for); reported per build:
wall time, CPU time (user + sys of the process tree, and of the build's own process),
the peak of the tree's summed PSS (:class:`tests.bench.measure.TreeMemory`), the build's own
stages (``BuildResult.seconds``, the fine ones from :mod:`generator.base.stages`) and the
1-minute load when it started. An edit is :func:`tests.bench.measure.edit_one_project` of the
projects at ``size // (k + 2)`` in turn (``--rename``:
:func:`tests.bench.measure.rename_one_project` instead, which changes the summary pages
listing it too; ``--score``: :func:`tests.bench.measure.score_one_project`, a score
corrected by 0.01, which moves the project among its year's and authority's); ``--pause``:
seconds waited before each edit's build, as staff save a file and then build (back to back,
a build also waits for the writeback and the background removal of the files the one
before replaced). Writes ``WORK/pairbench.json`` and prints a table. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench.measure import (
    KIB,
    TreeMemory,
    as_staff_run,
    edit_one_project,
    rename_one_project,
    score_one_project,
)

_CODE = """
import json, resource, sys, time
from pathlib import Path
from generator.publish.pipeline import build
start = time.perf_counter()
result = build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - start, "seconds": result.seconds,
                  "stages": getattr(result, "stages", {}), "own_cpu": own.ru_utime + own.ru_stime,
                  "indexed": result.indexed, "rendered": len(result.rendered)}))
from generator.base.ending import leave
leave(0)  # as the command ends: not the interpreter's object-by-object teardown
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_build(tree: Path, content: Path, work: Path, name: str) -> dict[str, Any]:
    """Build ``content`` with the code of ``tree`` into ``work/<name>.build`` and ``.site``."""
    load = os.getloadavg()[0]
    before = _children_cpu()
    start = time.perf_counter()
    env = as_staff_run({**os.environ, "PYTHONPATH": str(tree)})
    with TreeMemory() as memory:
        done = subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", _CODE,
                               str(content), str(work / f"{name}.build"),
                               str(work / f"{name}.site")],
                              cwd=tree, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{name}: build failed\n{done.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    answer.update(wall=wall, cpu=_children_cpu() - before, load=load,
                  peak_mib=memory.peak_kib / KIB)
    return answer


def _line(kind: str, name: str, figures: dict[str, Any]) -> str:
    stages = ", ".join(f"{k} {v:.2f}" for k, v in sorted(
        {**figures["seconds"], **figures.get("stages", {})}.items()))
    return (f"{kind:10} {name:4} wall {figures['wall']:7.2f} s  CPU {figures['cpu']:7.2f} s  "
            f"(build process {figures.get('own_cpu', 0):.2f} s)  "
            f"peak {figures['peak_mib']:6.0f} MiB  load {figures['load']:5.2f}  "
            f"shards {len(figures['indexed'])}  [{stages}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pairbench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to wait before each edit's build")
    parser.add_argument("--skip-clean", action="store_true",
                        help="the builds under WORK are there already")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--rename", action="store_true",
                      help="each edit renames a project instead of fixing a typo in a text")
    kind.add_argument("--score", action="store_true",
                      help="each edit corrects a score by 0.01 (measure.score_one_project)")
    args = parser.parse_args(argv)
    work: Path = args.work.absolute()
    work.mkdir(parents=True, exist_ok=True)
    trees = {"old": args.old.absolute(), "new": args.new.absolute()}
    content: Path = args.content.absolute()
    runs: list[dict[str, Any]] = []

    def run(kind: str, order: list[str]) -> None:
        for name in order:
            if kind == "edit":
                time.sleep(args.pause)
            figures = one_build(trees[name], content, work, name)
            figures.update(kind=kind, name=name)
            runs.append(figures)
            print(_line(kind, name, figures), flush=True)
            (work / "pairbench.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")

    if not args.skip_clean:
        for name in trees:
            for suffix in (".build", ".site", ".site.spare"):
                shutil.rmtree(work / f"{name}{suffix}", ignore_errors=True)
        run("clean", ["old", "new"])
    run("unchanged", ["new", "old"])
    projects = sorted((content / "projects").rglob("*.yml"))
    for k in range(args.edits):
        edit = score_one_project if args.score else \
            rename_one_project if args.rename else edit_one_project
        edit(projects[len(projects) // (k + 2)])
        run("edit", ["old", "new"] if k % 2 == 0 else ["new", "old"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
