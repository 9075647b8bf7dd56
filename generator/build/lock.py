"""One build at a time per build folder: an OS file lock (``fcntl.flock``) on
``<build folder>/build.lock``.

The kernel releases the lock when its holder exits, however it exits (``kill -9``
included), so a crashed build never leaves a stale lock behind. Policy: a second build
fails at once with a clear message, unless it was asked to wait (``--wait``: without a
limit, or at most N seconds); ``serve`` waits for a running build before regenerating.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.problems import BuildError

LOCK = "build.lock"
POLL = 0.2  # seconds between two attempts while waiting


class BuildBusy(BuildError):
    """Another build holds the build folder's lock."""


def _holder(handle: object) -> str:
    try:
        text = Path(handle.name).read_text(encoding="utf-8").strip()  # type: ignore[attr-defined]
    except OSError:
        return ""
    return f"（进程 {text}）" if text.isdigit() else ""


@contextmanager
def build_lock(out_dir: Path, wait: float | None = 0.0) -> Iterator[None]:
    """Hold the lock of ``out_dir`` for the duration of the block.

    ``wait``: 0 fails at once when another build holds it; ``None`` waits as long as it
    takes; a number waits at most that many seconds."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (the builds are not run concurrently there)
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until the end
    try:
        deadline = None if wait is None else time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise BuildBusy(
                        f"另一个构建正在运行{_holder(handle)}，使用同一个构建文件夹「{out_dir}」："
                        + ("请等它结束后再运行，或加 --wait 等待它结束。" if not wait else
                           f"等待 {wait:g} 秒后仍未结束，本次没有构建。")) from None
                if not told:
                    print(f"另一个构建正在运行{_holder(handle)}，等待它结束……", file=sys.stderr,
                          flush=True)
                    told = True
                time.sleep(POLL)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # closing the descriptor releases the lock
