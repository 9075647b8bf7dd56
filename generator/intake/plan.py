"""What an import would write: every row as a project file, run through the real checker
in a scratch folder, with every problem pointed at a cell. Nothing is written unless the
whole plan is error-free, and an existing file is replaced only with ``--force``."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.content.discovery import PROJECTS_DIR, SITE_FILE, display_path, read_content
from generator.content.loader import load_file
from generator.content.site_config import read_site
from generator.core.model import ProjectHead, SiteConfig
from generator.core.problems import Problem, Problems, Where
from generator.intake.columns import RATE_HEADER
from generator.intake.controls import clean_row
from generator.intake.guard import inspect, kind_of
from generator.intake.identity import (
    LEGACY_HEX,
    existing_values,
    other_project,
    written_values,
)
from generator.intake.project_file import project_id, project_yaml
from generator.intake.site_sheet import (
    SETTINGS_SHEET,
    SiteSheet,
    differences,
    read_settings_file,
)
from generator.intake.workbook_reader import Row, read_rows


@dataclass
class Planned:
    row: Row
    id: str
    text: str
    line_keys: dict[int, str]
    project: ProjectHead | None = None  # as the checker read it: total and grade computed

    @property
    def relpath(self) -> str:
        return f"{PROJECTS_DIR}/{self.id}.yml"


@dataclass
class ImportPlan:
    """What an import would write, and every problem; writes only when error-free."""

    content: Path
    problems: Problems
    notes: list[str] = field(default_factory=list)  # sheets skipped: not problems
    files: list[Planned] = field(default_factory=list)
    # existing files that hold these very values already: not written, so their comments
    # and layout stay (re-importing a year's workbook after one cell's edit rewrites one file)
    unchanged: list[Planned] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # the workbook's 网站设置 as site.yml: written where the folder has none, and over an
    # existing one only with --force (``force``); ``site_changes``: old → new per setting
    site: SiteSheet | None = None
    force: bool = False
    site_changes: list[str] = field(default_factory=list)

    @property
    def writes_site(self) -> bool:
        if self.site is None:
            return False
        return not (self.content / SITE_FILE).exists() or (self.force and
                                                            bool(self.site_changes))

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors()

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
        if self.writes_site:
            assert self.site is not None, "writes_site says so"
            target = self.content / SITE_FILE
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(self.site.text, encoding="utf-8")
            os.replace(tmp, target)
            self.written.append(target)
        return self.written


_WHOLE_TREE = ("weights-not-100",)  # about the tree, though the YAML marks its first node


def _check(plan: ImportPlan) -> None:
    """Run the real checker over the generated files in a scratch content folder; its
    problems keep their codes and are pointed at the cell of the key on their line."""
    with tempfile.TemporaryDirectory(prefix="import-check-") as scratch:
        root = Path(scratch)
        site = plan.content / SITE_FILE
        sheet = _check_settings(plan)
        if plan.writes_site and sheet is not None:
            (root / SITE_FILE).write_text(sheet.text, encoding="utf-8")
        elif site.is_file():
            shutil.copyfile(site, root / SITE_FILE)
        by_file: dict[str, Planned] = {}
        planned: Planned | None  # each generated file below; None for site.yml's problems
        for planned in plan.files:
            target = root / planned.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(planned.text, encoding="utf-8")
            by_file[display_path(target)] = planned
        content = read_content(root)
        by_id = {planned.id: planned for planned in plan.files}
        for project in content.projects:
            if project.id in by_id:
                by_id[project.id].project = project
        for problem in content.problems:
            planned = by_file.get(problem.file)
            if planned is None and plan.writes_site and sheet is not None:
                at = sheet.cells.get(problem.line or 0, "A1")  # the sheet's own settings
                where = Where(plan.problems.file, sheet=SETTINGS_SHEET, cell=at)
                if all((p.code, p.where, p.message) != (problem.code, where, problem.message)
                       for p in plan.problems):
                    plan.problems.extend([Problem(problem.code, problem.severity, where,
                                                  problem.message)])
                continue
            if planned is None:  # site.yml: the target folder's own settings are broken
                where = Where(str(site), problem.line, problem.column)
            elif problem.code in _WHOLE_TREE and "indicators" in planned.row.cells:
                where = planned.row.at("indicators")  # a 自评表's 总分 分值, not the first node
            else:
                where = planned.row.at(planned.line_keys.get(problem.line or 0))
            plan.problems.extend([Problem(problem.code, problem.severity, where,
                                          problem.message)])


def _check_settings(plan: ImportPlan) -> SiteSheet | None:
    """The 网站设置 sheet checked as site.yml (problems at its cells). Where the folder has
    a site.yml already, each setting the sheet would change is listed (old → new): applied
    with ``--force``, else a warning and site.yml kept."""
    if plan.site is None:
        return None
    config = plan.site.checked(plan.problems)
    site = plan.content / SITE_FILE
    if config is None or not site.is_file():
        return plan.site
    problems = Problems(display_path(site))  # reported by the checker's run below
    existing = read_site(load_file(site, problems.file, problems), problems)
    if problems.has_errors():
        existing = SiteConfig()  # a broken site.yml: every setting of the sheet is new
    plan.site_changes = differences(config, existing)
    if plan.site_changes and not plan.force:
        plan.problems.at_cell("import-site-differs", "warning",
                              f"“{SETTINGS_SHEET}”与 {display_path(site)} 不同（"
                              + "；".join(plan.site_changes) + f"）：{SITE_FILE} 保持不变。"
                              f"要采用表中的设置，请加 --force 重新运行（或按表修改 "
                              f"{display_path(site)}）", SETTINGS_SHEET, "A1")
    return plan.site


def _check_rate(row: Row, problems: Problems) -> None:
    if row.rate is None or "spent" not in row.values or "budget" not in row.values:
        return
    if row.values["budget"] <= 0:
        return  # the checker reports the budget at its cell; nothing to divide by
    given, coordinate = row.rate
    computed = row.values["spent"] / row.values["budget"] * 100
    last = Decimal(1).scaleb(min(given.as_tuple().exponent, 0))  # type: ignore[arg-type]
    if abs(computed - given) > last:
        problems.at_cell("import-rate-mismatch", "warning",
                         f"{RATE_HEADER} {given}% 与 实际支出 ÷ 预算金额 = {computed:.2f}% 不符："
                         "网站按金额计算，请核对", row.sheet, coordinate)


def _file_id(row: Row, content: Path) -> str:
    """The file's id; a project an earlier import named with 8 hex digits keeps its file."""
    pid = project_id(row)
    if "id" in row.values:
        return pid
    legacy = project_id(row, LEGACY_HEX)
    old = existing_values(content / PROJECTS_DIR / f"{legacy}.yml")
    same = old is not None and not other_project(
        {"name": row.values["name"], "year": row.values["year"],
         "department": old.get("department")}, old)
    return legacy if same else pid


