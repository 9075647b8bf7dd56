"""``import --dry-run``: which files an import would write or replace, and per project one
line of what would change (评价分值, 评价结论, the texts), comparing the values exactly as
written in the YAML (so ``20.00`` and ``20.0`` differ, as they would on the site)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.content.discovery import SITE_FILE, display_path
from generator.core.fmt import money, two
from generator.intake.identity import existing_values, written_values
from generator.intake.plan import ImportPlan, Planned

FIGURES = (("score", "评价分值"), ("grade", "评价结论"), ("budget", "预算金额"),
           ("spent", "实际支出"))
TEXTS = (("name", "项目名称"), ("achievements", "主要绩效"), ("problems", "存在问题"),
         ("recommendations", "整改建议"), ("rectification", "整改情况"))


def _facts(planned: Planned, new: dict[str, Any]) -> str:
    """评价分值 and 评价结论 as the site will show them; a total the form did not print is
    said to be computed, a grade it did not print is the band's."""
    project = planned.project
    if project is None:
        return "，".join(f"{label} {new[key]}" for key, label in FIGURES[:2] if key in new)
    if project.score_declared is None and not project.tops():
        return f"只公布了等级 {project.grade_shown}"
    how = "" if project.score_declared is not None else "（由各指标得分相加）"
    return f"评价分值 {two(project.total)}{how}，评价结论 {project.grade_shown}，" \
        f"预算 {money(project.budget)} 万元"


def summary(planned: Planned, target: Path) -> str:
    """``替换 content/projects/…：评价分值 86.84 → 88.00；文字改动：主要绩效`` and the like."""
    new = written_values(planned.text)
    name = new.get("name", "")
    if not target.exists():
        return f"新建 {display_path(target)}（{name}：{_facts(planned, new)}）"
    old = existing_values(target)
    if old is None:
        return f"替换 {display_path(target)}（{name}）：原文件过大，未比较"
    changes = [f"{label} {old.get(key, '（无）')} → {new.get(key, '（无）')}"
               for key, label in FIGURES if old.get(key) != new.get(key)]
    texts = [label for key, label in TEXTS if old.get(key) != new.get(key)]
    if texts:
        changes.append("文字改动：" + "、".join(texts))
    others = sorted(set(old) - set(new) - {k for k, _ in FIGURES + TEXTS})
    if others:
        changes.append("原文件另有的键将丢失：" + "、".join(others))
    return f"替换 {display_path(target)}（{name}）：" + ("；".join(changes) or "内容不变")


def site_lines(plan: ImportPlan) -> list[str]:
    """What the 网站设置 sheet does to site.yml: new, replaced (each setting old → new) or
    kept; the lines a dry run and an import print."""
    target = display_path(plan.content / SITE_FILE)
    if plan.writes_site and not plan.site_changes:
        return [f"新建 {target}（由“网站设置”工作表）"]
    if plan.writes_site:
        return [f"替换 {target}（由“网站设置”工作表）：", *(f"  {c}" for c in plan.site_changes)]
    return []


def report(plan: ImportPlan) -> list[str]:
    lines = [summary(planned, plan.content / planned.relpath) for planned in plan.files]
    lines += site_lines(plan)
    new = sum(line.startswith("新建") for line in lines)
    replaced = sum(line.startswith("替换") for line in lines)
    same = f"{len(plan.unchanged)} 个已有文件内容相同、不改写；" if plan.unchanged else ""
    lines.append(f"试运行：将新建 {new} 个、替换 {replaced} 个文件；{same}未写入任何文件"
                 + ("（替换已有文件时须加 --force）" if replaced else ""))
    return lines
