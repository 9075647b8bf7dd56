"""Documents that government bodies published, rebuilt as their files (``tests/data/real/``):
each imports to the figures derived from it by hand, or is refused with its reason.

Every document has a sidecar ``<slug>.yml`` (source address, province, layout, what a correct
import gives — see ``tests/data/real/README.md``). This test reads the sidecar, imports the
document into a scratch content folder (and with ``--dry-run``) and compares: for a document
that must import, each project's name, year, 主管部门, 实施单位, 预算, 执行, the number of
三级 indicators, the top-level 分值, the total, the printed grade and what else the form
printed with a label (``other_fields``), and for a 部门整体 result (issue 43) its ``kind``,
the number of 年度主要任务 and the 资金来源 rows of each split; for one that must be
refused, the problem code (and, where the sidecar lists ``codes``, every problem of the run, in
order: a 部门整体 document is told all that it lacks at once) and that nothing was written.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.content.discovery import read_content
from generator.core.model import Project
from generator.intake.importer import import_workbook, plan_import
from tests.real_docs import readme

REAL = Path(__file__).resolve().parent / "data" / "real"
SIDECARS = sorted(REAL.glob("*.yml"))


def _sidecar(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _figures(project: Project) -> dict[str, Any]:
    execution = project.execution_row
    leaves = [leaf for leaf in project.leaves() if leaf is not execution]
    sources = project.funding.sources if project.funding else []
    groups: dict[str, int] = {}
    for source in sources:
        if source.group:
            groups[source.group] = groups.get(source.group, 0) + 1
    return {
        "kind": project.kind, "tasks": len(project.tasks), "groups": groups,
        "name": project.name, "year": project.year, "authority": project.authority,
        "department": project.department,
        "budget": project.budget, "spent": project.spent, "leaves": len(leaves),
        "weights": {node.name: node.weight for node in project.indicators},
        "total": project.total, "grade": project.grade_declared,
        "other_fields": project.other_fields,
    }


def _expected(entry: dict[str, Any]) -> dict[str, Any]:
    def money(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return {
        "kind": entry.get("kind", "项目"), "tasks": entry.get("tasks", 0),
        "groups": entry.get("groups", {}),
        "name": entry["name"], "year": entry["year"], "authority": entry["authority"],
        "department": entry.get("department", entry["authority"]),
        "budget": money(entry.get("budget")), "spent": money(entry.get("spent")),
        "leaves": entry.get("leaves", 0),
        "weights": {k: Decimal(str(v)) for k, v in (entry.get("weights") or {}).items()},
        "total": money(entry["total"]) if "total" in entry else money(entry.get("score")),
        "grade": entry.get("grade"),
        "other_fields": entry.get("other_fields", {}),
    }


def test_the_corpus_is_described() -> None:
    """Every document has its sidecar and every sidecar its document and its source."""
    documents = {p.name for p in REAL.iterdir() if p.suffix in (".xlsx", ".xls", ".docx")}
    described = {_sidecar(p)["file"] for p in SIDECARS}
    assert documents == described
    for path in SIDECARS:
        data = _sidecar(path)
        assert data["source"].startswith("http"), path.name
        assert data["expect"] in ("import", "refuse"), path.name


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[p.stem for p in SIDECARS])
def test_a_real_document(sidecar: Path, tmp_path: Path) -> None:
    data = _sidecar(sidecar)
    document = REAL / data["file"]
    content = tmp_path / "content"
    plan = plan_import(document, content)
    errors = [f"{p.code} {p.location()} {p.message}" for p in plan.problems.errors]
    lines: list[str] = []
    if data["expect"] == "refuse":
        assert data["refusal"]["code"] in [p.code for p in plan.problems.errors], errors
        if "codes" in data["refusal"]:  # all that it lacks, said in one run (issue 43)
            assert [p.code for p in plan.problems.errors] == data["refusal"]["codes"], errors
        assert not import_workbook(document, content, out=lines.append, dry_run=True)
        assert not import_workbook(document, content, out=lines.append)
        assert not content.exists()
        return
    assert not errors, errors
    assert import_workbook(document, content, out=lines.append, dry_run=True), lines
    assert import_workbook(document, content, out=lines.append), lines
    projects = read_content(content, workers=1)
    errors = [p.format() for p in projects.problems if p.is_error]
    assert not errors, errors
    found = sorted((_figures(p) for p in projects.projects), key=lambda f: f["name"])
    wanted = sorted((_expected(e) for e in data["projects"]), key=lambda f: f["name"])
    assert found == wanted


def test_the_readme_describes_every_document() -> None:
    """``tests/data/real/README.md`` is what ``python -m tests.real_docs.readme`` writes."""
    assert readme.README.read_text(encoding="utf-8") == readme.text()


def test_the_real_documents_import_together_as_each_alone(tmp_path: Path) -> None:
    """``import FILE [FILE…]``: every document that imports, given in one run (Excel,
    Word and 部门整体 forms of several provinces), writes what each writes alone: the
    same projects with the same figures, no two of them the same file. One document that
    must be refused, added to the run, stops it all: nothing written."""
    sidecars = [_sidecar(p) for p in SIDECARS]
    documents = [REAL / d["file"] for d in sidecars if d["expect"] == "import"]
    wanted = sorted((_expected(e) for d in sidecars if d["expect"] == "import"
                     for e in d["projects"]), key=lambda f: (f["name"], f["year"]))
    refused = next(REAL / d["file"] for d in sidecars if d["expect"] == "refuse")
    content = tmp_path / "content"
    lines: list[str] = []
    assert not import_workbook([*documents, refused], content, out=lines.append)
    assert not content.exists()
    assert import_workbook(documents, content, out=lines.append), lines
    projects = read_content(content, workers=1)
    assert not [p.format() for p in projects.problems if p.is_error]
    found = sorted((_figures(p) for p in projects.projects),
                   key=lambda f: (f["name"], f["year"]))
    assert found == wanted
