"""Which project pages a corrected score can change: each group's standings (what its
pages compare with) and view (what its pages show of it alike), as digests kept with the
pages' record (:func:`.fingerprints.fingerprint_inputs`), read by :mod:`.fingerprints`.

A project page says where its project stands in its year and its authority
(:func:`generator.site.standing.standing_view`). When a changed file moves a group's
standings, the pages to fingerprint again were every page of the group (about 11,000 at
100,000 projects: 0.9 s of a score's correction). While the group's view is as it was
(averages, 评价方式 counts, distribution, 得分率), only the projects whose rank or share
below the corrected totals passed can show another standing
(:func:`generator.site.standing.moved`); the corrected projects' earlier heads come from
the check cache, as the record knew them (:func:`.listings.earlier_head`).

Split from :mod:`.fingerprints`, which keys the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.core.model import ProjectHead
from generator.core.whole import WHOLE
from generator.publish.cache import digest_bytes
from generator.publish.listings import earlier_head
from generator.publish.state import BuildState
from generator.site.context import SiteContext
from generator.site.standing import group_view, moved

Key = tuple[str, object]  # ("year", 2019) or ("authority", name)


def groups_of(site: SiteContext, project: ProjectHead
              ) -> list[tuple[Key, Callable[[], list[ProjectHead]]]]:
    """The groups a project page says where the project stands in (its year, its
    authority): each by its key in the record's standings, with a way to list it."""
    return [(("year", project.year), lambda: site.years[project.year].projects),
            (("authority", project.authority),
             lambda: [p for group in site.departments[project.authority].values()
                      for p in group.projects])]


def record_groups(state: BuildState, site: SiteContext, project: ProjectHead) -> None:
    """Make (once a group) the standings and views of a project's groups, for the record:
    every project's, when every page is fingerprinted."""
    for key, projects in groups_of(site, project):
        standing_digest(state, key, projects)
        if project.total is not None and project.kind != WHOLE:  # as standing_view
            view_digest(state, site, key)


def restanding(state: BuildState, site: SiteContext, changed: list[ProjectHead],
               relisted: bool) -> Iterable[ProjectHead]:
    """The projects whose pages can stand otherwise after the ``changed`` files (none but
    where a changed file lists otherwise, ``relisted``): of each group whose standings
    changed, all, or while its view is as it was, those whose rank the corrections can
    have moved. The other groups' digests are the record's."""
    standing = state.__dict__["_standing"] = dict(state.pages_inputs.get("standing") or {})
    views = state.__dict__["_group_views"] = dict(state.pages_inputs.get("views") or {})
    if not relisted:
        return []
    groups = {key: projects for p in changed if p.kind != WHOLE  # ranked in none
              for key, projects in groups_of(site, p)}
    again: dict[int, ProjectHead] = {}
    for key, projects in groups.items():
        old, seen_as = standing.pop(key, None), views.pop(key, None)
        if standing_digest(state, key, projects) != old:
            members = projects()
            ids = set(map(id, members))
            window = moved(members, [(earlier_head(state, site.content.cache, p), p)
                                     for p in changed if id(p) in ids]) \
                if seen_as is not None and view_digest(state, site, key) == seen_as else None
            again.update((id(p), p) for p in (members if window is None else window))
        view_digest(state, site, key)
    return again.values()


def standing_digest(state: BuildState, key: Key,
                    projects: Callable[[], list[ProjectHead]]) -> str:
    """The figures a standing compares with (totals, top-level scores, 评价方式: the page says
    which methods its ranks mix), once per group (its projects listed once too: per project,
    an authority's list made the fingerprints grow with the square of its size)."""
    memo: dict[Key, str] = state.__dict__.setdefault("_standing", {})
    if key not in memo:
        memo[key] = standing_rows(projects(), state.__dict__.setdefault("_rows", {}))
    return memo[key]


def view_digest(state: BuildState, site: SiteContext, key: Key) -> str | None:
    """The digest of a group's :func:`generator.site.standing.group_view`, once per group;
    None for a group the site lacks."""
    memo: dict[Key, str | None] = state.__dict__.setdefault("_group_views", {})
    if key not in memo:
        try:
            view = group_view(site, key, state.__dict__.setdefault("_views", {}))
        except KeyError:
            memo[key] = None
        else:
            memo[key] = digest_bytes(view.encode("utf-8"))
    return memo[key]


def standing_rows(projects: list[ProjectHead], made: dict[int, str] | None = None) -> str:
    """The digest of what a group's standings compare with (see :func:`standing_digest`).
    Kept with the pages' record: an edit that leaves every listing reads none again (the
    year's were read for each edit: its every project's figures). ``made``: each project's
    row by ``id``, written once for its year's group and its authority's (a third of the
    fingerprints of an edit that renamed a project at 10,000 projects, 0.5 of 1.5 s)."""
    made = {} if made is None else made
    rows = []
    for p in projects:
        row = made.get(id(p))
        if row is None:
            row = made[id(p)] = f"{p.id}\0{p.total}\0{p.method}\0" + "\0".join(
                f"{name}:{score}/{weight}" for name, score, weight in p.tops())
        rows.append(row)
    return digest_bytes("\n".join(sorted(rows)).encode("utf-8"))
