"""File moves the build shares: hard-link-or-copy a tree, and the atomic swap of ``site/``."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator.base.portable import portable
from generator.base.priority import IDLE, step_aside

RENAME_EXCHANGE = 2  # linux/fs.h
RENAME_TRIES = 20  # Windows: a scanner or indexer holding a file for a moment
RENAME_PAUSE = 0.25  # seconds between two tries


def under(root: str | Path) -> Callable[[str], str]:
    """The path of a site-relative file (``/`` between its parts, none first) in ``root``:
    what ``os.path.join(root, rel)`` gives, as one concatenation at C speed. An edit joins
    every file of the site (about 50,000 joins at 10,000 projects: ~0.05 s of the build
    process's own path, in ``os.path.join``'s Python)."""
    return os.path.join(root, "").__add__


def copy_into(folder: Path, target: Path, skip: Callable[[str], bool] = lambda rel: False
              ) -> None:
    """Hard-link (or copy) every file of ``folder`` into ``target``, but those ``skip``
    refuses (by path relative to ``folder``, with ``/``; a folder it refuses is not
    entered). One walk, string paths: pathlib took 2 s for the 10,000 per-project downloads
    of a rebuild."""
    base, out = os.fspath(folder), os.fspath(target)
    for current, dirs, names in os.walk(base):
        rel_dir = os.path.relpath(current, base)
        prefix = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        dirs[:] = sorted(d for d in dirs if not skip(prefix + d))
        made = False
        for name in sorted(names):
            rel = prefix + name
            if skip(rel):
                continue
            destination = os.path.join(out, rel)
            if not made:
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                made = True
            link_or_copy(os.path.join(current, name), destination)


class LinkCopy:
    """``target`` made a copy of ``folder`` in which every file is a hard link to
    ``folder``'s, by GNU ``cp`` in its own process, started at once (C: at 10,000 projects
    the 58,000 entries of a site took 0.9 s, most of it the kernel's). Made in a folder
    under a trash name, made here first (:attr:`ident`: its device and inode, which the
    rename keeps), and renamed when whole (:meth:`finish`): a killed copy is removed by
    the next build (:func:`recover`). Each folder keeps its modification time, so the
    record of ``folder``'s listing holds for the copy (:meth:`.spare_listing.Recorded.alias`)."""

    def __init__(self, folder: Path, target: Path) -> None:
        cp = None if portable() else shutil.which("cp")
        self._target, self._making = target, trash_dir(folder)
        self._process: subprocess.Popen[bytes] | None = None
        self.ident: tuple[int, int] | None = None
        if cp is None:
            return
        try:
            os.mkdir(self._making)
            made = os.stat(self._making)
        except OSError:
            return
        self.ident = (made.st_dev, made.st_ino)
        self._process = subprocess.Popen(
            [cp, "-R", "-P", "-l", "-T", "--preserve=timestamps", "--", str(folder),
             str(self._making)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=killed_with_build())

    def finish(self) -> bool:
        """Whether ``target`` is the copy; False, and nothing left, where there is no
        such ``cp`` or it failed."""
        if self._process is None:
            if self._making.exists():
                remove_later(self._making)
            return False
        if self._process.wait() == 0 and self._making.is_dir():
            try:
                rename(self._making, self._target)
                return True
            except OSError:
                pass
        if self._making.exists():
            remove_later(self._making)
        return False


class Folders:
    """Makes the folder of each file placed, once: string paths and a memo (pathlib's
    mkdir took 5 s of an edit's rebuild at 10,000 pages)."""

    def __init__(self) -> None:
        self._made: set[str] = set()

    def for_file(self, target: str) -> None:
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)


