"""Field tables -> model: unknown / missing keys, wrong types, file names, site.yml.

Indicators and their rules' inputs: tests/test_schema_indicators.py."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import (
    HEADER,
    check_dir,
    check_text,
    codes,
    errors,
    found,
    messages,
    one,
    project_of,
    warnings,
    where,
    write_project,
)


def leaf_errors(tmp_path: Path, leaf: str) -> list:
    """Errors of a project whose only indicator is the flow mapping ``leaf`` (line 6)."""
    return errors(check_text(tmp_path, HEADER + f"indicators:\n  - {leaf}\n"))


# --- keys -----------------------------------------------------------------------------

def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    text = "name: 测试项目\nyear: 2020\ndepartment: 测试单位\nbudjet: 10\nscore: 80\n"
    content = check_text(tmp_path, text)
    assert found(errors(content)) == [("missing-key", 1, 1), ("unknown-key", 4, 1)]
    assert messages(errors(content)) == [
        "缺少必填的键「budget」（预算金额，万元）：请补上",
        "未知的键「budjet」，你是不是想写「budget」？",
    ]
    assert content.projects == []


def test_unknown_key_without_close_match_lists_the_keys(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER + "score: 80\nxyzzy: 1\n")), "unknown-key")
    assert problem.message.startswith("未知的键「xyzzy」。可用的键：name、year、department、")
    assert (problem.line, problem.column) == (6, 1)


def test_unknown_key_in_an_indicator(tmp_path: Path) -> None:
    problem = one(leaf_errors(tmp_path, "{code: A, name: 甲, weight: 100, scroe: 90}"),
                  "unknown-key")
    assert problem.message == "指标「A」：未知的键「scroe」，你是不是想写「score」？"
    assert (problem.line, problem.column) == (6, 37)


def test_missing_keys(tmp_path: Path) -> None:
    content = check_text(tmp_path, "summary: 只有概述\n")
    assert codes(errors(content)) == ["missing-key"] * 4 + ["missing-score"]
    assert [p.message[:p.message.index("」") + 1] for p in errors(content)[:4]] == [
        "缺少必填的键「name」", "缺少必填的键「year」", "缺少必填的键「department」",
        "缺少必填的键「budget」"]
    assert set(where(errors(content))) == {(1, 1)}


def test_missing_score_and_indicators(tmp_path: Path) -> None:
    problem = one(errors(check_text(tmp_path, HEADER)), "missing-score")
    assert problem.message == ("缺少评价分值：请写 score（总分），或给出 indicators 指标树"
                               "（只公布了等级的结果写 grade）")


def test_empty_score_without_indicators(tmp_path: Path) -> None:
    """`score:` with nothing after it must not make the file vanish without a word."""
    problem = one(errors(check_text(tmp_path, HEADER + "score:\n")), "missing-score")
    assert (problem.line, problem.column) == (1, 1)


@pytest.mark.parametrize("extra", ["", "score: 80\n"])
def test_empty_indicator_list(tmp_path: Path, extra: str) -> None:
    content = check_text(tmp_path, HEADER + extra + "indicators: []\n")
    problem = one(errors(content), "empty-list")
    assert (problem.line, problem.column) == (5 + extra.count("\n"), 13)


def test_empty_value_counts_as_missing(tmp_path: Path) -> None:
    text = "name:\nyear: 2020\ndepartment: 测试单位\nbudget: 10\nscore: 80\n"
    problem = one(errors(check_text(tmp_path, text)), "missing-key")
    assert problem.message == "缺少必填的键「name」（项目名称）：请补上"


# --- types ----------------------------------------------------------------------------

WRONG_TYPES = """\
name: [甲]
year: 1999
department: {a: 1}
budget: abc
spent: -1
method: 自评
report_date: 2018-13
order: 0
score: 80
achievements: {a: 1}
"""


def test_wrong_types_each_with_line_and_column(tmp_path: Path) -> None:
    content = check_text(tmp_path, WRONG_TYPES)
    assert found(errors(content)) == [
        ("wrong-type", 1, 7), ("invalid-value", 2, 7), ("wrong-type", 3, 13),
        ("wrong-type", 4, 9), ("negative-value", 5, 8), ("invalid-value", 6, 9),
        ("invalid-value", 7, 14), ("invalid-value", 8, 8), ("wrong-type", 10, 15),
    ]
    assert messages(errors(content))[:2] == [  # the wording: the key, what is wrong, the value
        "「name」应为文字，实际是列表", "「year」应为 2000 到 2100 之间的年份，实际是「1999」"]
    assert messages(errors(content))[5] == (
        "「method」评价方式应为 第三方评价 / 部门评价 / 单位自评 之一，实际是「自评」")


@pytest.mark.parametrize("value, code", [
    ("2017.5", "invalid-value"), ("2101", "invalid-value"), ("二〇一七", "wrong-type"),
    ("true", "wrong-type"),
])
def test_bad_year(tmp_path: Path, value: str, code: str) -> None:
    text = HEADER.replace("year: 2020", f"year: {value}") + "score: 80\n"
    problem = one(errors(check_text(tmp_path, text)), code)
    assert (problem.line, problem.column) == (2, 7)


@pytest.mark.parametrize("value", ["2000", "2100", "'2017'", "2017.0"])
def test_good_year(tmp_path: Path, value: str) -> None:
    text = HEADER.replace("year: 2020", f"year: {value}") + "score: 80\n"
    content = check_text(tmp_path, text)
    assert content.problems == []
    assert project_of(content).year == int(Decimal(value.strip("'")))


@pytest.mark.parametrize("value", ["0", "-5", "0.00"])
def test_budget_must_be_positive(tmp_path: Path, value: str) -> None:
    text = HEADER.replace("budget: 10.00", f"budget: {value}") + "score: 80\n"
    problem = one(errors(check_text(tmp_path, text)), "budget-not-positive")
    assert problem.message == f"「budget」必须大于 0，实际是 {value}"
    assert (problem.line, problem.column) == (4, 9)


@pytest.mark.parametrize("value", ["nan", "NaN", "'Infinity'", "-inf", "sNaN"])
def test_non_finite_text_is_not_a_number(tmp_path: Path, value: str) -> None:
    text = HEADER.replace("budget: 10.00", f"budget: {value}") + "score: 80\n"
    problem = one(errors(check_text(tmp_path, text)), "wrong-type")
    assert (problem.line, problem.column) == (4, 9)


@pytest.mark.parametrize("value", ["1.0e+99999999", "1000000000000", "0.0000000000001",
                                   "0.0e+999999999", "'99999999999999999999'"])
def test_absurd_magnitudes_are_refused(tmp_path: Path, value: str) -> None:
    text = HEADER + f"score: 80\nspent: {value}\n"
    problem = one(errors(check_text(tmp_path, text)), "number-too-long")
    assert (problem.line, problem.column) == (6, 8)


def test_number_text_with_thousands_separator_and_spaces(tmp_path: Path) -> None:
    content = check_text(tmp_path, HEADER.replace("10.00", "'1,234.50 '") + "score: 80\n")
    assert project_of(content).budget == Decimal("1234.50")


def test_text_list_accepts_one_paragraph_and_skips_empty_items(tmp_path: Path) -> None:
    text = HEADER + "score: 80\nachievements: 一段话\nproblems:\n  - 甲\n  -\n  - 乙\n"
    project = project_of(check_text(tmp_path, text))
    assert project.achievements == ["一段话"]
    assert project.problems_found == ["甲", "乙"]


def test_number_as_text_field_keeps_its_digits(tmp_path: Path) -> None:
    text = HEADER.replace("测试项目", "2017") + "score: 80\nseries: 1.0e+3\n"
    project = project_of(check_text(tmp_path, text))
    assert (project.name, project.series) == ("2017", "1000")


def test_authority_defaults_to_department(tmp_path: Path) -> None:
    project = project_of(check_text(tmp_path, HEADER + "score: 80\n"))
    assert project.authority == "测试单位"


def test_report_date_forms(tmp_path: Path) -> None:
    project = project_of(check_text(tmp_path, HEADER + "score: 80\nreport_date: 2018-06-30\n"))
    assert project.report_date == "2018-06-30"


# --- file names -----------------------------------------------------------------------

def test_non_ascii_file_name(tmp_path: Path) -> None:
    write_project(tmp_path, "2020/视频会议.yml", HEADER + "score: 80\n")
    write_project(tmp_path, "2020/ok.yml", HEADER.replace("测试项目", "乙") + "score: 80\n")
    content = check_dir(tmp_path)
    problem = one(errors(content), "non-ascii-id")
    assert problem.message == (
        "文件名「2020/视频会议.yml」含有中文、空格或其他字符：项目编号取自文件名，"
        "须为英文字母、数字、点、连字符或下划线，请改名，如 2017/video-conference.yml")
    assert problem.file.endswith("视频会议.yml")
    assert [p.id for p in content.projects] == ["2020/ok"]


def test_non_ascii_folder_and_space(tmp_path: Path) -> None:
    write_project(tmp_path, "年度/a b.yml", HEADER + "score: 80\n")
    problem = one(errors(check_dir(tmp_path)), "non-ascii-id")
    assert problem.file.endswith("a b.yml")


def test_non_ascii_name_still_reports_the_other_problems(tmp_path: Path) -> None:
    write_project(tmp_path, "项目.yml", HEADER + "score: 80\nbudjet: 1\n")
    content = check_dir(tmp_path)
    assert codes(errors(content)) == ["non-ascii-id", "unknown-key"]


def test_symlink_to_a_file_outside_projects(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "x.yml"
    outside.parent.mkdir()
    outside.write_text(HEADER + "score: 80\n", encoding="utf-8")
    link = write_project(tmp_path, "ok.yml", HEADER + "score: 80\n").parent / "link.yml"
    os.symlink(outside, link)
    content = check_dir(tmp_path)
    problem = one(errors(content), "outside-content")
    assert problem.message == ("该文件是指向项目文件夹之外的链接："
                               "请把文件复制到 content/projects/ 下")
    assert problem.file == str(link)  # named as the link, not as its target
    assert [p.id for p in content.projects] == ["ok"]


def test_symlink_inside_projects_is_fine(tmp_path: Path) -> None:
    target = write_project(tmp_path, "2020/a.yml", HEADER + "score: 80\n")
    os.symlink(target, target.parent / "b.yml")
    content = check_dir(tmp_path)
    assert errors(content) == []
    assert [p.id for p in content.projects] == ["2020/a", "2020/b"]
    assert codes(warnings(content)) == ["duplicate-project"] * 2  # the same name and year


def test_yaml_extension_is_warned_about(tmp_path: Path) -> None:
    path = write_project(tmp_path, "a.yaml", HEADER + "score: 80\n")
    content = check_dir(tmp_path)
    problem = one(warnings(content), "wrong-extension")
    assert problem.file == str(path)
    assert content.projects == []


# --- site.yml -------------------------------------------------------------------------

def site_problems(tmp_path: Path, site: str) -> list:
    write_project(tmp_path, "a.yml", HEADER + "score: 80\n", site=site)
    return check_dir(tmp_path).problems


def test_no_site_yml_uses_the_defaults(tmp_path: Path) -> None:
    write_project(tmp_path, "a.yml", HEADER + "score: 80\n", site=None)
    content = check_dir(tmp_path)
    assert content.problems == []
    assert content.config.title == "财政支出项目绩效评价结果公开"
    assert [b.label for b in content.config.grades] == ["优", "良", "中", "差"]


def test_site_errors(tmp_path: Path) -> None:
    site = """\
grades:
  - {label: A, min: 50}
  - {label: B, min: 60}
  - {label: C, min: 10}
levels: {x: 2, y: abc}
departments: {甲: Bad_Slug}
titel: x
"""
    got = site_problems(tmp_path, site)
    assert found(got) == [
        ("wrong-order", 2, 3), ("lowest-grade-not-zero", 2, 3), ("invalid-value", 5, 13),
        ("wrong-type", 5, 19), ("invalid-value", 6, 18), ("unknown-key", 7, 1),
    ]
    assert messages(got)[0] == "grades 应从高到低排列：「B」的 min 应小于「A」的"


def test_site_root_must_be_a_mapping(tmp_path: Path) -> None:
    problem = one(site_problems(tmp_path, "- a\n"), "wrong-type")
    assert problem.message == "site.yml 应为映射（键: 值），实际是列表"
    assert problem.file.endswith("site.yml")


def test_site_band_errors(tmp_path: Path) -> None:
    got = site_problems(tmp_path, "grades:\n  - {label: A}\n  - 文字\n")
    assert found(got) == [("missing-key", 2, 5), ("wrong-type", 3, 5)]
