"""The spare a clean build leaves, made after it in a process of its own.

An edit puts the new site together in the site the build before replaced (:mod:`.spare`).
After a clean build there is none: the first edit made it, a copy of the published site of
hard links (``cp -Rl``) beside its check, and waited for it (100,000 projects: 8.4 s of a
17.6 s edit; docs/dev/performance.md). Staff look at the site before they make the next
edit, so the clean build starts that copy itself, as it ends, in a process that outlives it
(:func:`make_later`: ``python -m generator.publish.spare_ahead``, in a session of its own so
that closing the terminal does not stop it); the build is not slower for it. The process is
the first edit's own :class:`.spare.Listing` with ``copy``: the copy made by GNU ``cp``, the
site's listing recorded for both folders (the edit does not list them again), renamed
``<site>.spare`` when whole.

It holds an OS lock on ``<build folder>/spare.lock`` (taken by the build before it starts
the process, handed on to it, released by the OS however it ends). The next build that
uses the folders waits for it (:func:`wait`), and :func:`running` tells the start of a
build not to remove the copy's folder as a killed build's leftovers. A copy killed on the
way leaves that folder, which the next build removes; the edit after it copies the site
itself, as before.

Only for sites of :data:`AHEAD_FROM` projects or more (below, the first edit's copy is a
fraction of a second: 2,000 projects, ~0.2 s), and only where the build makes such a copy
at all (GNU ``cp``: not Windows). The lock is the build lock's kind (:func:`.lock.try_lock`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from generator.base.portable import portable
from generator.publish.lock import POLL, try_lock
from generator.publish.paths import with_root
from generator.publish.spare import LISTED, Listing, spare_dir, staging_dir

LOCK = "spare.lock"
AHEAD_FROM = 2000  # projects


def make_later(site_dir: Path, out_dir: Path, projects: int) -> bool:
    """After the swap of a build: where the site has no spare, start the process that
    makes it. Whether it was started."""
    site_dir = site_dir.absolute()
    if projects < AHEAD_FROM or portable() or not site_dir.is_dir() \
            or spare_dir(site_dir).exists() or staging_dir(site_dir).exists():
        return False
    try:
        fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        if not try_lock(fd):  # one is being made already
            return False
        process = subprocess.Popen(
            [sys.executable, "-m", __name__, os.fspath(site_dir),
             os.fspath(out_dir.absolute())],
            env=with_root(os.environ), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(fd,), start_new_session=True)
        os.ftruncate(fd, 0)
        os.write(fd, str(process.pid).encode())  # named by a build that waits for it
        return True
    except OSError:  # no process: the first edit copies the site itself
        return False
    finally:
        os.close(fd)  # the process holds the lock through its own descriptor


def running(out_dir: Path) -> bool:
    """Whether a spare is being made for the site of ``out_dir``."""
    try:
        fd = os.open(out_dir / LOCK, os.O_RDWR)
    except OSError:
        return False
    try:
        return not try_lock(fd)
    finally:
        os.close(fd)  # closing releases a lock taken here


def wait(out_dir: Path) -> None:
    """Before a build takes or lists the site's folders: the spare being made finished."""
    if portable():
        return
    try:
        fd = os.open(out_dir / LOCK, os.O_RDWR)
    except OSError:
        return
    try:
        if not try_lock(fd):
            pid = os.pread(fd, 20, 0).decode(errors="replace").strip()
            print(f"上次完整构建之后开始的网站副本还在制作（供修改使用；进程 {pid}），"
                  "等待它完成……", file=sys.stderr, flush=True)
            while not try_lock(fd):
                time.sleep(POLL)
    finally:
        os.close(fd)


def main(argv: list[str]) -> int:
    site_dir, out_dir = Path(argv[0]), Path(argv[1])
    with suppress(OSError):  # it yields: the staff's next steps come first
        os.nice(10)
    Listing(site_dir, out_dir / LISTED, copy=True).finish()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
