"""Open data: the results as CSV, XLSX and JSON files for the site's ``data/`` folder.

Pure functions that return bytes; the build's writer decides where they land. Every column
comes from one table, :data:`FIELDS` (also rendered as the data dictionary), and the
indicator columns from :data:`INDICATOR_FIELDS`, so the CSV, the workbook and the JSON cannot
drift apart. Figures go through :mod:`fmt` exactly as the pages show them, and the files are
byte-for-byte reproducible (fixed timestamps), so a rebuild with unchanged content leaves
them untouched. :func:`iter_export_files` yields the files one at a time, so the build never
holds the whole folder in memory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .content import PROJECTS_DIR, Content
from .fmt import money, number, round2, two
from .importer import TEMPLATE_SHEET, template_notes, template_rows
from .model import Indicator, Project
from .scoring import category_rate

DATA_DIR = "data"
RESULTS_SHEET = "评价结果"

# kind -> how the data dictionary names the type
KINDS = {
    "text": "文字",
    "int": "整数",
    "money": "数字（万元，保留公布的小数位，至少两位）",
    "two": "数字（两位小数）",
    "number": "数字（按公布的写法）",
    "value": "数字或文字",
    "list": "文字列表（CSV/XLSX 中每项一行，多项时编号“1、”）",
    "records": "对象列表（仅 JSON）",
    "tree": "指标树（仅 JSON）",
}


@dataclass(frozen=True)
class FieldSpec:
    """One column of the open data: its JSON key, Chinese name, type and meaning."""

    key: str
    name: str
    kind: str
    unit: str
    description: str
    get: Callable[[Any], Any] = field(repr=False, compare=False)
    table: bool = True  # also a column of the CSV / XLSX (else JSON only)

    @property
    def type(self) -> str:
        return KINDS[self.kind]

    @property
    def header(self) -> str:
        """CSV/XLSX header: the name with its unit, as in 预算金额（万元）."""
        return f"{self.name}（{self.unit}）" if self.unit else self.name


def _numbered(items: list[str]) -> str:
    """Multi-item texts as the 信息表 prints them: one per line, numbered only if several."""
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{i}、{text}" for i, text in enumerate(items, 1))


def _value_text(value: Decimal | str | None) -> str | None:
    if value is None:
        return None
    return number(value) if isinstance(value, Decimal) else value


def _categories(project: Project) -> list[dict[str, Any]]:
    return [{"code": n.code, "name": n.name, "weight": number(n.weight), "score": two(n.score),
             "rate": two(category_rate(n)) if n.weight else None} for n in project.indicators]


def _budget_items(project: Project) -> list[dict[str, Any]]:
    return [{"name": i.name, "budget": money(i.budget),
             "spent": money(i.spent) if i.spent is not None else None}
            for i in project.budget_items]


FIELDS: list[FieldSpec] = [
    FieldSpec("id", "项目编号", "text", "",
              "项目文件在 content/projects/ 下的路径（不含 .yml），也是项目页面地址 "
              "projects/<项目编号>/ 与 data/projects/<项目编号>.json 的一部分",
              lambda p: p.id),
    FieldSpec("name", "项目名称", "text", "", "评价结果信息表中的项目名称", lambda p: p.name),
    FieldSpec("year", "预算年度", "int", "", "被评价的预算年度", lambda p: p.year),
    FieldSpec("department", "项目单位", "text", "", "项目实施单位", lambda p: p.department),
    FieldSpec("authority", "主管部门", "text", "",
              "公开评价结果的主管部门（未填写时同项目单位）", lambda p: p.authority),
    FieldSpec("evaluator", "评价机构", "text", "", "开展评价的机构（如第三方机构）",
              lambda p: p.evaluator),
    FieldSpec("method", "评价方式", "text", "", "第三方评价、部门评价或单位自评",
              lambda p: p.method),
    FieldSpec("series", "项目系列", "text", "", "同一项目在不同年度的评价共用的名称",
              lambda p: p.series, table=False),
    FieldSpec("order", "信息表序号", "int", "",
              "在主管部门当年公开的“绩效评价结果信息表 N”中的序号 N",
              lambda p: p.order, table=False),
    FieldSpec("report_date", "报告日期", "text", "", "评价报告日期（YYYY-MM 或 YYYY-MM-DD）",
              lambda p: p.report_date, table=False),
    FieldSpec("budget", "预算金额", "money", "万元", "项目预算金额，小数位与公布的一致",
              lambda p: p.budget),
    FieldSpec("spent", "实际支出", "money", "万元", "项目实际支出金额", lambda p: p.spent),
    FieldSpec("execution_rate", "预算执行率", "two", "%",
              "实际支出 ÷ 预算金额 × 100，四舍五入到两位小数", lambda p: p.execution_rate),
    FieldSpec("total", "评价分值", "two", "",
              "评价总分（百分制）：一级指标得分之和，或公布的总分", lambda p: p.total),
    FieldSpec("grade", "评价等级", "text", "",
              "按 site.yml 的等级区间由评价分值得出的等级（优、良、中、差）", lambda p: p.grade),
    FieldSpec("grade_published", "公布的评价结论", "text", "",
              "信息表中公布的评价结论（如“良好”），未公布时为空", lambda p: p.grade_declared),
    FieldSpec("summary", "项目基本情况", "text", "", "项目概况", lambda p: p.summary,
              table=False),
    FieldSpec("achievements", "主要绩效", "list", "", "信息表“主要绩效”各项",
              lambda p: p.achievements),
    FieldSpec("problems", "存在问题", "list", "", "信息表“存在问题”各项",
              lambda p: p.problems),
    FieldSpec("recommendations", "整改建议", "list", "", "信息表“整改建议”各项",
              lambda p: p.recommendations),
    FieldSpec("rectification", "整改情况", "list", "", "信息表“整改情况”各项",
              lambda p: p.rectification),
    FieldSpec("budget_items", "预算构成", "records", "万元",
              "预算明细（子项目）：name 名称、budget 预算金额、spent 实际支出",
              _budget_items, table=False),
    FieldSpec("categories", "项目绩效得分情况", "records", "",
              "一级指标：code 编号、name 名称、weight 满分值、score 评价分值、rate 得分率（%）",
              _categories, table=False),
    FieldSpec("indicators", "指标体系", "tree", "",
              "完整的指标树，各节点的字段见 INDICATOR_FIELDS；"
              "每个指标一行的表格见 data/indicators.csv", lambda p: p.indicators,
              table=False),
]


@dataclass(frozen=True)
class NodeView:
    """An indicator with what its figures need: the project (for budget_execution), depth."""

    node: Indicator
    project: Project
    level: int


def _actual(view: NodeView) -> Decimal | str | None:
    rule = view.node.rule
    if rule is not None and rule.actual_is_execution:
        return view.project.execution_rate
    return view.node.actual


INDICATOR_FIELDS: list[FieldSpec] = [
    FieldSpec("level", "层级", "int", "", "1 为一级指标，2 为二级指标，依此类推",
              lambda v: v.level),
    FieldSpec("code", "指标编号", "text", "", "报告中的指标编号（可能为空或重复，按原报告）",
              lambda v: v.node.code),
    FieldSpec("name", "指标名称", "text", "", "指标名称", lambda v: v.node.name),
    FieldSpec("weight", "满分值", "number", "", "指标分值，单位：分（上级指标为下级之和）",
              lambda v: v.node.weight),
    FieldSpec("score", "得分", "two", "", "评价得分，单位：分（上级指标为下级之和）",
              lambda v: v.node.score),
    FieldSpec("lost", "失分", "two", "", "满分值 − 得分", lambda v: v.node.lost),
    FieldSpec("rate", "得分率", "two", "%", "得分 ÷ 满分值 × 100", lambda v: v.node.rate),
    FieldSpec("rule", "计分规则", "text", "",
              "末级指标的计分规则（ratio、floor、reverse、threshold、tiers、deduct、level），"
              "按公布得分时为空", lambda v: v.node.rule.kind if v.node.rule else None,
              table=False),
    FieldSpec("target", "年度指标值", "value", "", "计分规则的目标值",
              lambda v: v.node.target, table=False),
    FieldSpec("actual", "实际完成值", "value", "",
              "计分规则的实际值（预算执行率时为计算结果）", _actual, table=False),
    FieldSpec("unit", "计量单位", "text", "", "年度指标值与实际完成值的单位",
              lambda v: v.node.unit, table=False),
    FieldSpec("note", "偏差原因分析及改进措施", "text", "", "说明", lambda v: v.node.note,
              table=False),
    FieldSpec("children", "下级指标", "tree", "", "下级指标（结构相同）", lambda v: v,
              table=False),
]

# data/indicators.csv starts with these project columns (年度, as the former 指标得分 sheet).
INDICATOR_PROJECT_COLUMNS = (("id", "项目编号"), ("name", "项目名称"), ("year", "年度"))
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
TABLE_FIELDS = [f for f in FIELDS if f.table]
TABLE_INDICATOR_FIELDS = [f for f in INDICATOR_FIELDS if f.table]
INDICATOR_HEADERS = [label for _, label in INDICATOR_PROJECT_COLUMNS] + \
    [f.header for f in TABLE_INDICATOR_FIELDS]


# --- value formatting, one function per output ------------------------------------------

def _value_or_empty(raw: Decimal | str) -> str:
    return _value_text(raw) or ""


# kind -> text of a present value (the kinds not listed are str())
TEXTS: dict[str, Callable[[Any], str]] = {
    "money": money, "two": two, "number": number, "list": _numbered, "value": _value_or_empty,
}


def csv_value(spec: FieldSpec, raw: Any) -> str:
    """As the site shows it; empty (None, or an empty list) is an empty cell, never a dash."""
    return "" if raw is None else TEXTS.get(spec.kind, str)(raw)


def _csv_getter(spec: FieldSpec) -> Callable[[Any], str]:
    """``csv_value(spec, spec.get(x))`` resolved once: the exports call it per indicator."""
    get, text = spec.get, TEXTS.get(spec.kind, str)
    return lambda item: "" if (raw := get(item)) is None else text(raw)


def _json_converter(kind: str) -> Callable[[Any], Any]:
    if kind in ("list", "records"):
        return list
    text: Callable[[Any], Any] = int if kind == "int" else TEXTS.get(kind, str)
    return lambda raw: None if raw is None else text(raw)


# kind -> JSON value of a field's raw value: figures as strings exactly as shown (no float
# ever rounds them); empty is null. Trees are walked by json_value.
JSON_VALUES = {kind: _json_converter(kind) for kind in KINDS if kind != "tree"}


def json_value(spec: FieldSpec, raw: Any, project: Project | None = None) -> Any:
    if spec.kind == "tree":
        if isinstance(raw, NodeView):
            return _nodes_json(raw.node.children, raw.project, raw.level + 1)
        return _nodes_json(raw, project, 1)  # type: ignore[arg-type]
    return JSON_VALUES[spec.kind](raw)


def _json_getter(spec: FieldSpec) -> Callable[[NodeView], Any]:
    """``json_value(spec, spec.get(view))`` resolved once, for the indicator fields."""
    get = spec.get
    if spec.kind == "tree":
        return lambda view: json_value(spec, get(view))
    convert = JSON_VALUES[spec.kind]
    return lambda view: convert(get(view))


_NODE_JSON = [(f.key, _json_getter(f)) for f in INDICATOR_FIELDS]


def _nodes_json(nodes: list[Indicator], project: Project, level: int) -> list[dict[str, Any]]:
    return [node_record(NodeView(n, project, level)) for n in nodes]


def node_record(view: NodeView) -> dict[str, Any]:
    return {key: value(view) for key, value in _NODE_JSON}


def project_json(project: Project) -> dict[str, Any]:
    """One record with every field of :data:`FIELDS`, plus the page address."""
    record = {f.key: json_value(f, f.get(project), project) for f in FIELDS}
    record["page"] = f"projects/{project.id}/"
    return record


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


# --- files --------------------------------------------------------------------------------

def _csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with BOM and CRLF, so Excel opens the Chinese text correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


_RESULT_TEXTS = [_csv_getter(f) for f in TABLE_FIELDS]


def results_csv(projects: Iterable[Project]) -> bytes:
    """One row per project, the columns of :data:`TABLE_FIELDS`."""
    return _csv_bytes([f.header for f in TABLE_FIELDS],
                      ([value(p) for value in _RESULT_TEXTS] for p in projects))


_HEAD_TEXTS = [_csv_getter(FIELDS_BY_KEY[key]) for key, _ in INDICATOR_PROJECT_COLUMNS]
_INDICATOR_TEXTS = [_csv_getter(f) for f in TABLE_INDICATOR_FIELDS]


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


def fixed_time() -> datetime:
    """SOURCE_DATE_EPOCH if set (reproducible-builds.org), else 2000-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(max(int(epoch), 315532800), tz=UTC).replace(tzinfo=None)
    return datetime(2000, 1, 1)


