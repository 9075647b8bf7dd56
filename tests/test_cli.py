"""`python -m generator check [PATH] [--strict] [--json]`: exit codes, output, JSON shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.base import parallel as parallel_module
from generator.content.discovery import read_content
from generator.content.report import as_json
from tests.conftest import HEADER, SEEDS, write_project

REPO = SEEDS.parent

PROJECT_KEYS = {"id", "file", "kind", "name", "year", "authority", "budget", "spent",
                "execution_rate", "total", "grade", "grade_published", "categories"}
CATEGORY_KEYS = {"code", "name", "weight", "score", "rate"}
PROBLEM_KEYS = ["code", "severity", "file", "line", "column", "message"]  # in this order

TREE = HEADER + """\
spent: 9.815
score: 89.34
grade: 良好
indicators:
  - {code: A, name: 决策, weight: 10, score: 9}
  - code: B
    name: 管理
    children:
      - {code: B1, name: 执行, weight: 25, rule: floor, target: 100, actual: budget_execution}
  - {code: C, name: 绩效, weight: 65, score: 56.5}
"""


def content_arg(tmp_path: Path) -> Path:
    return tmp_path / "content"


def test_clean_exit_0(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "2020/a.yml", HEADER + "score: 80\n")
    code, out, err = run_cli("check", content_arg(tmp_path))
    assert (code, out, err) == (0, "1 个项目，0 个错误，0 个警告\n", "")


def test_warnings_exit_0_and_strict_exit_1(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "2020/a.yml", HEADER + "spent: 11\nscore: 80\n")
    code, out, _ = run_cli("check", content_arg(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == "1 个项目，0 个错误，1 个警告"
    code, out, _ = run_cli("check", content_arg(tmp_path), "--strict")
    assert code == 1
    assert out.splitlines()[-1] == "1 个项目，0 个错误，1 个警告"


def test_strict_without_warnings_exit_0(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "2020/a.yml", HEADER + "score: 80\n")
    assert run_cli("check", content_arg(tmp_path), "--strict")[0] == 0


def test_errors_exit_1_with_text_report(tmp_path: Path, run_cli) -> None:
    bad = write_project(tmp_path, "2020/bad.yml", HEADER + "score: 80\ngrade: 优\n")
    odd = write_project(tmp_path, "名字.yml", HEADER.replace("测试项目", "乙") + "score: 70\n")
    write_project(tmp_path, "2020/good.yml", HEADER.replace("测试项目", "丙") + "score: 90\n")
    code, out, err = run_cli("check", content_arg(tmp_path))
    assert code == 1 and err == ""
    assert out.split("\n") == [
        str(bad),
        "  6:8: 错误：评价结论「优」与总分 80.00 对应的等级「良」不符：请改为「良」或核对分数",
        "",
        str(odd),
        "  错误：文件名「名字.yml」含有中文、空格或其他字符：项目编号取自文件名，"
        "须为英文字母、数字、点、连字符或下划线，请改名，如 2017/video-conference.yml",
        "",
        "3 个项目，2 个错误，0 个警告",
        "",
    ]


def test_errors_exit_1_with_json(tmp_path: Path, run_cli) -> None:
    bad = write_project(tmp_path, "2020/bad.yml", HEADER + "score: 80\nbudjet: 1\n")
    write_project(tmp_path, "2020/good.yml", HEADER.replace("测试项目", "丙") + "score: 90\n")
    code, out, _ = run_cli("check", content_arg(tmp_path), "--json")
    assert code == 1
    data = json.loads(out)
    assert [p["id"] for p in data["projects"]] == ["2020/good"]
    assert data["problems"] == [{
        "code": "unknown-key", "severity": "error", "file": str(bad), "line": 6, "column": 1,
        "message": "未知的键「budjet」，你是不是想写「budget」？"}]


@pytest.mark.parametrize("args", [
    ["check", "--bogus"],
    ["check", "content", "extra"],
    ["check", "--strict=yes"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(run_cli, args: list[str]) -> None:
    code, out, err = run_cli(*args)
    assert code == 2
    assert out == ""
    assert "用法错误：" in err


def test_missing_path_exit_2(tmp_path: Path, run_cli) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = run_cli("check", missing)
    assert (code, out) == (2, "")
    assert err == f"找不到「{missing}」：请给出内容文件夹（如 content）或一个项目文件\n"


def test_json_shape(tmp_path: Path, run_cli) -> None:
    path = write_project(tmp_path, "2020/tree.yml", TREE.replace("budget: 10.00", "budget: 10"))
    write_project(tmp_path, "2020/x.yml",
                  HEADER.replace("测试项目", "乙") + "spent: 12\nscore: 59\n")
    code, out, _ = run_cli("check", content_arg(tmp_path), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"projects", "problems"}
    assert all(set(p) == PROJECT_KEYS for p in data["projects"])
    tree = next(p for p in data["projects"] if p["id"] == "2020/tree")
    assert tree == {
        "id": "2020/tree", "file": str(path), "kind": "项目", "name": "测试项目", "year": 2020,
        "authority": "测试单位", "budget": "10.00", "spent": "9.815", "execution_rate": "98.15",
        "total": "89.34", "grade": "良", "grade_published": "良好",
        "categories": [
            {"code": "A", "name": "决策", "weight": "10", "score": "9.00", "rate": "90.00"},
            {"code": "B", "name": "管理", "weight": "25", "score": "23.84", "rate": "95.36"},
            {"code": "C", "name": "绩效", "weight": "65", "score": "56.50", "rate": "86.92"},
        ],
    }
    assert all(set(c) == CATEGORY_KEYS for c in tree["categories"])
    other = next(p for p in data["projects"] if p["id"] == "2020/x")
    assert (other["budget"], other["spent"], other["execution_rate"], other["total"],
            other["grade"], other["grade_published"], other["categories"]) == (
        "10.00", "12.00", "120.00", "59.00", "差", None, [])
    assert [list(p) for p in data["problems"]] == [PROBLEM_KEYS] * 2
    # B1 (floor, 98.15% of 100%) missed its target without a 偏差原因; x spent over its budget
    assert sorted(p["code"] for p in data["problems"]) == ["spent-over-budget",
                                                             "target-missed-no-note"]
    assert data["problems"][0]["severity"] == "warning"
    # decimals are strings, never JSON numbers
    for project in data["projects"]:
        for key in ("budget", "spent", "execution_rate", "total"):
            assert project[key] is None or isinstance(project[key], str)


def test_json_problem_without_a_line(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "名字.yml", HEADER + "score: 80\n")
    data = json.loads(run_cli("check", content_arg(tmp_path), "--json")[1])
    assert [(p["line"], p["column"]) for p in data["problems"]] == [(None, None)]


def test_one_file_path(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "2020/a.yml", HEADER + "score: 95\ngrade: 甲等\n", site="""\
grades:
  - {label: 上, min: 90, aliases: [甲等]}
  - {label: 下, min: 0}
