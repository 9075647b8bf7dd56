"""Imported file names (issue 42, point 11): names without a 项目编号 cannot collide in
practice, a file named by an earlier import is kept for its project, and ``--force`` never
replaces a file that holds another project."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.content.discovery import read_content
from generator.intake.plan import plan_import
from tests.test_importer import found, good_row, run, snapshot, workbook


def test_names_that_shared_eight_hex_digits_get_two_files(tmp_path: Path) -> None:
    first, second = "项目ORkVcg", "项目SFNOjR"
    eight = {hashlib.sha1(n.encode()).hexdigest()[:8] for n in (first, second)}
    assert eight == {"847b9b79"}  # the collision of the report
    content = tmp_path / "content"
    ok, output = run(workbook(tmp_path / "two.xlsx", [good_row(first), good_row(second)]),
                     content)
    assert ok, output
    names = sorted(p.name for p in read_content(content, workers=1).projects)
    assert names == sorted([first, second])
    files = sorted(p.stem for p in (content / "projects" / "2019").glob("*.yml"))
    assert len(files) == 2 and all(len(stem) == len("p-") + 16 for stem in files), files


def test_a_file_from_an_earlier_import_is_replaced_in_place(tmp_path: Path) -> None:
    """An 8-digit file of the same project is the one ``--force`` replaces (no twin)."""
    content = tmp_path / "content"
    ok, output = run(workbook(tmp_path / "a.xlsx", [good_row("甲")]), content)
    assert ok, output
    (written,) = (content / "projects" / "2019").glob("*.yml")
    legacy = written.with_name("p-" + hashlib.sha1("甲".encode()).hexdigest()[:8] + ".yml")
    written.rename(legacy)
    again = workbook(tmp_path / "b.xlsx", [good_row("甲", **{"评价分值": 91, "评价结论": "优"})])
    assert found(again, content) == {("import-file-exists", "信息表!第2行")}
    ok, output = run(again, content, force=True)
    assert ok, output
    assert [p.name for p in (content / "projects" / "2019").glob("*.yml")] == [legacy.name]
    (project,) = read_content(content, workers=1).projects
    assert str(project.score_declared) == "91"


def test_force_never_replaces_a_file_holding_another_project(tmp_path: Path) -> None:
    content = tmp_path / "content"
    book = workbook(tmp_path / "x.xlsx", [good_row("乙"), good_row("甲")])
    target = content / plan_import(book, content).files[1].relpath  # where 甲 would go
    ok, output = run(workbook(tmp_path / "other.xlsx", [good_row("丙")]), content)
    assert ok, output
    (other,) = (content / "projects" / "2019").glob("*.yml")
    target.parent.mkdir(parents=True, exist_ok=True)
    other.rename(target)  # 丙's file under 甲's name: a collision, whatever made it
    before = snapshot(content)
    for force in (False, True):
        assert found(book, content, force) == {("import-file-other-project", "信息表!第3行")}
        ok, output = run(book, content, force=force)
        assert not ok
        assert "其中是「丙」" in output and "项目名称不同" in output, output
        assert snapshot(content) == before


def test_values_are_read_as_the_pure_python_base_loader_reads_them() -> None:
    """``written_values`` uses libyaml's BaseLoader (speed); every YAML file we ship or
    test with reads to the same values as with PyYAML's own, and broken text to none."""
    import yaml

    from generator.intake.identity import VALUES_LOADER, written_values

    root = Path(__file__).resolve().parent.parent
    files = sorted([*(root / "content").rglob("*.yml"), *(root / "tests" / "data").rglob("*.yml")])
    assert VALUES_LOADER is yaml.CBaseLoader and len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        pure = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader is safe
        assert written_values(text) == (pure if isinstance(pure, dict) else {}), path
    assert written_values("name: [unclosed\n  - x: {") == {}
