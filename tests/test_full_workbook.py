"""data/results.xlsx is the full record: 项目, 指标, 预算明细 sheets; importing it into an
empty folder gives content that checks to the same projects and the same project pages."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from generator.base.reproducible import epoch_time
from generator.content.discovery import Content, read_content
from generator.content.report import as_json
from generator.downloads.files import export_files
from generator.downloads.workbook import full_results_workbook
from generator.intake.importer import import_workbook, plan_import
from generator.site.context import build_context
from generator.site.pages import render_pages
from tests.bench.synth import write_content
from tests.sitebuild import structured_rectification

SEED = Path(__file__).resolve().parent.parent / "content"
WHEN = epoch_time("1514764800")


def projects_json(folder: Path) -> list[dict[str, object]]:
    """``check --json``'s projects, without the file path (the folders differ)."""
    return checked(read_content(folder, workers=1))


def checked(content: Content) -> list[dict[str, object]]:
    assert not content.errors, [p.format() for p in content.errors]
    return [{k: v for k, v in p.items() if k != "file"}
            for p in json.loads(as_json(content))["projects"]]


def project_pages(folder: Path) -> dict[str, str]:
    return pages_of(read_content(folder, workers=1))


def pages_of(content: Content) -> dict[str, str]:
    return dict(render_pages(build_context(content), which="projects"))


def round_trip(source: Path, tmp_path: Path, content: Content | None = None) -> Path:
    """Export ``source``'s results.xlsx (from ``content`` when already read), import it
    into an empty folder; returns that folder."""
    content = content or read_content(source, workers=1)
    workbook = tmp_path / "results.xlsx"
    workbook.write_bytes(b"".join(full_results_workbook(content.projects, WHEN,
                                                        config=content.config)))
    target = tmp_path / "imported"
    target.mkdir()  # empty: site.yml comes from the 网站设置 sheet
    lines: list[str] = []
    assert import_workbook(workbook, target, out=lines.append), "\n".join(lines)
    return target


