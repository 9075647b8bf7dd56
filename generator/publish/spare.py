"""The folder a build puts the new site together in: the site the build before replaced.

A site of 10,000 projects is ~11,000 folders and ~30,000 files. Making them anew took an
edit's rebuild 2.4–6.3 s (py-spy: ``mkdir``; ext4 creates slowly after mass deletions) and
the replaced site's removal, 30,000 unlinks in the background, competed with the build. The
site a build replaces has nearly the same folders and, but for what the last two builds
changed, the same files (hard links to the published ones): the build keeps it beside
``site/`` (:data:`SPARE`) and brings it to the new site the next time. A file that is its
source already (the same inode) stays, the others are linked anew, what the new site lacks
is removed. A build killed on the way leaves the folder to the next build, which goes on
from it the same way.

Measured at 10,000 projects (docs/dev/performance.md, 替换网站): an edit's assembly took
2.4–6.3 s making the folders anew, 0.5–1.1 s from the spare tree. Reproduce: the
``assemble`` stage of the edit rows of ``.venv/bin/python -m tests.bench.bench --sizes 10000``.

No file in it is written in place: any may be a hard link to a published file (a writer
unlinks first, as :func:`generator.publish.shells.fill_pages` does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path

from generator.base.apart import Apart
from generator.base.beside import Beside
from generator.base.parallel import can_fork
from generator.base.portable import portable
from generator.base.writer import remove_empty
from generator.publish.files import (
    LinkCopy,
    discard,
    killed_with_build,
    link_or_copy,
    remove_later,
    rename,
    trash_dir,
    under,
)
from generator.publish.spare_listing import Found, Recorded, parse_time

SPARE = ".spare"  # <site>.spare: the site the last build replaced
LISTED = "site.listed"  # in the build folder: the listings of the site and the spare


def spare_dir(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + SPARE)


def staging_dir(site_dir: Path) -> Path:
    """Where a build puts the new site together (``<site>.new``)."""
    return site_dir.with_name(site_dir.name + ".new")


def take(staging: Path, site_dir: Path) -> None:
    """Make ``staging`` ready to hold the new site: a killed build's as it was left, else
    the spare, else an empty folder."""
    spare = spare_dir(site_dir)
    if staging.is_dir():
        if spare.is_dir():
            discard(spare, site_dir)
        return
    if staging.exists():
        staging.unlink()
    if spare.is_dir():
        rename(spare, staging)
    else:
        staging.mkdir(parents=True)


def give_back(staging: Path, site_dir: Path) -> None:
    """A build that needed no new site: the folder it took is the spare again."""
    if staging.is_dir() and not spare_dir(site_dir).exists():
        rename(staging, spare_dir(site_dir))


class Inodes:
    """Each file of a folder (site-relative) by its inode, and the folder's device: the
    published site's, listed by ``find`` beside the check, so that the assembly knows which
    of the folder it puts the new site together in are already the published files without
    a ``stat`` of each (30,000 at 10,000 projects: 0.5–1.3 s of an edit's assembly)."""

    def __init__(self, root: str, files: dict[str, int], device: int) -> None:
        self.root, self.files, self.device = root, files, device
        self._path = under(root)

    def of(self, rel: str, source: str) -> int | None:
        """The inode of ``source`` where it is this folder's file ``rel``, else None."""
        found = self.files.get(rel)
        return found if found is not None and source == self._path(rel) else None


class _Find:
    """``find`` listing a folder in its own process: its folders on standard output, its
    files (each with its inode) and its empty folders in files of their own, each a run of
    NUL-ended fields that :meth:`result` turns into a dict or a set at C speed (parsing
    one ``kind inode path`` line per entry in Python took 0.04 s a listing at 2,000
    projects, five times that at 10,000)."""

    def __init__(self, root: Path, find: str) -> None:
        self._work = tempfile.mkdtemp(prefix="pe-find-")
        files, empty = (os.path.join(self._work, name) for name in ("files", "empty"))
        self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [find, ".", "-mindepth", "1", "(", "-type", "d", "-printf", r"%P\0%T@\0", "(",
             "-empty", "-fprintf", empty, r"%P\0", "-o", "-true", ")", ")", "-o",
             "-fprintf", files, r"%P\0%i\0"], cwd=root,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            preexec_fn=killed_with_build())
        self._found: tuple[dict[str, int], set[str], list[str]] | None = None
        self.mtimes: dict[str, int] = {}  # each folder's modification time, as listed

    def result(self) -> tuple[dict[str, int], set[str], list[str]] | None:
        """The files by inode, the folders and the empty folders (all relative); None
        where ``find`` failed."""
        if self._process is None:
            return self._found
        folders, _ = self._process.communicate()
        ok = self._process.returncode == 0
        self._process = None
        try:
            if ok:
                with open(os.path.join(self._work, "files"), "rb") as read:
                    fields = _fields(read.read())
                with open(os.path.join(self._work, "empty"), "rb") as read:
                    empty = _fields(read.read())
                pairs = iter(fields)
                times = iter(_fields(folders))
                self.mtimes = dict(zip(times, map(parse_time, times), strict=False))
                self._found = (dict(zip(pairs, map(int, pairs), strict=False)),
                               set(self.mtimes), empty)
        finally:
            shutil.rmtree(self._work, ignore_errors=True)
        return self._found


