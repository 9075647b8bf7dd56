"""The shipped content/ (six seed projects) checks clean and scores as the reports print."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEEDS

# id: (total, band, published grade, budget, spent, execution rate)
EXPECTED = {
    "2017/cooperation-platform": ("87.12", "良", "良好", "19.369", "19.000", "98.09"),
    "2017/video-conference": ("87.74", "良", "良好", "10.00", "10.00", "100.00"),
    "2018/federation-it": ("94.57", "优", "优", "153.04", "152.49", "99.64"),
    "2018/investment-statistics": ("87.80", "良", "良", "20.00", "19.50", "97.50"),
    "2017/investment-registration": ("88.47", "良", "良好", "20.645", None, None),
    "2017/investment-statistics": ("86.84", "良", "良好", "20.00", None, None),
}

# top-level (code, weight, score, 得分率) exactly as the reports print them
CATEGORIES = {
    "2017/cooperation-platform": [("A", "10", "9.00", "90.00"), ("B", "25", "16.94", "67.76"),
                                  ("C", "65", "61.18", "94.12")],
    "2017/video-conference": [("A", "10", "9.00", "90.00"), ("B", "25", "18.00", "72.00"),
                              ("C", "65", "60.74", "93.45")],
    "2018/federation-it": [("A", "10", "9.50", "95.00"), ("B", "26", "23.46", "90.23"),
                           ("C", "64", "61.61", "96.27")],
    "2018/investment-statistics": [("A", "13", "11.00", "84.62"), ("B", "23", "19.80", "86.09"),
                                   ("C", "64", "57.00", "89.06")],
    "2017/investment-registration": [],
    "2017/investment-statistics": [],
}


@pytest.fixture(scope="module")
def seed_json() -> dict:
    from generator.content.discovery import read_content
    from generator.content.report import as_json

    return json.loads(as_json(read_content(SEEDS)))


def test_seed_check_json_via_cli(run_cli) -> None:
    code, out, err = run_cli("check", SEEDS, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {p["total"] for p in data["projects"]} == {
        "87.12", "87.74", "94.57", "87.80", "88.47", "86.84"}


def test_seed_projects(seed_json: dict) -> None:
    got = {p["id"]: (p["total"], p["grade"], p["grade_published"], p["budget"], p["spent"],
                     p["execution_rate"]) for p in seed_json["projects"]}
    assert got == EXPECTED


def test_seed_categories(seed_json: dict) -> None:
    got = {p["id"]: [(c["code"], c["weight"], c["score"], c["rate"]) for c in p["categories"]]
           for p in seed_json["projects"]}
    assert got == CATEGORIES


def test_seed_order_latest_year_first(seed_json: dict) -> None:
    assert [p["id"] for p in seed_json["projects"]][:2] == [
        "2018/investment-statistics", "2018/federation-it"]
    ids_2017 = [p["id"] for p in seed_json["projects"] if p["year"] == 2017]
    # order: 1..4 in the 合作交流办 2017 信息表
    assert ids_2017 == ["2017/investment-registration", "2017/investment-statistics",
                        "2017/video-conference", "2017/cooperation-platform"]


def test_seed_warnings(seed_json: dict) -> None:
    problems = seed_json["problems"]
    assert all(p["severity"] == "warning" for p in problems)
    got = [(p["file"].replace("\\", "/").split("content/projects/")[-1], p["line"], p["column"])
           for p in problems]
    assert got == [("2017/cooperation-platform.yml", 68, 103),
                   ("2017/video-conference.yml", 66, 20), ("2018/federation-it.yml", 98, 20)]
    assert [p["code"] for p in problems] == [
        "target-missed-no-note", "duplicate-code", "duplicate-code"]
    # 表 1: 预算执行率 100%; 19.000 / 19.369 = 98.09%, and the report gives no 偏差原因
    assert "实际完成值 98.09% 未达到年度指标值 100%" in problems[0]["message"]
    assert "指标编号「B1.2」重复（第 65 行已使用）" in problems[1]["message"]
    assert "指标编号「C23」重复（第 97 行已使用）" in problems[2]["message"]


def test_seed_text_summary(run_cli) -> None:
    code, out, _ = run_cli("check", SEEDS)
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert lines[-1] == "6 个项目，0 个错误，3 个警告"
    keep = "若原报告如此请保留，否则请改正编号"
    assert f"  66:20: 警告：指标编号「B1.2」重复（第 65 行已使用）：{keep}" in lines
    assert f"  98:20: 警告：指标编号「C23」重复（第 97 行已使用）：{keep}" in lines


def test_seed_strict_fails_on_the_three_warnings(run_cli) -> None:
    code, out, _ = run_cli("check", SEEDS, "--strict")
    assert code == 1
    assert out.rstrip().endswith("6 个项目，0 个错误，3 个警告")


def test_seed_single_file(run_cli) -> None:
    code, out, _ = run_cli("check", SEEDS / "projects/2017/cooperation-platform.yml", "--json")
    assert code == 0
    data = json.loads(out)
    assert [(p["id"], p["total"], p["execution_rate"]) for p in data["projects"]] == [
        ("2017/cooperation-platform", "87.12", "98.09")]
    assert [p["code"] for p in data["problems"]] == ["target-missed-no-note"]


def test_seed_goals_and_targets() -> None:
    """The reports' 表 1 targets stand against their leaves; the published totals stay."""
    from generator.content.discovery import read_content
    from generator.core.fmt import measure

    projects = {p.id: p for p in read_content(SEEDS).projects}
    video = projects["2017/video-conference"]
    assert video.goals is not None and len(video.goals.planned) == 2
    targets = {leaf.code or leaf.name: measure(leaf.target, leaf.unit)
               for leaf in video.leaves() if leaf.target is not None}
    assert len(targets) == 13
    assert targets["C1.2.1"] == "0" and targets["C1.2.2"] == "100%"
    assert targets["C2.3.1"] == "≥85%" and targets["系统运维任务完成情况"] == "系统运维任务全部完成"
    assert all(video.has_self_evaluation for video in projects.values() if video.goals)
    platform = projects["2017/cooperation-platform"]
    assert platform.goals is not None
    assert platform.goals.planned[-1].endswith("全年7*24小时运维服务")
    federation = projects["2018/federation-it"]
    (c23,) = [leaf for leaf in federation.leaves() if leaf.name == "服务对象满意度"]
    assert c23.target == "网站用户满意度：95%；系统使用方满意度：95%"


def test_seed_leaf_scores_add_up_exactly() -> None:
    from generator.content.discovery import read_content

    content = read_content(SEEDS)
    for project in content.projects:
        if project.indicators:
            assert project.total == sum(leaf.score for leaf in project.leaves())
            assert project.total == project.score_declared


def test_check_does_not_touch_content(run_cli) -> None:
    def snapshot() -> dict[str, tuple[int, bytes]]:
        return {str(p): (p.stat().st_mtime_ns, p.read_bytes())
                for p in sorted(SEEDS.rglob("*")) if p.is_file()}

    before = snapshot()
    run_cli("check", SEEDS, "--json")
    run_cli("check", SEEDS)
    assert snapshot() == before
