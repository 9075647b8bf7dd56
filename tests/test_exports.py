"""Open data exports: the published figures survive CSV, XLSX and JSON, byte-for-byte stable."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.base.reproducible import epoch_time, source_date_epoch
from generator.content.discovery import Content, read_content
from generator.core.fields import (
    FIELDS,
    INDICATOR_FIELDS,
    KINDS,
    TABLE_FIELDS,
    NodeView,
    csv_value,
)
from generator.core.model import Indicator, Project
from generator.core.urls import department_docx_path
from generator.downloads.files import WHOLE_SITE_STREAMS, export_files, iter_export_files
from generator.site.context import build_context
from generator.site.pages import render_pages

SEED = Path(__file__).resolve().parent.parent / "content"
HEADERS = ["项目编号", "项目名称", "预算年度", "项目单位", "主管部门", "评价机构", "评价方式",
           "预算金额（万元）", "实际支出（万元）", "预算执行率（%）", "评价分值", "评价等级",
           "公布的评价结论", "主要绩效", "存在问题", "整改建议", "整改情况", "原表其他栏目",
           "评价对象"]


@pytest.fixture(scope="module")
def content() -> Content:
    result = read_content(SEED, workers=1)
    assert not result.errors
    return result


@pytest.fixture(scope="module")
def files(content: Content) -> dict[str, bytes]:
    return export_files(content)


def _csv_rows(data: bytes) -> dict[str, dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == HEADERS
    return {row["项目编号"]: row for row in reader}


def test_file_list(files: dict[str, bytes], content: Content) -> None:
    expected = {"data/results.csv", "data/results.xlsx", "data/results.json", "data/template.xlsx",
                "data/indicators.csv", "data/rectification.csv", "data/2017/results.csv",
                "data/2017/results.xlsx",
                "data/2018/results.csv", "data/2018/results.xlsx", "data/datapackage.json"}
    expected |= {f"data/projects/{p.id}.json" for p in content.projects}
    expected |= {department_docx_path(p.authority, p.year, content.config)
                 for p in content.projects}  # each 部门公开 page's Word document
    assert set(files) == expected
    assert all(isinstance(v, bytes) and v for v in files.values())


def test_csv_reopens_with_published_figures(files: dict[str, bytes]) -> None:
    rows = _csv_rows(files["data/results.csv"])
    assert len(rows) == 6
    platform = rows["2017/cooperation-platform"]
    assert platform["预算金额（万元）"] == "19.369"
    assert platform["实际支出（万元）"] == "19.000"
    assert platform["预算执行率（%）"] == "98.09"
    assert platform["评价分值"] == "87.12"
    assert platform["评价等级"] == "良"
    assert platform["公布的评价结论"] == "良好"
    assert platform["预算年度"] == "2017"
    assert platform["存在问题"] == \
        "1、项目实施方案和过程管理有待进一步完善；\n2、项目人力资源配置有待进一步完善。"
    video = rows["2017/video-conference"]
    assert video["评价分值"] == "87.74"
    assert video["预算金额（万元）"] == "10.00"
    assert video["存在问题"] == "视频会议系统相关设施完备性有待进一步加强。"  # one item: no number
    stats = rows["2017/investment-statistics"]
    assert stats["实际支出（万元）"] == "" and stats["预算执行率（%）"] == ""
    assert stats["评价机构"] == ""
    assert rows["2018/investment-statistics"]["评价分值"] == "87.80"
    assert rows["2017/investment-registration"]["预算金额（万元）"] == "20.645"


def test_csv_per_year_has_that_year_only(files: dict[str, bytes]) -> None:
    rows_2017 = _csv_rows(files["data/2017/results.csv"])
    rows_2018 = _csv_rows(files["data/2018/results.csv"])
    assert {r["预算年度"] for r in rows_2017.values()} == {"2017"}
    assert set(rows_2018) == {"2018/investment-statistics", "2018/federation-it"}


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_results_sheet(files: dict[str, bytes]) -> None:
    book = _workbook(files["data/results.xlsx"])
    # the full record (import reads it back): projects, indicator nodes, budget items, 自评表
    assert book.sheetnames == ["项目", "指标", "预算明细", "目标", "资金来源", "整改",
                               "年度主要任务", "人员编制", "网站设置"]
    sheet = book["项目"]
    assert [c.value for c in sheet[1]] == HEADERS + ["信息表序号", "项目系列", "报告日期",
                                                     "项目基本情况"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = {row[0].value: dict(zip(HEADERS, row, strict=False))
            for row in sheet.iter_rows(min_row=2)}
    platform = rows["2017/cooperation-platform"]
    budget, spent = platform["预算金额（万元）"], platform["实际支出（万元）"]
    assert budget.value == pytest.approx(19.369) and budget.number_format == "0.000"
    assert spent.value == pytest.approx(19.0) and spent.number_format == "0.000"
    rate, total = platform["预算执行率（%）"], platform["评价分值"]
    assert rate.value == pytest.approx(98.09) and rate.number_format == "0.00"
    assert total.value == pytest.approx(87.12) and total.number_format == "0.00"
    assert platform["预算年度"].value == 2017
    video = rows["2017/video-conference"]
    assert video["预算金额（万元）"].number_format == "0.00"
    assert video["评价分值"].value == pytest.approx(87.74)
    assert rows["2017/investment-statistics"]["实际支出（万元）"].value is None
    assert "\n2、" in platform["主要绩效"].value
    assert platform["主要绩效"].alignment.wrap_text
    assert sheet.column_dimensions["N"].width >= 30  # long texts get a wide, wrapped column


def test_xlsx_per_year_is_the_years_full_workbook(files: dict[str, bytes]) -> None:
    """Each year's results.xlsx has the site's full workbook's sheets, every row of the
    year's projects (项目编号 first on each sheet) in the same order with the same values,
    and the same 网站设置: so a year imports on its own (test_full_workbook)."""
    whole = _workbook(files["data/results.xlsx"])
    for year in (2017, 2018):
        book = _workbook(files[f"data/{year}/results.xlsx"])
        assert book.sheetnames == whole.sheetnames
        for title in whole.sheetnames:
            rows = [[c.value for c in r] for r in book[title].iter_rows()]
            everything = [[c.value for c in r] for r in whole[title].iter_rows()]
            if title != "网站设置":
                everything = everything[:1] + [r for r in everything[1:]
                                               if str(r[0]).startswith(f"{year}/")]
            assert rows == everything, title
        ids = [r[0].value for r in book["项目"].iter_rows(min_row=2)]
        assert ids == {2017: ["2017/investment-registration", "2017/investment-statistics",
                              "2017/video-conference", "2017/cooperation-platform"],
                       2018: ["2018/investment-statistics", "2018/federation-it"]}[year]
        assert len(list(book["指标"].iter_rows(min_row=2))) == \
            {2017: 86, 2018: 32}[year]


INDICATOR_HEADERS = ["项目编号", "项目名称", "年度", "层级", "指标编号", "指标名称", "满分值",
                     "得分", "失分", "得分率（%）", "年度指标值", "实际完成值", "计量单位",
                     "偏差原因分析及改进措施"]


def test_indicators_csv(files: dict[str, bytes], content: Content) -> None:
    data = files["data/indicators.csv"]
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n")  # CRLF line ends (none in the texts)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == INDICATOR_HEADERS
    assert len(rows) - 1 == sum(1 for p in content.projects for _ in p.walk())
    video = [r for r in rows[1:] if r[0] == "2017/video-conference"]
    assert video[0][1:3] == ["2017年上海市政府驻外办事处视频会议系统运维项目", "2017"]
    assert video[0][3:] == ["1", "A", "项目决策", "10", "9.00", "1.00", "90.00", "", "", "", ""]
    leaf = next(r for r in video if r[4] == "C1.2.2")
    assert leaf[3] == "4" and leaf[7:9] == ["3.65", "0.35"]
    assert leaf[10:] == ["100", "", "%", ""]  # 表 1: 故障修复及时率 100%
    satisfied = next(r for r in video if r[4] == "C2.3.1")
    assert satisfied[10:13] == ["≥85", "", "%"]
    # depth first, as the report's indicator table reads: each level under its parent
    project = next(p for p in content.projects if p.id == "2017/video-conference")
    assert [r[4] for r in video] == [n.code or "" for n in project.walk()]
    assert [int(r[3]) for r in video][:3] == [1, 2, 3]


def test_indicators_csv_rows_are_the_fields_as_shown(files: dict[str, bytes],
                                                     content: Content) -> None:
    """Each indicator row, read from the project's JSON record, is what the field
    definitions give the node (csv_value of each table field), for every seed project."""
    rows = list(csv.reader(io.StringIO(files["data/indicators.csv"].decode("utf-8-sig"),
                                       newline="")))[1:]
    table = [f for f in INDICATOR_FIELDS if f.table]
    expected = []
    for head in content.projects:
        project = content.full(head)

        def visit(nodes: list[Indicator], level: int, project: Project = project) -> None:
            for node in nodes:
                view = NodeView(node, project, level)
                expected.append([project.id, project.name, str(project.year)]
                                + [csv_value(f, f.get(view)) for f in table])
                visit(node.children, level + 1)
        visit(project.indicators, 1)
    assert rows == expected
    assert any(r[10] == "" for r in rows) and any(r[10] != "" for r in rows)  # 年度指标值


def test_a_projects_parts_are_its_own_whatever_was_made_before(content: Content) -> None:
    """indicators.csv reads the JSON record of the project last made: a part of another
    project in between (an edit makes only the changed projects' parts) is never mixed in."""
    first, second = (content.full(p) for p in content.projects[:2])
    indicators, record = WHOLE_SITE_STREAMS["indicators.csv"], WHOLE_SITE_STREAMS["results.json"]
    for project, other in ((first, second), (second, first), (first, second)):
        record(other)
        rows = list(csv.reader(io.StringIO(indicators(project).data.decode(), newline="")))
        assert [row[0] for row in rows] == [project.id] * sum(1 for _ in project.walk())
        assert json.loads(record(project).data[:-1])["id"] == project.id
        indicators(other)
        assert json.loads(record(project).data[:-1])["id"] == project.id


def test_data_page_links_every_download(files: dict[str, bytes], content: Content) -> None:
    pages = dict(render_pages(build_context(content)))
    text = pages["data/index.md"]
    links = {posixpath.normpath(posixpath.join("data", href))
             for href in re.findall(r'<a href="([^"]+)" download>', text)}
    assert {"data/results.csv", "data/results.xlsx", "data/results.json",
            "data/indicators.csv", "data/template.xlsx", "data/2017/results.xlsx"} <= links
    assert links <= set(files), links - set(files)
    assert "指标得分明细（CSV）" in text and "与指标得分" not in text


def test_json_records(files: dict[str, bytes], content: Content) -> None:
    data = json.loads(files["data/results.json"])
    assert data["generated_from"]
    assert data["count"] == len(data["projects"]) == 6
    records = {r["id"]: r for r in data["projects"]}
    platform = records["2017/cooperation-platform"]
    assert set(platform) == {f.key for f in FIELDS} | {"page"}
    assert (platform["budget"], platform["spent"]) == ("19.369", "19.000")
    assert (platform["execution_rate"], platform["total"]) == ("98.09", "87.12")
    assert (platform["grade"], platform["grade_published"]) == ("良", "良好")
    assert platform["page"] == "projects/2017/cooperation-platform/"
    assert platform["categories"][0] == {"code": "A", "name": "项目决策", "weight": "10",
                                         "score": "9.00", "rate": "90.00"}
    top = platform["indicators"][0]
    assert set(top) == {f.key for f in INDICATOR_FIELDS}
    assert (top["code"], top["weight"], top["score"], top["lost"], top["rate"]) == \
        ("A", "10", "9.00", "1.00", "90.00")
    leaf = top["children"][1]["children"][1]
    assert (leaf["code"], leaf["score"], leaf["lost"], leaf["rate"], leaf["level"]) == \
        ("A2.2", "1.00", "1.00", "50.00", 3)
    assert leaf["children"] == [] and leaf["rule"] is None
    stats = records["2017/investment-statistics"]
    assert stats["spent"] is None and stats["execution_rate"] is None and stats["indicators"] == []
    for project in content.projects:
        single = json.loads(files[f"data/projects/{project.id}.json"])
        assert single == records[project.id]


def test_json_shows_rules_and_execution_actual(tmp_path: Path) -> None:
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "r.yml").write_text(
        "name: 规则项目\nyear: 2019\ndepartment: 单位\nbudget: 20.00\nspent: 19.00\n"
        "indicators:\n"
        "  - {code: A, name: 执行, weight: 40, rule: ratio, target: 100,"
        " actual: budget_execution, unit: '%'}\n"
        "  - {code: B, name: 产出, weight: 60, score: 50, note: 说明}\n", encoding="utf-8")
    content = read_content(tmp_path, workers=1)
    assert not content.errors
    record = json.loads(export_files(content)["data/projects/r.json"])
    rule, plain = record["indicators"]
    assert (rule["rule"], rule["target"], rule["actual"], rule["unit"]) == \
        ("ratio", "100", "95.00", "%")
    assert rule["score"] == "38.00"
    assert plain["note"] == "说明" and plain["rule"] is None


