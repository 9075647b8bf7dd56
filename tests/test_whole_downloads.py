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
from generator.downloads.files import export_files
from tests.conftest import HEADER, write_project
from tests.test_full_workbook import WHEN, checked, round_trip
from tests.test_whole import WHOLE


def _content(tmp_path: Path) -> Path:
    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    write_project(tmp_path, "2018/yueyang.yml", WHOLE)
    return tmp_path / "content"


def test_every_download_says_what_was_evaluated(tmp_path: Path) -> None:
    files = export_files(read_content(_content(tmp_path), workers=1), WHEN)
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
    # the department's disclosure (信息表 1..N) lists its projects only: none for 测试单位
    # would be made from the 部门整体 result alone
    assert not any("岳阳" in path for path in files if path.endswith(".docx"))


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
