"""``new``: the scaffold fails ``check`` by naming each required field still to fill, and
passes once they are filled; its examples pass once enabled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import cli
from generator.content.discovery import read_content
from generator.core.fmt import two
from generator.intake.scaffold import ScaffoldError, create_project, scaffold_text


def test_the_scaffold_names_each_field_still_to_fill(tmp_path: Path) -> None:
    target = create_project(tmp_path, 2019)
    assert target == tmp_path / "projects" / "2019" / "new-project.yml"
    content = read_content(tmp_path, workers=1)
    assert [(p.code, p.message.split("」")[0] + "」") for p in content.problems] == [
        ("placeholder", "「name」"), ("placeholder", "「department」"),
        ("placeholder", "「budget」"), ("placeholder", "「score」")]
    assert all("还没有填写：请把“待填写”改为公布的内容" in p.message for p in content.problems)
    assert content.projects == []  # nothing to publish until it is filled
    text = target.read_text(encoding="utf-8")
    for key in ("authority", "series", "order", "evaluator", "method", "report_date", "spent",
                "grade", "summary", "achievements", "problems", "recommendations",
                "rectification", "indicators", "budget_items"):
        assert f"# {key}:" in text, key  # every optional field shown, commented out
    filled = text.replace("name: 待填写", "name: 甲项目").replace(
        "department: 待填写", "department: 甲单位").replace("budget: 待填写", "budget: 12.50")
    target.write_text(filled.replace("score: 待填写", "score: 88"), encoding="utf-8")
    (project,) = read_content(tmp_path, workers=1).projects
    assert (project.name, project.department, project.year, project.total) == (
        "甲项目", "甲单位", 2019, 88)


def test_examples_pass_check_when_enabled(tmp_path: Path) -> None:
    """Removing “# ” from every example line (and the placeholder score) gives a valid file."""
    text = scaffold_text(2019)
    enabled = re.sub(r"(?m)^# (?=[a-z_]+:|  )", "", text)
    enabled = re.sub(r"(?m)^score: 待填写\n", "", enabled)
    enabled = enabled.replace(": 待填写", ": 已填写").replace("budget: 已填写", "budget: 1.00")
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "full.yml").write_text(enabled, encoding="utf-8")
    content = read_content(tmp_path, workers=1)
    assert content.problems == []
    (project,) = content.projects
    assert two(project.total) == "95.80" and project.grade == "优"
    assert len(project.indicators) == 3 and project.budget_items
    assert project.achievements and project.rectification and project.summary


def test_never_overwrites(tmp_path: Path) -> None:
    first = create_project(tmp_path, 2019, project_id="video")
    first.write_text("name: 已填写\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="已存在"):
        create_project(tmp_path, 2019, project_id="video")
    assert first.read_text(encoding="utf-8") == "name: 已填写\n"
    second = create_project(tmp_path, 2019)
    third = create_project(tmp_path, 2019)
    assert (second.name, third.name) == ("new-project.yml", "new-project-2.yml")


def test_name_and_authority(tmp_path: Path) -> None:
    target = create_project(tmp_path, 2020, name="2020: 某某系统运维", authority="上海市某某局")
    assert target.parent.name == "2020" and re.fullmatch(r"p-[0-9a-f]{16}\.yml", target.name)
    text = target.read_text(encoding="utf-8")  # given: name and authority; to fill: the rest
    target.write_text(text.replace("budget: 待填写", "budget: 5.00").replace(
        "score: 待填写", "score: 80"), encoding="utf-8")
    (project,) = read_content(tmp_path, workers=1).projects
    assert project.name == "2020: 某某系统运维"
    assert project.authority == project.department == "上海市某某局"


def test_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="英文字母"):
        create_project(tmp_path, 2019, project_id="视频会议")
    with pytest.raises(ScaffoldError, match="2000"):
        create_project(tmp_path, 1999)
    assert not (tmp_path / "projects").exists()


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["new", "--content", str(tmp_path), "--year", "2018", "--id", "demo",
            "--name", "演示项目"]
    assert cli.main(args) == 0
    assert "已创建" in capsys.readouterr().out
    assert (tmp_path / "projects" / "2018" / "demo.yml").is_file()
    assert cli.main(args) == 1
    assert "已存在" in capsys.readouterr().err
    assert cli.main(["check", str(tmp_path)]) == 1  # budget and score still to fill
