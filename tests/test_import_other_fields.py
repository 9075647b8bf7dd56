"""What a 自评表 prints and the format has no key for (项目负责人及电话, 财务负责人 …) is kept
as ``other_fields`` (printed label -> printed text), not dropped: the import writes it, the
loader checks it, the project page shows it (原表其他栏目) and the downloads carry it, and
``results.xlsx`` brings it back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.content.discovery import read_content
from generator.core.fields import project_json
from generator.downloads.files import results_csv
from generator.intake.importer import import_workbook, plan_import
from tests.sitebuild import site_of
from tests.test_full_workbook import round_trip

REAL = Path(__file__).resolve().parent / "data" / "real"
HEXICUN = REAL / "anhui-xiaoxian-hexicun-2023.xlsx"  # 萧县张庄寨镇, 项目负责人及电话 in F3 / H3

PROJECT = """\
name: 河西村特色种养补贴到户项目
year: 2023
department: 张庄寨镇人民政府
authority: 县农业农村局
method: 单位自评
budget: 9.48
spent: 9.48
score: 100
other_fields:
  项目负责人及电话: 李宁0557-5788003
  财务负责人: <b>唐勇</b>
"""


def test_a_real_form_keeps_its_project_leader_and_telephone(tmp_path: Path) -> None:
    content = tmp_path / "content"
    plan = plan_import(HEXICUN, content)
    # the label F3 and its text H3 are kept; the 其中 row's 分值 10 / 得分 10 (G7, I7) repeat
    # the 年度资金总额 row's: every printed text is accounted for
    assert not [p for p in plan.problems if p.code == "import-form-unread"]
    lines: list[str] = []
    assert import_workbook(HEXICUN, content, out=lines.append), lines
    (written,) = (content / "projects" / "2023").glob("*.yml")
    text = written.read_text(encoding="utf-8")
    assert "other_fields:\n  项目负责人及电话: 李宁0557-5788003\n" in text
    assert yaml.safe_load(text)["other_fields"] == {"项目负责人及电话": "李宁0557-5788003"}
    (project,) = read_content(content, workers=1).projects
    assert project.other_fields == {"项目负责人及电话": "李宁0557-5788003"}


def _write(root: Path, body: str) -> Path:
    path = root / "projects" / "2023" / "p.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return root


@pytest.mark.parametrize(("value", "code"), [
    ("李宁0557-5788003", "wrong-type"),
    ("\n  - 李宁", "wrong-type"),
    ("\n  项目负责人:", "wrong-type"),
    ("\n  项目负责人: ' '", "empty-value"),
    ("\n  项目负责人: {姓名: 李宁}", "wrong-type"),
])
def test_the_loader_refuses_what_is_not_label_and_text(tmp_path: Path, value: str,
                                                       code: str) -> None:
    body = PROJECT.split("other_fields:")[0] + f"other_fields: {value}\n"
    problems = read_content(_write(tmp_path, body), workers=1).problems
    # at the value: line 9 (other_fields: …) or the mapping below it, line 10
    assert [(p.code, p.line) for p in problems] == [(code, 9 if value[0] != "\n" else 10)]
    assert "other_fields" in problems[0].message


def test_numbers_are_kept_as_written(tmp_path: Path) -> None:
    body = PROJECT.split("other_fields:")[0] + "other_fields:\n  联系电话: 05575788003\n"
    (project,) = read_content(_write(tmp_path, body), workers=1).projects
    assert project.other_fields == {"联系电话": "05575788003"}


def test_the_downloads_carry_them_and_results_xlsx_brings_them_back(tmp_path: Path) -> None:
    source = _write(tmp_path / "source", PROJECT)
    content = read_content(source, workers=1)
    (project,) = content.projects
    assert project_json(project)["other_fields"] == {"项目负责人及电话": "李宁0557-5788003",
                                                     "财务负责人": "<b>唐勇</b>"}
    rows = list(csv.DictReader(io.StringIO(results_csv([project.head()]).decode("utf-8-sig"))))
    assert rows[0]["原表其他栏目"] == "项目负责人及电话：李宁0557-5788003\n财务负责人：<b>唐勇</b>"
    imported = round_trip(source, tmp_path, content)
    (again,) = read_content(imported, workers=1).projects
    assert again.other_fields == project.other_fields
    assert list(again.other_fields) == ["项目负责人及电话", "财务负责人"]  # the form's order


def test_a_bad_line_in_the_column_names_its_cell(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "信息表"
    sheet.append(["项目名称", "预算年度", "项目单位", "预算金额", "评价分值", "原表其他栏目"])
    sheet.append(["甲项目", 2023, "某某局", 10, 90, "项目负责人：李宁\n只有文字没有栏目名"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    problems = plan_import(path, tmp_path / "c").problems
    assert [(p.code, p.where.cell) for p in problems.errors] == [("import-bad-fields", "F2")]


@pytest.fixture(scope="module")
def site() -> Path:
    return site_of("other-fields", {"2023/p": PROJECT})


def test_the_project_page_lists_them_escaped(site: Path) -> None:
    (page,) = (site / "projects" / "2023").glob("*/index.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one(".pe-other-fields")
    assert block is not None
    assert block.select_one(".pe-other-fields__title").get_text() == "原表其他栏目"
    pairs = [(dt.get_text(), dd.get_text()) for dt, dd in zip(
        block.select("dt"), block.select("dd"), strict=True)]
    assert pairs == [("项目负责人及电话", "李宁0557-5788003"), ("财务负责人", "<b>唐勇</b>")]
    assert block.select("b") == []  # the text is shown, never taken as HTML


def test_a_second_unit_label_and_a_nature_that_is_no_comparator_are_kept(
        tmp_path: Path) -> None:
    """永德县's form with 项目单位 printed beside 实施单位 and 定性 in one 指标性质 cell (the
    others are comparators, ≧ / ═): both kept as printed, nothing warned."""
    from tests.selfeval_forms import form_workbook, yongde_sheet

    sheet = yongde_sheet()
    sheet.cells[(4, 11)] = "项目单位"
    sheet.cells[(4, 12)] = "永德县明朗中学食堂"
    row = next(r for (r, c), v in sheet.cells.items() if v == "减轻贫困学生家庭经济负担")
    sheet.cells[(row, 4)] = "定性"
    path = tmp_path / "kept.xlsx"
    path.write_bytes(form_workbook([sheet]))
    plan = plan_import(path, tmp_path / "c")
    assert plan.ok, [p.format() for p in plan.problems]
    assert not [p for p in plan.problems if p.code == "import-form-unread"]
    (planned,) = plan.files
    assert planned.row.values["department"] == "永德县明朗中学"  # the first 实施单位 stays
    assert planned.row.values["other_fields"] == {
        "指标性质（减轻贫困学生家庭经济负担）": "定性", "项目单位": "永德县明朗中学食堂"}


def test_one_nature_for_every_indicator_is_kept_once(tmp_path: Path) -> None:
    from tests.selfeval_forms import form_workbook, yongde_sheet

    sheet = yongde_sheet()
    for (r, c), value in list(sheet.cells.items()):
        if c == 4 and r > 13 and value in ("≧", "═"):
            sheet.cells[(r, c)] = "定量"
    path = tmp_path / "quantitative.xlsx"
    path.write_bytes(form_workbook([sheet]))
    plan = plan_import(path, tmp_path / "c")
    assert plan.ok, [p.format() for p in plan.problems]
    assert [f.row.values["other_fields"] for f in plan.files] == [{"指标性质": "定量"}]


def test_a_figure_on_a_sources_row_that_is_no_repeat_is_named(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(HEXICUN)
    book.active["G7"] = 5  # the 其中 row's 分值, no longer the total row's 10
    path = tmp_path / "changed.xlsx"
    book.save(path)
    plan = plan_import(path, tmp_path / "c")
    assert [(p.code, p.where.cell) for p in plan.problems if p.code == "import-form-unread"] \
        == [("import-form-unread", "G7")]
