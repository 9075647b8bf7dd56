"""What each page is made from (its fingerprint): a page whose fingerprint is the one the last
build recorded is left as it is (:func:`generator.publish.pipeline.generate`).

A project page and an authority's pages (its 部门公开 of a year shows each project's 信息表,
with 主要绩效) are keyed by their projects' files. The other summary pages show no project's
概况 or 主要绩效 and no position in a file: they are keyed by each project's *listing*
(:func:`listing`, a digest of its head without those fields), so an edit to a project's text
re-renders its page and its authority's, not its year's summary, 整改 and 问题 pages nor the
pages over all years (which were rendered on every edit: at 2,000 projects 0.3 s of a 0.5 s
rendering; ``tests/test_edit_work.py`` counts them). A listing is made once per file and
kept by the file's name and bytes (``listings.pickle``): an edit makes one. So are the
figures each project adds to its groups (:func:`~generator.site.context.project_facts`, read
from its 整改 texts: a third of the context at 2,000 projects).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields

from generator.base.records import load_record, save_record
from generator.core.heads import seen
from generator.core.model import ProjectHead
from generator.core.themes import THEME_SLUGS
from generator.core.urls import (
    DATA_PAGE,
    authority_page,
    department_page,
    list_pages,
    problems_page,
    project_page,
    rectification_page,
    source_path,
    year_page,
)
from generator.core.whole import WHOLE
from generator.publish.cache import digest_bytes
from generator.publish.state import BuildState
from generator.site import glossary
from generator.site.context import Facts, SiteContext, category_rates, project_facts

LISTINGS = "listings.pickle"  # in the build folder: each file's listing, by name and bytes
LISTINGS_MORE = "listings.more"  # those made since it was written (see Listings.save)
MORE_MOST = 64  # entries made or gone before the record is written whole (or 5 % of files)
# what the pages keyed by listings never show: the 概况, 主要绩效 and positions in the file
UNLISTED = frozenset({"summary", "achievements", "marks", "line", "head_tops",
                      "head_self_evaluated"})  # the last two: read through tops() and the like
LISTED = tuple(f.name for f in fields(ProjectHead) if f.name not in UNLISTED)
# the pages over all years (each rendered from the whole context, no file's text)
TextFacts = tuple[list[str], list[str | None], bool]  # project_facts but the 得分率
OVERALL = ("", "years/", "departments/", rectification_page(), problems_page(), "trends/",
           DATA_PAGE, "about/", glossary.PAGE, "about/data/")


# what the index of problems by theme (the 问题 pages) reads of a project: a project renamed
# or refigured leaves it (ThemeIndex.of also reads the projects' order and the years)
THEMED = ("year", "authority", "problems_found", "problem_themes")


def themes_listing_of(project: ProjectHead) -> str:
    """A digest of what the index of problems by theme reads of a project (:data:`THEMED`)."""
    head = seen(project)
    return digest_bytes(pickle.dumps([getattr(head, name) for name in THEMED],
                                     protocol=pickle.HIGHEST_PROTOCOL))


def listing_of(project: ProjectHead) -> str:
    """A digest of what lists, summaries and statistics read of a project (its head without
    :data:`UNLISTED`). Pickled: equal values give equal bytes (a Decimal as written, so 15
    and 15.00 differ); a value shared differently can only make two equal heads differ."""
    head = seen(project)  # its texts not kept unpacked (a clean build reads every head's)
    values = [getattr(head, name) for name in LISTED]
    values += [head.tops(), head.has_self_evaluation]
    return digest_bytes(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))


class Listings:
    """Each project's listing and :func:`~generator.site.context.project_facts` by its
    file's name and bytes, as earlier builds made them (under the same render and check
    keys and working folder); made for new files only."""

    def __init__(self, state: BuildState) -> None:
        self.state = state
        self.key = digest_bytes("\0".join([state.render_key(), state.check_key(),
                                           os.getcwd()]).encode())
        record = load_record(state.out_dir / LISTINGS)
        if not isinstance(record, dict) or record.get("key") != self.key:
            record = {}
        self.known: dict[str, str] = record.get("listings", {})
        self.known_facts: dict[str, TextFacts] = record.get("facts", {})
        self.known_themes: dict[str, str] = record.get("themes", {})
        self.whole = bool(record)  # a record to add to (else it is written whole)
        more = load_record(state.out_dir / LISTINGS_MORE) if record else None
        # what builds since the record was written made (see save)
        self.more: dict[str, str] = {}
        self.more_facts: dict[str, TextFacts] = {}
        self.more_themes: dict[str, str] = {}
        if isinstance(more, dict) and more.get("key") == self.key:
            self.more, self.more_facts = more["listings"], more["facts"]
            self.more_themes = more.get("themes", {})
            self.known.update(self.more)
            self.known_facts.update(self.more_facts)
            self.known_themes.update(self.more_themes)
        self.by_file: dict[str, str] = {}  # this build's, by file name
        self.made = 0  # listings and facts made this build (the others were kept)

    def _name(self, project: ProjectHead) -> str | None:
        digest = self.state.names.get(project.file)
        return None if digest is None else f"{project.file}\0{digest}"

    def __call__(self, project: ProjectHead) -> str:
        """A project's listing (asked for about ten times a project: by file first)."""
        value = self.by_file.get(project.file)
        if value is not None:
            return value
        name = self._name(project)
        if name is None:  # a file not read this build: never equal
            return os.urandom(8).hex()
        value = self.known.get(name)
        if value is None:
            value = self.known[name] = self.more[name] = listing_of(project)
            self.made += 1
        self.by_file[project.file] = value
        return value

    def themes(self, project: ProjectHead) -> str:
        """The project's :func:`themes_listing_of`, kept as its listing is."""
        name = self._name(project)
        if name is None:
            return os.urandom(8).hex()
        value = self.known_themes.get(name)
        if value is None:
            value = self.known_themes[name] = self.more_themes[name] = \
                themes_listing_of(project)
            self.made += 1
        return value

    def facts(self, project: ProjectHead) -> Facts:
        """The project's :func:`~generator.site.context.project_facts`: those read from its
        texts kept, its 得分率 (from its head's figures, Decimals slow to keep) read again."""
        name = self._name(project)
        if name is None:
            return project_facts(project)
        value = self.known_facts.get(name)
        if value is None:
            value = self.known_facts[name] = self.more_facts[name] = project_facts(project)[1:]
            self.made += 1
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
        gone = sum(1 for name in self.known if name not in current)
        if self.whole and len(self.more) + gone <= max(MORE_MOST, len(current) // 20):
            if self.made:
                save_record(self.state.out_dir / LISTINGS_MORE, {
                    "key": self.key, "listings": self.more, "facts": self.more_facts,
                    "themes": self.more_themes})
                self.made = 0
            return
        if self.made or gone:
            kept = {name: value for name, value in self.known.items() if name in current}
            facts = {name: value for name, value in self.known_facts.items()
                     if name in current}
            themes = {name: value for name, value in self.known_themes.items()
                      if name in current}
            save_record(self.state.out_dir / LISTINGS, {
                "key": self.key, "listings": kept, "facts": facts, "themes": themes})
            (self.state.out_dir / LISTINGS_MORE).unlink(missing_ok=True)
            self.known, self.known_facts, self.made, self.whole = kept, facts, 0, True
            self.known_themes = themes
            self.more, self.more_facts, self.more_themes = {}, {}, {}


class GroupFigures:
    """The figures of the groups earlier builds summed (:class:`~generator.site.context.
    FigureMemo`), by a digest of their projects' listings in order (a group's figures are
    read from what its projects list): an edit that leaves the listings leaves them, and
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
        return digest_bytes("\0".join([self.listed(p) for p in projects]).encode())

    def themes_key(self, projects: list[ProjectHead], years: Iterable[int]) -> str | None:
        return digest_bytes("\0".join([*map(str, years), "",
                                       *map(self.listed.themes, projects)]).encode())

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


def listings(state: BuildState) -> Listings:
    """The build's one :class:`Listings`."""
    found: Listings | None = state.__dict__.get("_listings")
    if found is None:
        found = state.__dict__["_listings"] = Listings(state)
    return found


def page_fingerprint(state: BuildState, site: SiteContext, project: ProjectHead,
                     directory_urls: bool) -> str:
    """What a project page is made from: its project's file and those of its series (the
    page's trend and the earlier year's problems), the figures of its year and its authority
    (where the project stands), the site settings, the rendering code."""
    parts = [state.render_key(), str(directory_urls)]
    for member in site.series_of(project):
        parts += [member.id, member.file, state.names.get(member.file) or os.urandom(8).hex()]
    parts += [_standing_digest(state, ("year", project.year),
                               lambda: site.years[project.year].projects),
              _standing_digest(state, ("authority", project.authority),
                               lambda: [p for group in site.departments[project.authority]
                                        .values() for p in group.projects])]
    return digest_bytes("\0".join(parts).encode("utf-8"))


def summary_fingerprints(state: BuildState, site: SiteContext, directory_urls: bool
                         ) -> Iterator[tuple[str, str]]:
    """(Markdown path, fingerprint) of each summary page (with the site settings and the
    rendering code): an authority's page, from its projects' and 部门整体 results' files; a
    部门公开 page, from its projects' files (信息表 in order), its 部门整体 results' and its
    other years; a year's summary and 整改 page, from that year's listings; a problem theme's
    page of a year, from that theme's projects' listings, the year's problem count and the
    theme's other years (an edit that leaves a theme leaves its pages); the pages over all
    years (:data:`OVERALL`), from every listing and the files with warnings (关于数据 names
    them). Each 部门整体 result's own page always renders."""
    key = [state.render_key(), str(directory_urls)]
    listed = listings(state)
    yield from _authority_fingerprints(state, site, directory_urls, site.disclosures)
    index = site.themes
    for year, group in site.years.items():
        files = _fingerprint(state, [*key, str(year)],
                             [*group.projects, *site.year_wholes.get(year, [])], listed)
        for n in list_pages(len(group.projects)):
            yield source_path(year_page(year, n)), digest_bytes(f"{files}\0year".encode())
        yield source_path(rectification_page(year)), \
            digest_bytes(f"{files}\0rectification".encode())
        for name, entry in index.by_year.get(year, {}).items():
            if entry.count:
                years = ",".join(str(y) for y in sorted(index.themes[name].years))
                theme = _fingerprint(state, [*key, str(year), name, years, "problems", str(
                    index.year_problems[year])], [p for p, _ in entry.projects], listed)
                for n in list_pages(len(entry.projects)):
                    yield source_path(problems_page(THEME_SLUGS[name], year, n)), theme
    warned = sorted({w.file for w in site.content.warnings})
    # with the check's key: the 问题 page's keywords are jieba's (a pinned requirement)
    overall = _fingerprint(state, [*key, state.check_key(), "overall", *warned],
                           site.content.projects, listed)
    for page in OVERALL:
        yield source_path(page), digest_bytes(f"{overall}\0{page}".encode())


def _authority_fingerprints(state: BuildState, site: SiteContext, directory_urls: bool,
                            authorities: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(Markdown path, fingerprint) of these authorities' pages and 部门公开 pages (see
    :func:`summary_fingerprints`)."""
    key = [state.render_key(), str(directory_urls)]
    for authority in authorities:  # 部门整体 results open them too
        by_year = site.disclosures.get(authority, {})
        wholes = site.authority_wholes.get(authority, {})
        projects = [p for group in by_year.values() for p in group.projects]
        projects += [w for results in wholes.values() for w in results]
        yield (source_path(authority_page(authority, site.config)),
               _fingerprint(state, [*key, authority, "authority"], projects))
        for year, group in by_year.items():
            parts = [*key, authority, str(year), ",".join(str(y) for y in by_year if y != year)]
            yield (source_path(department_page(authority, year, site.config)),
                   _fingerprint(state, parts, [*group.projects, *wholes.get(year, [])]))


def page_fingerprints(state: BuildState, site: SiteContext, directory_urls: bool,
                      previous: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Every fingerprinted page's (Markdown path -> fingerprint): each project page
    (:func:`page_fingerprint`) and summary page (:func:`summary_fingerprints`).

    ``previous``: the last build's record (:meth:`BuildState.take_pages`). When the files
    are those it was made from and every changed file lists as it did (:func:`listing_of`:
    a text of its page or its 部门公开, not a figure, name or position in a list), only the
    fingerprints of the changed files' series pages and their authorities' pages are made
    again, the others are the record's (:func:`_changed_only`): making all of them took
    0.8–1.0 s of an edit's rebuild at 10,000 projects."""
    changed = _changed_only(state, site, directory_urls, previous)
    if changed is not None:
        made = {path: fingerprint for path, (fingerprint, _) in previous.items()
                if fingerprint}
        inputs = state.pages_inputs
        # the groups list as they did: their standings' figures are the record's
        state.__dict__["_standing"] = dict(inputs.get("standing") or {})
        remade: dict[str, ProjectHead | None] = {}
        authorities = {p.authority for p in changed}
        for project in {id(m): m for p in changed for m in site.series_of(p)}.values():
            if project.kind != WHOLE:
                path = source_path(project_page(project))
                made[path] = page_fingerprint(state, site, project, directory_urls)
                remade[path] = project
        for path, fingerprint in _authority_fingerprints(state, site, directory_urls,
                                                         authorities):
            made[path] = fingerprint
            remade[path] = None
        state.fingerprinted = len(changed)
        state.__dict__["_remade"] = remade
        return made
    state.__dict__["_remade"] = None
    made = {source_path(project_page(project)): page_fingerprint(state, site, project,
                                                                 directory_urls)
            for project in site.projects}
    made.update(summary_fingerprints(state, site, directory_urls))
    state.fingerprinted = len(site.content.projects)
    return made


def fingerprint_inputs(state: BuildState, site: SiteContext, directory_urls: bool,
                       docs: object = None) -> dict[str, object]:
    """What this build's fingerprints were made from, saved with them (see
    :func:`_changed_only`), with the groups' standing digests (:func:`_standing_digest`)
    and ``docs``, the docs folder's identity: the record's pages are in that folder."""
    return {"urls": directory_urls, "check": state.check_key(), "files": dict(state.names),
            "warned": sorted({w.file for w in site.content.warnings}),
            "standing": state.__dict__.get("_standing", {}), "docs": docs}


def _changed_only(state: BuildState, site: SiteContext, directory_urls: bool,
                  previous: dict[str, tuple[str, str]]) -> list[ProjectHead] | None:
    """The heads of the files changed since the record was made, when only those pages'
    fingerprints can differ; None when all are to be made (no record, another key, a file
    added or gone, a listing or the files with warnings changed)."""
    inputs = state.pages_inputs
    if not previous or not isinstance(inputs, dict):
        return None
    files = inputs.get("files")
    names = state.names
    if inputs.get("urls") != directory_urls or inputs.get("check") != state.check_key() \
            or not isinstance(files, dict) or len(files) != len(names) \
            or inputs.get("warned") != sorted({w.file for w in site.content.warnings}):
        return None
    changed = {name for name, digest in names.items() if files.get(name) != digest}
    if any(name not in files for name in changed):
        return None
    heads = [p for p in site.content.projects if p.file in changed]
    if len(heads) != len(changed):
        return None
    listed = listings(state)
    for head in heads:
        old = listed.known.get(f"{head.file}\0{files[head.file]}")
        if old is None or old != listed(head):
            return None
    return heads


def _fingerprint(state: BuildState, parts: list[str], projects: Sequence[ProjectHead],
                 listed: Callable[[ProjectHead], str] | None = None) -> str:
    """The parts and the projects' files (or ``listed``: their listings), in order (a file
    not digested: never equal)."""
    if listed is not None:
        for p in projects:
            parts += [p.file, listed(p)]
    else:
        for p in projects:
            parts += [p.file, state.names.get(p.file) or os.urandom(8).hex()]
    return digest_bytes("\0".join(parts).encode("utf-8"))


def _standing_digest(state: BuildState, key: tuple[str, object],
                     projects: Callable[[], list[ProjectHead]]) -> str:
    """The figures a standing compares with (totals, top-level scores, 评价方式: the page says
    which methods its ranks mix), once per group (its projects listed once too: per project,
    an authority's list made the fingerprints grow with the square of its size)."""
    memo: dict[tuple[str, object], str] = state.__dict__.setdefault("_standing", {})
    if key not in memo:
        memo[key] = standing_rows(projects())
    return memo[key]


def standing_rows(projects: list[ProjectHead]) -> str:
    """The digest of what a group's standings compare with (see :func:`_standing_digest`).
    Kept with the pages' record: an edit that leaves every listing reads none again (the
    year's were read for each edit: its every project's figures)."""
    rows = sorted(f"{p.id}\0{p.total}\0{p.method}\0" + "\0".join(
        f"{name}:{score}/{weight}" for name, score, weight in p.tops()) for p in projects)
    return digest_bytes("\n".join(rows).encode("utf-8"))


def remade(state: BuildState) -> dict[str, ProjectHead | None] | None:
    """The pages whose fingerprints :func:`page_fingerprints` made anew (each project
    page's project; None for the others) when it kept the record's for all others, else
    None (all made)."""
    found: dict[str, ProjectHead | None] | None = state.__dict__.get("_remade")
    return found


def kept_figures(state: BuildState) -> tuple[Callable[[ProjectHead], Facts], GroupFigures]:
    """What the context reads from earlier builds: each project's facts and the groups'
    figures (:func:`generator.site.context.build_context`)."""
    return listings(state).facts, group_figures(state)


def save_figures(state: BuildState) -> None:
    """Keep the facts and figures this build made (after its pages, which read them)."""
    listings(state).save()
    group_figures(state).save()
