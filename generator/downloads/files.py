"""The files of the site's ``data/`` folder, one at a time: the build writes each and lets
it go, so it never holds the whole folder in memory. Pure functions returning bytes; the
order is fixed and so are the bytes (one timestamp, :mod:`generator.base.reproducible`).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from generator.base.json_text import compact, compact_bytes
from generator.base.reproducible import epoch_time, source_date_epoch
from generator.base.stages import stage
from generator.content.discovery import PROJECTS_DIR, Content
from generator.core.csv_cells import safe_rows
from generator.core.fields import (
    FIELDS_BY_KEY,
    INDICATOR_HEADERS,
    INDICATOR_PROJECT_COLUMNS,
    RECTIFICATION_FIELDS,
    RECTIFICATION_HEADERS,
    TABLE_FIELDS,
    TABLE_INDICATOR_FIELDS,
    csv_getter,
    project_json,
    rectification_views,
)
from generator.core.model import Project, ProjectHead
from generator.core.urls import (
    DATAPACKAGE_PATH,
    INDICATORS_PATH,
    RECTIFICATION_PATH,
    TEMPLATE_PATH,
    department_docx_path,
    project_json_path,
    results_path,
)
from generator.core.whole import WHOLE
from generator.downloads.datapackage import datapackage_json
from generator.downloads.deflate import BlockStore
from generator.downloads.outputs import Filled, Kept, Made, Outputs
from generator.downloads.parts import Part, PartStore, Stream
from generator.downloads.workbook import (
    full_results_file,
    full_results_sheets,
    template_xlsx,
    year_full_workbook,
)


def _csv_head(header: list[str]) -> bytes:
    """UTF-8 with BOM and CRLF, so Excel opens the Chinese text correctly by double-click."""
    return b"\xef\xbb\xbf" + _csv_part([header]).data


def _csv_part(rows: Iterable[list[str]]) -> Part:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(safe_rows(rows))
    return Part(buffer.getvalue().encode("utf-8"))


_RESULT_TEXTS = [csv_getter(f) for f in TABLE_FIELDS]
RESULT_HEADERS = [f.header for f in TABLE_FIELDS]


def _result_part(project: ProjectHead) -> Part:
    return _csv_part([[value(project) for value in _RESULT_TEXTS]])


def results_csv(projects: Iterable[ProjectHead]) -> bytes:
    """One row per project, the columns of :data:`TABLE_FIELDS`."""
    return _csv_head(RESULT_HEADERS) + b"".join(_result_part(p).data for p in projects)


_HEAD_TEXTS = [csv_getter(FIELDS_BY_KEY[key]) for key, _ in INDICATOR_PROJECT_COLUMNS]
_INDICATOR_KEYS = [f.key for f in TABLE_INDICATOR_FIELDS]


class _LastRecord:
    """The JSON record of the project last asked for. Its indicator nodes hold each field
    as indicators.csv shows it (:func:`~generator.core.fields.csv_value` is the JSON
    value's text, an empty cell for null), and a build makes a project's parts one after
    the other (:meth:`~generator.downloads.parts.PartStore.gather_all`): the CSV's rows are
    read from the record, not worked out from the tree again (10,000 projects, one process:
    the two streams' parts 9.1 → 6.5 s of CPU)."""

    def __init__(self) -> None:
        self.last: tuple[Project | None, dict[str, Any]] = (None, {})  # read and set whole

    def __call__(self, project: Project) -> dict[str, Any]:
        last, record = self.last
        if project is not last:
            record = project_json(project)
            self.last = (project, record)
        return record


_record_of = _LastRecord()


def _indicator_rows(nodes: list[dict[str, Any]], head: list[str]) -> Iterable[list[str]]:
    for node in nodes:
        yield head + ["" if (value := node[key]) is None else str(value)
                      for key in _INDICATOR_KEYS]
        if node["children"]:
            yield from _indicator_rows(node["children"], head)


def _indicator_part(project: Project) -> Part:
    return _csv_part(_indicator_rows(_record_of(project)["indicators"],
                                     [value(project) for value in _HEAD_TEXTS]))


def indicators_csv(projects: Iterable[Project]) -> bytes:
    """One row per indicator node, depth first as the report's indicator table reads:
    the project's 项目编号, 项目名称 and 年度, then the columns of :data:`INDICATOR_FIELDS`
    that are ``table``. Too many rows for a worksheet to open quickly, so CSV only."""
    return _csv_head(INDICATOR_HEADERS) + b"".join(_indicator_part(p).data for p in projects)


_RECTIFICATION_TEXTS = [csv_getter(f) for f in RECTIFICATION_FIELDS]
_ID_TEXT = csv_getter(FIELDS_BY_KEY["id"])


def _rectification_part(project: Project) -> Part:
    return _csv_part([_ID_TEXT(view.project)] + [value(view) for value in _RECTIFICATION_TEXTS]
                     for view in rectification_views(project))


def rectification_csv(projects: Iterable[Project]) -> bytes:
    """One row per 整改情况 item: the project's 项目编号, then :data:`RECTIFICATION_FIELDS`
    (序号, 整改情况, 状态, 日期), so the status and date of each item are open data too."""
    return _csv_head(RECTIFICATION_HEADERS) + b"".join(_rectification_part(p).data
                                                       for p in projects)


def _record_part(project: Project) -> Part:
    """A project's JSON record and the comma after it (see :func:`results_json`)."""
    return Part(compact_bytes(_record_of(project)) + b",")


def results_json(content: Content, records: Stream,
                 outputs: Outputs | None = None) -> Made:
    """Every project's record, from the stream of the per-project files' records (the
    same compact JSON, so each record is encoded once), a comma after each but the last."""
    outputs = outputs or Outputs(Path(), "")
    head = compact({
        "title": content.config.title,
        "publisher": content.config.publisher,
        "generated_from": f"{PROJECTS_DIR}/**/*.yml（{len(records)} 个项目文件）",
        "count": len(records),
    })
    return outputs.file(results_path("json"), records,
                        (head[:-1] + ',"projects":[').encode("utf-8"), b"]}\n", trim=1)


WHOLE_SITE_STREAMS: dict[str, Callable[[Project], Part]] = {
    "results.csv": _result_part, "indicators.csv": _indicator_part,
    "rectification.csv": _rectification_part, "results.json": _record_part}


YEAR_BLOCKS = "year-blocks"  # in the parts' folder: each year's results.xlsx's blocks


def _some(stream: Stream, indices: list[int]) -> Stream:
    """The parts of the projects at these places of a stream."""
    return stream.some(indices)


def _whole_csv(path: str, header: list[str], stream: Callable[[], Stream],
               outputs: Outputs) -> Callable[[], Made]:
    return lambda: outputs.file(path, stream(), _csv_head(header))


@dataclass
class ExportFile:
    """One file of data/: its path, how it is made and, when it is made from some projects
    only, which (with the code, the site settings and the build's time, which every file
    depends on): a rebuild after an edit makes again only the files of the edited projects
    and the whole-site files (see :func:`generator.publish.downloads_thread.write_downloads`)."""

    path: str
    make: Callable[[], bytes | Iterable[bytes] | Kept | Filled]  # the bytes, in pieces, or
    # a whole-site file kept as it is or filled from its parts (see .outputs)
    projects: Sequence[ProjectHead] | None = None  # None: made from every project


@dataclass
class EachProject:
    """One file per project (its JSON record), planned as one item: an edit's rebuild asks
    each project only whether its file changed and keeps the others' files at once
    (:func:`generator.publish.downloads_thread.write_downloads`). Planned one
    :class:`ExportFile` each, every edit made 10,000 of them at 10,000 projects, each with
    its key, its check against the record and its keep, for one file made."""

    projects: Sequence[ProjectHead]
    make: Callable[[int], bytes]  # the file of the index-th project

    @staticmethod
    def path(project: ProjectHead) -> str:
        return project_json_path(project)

    def files(self) -> Iterator[ExportFile]:
        """The files one by one, as any other file of the plan."""
        for index, project in enumerate(self.projects):
            yield ExportFile(project_json_path(project), partial(self.make, index), (project,))


def export_plan(content: Content, when: datetime | None = None,
                parts: PartStore | None = None, outputs: Outputs | None = None
                ) -> Iterator[ExportFile | EachProject]:
    """Every file of the site's data/ folder, in a fixed order, to be made one at a time:
    each file's ``make`` is called before the next file is asked for. ``when``: the time
    the workbooks carry; by default the build's (SOURCE_DATE_EPOCH, else 1 January after
    the newest year). ``parts``: where the projects' parts of the whole-site files are kept
    between builds (:mod:`generator.downloads.parts`; default: a temporary folder);
    ``outputs``: what the whole-site files in the downloads' folder were written from
    (:mod:`generator.downloads.outputs`; default: none, each file made in full)."""
    outputs = outputs or Outputs(Path(), "")
    projects = list(content.projects)
    if when is None:
        when = epoch_time(source_date_epoch(max((p.year for p in projects), default=None)))
    at = when
    with nullcontext(parts) if parts is not None else PartStore(full=content.full) as store:
        gathered: dict[str, Stream] = {}

        def streams() -> dict[str, Stream]:
            """Every per-project stream, gathered in one pass the first time one is asked
            for: a changed project is loaded once for all its parts."""
            if not gathered:
                makes = {**WHOLE_SITE_STREAMS,
                         **{name: make for name, _, _, make in full_results_sheets()}}
                with stage("downloads.streams"):
                    gathered.update(store.gather_all(projects, makes))
            return gathered

        yield ExportFile(TEMPLATE_PATH, lambda: template_xlsx(at), ())
        # first of the whole-site files: an edit's is copied in the kernel beside the others
        # (Writer.write_filled), and it is the largest (1.4 GB at 100,000 projects)
        yield ExportFile(results_path("json"), lambda: results_json(
            content, streams()["results.json"], outputs))
        yield ExportFile(results_path("csv"), _whole_csv(
            results_path("csv"), RESULT_HEADERS, lambda: streams()["results.csv"], outputs))
        yield ExportFile(INDICATORS_PATH, _whole_csv(
            INDICATORS_PATH, INDICATOR_HEADERS, lambda: streams()["indicators.csv"], outputs))
        yield ExportFile(RECTIFICATION_PATH, _whole_csv(
            RECTIFICATION_PATH, RECTIFICATION_HEADERS, lambda: streams()["rectification.csv"],
            outputs))
        yield ExportFile(results_path("xlsx"), lambda: full_results_file(
            results_path("xlsx"), projects, at, store, streams(), content.config, outputs))
        years: dict[int, list[int]] = {}
        for index, project in enumerate(projects):
            years.setdefault(project.year, []).append(index)
        for year, indices in years.items():  # from the parts of the whole-site files
            group = [projects[index] for index in indices]
            yield ExportFile(results_path("csv", year), partial(
                lambda i: _csv_head(RESULT_HEADERS) + _some(streams()["results.csv"], i).read(),
                indices), group)
            yield ExportFile(results_path("xlsx", year), partial(
                lambda y, i, g: year_full_workbook(
                    g, {name: _some(streams()[name], i) for name, *_ in full_results_sheets()},
                    at, store, BlockStore(store.folder / YEAR_BLOCKS / str(y)),
                    content.config), year, indices, group), group)
        with suppress(OSError):  # the blocks of years no longer in the content go
            for folder in (store.folder / YEAR_BLOCKS).iterdir():
                if folder.name not in {str(year) for year in years}:
                    shutil.rmtree(folder, ignore_errors=True)
        records = streams()["results.json"]
        yield EachProject(projects, lambda index: records.piece(index)[:-1] + b"\n")
        yield ExportFile(DATAPACKAGE_PATH, lambda: outputs.made(
            DATAPACKAGE_PATH, lambda: repr(list(years)),
            lambda: iter([datapackage_json(content.config, list(years), at)]), None))
        yield from disclosure_files(content, when)
        with stage("downloads.parts_save"):
            store.save()


def iter_export_files(content: Content, when: datetime | None = None
                      ) -> Iterator[tuple[str, bytes]]:
    """Every file of the site's data/ folder as (site-relative path, bytes), one at a time."""
    for item in export_plan(content, when):
        for file in item.files() if isinstance(item, EachProject) else (item,):
            data = file.make()
            assert not isinstance(data, Kept | Filled)  # without outputs, none is
            yield file.path, data if isinstance(data, bytes) else b"".join(data)


def disclosure_files(content: Content, when: datetime) -> Iterator[ExportFile]:
    """Each authority's yearly disclosure as a Word document (the 部门公开 page's download),
    its tables in the page's order (content.projects is sorted by year, authority, order);
    every 部门公开 page has one (SPEC §6), a department with only a 部门整体 result too."""
    groups: dict[tuple[str, int], list[ProjectHead]] = {}
    wholes: dict[tuple[str, int], list[ProjectHead]] = {}
    for project in content.projects:  # a 部门整体 result is no 信息表: its own short table
        key = (project.authority, project.year)
        (wholes if project.kind == WHOLE else groups).setdefault(key, []).append(project)
    for authority, year in sorted(groups.keys() | wholes.keys()):
        # a department with only its 部门整体 result has a 部门公开 page too, so a document
        projects, heads = groups.get((authority, year), []), wholes.get((authority, year), [])
        yield ExportFile(department_docx_path(authority, year, content.config),
                         partial(_disclosure, content, authority, year, projects, heads, when),
                         [*projects, *heads])


def _disclosure(content: Content, authority: str, year: int, projects: list[ProjectHead],
                wholes: list[ProjectHead], when: datetime) -> bytes:
    """The document, the 部门整体 results loaded whole (their 年度主要任务) when it is made."""
    from generator.downloads.disclosure_docx import disclosure_docx

    return disclosure_docx(authority, year, projects, when, content.config.publisher,
                           [content.full(w) for w in wholes])


def export_files(content: Content, when: datetime | None = None) -> dict[str, bytes]:
    """Every file of the site's data/ folder, by site-relative path (all in memory)."""
    return dict(iter_export_files(content, when))
