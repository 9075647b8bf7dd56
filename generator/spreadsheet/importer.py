"""Import a disclosure spreadsheet (one row per project) into project files.

Staff often hold the 绩效评价结果信息表 as a spreadsheet; retyping it as YAML invites slips.
Headers are matched by the disclosure's column names (any order, spaces, full-width forms
and units in brackets tolerated). Every generated file is run through the real checker
in a scratch folder before anything is written, and problems are reported by cell
(``信息表!E3``), because the spreadsheet is what staff will correct. One problem anywhere
means nothing is written, so a failed import never leaves half a year behind.

File names: the 项目编号 column when present (so a re-import of the site's own
``results.xlsx`` keeps every id), else ``projects/<预算年度>/p-<first 8 hex digits of the
SHA-1 of the project name>.yml`` — ASCII, stable, so re-importing the same sheet targets the
same files (and is refused unless ``--force``).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from generator.content.discovery import _ID, PROJECTS_DIR, SITE_FILE, display_path, read_content

TEMPLATE_SHEET = "信息表"
HEADER_SCAN_ROWS = 20
PLACEHOLDERS = {"-", "—", "－", "/", "／", "——"}


class Invalid(Exception):
    """A cell value that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class Cell:
    value: Any
    number_format: str
    coordinate: str


# --- cell parsers -------------------------------------------------------------------------

def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value.strip()
                                                         or value.strip() in PLACEHOLDERS))


def _format_decimals(number_format: str) -> int:
    section = (number_format or "General").split(";")[0]
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _decimal(cell: Cell, suffixes: tuple[str, ...] = (), what: str = "数字") -> Decimal:
    """A number as written: text keeps its digits, a number cell its displayed decimals."""
    value = cell.value
    if isinstance(value, bool):
        raise Invalid(f"应为{what}，实际是是/否值")
    if isinstance(value, (datetime, date, time)):
        raise Invalid(f"应为{what}，实际是日期：请把单元格格式改为“常规”或“数值”后重新输入")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid(f"应为{what}，实际是「{value}」")
        # 15 significant digits, as Excel shows them: 19.369 stays 19.369, no binary noise
        result = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        if "%" in (cell.number_format or ""):
            result = (result * 100).normalize()
            decimals = max(_format_decimals(cell.number_format), 0)
        else:
            decimals = _format_decimals(cell.number_format)
        if result == result.to_integral_value() and result.as_tuple().exponent > 0:
            result = result.quantize(Decimal(1))
        if -result.as_tuple().exponent < decimals:  # type: ignore[operator]
            result = result.quantize(Decimal(1).scaleb(-decimals))
        return result
    text = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", str(value)))
    for suffix in suffixes:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if not _NUMBER.fullmatch(text):
        raise Invalid(f"应为{what}，实际是文字「{str(value).strip()}」")
    return Decimal(text)


def parse_text(cell: Cell) -> str:
    """One-line text; line breaks (from copying a PDF) are removed."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    lines = [line.strip() for line in str(value).splitlines()]
    return "".join(line for line in lines if line)


_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[0-9０-９]+\s*[)）]|[0-9０-９]+\s*(?:[、．]|\.(?![0-9])|[)）])"
    r"|[①-⑳]|[一二三四五六七八九十]+\s*、)\s*")


def parse_list(cell: Cell) -> list[str]:
    """Items on separate lines; numbering (1、 1. （1） (1) ①) is removed.

    When some lines are numbered, a line without a number continues the item above it
    (a paragraph that wrapped when copied from a PDF).
    """
    lines = [line.strip() for line in str(cell.value).splitlines() if line.strip()]
    numbered = any(_NUMBERING.match(line) for line in lines)
    items: list[str] = []
    for line in lines:
        match = _NUMBERING.match(line)
        rest = line[match.end():].strip() if match else line
        if numbered and not match and items:
            items[-1] += rest
        elif rest:
            items.append(rest)
    return items


def parse_year(cell: Cell) -> int:
    result = _decimal(cell, ("年度", "年"), "年份")
    if result != result.to_integral_value() or not 2000 <= result <= 2100:
        raise Invalid(f"应为 2000 到 2100 之间的年份，实际是「{cell.value}」")
    return int(result)


def parse_money(cell: Cell) -> Decimal:
    """万元, as written, at least two decimals; 元 is refused (a factor of 10,000 off)."""
    if isinstance(cell.value, str):
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell.value))
        if text.endswith("元") and not text.endswith("万元"):
            raise Invalid(f"应以万元为单位，实际是「{cell.value.strip()}」："
                          "请换算为万元（如 20.645）")
    result = _decimal(cell, ("万元",), "金额（万元）")
    if -result.as_tuple().exponent < 2:  # type: ignore[operator]
        result = result.quantize(Decimal("0.01"))
    return result


def parse_score(cell: Cell) -> Decimal:
    result = _decimal(cell, ("分",), "分值")
    if not 0 <= result <= 100:
        raise Invalid(f"应在 0 到 100 之间，实际是 {result}")
    return result


def parse_rate(cell: Cell) -> Decimal:
    return _decimal(cell, ("%",), "百分比")


def parse_order(cell: Cell) -> int:
    result = _decimal(cell, (), "序号")
    if result != result.to_integral_value() or result < 1:
        raise Invalid(f"序号应为从 1 开始的整数，实际是「{cell.value}」")
    return int(result)


def parse_id(cell: Cell) -> str:
    text = unicodedata.normalize("NFKC", str(cell.value)).strip().removesuffix(".yml")
    if not _ID.match(text):
        raise Invalid(f"「{text}」只能含英文字母、数字、点、连字符、下划线和“/”，"
                      "如 2019/video-conference；也可以删除这一列，由导入程序自动命名")
    return text


# --- the column table -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A spreadsheet column: the disclosure's header, the project file key it fills."""

    key: str
    header: str
    parse: Callable[[Cell], Any]
    required: bool = False
    unit: str = ""
    aliases: tuple[str, ...] = ()
    example: Any = None
    note: str = ""
    template: bool = True  # a column of data/template.xlsx

    @property
    def title(self) -> str:
        return f"{self.header}（{self.unit}）" if self.unit else self.header