def _fields(data: bytes) -> list[str]:
    fields = os.fsdecode(data).split("\0")
    fields.pop()  # after the last NUL
    return fields


def _find(root: Path) -> _Find | None:
    """A :class:`_Find` of ``root``; None without GNU ``find`` (Windows' is another)."""
    find = None if portable() else shutil.which("find")
    return None if find is None else _Find(root, find)


class Listing:
    """What the folder :func:`take` will give holds, listed from the start of the build,
    while this one checks and generates: walking the 43,000 entries of a 10,000-project
    site here took 2.4 s of an edit's rebuild (beside MkDocs, and longer than it); and the
    published site's files (:meth:`published`), listed the same way. ``record``: where the
    build folder keeps the listings (:mod:`.spare_listing`): a folder unchanged since the
    last build is taken from it, not read, in a thread; a root it does not know is listed
    by ``find`` in its own process. Without GNU ``find`` (Windows), such a folder is walked
    when it is needed and the published files are ``stat``'ed one by one.

    ``copy``: where there is neither a staging folder nor a spare (the first edit after a
    clean build), the spare is made a copy of the published site of hard links
    (:class:`.files.LinkCopy`), beside the check: the edit then starts from the whole
    site, as every later one does, not from an empty folder. At 100,000 projects the
    assembly linked ~435,000 files and made ~102,000 folders one by one in Python and the
    search shards were linked again: that edit took 29.2 s, 19.7 s from the copy (the
    next edit 18.9 s; docs/dev/performance.md, 第一次修改从已发布网站的副本开始). A clean
    build of a large site has this copy made after it (:mod:`.spare_ahead`)."""

    def __init__(self, site_dir: Path, record: Path | None = None, copy: bool = False
                 ) -> None:
        staging, spare = staging_dir(site_dir), spare_dir(site_dir)
        root = staging if staging.is_dir() else spare if spare.is_dir() else None
        self._site = site_dir
        self._device = os.stat(site_dir).st_dev if site_dir.is_dir() else -1
        copy = copy and root is None and self._device >= 0
        # the copy at the build's own priority, not the listing's (which waits for the
        # pages): the edit waits for it before it takes the folder
        self._copying = LinkCopy(site_dir, spare) if copy else None
        roots = self._roots = [None if copy else root, site_dir if self._device >= 0 else None]
        self.recorded = Recorded(record) if record is not None else None
        # in a forked process where there is one: the walk of the recorded folders is
        # Python (22,000 folders at 10,000 projects), which in a thread took the
        # interpreter lock from the check it runs beside
        call = partial(self._counted, roots, self._copying.ident if self._copying else None)
        self._apart = Apart(call, aside=True) if can_fork() else None
        self._job = Beside(call) if self._apart is None else None
        self._found: list[Found | None] | None = None

    def _counted(self, roots: list[Path | None], copy: tuple[int, int] | None = None
                 ) -> tuple[list[Found | None], int]:
        """:meth:`_list`, and how many folders the record could not vouch for. ``copy``:
        the folder the site is being copied into, recorded as the site's listing (the
        next edit's site: not listed by ``find`` then, 3.4 s at 100,000 projects)."""
        found = self._list(roots, copy)
        return found, self.recorded.read if self.recorded is not None else 0

    def _listings(self) -> list[Found | None]:
        if self._found is None:
            if self._apart is not None:
                ok, result = self._apart.join()
                if not ok or result is None:  # it failed: listed here, errors raised here
                    result = self._counted(self._roots)
            else:
                assert self._job is not None
                result = self._job.join()
            self._found, read = result
            if self.recorded is not None:
                self.recorded.read = read
            # the copy's listing is the site's: the same paths, the same inodes
            if self._copying is not None and self._copying.finish() and \
                    self._found[1] is not None:
                files, folders, empty = self._found[1]
                self._found[0] = (dict(files), set(folders), list(empty))
        return self._found

    def _list(self, roots: list[Path | None], copy: tuple[int, int] | None = None
              ) -> list[Found | None]:
        """Each root's listing: from the record, else by ``find`` (both started at
        once), the record saved for the next build (see :meth:`_counted` for ``copy``)."""
        found: list[Found | None] = [None] * len(roots)
        finds: list[tuple[int, int, int, _Find]] = []
        for index, root in enumerate(roots):
            if root is None:
                continue
            if self.recorded is not None:
                try:
                    found[index] = self.recorded.walk(os.fspath(root))
                except OSError:  # a folder that cannot be read: ``find`` says what it can
                    found[index] = None
                if found[index] is not None:
                    continue
            try:
                at, mtime = time.time_ns(), os.stat(root).st_mtime_ns
            except OSError:
                continue
            process = _find(root)
            if process is not None:
                finds.append((index, at, mtime, process))
        for index, at, mtime, process in finds:
            found[index] = process.result()
            listed, root = found[index], roots[index]
            if listed is not None and root is not None and self.recorded is not None:
                self.recorded.found(os.fspath(root), at, mtime, listed, process.mtimes)
        if self.recorded is not None:
            if copy is not None and roots[1] is not None and found[1] is not None:
                self.recorded.alias(os.fspath(roots[1]), copy)
            self.recorded.save()
        return found

    def finish(self) -> None:
        """Wait for the listings (before :func:`take` renames the folder)."""
        self._listings()

    def entries(self) -> Found | None:
        """As :func:`_walk` gives them; None where there is no listing."""
        return self._listings()[0]

    def published(self) -> Inodes | None:
        """The published site's files (as it was when the build started: only the build's
        swap replaces it); None where it was not listed."""
        found = self._listings()[1]
        return None if found is None else Inodes(os.fspath(self._site), found[0], self._device)


