"""What a forked page worker copies of the build's memory, and what does the copying.

Loads a built folder's checked heads (its check cache) as a build does, freezes them, forks
one child and lets one side work while the other idles: every page then private to the
child was copied (or newly allocated) by that work. ``render N``: the child renders N
project pages; ``summaries``: this process renders the summary pages while the child
waits (what it copies shows in the child, which keeps the old pages).

``python -m tests.bench.forkprobe CONTENT BUILD_DIR render 500 [--thread] [--precompute]
[--who]`` (``BUILD_DIR``: the ``--out`` of a finished build of ``CONTENT``). ``--thread``:
the work in a thread of its own (glibc gives it its own malloc arena, see
:func:`generator.base.parallel.in_own_thread`); ``--precompute``: what
:func:`generator.site.pages.prepare_projects` does, before the fork; ``--who``: the types of
the objects on the copied pages.
"""

from __future__ import annotations

import argparse
import gc
import os
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.base.heap import frozen
from generator.base.writer import Writer
from generator.content.discovery import read_content
from generator.publish.cache import CHECK_CACHE, CheckCache
from generator.publish.state import BuildState
from generator.site.context import build_context

PAGE = 4096


def rollup() -> dict[str, int]:
    out = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("Pss", "Private_Dirty", "Shared_Dirty"):
                out[key] = int(value.split()[0]) // 1024
    return out


def mappings() -> dict[str, int]:
    """Private dirty KiB per mapping (its start address, ``heap`` for glibc's main heap)."""
    out: dict[str, int] = {}
    start = ""
    with open("/proc/self/smaps", encoding="ascii", errors="replace") as f:
        for line in f:
            first = line.split(" ", 1)[0]
            if "-" in first and ":" not in first:
                start = first + (" heap" if "[heap]" in line else "")
            elif line.startswith("Private_Dirty:"):
                out[start] = out.get(start, 0) + int(line.split()[1])
    return out


def copied(before: dict[str, int]) -> str:
    now = mappings()
    old = sum(v for k, v in now.items() if k in before)
    heap = sum(v for k, v in now.items() if k in before and k.endswith("heap"))
    new = sum(v for k, v in now.items() if k not in before)
    return (f"private dirty: {old // 1024} MiB in mappings from before the fork (main heap "
            f"{heap // 1024}), {new // 1024} MiB in new ones")


def exclusive_pages() -> set[int]:
    """This process's present pages mapped by it alone (pagemap bit 56), in the main heap
    and anonymous mappings."""
    pages: set[int] = set()
    with open("/proc/self/maps", encoding="ascii", errors="replace") as f:
        ranges = [line.split() for line in f]
    with open("/proc/self/pagemap", "rb") as pagemap:
        for fields in ranges:
            if len(fields) > 5 and fields[5] != "[heap]":
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            pagemap.seek(start // PAGE * 8)
            data = pagemap.read((end - start) // PAGE * 8)
            for i, (entry,) in enumerate(struct.iter_unpack("Q", data)):
                if entry >> 63 & 1 and entry >> 56 & 1:
                    pages.add(start // PAGE + i)
    return pages


def who() -> None:
    """Objects (by type) on the pages this process alone maps."""
    dirty = exclusive_pages()
    gc.unfreeze()
    seen: set[int] = set()
    on: Counter[str] = Counter()
    total: Counter[str] = Counter()

    def note(obj: object) -> None:
        if id(obj) not in seen:
            seen.add(id(obj))
            total[type(obj).__name__] += 1
            on[type(obj).__name__] += id(obj) // PAGE in dirty

    for obj in gc.get_objects():
        note(obj)
        for ref in gc.get_referents(obj):
            note(ref)
    print(f"{len(dirty)} pages mapped by this process alone")
    for name, count in on.most_common(15):
        print(f"  {name}: {count} of {total[name]}")


def run(job: Callable[[], Any], thread: bool) -> None:
    if not thread:
        job()
        return
    worker = threading.Thread(target=job)
    worker.start()
    worker.join()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.forkprobe",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("build", type=Path)
    parser.add_argument("mode", choices=("render", "summaries"))
    parser.add_argument("count", type=int, nargs="?", default=500)
    parser.add_argument("--thread", action="store_true")
    parser.add_argument("--precompute", action="store_true")
    parser.add_argument("--who", action="store_true")
    args = parser.parse_args()
    from generator.site import pages

    state = BuildState(args.build, args.content, (True, False, None, 0, False))
    cache = CheckCache(args.build / CHECK_CACHE, state.check_key())
    content = read_content(args.content, cache=cache, digest=state.check_digest,
                           listed=state.project_files)
    with frozen():
        site = build_context(content)
        projects = site.projects
        part = projects[len(projects) // 2:len(projects) // 2 + args.count]
        if args.precompute:
            pages.prepare_projects(site)
        print("before the fork", rollup(), flush=True)
        gc.freeze()
        before = mappings()
        pid = os.fork()
        if pid == 0:
            start = time.perf_counter()
            if args.mode == "render":
                writer = Writer(args.build / "probe")
                run(lambda: pages._write(writer, site, True, pages.project_pages(site, part)),
                    args.thread)
            else:
                time.sleep(0.5)
                os.read(reader, 1)  # until this process has rendered the summaries
            print(f"child after {time.perf_counter() - start:.1f} s", rollup(), copied(before),
                  flush=True)
            if args.who:
                who()
            os._exit(0)
        if args.mode == "summaries":
            writer = Writer(args.build / "probe-summaries")
            run(lambda: pages._write(writer, site, True, pages.summary_pages(site)),
                args.thread)
            os.write(signal, b"x")
        os.waitpid(pid, 0)


reader, signal = os.pipe()

if __name__ == "__main__":
    main()
