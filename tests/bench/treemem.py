"""Per-process memory of a running command's whole process tree, sampled every second:
proportional set size (PSS), private dirty and shared dirty pages of each process (Linux
``/proc/PID/smaps_rollup``).

Why: the tree's PSS alone cannot tell what a forked worker costs. A worker forked from the
build shares its pages copy-on-write; what it writes to (reference counts of the objects it
touches, the allocator's pools it allocates into) becomes its own private dirty copy, and
the shared dirty of both falls as much. These figures say which (issue 45: 100,000 projects
in 3 GiB).

``python -m tests.bench.treemem [--interval 1] [--log FILE] -- COMMAND ...``: runs COMMAND,
prints one line per sample and the peak of the tree's PSS with its make-up by process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

FIELDS = ("Pss", "Private_Dirty", "Shared_Dirty")


@dataclass
class Sample:
    """One process at one moment, in KiB."""

    pid: int
    kind: str
    pss: int
    private_dirty: int
    shared_dirty: int


def children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree(root: int) -> list[int]:
    """``root`` and all its descendants, parents first."""
    children = children_of()
    out, todo = [], [root]
    while todo:
        pid = todo.pop(0)
        out.append(pid)
        todo += children.get(pid, [])
    return out


def rollup(pid: int) -> dict[str, int]:
    """The :data:`FIELDS` of ``pid`` in KiB (empty once it has gone)."""
    figures: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in FIELDS:
                    figures[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return figures


def kind_of(pid: int, root: int, root_cmdline: bytes) -> str:
    """``build`` (the root), ``fork`` (forked from it: same command line), ``mkdocs``,
    ``pagefind`` or ``other``."""
    if pid == root:
        return "build"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
    except OSError:
        return "other"
    if cmdline == root_cmdline:
        return "fork"
    for kind in ("mkdocs", "pagefind"):
        if kind.encode() in cmdline:
            return kind
    return "other"


def sample(root: int, root_cmdline: bytes) -> list[Sample]:
    out = []
    for pid in tree(root):
        figures = rollup(pid)
        if figures:
            out.append(Sample(pid, kind_of(pid, root, root_cmdline), figures.get("Pss", 0),
                              figures.get("Private_Dirty", 0), figures.get("Shared_Dirty", 0)))
    return out


def line(elapsed: float, samples: list[Sample]) -> str:
    total = sum(s.pss for s in samples)
    parts = " ".join(f"{s.kind}:{s.pid}={s.pss // 1024}/{s.private_dirty // 1024}"
                     f"/{s.shared_dirty // 1024}" for s in samples)
    return f"{time.time():.1f} {elapsed:7.1f}s tree {total // 1024:5d} MiB  {parts}"


def watch(command: list[str], interval: float, log: TextIO) -> int:
    """Run ``command``, sampling its tree; the command's exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command)
    with open(f"/proc/{process.pid}/cmdline", "rb") as f:
        root_cmdline = f.read()
    peak: tuple[int, float, list[Sample]] = (0, 0.0, [])
    most: dict[str, Sample] = {}
    print("each process: kind:pid=PSS/private dirty/shared dirty MiB", file=log)
    while process.poll() is None:
        samples = sample(process.pid, root_cmdline)
        if not root_cmdline.strip(b"\0") or samples and samples[0].pss == 0:
            root_cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        elapsed = time.perf_counter() - start
        print(line(elapsed, samples), file=log, flush=True)
        total = sum(s.pss for s in samples)
        if total > peak[0]:
            peak = (total, elapsed, samples)
        for s in samples:
            if s.kind not in most or s.pss > most[s.kind].pss:
                most[s.kind] = s
        try:
            process.wait(interval)
        except subprocess.TimeoutExpired:
            pass
    print(f"peak {line(peak[1], peak[2])}", file=log)
    for kind, s in sorted(most.items()):
        print(f"largest {kind}: PSS {s.pss // 1024} MiB, private dirty "
              f"{s.private_dirty // 1024}, shared dirty {s.shared_dirty // 1024}", file=log)
    log.flush()
    return process.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.treemem",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--log", type=Path, help="write the samples here (default: stderr)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    if args.log is None:
        return watch(command, args.interval, sys.stderr)
    with open(args.log, "w", encoding="utf-8") as log:
        return watch(command, args.interval, log)


if __name__ == "__main__":
    raise SystemExit(main())