def seed_workbook(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    """The seed site's ``data/results.xlsx`` written to ``tmp_path`` and opened, for a test
    to read, or to change, save and import."""
    path = tmp_path / "r.xlsx"
    path.write_bytes(export_files(read_content(SEED, workers=1), WHEN)["data/results.xlsx"])
    return path, openpyxl.load_workbook(path)


def test_sheets_headers_and_numbers(tmp_path: Path) -> None:
    _, book = seed_workbook(tmp_path)
    assert book.sheetnames == ["项目", "指标", "预算明细", "目标", "资金来源", "整改",
                               "年度主要任务", "人员编制", "网站设置"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    indicators = book["指标"]
    header = [c.value for c in indicators[1]]
    assert header[:8] == ["项目编号", "序号", "上级序号", "层级", "指标编号", "指标名称", "满分值",
                          "得分"]
    first = [c for c in indicators[2]]
    assert isinstance(first[6].value, (int, float))  # numbers as numbers
    projects = book["项目"]
    budget = [c for c in projects[1] if c.value == "预算金额（万元）"][0].column
    cells = {projects.cell(r, 1).value: projects.cell(r, budget) for r in range(2, 8)}
    cell = cells["2017/investment-registration"]
    assert cell.value == pytest.approx(20.645) and cell.number_format == "0.000"


def test_seeds_round_trip(tmp_path: Path) -> None:
    target = round_trip(SEED, tmp_path)
    assert projects_json(target) == projects_json(SEED)
    assert project_pages(target) == project_pages(SEED)


def test_synthetic_projects_round_trip(tmp_path: Path) -> None:
    """400 projects of every shape the synthetic content makes (a third of them
    self-evaluations; 1,000 took two minutes of the suite for no shape more): each folder
    is read once."""
    source = tmp_path / "synthetic"
    write_content(source, 400)
    content = read_content(source, workers=1)
    assert sum(p.has_self_evaluation for p in content.projects) > 120
    target = round_trip(source, tmp_path, content)
    imported = read_content(target, workers=1)
    assert checked(imported) == checked(content)
    before, after = pages_of(content), pages_of(imported)
    assert len(before) == 400 and after == before


def test_a_bad_cell_names_sheet_and_cell(tmp_path: Path) -> None:
    path, book = seed_workbook(tmp_path)
    sheet = book["指标"]
    sheet["G17"] = "十分"
    sheet["A5"] = "2017/no-such-project"
    book.save(path)
    found = {(p.code, p.location()) for p in plan_import(path, tmp_path / "c").problems}
    assert ("import-bad-number", "指标!G17") in found
    assert ("import-unknown-project", "指标!A5") in found


def test_sheets_are_optional(tmp_path: Path) -> None:
    path, book = seed_workbook(tmp_path)
    del book["指标"], book["预算明细"]
    book.save(path)
    plan = plan_import(path, tmp_path / "c")
    assert plan.ok, [p.format() for p in plan.problems]
    assert len(plan.files) == 6 and "indicators:" not in plan.files[0].text


def test_checker_problems_point_at_the_indicator_cell(tmp_path: Path) -> None:
    path, book = seed_workbook(tmp_path)
    sheet = book["指标"]
    row = next(r for r in range(2, sheet.max_row)  # a node whose child follows it
               if sheet[f"C{r + 1}"].value == sheet[f"B{r}"].value
               and sheet[f"A{r + 1}"].value == sheet[f"A{r}"].value)
    sheet[f"H{row}"] = 0  # its 得分 no longer the sum of its children's
    book.save(path)
    found = {(p.code, p.location()) for p in plan_import(path, tmp_path / "c").problems}
    assert ("inner-score-mismatch", f"指标!H{row}") in found
    assert {loc for code, loc in found if code == "duplicate-code"} <= {
        f"指标!E{r}" for r in range(2, sheet.max_row + 1)}


def test_rectification_status_and_date_round_trip(tmp_path: Path) -> None:
    source = structured_rectification(tmp_path / "content")
    target = round_trip(source, tmp_path)
    assert projects_json(target) == projects_json(source)
    assert project_pages(target) == project_pages(source)
    imported = (target / "projects" / "2017" / "video-conference.yml").read_text("utf-8")
    assert "status: 整改中" in imported and "date: 2018-06" in imported


def test_bad_cells_of_the_self_evaluation_sheets(tmp_path: Path) -> None:
    path, book = seed_workbook(tmp_path)
    funding = book["资金来源"]
    funding.append(["2017/video-conference", "年度资金总额", "十万", None, None])
    money_row = funding.max_row
    indicators = book["指标"]
    target = [c.value for c in indicators[1]].index("年度指标值") + 1
    cell = indicators.cell(2, target)
    cell.value = "≥1234567890123456"
    rectification = book["整改"]
    rectification.append(["2017/video-conference", 1, "已整改完毕", "差不多", "2018-13"])
    book["目标"].append(["2017/no-such-project", "目标", None])
    book.save(path)
    found = {(p.code, p.location()) for p in plan_import(path, tmp_path / "c").problems}
    row = rectification.max_row
    assert ("import-bad-money", f"资金来源!C{money_row}") in found
    assert ("number-too-long", f"指标!{cell.coordinate}") in found
    assert ("invalid-value", f"整改!D{row}") in found
    assert ("invalid-value", f"整改!E{row}") in found
    assert ("import-unknown-project", f"目标!A{book['目标'].max_row}") in found


def self_evaluation_workbook(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    """results.xlsx of six synthetic projects, two of them self-evaluations (目标, 资金来源:
    rows 2–4 the first project's 年度资金总额 and two sources)."""
    write_content(tmp_path / "synthetic", 6)
    round_trip(tmp_path / "synthetic", tmp_path)
    path = tmp_path / "results.xlsx"
    book = openpyxl.load_workbook(path)
    names = [c.value for c in book["资金来源"]["B"][1:4]]
    assert names == ["年度资金总额", "本年财政拨款", "上年结转资金"]
    return path, book


@pytest.mark.parametrize("cell, value, expected", [
    ("C2", 99, ("funding-sum-mismatch", "资金来源!C2")),  # funding.initial ≠ the sources'
    ("D3", 1, ("funding-sum-mismatch", "资金来源!D3")),  # 全年预算数 ≠ the project's budget
    ("D4", 1, ("funding-sum-mismatch", "资金来源!D3")),  # a sum: its first figure
    ("E4", -1, ("negative-value", "资金来源!E4")),
])
def test_funding_problems_point_at_their_cells(tmp_path: Path, cell: str, value: int,
                                               expected: tuple[str, str]) -> None:
    path, book = self_evaluation_workbook(tmp_path)
    book["资金来源"][cell] = value
    book.save(path)
    found = {(p.code, p.location()) for p in plan_import(path, tmp_path / "c").problems}
    assert expected in found
    assert not any(location.startswith("项目!") for _, location in found)


def test_goals_lines_point_at_their_cells(tmp_path: Path) -> None:
    path, book = self_evaluation_workbook(tmp_path)
    pid = book["目标"]["A2"].value
    plan = plan_import(path, tmp_path / "c")
    planned = next(p for p in plan.files if p.id == pid)
    lines = planned.text.splitlines()
    at = {text.strip(): planned.line_keys[number]
          for number, text in enumerate(lines, 1) if text.startswith("  ")}
    assert at["planned:"] == "目标!B2" and at["achieved:"] == "目标!C2"
    first_achieved = lines[lines.index("  achieved:") + 1]
    assert at[first_achieved.strip()] == "目标!C2"
    initial = next(n for n, text in enumerate(lines, 1) if text.startswith("  initial: "))
    assert planned.line_keys[initial] == "资金来源!C2"


BREAKS = '''\
name: 换行项目
year: 2019
department: 某某局
budget: 10.00
spent: 9.50
other_fields:
  联系人: "张三\\n李四：备用"
  备注: "第一行\\u2028第二行\\u2029第三行"
  说明: "甲\\r\\n\\n　　乙"
indicators:
  - code: A
    name: 管理
    weight: 100
    rule: deduct
    deductions:
      - {reason: "资料不全\\n2 待补充", points: 2}
      - {reason: "超期\\u2028两周", points: 1}
'''


def test_line_breaks_inside_items_round_trip(tmp_path: Path) -> None:
    """An other_fields value or a deduction reason with a line break (a continuation line
    that even looks like a new item) or U+2028/U+2029 imports back as written."""
    source = tmp_path / "source"
    (source / "projects" / "2019").mkdir(parents=True)
    (source / "projects" / "2019" / "breaks.yml").write_text(BREAKS, encoding="utf-8")
    content = read_content(source, workers=1)
    assert not content.errors, [p.format() for p in content.errors]
    target = round_trip(source, tmp_path, content)
    imported = read_content(target, workers=1)
    (project,) = [imported.full(p) for p in imported.projects]
    assert project.other_fields == {"联系人": "张三\n李四：备用",
                                    "备注": "第一行\u2028第二行\u2029第三行",
                                    "说明": "甲\n\n　　乙"}
    reasons = [d.reason for d in project.indicators[0].rule.deductions]
    assert reasons == ["资料不全\n2 待补充", "超期\u2028两周"]
    assert checked(imported) == checked(content)


def test_a_bad_deduction_line_is_named_once(tmp_path: Path) -> None:
    from generator.core.problems import Problems
    from generator.intake.cells import Cell
    from generator.intake.full_workbook import NODE_COLUMNS, _parse

    parse = next(c[2] for c in NODE_COLUMNS if c[0] == "扣分")
    problems = Problems("r.xlsx")
    assert _parse(Cell("两分 未按时验收", "General", "P2"), parse, "扣分", "指标", problems) is None
    assert [(p.code, p.location(), p.message) for p in problems] == [
        ("import-bad-number", "指标!P2", "扣分每行应写作“2 原因”，实际是「两分 未按时验收」")]
