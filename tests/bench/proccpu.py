"""The CPU of each process of a command's tree: where an edit's CPU goes, process by
process (docs/dev/performance.md: the build, its forked downloads and listing, the warm
MkDocs process), which the tree's total (``tests.bench.pairbench``) does not tell.

    python -m tests.bench.proccpu [--interval 0.02] -- COMMAND [ARG...]

Every ``interval`` seconds it reads ``/proc/<pid>/stat`` of the command's process and all
its descendants (Linux) and keeps each one's last figures: a process's CPU is counted up
to the last reading before it ended (at most ``interval`` short). The readings cost CPU
too: on 2 cores, every 20 ms, about a tenth of a core.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from tests.bench.treemem import tree

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Seen:
    command: str  # as /proc/<pid>/cmdline has it, NULs as spaces; a fork: its parent's
    cpu: float  # user + sys seconds at the last reading
    nice: int


def reading(pid: int) -> Seen | None:
    """The process's command, CPU and niceness now; None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            command = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except (OSError, IndexError):
        return None
    # after the name: state, ppid, … utime (14th field of the line) is fields[11]
    return Seen(command, (int(fields[11]) + int(fields[12])) / TICK, int(fields[16]))


def watch(command: list[str], interval: float = 0.02) -> dict[int, Seen]:
    """Run ``command``; each process of its tree, by id, as last read."""
    process = subprocess.Popen(command)
    seen: dict[int, Seen] = {}
    while True:
        done = process.poll() is not None
        for pid in tree(process.pid):
            found = reading(pid)
            if found is not None:
                if not found.command and pid in seen:  # ended, not yet reaped: no cmdline
                    found.command = seen[pid].command
                seen[pid] = found
        if done:
            return seen
        time.sleep(interval)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.proccpu",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--interval", type=float, default=0.02)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    seen = watch(command, args.interval)
    for pid, found in sorted(seen.items()):
        print(f"{pid:>8} {found.cpu:7.2f} s  nice {found.nice:>3}  {found.command[:70]}")
    print(f"{'total':>8} {sum(found.cpu for found in seen.values()):7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
