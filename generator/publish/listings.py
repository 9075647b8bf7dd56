"""What earlier builds made of each project file, kept by the file's name and bytes, and the
groups' figures kept by what their projects list: read by :mod:`.fingerprints` (which pages
an edit leaves) and by the context (:func:`generator.site.context.build_context`).

A project's *listing* (:func:`listing_of`) is a digest of its head without the 概况, 主要绩效
and positions in its file: what lists, summaries and statistics read of it. A listing is made
once per file and kept by the file's name and bytes (``listings.pickle``): an edit makes one.
So is the project's place (:func:`place_of`), and so are the figures each project adds to
its groups (:func:`~generator.site.context.project_facts`, read from its 整改 texts: a third
of the context at 2,000 projects), and what the index of problems by theme reads of it
(:func:`themes_listing_of`).

Split from :mod:`.fingerprints`, which keys the pages by them.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from generator.base.records import load_record, save_record
from generator.content.discovery import ResultCache
from generator.core.heads import seen
from generator.core.model import ProjectHead
from generator.publish.cache import digest_bytes
from generator.publish.state import BuildState
from generator.site.context import Facts, category_rates, project_facts

LISTINGS = "listings.pickle"  # in the build folder: each file's listing, by name and bytes
LISTINGS_MORE = "listings.more"  # those made since it was written (see Listings.save)
MORE_MOST = 64  # entries made or gone before the record is written whole (or 5 % of files)
# what the pages keyed by listings never show: the 概况, 主要绩效 and positions in the file
UNLISTED = frozenset({"summary", "achievements", "marks", "line", "head_tops",
                      "head_self_evaluated"})  # the last two: read through tops() and the like
LISTED = tuple(f.name for f in fields(ProjectHead) if f.name not in UNLISTED)
_FILE = attrgetter("file")


# what no group's figures read (Group.add, project_facts): a project renamed, or its
# department or evaluator corrected, leaves the figures of its groups (all projects, its
# year's...: summing them again took 1.7 s of a rename at 100,000 projects)
UNFIGURED = frozenset({"name", "department", "series", "order", "evaluator", "report_date",
                       "recommendations", "other_fields"})
FIGURED = tuple(name for name in LISTED if name not in UNFIGURED)


def figured_of(project: ProjectHead) -> str:
    """A digest of what a group's figures read of a project (its listing without
    :data:`UNFIGURED`)."""
    return _digest_of(project, FIGURED, tops=True)


# what the index of problems by theme (the 问题 pages) reads of a project: a project renamed
# or refigured leaves it (ThemeIndex.of also reads the projects' order and the years)
THEMED = ("year", "authority", "problems_found", "problem_themes")


def themes_listing_of(project: ProjectHead) -> str:
    """A digest of what the index of problems by theme reads of a project (:data:`THEMED`)."""
    return _digest_of(project, THEMED, tops=False)


def listing_of(project: ProjectHead) -> str:
    """A digest of what lists, summaries and statistics read of a project (its head without
    :data:`UNLISTED`)."""
    return _digest_of(project, LISTED, tops=True)


def _digest_of(project: ProjectHead, names: tuple[str, ...], tops: bool) -> str:
    """A digest of these fields of a project's head (and, with ``tops``, its top-level
    indicators and whether it has a 自评表). Pickled: equal values give equal bytes (a
    Decimal as written, so 15 and 15.00 differ); a value shared differently can only make
    two equal heads differ."""
    head = seen(project)  # its texts not kept unpacked (a clean build reads every head's)
    values = [getattr(head, name) for name in names]
    if tops:
        values += [head.tops(), head.has_self_evaluation]
    return digest_bytes(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))


def place_of(project: ProjectHead) -> tuple[object, ...]:
    """Where a project is: its page's address, the groups and series its page compares it
    with and its kind. A changed file whose place is the same leaves every other page's
    place in its groups (:func:`generator.publish.fingerprints._changed_only`)."""
    return project.id, project.kind, project.year, project.authority, project.series


# what is kept of each file, a table each
KINDS = ("listings", "facts", "themes", "places", "figured")


class Listings:
    """Each project's listing, :func:`~generator.site.context.project_facts`,
    :func:`themes_listing_of`, :func:`place_of` and :func:`figured_of` (:data:`KINDS`) by
    its file's name and bytes, as earlier builds made them (under the same render and check
    keys and working folder); made for new files only."""

    def __init__(self, state: BuildState) -> None:
        self.state = state
        self.key = digest_bytes("\0".join([state.render_key(), state.check_key(),
                                           os.getcwd()]).encode())
        record = load_record(state.out_dir / LISTINGS)
        if not isinstance(record, dict) or record.get("key") != self.key:
            record = {}
        self.known: dict[str, dict[str, Any]] = {kind: record.get(kind, {}) for kind in KINDS}
        self.whole = bool(record)  # a record to add to (else it is written whole)
        more = load_record(state.out_dir / LISTINGS_MORE) if record else None
        # what builds since the record was written made (see save)
        self.more: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        if isinstance(more, dict) and more.get("key") == self.key:
            for kind in KINDS:
                self.more[kind] = more.get(kind, {})
                self.known[kind].update(self.more[kind])
        self.by_file: dict[str, str] = {}  # this build's listings, by file name
        self.made = 0  # entries made this build (the others were kept)
        self._named_of: tuple[dict[str, str], dict[str, str]] | None = None

    def _name(self, project: ProjectHead) -> str | None:
        digest = self.state.names.get(project.file)
        return None if digest is None else f"{project.file}\0{digest}"

    def _kept(self, kind: str, name: str, make: Callable[[], Any]) -> Any:
        """The entry of ``kind`` for the file ``name``, made (and kept) if there is none."""
        value = self.known[kind].get(name)
        if value is None:
            value = self.known[kind][name] = self.more[kind][name] = make()
            self.made += 1
        return value

    def earlier(self, kind: str, project: ProjectHead, digest: str) -> Any:
        """The entry of ``kind`` kept for the project's file with the bytes of that
        ``digest`` (None if there is none)."""
        return self.known[kind].get(f"{project.file}\0{digest}")

    def __call__(self, project: ProjectHead) -> str:
        """A project's listing (asked for about ten times a project: by file first)."""
        value = self.by_file.get(project.file)
        if value is not None:
            return value
        name = self._name(project)
        if name is None:  # a file not read this build: never equal
            return os.urandom(8).hex()

        def made() -> str:  # with its place, for the edits to come
            self._kept("places", name, lambda: place_of(project))
            return listing_of(project)

        value = self.by_file[project.file] = self._kept("listings", name, made)
        return value

    def many(self, kind: str, projects: Sequence[ProjectHead]) -> list[str]:
        """The projects' entries of ``kind`` (listings, themes, figured), in order, looked
        up together (one call a project took 0.6 s of a rename at 100,000 projects: the
        figures of all projects and of the pages over all years are keyed by them all)."""
        known: dict[str | None, Any] = self.known[kind]  # type: ignore[assignment]
        values: list[Any] = list(map(known.get, map(self._named().get, map(_FILE, projects))))
        if None in values:
            one = self if kind == "listings" else getattr(self, kind)
            for at, value in enumerate(values):
                if value is None:
                    values[at] = one(projects[at])
        return values

    def _named(self) -> dict[str, str]:
        """Each file read this build by its name and bytes, as the entries are kept (made
        once a build: made per project and call, 1.3 s of an edit at 100,000 projects)."""
        names = self.state.names
        if self._named_of is None or self._named_of[0] is not names \
                or len(self._named_of[1]) != len(names):
            self._named_of = (names, {f: f"{f}\0{d}" for f, d in names.items()})
        return self._named_of[1]

    def place(self, project: ProjectHead) -> tuple[object, ...]:
        """The project's :func:`place_of`."""
        name = self._name(project)
        if name is None:
            return place_of(project)
        value: tuple[object, ...] = self._kept("places", name, lambda: place_of(project))
        return value

    def themes(self, project: ProjectHead) -> str:
        """The project's :func:`themes_listing_of`."""
        return self._digest("themes", project, themes_listing_of)

    def figured(self, project: ProjectHead) -> str:
        """The project's :func:`figured_of`."""
        return self._digest("figured", project, figured_of)

    def _digest(self, kind: str, project: ProjectHead,
                make: Callable[[ProjectHead], str]) -> str:
        """The project's digest of ``kind`` (``make`` of it), kept or made (a file not read
        this build: one never equal to another)."""
        name = self._name(project)
        if name is None:
            return os.urandom(8).hex()
        value: str = self._kept(kind, name, lambda: make(project))
        return value

    def facts(self, project: ProjectHead) -> Facts:
        """The project's :func:`~generator.site.context.project_facts`: those read from its
        texts kept, its 得分率 (from its head's figures, Decimals slow to keep) read again."""
        name = self._name(project)
        if name is None:
            return project_facts(project)
        value = self._kept("facts", name, lambda: project_facts(project)[1:])
        return (category_rates(project), *value)

    def save(self) -> None:
        """Keep what this build's files gave: the entries made since the record was
        written, beside it (``listings.more``: an edit makes one of each, and rewriting
        the whole record took ~0.1 s at 10,000 projects), or the record again, of the files
        as this build read them (used or not: a group sums its figures only when a page
        reads them, :meth:`generator.site.context.Group.later`), once those added or gone
        since grow many (:data:`MORE_MOST`). Entries are by file name and bytes: any of
        them, stale or not, gives what that file's bytes give."""
        current = {f"{file}\0{digest}" for file, digest in self.state.names.items()}
        gone = sum(1 for name in self.known["listings"] if name not in current)
        if self.whole and max(map(len, self.more.values())) + gone <= \
                max(MORE_MOST, len(current) // 20):
            if self.made:
                save_record(self.state.out_dir / LISTINGS_MORE, {"key": self.key, **self.more})
                self.made = 0
            return
        if self.made or gone:
            self.known = {kind: {name: value for name, value in entries.items()
                                 if name in current} for kind, entries in self.known.items()}
            save_record(self.state.out_dir / LISTINGS, {"key": self.key, **self.known})
            (self.state.out_dir / LISTINGS_MORE).unlink(missing_ok=True)
            self.made, self.whole = 0, True
            self.more = {kind: {} for kind in KINDS}


class GroupFigures:
    """The figures of the groups earlier builds summed (:class:`~generator.site.context.
    FigureMemo`), by a digest of what its projects' figures are read from, in order
    (:func:`figured_of`): an edit that leaves those leaves them (a rename too), and
    the rebuild reads them instead of summing all projects and a year's again (the
    project page and the 部门公开 page compare with them)."""

    def __init__(self, state: BuildState) -> None:
        self.state = state
        self.listed = listings(state)
        record = load_record(state.out_dir / GROUPS)
        self.known: dict[str, bytes] = record["groups"] if isinstance(record, dict) and \
            record.get("key") == self.listed.key else {}
        self.used: dict[str, bytes] = {}
        self.made = 0  # groups summed this build (the others' figures were kept)

    def key(self, projects: list[ProjectHead]) -> str | None:
        return digest_bytes("\0".join(self.listed.many("figured", projects)).encode())

    def themes_key(self, projects: list[ProjectHead], years: Iterable[int]) -> str | None:
        return digest_bytes("\0".join([*map(str, years), "",
                                       *self.listed.many("themes", projects)]).encode())

    def get(self, key: str) -> bytes | None:
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, figures: bytes) -> None:
        self.used[key] = figures
        self.made += 1

    def save(self) -> None:
        """Keep the figures summed this build with those read, then the others (the most
        recent first), at most :data:`GROUPS_MOST`."""
        if not self.made:
            return
        others = [(k, v) for k, v in self.known.items() if k not in self.used]
        room = GROUPS_MOST - len(self.used)
        kept = dict(others[max(0, len(others) - room):] if room > 0 else [])
        kept.update(self.used)
        save_record(self.state.out_dir / GROUPS, {"key": self.listed.key, "groups": kept})
        self.known, self.made = kept, 0


