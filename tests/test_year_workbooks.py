"""Each year's data/<year>/results.xlsx is that year's full workbook, and ``import`` takes
several files as one import: a year imports on its own, all the years together give back
the whole site, and two files that would write the same project, or disagree on the site's
settings, are said (the first refused, nothing written; the second a warning)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from generator.content.discovery import read_content
from generator.downloads.files import export_files
from generator.intake.importer import import_workbook, plan_imports
from tests.test_full_workbook import SEED, WHEN, project_pages, projects_json

ROOT = Path(__file__).resolve().parent.parent


def year_books(tmp_path: Path) -> dict[int, Path]:
    """The seed site's two year workbooks, written to ``tmp_path``."""
    files = export_files(read_content(SEED, workers=1), WHEN)
    books = {}
    for year in (2017, 2018):
        books[year] = tmp_path / f"{year}.xlsx"
        books[year].write_bytes(files[f"data/{year}/results.xlsx"])
    return books


def test_a_year_imports_alone_and_all_years_give_the_site(tmp_path: Path) -> None:
    books = year_books(tmp_path)
    seeds = projects_json(SEED)
    for year, book in books.items():
        target = tmp_path / f"only-{year}"
        target.mkdir()
        lines: list[str] = []
        assert import_workbook(book, target, out=lines.append), "\n".join(lines)
        assert projects_json(target) == [p for p in seeds if p["year"] == year]
        assert (target / "site.yml").is_file()  # from the year's 网站设置 sheet
    target = tmp_path / "all"
    target.mkdir()
    lines = []
    assert import_workbook(list(books.values()), target, out=lines.append), "\n".join(lines)
    assert projects_json(target) == seeds
    assert project_pages(target) == project_pages(SEED)
    assert any(line.startswith("已写入 7 个文件") for line in lines)  # 6 projects, site.yml


def test_two_files_writing_one_project_write_nothing(tmp_path: Path) -> None:
    books = year_books(tmp_path)
    again = tmp_path / "again.xlsx"
    again.write_bytes(books[2018].read_bytes())
    target = tmp_path / "target"
    target.mkdir()
    plan = plan_imports([books[2017], books[2018], again], target)
    twice = [(p.where.file, p.where.sheet, p.where.cell) for p in plan.problems.errors]
    assert twice == [(str(again), "项目", "A2"), (str(again), "项目", "A3")]
    assert {p.code for p in plan.problems.errors} == {"import-duplicate-row"}
    assert "「2018.xlsx」项目!A2" in plan.problems.errors[0].message
    lines: list[str] = []
    assert not import_workbook([books[2017], books[2018], again], target, out=lines.append)
    assert list(target.iterdir()) == []
    assert f"{again} 项目!A2：与「2018.xlsx」项目!A2 生成同一个文件" in "\n".join(lines)


def test_a_later_file_with_other_settings_is_said(tmp_path: Path) -> None:
    books = year_books(tmp_path)
    book = openpyxl.load_workbook(books[2018])
    settings = book["网站设置"]
    row = next(r for r in settings.iter_rows(min_row=2) if r[0].value == "网站标题")
    row[2].value = "另一个网站"
    book.save(books[2018])
    target = tmp_path / "target"
    target.mkdir()
    lines: list[str] = []
    assert import_workbook(list(books.values()), target, out=lines.append), "\n".join(lines)
    said = [line for line in lines if "网站设置!A1" in line]
    assert said == [f"{books[2018]} 网站设置!A1：警告：“网站设置”与「{books[2017]}」的不同："
                    f"site.yml 按「{books[2017]}」的设置（一次导入的几个文件，只用第一个文件的"
                    "网站设置）"]
    assert read_content(target, workers=1).config.title == \
        read_content(SEED, workers=1).config.title