""")
    other = write_project(tmp_path, "2020/b.yml", "broken: [\n")
    one = tmp_path / "content/projects/2020/a.yml"
    code, out, _ = run_cli("check", one, "--json")
    assert code == 0  # b.yml is not read
    data = json.loads(out)
    assert [(p["id"], p["grade"], p["grade_published"]) for p in data["projects"]] == [
        ("2020/a", "上", "甲等")]  # site.yml found above projects/
    assert run_cli("check", other)[0] == 1


def test_one_file_outside_a_content_folder(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "loose.yml"
    path.write_text(HEADER + "score: 80\n", encoding="utf-8")
    code, out, _ = run_cli("check", path, "--json")
    assert code == 0
    assert [p["id"] for p in json.loads(out)["projects"]] == ["loose"]


SITE = """\
grades:
  - {label: A, min: 85}
  - {label: B, min: 70, aliases: [乙等]}
  - {label: C, min: 0}
levels: {完成: 1, 基本完成: 0.8, 未完成: 0}
"""


def test_custom_site_changes_grades_and_levels(tmp_path: Path, run_cli) -> None:
    text = HEADER + """\
grade: 乙等
indicators:
  - {code: A, name: 甲, weight: 60, score: 60}
  - {code: B, name: 乙, weight: 40, rule: level, level: 基本完成}
"""
    write_project(tmp_path, "2020/a.yml", text, site=SITE)
    code, out, _ = run_cli("check", content_arg(tmp_path), "--json")
    assert code == 1  # 92 is A under these bands, not 乙等 (B)
    data = json.loads(out)
    assert data["problems"][0]["code"] == "grade-mismatch"
    assert data["problems"][0]["message"] == (
        "评价结论「乙等」与总分 92.00 对应的等级「A」不符：请改为「A」或核对分数")
    (tmp_path / "content/projects/2020/a.yml").write_text(
        text.replace("grade: 乙等\n", ""), encoding="utf-8")
    code, out, _ = run_cli("check", content_arg(tmp_path), "--json")
    assert code == 0
    project = json.loads(out)["projects"][0]
    assert (project["total"], project["grade"]) == ("92.00", "A")
    assert project["categories"][1]["score"] == "32.00"


def test_site_errors_exit_1(tmp_path: Path, run_cli) -> None:
    write_project(tmp_path, "2020/a.yml", HEADER + "score: 80\n", site="titel: x\n")
    code, out, _ = run_cli("check", content_arg(tmp_path))
    assert code == 1
    assert "  1:1: 错误：site.yml：未知的键「titel」，你是不是想写「title」？" in out.splitlines()


def test_parallel_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(8):
        write_project(tmp_path, f"2020/p{i}.yml",
                      HEADER.replace("测试项目", f"项目{i % 6}") + f"score: {80 + i}\n")
    write_project(tmp_path, "2020/bad.yml", "name: [\n")
    serial = read_content(tmp_path / "content", workers=1)
    monkeypatch.setattr(parallel_module, "PARALLEL_FROM", 2)
    parallel = read_content(tmp_path / "content", workers=2)
    assert as_json(parallel) == as_json(serial)
    assert len(serial.projects) == 8 and len(serial.errors) == 1 and len(serial.warnings) == 4


def test_real_process_on_the_seeds() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "generator", "check", "content"], cwd=REPO,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "content/projects/2017/cooperation-platform.yml",
        "  68:103: 警告：指标「B1.1.2 预算执行率」的实际完成值 98.09% 未达到年度指标值 100%："
        "未完成年度指标值，请填写偏差原因分析及改进措施（在该指标下写 note）",
        "",
        "content/projects/2017/video-conference.yml",
        "  66:20: 警告：指标编号「B1.2」重复（第 65 行已使用）：若原报告如此请保留，否则请改正编号",
        "",
        "content/projects/2018/federation-it.yml",
        "  98:20: 警告：指标编号「C23」重复（第 97 行已使用）：若原报告如此请保留，否则请改正编号",
        "",
        "6 个项目，0 个错误，3 个警告",
    ]