EXAMPLE_LIST = "1、通过项目实施，保障了系统全年正常运行。\n2、完成了 12 次系统巡检。"
COLUMNS: tuple[Column, ...] = (
    Column("name", "项目名称", parse_text, True, example="2019年示例信息系统运维项目",
           note="信息表中的项目名称"),
    Column("year", "预算年度", parse_year, True, aliases=("评价年度",), example=2019,
           note="被评价的预算年度，如 2019"),
    Column("department", "项目单位", parse_text, True, example="上海市某某局",
           note="项目实施单位"),
    Column("authority", "主管部门", parse_text, example="上海市某某局",
           note="公开结果的主管部门；留空时同项目单位"),
    Column("budget", "预算金额", parse_money, True, "万元", example=Decimal("20.645"),
           note="万元；可写“20.645万元”，小数位按公布的保留"),
    Column("spent", "实际支出", parse_money, False, "万元", example=Decimal("20.00"),
           note="万元；可留空"),
    Column("score", "评价分值", parse_score, True, aliases=("总分", "评价得分"),
           example=Decimal("88.47"), note="0 到 100，可写“88.47分”"),
    Column("grade", "评价结论", parse_text, aliases=("公布的评价结论",), example="良好",
           note="如 优、良好、中、差；须与评价分值所在的等级一致；可留空"),
    Column("achievements", "主要绩效", parse_list, example=EXAMPLE_LIST,
           note="每项一行（单元格内换行：Alt+Enter），编号“1、”“（1）”等会自动去掉"),
    Column("problems", "存在问题", parse_list, example="项目绩效指标有待进一步细化。",
           note="同上"),
    Column("recommendations", "整改建议", parse_list, example="进一步细化项目绩效指标。",
           note="同上"),
    Column("rectification", "整改情况", parse_list, example="已在下一年度绩效目标中完善。",
           note="同上"),
    Column("evaluator", "评价机构", parse_text, example="上海某某咨询有限公司", note="可留空"),
    Column("method", "评价方式", parse_text, example="第三方评价",
           note="第三方评价、部门评价或单位自评；可留空"),
    Column("order", "序号", parse_order, aliases=("信息表序号",), template=False,
           note="“绩效评价结果信息表 N”中的 N；可省略此列"),
    Column("id", "项目编号", parse_id, template=False,
           note="文件名，如 2019/video-conference；省略此列时自动命名 <年度>/p-<名称哈希>"),
)
# Columns of the site's own results.xlsx that are derived: checked or used as a fallback.
RATE_HEADER = "预算执行率"
GRADE_FALLBACK = "评价等级"  # the band; used as 评价结论 only when no 评价结论 column exists
REQUIRED = [c for c in COLUMNS if c.required]
BY_KEY = {c.key: c for c in COLUMNS}