def link_or_copy(source: str | Path, destination: str | Path) -> None:
    """A new file at ``destination``: a hard link, or a copy on another file system. A file
    already there is replaced, never written into: it may be a hard link to a published
    file (see :mod:`.spare`)."""
    try:
        os.link(source, destination)
    except FileExistsError:
        os.unlink(destination)
        link_or_copy(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    OS or file system cannot."""
    if portable() or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
    return done == 0


def recover(site_dir: Path, trash: bool = True) -> None:
    """A build killed between the two renames of the fallback swap left the published
    site under ``.old``: put it back. What is left to remove (previous sites, replaced
    downloads) goes in the background as it does after a build: most often it is the last
    build's, still being removed (at 100,000 projects an edit replaces about 2 GB of
    whole-site downloads), and a build started at once waited for all of it. ``trash``:
    False while a copy of the site is being made under such a name (:mod:`.spare_ahead`)."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.is_dir() and not site_dir.exists():
        rename(old, site_dir)
    if not trash:
        return
    for trash_folder in site_dir.parent.glob(f"{site_dir.name}{TRASH}*"):
        remove_later(trash_folder)  # a second ``rm -rf`` beside one still running: harmless


TRASH = ".trash-"  # a replaced site being removed: <site>.trash-<pid>-<time>


def discard(folder: Path, site_dir: Path) -> None:
    """Remove a replaced site without waiting for it (tens of thousands of files took
    seconds of every rebuild): renamed out of the way at once, then removed by ``rm -rf``
    in the background where there is one; what a killed removal leaves, the next build's
    :func:`recover` removes."""
    trash = trash_dir(site_dir)
    rename(folder, trash)
    remove_later(trash)


def trash_dir(site_dir: Path) -> Path:
    """A new name for something of ``site_dir``'s to remove (beside it: the same file
    system, and :func:`recover` finds it)."""
    return site_dir.with_name(f"{site_dir.name}{TRASH}{os.getpid()}-{time.monotonic_ns()}")


def remove_later(trash: Path) -> None:
    """``trash`` removed by ``rm -rf`` in the background (synchronously where there is no
    ``rm``)."""
    rm = None if portable() else shutil.which("rm")
    if rm is None:
        shutil.rmtree(trash, ignore_errors=True)
        return
    subprocess.Popen([rm, "-rf", "--", str(trash)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, preexec_fn=partial(step_aside, IDLE))


def swap_in(new_site: Path, site_dir: Path, keep: Path | None = None) -> None:
    """Replace ``site_dir`` by ``new_site``: one atomic exchange where the OS has it
    (readers see the old site or the new one, never none), else two renames on the same
    file system (Windows): ``site`` → ``site.old``, ``site.new`` → ``site``. Between them
    no ``site`` exists, but each site is whole on disk: a build stopped there puts the old
    one back (here, or the next build: :func:`recover`). ``keep``: where the replaced site
    is kept (for the next build, see :mod:`.spare`) rather than removed."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        recover(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    if site_dir.is_dir() and _exchange(new_site, site_dir):
        _retire(new_site, site_dir, keep)  # now the previous site
        return
    if site_dir.exists():
        rename(site_dir, old)
    try:
        rename(new_site, site_dir)
    except BaseException:
        if old.exists() and not site_dir.exists():
            rename(old, site_dir)
        raise
    if old.exists():
        _retire(old, site_dir, keep)


def rename(source: Path, target: Path) -> None:
    """``os.replace``, tried again for a few seconds where Windows refuses it because a
    file inside is open for a moment (a virus scanner, the search indexer)."""
    for attempt in range(RENAME_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not portable() or attempt + 1 == RENAME_TRIES:
                raise
            time.sleep(RENAME_PAUSE)


def _retire(folder: Path, site_dir: Path, keep: Path | None) -> None:
    if keep is None:
        discard(folder, site_dir)
        return
    if keep.exists():
        discard(keep, site_dir)
    rename(folder, keep)


def die_with_parent() -> None:
    """In a child, before exec (Linux): killed when the build is, even by ``kill -9``, so no
    orphan writes into the next build's folders."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def killed_with_build() -> Callable[[], None] | None:
    """The ``preexec_fn`` of every child process the build starts: :func:`die_with_parent`
    where the system has it (Linux), else none."""
    return die_with_parent if sys.platform.startswith("linux") and not portable() else None