def _refuse_other_project(plan: ImportPlan, planned: Planned, old: dict[str, Any] | None,
                          new: dict[str, Any]) -> bool:
    """An existing file (its values ``old``) that holds another project is never replaced,
    ``--force`` or not (True: refused)."""
    target = plan.content / planned.relpath
    differ = other_project(new, old)
    if not differ:
        return False
    held = "无法读出其中的项目" if old is None else \
        f"其中是「{old.get('name', '')}」（{old.get('department', '')}，{old.get('year', '')}）"
    plan.problems.at_cell("import-file-other-project", "error",
                          f"文件 {display_path(target)} 已存在，{held}，与这一行的"
                          f"{'、'.join(differ)}不同：它保存的是另一个项目，加 --force 也不会覆盖。"
                          "请给这一行填写另一个项目编号，或先确认并移走原文件",
                          planned.row.sheet, planned.row.where.cell)
    return True


def plan_import(path: Path, content: Path, force: bool = False) -> ImportPlan:
    """Read, convert and check everything; nothing is written here."""
    plan = ImportPlan(content, Problems(display_path(path)), force=force)
    refusals = inspect(path)
    for refusal in refusals:
        if refusal.sheet:
            plan.problems.at_cell(refusal.code, "error", refusal.message, refusal.sheet)
        else:
            plan.problems.error(refusal.code, refusal.message)
    if refusals:
        return plan
    kind = kind_of(path)
    if kind == "docx":
        from generator.intake.docx_reader import read_document

        rows = read_document(path, plan.problems, plan.notes)
    elif kind == "pdf":
        from generator.intake.pdf.reader import read_pdf

        rows = read_pdf(path, plan.problems, plan.notes)
    elif kind == "xls":
        from generator.intake.form.xls import read_xls_forms

        rows = read_xls_forms(path, plan.problems, plan.notes)
    else:
        from generator.intake.form.xlsx import read_forms

        forms = read_forms(path, plan.problems, plan.notes)
        rows = forms if forms is not None else read_rows(path, plan.problems, plan.notes)
        if rows and forms is None:
            from generator.intake.full_workbook import attach_sheets

            read = attach_sheets(path, rows, plan.problems)
            plan.site = read_settings_file(path, plan.problems)
            if plan.site is not None:
                read.add(SETTINGS_SHEET)
            plan.notes[:] = [n for n in plan.notes if not any(f"「{s}」" in n for s in read)]
    if not rows and not plan.ok:
        return plan
    from generator.intake.form.whole_text import mark_wholes

    mark_wholes(rows)  # a 重点评价 list's 整体支出 rows are 部门整体 results, not projects
    seen: dict[str, Row] = {}
    for row in rows:
        if row.bad:
            continue  # already reported; the other rows are still checked
        clean_row(row, plan.problems)
        _check_rate(row, plan.problems)
        pid = _file_id(row, content)
        if pid in seen:
            where = row.at("id" if "id" in row.values else "name")
            plan.problems.at_cell("import-duplicate-row", "error",
                                  f"与 {seen[pid].where} 生成同一个文件 {PROJECTS_DIR}/{pid}.yml："
                                  "同一项目同一年度只能有一行，请删除重复行或修改项目名称/项目编号",
                                  row.sheet, where.cell)
            continue
        seen[pid] = row
        text, line_keys = project_yaml(row, path.name)
        plan.files.append(Planned(row, pid, text, line_keys))
    if plan.files:
        _check(plan)
    changed: list[Planned] = []  # existing files of this project that the import changes
    for planned in [p for p in plan.files if (content / p.relpath).exists()]:
        old, new = existing_values(content / planned.relpath), written_values(planned.text)
        if _refuse_other_project(plan, planned, old, new):
            continue
        (plan.unchanged if old == new else changed).append(planned)
    kept = set(map(id, plan.unchanged))  # by identity: Planned compares its fields
    plan.files = [p for p in plan.files if id(p) not in kept]
    for planned in [] if force else changed:
        plan.problems.at_cell("import-file-exists", "error",
                              f"文件 {display_path(content / planned.relpath)} 已存在：不会覆盖。"
                              "确认要用表格内容替换时，请加 --force 重新运行",
                              planned.row.sheet, planned.row.where.cell)
    if not rows and plan.ok:
        plan.problems.error("import-no-rows", "表格中没有项目数据行")
    return plan