class Tree:
    """What ``root`` holds (each file's inode, its folders), brought file by file to what
    the new site is (or a shard's pages, as Pagefind reads them: :mod:`.pagefind`):
    :meth:`place`, then :meth:`prune`. Top-level entries named in
    ``apart`` are moved away whole first (written anew by the build: Pagefind's bundles).

    With a ``site_dir``, a file replaced or pruned is moved into a trash folder beside the
    site and :meth:`prune` has the folder removed in the background: the spare's copy of a
    whole-site download is often its last link, and unlinking it freed its blocks while
    the edit waited (results.json, .csv and .xlsx: ~300 MB at 10,000 projects, 0.2 s of
    an edit's assembly; 2 GB at 100,000, 2.3–3.4 s)."""

    def __init__(self, root: Path, site_dir: Path | None = None, apart: Iterable[str] = (),
                 listed: Listing | None = None, keep_apart: bool = False) -> None:
        """``listed``: what ``root`` held, listed before (else it is walked).
        ``keep_apart``: where there is a listing, the entries ``apart`` stay where they
        are, out of this tree, and :attr:`apart_files` lists their files (by inode) for
        whoever writes them anew (:mod:`.pagefind_keep`)."""
        apart = list(apart)
        found = listed.entries() if listed is not None else None
        self.apart_files: dict[str, int] | None = None
        if found is not None and keep_apart and apart:
            inside = tuple(f"{name}/" for name in apart)
            self.apart_files = {rel: inode for rel, inode in found[0].items()
                                if rel.startswith(inside)}
        else:
            for name in apart:
                if (root / name).exists():
                    assert site_dir is not None
                    discard(root / name, site_dir)
        self.root = os.fspath(root)
        self.device = os.stat(self.root).st_dev
        if found is None:
            found = _walk(self.root)
        elif apart:
            found = _without(found, apart)
        self.files, self.folders, self._empty = found
        self._wanted: set[str] = set()
        self._site_dir = site_dir
        self._trash: Path | None = None  # the replaced files (see the class's docstring)
        self._trashed = 0

    def place(self, placement: Mapping[str, str], inodes: Mapping[str, int] | None = None,
              device: int | None = None, published: Inodes | None = None) -> None:
        """Each file (site-relative) linked to its source unless it is that file already.
        ``inodes``: the sources' inodes where known (they are not stat'ed), all on
        ``device``; ``published``: the files of the published site, whose inodes are known
        (a source that is one of them is not stat'ed)."""
        path = under(self.root)
        for rel, source in placement.items():
            self._wanted.add(rel)
            target = path(rel)
            if source == target:  # written there (project pages filled into their shells)
                continue
            have = self.files.get(rel)
            if have is not None:
                known = published.of(rel, source) if published is not None else None
                if known is not None:
                    assert published is not None
                    same = known == have and published.device == self.device
                elif inodes is not None and rel in inodes:
                    same = inodes[rel] == have and device == self.device
                else:
                    found = os.stat(source)
                    same = (found.st_ino, found.st_dev) == (have, self.device)
                if same:
                    continue
                self._let_go(target)
                del self.files[rel]
            else:
                self._clear_way(rel)
            link_or_copy(source, target)

    def _let_go(self, target: str) -> None:
        """``target`` out of the tree: moved to the trash folder, or unlinked without one."""
        if self._site_dir is None:
            os.unlink(target)
            return
        if self._trash is None:
            self._trash = trash_dir(self._site_dir)
            os.mkdir(self._trash)
        self._trashed += 1
        os.rename(target, os.path.join(self._trash, str(self._trashed)))

    def prune(self) -> None:
        """Remove the files no :meth:`place` asked for, and the folders left empty; these
        files and the ones replaced leave as :meth:`_let_go` has them, in the background."""
        emptied = set(self._empty)
        for rel in [rel for rel in self.files if rel not in self._wanted]:
            try:
                self._let_go(os.path.join(self.root, rel))
            except FileNotFoundError:
                pass
            del self.files[rel]
            emptied.add(os.path.dirname(rel))
        for folder in sorted(emptied, key=lambda rel: -rel.count("/")):
            remove_empty(self.root, folder)
        if self._trash is not None:
            remove_later(self._trash)
            self._trash = None

    def _clear_way(self, rel: str) -> None:
        """The folders of a new file made, where a file or folder of the old site stood in
        its way removed."""
        if rel in self.folders:  # a folder where the file goes
            shutil.rmtree(os.path.join(self.root, rel))
            inside = rel + "/"
            self.folders = {f for f in self.folders if f != rel and not f.startswith(inside)}
            self.files = {f: i for f, i in self.files.items() if not f.startswith(inside)}
        parent = os.path.dirname(rel)
        if not parent or parent in self.folders:
            return
        path = ""
        for name in parent.split("/"):
            path = f"{path}/{name}" if path else name
            if path in self.folders:
                continue
            if path in self.files:  # a file where a folder goes
                os.unlink(os.path.join(self.root, path))
                del self.files[path]
            os.makedirs(os.path.join(self.root, path), exist_ok=True)
            self.folders.add(path)


