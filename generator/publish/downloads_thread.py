"""The downloads of a build: every file of ``downloads/`` written as it is made, in a
thread beside MkDocs, the assembly and Pagefind (:class:`Downloads`), each kept, filled or
written as the records of the last build allow (:func:`write_downloads`). Moved out of
:mod:`.pipeline`, which runs it, to keep that module readable.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from generator.base.apart import Apart
from generator.base.beside import Beside
from generator.base.records import save_record, take_record
from generator.base.reproducible import epoch_time
from generator.base.stages import stage
from generator.base.writer import Writer, WriteStats
from generator.content.discovery import Content
from generator.core.model import ProjectHead
from generator.publish.file_keys import FileKeys
from generator.publish.state import BuildState

if TYPE_CHECKING:  # imported when the downloads start (after the check)
    from generator.downloads.files import EachProject, ExportFile

DOWNLOADS_LISTED = "downloads.listed"  # in the build folder: the files the downloads wrote
FORMAT = 2  # of its record (2: with the key of each project's file for its per-project files)


def write_downloads(content: Content, writer: Writer, epoch: str,
                    keys: FileKeys | None = None, listed: Iterable[str] | None = None,
                    each: dict[str, str] | None = None) -> dict[str, str]:
    """Every download, each written as it is made. ``listed``: the files the last build
    wrote, when its record says (else whether a file is there is asked of its folder).
    ``keys``: a file made from some projects
    whose files did not change since the last build is kept as that build wrote it, and
    the whole-site files are put together from the projects' parts that build kept
    (:mod:`generator.downloads.parts`), only the changed projects' made anew, and those
    whose parts did not change kept (:mod:`generator.downloads.outputs`). ``each``: the
    key of each project's file when the last build wrote its per-project files (its JSON
    record, :class:`generator.downloads.files.EachProject`); returned: this build's."""
    from generator.downloads.files import export_plan  # not before the check (start-up)
    from generator.downloads.outputs import Filled, Kept, Outputs
    from generator.site.feeds import feed_plan
    parts = keys.parts(content.full) if keys else None
    outputs = Outputs(parts.folder, parts.base) if parts is not None else None
    if outputs is not None:
        outputs.start(writer.root)
    files: Iterable[Planned] = chain(
        _planned(export_plan(content, epoch_time(epoch), parts, outputs), keys is not None),
        feed_plan(content.projects, content.config, epoch_time(epoch)))
    kept: set[str] = set()
    if keys is not None:  # the plan whole first (its makes are called later)
        with stage("downloads.plan"):
            files = list(files)
        with stage("downloads.file_keys"):
            present = set(listed).__contains__ if listed is not None else \
                _Present(os.fspath(writer.root))
            kept = keys.plan(((file[0], file[2]) for file in files
                              if isinstance(file, tuple) and file[2] is not None), present)
    made: dict[str, str] = {}
    try:
        for file in files:
            if not isinstance(file, tuple):
                assert keys is not None
                with stage("downloads.each"):
                    _write_each(file, writer, keys, each or {}, made)
                continue
            path, make, projects = file
            if path in kept:
                writer.keep(path)
                continue
            with stage(f"downloads.{'some' if projects else path}"):
                data = make()
                if isinstance(data, Kept):
                    writer.keep(path)
                elif isinstance(data, Filled):
                    writer.write_filled(path, data.fill, data.beside)
                elif isinstance(data, bytes):
                    writer.write(path, data)
                else:
                    writer.write_pieces(path, data)
    except BaseException:  # the files filled beside end before the error goes on
        with suppress(Exception):
            writer.settle()
        raise
    with stage("downloads.settle"):  # written, or their error raised, before the record
        writer.settle()
    if outputs is not None:
        outputs.save()
    return made


# a file of the plan: its path, how it is made and from which projects (None: all); or,
# in a build with keys, the files per project, planned as one (see _write_each)
Planned: TypeAlias = "tuple[str, Callable[[], Any], Sequence[ProjectHead] | None] | EachProject"


def _planned(plan: Iterable[ExportFile | EachProject], whole: bool) -> Iterator[Planned]:
    """The plan's files one by one; its files per project as one item when ``whole``."""
    from generator.downloads.files import EachProject

    for item in plan:
        if not isinstance(item, EachProject):
            yield item.path, item.make, item.projects
        elif whole:
            yield item
        else:
            yield from ((file.path, file.make, file.projects) for file in item.files())


