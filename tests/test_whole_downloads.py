"""部门整体 results in the open data (issue 43, What-to-build 4): every CSV / XLSX row and
JSON record carries 评价对象 (``kind``); the JSON carries 年度主要任务, 人员编制 and each
资金来源's split; datapackage.json describes the column; a 部门整体 result is no 信息表 of
the department's disclosure document, and its record links its own page (whole/<id>/); the
site's own workbook imports back to the same kind."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator.content.discovery import read_content
from generator.core.urls import department_docx_path
from generator.downloads.files import export_files
from tests.conftest import HEADER, write_project
from tests.test_full_workbook import WHEN, checked, round_trip
from tests.test_whole import WHOLE


def _content(tmp_path: Path) -> Path:
    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    write_project(tmp_path, "2018/yueyang.yml", WHOLE)
    return tmp_path / "content"


def test_every_download_says_what_was_evaluated(tmp_path: Path) -> None:
    content = read_content(_content(tmp_path), workers=1)
    files = export_files(content, WHEN)
    rows = list(csv.DictReader(io.StringIO(files["data/results.csv"].decode("utf-8-sig"))))
    assert {r["项目名称"]: r["评价对象"] for r in rows} == {
        "测试项目": "项目", "岳阳市城市管理监督指挥中心2018年度部门整体支出": "部门整体"}
    record = json.loads(files["data/projects/2018/yueyang.json"])
    assert (record["kind"], record["page"], record["staff"]) == (
        "部门整体", "whole/2018/yueyang/", {"authorized": 21, "actual": 21})
    assert record["tasks"][0] == {"name": "数字城管运行", "content": "监督指挥调度",
                                  "budget": "132.20", "spent": "120.00"}
    assert [s["group"] for s in record["funding"]["sources"]] == [
        "按收入性质", "按支出性质", "按支出性质"]
    package = json.loads(files["data/datapackage.json"])
    results = next(r for r in package["resources"] if r["path"] == "results.csv")
    kind = next(f for f in results["schema"]["fields"] if f["name"] == "评价对象")
    assert kind["type"] == "string" and "部门整体" in kind["description"]
    # a department with only its 部门整体 result has its 部门公开 page, so its Word document
    # too (SPEC §6): no 信息表, the page's line saying so, then the 部门整体 part
    import docx

    document = docx.Document(io.BytesIO(files[department_docx_path(
        "岳阳市城市管理监督指挥中心", 2018, content.config)]))
    assert [p.text for p in document.paragraphs if p.text] == [
        "岳阳市城市管理监督指挥中心2018年度", "财政支出项目绩效评价结果",
        "岳阳市城市管理监督指挥中心 2018 年度没有公开项目的绩效评价结果。",
        "部门整体支出绩效评价结果摘要"]
    [table] = document.tables
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert (rows["评价对象"], rows["评价分值"], rows["评价结论"], rows["预算金额"],
            rows["执行率"]) == ("岳阳市城市管理监督指挥中心2018年度部门整体支出", "94.50分", "优",
                             "512.30万元", "97.40%")
    # import says the summary alone is no result to import, once (not three made-up errors)
    from generator.intake.plan import plan_import

    (tmp_path / "w.docx").write_bytes(files[department_docx_path(
        "岳阳市城市管理监督指挥中心", 2018, content.config)])
    [problem] = plan_import(tmp_path / "w.docx", tmp_path / "content").problems
    assert problem.code == "import-no-rows"
    assert "只有部门整体支出绩效评价结果摘要" in problem.message


def test_the_workbook_imports_back_to_the_same_kind(tmp_path: Path) -> None:
    source = _content(tmp_path)
    target = round_trip(source, tmp_path)
    imported = {p["name"]: (p["kind"], p["total"], p["budget"])
                for p in checked(read_content(target, workers=1))}
    assert imported == {
        "测试项目": ("项目", "70.00", "10.00"),
        "岳阳市城市管理监督指挥中心2018年度部门整体支出": ("部门整体", "94.50", "512.30")}
    text = (target / "projects" / "2018" / "road.yml").read_text(encoding="utf-8")
    assert "kind" not in text  # a project's default is not written
    before, after = (read_content(folder, workers=1) for folder in (source, target))
    whole = [c.full(next(p for p in c.projects if p.kind == "部门整体")) for c in (before, after)]
    assert whole[1].tasks == whole[0].tasks and whole[1].staff == whole[0].staff
    sources = [[(s.name, s.group, s.initial, s.budget, s.spent) for s in w.funding.sources]
               for w in whole if w.funding is not None]
    assert len(sources) == 2 and sources[1] == sources[0]  # with each source's group


def test_the_disclosure_document_carries_the_department_result(tmp_path: Path) -> None:
    """Issue 43 point 5: the department-year's Word document ends with its 部门整体 result,
    a short table (score, grade, 评价方式, budget, 执行率, 年度主要任务), reopened here."""
    import docx

    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    write_project(tmp_path, "2018/whole.yml", WHOLE.replace(
        "department: 岳阳市城市管理监督指挥中心", "department: 测试单位\nmethod: 第三方评价"))
    files = export_files(read_content(tmp_path / "content", workers=1), WHEN)
    [path] = [p for p in files if p.endswith(".docx")]
    document = docx.Document(io.BytesIO(files[path]))
    assert "部门整体支出绩效评价结果摘要" in [p.text for p in document.paragraphs]
    assert len(document.tables) == 2
    rows = {r.cells[0].text: [p.text for p in r.cells[1].paragraphs]
            for r in document.tables[1].rows}
    assert rows == {
        "评价对象": ["测试单位2018年度部门整体支出"], "评价分值": ["94.50分"],
        "评价结论": ["优"], "评价方式": ["第三方评价"], "预算金额": ["512.30万元"],
        "执行率": ["97.40%"],
        "年度主要任务": ["1、数字城管运行：监督指挥调度（预算数132.20万元，执行数120.00万元）",
                   "2、人员和日常运转（预算数380.10万元，执行数379.00万元）"]}
    # import reads the document back to its project, the summary skipped with a note
    from generator.intake.importer import import_workbook

    (tmp_path / "d.docx").write_bytes(files[path])
    lines: list[str] = []
    target = tmp_path / "imported"
    assert import_workbook(tmp_path / "d.docx", target, out=lines.append), lines
    assert any("跳过表 2：部门整体支出绩效评价结果摘要" in line for line in lines)
    assert [p.name for p in read_content(target, workers=1).projects] == ["测试项目"]
