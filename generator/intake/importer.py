"""Import a disclosure spreadsheet (one row per project) into project files.

Staff often hold the 绩效评价结果信息表 as a spreadsheet; retyping it as YAML invites slips.
Headers are matched by the disclosure's column names (any order, spaces, full-width forms
and units in brackets tolerated). Every generated file is run through the real checker
in a scratch folder before anything is written, and problems are reported by cell
(``信息表!E3``), because the spreadsheet is what staff will correct. One problem anywhere
means nothing is written, so a failed import never leaves half a year behind.

File names: the 项目编号 column when present (so a re-import of the site's own
``results.xlsx`` keeps every id), else ``projects/<预算年度>/p-<first 16 hex digits of the
SHA-1 of the project name>.yml`` — ASCII, stable, so re-importing the same sheet targets the
same files: a file that holds the row's values already is left as it is (its comments and
layout kept; nothing to force), another is replaced only with ``--force``; a file holding
another project is never replaced (:mod:`.identity`).

The work is in: :mod:`.cells` (value parsers), :mod:`.columns` (the column table),
:mod:`.workbook_reader` (rows from openpyxl), :mod:`.project_file` (YAML text),
:mod:`.plan` (checking, and writing only when error-free); the problem codes are in
:mod:`.codes`. This module reports a plan and writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from openpyxl.utils import column_index_from_string

from generator.content.discovery import display_path
from generator.core.command import COMMAND
from generator.core.problems import Problem
from generator.intake.cells import Cell, Invalid, parse_list
from generator.intake.codes import IMPORT_CODES
from generator.intake.columns import (
    COLUMNS,
    GRADE_FALLBACK,
    HEADERS,
    RATE_HEADER,
    normalize_header,
)
from generator.intake.plan import ImportPlan, plan_import, plan_imports

__all__ = ["COLUMNS", "GRADE_FALLBACK", "HEADERS", "IMPORT_CODES", "RATE_HEADER", "Cell",
           "ImportPlan", "Invalid", "format_problem", "import_workbook", "normalize_header",
           "parse_list", "plan_import", "plan_imports", "sorted_problems"]

_CELL = re.compile(r"^(?:([A-Z]+)(\d+)|第\s*(\d+)\s*行(?:第\s*(\d+)\s*列)?)$")


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Warnings, then errors; each by sheet (in the order first named), row and column.
    Problems outside a sheet (the file, site.yml) come first within their severity."""
    items = list(problems)
    files: dict[str, int] = {}  # several workbooks imported together: each file's in turn
    sheets: dict[tuple[str, str], int] = {}
    for problem in items:
        files.setdefault(problem.where.file, len(files))
        if problem.where.sheet is not None:
            sheets.setdefault((problem.where.file, problem.where.sheet), len(sheets))

    def key(problem: Problem) -> tuple[int, int, int, int, int]:
        severity = 1 if problem.is_error else 0
        order = files[problem.where.file]
        match = _CELL.match(problem.where.cell or "")
        if problem.where.sheet is None or not match:
            return (severity, order, -1, problem.line or 0, 0)
        column = column_index_from_string(match.group(1)) if match.group(1) else \
            int(match.group(4) or 0)  # a Word table: 第 r 行第 c 列
        row = int(match.group(2) or match.group(3))
        return (severity, order, sheets[(problem.where.file, problem.where.sheet)], row,
                column)

    return sorted(items, key=key)


def format_problem(problem: Problem, with_file: bool = False) -> str:
    """``信息表!E3：预算金额应为金额（万元），实际是文字「二十万」`` (warnings say 警告：);
    ``with_file`` (several files imported together): the file first, ``a.xlsx 信息表!E3：…``."""
    label = "" if problem.is_error else "警告："
    where = problem.location()
    if with_file and problem.where.sheet is not None:
        where = f"{problem.where.file} {where}"
    return f"{where}：{label}{problem.message}"


def import_workbook(path: Path | Sequence[Path], content: Path, force: bool = False,
                    out: Callable[[str], None] = print, dry_run: bool = False) -> bool:
    """Plan, report, and write only when error-free; returns whether files were written
    (with ``dry_run``: whether they would be, given ``--force`` for existing files).
    Several files are one import (:func:`.plan.plan_imports`): nothing is written unless
    every one of them passed."""
    paths = [path] if isinstance(path, Path) else list(path)
    plan = plan_imports(paths, content, force or dry_run)
    for note in plan.notes:
        out(note)
    for problem in sorted_problems(plan.problems):
        out(format_problem(problem, len(paths) > 1))
    errors = len(plan.problems.errors)
    if errors:
        out(f"共 {errors} 个错误，未写入任何文件：请修改表格后重新导入")
        return False
    if dry_run:
        from generator.intake.dry_run import report

        for line in report(plan):
            out(line)
        return True
    replaced = sum((content / p.relpath).exists() for p in plan.files)
    from generator.intake.dry_run import site_lines

    settings = site_lines(plan)
    replaced += bool(plan.site_changes and plan.writes_site)
    written = plan.write()
    for line in settings:
        out(line)
    note = f"（覆盖了 {replaced} 个已有文件）" if replaced else ""
    out(f"已写入 {len(written)} 个文件{note}" + ("：" if written else ""))
    for target in written:
        out(f"  {display_path(target)}")
    if plan.unchanged:
        out(f"{len(plan.unchanged)} 个已有文件内容与表格相同，没有改写（其中的注释和写法保持原样）")
    out(f"下一步：{COMMAND} check " + display_path(content))
    return True