def _write_each(item: EachProject, writer: Writer, keys: FileKeys, before: dict[str, str],
                made: dict[str, str]) -> None:
    """A file per project: kept where the project's file is the one the last build wrote
    it from (``before``: its key by project file), else made. ``made``: each project's
    key, for the next build."""
    key, path = keys.key, item.path
    kept: list[str] = []
    for index, project in enumerate(item.projects):
        file = project.file
        current = made[file] = key((project,))
        if before.get(file) == current:
            kept.append(path(project))
        else:
            with stage("downloads.some"):
                writer.write(path(project), item.make(index))
    writer.keep_all(kept)


class _Present:
    """Whether a file is in a folder, a folder listed once: a stat of each of an edit's
    kept downloads (10,000 projects' JSON in one folder) took longer than a listing."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.folders: dict[str, set[str]] = {}

    def __call__(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        names = self.folders.get(folder)
        if names is None:
            try:
                names = {entry.name for entry in os.scandir(os.path.join(self.root, folder))
                         if entry.is_file()}
            except OSError:
                names = set()
            self.folders[folder] = names
        return name in names


class Downloads:
    """The downloads, written beside MkDocs, the assembly and Pagefind (other processes,
    mostly): an edit's rebuild takes about the longest of them.

    ``apart``: in a forked process (:class:`~generator.base.apart.Apart`) started as soon
    as the check is done (:func:`goes_apart`): a thread could only start after the pages,
    shared the build's interpreter lock, and still held an edit 0.55–0.64 s at its end
    (10,000 projects). A clean build of 10,000 projects: 231.8 → 214.8 s, peak 893 → 954
    MiB (forked before any page is rendered, it copies little of the build's memory; forked
    after the pages, as once measured, the copies took the peak to 2.2 GiB). Else in a
    thread. Where the process fails, the downloads are written here when the build waits
    for them."""

    def __init__(self, content: Content, folder: Path, epoch: str, state: BuildState,
                 key: str, apart: bool = False) -> None:
        self.writer = Writer(folder)
        self._args = (content, epoch, state, key)
        self._job: Beside[WriteStats] | Apart[WriteStats] = \
            Apart(self._run) if apart else Beside(self._run)

    @property
    def seconds(self) -> float:
        return self._job.seconds

    def _run(self) -> WriteStats:
        content, epoch, state, key = self._args
        with stage("downloads.keys"):
            keys = state.download_files(epoch)
            # what the last build wrote, taken (removed) before anything is written: a
            # build stopped after writing leaves none, and the next one walks the folder
            listed = take_record(state.out_dir / DOWNLOADS_LISTED, "format", FORMAT)
        with stage("downloads.write"):
            each = write_downloads(
                content, self.writer, epoch, keys,
                listed["files"] if listed is not None else None,
                listed["each"] if listed is not None and listed["base"] == keys.base
                else None)
        with stage("downloads.save"):
            self.writer.remove_stale(listed["files"] if listed is not None else None)
            save_record(state.out_dir / DOWNLOADS_LISTED,
                        {"format": FORMAT, "files": sorted(self.writer.seen),
                         "base": keys.base, "each": each})
            keys.save()
            state.save_downloads(key)
        return self.writer.stats

    def join(self, raise_error: bool = True) -> WriteStats:
        """What was written; ``raise_error``: the downloads' error raised (else what they
        wrote is left, good for the next build)."""
        if isinstance(self._job, Beside):
            if raise_error:
                return self._job.join()
            self._job.wait()
            return self.writer.stats
        ok, stats = self._job.join()
        if ok and stats is not None:
            return stats
        if not raise_error:
            return self.writer.stats
        start = time.perf_counter()
        self.writer = Writer(self.writer.root)  # the process's writes are not this one's
        stats = self._run()  # the process failed: here, where its error is raised
        self._job.seconds += time.perf_counter() - start
        return stats


APART_CLEAN_MAX = 20_000  # projects: above, a clean build's downloads stay in a thread


def goes_apart(out_dir: Path, projects: int) -> bool:
    """Whether this build's downloads run in a forked process (:class:`Downloads`): an
    edit's always (the last build's downloads are on record: only what changed is made
    anew); a clean build's up to :data:`APART_CLEAN_MAX` projects. Forked once the check is
    done, the process fills the core that the build leaves idle while it renders the
    summary pages alone, and no longer shares the build's interpreter lock (10,000
    projects: see docs/dev/performance.md). Above that size the thread stays: its peak at
    100,000 projects, 2.84 GiB, was measured with it, the fork's was not."""
    return (out_dir / DOWNLOADS_LISTED).is_file() or projects <= APART_CLEAN_MAX
