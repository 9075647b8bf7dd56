"""Ids every disk can hold: check, new and import refuse the same names (issue 35).

On Windows ``CON.yml`` cannot be created, ``a.`` is ``a``, a path over 260 characters
fails, and ``Road`` and ``road`` are one file: each is refused before anything is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.ids import MAX_ID_LENGTH, case_clashes, id_problem
from generator.core.problems import Problem
from tests.conftest import HEADER, check_dir, check_text, content_dir, write_project

SCORED = HEADER + "score: 80\n"


@pytest.mark.parametrize("pid, code", [
    ("2020/CON", "reserved-id"), ("2020/aux", "reserved-id"), ("2020/com1.backup", "reserved-id"),
    ("LPT9/project", "reserved-id"), ("2020/nul.tar.gz", "reserved-id"),
    ("2020/road.", "reserved-id"), ("2020/" + "a" * (MAX_ID_LENGTH - 4), "id-too-long"),
    ("2020/项目", "non-ascii-id"), ("2020/a b", "non-ascii-id"),
])
def test_ids_refused(pid: str, code: str) -> None:
    refused = id_problem(pid)
    assert refused is not None and refused[0] == code


@pytest.mark.parametrize("pid", ["2020/console", "2020/com10", "2020/lpt", "2020/con-1",
                                 "2017/video-conference", "a" * MAX_ID_LENGTH, "2020/v1.2"])
def test_ids_kept(pid: str) -> None:
    assert id_problem(pid) is None


def test_check_refuses_a_device_name_at_its_file(tmp_path: Path) -> None:
    problems = check_text(tmp_path, SCORED, "2020/Aux.yml").problems
    assert [(p.code, Path(p.file or "").name) for p in problems if p.is_error] == \
        [("reserved-id", "Aux.yml")]


def test_check_names_both_files_that_differ_by_case(tmp_path: Path) -> None:
    write_project(tmp_path, "2020/Road.yml", SCORED)
    write_project(tmp_path, "2020/road.yml", SCORED.replace("测试项目", "另一个项目"))
    errors: list[Problem] = [p for p in check_dir(tmp_path).problems if p.is_error]
    assert sorted(Path(p.file or "").name for p in errors) == ["Road.yml", "road.yml"]
    assert {p.code for p in errors} == {"id-case-clash"}
    assert all("Road.yml" in p.message and "road.yml" in p.message for p in errors)


def test_case_clashes_groups() -> None:
    assert case_clashes(["a/B", "a/b", "c", "A/b"]) == [["A/b", "a/B", "a/b"]]


@pytest.mark.parametrize("pid", ["CON", "com1", "x" * 300, "road."])
def test_new_refuses_and_writes_nothing(tmp_path: Path, run_cli, pid: str) -> None:
    content = content_dir(tmp_path)
    code, out, err = run_cli("new", "--content", content, "--year", "2020", "--id", pid)
    assert code != 0
    assert "Traceback" not in err and "OSError" not in err
    assert "Windows" in out + err or "超过" in out + err
    assert not list((content / "projects").rglob("*.yml"))


@pytest.mark.parametrize("text", ["2020/CON", "2020/road.", "2020/" + "a" * 200])
def test_import_refuses_the_same_ids_in_its_id_column(text: str) -> None:
    from generator.intake.cells import Cell, Invalid, parse_id

    with pytest.raises(Invalid) as caught:
        parse_id(Cell(text, "General", "A2"))
    assert caught.value.code == "import-bad-id"
