"""Workbooks (XLSX) for the downloads: numbers as numbers with the site's decimals, bold
frozen headers, widths from the content, and the same bytes for the same content (written
by :mod:`generator.downloads.xlsx`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import IO, Any

from generator.core.fields import FIELDS_BY_KEY, TABLE_FIELDS, FieldSpec, csv_value
from generator.core.fmt import money, number, round2
from generator.core.model import Project, ProjectHead, SiteConfig
from generator.downloads.deflate import BlockStore, Layout, stops
from generator.downloads.outputs import Made, Outputs
from generator.downloads.parts import Make, Part, PartStore, Stream
from generator.downloads.sheet_cells import Row, column_letter, raw_rows_xml, rows_xml
from generator.downloads.xlsx import (
    BlockPlan,
    Sheet,
    workbook_bytes,
    workbook_pieces,
    write_workbook,
)
from generator.intake.template import TEMPLATE_SHEET, template_notes, template_rows

FULL_EXTRA_FIELDS = ("order", "series", "report_date", "summary")  # JSON-only fields, in 项目
BLOCKS = "blocks"  # in the parts' folder: results.xlsx's deflated blocks


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _number_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def xlsx_value(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    """A cell value (numbers as numbers) and its number format, showing the site's digits."""
    if raw is None or raw == []:
        return None, None
    if spec.kind == "money":
        return raw, _number_format(_decimals(money(raw)))
    if spec.kind == "two":
        return round2(raw), "0.00"
    if spec.kind == "number":
        return raw, _number_format(_decimals(number(raw)))
    if spec.kind == "int":
        return int(raw), "0"
    return csv_value(spec, raw), None


def results_row(project: ProjectHead) -> Row:
    return [xlsx_value(f, f.get(project)) for f in TABLE_FIELDS]


def year_full_workbook(projects: Sequence[ProjectHead], streams: dict[str, Stream],
                       when: datetime, store: PartStore, blocks: BlockStore,
                       config: SiteConfig | None = None) -> Iterator[bytes]:
    """A year's data/<year>/results.xlsx: the full workbook (:func:`full_results_workbook`)
    of that year's projects, from their parts of the site's streams (``streams``, each
    holding only the year's projects, in content order), deflated in blocks kept in the
    year's own store (its row numbers start again at 2). So each year's file is what
    ``import`` reads back, and stays within Excel's and ``import``'s limits where the
    whole site's file does not (4.5 million indicator rows at 100,000 projects against
    Excel's 1,048,576; ``import`` refused the site's file above about 2,240 projects:
    docs/dev/performance.md); an edit deflates only its project's blocks."""
    yield from workbook_pieces(_full_book(projects, store.base, blocks, streams, config), when,
                               store.folder)
    blocks.prune()


class _Plans:
    """The block plans of a workbook's sheets (see :class:`BlockPlan`), made as each sheet
    is written: the projects' names (file and key joined) and the blocks' digests are
    made once for the sheets whose projects have the same keys, and reused by the others
    (at C speed: the stream's columns as they are, :class:`~.part_columns.Columns`)."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        self.made: list[tuple[int, int, Sequence[str], list[str], dict[tuple[int, int], str]]] = []

    def __call__(self, ends: list[int], first: int, end: int, stream: Stream) -> BlockPlan:
        columns = stream.columns
        made = next((made for made in self.made if made[:2] == (first, end)
                     and made[2] == columns.keys), None)
        if made is None:
            names = list(map("\0".join, zip(self.files[first:end], columns.keys, strict=True)))
            made = (first, end, columns.keys, names, {})
            self.made.append(made)
        return BlockPlan(ends, made[3], columns.offsets, columns.lengths, columns.rows, made[4])


_EMPTY: tuple[Any, str | None] = (None, None)


def _raw_cell(raw: Any) -> tuple[Any, str | None]:
    """A raw value of the 指标 / 预算明细 sheets: numbers as numbers with their decimals as
    written (so they read back to the same digits), text as text."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, Decimal):
        return raw, _number_format(_decimals(number(raw)))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw, "0"
    return str(raw), None


RawRows = Callable[[Project], Iterable[list[Any]]]
ProjectRows = Callable[[Project], Iterable[Row]]


def _raw_rows(rows: RawRows, money_columns: tuple[int, ...] = ()) -> ProjectRows:
    """A project's rows of raw values; the amounts of ``money_columns`` shown as the site
    shows them (at least two decimals), so they read back the same."""
    def made(project: Project) -> Iterator[Row]:
        for raw in rows(project):
            row = [_EMPTY if v is None else _raw_cell(v) for v in raw]  # most are empty
            for index in money_columns:
                if row[index][0] is not None:
                    row[index] = (row[index][0], _number_format(_decimals(money(row[index][0]))))
            yield row
    return made


