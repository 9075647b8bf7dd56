"""Word: the 部门公开 disclosure as a .docx in the official layout, and ``import`` of such a
document (the form of the published 信息表 documents) back to project files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from generator.base.reproducible import epoch_time
from generator.content.discovery import read_content
from generator.core.fmt import money, two
from generator.core.urls import department_docx_path
from generator.downloads.disclosure_docx import disclosure_docx, item_text
from generator.downloads.files import disclosure_files
from generator.intake.importer import import_workbook, plan_import
from generator.site.context import build_context
from generator.site.pages import render_pages

SEED = Path(__file__).resolve().parent.parent / "content"
AUTHORITY = "上海市人民政府合作交流办公室"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = epoch_time("1514764800")


def infotable(project: object) -> dict[str, object]:
    """The 信息表's fields as the page shows them."""
    return {"name": project.name, "year": project.year, "authority": project.authority,
            "order": project.order, "budget": money(project.budget),
            "score": two(project.total), "grade": project.grade_shown,
            "achievements": [item_text(i) for i in project.achievements],
            "problems": [item_text(i) for i in project.problems_found],
            "recommendations": [item_text(i) for i in project.recommendations],
            "rectification": [item_text(i) for i in project.rectification]}


@pytest.fixture(scope="module")
def seeds() -> list[object]:
    projects = [p for p in read_content(SEED, workers=1).projects
                if p.authority == AUTHORITY and p.year == 2017]
    assert len(projects) == 4
    return projects


