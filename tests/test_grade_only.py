"""Results published with a grade only (SPEC §3): a 重点评价 notice lists 项目名称, 资金量 and
评价等级 and nothing else. Such a project checks clean, is shown as published (its grade, no
invented score), and every score figure (averages, distributions, ranks) leaves it out and
says so."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from generator.content.discovery import read_content
from generator.intake.importer import import_workbook, plan_import
from tests.sitebuild import site_of

GRADED = """\
name: 永嘉县农村饮用水提升工程
year: 2023
department: 永嘉县水利局
method: 第三方评价
budget: 1200.00
grade: 优
"""

SCORED = """\
name: 永嘉县乡村道路养护
year: 2023
department: 永嘉县交通运输局
budget: 300.00
score: 81.50
"""


COMPUTED = """\
name: 永嘉县河道保洁
year: 2023
department: 永嘉县水利局
method: 单位自评
budget: 50.00
indicators:
  - name: 产出指标
    weight: 100
    children:
      - {name: 保洁河道长度, weight: 100, target: "≥120", actual: 108, unit: 公里, score: 90,
         note: 汛期停工}
"""


def _content(root: Path) -> Path:
    for name, body in (("graded", GRADED), ("scored", SCORED), ("computed", COMPUTED)):
        path = root / "projects" / "2023" / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


def test_a_grade_alone_checks_clean_and_has_no_score(tmp_path: Path) -> None:
    content = read_content(_content(tmp_path), workers=1)
    assert [p.format() for p in content.problems] == []
    assert len(content.projects) == 3
    graded = next(p for p in content.projects if p.name.endswith("提升工程"))
    assert (graded.total, graded.grade, graded.grade_shown, graded.scored) == (
        None, "优", "优", False)


def test_neither_score_nor_grade_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "projects" / "2023" / "bare.yml"
    path.parent.mkdir(parents=True)
    path.write_text(GRADED.replace("grade: 优\n", ""), encoding="utf-8")
    assert [p.code for p in read_content(tmp_path, workers=1).problems] == ["missing-score"]


@pytest.fixture(scope="module")
def site() -> Path:
    return site_of("grade-only", {f"2023/{name}": body for name, body in (
        ("graded", GRADED), ("scored", SCORED), ("computed", COMPUTED))})


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def _facts(page: BeautifulSoup) -> dict[str, str]:
    table = page.select_one("table.pe-facts")
    assert table is not None
    cells = [c.get_text(" ", strip=True) for c in table.select("th, td")]
    return dict(zip(cells[::2], cells[1::2], strict=False))


def test_the_project_page_shows_the_grade_as_published(site: Path) -> None:
    page = next(p for p in (site / "projects" / "2023").glob("*/index.html")
                if "提升工程" in p.read_text(encoding="utf-8"))
    facts = _facts(_soup(site, str(page.relative_to(site))))
    assert facts["评价分值"] == "未公布（只公布了评价等级）"
    assert facts["评价等级"].startswith("优")


def test_averages_leave_the_grade_only_result_out_and_say_so(site: Path) -> None:
    for page in ("index.html", "years/2023/index.html"):
        facts = _facts(_soup(site, page))
        assert facts["平均评价分值"] == (
            "85.75 分（另有 1 个项目只公布了评价等级，没有分值，不计入平均）"), page
    assert Decimal("85.75") == (Decimal("81.50") + 90) / 2


def test_a_total_the_form_did_not_print_is_said_to_be_computed(site: Path) -> None:
    pages = {p.read_text(encoding="utf-8").count("原表未填总分"): p
             for p in (site / "projects" / "2023").glob("*/index.html")}
    page = pages[1]
    facts = _facts(_soup(site, str(page.relative_to(site))))
    assert "河道保洁" in page.read_text(encoding="utf-8")
    assert facts["评价分值"] == "90.00 分（由各指标得分相加，原表未填总分）"
    assert sorted(pages) == [0, 1]


def test_a_notice_of_grades_imports_and_publishes(tmp_path: Path) -> None:
    """A 重点评价 result notice as counties publish it: a title with the year, then 序号,
    项目名称, 主管部门, 资金量（万元）, 评价等级 — no 预算年度, 项目单位 or 评价分值 column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["永嘉县2023年度财政重点绩效评价结果"])
    sheet.append(["序号", "项目名称", "主管部门", "资金量（万元）", "评价等级"])
    sheet.append([1, "农村饮用水提升工程", "永嘉县水利局", 1200, "优"])
    sheet.append([2, "乡村道路养护补助", "永嘉县交通运输局", "86.5", "良"])
    path = tmp_path / "结果公告.xlsx"
    book.save(path)
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    projects = sorted(read_content(content, workers=1).projects, key=lambda p: p.order or 0)
    assert [(p.name, p.year, p.authority, p.department, p.budget, p.total, p.grade_shown)
            for p in projects] == [
        ("农村饮用水提升工程", 2023, "永嘉县水利局", "永嘉县水利局", Decimal("1200"), None, "优"),
        ("乡村道路养护补助", 2023, "永嘉县交通运输局", "永嘉县交通运输局", Decimal("86.5"), None,
         "良")]


def test_a_notice_without_grades_or_scores_says_which_column_is_missing(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "项目名称", "主管部门", "资金量（万元）"])
    sheet.append([1, "农村饮用水提升工程", "永嘉县水利局", 1200])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    problems = plan_import(path, tmp_path / "content").problems
    assert [(p.code, p.where.cell) for p in problems.errors] == [("import-missing-column", "第1行")]
    assert "预算年度、评价分值" in problems.errors[0].message


def test_a_notice_in_yi_yuan_with_a_total_row(tmp_path: Path) -> None:
    """The unit in the title (“单位：亿元”) converts exactly to 万元; a 总计 row is no project."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年新增地方政府专项债券项目绩效评价表（单位：亿元）"])
    sheet.append(["序号", "项目名称", "项目单位", "债券规模", "自评分数", "自评等级"])
    sheet.append([1, "湖头陈社区安置房项目", "湘湖管委会", 2.62, 97, None])
    sheet.append(["总计", None, None, 2.62, None, None])
    path = tmp_path / "自评.xlsx"
    book.save(path)
    plan = plan_import(path, tmp_path / "content")
    assert plan.ok, [p.format() for p in plan.problems]
    assert [(p.row.values["name"], p.row.values["budget"], p.row.values["score"])
            for p in plan.files] == [("湖头陈社区安置房项目", Decimal("26200.00"), Decimal("97"))]
    assert "工作表「Sheet」的预算金额列以亿元为单位，按万元精确换算后导入" in plan.notes
