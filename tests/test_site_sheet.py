"""data/results.xlsx carries site.yml on its 网站设置 sheet: the build's workbook imported
into an empty folder gives back every file of the content (parsed YAML equal), site.yml
included; a wrong settings row is reported at its cell; an existing site.yml is kept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.base.reproducible import epoch_time
from generator.content.discovery import read_content
from generator.downloads.files import export_files
from generator.intake.importer import import_workbook, plan_import

SEED = Path(__file__).resolve().parent.parent / "content"
WHEN = epoch_time("1514764800")


def exported(source: Path, path: Path) -> Path:
    """The build's data/results.xlsx of ``source``, written to ``path``."""
    content = read_content(source, workers=1)
    assert not content.errors, [p.format() for p in content.errors]
    path.write_bytes(export_files(content, WHEN)["data/results.xlsx"])
    return path


def files(folder: Path) -> dict[str, object]:
    """Every YAML file of a content folder, parsed, by its path in the folder."""
    return {str(p.relative_to(folder)): yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*.yml"))}


def imported(workbook: Path, target: Path) -> list[str]:
    lines: list[str] = []
    assert import_workbook(workbook, target, out=lines.append), "\n".join(lines)
    return lines


def test_the_seed_site_comes_back_file_for_file(tmp_path: Path) -> None:
    workbook = exported(SEED, tmp_path / "results.xlsx")
    target = tmp_path / "imported"
    target.mkdir()
    lines = imported(workbook, target)
    assert f"  {target / 'site.yml'}" in lines
    before, after = files(SEED), files(target)
    assert sorted(after) == sorted(before) and "site.yml" in after
    for name, data in before.items():
        assert after[name] == data, name
    assert read_content(target, workers=1).config == read_content(SEED, workers=1).config


def test_the_sheet_holds_every_setting_as_written(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(exported(SEED, tmp_path / "r.xlsx"))
    assert book.sheetnames[-1] == "网站设置"
    sheet = book["网站设置"]
    assert sheet.freeze_panes == "A2"
    assert [tuple(r) for r in sheet.iter_rows(values_only=True)] == [
        ("设置", "名称", "值", "别名"),
        ("网站标题", None, "财政支出项目绩效评价结果公开", None),
        ("发布单位", None, None, None),
        ("数据许可", None, "署名 4.0 国际（CC BY 4.0）", None),
        ("发布地址", None, None, None),
        ("评价等级", "优", 90, None),
        ("评价等级", "良", 80, "良好"),
        ("评价等级", "中", 60, None),
        ("评价等级", "差", 0, None),
        ("完成程度", "基本达成", 1.0, None),
        ("完成程度", "部分实现", 0.7, None),
        ("完成程度", "较低", 0.3, None),
        ("完成程度", "未实现", 0, None),
        ("部门网址名", "上海市人民政府合作交流办公室", "hezuojiaoliu", None),
        ("部门网址名", "上海市工商业联合会", "gongshanglian", None),
    ]
    assert sheet["C10"].number_format == "0.0" and sheet["C6"].number_format == "0"
    assert sheet["C10"].data_type == "n" and sheet["C2"].data_type == "s"


HOSTILE = """\
title: '=HYPERLINK("http://example.invalid/","点此")'
publisher: '+cmd|'' /C calc''!A0'
license: '@SUM(1+1)<b>粗</b>'
base_url: https://example.gov.cn/jx/
grades:
  - {label: 优, min: 90, aliases: ['-A']}
  - {label: 良, min: 80.5, aliases: [良好, '=B']}
  - {label: 差, min: 0}
levels: {全部: 1, 一半: 0.50, '=无': 0}
departments: {'=某局': mou-ju}
"""


def test_text_that_a_spreadsheet_would_run_stays_text(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "projects").mkdir(parents=True)
    for project in (SEED / "projects" / "2017").glob("investment-*.yml"):
        (source / "projects" / project.name).write_bytes(project.read_bytes())
    (source / "site.yml").write_text(HOSTILE, encoding="utf-8")
    workbook = exported(source, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(workbook)["网站设置"]
    cells = {(r[0].value, r[1].value): r[2] for r in sheet.iter_rows(min_row=2)}
    title = cells[("网站标题", None)]
    assert title.value == '=HYPERLINK("http://example.invalid/","点此")'
    assert title.data_type == "s"  # an inline string, never a formula
    assert cells[("发布单位", None)].value == "+cmd|' /C calc'!A0"
    assert cells[("部门网址名", "=某局")].value == "mou-ju"
    target = tmp_path / "imported"
    target.mkdir()
    imported(workbook, target)
    assert files(target)["site.yml"] == yaml.safe_load(HOSTILE)
    config = read_content(target, workers=1).config
    assert config.grades[1].min == Decimal("80.5") and config.levels["一半"] == Decimal("0.50")


def test_a_site_without_site_yml_gives_its_defaults_back(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "projects").mkdir(parents=True)
    for project in (SEED / "projects" / "2017").glob("investment-*.yml"):
        (source / "projects" / project.name).write_bytes(project.read_bytes())
    workbook = exported(source, tmp_path / "r.xlsx")
    target = tmp_path / "imported"
    target.mkdir()
    imported(workbook, target)
    assert read_content(target, workers=1).config == read_content(source, workers=1).config


@pytest.mark.parametrize(("cell", "value", "code", "where"), [
    ("A3", "网站名称", "import-site-setting", "网站设置!A3"),  # an unknown setting
    ("A6", None, "import-site-setting", "网站设置!A6"),  # a band without its setting
    ("A4", "网站标题", "import-site-setting", "网站设置!A4"),  # title twice
    ("B2", "甲", "import-site-setting", "网站设置!B2"),  # a name on a single setting
    ("D11", "全部", "import-site-setting", "网站设置!D11"),  # an alias on a level
    ("C7", "八十", "import-bad-number", "网站设置!C7"),
    ("B8", None, "import-missing-value", "网站设置!B8"),
    ("C12", 1.5, "invalid-value", "网站设置!C12"),  # the checker's, at the cell
    ("C14", "Bad Slug", "invalid-value", "网站设置!C14"),
    ("C9", 95, "wrong-order", "网站设置!B6"),  # about the bands: at the first band
    ("C2", None, "empty-value", "网站设置!C2"),
    ("C3", "=A1", "import-formula", "网站设置!C3"),
    ("B1", "项目", "import-site-setting", "网站设置!A1"),  # the header lacks 名称
])
def test_a_wrong_settings_cell_is_named(tmp_path: Path, cell: str, value: object, code: str,
                                        where: str) -> None:
    workbook = exported(SEED, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["网站设置"][cell] = value
    book.save(workbook)
    target = tmp_path / "imported"
    target.mkdir()
    plan = plan_import(workbook, target)
    found = {(p.code, p.location()) for p in plan.problems.errors}
    assert (code, where) in found, found
    lines: list[str] = []
    assert not import_workbook(workbook, target, out=lines.append)
    assert list(target.iterdir()) == []  # nothing written


def test_an_existing_site_yml_is_kept_and_a_difference_reported(tmp_path: Path) -> None:
    workbook = exported(SEED, tmp_path / "r.xlsx")
    target = tmp_path / "imported"
    target.mkdir()
    mine = (SEED / "site.yml").read_text(encoding="utf-8").replace(
        "title: 财政支出项目绩效评价结果公开", "title: 本区绩效公开").replace("较低: 0.3",
                                                                "较低: 0.4")
    (target / "site.yml").write_text(mine, encoding="utf-8")
    plan = plan_import(workbook, target)
    assert plan.ok and not plan.writes_site
    warned = [p for p in plan.problems.warnings if p.code == "import-site-differs"]
    assert [p.location() for p in warned] == ["网站设置!A1"]
    assert "网站标题：「本区绩效公开」 → 「财政支出项目绩效评价结果公开」" in warned[0].message
    assert "完成程度：" in warned[0].message and "较低 0.4" in warned[0].message
    assert "--force" in warned[0].message
    lines = imported(workbook, target)
    assert (target / "site.yml").read_text(encoding="utf-8") == mine
    assert f"  {target / 'site.yml'}" not in lines


def test_force_replaces_site_yml_and_says_what_changed(tmp_path: Path) -> None:
    """``--dry-run`` and the import list each changed setting (old → new); only ``--force``
    replaces an existing site.yml, with what the sheet holds."""
    workbook = exported(SEED, tmp_path / "r.xlsx")
    target = tmp_path / "imported"
    target.mkdir()
    mine = (SEED / "site.yml").read_text(encoding="utf-8").replace(
        "title: 财政支出项目绩效评价结果公开", "title: 本区绩效公开")
    (target / "site.yml").write_text(mine, encoding="utf-8")
    change = "  网站标题：「本区绩效公开」 → 「财政支出项目绩效评价结果公开」"
    lines: list[str] = []
    assert import_workbook(workbook, target, out=lines.append, dry_run=True)
    assert f"替换 {target / 'site.yml'}（由“网站设置”工作表）：" in lines and change in lines
    assert [line for line in lines if line.startswith("  ")] == [change]
    assert lines[-1].startswith("试运行：将新建 6 个、替换 1 个文件")  # site.yml: one file
    assert (target / "site.yml").read_text(encoding="utf-8") == mine
    lines = []
    assert import_workbook(workbook, target, out=lines.append, force=True), lines
    assert change in lines and f"  {target / 'site.yml'}" in lines
    assert files(target)["site.yml"] == files(SEED)["site.yml"]


def test_the_same_site_yml_is_no_warning(tmp_path: Path) -> None:
    workbook = exported(SEED, tmp_path / "r.xlsx")
    target = tmp_path / "imported"
    target.mkdir()
    (target / "site.yml").write_bytes((SEED / "site.yml").read_bytes())
    plan = plan_import(workbook, target)
    assert plan.ok and not plan.writes_site
    assert "import-site-differs" not in {p.code for p in plan.problems}


def test_dry_run_names_the_site_yml_it_would_write(tmp_path: Path) -> None:
    workbook = exported(SEED, tmp_path / "r.xlsx")
    target = tmp_path / "imported"
    target.mkdir()
    lines: list[str] = []
    assert import_workbook(workbook, target, out=lines.append, dry_run=True)
    assert f"新建 {target / 'site.yml'}（由“网站设置”工作表）" in lines
    assert lines[-1].startswith("试运行：将新建 7 个、替换 0 个文件")
    assert list(target.iterdir()) == []


def test_control_characters_in_the_sheet_are_removed_and_named(tmp_path: Path) -> None:
    """DEL and C1 (which a workbook may hold) never reach site.yml; the cell is named."""
    workbook = exported(SEED, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["网站设置"]
    title = next(r[2] for r in sheet.iter_rows(min_row=2) if r[0].value == "网站标题")
    title.value = "本区\x7f绩效\x9b公开"
    book.save(workbook)
    target = tmp_path / "imported"
    target.mkdir()
    plan = plan_import(workbook, target)
    assert [(p.code, p.location(), p.is_error) for p in plan.problems
            if "control" in p.code or p.where.sheet == "网站设置"] == [
        ("import-control-chars", f"网站设置!{title.coordinate}", False)]
    imported(workbook, target)
    assert files(target)["site.yml"]["title"] == "本区绩效公开"
