"""The single writer every generated file goes through (Pelican's habit).

It refuses to write one path twice or anywhere outside its folder, leaves a file alone
when its bytes are unchanged (so a rebuild with the same content touches nothing and
MkDocs' live reload only sees real changes), and removes files no longer generated.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO


class WriteError(Exception):
    pass


@dataclass
class WriteStats:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # when asked: path -> its bytes'

    def add(self, other: WriteStats) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.digests.update(other.digests)


def _check(relpath: str) -> None:
    """A path inside the output folder: relative, without ``..`` or backslashes."""
    parts = [part for part in relpath.split("/") if part not in ("", ".")]
    if relpath.startswith("/") or ".." in parts or not parts or "\\" in relpath:
        raise WriteError(f"拒绝写入输出文件夹之外的路径「{relpath}」")


@contextmanager
def _named(path: Path) -> Iterator[None]:
    """A write's error names the file (a full disk fails a write, not the open: the staff's
    message would name no place to look)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from exc
        raise


class Writer:
    def __init__(self, root: Path, claimed: set[str] | None = None,
                 digests: bool = False) -> None:
        self.root = root
        self.seen: set[str] = set()
        self.stats = WriteStats()
        self.allowed = claimed  # a delegate's writer: only the paths claimed for it
        self.digests = digests  # record each written or unchanged file's digest
        self._beside: ThreadPoolExecutor | None = None  # see write_filled
        self._filling: list[tuple[str, Future[str | None]]] = []

    def keep(self, relpath: str) -> None:
        """The file is current as it is (its inputs did not change): not written, not
        removed as stale."""
        _check(relpath)  # not _target: its pathlib took 0.2 s of 10,000 kept files
        self._register(relpath)
        self.stats.unchanged += 1

    def keep_all(self, relpaths: Collection[str]) -> None:
        """:meth:`keep` of many files at once, named by the build's own records (each
        checked when it was written): one set operation, not a call each (an edit keeps
        10,000 projects' JSON files and 20,000 pages at 10,000 projects)."""
        paths = set(relpaths)
        if len(paths) != len(relpaths) or not self.seen.isdisjoint(paths) or (
                self.allowed is not None and not paths <= self.allowed):
            for relpath in relpaths:  # one by one: the error names the file
                self.keep(relpath)
            return
        self.seen |= paths
        self.stats.unchanged += len(paths)

    def claim(self, relpaths: list[str]) -> set[str]:
        """Reserve paths that another process will write (with ``Writer(root, claimed)``):
        neither this writer nor another delegate may write them too."""
        for relpath in relpaths:
            self._register(relpath)
        return set(relpaths)

    def merge(self, stats: WriteStats) -> None:
        """Count what a delegate wrote into the claimed paths."""
        self.stats.add(stats)

    def _register(self, relpath: str) -> None:
        if relpath in self.seen:
            raise WriteError(f"同一个输出文件被写了两次：「{relpath}」（两个页面使用了同一地址）")
        if self.allowed is not None and relpath not in self.allowed:
            raise WriteError(f"「{relpath}」不是分配给这个进程写的文件")
        self.seen.add(relpath)

    def _target(self, relpath: str) -> Path:
        _check(relpath)
        return self.root.joinpath(*PurePosixPath(relpath).parts)

    def write(self, relpath: str, data: str | bytes) -> None:
        target = self._target(relpath)
        self._register(relpath)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if self.digests:
            self.stats.digests[relpath] = hashlib.blake2b(payload, digest_size=16).hexdigest()
        try:
            if target.stat().st_size == len(payload) and target.read_bytes() == payload:
                self.stats.unchanged += 1
                return
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        with _named(tmp):
            tmp.write_bytes(payload)
        os.replace(tmp, target)
        self.stats.written.append(relpath)

    def write_pieces(self, relpath: str, pieces: Iterable[bytes]) -> None:
        """Like :meth:`write`, for a file made in pieces (never whole in memory)."""
        target = self._target(relpath)
        self._register(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        # hashed only when asked: the downloads' writer is not, and the whole-site files
        # are 270 MB at 10,000 projects (0.35 s of an edit's rebuild)
        digest = hashlib.blake2b(digest_size=16) if self.digests else None
        with _named(tmp), tmp.open("wb") as out:
            for piece in pieces:
                if digest is not None:
                    digest.update(piece)
                out.write(piece)
        if digest is not None:
            self.stats.digests[relpath] = digest.hexdigest()
        try:
            same = filecmp.cmp(tmp, target, shallow=False)
        except FileNotFoundError:
            same = False
        if same:
            tmp.unlink()
            self.stats.unchanged += 1
            return
        os.replace(tmp, target)
        self.stats.written.append(relpath)

    def write_filled(self, relpath: str, fill: Callable[[IO[bytes]], None],
                     beside: bool = False) -> None:
        """Like :meth:`write_pieces`, for a file its maker knows differs from the one
        there, written by ``fill`` into the open file (whole ranges of other files copied
        in the kernel, :mod:`generator.downloads.outputs`): not compared with the old.
        ``beside``: filled in this writer's thread while the caller goes on, until
        :meth:`settle` (a copy in the kernel leaves the interpreter free: at 100,000
        projects the edit's 1.4 GB results.json took 2.7–5.7 s, and the build process,
        done with its own part, waited for it with a core idle)."""
        target = self._target(relpath)
        self._register(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not beside:
            self._written(relpath, self._fill(target, fill))
            return
        if self._beside is None:
            self._beside = ThreadPoolExecutor(1, thread_name_prefix="writer")
        self._filling.append((relpath, self._beside.submit(self._fill, target, fill)))

    def _fill(self, target: Path, fill: Callable[[IO[bytes]], None]) -> str | None:
        """The file filled (the digest of its bytes, when asked)."""
        tmp = target.with_name(target.name + ".tmp")
        with _named(tmp), tmp.open("wb") as out:
            fill(out)
        digest = None
        if self.digests:
            with tmp.open("rb") as written:
                digest = hashlib.file_digest(
                    written, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
        os.replace(tmp, target)
        return digest

    def _written(self, relpath: str, digest: str | None) -> None:
        if digest is not None:
            self.stats.digests[relpath] = digest
        self.stats.written.append(relpath)

    def settle(self) -> None:
        """Wait for the files filled beside (:meth:`write_filled`); counted in the order
        they were asked for; the first one's error raised once all are done."""
        filling, self._filling = self._filling, []
        error: BaseException | None = None
        for relpath, future in filling:
            try:
                self._written(relpath, future.result())
            except BaseException as exc:  # the others are still waited for
                error = error or exc
        if self._beside is not None:
            self._beside.shutdown()
            self._beside = None
        if error is not None:
            raise error

    def remove_stale(self, listed: Iterable[str] | None = None) -> None:
        """Delete files under the root that this run did not write (a deleted project).
        ``listed``: the files the root holds, when known (the last build's record: walking
        10,000 folders took 0.6–1 s of an edit's rebuild)."""
        if not self.root.is_dir():
            return
        root = str(self.root)
        removed = []
        if listed is not None:
            for rel in listed:
                if rel not in self.seen:
                    try:
                        os.unlink(os.path.join(root, rel))
                    except FileNotFoundError:
                        continue
                    removed.append(rel)
                    remove_empty(root, os.path.dirname(rel))
            self.stats.removed.extend(sorted(removed, reverse=True))
            return
        for folder, _, files in os.walk(root, topdown=False):  # rglob: 5x slower
            base = os.path.relpath(folder, root).replace(os.sep, "/")
            for name in files:
                rel = name if base == "." else f"{base}/{name}"
                if rel not in self.seen:
                    os.unlink(os.path.join(folder, name))
                    removed.append(rel)
            if folder != root and not os.listdir(folder):
                os.rmdir(folder)
        self.stats.removed.extend(sorted(removed, reverse=True))


def remove_empty(root: str, folder: str) -> None:
    """Remove ``folder`` (relative to ``root``) and its parents below ``root`` while each
    is empty (``rmdir`` refuses any other)."""
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:
            return
        folder = os.path.dirname(folder)
