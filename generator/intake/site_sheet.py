"""The 网站设置 sheet of ``data/results.xlsx``: ``site.yml``'s settings, one row each, so
that an export imported into an empty folder gives back the site, not only its projects
(the grade bands and completion levels decide every project's grade and score).

Columns 设置 / 名称 / 值 / 别名: a single setting (网站标题, 发布单位, 数据许可, 发布地址)
has its 值 only; a 评价等级 row is one band (名称 its label, 值 its lowest score, 别名 the
other names it is published under, separated by “、”); a 完成程度 row one level (值 its
fraction); a 部门网址名 row one department's URL name. The import turns the sheet into
``site.yml`` text line by line, with the cell each line came from, so that the real
checker's problems with the settings are pointed at the cell, as a project's are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.content.loader import load_file
from generator.content.site_config import read_site
from generator.core.model import SiteConfig
from generator.core.problems import Problems
from generator.core.text_safety import CONTROL, without_controls
from generator.intake.cells import Cell, Invalid, blank
from generator.intake.cells import parse_text as cell_text
from generator.intake.columns import normalize_header
from generator.intake.controls import CODE, warning
from generator.intake.guard import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from generator.intake.yaml_text import NotSimple, scalar_text


def get_column_letter(index: int) -> str:
    """openpyxl's, imported when first used (importing openpyxl takes 0.15–0.3 s, which
    every build paid for the settings sheet of data/results.xlsx, issue 45)."""
    from openpyxl.utils import get_column_letter as letter

    return letter(index)

SETTINGS_SHEET = "网站设置"
SETTINGS_HEADERS = ["设置", "名称", "值", "别名"]
# site.yml's single settings: (key, label) in the order written
SCALARS = (("title", "网站标题"), ("publisher", "发布单位"), ("license", "数据许可"),
           ("base_url", "发布地址"))
GRADES, LEVELS, DEPARTMENTS = "评价等级", "完成程度", "部门网址名"
LABELS = {**{label: key for key, label in SCALARS}, GRADES: "grades", LEVELS: "levels",
          DEPARTMENTS: "departments"}
_ALIAS_SEPARATORS = re.compile(r"[、，,；;\n]+")


def settings_rows(config: SiteConfig) -> Iterator[list[Any]]:
    """The sheet's rows: raw values (str, Decimal, None), one per setting, band, level and
    department."""
    for key, label in SCALARS:
        yield [label, None, getattr(config, key) or None, None]
    for band in config.grades:
        yield [GRADES, band.label, band.min, "、".join(band.aliases) or None]
    for name, fraction in config.levels.items():
        yield [LEVELS, name, fraction, None]
    for name, slug in config.departments.items():
        yield [DEPARTMENTS, name, slug, None]


@dataclass
class SiteSheet:
    """The sheet as ``site.yml`` text, and which cell each line came from."""

    text: str = ""
    cells: dict[int, str] = field(default_factory=dict)  # line -> "C5"

    def checked(self, problems: Problems) -> SiteConfig | None:
        """The settings as ``check`` reads a site.yml (the same reader, on the file this
        sheet would write), each problem at its cell (None: wrong)."""
        import tempfile

        local = Problems("site.yml")
        with tempfile.TemporaryDirectory(prefix="import-site-") as scratch:
            path = Path(scratch) / "site.yml"
            path.write_text(self.text, encoding="utf-8")
            data = load_file(path, local.file, local)
        config = read_site(data, local) if not local.has_errors() else None
        for problem in local.items:
            problems.at_cell(problem.code, problem.severity, problem.message, SETTINGS_SHEET,
                             self.cells.get(problem.line or 0, "A1"))
        return None if local.has_errors() else config


def _yaml(value: Any) -> str:
    """One scalar as YAML; a text PyYAML would write over several lines or with escapes is
    written as a JSON string, which YAML reads the same."""
    import json

    try:
        return scalar_text(value)
    except NotSimple:
        return json.dumps(value, ensure_ascii=False)


def _header(sheet: Any, problems: Problems) -> dict[str, int] | None:
    """{header: column index} of row 1, or None (reported) without 设置, 名称 and 值."""
    first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    columns: dict[str, int] = {}
    for index, value in enumerate(first):
        if blank(value):
            continue
        name = normalize_header(value)
        if name in SETTINGS_HEADERS and name not in columns:
            columns[name] = index
        else:
            problems.at_cell("import-unknown-column", "warning",
                             f"不认识的列「{name}」，不会导入（“{SETTINGS_SHEET}”的列为 "
                             f"{'、'.join(SETTINGS_HEADERS)}）", SETTINGS_SHEET,
                             f"{get_column_letter(index + 1)}1")
    missing = [h for h in SETTINGS_HEADERS[:3] if h not in columns]
    if missing:
        problems.at_cell("import-site-setting", "error",
                         f"表头缺少 {'、'.join(missing)}：第 1 行应为 "
                         f"{'、'.join(SETTINGS_HEADERS)}", SETTINGS_SHEET, "A1")
        return None
    return columns


def _rows(sheet: Any, columns: dict[str, int], problems: Problems
          ) -> Iterator[tuple[int, dict[str, Cell]]]:
    """Non-empty rows as {header: Cell} (blank cells left out); formulas refused."""
    from generator.intake.workbook_reader import _is_formula

    last = max(columns.values()) + 1
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=last), 2):
        if number > MAX_ROWS:
            problems.at_cell("import-too-many-rows", "error", f"工作表超过上限 {MAX_ROWS} 行",
                             SETTINGS_SHEET)
            return
        row: dict[str, Cell] = {}
        for name, index in columns.items():
            if index >= len(cells) or blank(cells[index].value):
                continue
            raw = cells[index]
            where = f"{get_column_letter(index + 1)}{number}"
            if _is_formula(raw.value, getattr(raw, "data_type", "")):
                problems.at_cell("import-formula", "error", f"{name}是公式：请先转换为数值",
                                 SETTINGS_SHEET, where)
            elif isinstance(raw.value, str) and len(raw.value) > MAX_CELL_CHARS:
                problems.at_cell("import-cell-too-long", "error",
                                 f"{name}超过 {MAX_CELL_CHARS} 个字", SETTINGS_SHEET, where)
            else:
                fmt = getattr(raw, "number_format", None) or "General"
                value = raw.value
                if isinstance(value, str) and CONTROL.search(value):
                    problems.at_cell(CODE, "warning", warning(value), SETTINGS_SHEET, where)
                    value = without_controls(value)
                row[name] = Cell(value, fmt, where)
        if row:
            yield number, row


def _number(cell: Cell) -> Decimal:
    from generator.intake.cells import _decimal

    return _decimal(cell, "import-bad-number", (), "数字")


def read_settings(workbook: Any, source: str, problems: Problems) -> SiteSheet | None:
    """The 网站设置 sheet of an open workbook as ``site.yml`` text (None: no such sheet, or
    its header is wrong, reported). A row that cannot be read is reported at its cell."""
    if SETTINGS_SHEET not in workbook.sheetnames:
        return None
    sheet = workbook[SETTINGS_SHEET]
    columns = _header(sheet, problems)
    if columns is None:
        return None
    letters = {name: get_column_letter(index + 1) for name, index in columns.items()}
    scalars: dict[str, tuple[str, str]] = {}  # key -> (YAML value, cell)
    lists: dict[str, list[list[tuple[str, str]]]] = {"grades": [], "levels": [],
                                                     "departments": []}
    heads: dict[str, str] = {}  # grades / levels / departments -> the first row's 设置 cell
    seen: dict[str, int] = {}

    def bad(code: str, message: str, cell: str) -> None:
        problems.at_cell(code, "error", message, SETTINGS_SHEET, cell)

    for number, row in _rows(sheet, columns, problems):
        setting = row.get("设置")
        if setting is None:
            bad("import-site-setting", "设置不能为空：应为 " + "、".join(LABELS),
                f"{letters['设置']}{number}")
            continue
        label = unicodedata.normalize("NFKC", cell_text(setting)).strip()
        key = LABELS.get(label, label if label in LABELS.values() else "")
        if not key:
            bad("import-site-setting", f"不认识的设置「{label}」：应为 " + "、".join(LABELS),
                setting.coordinate)
            continue
        name, value, aliases = row.get("名称"), row.get("值"), row.get("别名")
        if aliases is not None and key != "grades":
            bad("import-site-setting", f"别名只用于{GRADES}，{label}不填别名", aliases.coordinate)
            continue
        try:
            if key in dict(SCALARS):
                if name is not None:
                    bad("import-site-setting", f"{label}只填“值”，不填名称", name.coordinate)
                    continue
                if key in seen:
                    bad("import-site-setting", f"{label}与第 {seen[key]} 行重复：请删除其中一行",
                        setting.coordinate)
                    continue
                seen[key] = number
                text = "" if value is None else cell_text(value)
                at = value.coordinate if value else f"{letters['值']}{number}"
                scalars[key] = (_yaml(text), at)
                continue
            if name is None:
                bad("import-missing-value", f"{label}的名称不能为空", f"{letters['名称']}{number}")
                continue
            if value is None:
                bad("import-missing-value", f"{label}「{cell_text(name)}」的值不能为空",
                    f"{letters['值']}{number}")
                continue
            shown = (_number(value) if key != "departments" else cell_text(value))
        except Invalid as exc:
            bad(exc.code, f"{label}的值{exc.message}", value.coordinate if value else
                setting.coordinate)
            continue
        heads.setdefault(key, setting.coordinate)
        entry = [(_yaml(cell_text(name)), name.coordinate), (_yaml(shown), value.coordinate)]
        names = [] if aliases is None else [
            a.strip() for a in _ALIAS_SEPARATORS.split(cell_text(aliases)) if a.strip()]
        if aliases is not None and names:
            entry.append(("", aliases.coordinate))  # the line of the key aliases:
            entry += [(_yaml(alias), aliases.coordinate) for alias in names]
        lists[key].append(entry)
    return _site_yaml(source, scalars, lists, heads)


def _site_yaml(source: str, scalars: dict[str, tuple[str, str]],
               lists: dict[str, list[list[tuple[str, str]]]],
               heads: dict[str, str]) -> SiteSheet:
    origin = " ".join(source.splitlines())
    sheet = SiteSheet()
    lines = [f"# 网站设置：由「{origin}」的“{SETTINGS_SHEET}”工作表导入"]

    def add(text: str, cell: str) -> None:
        lines.append(text)
        sheet.cells[len(lines)] = cell

    for key, _ in SCALARS:
        if key in scalars:
            add(f"{key}: {scalars[key][0]}", scalars[key][1])
    if lists["grades"]:
        add("grades:", heads["grades"])
    for band in lists["grades"]:
        (label, label_at), (low, low_at), *aliases = band
        add(f"  - label: {label}", label_at)
        add(f"    min: {low}", low_at)
        if aliases:
            add("    aliases:", aliases[0][1])
            for alias, at in aliases[1:]:
                add(f"      - {alias}", at)
    for key in ("levels", "departments"):
        if lists[key]:
            add(f"{key}:", heads[key])
        for (name, _), (value, value_at), *_ in lists[key]:
            add(f"  {name}: {value}", value_at)  # a wrong value is the likely slip
    sheet.text = "\n".join(lines) + "\n"
    return sheet


def _shown(key: str, config: SiteConfig) -> str:
    """One setting as the terminal shows it in a change: ``「本区绩效公开」``, ``优≥90、…``."""
    if key in dict(SCALARS):
        value = getattr(config, key)
        return f"「{value}」" if value else "（空）"
    if key == "grades":
        return "、".join(f"{b.label}≥{b.min}" + (f"（{'、'.join(b.aliases)}）" if b.aliases
                                                else "") for b in config.grades)
    mapping: dict[str, Any] = getattr(config, key)
    return "、".join(f"{name} {value}" for name, value in mapping.items()) or "（无）"


def differences(sheet: SiteConfig, existing: SiteConfig) -> list[str]:
    """Each setting in which the sheet differs from site.yml: ``网站标题：「旧」 → 「新」``."""
    keys = [*SCALARS, ("grades", GRADES), ("levels", LEVELS), ("departments", DEPARTMENTS)]
    return [f"{label}：{_shown(key, existing)} → {_shown(key, sheet)}" for key, label in keys
            if getattr(sheet, key) != getattr(existing, key)]


def read_settings_file(path: Path, problems: Problems) -> SiteSheet | None:
    """:func:`read_settings` of a workbook file (opened streamed)."""
    from generator.intake.workbook_reader import open_workbook

    workbook = open_workbook(path)
    try:
        return read_settings(workbook, path.name, problems)
    finally:
        workbook.close()
