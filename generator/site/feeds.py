"""Atom feeds (RFC 4287) of the published results: ``feed.xml`` for the whole site and
``departments/<slug>/feed.xml`` for each 主管部门, newest first (year, then report date,
then the order in the authority's disclosure).

Links are absolute under site.yml's ``base_url``; without it they are relative to the feed
(a reader resolves them against the feed's own address). Entry ids are ``urn:uuid`` made
from the project's id, so they stay the same whatever the address, title or build.
Dates: an entry's is its report date (``report_date``, the 1st of the month when only
YYYY-MM is known), else the build's epoch (:mod:`generator.base.reproducible`).

A feed holds the newest :data:`FEED_ENTRIES` results, as feeds do: it tells a reader what
is new, and the whole record is in the data downloads. With every project, ``feed.xml``
was 6 MB at 10,000 projects (60 MB at 100,000), fetched whole by every reader on every
poll and written again on every rebuild.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial

from generator.base.xml_text import escape, quoteattr
from generator.core import fmt
from generator.core.model import ProjectHead, SiteConfig
from generator.core.urls import (
    FEED_PATH,
    Linker,
    department_feed,
    department_page,
    project_page,
    whole_page,
)
from generator.core.whole import WHOLE

ATOM_NS = "http://www.w3.org/2005/Atom"  # the Atom namespace name (RFC 4287), not a link
ATOM_TYPE = "application/atom+xml"
# A fixed namespace for the ids: uuid5(_NAMESPACE, "projects/<id>") never changes.
_NAMESPACE = uuid.UUID("5f1b7e8c-3b1e-4f6a-9d0e-6a2f0c9b4e21")
# Characters XML 1.0 cannot hold (YAML rejects most of them already)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK = Linker(directory_urls=True)
FEED_ENTRIES = 500  # entries in a feed at most, newest first


def entry_id(project: ProjectHead) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, project_page(project))}"


def feed_id(path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, path)}"


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_time(project: ProjectHead, when: datetime) -> datetime:
    """The report date (schema-checked YYYY-MM or YYYY-MM-DD), else the build's time."""
    return _date_time(project.report_date, when)


def _date_time(report_date: str | None, when: datetime) -> datetime:
    if report_date:
        parts = [int(p) for p in report_date.split("-")]
        try:
            return datetime(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        except (ValueError, IndexError):
            pass
    return when


def newest_first(projects: Iterable[ProjectHead]) -> list[ProjectHead]:
    """Year, then report date, newest first; then the disclosure's order, then the name."""
    by_order = sorted(projects, key=lambda p: (p.authority, p.order is None, p.order or 0,
                                               p.name, p.id))
    return sorted(by_order, key=lambda p: (p.year, p.report_date or ""), reverse=True)


def _href(config: SiteConfig, here: str, target: str) -> str:
    return config.base_url + target if config.base_url else _LINK(here, target)


def _summary(project: ProjectHead) -> str:
    grade = project.grade
    if project.grade_declared and project.grade_declared != grade:
        grade += f"（公布为“{project.grade_declared}”）"
    score = "未公布" if project.total is None else f"{fmt.two(project.total)} 分"
    what = "部门整体支出绩效评价 · " if project.kind == WHOLE else ""
    return (f"{what}{project.year} 年度 · 主管部门：{project.authority} · "
            f"评价分值：{score} · 评价等级：{grade} · "
            f"预算金额：{fmt.amount(project.budget)} 万元")


def _entry(project: ProjectHead, config: SiteConfig, here: str, when: datetime) -> str:
    """One entry, linking the result's page: a project's, or a 部门整体 result's own."""
    stamp = _stamp(entry_time(project, when))
    page = whole_page(project) if project.kind == WHOLE else project_page(project)
    return (
        "<entry>\n"
        f"  <id>{entry_id(project)}</id>\n"
        f"  <title type=\"text\">{_text(project.name)}</title>\n"
        f"  <link rel=\"alternate\" type=\"text/html\" "
        f"href={_attr(_href(config, here, page))}/>\n"
        f"  <published>{stamp}</published>\n"
        f"  <updated>{stamp}</updated>\n"
        f"  <author><name>{_text(project.authority)}</name></author>\n"
        f"  <category term={_attr(project.grade)} label={_attr('评价等级：' + project.grade)}/>\n"
        f"  <summary type=\"text\">{_text(_summary(project))}</summary>\n"
        "</entry>\n"
    )


def _subtitle(projects: list[ProjectHead]) -> str:
    """What the feed holds: projects' results, and 部门整体 results where it has any."""
    wholes = any(p.kind == WHOLE for p in projects)
    return f"财政支出项目{'和部门整体支出' if wholes else ''}绩效评价结果：新公布的在前"


def atom_feed(projects: list[ProjectHead], config: SiteConfig, path: str, title: str,
              page: str, when: datetime) -> bytes:
    """One feed at site-relative ``path`` whose HTML alternate is ``page``; ``projects``
    in feed order (the first :data:`FEED_ENTRIES` are its entries)."""
    # each date once: the site's feed has every project (0.05 s of an edit at 10,000)
    updated = max([when, *(_date_time(date, when) for date in
                           {p.report_date for p in projects})])
    head = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<feed xmlns="{ATOM_NS}" xml:lang="zh-CN">\n',
        f"<id>{feed_id(path)}</id>\n",
        f'<title type="text">{_text(title)}</title>\n',
        f'<subtitle type="text">{_text(_subtitle(projects))}</subtitle>\n',
        f'<link rel="self" type="{ATOM_TYPE}" href={_attr(_href(config, path, path))}/>\n',
        f'<link rel="alternate" type="text/html" href={_attr(_href(config, path, page))}/>\n',
        f"<updated>{_stamp(updated)}</updated>\n",
        f"<author><name>{_text(config.publisher or config.title)}</name></author>\n",
    ]
    if config.license:
        head.append(f'<rights type="text">{_text(config.license)}</rights>\n')
    body = [_entry(p, config, path, when) for p in projects[:FEED_ENTRIES]]
    return "".join([*head, *body, "</feed>\n"]).encode("utf-8")


FeedFile = tuple[str, Callable[[], bytes], list[ProjectHead] | None]


def feed_plan(projects: Iterable[ProjectHead], config: SiteConfig, when: datetime
              ) -> Iterator[FeedFile]:
    """``feed.xml`` and every authority's feed: (site-relative path, how it is made, the
    projects it is made from; None for every project's, as ``feed.xml``). A rebuild keeps
    the feed of an authority whose projects' files did not change
    (:func:`generator.publish.downloads_thread.write_downloads`)."""
    ordered = newest_first(projects)
    yield FEED_PATH, partial(atom_feed, ordered, config, FEED_PATH, config.title, "", when), \
        None
    authorities: dict[str, list[ProjectHead]] = {}
    for project in ordered:
        authorities.setdefault(project.authority, []).append(project)
    for authority in sorted(authorities):
        group = authorities[authority]
        path = department_feed(authority, config)
        yield path, partial(atom_feed, group, config, path, f"{authority}绩效评价结果",
                            department_page(authority, group[0].year, config), when), group


def iter_feed_files(projects: Iterable[ProjectHead], config: SiteConfig, when: datetime
                    ) -> Iterator[tuple[str, bytes]]:
    """``feed.xml`` and every authority's feed as (site-relative path, bytes)."""
    for path, make, _ in feed_plan(projects, config, when):
        yield path, make()
