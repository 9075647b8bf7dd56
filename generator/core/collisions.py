"""Two outputs on one path, found by ``check`` rather than by the build's writer.

The writer refuses a second write of one file (``WriteError``), but only in ``build``, as a
traceback-like stop after minutes of work. Every path that depends on the data (a project's
or a 部门整体 result's page and JSON, a department's pages, feed and Word documents) is
computed here once for the whole content, from :mod:`generator.core.urls` — the same
functions the pages use — and compared as a case-insensitive disk compares them. Paths that
do not depend on data (years, themes, the data page) cannot collide with each other, and they
live outside ``projects/``, ``whole/`` and ``departments/`` and the data folder's per-project
and per-department parts.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.core.model import ProjectHead, SiteConfig
from generator.core.problems import Problems
from generator.core.urls import (
    authority_page,
    department_docx_path,
    department_feed,
    department_page,
    project_json_path,
    project_page,
    source_path,
    whole_page,
)
from generator.core.whole import WHOLE


def _outputs(projects: list[ProjectHead], config: SiteConfig
             ) -> Iterator[tuple[str, str, ProjectHead]]:
    """(path, whose: a project id or a department's name, the project that gives it)."""
    seen: set[tuple[str, int]] = set()
    authorities: set[str] = set()
    for project in projects:
        page = whole_page(project) if project.kind == WHOLE else project_page(project)
        yield source_path(page), project.id, project
        yield project_json_path(project), project.id, project
        name = project.authority
        if name not in authorities:
            authorities.add(name)
            yield source_path(authority_page(name, config)), name, project
            yield department_feed(name, config), name, project
        if (name, project.year) not in seen:
            seen.add((name, project.year))
            yield source_path(department_page(name, project.year, config)), name, project
            yield department_docx_path(name, project.year, config), name, project


def check_outputs(projects: list[ProjectHead], config: SiteConfig, problems: Problems) -> None:
    """An error at each project whose output another owner's output would overwrite."""
    owners: dict[str, tuple[str, str, ProjectHead]] = {}
    reported: set[tuple[str, str]] = set()
    for path, whose, project in _outputs(projects, config):
        key = path.casefold()
        first = owners.setdefault(key, (path, whose, project))
        if first[1] == whose or (first[1], whose) in reported:
            continue
        if first[1] == first[2].id and whose == project.id:
            continue  # two projects' ids that differ by case: id-case-clash says so
        reported.add((first[1], whose))
        for owner, at in ((whose, project), (first[1], first[2])):
            other = first[1] if owner == whose else whose
            field = "id" if owner == at.id else "authority"
            line, column = at.mark("authority") if field == "authority" else (None, None)
            problems.error(
                "output-collision",
                f"「{owner}」与「{other}」的网页或下载文件会写到同一个路径「{path}」，后写的会覆盖"
                "先写的：请在 site.yml 的 departments 中给其中一个部门另起网址名，或给项目文件改名",
                line, column, file=at.file)
