"""部门整体 results in the format (issue 43, What-to-build 1): ``kind: 部门整体`` with
``tasks``, grouped ``funding.sources`` and ``staff`` is read and checked; its sums are checked
group by group, with located warnings; ``check --json`` gives ``kind``; the statistics of
projects never count it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from generator.content.report import as_json
from generator.core.whole import Staff, Task
from generator.site.context import build_context
from tests.conftest import HEADER, check_dir, check_text, write_project

WHOLE = """\
kind: 部门整体
year: 2018
department: 岳阳市城市管理监督指挥中心
budget: 512.30
spent: 499.00
staff: {authorized: 21, actual: 21}
funding:
  sources:
    - {name: 一般公共预算, group: 按收入性质, budget: 512.30, spent: 499.00}
    - {name: 基本支出, group: 按支出性质, budget: 380.10, spent: 379.00}
    - {name: 项目支出, group: 按支出性质, budget: 132.20, spent: 120.00}
tasks:
  - {name: 数字城管运行, content: 监督指挥调度, budget: 132.20, spent: 120.00}
  - {name: 人员和日常运转, budget: 380.10, spent: 379.00}
indicators:
  - {name: 部门决策, weight: 25, score: 23}
  - {name: 部门管理, weight: 30, score: 28}
  - {name: 部门绩效, weight: 45, score: 43.5}
"""


def test_a_whole_department_result_reads_with_its_blocks(tmp_path: Path) -> None:
    content = check_text(tmp_path, WHOLE, "2018/yueyang.yml")
    assert [p.format() for p in content.problems] == []
    result = content.full(content.projects[0])
    assert result.kind == "部门整体"
    assert result.name == "岳阳市城市管理监督指挥中心2018年度部门整体支出"  # the default
    assert result.staff == Staff(21, 21)
    assert [(t.name, t.content, t.budget, t.spent) for t in result.tasks] == [
        ("数字城管运行", "监督指挥调度", Decimal("132.20"), Decimal("120.00")),
        ("人员和日常运转", None, Decimal("380.10"), Decimal("379.00"))]
    assert result.funding is not None
    assert [s.group for s in result.funding.sources] == ["按收入性质", "按支出性质", "按支出性质"]
    assert result.total == Decimal("94.5") and result.grade == "优"
    assert isinstance(result.tasks[0], Task)


def test_group_and_task_sums_are_checked_where_they_are_written(tmp_path: Path) -> None:
    text = WHOLE.replace("budget: 380.10, spent: 379.00}\n    - {name: 项目支出",
                         "budget: 380.10, spent: 370.00}\n    - {name: 项目支出") \
        .replace("- {name: 人员和日常运转, budget: 380.10", "- {name: 人员和日常运转, budget: 300")
    content = check_text(tmp_path, text, "2018/yueyang.yml")
    found = sorted((p.code, p.severity, p.where.line) for p in content.problems)
    # 按支出性质: 370.00 + 120.00 = 490.00 ≠ 499.00 (line 10, where the sum's figures begin);
    # tasks: 132.20 + 300 = 432.20 ≠ 512.30 (line 13); 按收入性质 adds up, and the grouped
    # rows are not summed as one project's sources
    assert found == [("funding-group-mismatch", "warning", 10),
                     ("tasks-sum-mismatch", "warning", 13)]
    messages = " ".join(p.message for p in content.problems)
    assert "490.00" in messages and "432.20" in messages


def test_a_score_only_result_needs_no_budget(tmp_path: Path) -> None:
    content = check_text(tmp_path, "kind: 部门整体\nyear: 2020\ndepartment: 南县财政局\n"
                         "score: 97\n", "2020/nanxian.yml")
    assert content.problems == []
    result = content.projects[0]
    assert (result.name, result.budget, result.total, result.grade) == (
        "南县财政局2020年度部门整体支出", None, Decimal(97), "优")
    record = json.loads(as_json(content))["projects"][0]
    assert (record["kind"], record["budget"], record["total"]) == ("部门整体", None, "97.00")


def test_a_project_still_needs_its_budget_and_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    content = check_text(tmp_path, "kind: 项目\nname: 甲\nyear: 2020\ndepartment: 乙\n"
                         "score: 80\n")
    assert [(p.code, p.where.line) for p in content.problems] == [("missing-key", 1)]
    content = check_text(tmp_path, HEADER + "kind: 整体\nscore: 80\n")
    assert [(p.code, p.where.line) for p in content.problems] == [("invalid-value", 5)]


def test_project_statistics_leave_whole_department_results_out(tmp_path: Path) -> None:
    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    write_project(tmp_path, "2018/yueyang.yml", WHOLE)
    content = check_dir(tmp_path)
    assert content.errors == []
    site = build_context(content)
    group = site.years[2018]
    assert (group.count, group.average, group.budget) == (1, Decimal("70.00"), Decimal("10.00"))
    assert group.grade_counts() == {"优": 0, "良": 0, "中": 1, "差": 0}
    assert site.all.count == 1 and [p.name for p in site.projects] == ["测试项目"]
    assert [p.kind for p in site.wholes] == ["部门整体"]
    assert all(p.kind == "项目" for g in site.departments.values() for y in g.values()
               for p in y.projects)


def test_no_page_links_a_whole_department_result_as_a_project(tmp_path: Path) -> None:
    """It is not a project: no list, summary or the 关于数据 page's list of results with
    warnings links a project page for it; its own page is whole/<id>/ (issue 43, pages)."""
    from generator.site.pages import render_pages

    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    missed = WHOLE.replace("  - {name: 部门绩效, weight: 45, score: 43.5}",
                           "  - {name: 部门绩效, weight: 45, score: 43.5, target: '≥100',"
                           " actual: 90, unit: '%'}")
    write_project(tmp_path, "2018/yueyang.yml", missed)
    content = check_dir(tmp_path)
    assert "target-missed-no-note" in [p.code for p in content.warnings]
    pages = dict(render_pages(build_context(content)))
    assert pages and not [path for path, text in pages.items()
                          if "projects/2018/yueyang/" in path + text]
    assert [path for path in pages if "yueyang" in path] == ["whole/2018/yueyang/index.md"]


def test_tasks_and_staff_are_refused_on_a_project(tmp_path: Path) -> None:
    content = check_text(tmp_path, HEADER + "score: 80\nstaff: {authorized: 3, actual: 3}\n"
                         "tasks:\n  - {name: 甲, budget: 1}\n")
    assert sorted((p.code, p.where.line) for p in content.problems) == [
        ("invalid-value", 6), ("invalid-value", 8)]
