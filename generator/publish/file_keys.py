"""Which downloads a rebuild may keep (:class:`FileKeys`), kept in the build folder as
``downloads.files`` and ``downloads.parts/`` (see :mod:`.state`, whose
:meth:`~.state.BuildState.download_files` gives them). Apart from :mod:`.state` to keep
each module small; it reads the state's digests of the content's files (``names``: a
file's display path -> its bytes' digest, filled as the check reads them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path

from generator.base.records import save_record
from generator.core.model import ProjectHead
from generator.downloads.parts import Full, PartStore
from generator.publish.cache import digest_bytes

DOWNLOAD_FILES = "downloads.files"  # the keys of the files made from some projects
DOWNLOAD_PARTS = "downloads.parts"  # the projects' parts of the whole-site files
_FILE = attrgetter("file")


class FileKeys:
    """Which downloads a rebuild may keep: a file made from some projects is current when
    those projects' files are byte for byte those it was made from."""

    def __init__(self, out_dir: Path, names: dict[str, str], base: str,
                 previous: dict[str, str]) -> None:
        self.out_dir, self.names, self.base, self.previous = out_dir, names, base, previous
        self.keys: dict[str, str] = {}
        self._single: dict[str, str] = {}

    def key(self, projects: Sequence[ProjectHead]) -> str:
        names = self.names
        if len(projects) == 1:  # the same key, once a build (the parts ask, and the plan)
            file = projects[0].file  # its bytes' digest: no digest made of it (10,000 a
            key = self._single.get(file)  # build, 0.2 s of an edit's downloads); the
            if key is None:  # parts are kept by file, the plan adds its name (see there)
                key = self._single[file] = names.get(file) or f"{file}\0"
            return key
        files = list(map(_FILE, projects))  # each file and its digest, joined at C speed
        return digest_bytes("\0".join(chain.from_iterable(zip(
            files, map(names.get, files, repeat("")), strict=True))).encode("utf-8"))

    def plan(self, files: Iterable[tuple[str, Sequence[ProjectHead]]],
             present: Callable[[str], bool]) -> set[str]:
        """The files (made from these projects) this build keeps as they are. Before any
        is written, the record vouches for those only: a build stopped while writing the
        others leaves none that could vouch for them."""
        kept: set[str] = set()
        for path, projects in files:
            key = self.key(projects)
            if len(projects) == 1:  # with its name: a feed of one project links to its
                key = f"{projects[0].file}\0{key}"  # page, whose address is the file's
            self.keys[path] = key
            if self.previous.get(path) == key and present(path):
                kept.add(path)
        save_record(self.out_dir / DOWNLOAD_FILES,
                    {"base": self.base, "files": {path: self.keys[path] for path in kept}})
        return kept

    def save(self) -> None:
        save_record(self.out_dir / DOWNLOAD_FILES, {"base": self.base, "files": self.keys})

    def parts(self, full: Full) -> PartStore:
        """The projects' parts of the whole-site files, by the same keys; ``full``: the
        whole project of a head."""
        return PartStore(self.out_dir / DOWNLOAD_PARTS, self.base,
                         lambda project: self.key((project,)), full)