def test_exports_are_deterministic(content: Content, files: dict[str, bytes]) -> None:
    # the build's one time policy: 1 January after the newest year (2018 in the seeds)
    again = list(iter_export_files(content))
    assert dict(again) == files
    assert len(again) == len(files)  # no path twice
    for name, data in files.items():
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert {i.date_time for i in archive.infolist()} == {(2019, 1, 1, 0, 0, 0)}
                core = archive.read("docProps/core.xml").decode()
            assert "2019-01-01T00:00:00Z" in core


def test_source_date_epoch(content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01T00:00:00Z
    assert epoch_time(source_date_epoch(None)).year == 2020
    data = export_files(content)["data/results.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2020, 1, 1, 0, 0, 0)}
    book = _workbook(data)
    assert book.properties.created.year == 2020 and book.properties.modified.year == 2020


def test_fields_table_drives_columns() -> None:
    keys = [f.key for f in FIELDS]
    assert len(keys) == len(set(keys))
    assert [f.header for f in TABLE_FIELDS] == HEADERS
    for spec in FIELDS + INDICATOR_FIELDS:
        assert spec.name and spec.description and spec.type == KINDS[spec.kind]


def test_template_has_disclosure_columns(files: dict[str, bytes]) -> None:
    book = _workbook(files["data/template.xlsx"])
    sheet = book["信息表"]
    headers = [c.value for c in sheet[1]]
    assert headers[:12] == ["项目名称", "预算年度", "项目单位", "主管部门", "预算金额（万元）",
                            "实际支出（万元）", "评价分值", "评价结论", "主要绩效", "存在问题",
                            "整改建议", "整改情况"]
    assert sheet.max_row == 2  # one example row
    assert "说明" in book.sheetnames