def normalize_header(text: Any) -> str:
    """预算金额（万元） → 预算金额: NFKC, no spaces, no bracketed unit, no * marks."""
    result = unicodedata.normalize("NFKC", str(text))
    result = re.sub(r"\s+", "", result)
    result = re.sub(r"[(\[【][^)\]】]*[)\]】]$", "", result)
    return result.strip("*:：")


HEADERS: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        HEADERS[normalize_header(_name)] = _column


# --- reading the workbook -----------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    severity: str  # error | warning | note
    where: str
    text: str

    def format(self) -> str:
        label = {"error": "", "warning": "警告：", "note": ""}[self.severity]
        return f"{self.where}：{label}{self.text}" if self.where else f"{label}{self.text}"


@dataclass
class Row:
    """One project row: its values by key and the cell each came from."""

    sheet: str
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    rate: tuple[Decimal, str] | None = None
    bad: bool = False  # a cell could not be read: no file is planned for this row

    @property
    def where(self) -> str:
        return f"{self.sheet}!第{self.number}行"

    def at(self, key: str | None) -> str:
        if key and key in self.cells:
            return f"{self.sheet}!{self.cells[key]}"
        return self.where


def _header_row(sheet: Worksheet) -> tuple[int, dict[int, str]] | None:
    """The first row naming 项目名称 and another known column: (row, {column: header})."""
    for number, row in enumerate(sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), 1):
        names = {i: normalize_header(v) for i, v in enumerate(row, 1) if not _blank(v)}
        keys = {HEADERS[n].key for n in names.values() if n in HEADERS}
        if "name" in keys and keys & {"year", "budget", "score", "department"}:
            return number, names
    return None


def _columns(sheet: Worksheet, header: int, names: dict[int, str],
             messages: list[Message]) -> tuple[dict[int, Column], int | None]:
    """Map sheet columns to the table; report duplicates, missing and unknown headers."""
    mapped: dict[int, Column] = {}
    seen: dict[str, int] = {}
    rate_column = None
    fallback = None
    for index, name in sorted(names.items()):
        where = f"{sheet.title}!{get_column_letter(index)}{header}"
        column = HEADERS.get(name)
        if column is None:
            if name == normalize_header(RATE_HEADER):
                rate_column = index
            elif name == GRADE_FALLBACK:
                fallback = index
            else:
                messages.append(Message("warning", where, f"不认识的列「{name}」，不会导入"))
            continue
        if column.key in seen:
            first = get_column_letter(seen[column.key])
            messages.append(Message("error", where,
                                    f"列「{name}」与 {first} 列重复：请删除其中一列"))
            continue
        seen[column.key] = index
        mapped[index] = column
    if fallback is not None and "grade" not in seen:
        mapped[fallback] = BY_KEY["grade"]
    missing = [c.title for c in REQUIRED if c.key not in seen]
    if missing:
        messages.append(Message("error", f"{sheet.title}!第{header}行",
                                f"缺少必填的列：{'、'.join(missing)}（列名须写在表头行，可参考模板 "
                                "data/template.xlsx）"))
    return mapped, rate_column


def _is_formula(value: Any, data_type: str) -> bool:
    """A formula cell (text that merely starts with “=” is text)."""
    return data_type == "f" or isinstance(value, ArrayFormula)


def read_rows(path: Path, messages: list[Message]) -> list[Row]:
    """Every non-empty project row of every sheet that has the disclosure's headers."""
    try:
        workbook = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        messages.append(Message("error", path.name, f"无法作为 .xlsx 读取（{type(exc).__name__}）："
                                "请在 Excel/WPS 中“另存为” Excel 工作簿（*.xlsx）后再导入"))
        return []
    rows: list[Row] = []
    found = False
    for sheet in workbook.worksheets:
        located = _header_row(sheet)
        if located is None:
            messages.append(Message("note", "", f"跳过工作表「{sheet.title}」："
                                    "没有 项目名称、预算年度 等列名"))
            continue
        found = True
        header, names = located
        before = len(messages)
        mapped, rate_column = _columns(sheet, header, names, messages)
        if any(m.severity == "error" for m in messages[before:]):
            continue
        for number, cells in enumerate(sheet.iter_rows(min_row=header + 1), header + 1):
            row = _read_row(sheet.title, number, cells, mapped, rate_column, messages)
            if row is not None:
                rows.append(row)
    if not found:
        first = workbook.worksheets[0].title
        messages.append(Message("error", f"{first}!第1行", "找不到表头：表头行应包含 "
                                f"{'、'.join(c.title for c in REQUIRED)} 等列名（可参考模板 "
                                "data/template.xlsx）"))
    return rows


