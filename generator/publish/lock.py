"""One build at a time per build folder: an OS file lock on ``<build folder>/build.lock``
(``fcntl.flock`` on POSIX systems, ``msvcrt.locking`` of one byte on Windows).

The OS releases the lock when its holder exits, however it exits (``kill -9`` or the task
manager included), so a crashed build never leaves a stale lock behind. Policy: a second build
fails at once with a clear message, unless it was asked to wait (``--wait``: without a
limit, or at most N seconds); ``serve`` waits for a running build before regenerating.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.base.portable import portable
from generator.core.problems import BuildError

LOCK = "build.lock"
POLL = 0.2  # seconds between two attempts while waiting
LOCKED_BYTE = 1 << 30  # Windows locks bytes, and others cannot read them: not the pid's


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
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until the end
    try:
        deadline = None if wait is None else time.monotonic() + wait
        told = False
        while not try_lock(handle.fileno()):
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
        try:
            yield
        finally:
            with suppress(OSError):  # closing releases it too; the build's error goes on
                _unlock(handle.fileno())
    finally:
        handle.close()  # closing the descriptor releases a POSIX lock in any case


def try_lock(fd: int) -> bool:
    """Take the lock of the open file ``fd`` if no other handle holds it (the build's, and
    the one a clean build hands to the copy it leaves: :mod:`.spare_ahead`)."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # held by another handle (EACCES or EDEADLOCK)
            return False
        return True
    import fcntl

    try:
        if portable():  # what Windows does: one byte, by this handle
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _one_byte(fcntl.F_WRLCK))
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    """Windows asks for its locks to be released before the file is closed."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    if portable():
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _one_byte(fcntl.F_UNLCK))


def _one_byte(kind: int) -> bytes:
    """A Linux ``struct flock`` (short, short, off_t, off_t, pid_t) for the byte Windows
    locks: an open-file-description lock is held by the handle, as Windows' is."""
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, LOCKED_BYTE, 1, 0)
