"""The files of the site's ``data/`` folder, one at a time: the build writes each and lets
it go, so it never holds the whole folder in memory. Pure functions returning bytes; the
order is fixed and so are the bytes (one timestamp, :mod:`generator.build.reproducible`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
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


def iter_export_files(content: Content, when: datetime | None = None
                      ) -> Iterator[tuple[str, bytes]]:
    """Every file of the site's data/ folder as (site-relative path, bytes), one at a time:
    the caller writes each and lets it go. The order is fixed, and so are the bytes.

    ``when``: the time the workbooks carry; by default the build's (SOURCE_DATE_EPOCH, else
    1 January after the newest year)."""
    projects = list(content.projects)
    if when is None:
        when = epoch_time(source_date_epoch(max((p.year for p in projects), default=None)))
    yield TEMPLATE_PATH, template_xlsx(when)
    yield results_path("csv"), results_csv(projects)
    yield INDICATORS_PATH, indicators_csv(projects)
    yield RECTIFICATION_PATH, rectification_csv(projects)
    rows = [results_row(p) for p in projects]  # the xlsx cells, shared with the years
    yield results_path("xlsx"), full_results_workbook(projects, rows, when)
    years: dict[int, list[int]] = {}
    for index, project in enumerate(projects):
        years.setdefault(project.year, []).append(index)
    for year, indexes in years.items():
        yield results_path("csv", year), results_csv(projects[i] for i in indexes)
        yield results_path("xlsx", year), results_workbook([rows[i] for i in indexes], when)
    del rows
    records: list[bytes] = []
    for project in projects:
        record = _json_text(project_json(project)).encode("utf-8")
        records.append(record)
        yield project_json_path(project), record + b"\n"
    yield results_path("json"), results_json(content, records)
    yield DATAPACKAGE_PATH, datapackage_json(content.config, list(years), when)
    yield from disclosure_files(content, when)


def disclosure_files(content: Content, when: datetime) -> Iterator[tuple[str, bytes]]:
    """Each authority's yearly disclosure as a Word document (the 部门公开 page's download),
    its tables in the page's order (content.projects is sorted by year, authority, order)."""
    from generator.downloads.disclosure_docx import disclosure_docx

    groups: dict[tuple[str, int], list[Project]] = {}
    for project in content.projects:
        groups.setdefault((project.authority, project.year), []).append(project)
    for (authority, year), projects in sorted(groups.items()):
        yield (department_docx_path(authority, year, content.config),
               disclosure_docx(authority, year, projects, when, content.config.publisher))


def export_files(content: Content, when: datetime | None = None) -> dict[str, bytes]:
    """Every file of the site's data/ folder, by site-relative path (all in memory)."""
    return dict(iter_export_files(content, when))