def test_the_command_names_every_missing_file(tmp_path: Path) -> None:
    books = year_books(tmp_path)
    run = subprocess.run([sys.executable, "-m", "generator", "import", str(books[2017]),
                          str(tmp_path / "no-1.xlsx"), str(tmp_path / "no-2.xlsx"),
                          "--content", str(tmp_path / "target")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert [line for line in run.stderr.splitlines() if line.startswith("找不到")] == [
        f"找不到文件「{tmp_path / name}」：请给出 .xlsx、.docx 或 .pdf 文件的路径"
        for name in ("no-1.xlsx", "no-2.xlsx")]
    assert not (tmp_path / "target").exists()


def test_a_site_over_the_limits_of_one_workbook_imports_by_year(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """The site's own workbook outgrows import's row limit (at about 2,240 projects; here
    the limit is lowered to 100 rows a sheet, under the seeds' 118 indicator rows): the
    refusal points at the years' workbooks, which import together."""
    from generator.intake import guard

    monkeypatch.setattr(guard, "MAX_ROWS", 100)
    books = year_books(tmp_path)
    whole = tmp_path / "results.xlsx"
    whole.write_bytes(export_files(read_content(SEED, workers=1), WHEN)["data/results.xlsx"])
    target = tmp_path / "target"
    target.mkdir()
    lines: list[str] = []
    assert not import_workbook(whole, target, out=lines.append)
    assert lines[0] == ("指标：工作表有超过 100 行，超过上限 100 行：请删除多余的行（或把数据"
                        "分成几个文件，一次导入；网站导出的 results.xlsx 可改用数据页上各年度的 "
                        "data/<年度>/results.xlsx）后再导入")
    assert list(target.iterdir()) == []
    assert import_workbook(list(books.values()), target, out=lines.append), "\n".join(lines)
    assert projects_json(target) == projects_json(SEED)


def test_the_command_expands_a_pattern_as_windows_leaves_it(tmp_path: Path) -> None:
    """``import site\\data\\*\\results.xlsx`` on Windows reaches the program with its ``*``
    (no shell expands it): the command expands it, in sorted order; one matching nothing is
    said missing."""
    year_books(tmp_path)
    target = tmp_path / "target"
    run = subprocess.run([sys.executable, "-m", "generator", "import", str(tmp_path / "20*.xlsx"),
                          "--content", str(target), "--dry-run"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "试运行：将新建 7 个、替换 0 个文件；未写入任何文件"
    made = [line.split()[1] for line in run.stdout.splitlines() if line.startswith("新建 ")]
    assert [Path(m).parent.name for m in made[:6]] == ["2017"] * 4 + ["2018"] * 2
    run = subprocess.run([sys.executable, "-m", "generator", "import", str(tmp_path / "19*.xlsx"),
                          "--content", str(target)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"找不到文件「{tmp_path / '19*.xlsx'}」" in run.stderr


def test_reimporting_a_year_after_one_edit_rewrites_one_file(tmp_path: Path) -> None:
    """Staff download a year's workbook, change one cell in Excel and import it back with
    --force into the site's content: only that project's file is written; the others,
    whose values the workbook holds already, keep their bytes (the seeds' comments and
    flow-style indicators), and a dry run says so."""
    import shutil

    books = year_books(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(SEED, content)
    before = {p: p.read_bytes() for p in content.rglob("*.yml")}
    book = openpyxl.load_workbook(books[2017])
    sheet = book["项目"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "2017/video-conference")
    cell = row[header.index("整改情况")]
    cell.value = f"{cell.value}\n已于2018年完成系统升级"
    book.save(books[2017])
    lines: list[str] = []
    assert import_workbook(books[2017], content, dry_run=True, out=lines.append)
    assert lines[-1] == ("试运行：将新建 0 个、替换 1 个文件；3 个已有文件内容相同、不改写；"
                         "未写入任何文件（替换已有文件时须加 --force）")
    lines = []
    assert import_workbook(books[2017], content, force=True, out=lines.append), lines
    assert "已写入 1 个文件（覆盖了 1 个已有文件）：" in lines
    changed = [p for p, data in before.items() if p.read_bytes() != data]
    assert changed == [content / "projects" / "2017" / "video-conference.yml"]
    (project,) = [p for p in read_content(content, workers=1).projects
                  if p.id == "2017/video-conference"]
    assert project.rectification[-1] == "已于2018年完成系统升级"


def test_two_files_disagreeing_on_a_project_the_folder_holds_write_nothing(
        tmp_path: Path) -> None:
    """One file holds the project as the folder has it (nothing to write for it), another
    changes it: still two rows for one file, an error, and nothing written; not the
    second file's row taken silently."""
    import shutil

    books = year_books(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(SEED, content)
    before = {p: p.read_bytes() for p in content.rglob("*.yml")}
    edited = tmp_path / "edited.xlsx"
    book = openpyxl.load_workbook(books[2017])
    sheet = book["项目"]
    column = [c.value for c in sheet[1]].index("整改情况")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "2017/video-conference")
    row[column].value = "已整改"
    book.save(edited)
    plan = plan_imports([books[2017], edited], content, force=True)
    assert sorted((p.code, p.where.file, p.where.cell) for p in plan.problems.errors) == [
        ("import-duplicate-row", str(edited), f"A{n}") for n in range(2, 6)]  # all 4 rows
    assert not import_workbook([books[2017], edited], content, force=True, out=lambda _: None)
    assert {p: p.read_bytes() for p in content.rglob("*.yml")} == before