def listing(folder: Path) -> tuple[dict[str, str], dict[str, int], int]:
    """Every file of ``folder``: its path by site-relative path, its inode, and the
    folder's device (for :meth:`Tree.place`)."""
    root = os.fspath(folder)
    inodes = _walk(root)[0]
    path = under(root)
    return {rel: path(rel) for rel in inodes}, inodes, os.stat(root).st_dev


def _without(found: tuple[dict[str, int], set[str], list[str]], apart: list[str]
             ) -> tuple[dict[str, int], set[str], list[str]]:
    """A listing less the top-level entries ``apart`` (and what is in them)."""
    def kept(rel: str) -> bool:
        return rel.split("/", 1)[0] not in apart

    files, folders, empty = found
    return ({rel: inode for rel, inode in files.items() if kept(rel)},
            {rel for rel in folders if kept(rel)}, [rel for rel in empty if kept(rel)])


def _walk(root: str) -> tuple[dict[str, int], set[str], list[str]]:
    """Files (with their inodes: ``scandir`` has them without a ``stat``), folders and
    empty folders under ``root``, site-relative."""
    files: dict[str, int] = {}
    folders: set[str] = set()
    empty: list[str] = []
    pending = [""]
    while pending:
        current = pending.pop()
        seen = False
        with os.scandir(os.path.join(root, current) if current else root) as entries:
            for entry in entries:
                seen = True
                rel = f"{current}/{entry.name}" if current else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    pending.append(rel)
                else:
                    files[rel] = entry.inode()
        if not seen and current:
            empty.append(current)
    return files, folders, empty
