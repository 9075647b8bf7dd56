"""What an import would write: every row as a project file, run through the real checker
in a scratch folder, with every problem pointed at a cell. Nothing is written unless the
whole plan is error-free, and an existing file is replaced only with ``--force``."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.content.discovery import PROJECTS_DIR, SITE_FILE, display_path, read_content
from generator.content.loader import load_file
from generator.content.site_config import read_site
from generator.core.model import ProjectHead
from generator.core.problems import Problem, Problems, Where
from generator.spreadsheet.columns import RATE_HEADER
from generator.spreadsheet.guard import inspect, kind_of
from generator.spreadsheet.project_file import project_id, project_yaml
from generator.spreadsheet.site_sheet import (
    SETTINGS_SHEET,
    SiteSheet,
    differences,
    read_settings_file,
)
from generator.spreadsheet.workbook_reader import Row, read_rows


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
    written: list[Path] = field(default_factory=list)
    # the workbook's 网站设置 as site.yml; written only where the folder has no site.yml
    site: SiteSheet | None = None

    @property
    def writes_site(self) -> bool:
        return self.site is not None and not (self.content / SITE_FILE).exists()

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
            if planned is None and plan.writes_site:
                continue  # the sheet's own settings: reported at their cells above
            if planned is None:  # site.yml: the target folder's own settings are broken
                where = Where(str(site), problem.line, problem.column)
            elif problem.code in _WHOLE_TREE and "indicators" in planned.row.cells:
                where = planned.row.at("indicators")  # a 自评表's 总分 分值, not the first node
            else:
                where = planned.row.at(planned.line_keys.get(problem.line or 0))
            plan.problems.extend([Problem(problem.code, problem.severity, where,
                                          problem.message)])


def _check_settings(plan: ImportPlan) -> SiteSheet | None:
    """The 网站设置 sheet checked as site.yml (problems at its cells); where the folder
    has a site.yml already, it is kept, and a sheet that differs from it is a warning."""
    if plan.site is None:
        return None
    config = plan.site.checked(plan.problems)
    site = plan.content / SITE_FILE
    if config is None or not site.is_file():
        return plan.site
    problems = Problems(display_path(site))  # reported by the checker's run below
    existing = read_site(load_file(site, problems.file, problems), problems)
    if not problems.has_errors() and (changed := differences(config, existing)):
        plan.problems.at_cell("import-site-differs", "warning",
                              f"“{SETTINGS_SHEET}”的{'、'.join(changed)}与 {display_path(site)} "
                              f"不同：{SITE_FILE} 保持不变（导入不覆盖网站设置）。"
                              f"要采用表中的设置，请按表修改 {display_path(site)}",
                              SETTINGS_SHEET, "A1")
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


def plan_import(path: Path, content: Path, force: bool = False) -> ImportPlan:
    """Read, convert and check everything; nothing is written here."""
    plan = ImportPlan(content, Problems(display_path(path)))
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
        from generator.spreadsheet.docx_reader import read_document

        rows = read_document(path, plan.problems, plan.notes)
    elif kind == "xls":
        from generator.spreadsheet.form.xls import read_xls_forms

        rows = read_xls_forms(path, plan.problems, plan.notes)
    else:
        from generator.spreadsheet.form.xlsx import read_forms

        forms = read_forms(path, plan.problems, plan.notes)
        rows = forms if forms is not None else read_rows(path, plan.problems, plan.notes)
        if rows and forms is None:
            from generator.spreadsheet.full_workbook import attach_sheets

            read = attach_sheets(path, rows, plan.problems)
            plan.site = read_settings_file(path, plan.problems)
            if plan.site is not None:
                read.add(SETTINGS_SHEET)
            plan.notes[:] = [n for n in plan.notes if not any(f"「{s}」" in n for s in read)]
    if not rows and not plan.ok:
        return plan
    from generator.spreadsheet.form.whole_text import mark_wholes

    mark_wholes(rows)  # a 重点评价 list's 整体支出 rows are 部门整体 results, not projects
    seen: dict[str, Row] = {}
    for row in rows:
        if row.bad:
            continue  # already reported; the other rows are still checked
        _check_rate(row, plan.problems)
        pid = project_id(row)
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
    existing = [p for p in plan.files if (content / p.relpath).exists()]
    for planned in existing if not force else []:
        plan.problems.at_cell("import-file-exists", "error",
                              f"文件 {display_path(content / planned.relpath)} 已存在：不会覆盖。"
                              "确认要用表格内容替换时，请加 --force 重新运行",
                              planned.row.sheet, planned.row.where.cell)
    if not rows and plan.ok:
        plan.problems.error("import-no-rows", "表格中没有项目数据行")
    return plan
