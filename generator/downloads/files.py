"""The files of the site's ``data/`` folder, one at a time: the build writes each and lets
it go, so it never holds the whole folder in memory. Pure functions returning bytes; the
order is fixed and so are the bytes (one timestamp, :mod:`generator.build.reproducible`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from generator.build.reproducible import epoch_time, source_date_epoch
from generator.content.discovery import PROJECTS_DIR, Content
from generator.core.model import Indicator, Project
from generator.downloads.datapackage import datapackage_json
from generator.downloads.fields import (
    FIELDS_BY_KEY,
    INDICATOR_HEADERS,
    INDICATOR_PROJECT_COLUMNS,
    RECTIFICATION_FIELDS,
    RECTIFICATION_HEADERS,
    TABLE_FIELDS,
    TABLE_INDICATOR_FIELDS,
    NodeView,
    csv_getter,
    project_json,
    rectification_views,
)
from generator.downloads.workbook import (
    full_results_workbook,
    results_row,
    results_workbook,
    template_xlsx,
)
from generator.site.urls import (
    DATAPACKAGE_PATH,
    INDICATORS_PATH,
    RECTIFICATION_PATH,
    TEMPLATE_PATH,
    department_docx_path,
    project_json_path,
    results_path,
)


def _csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with BOM and CRLF, so Excel opens the Chinese text correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


_RESULT_TEXTS = [csv_getter(f) for f in TABLE_FIELDS]


def results_csv(projects: Iterable[Project]) -> bytes:
    """One row per project, the columns of :data:`TABLE_FIELDS`."""
    return _csv_bytes([f.header for f in TABLE_FIELDS],
                      ([value(p) for value in _RESULT_TEXTS] for p in projects))


_HEAD_TEXTS = [csv_getter(FIELDS_BY_KEY[key]) for key, _ in INDICATOR_PROJECT_COLUMNS]
_INDICATOR_TEXTS = [csv_getter(f) for f in TABLE_INDICATOR_FIELDS]


def _indicator_rows(nodes: list[Indicator], project: Project, level: int,
                    head: list[str]) -> Iterable[list[str]]:
    for node in nodes:
        view = NodeView(node, project, level)
        yield head + [value(view) for value in _INDICATOR_TEXTS]
        if node.children:
            yield from _indicator_rows(node.children, project, level + 1, head)


def indicators_csv(projects: Iterable[Project]) -> bytes:
    """One row per indicator node, depth first as the report's indicator table reads:
    the project's 项目编号, 项目名称 and 年度, then the columns of :data:`INDICATOR_FIELDS`
    that are ``table``. Too many rows for a worksheet to open quickly, so CSV only."""
    def rows() -> Iterable[list[str]]:
        for project in projects:
            yield from _indicator_rows(project.indicators, project, 1,
                                       [value(project) for value in _HEAD_TEXTS])
    return _csv_bytes(INDICATOR_HEADERS, rows())


_RECTIFICATION_TEXTS = [csv_getter(f) for f in RECTIFICATION_FIELDS]
_ID_TEXT = csv_getter(FIELDS_BY_KEY["id"])


def rectification_csv(projects: Iterable[Project]) -> bytes:
    """One row per 整改情况 item: the project's 项目编号, then :data:`RECTIFICATION_FIELDS`
    (序号, 整改情况, 状态, 日期), so the status and date of each item are open data too."""
    return _csv_bytes(RECTIFICATION_HEADERS, (
        [_ID_TEXT(view.project)] + [value(view) for value in _RECTIFICATION_TEXTS]
        for project in projects for view in rectification_views(project)))


def _json_text(data: Any) -> str:
    """Compact JSON: without ``indent`` the json module uses its C encoder (10x faster),
    and the files are a third smaller; any JSON viewer indents them for reading."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def results_json(content: Content, records: list[bytes]) -> bytes:
    """Every project's record, from the encoded records of the per-project files (the
    same compact JSON, so each record is encoded once)."""
    head = _json_text({
        "title": content.config.title,
        "publisher": content.config.publisher,
        "generated_from": f"{PROJECTS_DIR}/**/*.yml（{len(records)} 个项目文件）",
        "count": len(records),
    })
    return (head[:-1] + ',"projects":[').encode("utf-8") + b",".join(records) + b"]}\n"


