"""Spreadsheet import: round trip with the export, cell-precise messages, never half-written."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator import cli
from generator.content.discovery import read_content
from generator.core.fields import TABLE_FIELDS
from generator.core.fmt import money, two
from generator.downloads.files import export_files
from generator.intake.importer import (
    GRADE_FALLBACK,
    HEADERS,
    IMPORT_CODES,
    RATE_HEADER,
    Cell,
    import_workbook,
    normalize_header,
    parse_list,
    plan_import,
)

SEED = Path(__file__).resolve().parent.parent / "content"
DISCLOSURE = ["项目名称", "预算年度", "项目单位", "主管部门", "预算金额（万元）",
              "实际支出（万元）", "评价分值", "评价结论", "主要绩效", "存在问题", "整改建议",
              "整改情况"]


def workbook(path: Path, rows: list[list[Any]], headers: list[str] | None = None,
             title: str = "信息表") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers if headers is not None else DISCLOSURE)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def good_row(name: str = "甲项目", **changes: Any) -> list[Any]:
    values = {"项目名称": name, "预算年度": 2019, "项目单位": "某某局", "主管部门": None,
              "预算金额（万元）": 20, "实际支出（万元）": 19, "评价分值": 85, "评价结论": "良好",
              "主要绩效": "1、甲\n2、乙", "存在问题": "丙", "整改建议": None, "整改情况": None}
    values.update(changes)
    return [values[h] for h in DISCLOSURE]


def run(path: Path, content: Path, force: bool = False) -> tuple[bool, str]:
    lines: list[str] = []
    ok = import_workbook(path, content, force=force, out=lines.append)
    return ok, "\n".join(lines)


def found(path: Path, content: Path, force: bool = False) -> set[tuple[str, str]]:
    """(code, sheet!cell) of every problem the import of ``path`` would report."""
    return {(p.code, p.location()) for p in plan_import(path, content, force).problems}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def test_round_trip_through_the_export(tmp_path: Path, content: Path) -> None:
    seed = read_content(SEED, workers=1)
    sheet = tmp_path / "results.xlsx"
    sheet.write_bytes(export_files(seed)["data/results.xlsx"])
    ok, output = run(sheet, content)
    assert ok, output
    assert "跳过工作表" not in output  # 项目, 指标 and 预算明细 are all read
    back = read_content(content, workers=1)
    assert not back.errors  # the seeds' own two warnings (duplicate codes) come back too
    assert [p.code for p in back.warnings] == [p.code for p in seed.warnings]
    before = {p.id: p for p in seed.projects}
    after = {p.id: p for p in back.projects}
    assert set(after) == set(before)  # the 项目编号 column keeps every id
    for pid, old in before.items():
        new = after[pid]
        assert two(new.total) == two(old.total)
        assert (new.grade, new.grade_shown) == (old.grade, old.grade_shown)
        assert new.execution_rate == old.execution_rate or \
            two(new.execution_rate) == two(old.execution_rate)
        assert (money(new.budget), money(new.spent)) == (money(old.budget), money(old.spent))
        assert (new.name, new.year, new.department, new.authority) == \
            (old.name, old.year, old.department, old.authority)
        assert (new.evaluator, new.method) == (old.evaluator, old.method)
        assert new.achievements == old.achievements and new.problems_found == old.problems_found
        assert new.recommendations == old.recommendations
        assert new.rectification == old.rectification
        assert len(new.indicators) == len(old.indicators)  # the 指标 sheet
    text = (content / "projects/2017/cooperation-platform.yml").read_text(encoding="utf-8")
    assert "budget: 19.369\n" in text and "spent: 19.000\n" in text and "score: 87.12\n" in text
    video = (content / "projects/2017/video-conference.yml").read_text(encoding="utf-8")
    assert "budget: 10.00\n" in video


def test_indicator_sheet_added_to_the_export_is_skipped(tmp_path: Path, content: Path) -> None:
    """A reader may paste data/indicators.csv into results.xlsx: its 年度 column is not a
    预算年度, so the importer skips that sheet (with a note) and reads the results."""
    files = export_files(read_content(SEED, workers=1))
    book = openpyxl.load_workbook(io.BytesIO(files["data/results.xlsx"]))
    extra = book.create_sheet("指标得分")
    text = files["data/indicators.csv"].decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        extra.append(row)
    assert extra.max_row > 100
    sheet = tmp_path / "results.xlsx"
    book.save(sheet)
    ok, output = run(sheet, content)
    assert ok, output
    assert "跳过工作表「指标得分」" in output
    assert len(read_content(content, workers=1).projects) == 6


def test_template_imports(tmp_path: Path, content: Path) -> None:
    template = tmp_path / "template.xlsx"
    template.write_bytes(export_files(read_content(SEED, workers=1))["data/template.xlsx"])
    ok, output = run(template, content)
    assert ok, output
    (project,) = read_content(content, workers=1).projects
    assert project.id.startswith("2019/p-")
    assert money(project.budget) == "20.645" and money(project.spent) == "20.00"
    assert project.achievements == ["通过项目实施，保障了系统全年正常运行。",
                                    "完成了 12 次系统巡检。"]


def test_every_export_header_is_understood() -> None:
    for spec in TABLE_FIELDS:
        name = normalize_header(spec.header)
        assert name in HEADERS or name in (RATE_HEADER, GRADE_FALLBACK), spec.header


def test_tolerant_headers_and_values(tmp_path: Path, content: Path) -> None:
    headers = ["整改情况", " 项目 名称 ", "预算年度", "项目单位", "预算金额(万元)",
               "实际支出（万元）",
               "评价分值（分）", "预算执行率（%）", "主要绩效", "存在问题", "整改建议", "主管部门"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "信息表"
    sheet.append(["某某局2019年度财政支出项目绩效评价结果"])  # a title row above the header
    sheet.append(headers)
    sheet.append(["(1)已完善\n(2)已加强", "乙项目", "２０１９年", "某某局", "19.369万元", "19.000",
                  "87.12分", "98.09%", "①第一\n②第二", "1. 问题一\n2. 问题二",
                  "（1）建议一\n续写\n（2）建议二",
                  "某某委"])
    sheet.append([None, "丙项目", 2019, "某某局", 20.5, 20, 90, 1, "一、甲\n二、乙", None, None,
                  None])
    sheet["E4"].number_format = "0.000"
    sheet["H4"].number_format = "0.00%"
    book.save(tmp_path / "t.xlsx")
    ok, output = run(tmp_path / "t.xlsx", content)
    assert ok, output
    assert "信息表!H4：警告：" in output  # 100% vs 20/20.5
    assert found(tmp_path / "t.xlsx", content, force=True) == {
        ("import-rate-mismatch", "信息表!H4")}
    projects = {p.name: p for p in read_content(content, workers=1).projects}
    second = projects["乙项目"]
    assert (second.year, money(second.budget), money(second.spent)) == (2019, "19.369", "19.000")
    assert two(second.total) == "87.12" and second.authority == "某某委"
    assert second.rectification == ["已完善", "已加强"]
    assert second.achievements == ["第一", "第二"]
    assert second.problems_found == ["问题一", "问题二"]
    assert second.recommendations == ["建议一续写", "建议二"]
    third = projects["丙项目"]
    assert money(third.budget) == "20.500" and third.authority == "某某局"
    assert third.achievements == ["甲", "乙"]


def test_numbering_is_removed() -> None:
    def items(text: str) -> list[str]:
        return parse_list(Cell(text, "General", "I2"))

    assert items("1、甲；\n2、乙。") == ["甲；", "乙。"]
    assert items("1.甲\n2.乙") == ["甲", "乙"]
    assert items("１．甲\n２．乙") == ["甲", "乙"]
    assert items("（1）甲\n（2）乙") == ["甲", "乙"]
    assert items("①甲\n\n②乙") == ["甲", "乙"]
    assert items("1.5万元的项目") == ["1.5万元的项目"]  # a decimal is not a number marker
    assert items("甲\n乙") == ["甲", "乙"]


def test_missing_columns(tmp_path: Path, content: Path) -> None:
    headers = [h for h in DISCLOSURE if h not in ("预算金额（万元）", "评价分值")]
    path = workbook(tmp_path / "m.xlsx", [["甲项目", 2019, "某某局"]], headers)
    assert found(path, content) == {("import-missing-column", "信息表!第1行")}
    ok, output = run(path, content)
    assert not ok and "预算金额（万元）" in output and "评价分值" in output
    assert snapshot(content) == {}


def test_no_header_at_all(tmp_path: Path, content: Path) -> None:
    path = workbook(tmp_path / "n.xlsx", [["甲", 1]], ["名字", "数"], title="Sheet1")
    assert found(path, content) == {("import-no-header", "Sheet1!第1行")}
    ok, output = run(path, content)
    assert not ok and "Sheet1!第1行：找不到表头" in output
    assert snapshot(content) == {}


def test_text_in_number_cells(tmp_path: Path, content: Path) -> None:
    rows = [good_row("甲"), good_row("乙", **{"预算金额（万元）": "二十万"}),
            good_row("丙", **{"评价分值": "良好"}), good_row("丁", **{"预算年度": "明年"}),
            good_row("戊", **{"实际支出（万元）": "190000元"})]
    path = workbook(tmp_path / "t.xlsx", rows)
    assert found(path, content) == {  # the good row 2 has none
        ("import-bad-money", "信息表!E3"), ("import-bad-score", "信息表!G4"),
        ("import-bad-year", "信息表!B5"), ("import-bad-money", "信息表!F6")}
    ok, output = run(path, content)
    assert not ok
    assert "信息表!E3：预算金额应为金额（万元），实际是文字「二十万」" in output  # docs' example
    assert "未写入任何文件" in output
    assert snapshot(content) == {}


def test_empty_rows_are_skipped(tmp_path: Path, content: Path) -> None:
    rows = [good_row("甲"), [None] * 12, ["  ", None, "", None], good_row("乙"), [None] * 12]
    ok, output = run(workbook(tmp_path / "e.xlsx", rows), content)
    assert ok, output
    assert len(list((content / "projects" / "2019").glob("*.yml"))) == 2


def test_formulas_are_refused(tmp_path: Path, content: Path) -> None:
    rows = [good_row("甲"), good_row("乙", **{"实际支出（万元）": "=E3*0.9"}),
            good_row("丙", **{"评价分值": "=SUM(1,2)"})]
    path = workbook(tmp_path / "f.xlsx", rows)
    assert found(path, content) == {("import-formula", "信息表!F3"),
                                    ("import-formula", "信息表!G4")}
    ok, output = run(path, content)
    assert not ok and "信息表!F3：实际支出是公式「=E3*0.9」" in output
    assert snapshot(content) == {}


def test_missing_required_value(tmp_path: Path, content: Path) -> None:
    rows = [good_row("甲", **{"项目单位": None}), good_row(None)]
    assert found(workbook(tmp_path / "r.xlsx", rows), content) == {
        ("import-missing-value", "信息表!C2"), ("import-missing-value", "信息表!A3")}


def test_checker_problems_point_at_cells(tmp_path: Path, content: Path) -> None:
    rows = [good_row("甲", **{"评价结论": "优"}), good_row("乙", **{"实际支出（万元）": 25}),
            good_row("丙", **{"评价分值": 101})]
    path = workbook(tmp_path / "c.xlsx", rows)
    # the checker's own codes, pointed at the cell of the key on the problem's line
    assert found(path, content) == {("grade-mismatch", "信息表!H2"),
                                    ("spent-over-budget", "信息表!F3"),
                                    ("import-bad-score", "信息表!G4")}
    ok, output = run(path, content)
    assert not ok
    assert "信息表!H2：评价结论「优」与总分 85.00 对应的等级「良」不符" in output
    assert "信息表!F3：警告：实际支出 25.00 万元超过预算金额" in output
    assert snapshot(content) == {}


def test_duplicate_rows(tmp_path: Path, content: Path) -> None:
    path = workbook(tmp_path / "d.xlsx", [good_row("甲"), good_row("甲")])
    assert found(path, content) == {("import-duplicate-row", "信息表!A3")}
    ok, output = run(path, content)
    assert not ok and "信息表!A3：与 信息表!第2行 生成同一个文件" in output
    assert snapshot(content) == {}


def test_bad_id_column(tmp_path: Path, content: Path) -> None:
    path = workbook(tmp_path / "i.xlsx",
                    [good_row("甲") + ["视频/会议"], good_row("乙") + ["../x"]],
                    DISCLOSURE + ["项目编号"])
    assert found(path, content) == {("import-bad-id", "信息表!M2"),
                                    ("import-bad-id", "信息表!M3")}


def test_thousand_rows(tmp_path: Path, content: Path) -> None:
    rows = [good_row(f"项目{i}") for i in range(1000)]
    rows[498][4] = "n/a"  # row 500, column E
    rows[999][6] = 120  # row 1001, column G
    ok, output = run(workbook(tmp_path / "big.xlsx", rows), content)
    assert not ok
    errors = [line for line in output.splitlines() if line.startswith("信息表!")]
    assert [e.split("：")[0] for e in errors] == ["信息表!E500", "信息表!G1001"]
    assert snapshot(content) == {}
    rows[498][4], rows[999][6] = 20, 80
    ok, output = run(workbook(tmp_path / "big.xlsx", rows), content)
    assert ok, output[:500]
    assert len(list((content / "projects" / "2019").glob("p-*.yml"))) == 1000


def test_second_import_needs_force(tmp_path: Path, content: Path) -> None:
    path = workbook(tmp_path / "s.xlsx", [good_row("甲"), good_row("乙")])
    ok, output = run(path, content)
    assert ok, output
    before = snapshot(content)
    assert len(before) == 2
    path = workbook(tmp_path / "s.xlsx", [good_row("甲", **{"评价分值": 91, "评价结论": "优"}),
                                          good_row("乙"), good_row("丙")])
    # 乙's row holds the values of its file: not an existing file to overwrite, never written
    assert found(path, content) == {("import-file-exists", "信息表!第2行")}
    ok, output = run(path, content)
    assert not ok and "--force" in output
    assert snapshot(content) == before  # not even the new 丙 file
    assert found(path, content, force=True) == set()
    ok, output = run(path, content, force=True)
    assert ok and "已写入 2 个文件（覆盖了 1 个已有文件）" in output
    assert "1 个已有文件内容与表格相同，没有改写" in output
    after = snapshot(content)
    assert len(after) == 3
    projects = {p.name: p for p in read_content(content, workers=1).projects}
    assert two(projects["甲"].total) == "91.00"


def test_site_settings_of_the_target_are_used(tmp_path: Path, content: Path) -> None:
    (content / "site.yml").write_text(
        "grades:\n  - {label: 好, min: 80}\n  - {label: 差, min: 0}\n", encoding="utf-8")
    ok, output = run(workbook(tmp_path / "g.xlsx", [good_row("甲", **{"评价结论": "好"})]), content)
    assert ok, output
    rows = [good_row("乙", **{"评价结论": "良好"})]
    assert found(workbook(tmp_path / "h.xlsx", rows), content) == {
        ("grade-mismatch", "信息表!H2")}


def test_yaml_quoting(tmp_path: Path, content: Path) -> None:
    rows = [good_row("2019: yes", **{"项目单位": "true", "主要绩效": "- 不是列表\n#不是注释",
                                      "存在问题": "'引号' \"双引号\""})]
    ok, output = run(workbook(tmp_path / "q.xlsx", rows), content)
    assert ok, output
    (project,) = read_content(content, workers=1).projects
    assert project.name == "2019: yes" and project.department == "true"
    assert project.achievements == ["- 不是列表", "#不是注释"]
    assert project.problems_found == ["'引号' \"双引号\""]


def test_cli(tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "x.xlsx", [good_row("甲")])
    assert cli.main(["import", str(path), "--content", str(content)]) == 0
    assert "已写入 1 个文件" in capsys.readouterr().out
    assert cli.main(["import", str(path), "--content", str(content)]) == 0  # nothing to do
    assert "1 个已有文件内容与表格相同，没有改写" in capsys.readouterr().out
    path = workbook(tmp_path / "x.xlsx", [good_row("甲", **{"整改情况": "已整改"})])
    assert cli.main(["import", str(path), "--content", str(content)]) == 1
    assert cli.main(["import", str(path), "--content", str(content), "--force"]) == 0
    assert cli.main(["import", str(tmp_path / "missing.xlsx")]) == 2
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("not a workbook", encoding="utf-8")
    assert cli.main(["import", str(bogus), "--content", str(content)]) == 1
    assert "另存为" in capsys.readouterr().out


def test_plan_writes_nothing(tmp_path: Path, content: Path) -> None:
    plan = plan_import(workbook(tmp_path / "p.xlsx", [good_row("甲")]), content)
    assert plan.ok and len(plan.files) == 1 and snapshot(content) == {}
    assert plan.files[0].text.startswith("# 由 python -m generator import")


def test_text_starting_with_equals_stays_text(tmp_path: Path, content: Path) -> None:
    """The export writes “=…” texts as text cells, and the import reads them back as text."""
    source = tmp_path / "source"
    (source / "projects").mkdir(parents=True)
    (source / "projects" / "eq.yml").write_text(
        "name: '=1+1 项目'\nyear: 2019\ndepartment: 单位\nbudget: 1.00\nscore: 80\n"
        "problems: ['=HYPERLINK(\"x\")', 乙]\n", encoding="utf-8")
    sheet = tmp_path / "eq.xlsx"
    sheet.write_bytes(export_files(read_content(source, workers=1))["data/results.xlsx"])
    ok, output = run(sheet, content)
    assert ok, output
    (project,) = read_content(content, workers=1).projects
    assert project.name == "=1+1 项目" and project.problems_found == ['=HYPERLINK("x")', "乙"]


def test_header_problems(tmp_path: Path, content: Path) -> None:
    headers = DISCLOSURE + ["项目名称", "备注", "预算执行率"]
    path = workbook(tmp_path / "h.xlsx", [good_row("甲") + ["甲", "x", "很高"]], headers)
    assert found(path, content) == {("import-duplicate-column", "信息表!M1"),
                                    ("import-unknown-column", "信息表!N1")}
    headers = DISCLOSURE + ["预算执行率"]
    path = workbook(tmp_path / "r.xlsx", [good_row("甲") + ["很高"]], headers)
    plan = plan_import(path, content)
    assert plan.ok and {(p.code, p.severity, p.location()) for p in plan.problems} == {
        ("import-bad-rate", "warning", "信息表!M2")}


def test_file_problems(tmp_path: Path, content: Path) -> None:
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("not a workbook", encoding="utf-8")
    (problem,) = plan_import(bogus, content).problems
    assert problem.code == "import-unreadable" and problem.where.sheet is None
    assert problem.location().endswith("bogus.xlsx")
    assert {p.code for p in plan_import(workbook(tmp_path / "e.xlsx", []), content).problems} \
        == {"import-no-rows"}


def test_every_import_code_is_listed() -> None:
    """Each ``import-…`` code the importer uses has a meaning in IMPORT_CODES, and each
    listed code is used."""
    folder = Path(__file__).resolve().parent.parent / "generator" / "intake"
    literal = re.compile(r'"(import-[a-z]+(?:-[a-z]+)*)"')
    used = {code for source in folder.rglob("*.py") if source.name != "codes.py"
            for code in literal.findall(source.read_text(encoding="utf-8"))}
    assert used == set(IMPORT_CODES)
    assert all(re.fullmatch(r"import(-[a-z]+)+", code) for code in IMPORT_CODES)


def test_dry_run_lists_files_and_changes_and_writes_nothing(tmp_path: Path,
                                                            content: Path) -> None:
    path = workbook(tmp_path / "d.xlsx", [good_row("甲"), good_row("乙")])
    ok, output = run(path, content)
    assert ok, output
    before = snapshot(content)
    changed = workbook(tmp_path / "d2.xlsx", [
        good_row("甲", **{"评价分值": 91, "评价结论": "优", "存在问题": "新问题"}),
        good_row("乙"), good_row("丙")])
    lines: list[str] = []
    assert import_workbook(changed, content, out=lines.append, dry_run=True)
    assert snapshot(content) == before
    text = "\n".join(lines)
    assert re.search(r"替换 .*p-\w+\.yml（甲）：评价分值 85 → 91；评价结论 良好 → 优；"
                     r"文字改动：存在问题", text), text
    assert "（乙）" not in text  # its file holds its values: not replaced, counted below
    assert re.search(r"新建 .*（丙：评价分值 85.00，评价结论 良好，预算 20.00 万元）", text), text
    assert "将新建 1 个、替换 1 个文件；1 个已有文件内容相同、不改写；未写入任何文件" in text
    bad = workbook(tmp_path / "bad.xlsx", [good_row("丁", **{"评价分值": "很好"})])
    lines = []
    assert not import_workbook(bad, content, out=lines.append, dry_run=True)
    assert any("import-bad-score" in p.code for p in plan_import(bad, content).problems)
    assert snapshot(content) == before


def test_dry_run_cli(tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "x.xlsx", [good_row("甲")])
    assert cli.main(["import", str(path), "--content", str(content), "--dry-run"]) == 0
    assert "新建" in capsys.readouterr().out and snapshot(content) == {}