def _part_maker(headers: list[str], rows: ProjectRows | RawRows,
                xml_of: Callable[..., tuple[str, int]] = rows_xml) -> Make:
    """A project's rows of a sheet as a part of its stream (see
    :mod:`generator.downloads.parts`). ``xml_of``: :func:`.rows_xml`, or
    :func:`.raw_rows_xml` for rows of raw values (the same XML as :func:`_raw_rows`
    gives without money columns)."""
    letters = [column_letter(i) for i in range(1, len(headers) + 1)]

    def make(project: Project) -> Part:
        widths = [0] * len(headers)
        xml, count = xml_of(rows(project), letters, widths)
        return Part(xml.encode(), count, tuple(widths))
    return make


def full_results_sheets() -> list[tuple[str, str, list[str], Make]]:
    """The sheets of data/results.xlsx: (stream name, title, headers, a project's part)."""
    from generator.intake import self_eval_sheets as kinds
    from generator.intake import whole_sheets as whole
    from generator.intake.full_workbook import (
        INDICATOR_HEADERS,
        INDICATOR_SHEET,
        ITEM_HEADERS,
        ITEMS_SHEET,
        PROJECT_SHEET,
        indicator_rows,
        item_rows,
    )

    extra = [FIELDS_BY_KEY[k] for k in FULL_EXTRA_FIELDS]

    def project_row(project: Project) -> list[Row]:
        return [results_row(project) + [xlsx_value(f, f.get(project)) for f in extra]]

    project_headers = [f.header for f in TABLE_FIELDS + extra]
    sheets: list[tuple[str, list[str], RawRows, tuple[int, ...]]] = [
        (INDICATOR_SHEET, INDICATOR_HEADERS, indicator_rows, ()),
        (ITEMS_SHEET, ITEM_HEADERS, item_rows, (2, 3)),
        (kinds.GOALS_SHEET, kinds.GOALS_HEADERS, kinds.goal_rows, ()),
        (kinds.FUNDING_SHEET, kinds.FUNDING_HEADERS, kinds.funding_rows, (2, 3, 4)),
        (kinds.RECTIFICATION_SHEET, kinds.RECTIFICATION_HEADERS, kinds.rectification_rows, ()),
        (whole.TASKS_SHEET, whole.TASK_HEADERS, whole.task_rows, (3, 4)),
        (whole.STAFF_SHEET, whole.STAFF_HEADERS, whole.staff_rows, ()),
    ]
    # raw rows straight to XML (raw_rows_xml) where no amount is shown as money
    makes = [(PROJECT_SHEET, project_headers, _part_maker(project_headers, project_row))] + [
        (title, headers, _part_maker(headers, _raw_rows(rows, money)) if money
         else _part_maker(headers, rows, raw_rows_xml)) for title, headers, rows, money in sheets]
    return [(f"results.xlsx.{index}", title, headers, make)
            for index, (title, headers, make) in enumerate(makes, 1)]


def full_results_workbook(projects: Sequence[ProjectHead], when: datetime,
                          parts: PartStore | None = None,
                          streams: dict[str, Stream] | None = None,
                          config: SiteConfig | None = None,
                          layout: Layout | None = None) -> Iterator[bytes]:
    """data/results.xlsx, the full record that ``import`` reads back: 项目 (every column of
    the results and the project's other fields), 指标 (one row per indicator node),
    预算明细 (one row per budget item) and the 自评表 parts: 目标, 资金来源 and 整改 (see
    :mod:`generator.intake.self_eval_sheets`), and 网站设置 (``config``, site.yml's
    settings: :mod:`generator.intake.site_sheet`). ``parts``: where each project's rows
    are kept between builds (default: made here, kept nowhere), and the sheets' deflated
    blocks (:mod:`generator.downloads.deflate`); ``streams``: the sheets' streams, already
    gathered there; ``layout``: where its blocks lie, recorded. In pieces: never whole in
    memory."""
    with nullcontext(parts) if parts is not None else PartStore() as store:
        if streams is None:
            streams = store.gather_all(projects, {name: make for name, _, _, make
                                                  in full_results_sheets()})
        blocks = BlockStore(store.folder / BLOCKS)
        book = _full_book(projects, store.base, blocks, streams, config)
        yield from workbook_pieces(book, when, store.folder, layout)
        blocks.prune()