@dataclass
class ExportFile:
    """One file of data/: its path, how it is made and, when it is made from some projects
    only, which (with the code, the site settings and the build's time, which every file
    depends on): a rebuild after an edit makes again only the files of the edited projects
    and the whole-site files (see :func:`generator.build.pipeline.write_downloads`)."""

    path: str
    make: Callable[[], bytes]
    projects: Sequence[Project] | None = None  # None: made from every project


Record = Callable[[Project], bytes | None]  # a project's JSON record kept from before, if any


def export_plan(content: Content, when: datetime | None = None, kept: Record | None = None
                ) -> Iterator[ExportFile]:
    """Every file of the site's data/ folder, in a fixed order, to be made one at a time
    (the caller writes each and lets it go). ``when``: the time the workbooks carry; by
    default the build's (SOURCE_DATE_EPOCH, else 1 January after the newest year).
    ``kept``: a project's JSON record as a previous build wrote it, when still current."""
    projects = list(content.projects)
    if when is None:
        when = epoch_time(source_date_epoch(max((p.year for p in projects), default=None)))
    at = when
    yield ExportFile(TEMPLATE_PATH, lambda: template_xlsx(at), ())
    yield ExportFile(results_path("csv"), lambda: results_csv(projects))
    yield ExportFile(INDICATORS_PATH, lambda: indicators_csv(projects))
    yield ExportFile(RECTIFICATION_PATH, lambda: rectification_csv(projects))
    yield ExportFile(results_path("xlsx"), lambda: full_results_workbook(
        projects, [results_row(p) for p in projects], at))
    years: dict[int, list[Project]] = {}
    for project in projects:
        years.setdefault(project.year, []).append(project)
    for year, group in years.items():
        yield ExportFile(results_path("csv", year), partial(results_csv, group), group)
        yield ExportFile(results_path("xlsx", year), partial(
            lambda g: results_workbook([results_row(p) for p in g], at), group), group)
    records: dict[int, bytes] = {}  # each record encoded once, for its file and results.json

    def record(project: Project) -> bytes:
        if id(project) not in records:
            old = kept(project) if kept is not None else None
            records[id(project)] = old if old is not None else \
                _json_text(project_json(project)).encode("utf-8")
        return records[id(project)]

    for project in projects:
        yield ExportFile(project_json_path(project),
                         partial(lambda p: record(p) + b"\n", project), (project,))
    yield ExportFile(results_path("json"),
                     lambda: results_json(content, [record(p) for p in projects]))
    yield ExportFile(DATAPACKAGE_PATH,
                     lambda: datapackage_json(content.config, list(years), at))
    yield from disclosure_files(content, when)


def iter_export_files(content: Content, when: datetime | None = None
                      ) -> Iterator[tuple[str, bytes]]:
    """Every file of the site's data/ folder as (site-relative path, bytes), one at a time."""
    for file in export_plan(content, when):
        yield file.path, file.make()


def disclosure_files(content: Content, when: datetime) -> Iterator[ExportFile]:
    """Each authority's yearly disclosure as a Word document (the 部门公开 page's download),
    its tables in the page's order (content.projects is sorted by year, authority, order)."""
    from generator.downloads.disclosure_docx import disclosure_docx

    groups: dict[tuple[str, int], list[Project]] = {}
    for project in content.projects:
        groups.setdefault((project.authority, project.year), []).append(project)
    for (authority, year), projects in sorted(groups.items()):
        yield ExportFile(department_docx_path(authority, year, content.config),
                         partial(disclosure_docx, authority, year, projects, when,
                                 content.config.publisher), projects)


def export_files(content: Content, when: datetime | None = None) -> dict[str, bytes]:
    """Every file of the site's data/ folder, by site-relative path (all in memory)."""
    return dict(iter_export_files(content, when))