def _read_row(sheet: str, number: int, cells: tuple[Any, ...], mapped: dict[int, Column],
              rate_column: int | None, messages: list[Message]) -> Row | None:
    if all(_blank(c.value) for c in cells):
        return None
    row = Row(sheet, number)
    before = len(messages)
    for index, column in mapped.items():
        if index > len(cells):
            continue
        cell = cells[index - 1]
        where = f"{sheet}!{cell.coordinate}"
        row.cells[column.key] = cell.coordinate
        if _blank(cell.value):
            continue
        if _is_formula(cell.value, cell.data_type):
            messages.append(Message("error", where,
                                    f"{column.header}是公式「{cell.value}」：请先把公式转换为"
                                    "数值（复制后“选择性粘贴 → 数值”）再导入"))
            continue
        try:
            value = column.parse(Cell(cell.value, cell.number_format, cell.coordinate))
        except Invalid as exc:
            messages.append(Message("error", where, f"{column.header}{exc}"))
            continue
        if value not in ("", []):
            row.values[column.key] = value
    for column in REQUIRED:
        if column.key not in row.values and column.key in row.cells and not any(
                m.where == row.at(column.key) for m in messages):
            messages.append(Message("error", row.at(column.key),
                                    f"{column.header}不能为空：请填写"))
    if rate_column is not None and rate_column <= len(cells):
        cell = cells[rate_column - 1]
        if not _blank(cell.value) and not _is_formula(cell.value, cell.data_type):
            try:
                row.rate = (parse_rate(Cell(cell.value, cell.number_format, cell.coordinate)),
                            cell.coordinate)
            except Invalid as exc:
                messages.append(Message("warning", f"{sheet}!{cell.coordinate}",
                                        f"{RATE_HEADER}{exc}（此列不导入，由金额计算）"))
    row.bad = any(m.severity == "error" for m in messages[before:])
    return row


# --- writing project files --------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; Decimals as plain numbers, digits as written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = f"{value:f}"
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, text, (True, False)), text)


_Dumper.add_representer(Decimal, _represent_decimal)

YAML_ORDER = ("name", "year", "department", "authority", "order", "evaluator", "method",
              "budget", "spent", "score", "grade", "achievements", "problems",
              "recommendations", "rectification")


def project_id(row: Row) -> str:
    if "id" in row.values:
        return row.values["id"]
    digest = hashlib.sha1(row.values["name"].encode("utf-8")).hexdigest()[:8]
    return f"{row.values['year']}/p-{digest}"


_TOP_KEY = re.compile(r"^([a-z_]+):")


def project_yaml(row: Row, source: str) -> tuple[str, dict[int, str]]:
    """The file text and which key each line belongs to (to point messages at a cell)."""
    source = " ".join(source.splitlines())
    parts = [f"# 由 python -m generator import 从「{source}」"
             f"工作表「{row.sheet}」第 {row.number} 行导入。\n"]
    values = {key: row.values[key] for key in YAML_ORDER if key in row.values}
    body = yaml.dump(values, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10**9, default_flow_style=False)
    line_keys: dict[int, str] = {}
    key = ""
    for number, text in enumerate(body.splitlines(), len(parts) + 1):
        match = _TOP_KEY.match(text)
        key = match.group(1) if match else key
        line_keys[number] = key
    parts.append(body)
    return "".join(parts), line_keys


@dataclass
class Planned:
    row: Row
    id: str
    text: str
    line_keys: dict[int, str]

    @property
    def relpath(self) -> str:
        return f"{PROJECTS_DIR}/{self.id}.yml"


@dataclass
class ImportPlan:
    """What an import would write, and every message; writes only when error-free."""

    content: Path
    files: list[Planned] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(m.severity == "error" for m in self.messages)

    def write(self) -> list[Path]:
        """Write every file (each atomically); only called when the plan is error-free."""
        if not self.ok:
            raise RuntimeError("plan has errors")
        for planned in self.files:
            target = self.content / planned.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(planned.text, encoding="utf-8")
            os.replace(tmp, target)
            self.written.append(target)
        return self.written


def _check(plan: ImportPlan) -> None:
    """Run the real checker over the generated files in a scratch content folder."""
    with tempfile.TemporaryDirectory(prefix="import-check-") as scratch:
        root = Path(scratch)
        site = plan.content / SITE_FILE
        if site.is_file():
            shutil.copyfile(site, root / SITE_FILE)
        by_file: dict[str, Planned] = {}
        for planned in plan.files:
            target = root / planned.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(planned.text, encoding="utf-8")
            by_file[display_path(target)] = planned
        content = read_content(root)
        for problem in content.problems:
            planned = by_file.get(problem.file)
            if planned is None:  # site.yml: the target folder's own settings are broken
                plan.messages.append(Message(problem.severity, f"{plan.content / SITE_FILE}",
                                             problem.message))
                continue
            key = planned.line_keys.get(problem.line or 0)
            plan.messages.append(Message(problem.severity, planned.row.at(key), problem.message))


