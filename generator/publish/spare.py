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
from collections.abc import Iterable, Mapping
from itertools import chain
from pathlib import Path

from generator.base.portable import portable
from generator.base.writer import remove_empty
from generator.publish.files import discard, killed_with_build, link_or_copy, rename

SPARE = ".spare"  # <site>.spare: the site the last build replaced


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


class Listing:
    """What the folder :func:`take` will give holds, listed by ``find`` in its own process
    from the start of the build, while this one checks and generates: walking the 43,000
    entries of a 10,000-project site here took 2.4 s of an edit's rebuild (beside MkDocs,
    and longer than it). Without GNU ``find`` (Windows), the folder is walked when it is
    needed."""

    def __init__(self, site_dir: Path) -> None:
        staging, spare = staging_dir(site_dir), spare_dir(site_dir)
        root = staging if staging.is_dir() else spare if spare.is_dir() else None
        find = None if portable() else shutil.which("find")  # Windows' find is another
        self._process = None if root is None or find is None else subprocess.Popen(
            [find, ".", "-mindepth", "1", "-printf", r"%y %i %P\0"], cwd=root,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            preexec_fn=killed_with_build())
        self._output: bytes | None = None

    def finish(self) -> None:
        """Wait for the listing (before :func:`take` renames the folder)."""
        if self._process is not None and self._output is None:
            output, _ = self._process.communicate()
            self._output = output if self._process.returncode == 0 else None
            self._process = None

    def entries(self) -> tuple[dict[str, int], set[str], list[str]] | None:
        """As :func:`_walk` gives them; None where there is no listing."""
        self.finish()
        if self._output is None:
            return None
        files: dict[str, int] = {}
        folders: set[str] = set()
        for entry in os.fsdecode(self._output).split("\0")[:-1]:
            kind, inode, rel = entry.split(" ", 2)
            if kind == "d":
                folders.add(rel)
            else:
                files[rel] = int(inode)
        filled = {os.path.dirname(rel) for rel in chain(files, folders)}
        return files, folders, [rel for rel in folders if rel not in filled]


class Tree:
    """What ``root`` holds (each file's inode, its folders), brought file by file to what
    the new site is (or a shard's pages, as Pagefind reads them: :mod:`.pagefind`):
    :meth:`place`, then :meth:`prune`. Top-level entries named in
    ``apart`` are moved away whole first (written anew by the build: Pagefind's bundles)."""

    def __init__(self, root: Path, site_dir: Path | None = None, apart: Iterable[str] = (),
                 listed: Listing | None = None) -> None:
        """``listed``: what ``root`` held, listed before (else it is walked)."""
        apart = list(apart)
        for name in apart:
            if (root / name).exists():
                assert site_dir is not None
                discard(root / name, site_dir)
        self.root = os.fspath(root)
        self.device = os.stat(self.root).st_dev
        found = listed.entries() if listed is not None else None
        if found is None:
            found = _walk(self.root)
        elif apart:
            found = _without(found, apart)
        self.files, self.folders, self._empty = found
        self._wanted: set[str] = set()

    def place(self, placement: Mapping[str, str], inodes: Mapping[str, int] | None = None,
              device: int | None = None) -> None:
        """Each file (site-relative) linked to its source unless it is that file already.
        ``inodes``: the sources' inodes where known (they are not stat'ed), all on
        ``device``."""
        for rel, source in placement.items():
            self._wanted.add(rel)
            target = os.path.join(self.root, rel)
            if source == target:  # written there (project pages filled into their shells)
                continue
            have = self.files.get(rel)
            if have is not None:
                if inodes is not None and rel in inodes:
                    same = inodes[rel] == have and device == self.device
                else:
                    found = os.stat(source)
                    same = (found.st_ino, found.st_dev) == (have, self.device)
                if same:
                    continue
                os.unlink(target)
                del self.files[rel]
            else:
                self._clear_way(rel)
            link_or_copy(source, target)

    def prune(self) -> None:
        """Remove the files no :meth:`place` asked for, and the folders left empty."""
        emptied = set(self._empty)
        for rel in [rel for rel in self.files if rel not in self._wanted]:
            try:
                os.unlink(os.path.join(self.root, rel))
            except FileNotFoundError:
                pass
            del self.files[rel]
            emptied.add(os.path.dirname(rel))
        for folder in sorted(emptied, key=lambda rel: -rel.count("/")):
            remove_empty(self.root, folder)

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
    return {rel: os.path.join(root, rel) for rel in inodes}, inodes, os.stat(root).st_dev


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
