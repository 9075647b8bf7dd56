"""``build`` counts results as ``check`` does (issue 46, item 1): a 部门整体 result is no
project, on the full path and on the quick path that finds the published site current."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import HEADER, write_project
from tests.test_whole import WHOLE

pytestmark = pytest.mark.site


def test_build_says_how_many_projects_and_whole_results(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    write_project(tmp_path, "2018/yueyang.yml", WHOLE)
    args = ("build", "--content", tmp_path / "content", "--out", tmp_path / "build",
            "--site", tmp_path / "site")
    lines = []
    for _ in range(2):  # the second finds the site current (the stored count)
        code, out, err = run_cli(*args)
        assert code == 0, err
        lines.append(out.splitlines()[0])
    assert [line.split("；")[0] for line in lines] == ["1 个项目、1 个部门整体"] * 2
    assert "重新生成" in out
