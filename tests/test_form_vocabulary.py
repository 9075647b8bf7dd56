"""One form vocabulary: the 自评表 writer prints the labels of generator/core/vocabulary.py
(PRINTED), every one of them reads back to the role it was written for, and a written form
imported by the form reader gives the same project, whatever wording the vocabulary picks."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.content.discovery import read_content
from generator.core import vocabulary
from generator.core.fields import project_json
from generator.core.model import Project
from generator.downloads.selfeval_form import form_sheet, form_workbook, writable
from generator.intake.importer import import_workbook

ROOT = Path(__file__).resolve().parent.parent
SEED_PROJECT = ROOT / "content" / "projects" / "2018" / "federation-it.yml"
LANGFANG = ROOT / "tests" / "data" / "selfeval" / "langfang-hvac-2019.yml"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[Project]:
    """A seed project (third-party evaluation, no funding block) and the transcribed 廊坊
    form (funding with sources, goals): both fit the form."""
    root = tmp_path_factory.mktemp("source")
    for path, year in ((SEED_PROJECT, 2018), (LANGFANG, 2019)):
        (root / "projects" / str(year)).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, root / "projects" / str(year) / path.name)
    shutil.copy(ROOT / "content" / "site.yml", root / "site.yml")
    loaded = read_content(root, workers=1)
    assert not loaded.errors, [p.format() for p in loaded.errors]
    assert all(writable(p) for p in loaded.projects) and len(loaded.projects) == 2
    return loaded.projects


@pytest.mark.parametrize(("part", "role"), sorted(vocabulary.PRINTED))
def test_every_printed_label_reads_back_as_its_role(part: str, role: str) -> None:
    text = vocabulary.printed(part, role)
    assert vocabulary.role_of(part, text) == role
    assert vocabulary.label(text).text == text  # printed as the readers compare it


def test_every_synonym_reads_back_as_its_role() -> None:
    """Each table's every label, not only the printed one (the provinces' wordings)."""
    for table, part in ((vocabulary.HEAD, "head"), (vocabulary.MONEY, "money"),
                        (vocabulary.TABLE, "table")):
        for text, role in table.items():
            assert vocabulary.role_of(part, text) == role, text
    for text in vocabulary.GOALS_PLANNED:
        assert vocabulary.role_of("goals", text) == "planned"
    for text in vocabulary.GOALS_ACHIEVED:
        assert vocabulary.role_of("goals", text) == "achieved"


def _strings(project: Project) -> list[str]:
    return [v for v in form_sheet(project, "自评表1").cells.values() if isinstance(v, str)]


def test_the_form_prints_each_label_of_the_vocabulary_and_no_other(
        projects: list[Project]) -> None:
    langfang = next(p for p in projects if p.funding)
    cells = _strings(langfang)
    labels = {vocabulary.label(v).text for v in cells if vocabulary.known(v)}
    sources = vocabulary.printed("money", "sources")
    assert labels == {text for (part, role), text in vocabulary.PRINTED.items()
                      if (part, role) != ("money", "sources")}
    assert f"{vocabulary.printed('block', 'money')}\n（万元）" in cells  # the unit beside it
    assert [v for v in cells if v.startswith(sources)] == [f"{sources}：当年财政拨款"]
    assert vocabulary.role_of("money", f"{sources}：当年财政拨款") == "sources"


# another province's wording for each role: what the writer prints when the vocabulary
# says so, and what the readers take back to the same role
OTHER_WORDING = {("head", "department"): "项目单位", ("money", "budget"): "调整后预算数",
                 ("money", "spent"): "预算执行数", ("money", "weight"): "权重",
                 ("goals", "planned"): "年初设定目标", ("goals", "achieved"): "全年实际完成情况",
                 ("table", "target"): "年度目标值", ("table", "actual"): "全年实际值",
                 ("table", "score"): "自评得分", ("table", "total"): "合计"}


def _imported(projects: list[Project], tmp_path: Path) -> dict[str, dict[str, Any]]:
    path = tmp_path / "forms.xlsx"
    path.write_bytes(form_workbook([form_sheet(p, f"自评表{i}")
                                    for i, p in enumerate(projects, 1)]))
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "site.yml", content / "site.yml")
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    loaded = read_content(content, workers=1)
    assert not loaded.errors, [p.format() for p in loaded.errors]
    return {p.name: _record(p) for p in loaded.projects}


def _record(project: Project) -> dict[str, Any]:
    """What the form holds of a project: all but its id, page, codes and the published
    grade (the form prints 评价结论, so an imported file always has it)."""
    record = project_json(project)
    for key in ("id", "page", "grade_published", "order", "series", "report_date",
                "evaluator", "method", "summary", "achievements", "problems",
                "recommendations", "rectification", "budget_items"):
        record.pop(key, None)

    def strip(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**{k: v for k, v in n.items() if k not in ("code", "rule")},
                 "children": strip(n["children"])} for n in nodes]

    record["indicators"] = strip(record["indicators"])
    record["categories"] = [{k: v for k, v in c.items() if k != "code"}
                            for c in record["categories"]]
    return record


def test_the_written_form_imports_to_the_same_project(projects: list[Project],
                                                      tmp_path: Path) -> None:
    got = _imported(projects, tmp_path)
    assert got == {p.name: _record(p) for p in projects}


def test_another_wording_in_the_vocabulary_is_printed_and_read_back(
        projects: list[Project], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, text in OTHER_WORDING.items():
        assert vocabulary.role_of(key[0], text) == key[1], text
        monkeypatch.setitem(vocabulary.PRINTED, key, text)
    langfang = next(p for p in projects if p.funding)
    cells = set(_strings(langfang))
    assert set(OTHER_WORDING.values()) <= cells
    assert not {"实施单位", "全年预算数", "年度指标值", "总分"} & cells
    got = _imported(projects, tmp_path)
    assert got == {p.name: _record(p) for p in projects}
    book = openpyxl.load_workbook(tmp_path / "forms.xlsx")
    assert book["自评表2"]["F5"].value == "调整后预算数"