GROUPS = "groups.pickle"  # in the build folder: GroupFigures
GROUPS_MOST = 512  # groups whose figures are kept


def group_figures(state: BuildState) -> GroupFigures:
    """The build's one :class:`GroupFigures`."""
    found: GroupFigures | None = state.__dict__.get("_groups")
    if found is None:
        found = state.__dict__["_groups"] = GroupFigures(state)
    return found


def earlier_head(state: BuildState, cache: ResultCache | None, project: ProjectHead
                 ) -> ProjectHead | None:
    """The head the project's file had when the pages' record was made: the check cache's
    earlier head (:meth:`~generator.publish.cache.CheckCache.before`) where its listing is
    the one kept for the file's bytes the record names; else None. (A build stopped after
    its check stored the file's newer bytes, before it recorded the pages, leaves a cache
    one edit ahead of the record.)"""
    inputs = state.pages_inputs
    files = inputs.get("files") if isinstance(inputs, dict) else None
    old = cache.before(project.file) if cache is not None else None
    if old is None or not isinstance(files, dict) or project.file not in files:
        return None
    kept = listings(state).earlier("listings", project, files[project.file])
    return old if kept is not None and kept == listing_of(old) else None


def listings(state: BuildState) -> Listings:
    """The build's one :class:`Listings`."""
    found: Listings | None = state.__dict__.get("_listings")
    if found is None:
        found = state.__dict__["_listings"] = Listings(state)
    return found
