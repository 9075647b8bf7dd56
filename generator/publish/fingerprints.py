"""What each page is made from (its fingerprint): a page whose fingerprint is the one the last
build recorded is left as it is (:func:`generator.publish.pipeline.generate`).

A project page and an authority's pages (its 部门公开 of a year shows each project's 信息表,
with 主要绩效) are keyed by their projects' files. The other summary pages show no project's
概况 or 主要绩效 and no position in a file: they are keyed by each project's *listing*
(:func:`.listings.listing_of`, a digest of its head without those fields), so an edit to a
project's text re-renders its page and its authority's, not its year's summary, 整改 and 问题
pages nor the pages over all years (which were rendered on every edit: at 2,000 projects
0.3 s of a 0.5 s rendering; ``tests/test_edit_work.py`` counts them). The listings and what
else earlier builds made of each file are kept by :mod:`.listings`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

from generator.core.model import ProjectHead
from generator.core.themes import THEME_SLUGS
from generator.core.urls import (
    DATA_PAGE,
    PROJECT_PAGES,
    authority_page,
    department_page,
    problems_page,
    project_page,
    rectification_page,
    source_path,
    year_page,
)
from generator.core.whole import WHOLE
from generator.publish.cache import digest_bytes
from generator.publish.listings import (
    GroupFigures,
    Listings,
    earlier_head,
    group_figures,
    listings,
    themes_listing_of,
)
from generator.publish.standings import record_groups, restanding
from generator.publish.state import BuildState
from generator.site import glossary
from generator.site.context import Facts, SiteContext
from generator.site.paging import paged
from generator.site.standing import standing_view

# the pages over all years (each rendered from the whole context, no file's text)
OVERALL = ("", "years/", "departments/", rectification_page(), problems_page(), "trends/")
PROJECTS = f"{PROJECT_PAGES}/"  # every project page's Markdown is under it
PROBLEMS = problems_page()  # every 问题 page's Markdown is under it


def page_fingerprint(state: BuildState, site: SiteContext, project: ProjectHead,
                     directory_urls: bool) -> str:
    """What a project page is made from: its project's file and those of its series (the
    page's trend and the earlier year's problems), what it shows of its year and its
    authority (where the project stands: :func:`.standing.standing_view`, not every figure
    of both groups), the site settings, the rendering code."""
    parts = [state.render_key(), str(directory_urls)]
    for member in site.series_of(project):
        parts += [member.id, member.file, state.names.get(member.file) or os.urandom(8).hex()]
    parts.append(standing_view(site, project, state.__dict__.setdefault("_views", {})))
    return digest_bytes("\0".join(parts).encode("utf-8"))


def summary_fingerprints(state: BuildState, site: SiteContext, directory_urls: bool,
                         years: set[int] | None = None, authorities: set[str] | None = None,
                         reuse: dict[str, tuple[str, str]] | None = None, themes: bool = True,
                         since: tuple[dict[str, tuple[str, str]], list[ProjectHead]] | None = None
                         ) -> Iterator[tuple[str, str]]:
    """(Markdown path, fingerprint) of each summary page (with the site settings and the
    rendering code): an authority's page, from its projects' and 部门整体 results' files; a
    部门公开 page, from its projects' files (信息表 in order), its 部门整体 results' and its
    other years; a year's summary (its first page) and 整改 page, from that year's
    listings, a later page of its list from the listings it lists and the count; a page of a
    problem theme's list of a year, from the listings of the projects it lists, the
    theme's counts, the year's problem count and the theme's other years (an edit that
    leaves a theme's page leaves it); the pages over all years (:data:`OVERALL`), from
    every listing and the files with warnings, but those that read little
    (:func:`_plain_fingerprints`). Each 部门整体 result's
    own page always renders. ``years``, ``authorities``: only these years' summary and
    整改 pages and these authorities' pages (the others' are the record's: see
    :func:`_same_groups`); every theme's pages and the pages over all years still, but
    for ``reuse`` (the record, when every theme is in the years it was in): the other
    years' theme pages are the record's (:func:`_theme_fingerprints`); not ``themes``: no 问题
    page (the caller has the record's: :func:`_themes_as_before`). ``since``: the record
    and the changed files, which list otherwise: the pages over all years, which read every
    listing, are each keyed by its record's fingerprint and the changed listings (another
    fingerprint, as every listing's digest would be: 0.7 s at 100,000 projects)."""
    key = [state.render_key(), str(directory_urls)]
    listed = listings(state)
    yield from _authority_fingerprints(
        state, site, directory_urls, site.disclosures if authorities is None else
        [name for name in site.disclosures if name in authorities])
    for year, group in site.years.items():
        if years is not None and year not in years:
            if themes:
                yield from _theme_fingerprints(state, site, key, year, listed, reuse)
            continue
        files = _fingerprint(state, [*key, str(year)],
                             [*group.projects, *site.year_wholes.get(year, [])], listed)
        for pager, rows in paged(partial(year_page, year), group.projects):
            if pager.first:  # with the year's figures and charts
                made = digest_bytes(f"{files}\0year".encode())
            else:  # its own rows only
                made = _fingerprint(state, [*key, str(year), "year", str(pager.number), str(
                    len(pager.urls)), str(len(group.projects))], rows, listed)
            yield source_path(pager.url), made
        yield source_path(rectification_page(year)), \
            digest_bytes(f"{files}\0rectification".encode())
        if themes:
            yield from _theme_fingerprints(state, site, key, year, listed)
    warned = sorted({w.file for w in site.content.warnings})
    pages = [page for page in OVERALL if themes or page != PROBLEMS]
    earlier = [since[0].get(source_path(page), ("", ""))[0] for page in pages] if since else []
    if since is not None and all(earlier):
        for page, old in zip(pages, earlier, strict=True):
            yield source_path(page), _fingerprint(state, [old, "again"], since[1], listed)
    else:
        # with the check's key: the 问题 page's keywords are jieba's (a pinned requirement)
        overall = _fingerprint(state, [*key, state.check_key(), "overall", *warned],
                               site.content.projects, listed)
        for page in pages:
            yield source_path(page), digest_bytes(f"{overall}\0{page}".encode())
    yield from _plain_fingerprints(state, site, key, warned, listed)


def _plain_fingerprints(state: BuildState, site: SiteContext, key: list[str],
                        warned: list[str], listed: Listings) -> Iterator[tuple[str, str]]:
    """The pages over all years that read little of the projects, each by what it reads
    (by every listing, they rendered again on every correction: 关于数据 0.3 s at 100,000
    projects): 评价方法 and 术语 the settings only, 数据下载 the years, 关于数据 the counts it
    gives and the listings of the results it names (the files with warnings), in order."""
    for page, parts in (("about/", []), (glossary.PAGE, []), (DATA_PAGE, map(str, site.years))):
        yield source_path(page), digest_bytes("\0".join([*key, page, *parts]).encode())
    flagged = set(warned)
    yield source_path("about/data/"), _fingerprint(
        state, [*key, "about/data/", str(site.all.count), str(len(site.years)),
                str(len(site.departments)), *warned],
        [p for p in site.content.projects if p.file in flagged], listed)


def _theme_fingerprints(state: BuildState, site: SiteContext, key: list[str], year: int,
                        listed: Listings, reuse: dict[str, tuple[str, str]] | None = None
                        ) -> Iterator[tuple[str, str]]:
    """(Markdown path, fingerprint) of each page of the problem themes' lists of ``year``
    (see :func:`summary_fingerprints`). ``reuse``: the record's, for a year no changed
    file is in while every theme is in the years it was in (:func:`theme_years`): all
    that such a page is made from is its year's (its rows, counts and pages) but the
    theme's years. Made anew, they were half of a score correction's fingerprints at
    100,000 projects (2.1 of 4.2 s)."""
    index = site.themes
    for name, entry in index.by_year.get(year, {}).items():
        if entry.count:
            years = ",".join(str(y) for y in sorted(index.themes[name].years))
            projects = [p for p, _ in entry.projects]
            # each page by its own rows (a rename renders the page that lists it, not
            # every page of its themes: 1.2 s at 100,000 projects) and the counts
            head = [*key, str(year), name, years, "problems",
                    str(index.year_problems[year]), str(entry.count), str(len(projects)),
                    str(len(entry.authorities))]
            for pager, rows in paged(partial(problems_page, THEME_SLUGS[name], year),
                                     projects):
                path = source_path(pager.url)
                old = reuse.get(path) if reuse is not None else None
                yield path, old[0] if old is not None and old[0] else _fingerprint(
                    state, [*head, str(len(pager.urls)), str(pager.number)], rows, listed)


def _themes_as_before(state: BuildState, site: SiteContext, changed: list[ProjectHead],
                      previous: dict[str, tuple[str, str]]) -> dict[str, str] | None:
    """The record's fingerprints of every 问题 page when no changed file changed what they
    show (a corrected score): what the index of problems by theme reads of it
    (:func:`.listings.themes_listing_of`), its name and ``order`` (its row, and the
    content's order its rows follow), each as its head had them when the record was made
    (:func:`.listings.earlier_head`); its address, kind, year and authority are as they
    were (:func:`_changed_only`). Else None. Keyed by every
    listing, a score's correction read the whole index (0.9 s at 100,000 projects) and
    rendered its year's theme pages again as they were."""
    for project in changed:
        old = earlier_head(state, site.content.cache, project)
        if old is None or (old.name, old.order) != (project.name, project.order) or \
                themes_listing_of(old) != themes_listing_of(project):
            return None
    kept = {path: fingerprint for path, (fingerprint, _) in previous.items()
            if path.startswith(PROBLEMS) and fingerprint}
    return kept if source_path(PROBLEMS) in kept else None


def theme_years(site: SiteContext) -> dict[str, list[int]]:
    """The years each problem theme is in (every year's theme pages show them)."""
    return {name: sorted(theme.years) for name, theme in site.themes.themes.items()}


def _same_groups(site: SiteContext, previous: dict[str, tuple[str, str]], years: set[int],
                 authorities: set[str]) -> dict[str, str] | None:
    """The record's fingerprints of the summary pages of the years and authorities no
    changed file is in: an authority's pages are keyed by its files, a year's summary
    and 整改 pages by its files' listings, its count and its pages' (no file moved between
    groups: :func:`_changed_only`), so each is what the record holds. Made anew, they
    were a third of the fingerprints of a score's correction at 100,000 projects (1.6 of
    4.7 s CPU). None where the record lacks one of them (all are made anew)."""
    paths = []
    for authority, by_year in site.disclosures.items():
        if authority not in authorities:
            paths.append(source_path(authority_page(authority, site.config)))
            paths += [source_path(department_page(authority, year, site.config))
                      for year in by_year]
    for year, group in site.years.items():
        if year not in years:
            paths += [source_path(pager.url)
                      for pager, _ in paged(partial(year_page, year), group.projects)]
            paths.append(source_path(rectification_page(year)))
    same = {}
    for path in paths:
        old = previous.get(path)
        if old is None or not old[0]:
            return None
        same[path] = old[0]
    return same


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
    are those it was made from and no changed file moved (:func:`_changed_only`), only some
    fingerprints are made again, the others are the record's (:func:`_made_again`): making
    all of them took 0.8–1.0 s of an edit's rebuild at 10,000 projects, 5–6 s at 100,000."""
    changed = _changed_only(state, site, directory_urls, previous)
    if changed is not None:
        return _made_again(state, site, directory_urls, previous, *changed)
    state.__dict__["_remade"] = None
    made = {}
    for project in site.projects:
        made[source_path(project_page(project))] = page_fingerprint(state, site, project,
                                                                    directory_urls)
        record_groups(state, site, project)  # each group's once: for an edit
    made.update(summary_fingerprints(state, site, directory_urls))
    state.fingerprinted = len(site.content.projects)
    return made


def _made_again(state: BuildState, site: SiteContext, directory_urls: bool,
                previous: dict[str, tuple[str, str]], changed: list[ProjectHead],
                relisted: bool) -> dict[str, str]:
    """The fingerprints of an edit of the ``changed`` files, the record's kept where they
    cannot differ. Made again: the pages of the changed files' series and their
    authorities; when a changed file lists otherwise (``relisted``: a name, a figure...),
    every summary page too (they are keyed by the listings) and the project pages of a
    group whose standings changed (its year or authority: a score may have moved any
    project's place in it: :func:`.standings.restanding`; only the pages whose
    :func:`.standing.standing_view` changed get another fingerprint, and render). The other
    groups' standings are the record's (no file moved between groups: see
    :func:`_changed_only`)."""
    made = {path: fingerprint for path, (fingerprint, _) in previous.items()
            if fingerprint and (not relisted or path.startswith(PROJECTS))}
    remade: dict[str, ProjectHead | None] = {}
    again = {id(m): m for p in changed for m in site.series_of(p)}
    again.update((id(p), p) for p in restanding(state, site, changed, relisted))
    if relisted:
        years = {p.year for p in changed}
        authorities = {p.authority for p in changed}
        same = _same_groups(site, previous, years, authorities)
        if same is None:
            summaries = summary_fingerprints(state, site, directory_urls)
        else:
            made.update(same)
            themed = _themes_as_before(state, site, changed, previous)
            made.update(themed or {})  # then the problems' index is not even read
            reuse = previous if themed is None and \
                state.pages_inputs.get("theme_years") == theme_years(site) else None
            summaries = summary_fingerprints(state, site, directory_urls, years, authorities,
                                             reuse, themes=themed is None,
                                             since=(previous, changed))
    else:
        summaries = _authority_fingerprints(state, site, directory_urls,
                                            {p.authority for p in changed})
    for project in again.values():
        if project.kind != WHOLE:
            path = source_path(project_page(project))
            made[path] = page_fingerprint(state, site, project, directory_urls)
            remade[path] = project
    for path, fingerprint in summaries:
        made[path] = fingerprint
        remade[path] = None
    state.fingerprinted = len(changed)
    state.__dict__["_remade"] = remade
    return made


def fingerprint_inputs(state: BuildState, site: SiteContext, directory_urls: bool,
                       docs: object = None) -> dict[str, object]:
    """What this build's fingerprints were made from, saved with them (see
    :func:`_changed_only`), with the groups' standing digests (:func:`_standing_digest`)
    and ``docs``, the docs folder's identity: the record's pages are in that folder."""
    return {"urls": directory_urls, "check": state.check_key(), "files": dict(state.names),
            "warned": sorted({w.file for w in site.content.warnings}),
            "standing": state.__dict__.get("_standing", {}), "docs": docs,
            "views": state.__dict__.get("_group_views", {}),
            # when this build did not index the themes, no problem changed: the record's
            "theme_years": theme_years(site) if "themes" in site.__dict__ else
            state.pages_inputs.get("theme_years") if isinstance(state.pages_inputs, dict)
            else None}


def _changed_only(state: BuildState, site: SiteContext, directory_urls: bool,
                  previous: dict[str, tuple[str, str]]
                  ) -> tuple[list[ProjectHead], bool] | None:
    """The heads of the files changed since the record was made, and whether any of them
    lists otherwise (:func:`.listings.listing_of`), when only some pages' fingerprints can
    differ (:func:`_made_again`); None when all are to be made (no record, another key, a
    file added or gone, one whose :func:`.listings.place_of` changed: its page's address,
    the groups and series it is in; the files with warnings changed)."""
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
    relisted = False
    for head in heads:
        old = listed.earlier("listings", head, files[head.file])
        if old is None:
            return None
        if old != listed(head):
            if listed.earlier("places", head, files[head.file]) != listed.place(head):
                return None
            relisted = True
    return heads, relisted


def _fingerprint(state: BuildState, parts: list[str], projects: Sequence[ProjectHead],
                 listed: Listings | None = None) -> str:
    """The parts and the projects' files (or ``listed``: their listings), in order (a file
    not digested: never equal). Each project's row is made once a build (:class:`_Rows`)."""
    kind = "named" if listed is None else "listed"
    rows: _Rows | None = state.__dict__.get(f"_rows_{kind}")
    if rows is None:
        rows = state.__dict__[f"_rows_{kind}"] = _Rows(
            partial(listed.many, "listings") if listed is not None else
            lambda projects: [state.names.get(p.file) or os.urandom(8).hex()
                              for p in projects])
    parts += rows.of(projects)
    return digest_bytes("\0".join(parts).encode("utf-8"))


class _Rows(dict[int, str]):
    """A project's file and what is made of it (``make``: the projects' listings or their
    files' digests), as one row, by the project's ``id``: a summary page's fingerprint
    joins the rows of all its projects, and the pages over all years and of every year
    and theme list every project again (made per project and page: 2.6 s of an edit that
    renamed a project at 100,000 projects)."""

    def __init__(self, make: Callable[[list[ProjectHead]], list[str]]) -> None:
        super().__init__()
        self.make = make
        self.held: list[ProjectHead] = []  # the projects with a row (their ids not reused)

    def of(self, projects: Sequence[ProjectHead]) -> list[str]:
        """The projects' rows, in order (looked up in C once each has one)."""
        try:
            return list(map(self.__getitem__, map(id, projects)))
        except KeyError:
            missing = list({id(p): p for p in projects if id(p) not in self}.values())
            for p, made in zip(missing, self.make(missing), strict=True):
                self[id(p)] = f"{p.file}\0{made}"
            self.held += missing
            return list(map(self.__getitem__, map(id, projects)))


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