def plan_imports(paths: Sequence[Path], content: Path, force: bool = False) -> ImportPlan:
    """Several files as one import (``import FILE [FILE…]``, e.g. each year's
    ``data/<year>/results.xlsx``): each planned as :func:`plan_import` plans it, then
    together. Two rows of different files that would write the same project file are an
    error (``import-duplicate-row`` at the later row), as within one file; the first file
    with a 网站设置 sheet gives site.yml, and a later one that differs from it is said
    (``import-site-differs``, a warning). Nothing is written unless all of them passed."""
    plans = [plan_import(path, content, force) for path in paths]
    if len(plans) == 1:
        return plans[0]
    combined = ImportPlan(content, Problems(), force=force)
    first: dict[str, Planned] = {}
    site_from = ""
    for path, plan in zip(paths, plans, strict=True):
        same = set(map(id, plan.unchanged))  # unchanged by one file, maybe not by another
        for planned in plan.files + plan.unchanged:
            earlier = first.setdefault(planned.relpath, planned)
            if earlier is planned:
                (combined.unchanged if id(planned) in same else combined.files).append(planned)
                continue
            key = "id" if "id" in planned.row.values else "name"
            where, there = planned.row.at(key), earlier.row.at(key)
            plan.problems.at_cell("import-duplicate-row", "error",
                                  f"与「{Path(earlier.row.file).name}」{there} "
                                  f"生成同一个文件 {planned.relpath}：同一项目同一年度只能有一行，"
                                  "请删去其中一行或修改项目名称/项目编号", planned.row.sheet,
                                  where.cell)
        if plan.site is not None and combined.site is None:
            combined.site, combined.site_changes, site_from = plan.site, plan.site_changes, \
                plan.problems.file
        elif plan.site is not None and combined.site is not None and \
                plan.site.text != combined.site.text:
            plan.problems.at_cell("import-site-differs", "warning",
                                  f"“{SETTINGS_SHEET}”与「{site_from}」的不同：{SITE_FILE} 按"
                                  f"「{site_from}」的设置（一次导入的几个文件，只用第一个文件的"
                                  "网站设置）", SETTINGS_SHEET, "A1")
        combined.notes += [f"「{path.name}」：{note}" for note in plan.notes]
        combined.problems.extend(plan.problems)
    return combined
