"""A shard's pages cut for Pagefind, and its folder of pages brought to them, in a process of
its own.

Why a process: in the build's, the downloads thread holds the interpreter lock nearly all
the time, and a thread doing file operations waits for it again after each one (up to the
switch interval, 5 ms): 1,000 project pages cut beside a busy thread took 51 s, alone 0.5 s.
In a clean build the Pagefind runs waited for their pages until the downloads were done.

Why it lasts (:class:`Cutters`): a process a shard started Python and imported lxml and the
cutting code 20 times at 10,000 projects (0.13 s of CPU each), 200 times at 100,000. A
process a lane cuts shard after shard, each job and reply a pickle with its length:

    python -m generator.publish.pagefind_cut   # (tree folder, cuts folder, stamps, pages,
                                             # seeded) in, the pages' stamps out, until EOF
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from generator.publish.children import failure
from generator.publish.files import killed_with_build
from generator.publish.pagefind_input import Cuts
from generator.publish.pagefind_reuse import seed
from generator.publish.paths import with_root
from generator.publish.spare import Tree

_LENGTH = struct.Struct(">Q")  # each message's length, before it
FAILED = "为搜索准备页面失败："


class Cutters:
    """The cut processes of one Pagefind stage, ``count`` of them, each cutting one shard at
    a time for the lane that took it; ended by :meth:`close`. Started here, in the thread
    that lasts the stage: a child dies with the thread that started it (Linux's parent-death
    signal, :func:`.killed_with_build`), and a lane's thread ends with its shard."""

    def __init__(self, count: int) -> None:
        self._started = [self._start() for _ in range(count)]
        self._idle = list(self._started)
        self._lock = threading.Lock()

    def cut(self, job: tuple[Any, ...]) -> Any:
        """The reply to ``job`` from an idle process (never more lanes than processes)."""
        with self._lock:
            taken = self._idle.pop()
        process, errors = taken
        assert process.stdin is not None and process.stdout is not None
        try:
            _send(process.stdin, pickle.dumps(job))
            reply = _receive(process.stdout)
        except OSError:  # it ended: a broken pipe
            reply = None
        if reply is None:
            process.wait()
            errors.seek(0)
            raise failure(FAILED, errors.read().decode("utf-8", "replace").strip())
        with self._lock:
            self._idle.append(taken)
        return pickle.loads(reply)

    @staticmethod
    def _start() -> tuple[subprocess.Popen[bytes], IO[bytes]]:
        errors = tempfile.TemporaryFile()
        env = {**with_root(os.environ), "PYTHONIOENCODING": "utf-8"}  # as stderr is read
        process = subprocess.Popen([sys.executable, "-m", __name__], env=env,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=errors, preexec_fn=killed_with_build())
        return process, errors

    def close(self) -> None:
        """End every process (its input closed: it exits), killing one still cutting (a
        build that failed elsewhere)."""
        with self._lock:
            started, self._started, self._idle = self._started, [], []
        for process, errors in started:
            if process.stdin is not None:
                try:
                    process.stdin.close()
                except OSError:
                    pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for stream in (process.stdout, errors):
                if stream is not None:
                    stream.close()


def cut_shard(folder: Path, cuts: Cuts, pages: list[tuple[str, str]],
              seeded: tuple[Path, Path] | None = None, cutters: Cutters | None = None
              ) -> None:
    """Bring ``folder`` to the cuts of ``pages`` ((site-relative, where its bytes are)),
    cutting those not cut before; ``cuts`` learns their stamps. ``seeded``: (the published
    bundle, the run's output folder) for :func:`.pagefind_reuse.seed`, done there too (700
    links made in a thread beside the downloads' took 0.25 s of an edit's rebuild).
    ``cutters``: the processes that cut; without, here (an edit's delta, of few pages: a
    process's start-up took 0.3–0.7 s of each edit at 2,000 projects, the cutting a few
    milliseconds)."""
    stamps = {rel: cuts.stamps[rel] for rel, _ in pages if rel in cuts.stamps}
    if cutters is None:
        if seeded is not None:
            seed(*seeded)
        cuts.stamps.update(_cut_here(folder, cuts.folder, stamps, pages))
        return
    cuts.stamps.update(cutters.cut((folder, cuts.folder, stamps, pages, seeded)))


def _cut_here(folder: Path, cuts_folder: Path, stamps: dict[str, tuple[int, ...]],
              pages: list[tuple[str, str]]) -> dict[str, tuple[int, ...]]:
    cuts = Cuts(cuts_folder, stamps=stamps)
    folder.mkdir(parents=True, exist_ok=True)
    tree = Tree(folder)
    tree.place({rel: cuts.cut(rel, page) for rel, page in pages})
    tree.prune()
    return cuts.stamps


def _send(stream: IO[bytes], data: bytes) -> None:
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    """A message, or None at the end of the stream (the other side ended)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    data = stream.read(length)
    return data if len(data) == length else None


def main() -> None:
    """Cut each job read from stdin, its reply to stdout, until stdin ends; a failure's
    traceback on stderr and exit status 1 (the build reads it)."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (job := _receive(source)) is not None:
        folder, cuts_folder, stamps, pages, seeded = pickle.loads(job)
        if seeded is not None:
            seed(*seeded)
        _send(sink, pickle.dumps(_cut_here(folder, cuts_folder, stamps, pages)))


if __name__ == "__main__":
    main()