MIN_WIDTH, MAX_WIDTH = 6, 60


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Columns a text takes in Excel (CJK counts double); beyond the cap only “too wide”."""
    if len(text) > MAX_WIDTH:
        return len(text)  # already wider than any column gets: it wraps
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


Row = list[tuple[Any, str | None]]  # (value, number format) per cell


def _widths(headers: list[str], rows: list[Row]) -> tuple[list[int], set[int]]:
    """Column widths from the content, and the columns whose long texts must wrap."""
    widths = [display_width(h) for h in headers]
    wrap: set[int] = set()
    for row in rows:
        for index, (value, _) in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                longest = max(map(display_width, value.split("\n")))
                if longest > MAX_WIDTH or "\n" in value:
                    wrap.add(index)
            else:
                longest = len(f"{value:f}" if isinstance(value, Decimal) else str(value))
            if longest > widths[index]:
                widths[index] = longest
    return widths, wrap


def _add_sheet(workbook: Workbook, title: str, headers: list[str], rows: list[Row]) -> None:
    """A write-only sheet: bold frozen header, a filter, widths from the content, long texts
    wrapped, numbers with the site's decimals."""
    widths, wrap = _widths(headers, rows)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = \
            min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    bold, middle = Font(bold=True), Alignment(vertical="center")
    top_wrap = Alignment(wrap_text=True, vertical="top")

    def header(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.alignment = bold, middle
        return cell

    def body(index: int, value: Any, fmt: str | None) -> Any:
        text_like_formula = isinstance(value, str) and value.startswith("=")
        if value is None or (fmt is None and index not in wrap and not text_like_formula):
            return value
        cell = WriteOnlyCell(sheet, value)
        if text_like_formula:
            cell.data_type = "s"  # text such as “=…” stays text, never a formula
        if fmt:
            cell.number_format = fmt
        if index in wrap:
            cell.alignment = top_wrap
        return cell

    sheet.append([header(h) for h in headers])
    for row in rows:
        sheet.append([body(i, value, fmt) for i, (value, fmt) in enumerate(row)])


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose every entry has the same time and attributes, whatever adds it."""

    def __init__(self, file: io.BytesIO, when: datetime) -> None:
        super().__init__(file, "w")
        self.stamp = when.timetuple()[:6]

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) \
            else zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o644 << 16
        super().writestr(info, data)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        with open(filename, "rb") as source:  # a write-only sheet's temporary file
            self.writestr(arcname or os.path.basename(filename), source.read())


def workbook_bytes(workbook: Workbook) -> bytes:
    """Save with fixed document times and zip entry times: same content, same bytes.

    ``openpyxl.save`` stamps ``modified`` with the current time and ``ZipFile.writestr``
    stamps each entry with the local time, so both are replaced here (in one pass: the
    zip's entries are written with the fixed time as openpyxl adds them).
    """
    when = fixed_time()
    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.creator = "generator"
    out = io.BytesIO()
    ExcelWriter(workbook, _FixedTimeZip(out, when)).save()
    return out.getvalue()


def _new_workbook() -> Workbook:
    return Workbook(write_only=True)


def _results_row(project: Project) -> Row:
    return [xlsx_value(f, f.get(project)) for f in TABLE_FIELDS]


def _results_workbook(rows: list[Row]) -> bytes:
    workbook = _new_workbook()
    _add_sheet(workbook, RESULTS_SHEET, [f.header for f in TABLE_FIELDS], rows)
    return workbook_bytes(workbook)


def results_xlsx(projects: Iterable[Project]) -> bytes:
    """The results sheet: one row per project, the columns of :data:`TABLE_FIELDS`.

    The indicators (tens of rows per project) are in data/indicators.csv: as a sheet they
    took most of the build time of the downloads and made the workbook slow to open."""
    return _results_workbook([_results_row(p) for p in projects])


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


def results_path(extension: str, year: int | None = None) -> str:
    """Site-relative address of a download: data/results.csv, data/2017/results.xlsx."""
    folder = f"{DATA_DIR}/{year}" if year is not None else DATA_DIR
    return f"{folder}/results.{extension}"


def project_json_path(project: Project) -> str:
    return f"{DATA_DIR}/projects/{project.id}.json"


INDICATORS_PATH = f"{DATA_DIR}/indicators.csv"
TEMPLATE_PATH = f"{DATA_DIR}/template.xlsx"


def template_xlsx() -> bytes:
    """The import template: the disclosure's columns, one example row, and a notes sheet."""
    workbook = _new_workbook()
    headers, example = template_rows()
    _add_sheet(workbook, TEMPLATE_SHEET, headers,
               [[(value, _example_format(value)) for value in example]])
    notes = [[(title, None), (need, None), (note, None)]
             for title, need, note in template_notes()]
    notes.append([(None, None)] * 3)
    notes.append([(f"把每个项目填为“{TEMPLATE_SHEET}”中的一行（可删除示例行），然后运行："
                   "python -m generator import 文件.xlsx", None), (None, None), (None, None)])
    _add_sheet(workbook, "说明", ["列名", "是否必填", "说明"], notes)
    return workbook_bytes(workbook)


def _example_format(value: Any) -> str | None:
    if isinstance(value, Decimal):
        return _number_format(max(2, _decimals(f"{value:f}")))
    return "0" if isinstance(value, int) else None


def iter_export_files(content: Content) -> Iterator[tuple[str, bytes]]:
    """Every file of the site's data/ folder as (site-relative path, bytes), one at a time:
    the caller writes each and lets it go. The order is fixed, and so are the bytes."""
    projects = list(content.projects)
    yield TEMPLATE_PATH, template_xlsx()
    yield results_path("csv"), results_csv(projects)
    yield INDICATORS_PATH, indicators_csv(projects)
    rows = [_results_row(p) for p in projects]  # the xlsx cells, shared with the years
    yield results_path("xlsx"), _results_workbook(rows)
    years: dict[int, list[int]] = {}
    for index, project in enumerate(projects):
        years.setdefault(project.year, []).append(index)
    for year, indexes in years.items():
        yield results_path("csv", year), results_csv(projects[i] for i in indexes)
        yield results_path("xlsx", year), _results_workbook([rows[i] for i in indexes])
    del rows
    records: list[bytes] = []
    for project in projects:
        record = _json_text(project_json(project)).encode("utf-8")
        records.append(record)
        yield project_json_path(project), record + b"\n"
    yield results_path("json"), results_json(content, records)


def export_files(content: Content) -> dict[str, bytes]:
    """Every file of the site's data/ folder, by site-relative path (all in memory)."""
    return dict(iter_export_files(content))
