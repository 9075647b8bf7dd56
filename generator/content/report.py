"""The check report: the same facts as text for people and as JSON for tools."""

from __future__ import annotations

import json
from itertools import groupby

from generator.content.discovery import Content
from generator.core.fmt import money, two
from generator.core.model import Project
from generator.core.problems import Problem
from generator.core.scoring import category_rate
from generator.core.text_safety import json_visible
from generator.core.whole import WHOLE


def project_record(project: Project) -> dict[str, object]:
    """Figures exactly as the site shows them (strings, so no float ever rounds them)."""
    rate = project.execution_rate
    return {
        "id": project.id,
        "file": project.file,
        "kind": project.kind,
        "name": project.name,
        "year": project.year,
        "authority": project.authority,
        "budget": money(project.budget) if project.budget is not None else None,
        "spent": money(project.spent) if project.spent is not None else None,
        "execution_rate": two(rate) if rate is not None else None,
        "total": two(project.total),
        "grade": project.grade,
        "grade_published": project.grade_declared,
        "categories": [
            {"code": n.code, "name": n.name, "weight": f"{n.weight:f}", "score": two(n.score),
             "rate": two(category_rate(n)) if n.weight else None}
            for n in project.indicators
        ],
    }


def as_json(content: Content) -> str:
    return json_visible(json.dumps(
        {"projects": [project_record(content.full(p)) for p in content.projects],
         "problems": [p.to_json() for p in content.problems]}, ensure_ascii=False, indent=2))


def counted(results: int, wholes: int = 0) -> str:
    """“12 个项目、3 个部门整体”: one wording for ``check`` and ``build`` (issue 43)."""
    return f"{results - wholes} 个项目、{wholes} 个部门整体" if wholes else f"{results} 个项目"


def summary_line(problems: list[Problem], files: int, wholes: int = 0) -> str:
    """The closing count: a 部门整体 result (issue 43) is no project, so a content folder that
    holds some says so apart (“12 个项目、3 个部门整体”) instead of counting them as projects."""
    errors = sum(p.is_error for p in problems)
    return f"{counted(files, wholes)}，{errors} 个错误，{len(problems) - errors} 个警告"


def as_text(content: Content, files: int | None = None) -> str:
    count = files if files is not None else max(content.files, len(content.projects))
    wholes = sum(p.kind == WHOLE for p in content.projects)
    return problems_text(content.problems, count, wholes)


def problems_text(problems: list[Problem], files: int, wholes: int = 0) -> str:
    """Grouped by file, errors first within each file, then a one-line summary."""
    lines: list[str] = []
    for file, group in groupby(problems, key=lambda p: p.file):
        items: list[Problem] = sorted(group, key=Problem.sort_key)
        lines.append(file)
        lines.extend("  " + p.format().removeprefix(file).lstrip(":").lstrip() for p in items)
        lines.append("")
    lines.append(summary_line(problems, files, wholes))
    return "\n".join(lines)
