"""What a project page shows of the groups it stands in, as one text: the key of that part
of the page (:func:`generator.publish.fingerprints.page_fingerprint`).

A project page says where its project stands in its year and among its authority's projects
(:func:`.charts.insight.standing_rows` and :func:`.charts.insight.standing_charts`): rank,
count, share below, average and 评价方式 counts of each group, the year's score
distribution and the year's average 得分率 of each of the page's top-level indicators. The
page was keyed by a digest of every figure of both groups, so an edit of one score
re-rendered every project page of its year and authority (about 1,250 pages at 10,000
projects, 12,500 at 100,000). Keyed by what it shows, a page renders again only when one of
those figures changed for it: a score corrected within its band moves the rank of the few
projects it passes, and the rounded averages seldom.

Every figure here is read as those functions read it; a change to what they show must be
made here too (``tests/test_edit_standing.py``: after a corrected score the pages rendered
are exactly those that changed, and the site is a clean build's; ``tests/test_edit_work.py``
and ``tests/test_incremental.py`` compare the site after other edits with a clean build).
"""

from __future__ import annotations

from generator.core.fmt import round2
from generator.core.model import ProjectHead
from generator.core.whole import WHOLE
from generator.site.context import Group, SiteContext


def standing_view(site: SiteContext, project: ProjectHead,
                  memo: dict[int, str] | None = None) -> str:
    """What the page of ``project`` shows of its groups (nothing for a result without a
    score, or a 部门整体 result: they stand in none). ``memo``: each group's own part by
    ``id``, made once for all its pages."""
    if project.total is None or project.kind == WHOLE:
        return ""
    memo = {} if memo is None else memo
    year = site.years[project.year]
    parts = []
    for group, bins in ((year, True), (site.authorities[project.authority], False)):
        rank, count, below = group.standing(project)
        parts.append(f"{rank}/{count}/{below}/{_of_group(group, memo, bins)}")
    rates = year.indicator_rates
    parts += [f"{name}:{rates[name].average}:{rates[name].count}" if name in rates else name
              for name, _ in project.rates()]
    return "\n".join(parts)


def _of_group(group: Group, memo: dict[int, str], bins: bool) -> str:
    """A group's average and 评价方式 counts, and with ``bins`` its score distribution
    (shown for the year only), as its pages show them."""
    made = memo.get(id(group))
    if made is None:
        methods = ",".join(f"{share.method}:{share.count}" for share in group.methods)
        distribution = ",".join(map(str, group.score_bins)) if bins else ""
        made = memo[id(group)] = f"{group.average}/{methods}/{distribution}"
    return made


def group_view(site: SiteContext, key: tuple[str, object], memo: dict[int, str]) -> str:
    """What every page of a group's projects shows of the group alike (``key``: its kind,
    ``year`` or ``authority``, and name): its part of :func:`standing_view` but the ranks,
    a year's with every top-level indicator's average 得分率. While it is as it was, a
    corrected score changes the pages of the projects whose rank or share below it moved,
    not every page of its groups (:func:`moved`). ``memo``: as for :func:`standing_view`."""
    kind, name = key
    if kind == "year":
        group = site.years[name]  # type: ignore[index]
        rates = group.indicator_rates
        return "\n".join([_of_group(group, memo, True), *(
            f"{n}:{rates[n].average}:{rates[n].count}" for n in sorted(rates))])
    return _of_group(site.authorities[name], memo, False)  # type: ignore[index]


def moved(projects: list[ProjectHead],
          corrected: list[tuple[ProjectHead | None, ProjectHead]]) -> list[ProjectHead] | None:
    """The projects of a group whose rank or share below can differ once the ``corrected``
    projects of it (each as (its earlier head, its head)) changed their totals: those whose
    shown total lies between the lowest and the highest of the totals moved, ties included
    (a total moved from a to b changes the projects above exactly those in [a, b), the
    projects below those in (a, b]). None when that is not known: an earlier head unknown,
    a total added or taken away (the group's count changes for every page)."""
    shown = []
    for earlier, head in corrected:
        if earlier is None or earlier.total is None or head.total is None:
            return None
        shown += [round2(earlier.total), round2(head.total)]
    if not shown:
        return []
    low, high = min(shown), max(shown)
    return [p for p in projects if p.total is not None and low <= round2(p.total) <= high]