def _check_rate(row: Row, messages: list[Message]) -> None:
    if row.rate is None or "spent" not in row.values or "budget" not in row.values:
        return
    given, coordinate = row.rate
    computed = row.values["spent"] / row.values["budget"] * 100
    last = Decimal(1).scaleb(min(given.as_tuple().exponent, 0))  # type: ignore[arg-type]
    if abs(computed - given) > last:
        messages.append(Message("warning", f"{row.sheet}!{coordinate}",
                                f"{RATE_HEADER} {given}% 与 实际支出 ÷ 预算金额 = "
                                f"{computed:.2f}% 不符：网站按金额计算，请核对"))


def plan_import(path: Path, content: Path, force: bool = False) -> ImportPlan:
    """Read, convert and check everything; nothing is written here."""
    plan = ImportPlan(content)
    rows = read_rows(path, plan.messages)
    if not rows and not plan.ok:
        return plan
    seen: dict[str, Row] = {}
    for row in rows:
        if row.bad:
            continue  # already reported; the other rows are still checked
        _check_rate(row, plan.messages)
        pid = project_id(row)
        if pid in seen:
            first = seen[pid]
            plan.messages.append(Message("error", row.at("id" if "id" in row.values else "name"),
                                         f"与 {first.where} 生成同一个文件 "
                                         f"{PROJECTS_DIR}/{pid}.yml：同一项目同一年度只能有一行，"
                                         "请删除重复行或修改项目名称/项目编号"))
            continue
        seen[pid] = row
        text, line_keys = project_yaml(row, path.name)
        plan.files.append(Planned(row, pid, text, line_keys))
    if plan.files:
        _check(plan)
    existing = [p for p in plan.files if (content / p.relpath).exists()]
    for planned in existing if not force else []:
        plan.messages.append(Message("error", planned.row.where,
                                     f"文件 {display_path(content / planned.relpath)} "
                                     "已存在：不会覆盖。确认要用表格内容替换时，"
                                     "请加 --force 重新运行"))
    if not rows and plan.ok:
        plan.messages.append(Message("error", path.name, "表格中没有项目数据行"))
    return plan


_WHERE = re.compile(r"^(.*)!(?:([A-Z]+)(\d+)|第(\d+)行)$")


def sorted_messages(messages: list[Message]) -> list[Message]:
    """Notes, warnings, then errors; each by sheet (in workbook order), row and column."""
    severity = {"note": 0, "warning": 1, "error": 2}
    sheets: dict[str, int] = {}

    def key(message: Message) -> tuple[int, int, int, int, str]:
        match = _WHERE.match(message.where)
        if not match:
            return (severity[message.severity], -1, 0, 0, "")
        sheet = sheets.setdefault(match.group(1), len(sheets))
        letters = match.group(2) or ""
        row = int(match.group(3) or match.group(4))
        return (severity[message.severity], sheet, row, len(letters), letters)

    for message in messages:
        match = _WHERE.match(message.where)
        if match:
            sheets.setdefault(match.group(1), len(sheets))
    return sorted(messages, key=key)


def import_workbook(path: Path, content: Path, force: bool = False,
                    out: Callable[[str], None] = print) -> bool:
    """Plan, report, and write only when error-free; returns whether files were written."""
    plan = plan_import(path, content, force)
    for message in sorted_messages(plan.messages):
        out(message.format())
    errors = sum(m.severity == "error" for m in plan.messages)
    if errors:
        out(f"共 {errors} 个错误，未写入任何文件：请修改表格后重新导入")
        return False
    replaced = sum((content / p.relpath).exists() for p in plan.files)
    written = plan.write()
    note = f"（覆盖了 {replaced} 个已有文件）" if replaced else ""
    out(f"已写入 {len(written)} 个文件{note}：")
    for target in written:
        out(f"  {display_path(target)}")
    out("下一步：python -m generator check " + display_path(content))
    return True


def template_rows() -> tuple[list[str], list[Any]]:
    """Header and example row of the import template (data/template.xlsx)."""
    columns = [c for c in COLUMNS if c.template]
    return [c.title for c in columns], [c.example for c in columns]


def template_notes() -> Iterable[tuple[str, str, str]]:
    for column in COLUMNS:
        yield column.title, "必填" if column.required else "选填", column.note