def full_results_file(path: str, projects: Sequence[ProjectHead], when: datetime,
                      store: PartStore, streams: dict[str, Stream], config: SiteConfig,
                      outputs: Outputs) -> Made:
    """data/results.xlsx after an edit (:mod:`generator.downloads.outputs`): kept when its
    sheets' parts and the projects its blocks are cut after did not change; else, when the
    record vouches for the file there, written straight into its new file, the blocks of
    unchanged rows copied from the old file where its layout places them (only the edited
    projects' blocks deflated, none read from the block store, nothing compared); else
    made in pieces and compared, as by :func:`full_results_workbook`."""
    laid: Layout = {}

    def digest() -> str:
        total = hashlib.blake2b(digest_size=16)
        total.update("\0".join(project.id for project in projects).encode())
        for name, title, headers, _ in full_results_sheets():
            total.update(streams[name].digest(title.encode(), "\0".join(headers).encode())
                         .encode())
        return total.hexdigest()

    def pieces() -> Iterator[bytes]:
        yield from full_results_workbook(projects, when, store, streams, config, laid)
        outputs.laid[path] = laid

    previous = outputs.layout(path)

    def fill(out: IO[bytes]) -> None:
        assert outputs.root is not None and previous is not None
        blocks = BlockStore(store.folder / BLOCKS)
        with (outputs.root / path).open("rb") as source:
            write_workbook(out, _full_book(projects, store.base, blocks, streams, config), when,
                           source, previous, laid)
        blocks.prune()
        outputs.laid[path] = laid

    return outputs.made(path, digest, pieces, fill if previous is not None else None)


def _full_book(projects: Sequence[ProjectHead], base: str, blocks: BlockStore,
               streams: dict[str, Stream], config: SiteConfig | None) -> list[Sheet]:
    """The sheets of a full workbook, their rows in blocks (``base``: the parts store's,
    see :class:`~generator.downloads.xlsx.Sheet`). A sheet with more rows than Excel and
    WPS open (:data:`EXCEL_ROWS`) goes on in 指标（2）, 指标（3）…, each project's rows in
    one sheet: at 100,000 synthetic projects 指标 had 4,466,463 rows, and Excel opened the
    first 1,048,576 of them only."""
    files = [project.file for project in projects]
    ids = [project.id for project in projects]
    ends = stops(ids)  # once for all sheets
    plans = _Plans(files)

    def spooled(stream: Stream, columns: int) -> tuple[IO[bytes], int, list[int]]:
        return stream.path.open("rb"), stream.rows, stream.widths(columns)

    sheets = []
    for name, title, headers, _ in full_results_sheets():
        stream = streams[name]
        pieces = _excel_pieces(stream)
        for piece, (first, end) in enumerate(pieces, 1):
            part = stream if len(pieces) == 1 else stream.part(first, end)
            cut = ends if len(pieces) == 1 else stops(ids[first:end])
            sheets.append(Sheet(title if piece == 1 else f"{title}（{piece}）", headers,
                                spooled=spooled(part, len(headers)),
                                blocks=(blocks, base, partial(plans, cut, first, end, part))))
    return [*sheets, _settings_sheet(config or SiteConfig())]


EXCEL_ROWS = 1_048_576  # the most rows a worksheet of Excel (2007 on) or WPS holds


def _excel_pieces(stream: Stream) -> list[tuple[int, int]]:
    """The stream's projects (first, end) in runs whose rows fit one worksheet under its
    header row; one run in all but the largest sites."""
    room = EXCEL_ROWS - 1
    if stream.rows <= room:
        return [(0, len(stream))]
    pieces, first, rows = [], 0, 0
    for index, count in enumerate(stream.columns.rows):
        if rows + count > room and rows:  # a project's rows stay on one sheet
            pieces.append((first, index))
            first, rows = index, 0
        rows += count
    pieces.append((first, len(stream)))
    return pieces


def _settings_sheet(config: SiteConfig) -> Sheet:
    """site.yml's settings, so that ``import`` gives back the site, not only its projects."""
    from generator.intake.site_sheet import SETTINGS_HEADERS, SETTINGS_SHEET, settings_rows

    return Sheet(SETTINGS_SHEET, SETTINGS_HEADERS,
                 [[_raw_cell(value) for value in row] for row in settings_rows(config)])


def template_xlsx(when: datetime) -> bytes:
    """The import template: the disclosure's columns, one example row, and a notes sheet."""
    headers, example = template_rows()
    first: list[Row] = [[(value, _example_format(value)) for value in example]]
    notes: list[Row] = [[(title, None), (need, None), (note, None)]
                        for title, need, note in template_notes()]
    notes.append([(None, None)] * 3)
    notes.append([(f"把每个项目填为“{TEMPLATE_SHEET}”中的一行（可删除示例行），然后运行："
                   "python -m generator import 文件.xlsx", None), (None, None), (None, None)])
    return workbook_bytes([Sheet(TEMPLATE_SHEET, headers, first),
                           Sheet("说明", ["列名", "是否必填", "说明"], notes)], when)


def _example_format(value: Any) -> str | None:
    if isinstance(value, Decimal):
        return _number_format(max(2, _decimals(f"{value:f}")))
    return "0" if isinstance(value, int) else None
