"""Honest rectification (issue 33): every disclosed problem is 已整改, 整改中, 未整改 or 未说明,
and only 已整改 counts as fixed. The derivation table, then the built seed site and a built
synthetic site as parsed HTML, whole rows compared."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from generator.content.discovery import read_content
from generator.core.model import Project, Rectification
from generator.core.rectification import problem_statuses, status_of, text_status
from tests.honest_synth import synthetic_site
from tests.sitebuild import SEED_CONTENT, built, node_text, page_soup, table_rows

pytestmark = pytest.mark.site


# ---- the derivation table -------------------------------------------------------------------

@pytest.mark.parametrize("text, status", [
    ("已整改", "已整改"),
    ("已整改。", "已整改"),
    ("已整改，更换了设备。", "已整改"),
    ("已完成整改：制定了管理办法", "已整改"),
    ("已全部整改。", "已整改"),
    ("已整改到位。", "已整改"),
    ("整改已完成。", "已整改"),
    ("1、已整改。", "已整改"),
    ("（2）已完成整改", "已整改"),
    ("正在整改", "整改中"),
    ("正在整改中。", "整改中"),
    ("正在整改，预计年底完成", "整改中"),
    ("整改中；", "整改中"),
    ("未整改", "未整改"),
    ("尚未整改，原因是资金未到位", "未整改"),
    ("暂未整改。", "未整改"),
    # the words say the fix was made (已…完善, 已完成, 已制定, 已建立): 已整改 (issue 46.3)
    ("已在2018年度项目绩效目标申报中进行了绩效指标的完善；", "已整改"),
    ("已在2018年实施方案中进行了方案完善；", "已整改"),
    ("已完成设备更换。", "已整改"),
    ("1、已制定《运维管理办法》", "已整改"),
    ("已建立考核机制", "已整改"),
    # … that it is planned or under way (计划, 拟, 正在, 逐步): 整改中
    ("计划开展视频会议系统性能评估，必要时实施升级改造。", "整改中"),
    ("逐步加强人力资源配置与安排。", "整改中"),
    ("拟于2019年修订合同", "整改中"),
    ("已制定方案，正在逐步实施", "整改中"),
    # the words do not say it plainly: 未说明, never fixed
    ("加强宣传和共享，进一步发挥系统的作用。", "未说明"),
    ("健全相关管理制度，加强项目管理；", "未说明"),
    ("已制定方案，尚未实施", "未说明"),
    ("已要求项目单位加强管理", "未说明"),
    ("已整改部分问题", "未说明"),
    ("整改已完成50%", "未说明"),
    ("基本已整改", "未说明"),
    ("关于是否已整改，另行报告", "未说明"),
    ("整改中发现新的问题", "未说明"),
    ("", "未说明"),
])
def test_status_from_the_words(text: str, status: str) -> None:
    assert text_status(text) == status
    assert status_of(Rectification(text)) == status


@pytest.mark.parametrize("stated", ["已整改", "整改中", "未整改"])
def test_a_stated_status_stands_over_the_words(stated: str) -> None:
    assert status_of(Rectification("已整改。", stated)) == stated
    assert status_of(Rectification("加强管理", stated)) == stated


@cache
def _seed() -> Project:
    return next(p for p in read_content(SEED_CONTENT).projects
                if p.id == "2017/video-conference")


def _head(problems: list[str], rectification: list[Rectification]) -> Project:
    return replace(_seed(), problems_found=problems, rectification_items=rectification,
                   rectification=[r.text for r in rectification])


def test_problems_pair_with_their_items_or_are_unstated() -> None:
    items = [Rectification("已整改。"), Rectification("x", "整改中"), Rectification("尚未整改")]
    assert problem_statuses(_head(["甲", "乙", "丙"], items)) == ["已整改", "整改中", "未整改"]
    # other lengths: which item answers which problem is unknown
    assert problem_statuses(_head(["甲", "乙"], items)) == ["未说明", "未说明"]
    assert problem_statuses(_head(["甲", "乙"], [])) == ["未说明", "未说明"]
    assert problem_statuses(_head([], items)) == []


# ---- the seed site ---------------------------------------------------------------------------

soup, text, rows = page_soup, node_text, table_rows


@pytest.fixture(scope="module")
def seed() -> Path:
    return built("seed").site_dir


HEAD = ["主管部门", "年度", "项目数", "存在问题", "已整改", "整改中", "未整改", "未说明",
        "已整改的比例"]


def test_seed_rectification_headline_counts_only_fixed(seed: Path) -> None:
    """The seed texts that say the fix was made (已在2018年实施方案中进行了方案完善) count as
    已整改, those that plan it (计划开展…, 逐步加强…) as 整改中; the headline gives the split and
    says that these were read from the words (issue 46.3), with no bare percentage."""
    page = soup(seed, "rectification")
    assert text(page.select_one(".pe-rect-headline")) == (
        "公开的存在问题 10 条：已整改 2 条，整改中 2 条，未整改 0 条，未说明 6 条"
        "（其中本站按整改情况的文字判断 4 条）。")
    assert page.select_one(".pe-rect-headline strong") is None
    assert rows(page.select_one("table.pe-status-counts")) == [
        ["存在问题", "10 条", "已整改", "2 条（20.00%）"],
        ["整改中", "2 条", "未整改", "0 条"],
        ["未说明", "6 条", "没有任何整改情况的项目", "2 个"],
    ]
    assert rows(page.select_one("#rectification-departments")) == [
        HEAD,
        ["上海市人民政府合作交流办公室", "2018", "1", "2", "0", "0", "0", "2", "0.00%"],
        ["上海市人民政府合作交流办公室", "2017", "4", "7", "2", "2", "0", "3", "28.57%"],
        ["上海市工商业联合会", "2018", "1", "1", "0", "0", "0", "1", "0.00%"],
    ]
    assert [text(li) for li in page.select("ul.pe-links li")] == [
        "2018 年度 ：存在问题 3 条，已整改 0 条，整改中 0 条，未整改 0 条，未说明 3 条",
        "2017 年度 ：存在问题 7 条，已整改 2 条，整改中 2 条，未整改 0 条，未说明 3 条",
    ]
    chart = rows(page.select_one("#chart-rectification-status .pe-chart-data table"))
    assert chart == [["年度", "存在问题", "已整改", "整改中", "未整改", "未说明", "已整改的比例"],
                     ["2017", "7", "2", "2", "0", "3", "28.57%"],
                     ["2018", "3", "0", "0", "0", "3", "0.00%"]]
    assert "按文字判断" in text(page.select_one("article"))


def test_seed_rectification_year_pages(seed: Path) -> None:
    page = soup(seed, "rectification/2018")
    assert text(page.select_one(".pe-rect-headline")) == \
        "已整改 0 条，整改中 0 条，未整改 0 条，未说明 3 条。"
    assert rows(page.select_one("#rectification-year-departments")) == [
        [h for h in HEAD if h != "年度"],
        ["上海市人民政府合作交流办公室", "1", "2", "0", "0", "0", "2", "0.00%"],
        ["上海市工商业联合会", "1", "1", "0", "0", "0", "1", "0.00%"],
    ]
    page = soup(seed, "rectification/2017")
    assert text(page.select_one(".pe-rect-headline")) == (
        "已整改 2 条，整改中 2 条，未整改 0 条，未说明 3 条（其中本站按整改情况的文字判断 4 条）。")


def test_seed_project_pages_show_each_problems_status(seed: Path) -> None:
    read = "（按文字判断）"
    expected = {
        "2017/investment-registration": (["已整改" + read, "未说明"], (1, 0, 1), 1),
        "2017/video-conference": (["整改中" + read], (0, 1, 0), 1),
        "2017/cooperation-platform": (["已整改" + read, "整改中" + read], (1, 1, 0), 2),
        "2017/investment-statistics": (["未说明"] * 2, (0, 0, 2), 0),
        "2018/investment-statistics": (["未说明"] * 2, (0, 0, 2), 0),
        "2018/federation-it": (["未说明"], (0, 0, 1), 0)}
    for pid, (statuses, (fixed, underway, unstated), words) in expected.items():
        page = soup(seed, f"projects/{pid}")
        ledger = page.select_one("table.pe-ledger")
        assert [r[-1].replace(" ", "") for r in rows(ledger)] == ["整改状态", *statuses], pid
        said = f"（其中本站按整改情况的文字判断 {words} 条）" if words else ""
        assert text(page.select_one(".pe-rect-summary")).replace(" ", "") == (
            f"{len(statuses)}条：已整改{fixed}条，整改中{underway}条，未整改0条，"
            f"未说明{unstated}条{said.replace(' ', '')}。"), pid
        # every status stands under its label (the ledger's 整改状态 column, the facts'
        # 存在问题 row), never as a bare word appended to a problem
        assert page.select("table.pe-facts ol.pe-problems") == [], pid


def test_seed_authority_page_counts_only_fixed(seed: Path) -> None:
    page = soup(seed, "departments/hezuojiaoliu")
    assert rows(page.select_one("table.pe-facts"))[1] == [
        "存在问题", "9 条", "已整改",
        "2 条；整改中 2 条，未整改 0 条，未说明 5 条（其中本站按整改情况的文字判断 4 条）"]
    years = rows(page.select_one("#authority-years"))
    assert years[0][-3:] == ["存在问题", "已整改", "信息表"]
    assert [r[-3:-1] for r in years[1:]] == [["2", "0"], ["7", "2"]]


# ---- a synthetic site: every status, a 单位自评 and a 第三方评价 project ------------------------

@pytest.fixture(scope="module")
def synth() -> Path:
    return synthetic_site()


def test_synthetic_rectification_counts(synth: Path) -> None:
    page = soup(synth, "rectification")
    assert text(page.select_one(".pe-rect-headline")) == (
        "公开的存在问题 8 条：已整改 2 条，整改中 1 条，未整改 1 条，未说明 4 条"
        "（其中公布的状态 1 条，本站按整改情况的文字判断 3 条）。")
    table = rows(page.select_one("#rectification-departments"))
    assert table == [
        HEAD,
        ["测试单位乙", "2020", "1", "2", "0", "0", "0", "2", "0.00%"],
        ["测试单位甲", "2020", "1", "5", "2", "1", "1", "1", "40.00%"],
        ["测试单位甲", "2019", "1", "1", "0", "0", "0", "1", "0.00%"],
    ]
    missing = [text(tr.select("td")[1]) for tr in page.select("#rectification-missing tbody tr")]
    assert missing == ["未注明方式项目丙"]
    ledger = soup(synth, "projects/2020/self").select_one("table.pe-ledger")
    assert [r[-1] for r in rows(ledger)] == [
        "整改状态", "已整改 （公布） 整改日期 2020-12", "已整改 （按文字判断）",
        "整改中 （按文字判断）", "未整改 （按文字判断）", "未说明"]
    assert text(soup(synth, "projects/2020/self").select_one(".pe-rect-summary")).replace(
        " ", "") == ("5条：已整改2条，整改中1条，未整改1条，未说明1条"
                     "（其中公布的状态1条，本站按整改情况的文字判断3条）。")
    third = soup(synth, "projects/2020/third").select_one("table.pe-ledger")
    assert "pe-ledger-lists" in third["class"]
    assert text(third.select_one("caption")).endswith("存在问题的整改状态记为“未说明”")


def test_open_data_gives_the_same_statuses(synth: Path) -> None:
    body = (synth / "data" / "rectification.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body, newline="")))
    assert table[0] == ["项目编号", "序号", "整改情况", "状态", "日期"]
    assert [r[1:] for r in table[1:] if r[0] == "2020/self"] == [
        ["1", "已更换设备", "已整改", "2020-12"],
        ["2", "1、已整改。制定了管理办法", "已整改", ""],
        ["3", "正在整改，预计年底完成", "整改中", ""],
        ["4", "尚未整改", "未整改", ""],
        ["5", "已整改部分问题", "未说明", ""],
    ]