@pytest.fixture(scope="module")
def seed_docx(seeds: list[object], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "disclosure.docx"
    path.write_bytes(disclosure_docx(AUTHORITY, 2017, seeds, WHEN))
    return path


def test_seed_disclosure_imports_back_to_the_same_texts_and_figures(
        seeds: list[object], seed_docx: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(seed_docx, content, out=lines.append), lines
    imported = read_content(content, workers=1)
    assert not imported.errors
    by_name = {p.name: p for p in imported.projects}
    assert sorted(by_name) == sorted(p.name for p in seeds)
    for seed in seeds:
        assert infotable(by_name[seed.name]) == infotable(seed)


def test_problems_name_table_row_and_column(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph(f"{AUTHORITY}2019年度")
    document.add_paragraph("财政支出项目绩效评价结果")
    for number, score in ((1, "88.47分"), (2, "很好")):
        document.add_paragraph(f"绩效评价结果信息表 {number}")
        table = document.add_table(rows=0, cols=2)
        for label, value in (("项目名称", f"项目{number}"), ("预算金额", "20.645万元"),
                             ("评价分值", score), ("评价结论", "良好"),
                             ("主要绩效", "1、通过项目实施，每\n月定期巡检。\n2、完成数据采集。")):
            cells = table.add_row().cells
            cells[0].text = label
            paragraphs = value.split("\n")
            cells[1].text = paragraphs[0]
            for more in paragraphs[1:]:
                cells[1].add_paragraph(more)
    path = tmp_path / "report.docx"
    document.save(path)
    plan = plan_import(path, tmp_path / "content")
    assert {(p.code, p.location()) for p in plan.problems} == {
        ("import-bad-score", "表 2!第 3 行第 2 列")}
    fixed = tmp_path / "fixed.docx"
    document.tables[1].rows[2].cells[1].text = "86.84分"
    document.save(fixed)
    plan = plan_import(fixed, tmp_path / "content")
    assert plan.ok, [p.format() for p in plan.problems]
    first = plan.files[0].row.values
    assert first["authority"] == first["department"] == AUTHORITY and first["year"] == 2019
    assert first["order"] == 1 and str(first["budget"]) == "20.645"
    assert first["achievements"] == ["通过项目实施，每月定期巡检。", "完成数据采集。"]
    assert "「fixed.docx」的表 1" in plan.files[0].text


def test_a_document_without_the_title_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(table.rows, (("项目名称", "甲"), ("预算金额", "1万元"),
                                                ("评价分值", "80分")), strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    path = tmp_path / "untitled.docx"
    document.save(path)
    assert {p.code for p in plan_import(path, tmp_path / "c").problems} == {"import-docx-title"}


def test_macro_document_is_refused(tmp_path: Path, seed_docx: Path) -> None:
    path = tmp_path / "report.docm"
    path.write_bytes(seed_docx.read_bytes())
    assert "import-macros" in {p.code for p in plan_import(path, tmp_path / "c").problems}


def test_docx_reopens_with_python_docx(seed_docx: Path, seeds: list[object]) -> None:
    document = docx.Document(str(seed_docx))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert len(document.tables) == 4
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[:3] == [f"{AUTHORITY}2017年度", "财政支出项目绩效评价结果", "绩效评价结果信息表 1"]
    first = document.tables[0]
    assert [r.cells[0].text for r in first.rows] == [
        "项目名称", "预算金额", "评价分值", "评价结论", "主要绩效", "存在问题", "整改建议",
        "整改情况"]
    assert first.rows[1].cells[1].text == "20.645万元"
    assert first.rows[2].cells[1].text == "88.47分"


def test_docx_reads_with_an_independent_parser(seed_docx: Path) -> None:
    """zipfile + ElementTree, no python-docx: the XML is what Word expects."""
    with zipfile.ZipFile(seed_docx) as archive:
        assert archive.testzip() is None
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    size = root.find(f".//{W}sectPr/{W}pgSz")
    assert size is not None and (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert size.get(f"{W}orient") in (None, "portrait")
    tables = root.findall(f".//{W}tbl")
    assert len(tables) == 4

    def text(cell: ElementTree.Element) -> list[str]:
        return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in cell.iter(f"{W}p")]

    rows = [[text(tc) for tc in tr.findall(f"{W}tc")] for tr in tables[2].findall(f"{W}tr")]
    assert rows[0] == [["项目名称"], ["2017年上海市政府驻外办事处视频会议系统运维项目"]]
    assert rows[1][1] == ["10.00万元"] and rows[2][1] == ["87.74分"]
    assert rows[5][1] == ["视频会议系统相关设施完备性有待进一步加强。"]  # one item: no number
    assert rows[4][1][0].startswith("1、通过项目的实施") and rows[4][1][1].startswith("2、")


def test_bytes_are_fixed_by_the_epoch(seeds: list[object]) -> None:
    first = disclosure_docx(AUTHORITY, 2017, seeds, WHEN)
    assert first == disclosure_docx(AUTHORITY, 2017, seeds, WHEN)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2018, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2018-01-01T00:00:00Z" in core and "<cp:revision>1</cp:revision>" in core


def test_every_department_page_links_its_docx() -> None:
    content = read_content(SEED, workers=1)
    files = {f.path: f.make() for f in disclosure_files(content, WHEN)}
    pages = dict(render_pages(build_context(content)))
    departments = {(p.authority, p.year) for p in content.projects}
    assert len(files) == len(departments)
    for authority, year in departments:
        path = department_docx_path(authority, year, content.config)
        assert path in files
        page = next(text for name, text in pages.items()
                    if name.startswith("departments/") and name.endswith(f"/{year}/index.md")
                    and f"{authority}{year}年度" in text)
        assert f'{path.rsplit("/", 1)[-1]}" download>Word 文档' in page


def _with_part(seed_docx: Path, target: Path, renames: dict[str, str],
               change: dict[str, bytes]) -> Path:
    """A copy of the seed document with parts renamed and some replaced."""
    with zipfile.ZipFile(seed_docx) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change.get(info.filename, old.read(info.filename))
            for before, after in renames.items():
                data = data.replace(before.encode(), after.encode())
            new.writestr(renames.get(info.filename, info.filename), data)
    return target


def _hostile(text: str, doctype: str, encoding: str) -> bytes:
    """The document part with a DOCTYPE after its XML declaration, in ``encoding``."""
    body = text.split("?>", 1)[1]
    return (f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>{doctype}'
            + body).encode(encoding)


@pytest.mark.parametrize("case", ["UTF-16 document.xml", "main part named main.bin",
                                  "DOCTYPE after a 5 KB comment"])
def test_a_hostile_document_part_is_refused_as_such(tmp_path: Path, seed_docx: Path,
                                                    case: str) -> None:
    """The old guard read the first 4 KB of ``*.xml`` parts only: these three passed it and
    were reported as 项目名称不能为空 (or not at all)."""
    with zipfile.ZipFile(seed_docx) as archive:
        text = archive.read("word/document.xml").decode("utf-8")
    doctype = '<!DOCTYPE w:document [<!ENTITY x "甲">]>'
    if case.startswith("UTF-16"):
        path = _with_part(seed_docx, tmp_path / "u.docx", {},
                          {"word/document.xml": _hostile(text, doctype, "UTF-16")})
        part = "word/document.xml"
    elif case.startswith("main part"):
        path = _with_part(seed_docx, tmp_path / "m.docx", {"word/document.xml": "word/main.bin"},
                          {"word/document.xml": _hostile(text, doctype, "UTF-8")})
        part = "word/main.bin"
    else:
        path = _with_part(seed_docx, tmp_path / "c.docx", {}, {"word/document.xml": _hostile(
            text, f"<!--{'注' * 2000}-->{doctype}", "UTF-8")})
        part = "word/document.xml"
    problems = plan_import(path, tmp_path / "content").problems
    assert [(p.code, part in p.message) for p in problems] == [("import-xml-entity", True)]
