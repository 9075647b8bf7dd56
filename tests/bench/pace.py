"""The machine's pace: a fixed piece of the build's own work, timed in one process, so that a
bench's wall times can be read against how fast the machine was when they were taken.

Why: on this shared 2-core machine the same code built 10,000 projects in 120.3 s and, 15
minutes later, in 88.75 s (docs/dev/performance.md, 第七轮), and there are no hardware
counters to count instructions instead. A target in seconds (issue 45: a clean 10,000-project
build in 80 s) needed a measure of the machine taken at the same time. (It turned out a
rough one: on 2026-11-29 the run of the fastest pace built slowest, docs/dev/performance.md,
第八轮; the spread of several clean builds, ``tests.bench.bench --clean-runs``, tells more.)
The pace is the check of the same :data:`PROJECTS` synthetic projects (:mod:`tests.bench.
synth`, seed :data:`~tests.bench.synth.SEED`) in this process, no workers and no cache: YAML,
reading, scoring and checking, the CPU-bound Python the build is made of. In CPU
milliseconds a project, the best of :data:`RUNS` runs: a run that another process slowed
counts only if every run was slowed. ``make bench`` reports it before and after its builds,
beside the processor (:func:`processor`): machines of the same kind are not the same hardware
(on 2026-11-30 an AMD EPYC of family 26 checked at 1.06 ms a project where the earlier
sessions' machines took 1.65–2.17 ms, and built 10,000 projects in 46 s instead of 84–99 s).

    python -m tests.bench.pace
"""

from __future__ import annotations

import platform
import tempfile
import time
from pathlib import Path

from generator.content.discovery import read_content
from tests.bench import synth

PROJECTS = 200
RUNS = 3


def pace(projects: int = PROJECTS, runs: int = RUNS) -> float:
    """CPU milliseconds a project to check ``projects`` synthetic projects in this process,
    the best of ``runs``. A run that did not read every project is not a pace: it raises."""
    with tempfile.TemporaryDirectory(prefix="pace-") as made:
        content = Path(made) / "content"
        synth.write_content(content, projects, synth.SEED)
        best = float("inf")
        for _ in range(runs):
            start = time.process_time()
            checked = read_content(content, workers=1)
            best = min(best, time.process_time() - start)
            if len(checked.projects) != projects:
                raise RuntimeError(f"pace: {len(checked.projects)} of {projects} projects read")
    return best * 1000 / projects


def processor(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The processor, as the first one in ``cpuinfo`` names itself ("AMD EPYC (family 26,
    model 2)"), so that a bench's figures say which hardware gave them; where there is no such
    file (not Linux) what :func:`platform.processor` says, else the architecture."""
    fields: dict[str, str] = {}
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for line in text.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    name = fields.get("model name") or platform.processor() or platform.machine() or "unknown"
    detail = ", ".join(f"{label} {fields[key]}" for key, label in
                       (("cpu family", "family"), ("model", "model")) if fields.get(key))
    return f"{name} ({detail})" if detail else name


def main() -> int:
    print(f"pace: {pace():.2f} ms of CPU a project checked ({PROJECTS} synthetic projects, "
          f"one process, best of {RUNS}) on {processor()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
