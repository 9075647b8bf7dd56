"""The project page says each fact once (issue 33 item 1, SPEC §6), read as parsed HTML: the
indicator tree has one home (the 自评表 for a self-evaluation, the 绩效指标完成情况 table for
the others), the facts carry the problems with their statuses, and a third-party page does not
repeat its name, units and money in a form's head."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.honest_synth import synthetic_site
from tests.sitebuild import built, node_text, page_soup, shown_text

pytestmark = pytest.mark.site
soup, text = page_soup, node_text


def article(site: Path, page: str):
    return soup(site, page).select_one("article")


@pytest.fixture(scope="module")
def seed() -> Path:
    return built("seed").site_dir


@pytest.fixture(scope="module")
def synth() -> Path:
    return synthetic_site()


def leaf_mentions(page, leaf: str) -> int:
    """How many cells of the page name ``leaf`` (an indicator's label), leaving out the charts'
    own data tables (folded beside each chart)."""
    return sum(1 for cell in page.select("td, th")
               if text(cell) == leaf and not cell.find_parent(class_="pe-charts"))


def test_the_seed_tree_has_one_home(seed: Path) -> None:
    page = article(seed, "projects/2017/video-conference")
    trees = page.select("table.pe-indicators")
    assert len(trees) == 1
    assert text(trees[0].find_previous("h2")) == "绩效指标完成情况"
    assert page.select("section.pe-selfeval, table.pe-selfeval-head, "
                       "table.pe-selfeval-indicators, table.pe-infotable") == []
    for leaf in ("A1.1 战略目标适应性", "B1.1.2 预算执行率", "C2.3.1 用户满意程度"):
        assert leaf_mentions(page, leaf) == 1, leaf
    # leaves are marked for the phone's stacked rows; an empty figure is marked to be left out
    leaves = trees[0].select("td.pe-leaf")
    assert len(leaves) == len(trees[0].select("tbody tr"))  # no 合计: the 得分情况表 has it
    assert [td["data-label"] for td in leaves[0].find_next_siblings("td")] == [
        "满分值", "得分", "失分", "年度指标值", "实际完成值"]
    assert "pe-none" in leaves[0].find_next_siblings("td")[3]["class"]  # — (no target)


def test_the_seed_facts_answer_first(seed: Path) -> None:
    page = article(seed, "projects/2017/video-conference")
    facts = page.select_one("table.pe-facts")
    assert facts.find_previous("h2") is not None and text(facts.find_previous("h2")) == "项目概况"
    labels = [text(th) for th in facts.select("th")]
    assert labels == ["评价分值", "评价等级", "评价方式", "评价年度", "预算金额", "实际支出",
                      "项目单位", "主管部门", "存在问题"]
    # the facts give the count and the statuses; the texts are said once, in the ledger right
    # below (issue 46.9)
    assert text(facts.select_one(".pe-rect-summary")) == (
        "1 条： 已整改 0 条， 整改中 1 条， 未整改 0 条， 未说明 0 条"
        "（其中本站按整改情况的文字判断 1 条）。")
    assert "视频会议系统相关设施完备性" not in text(facts)
    more = facts.select_one("a.pe-facts__more")["href"]
    assert more == "#problems" and text(page.select_one(more)) == "问题与整改"
    assert text(page).count("视频会议系统相关设施完备性有待进一步加强") == 1
    # the score once in the facts; elsewhere only in the 得分情况表's 合计
    assert text(facts).count("87.74") == 1
    # a third-party evaluation's goals without a second copy of name, units and money
    goals = page.select_one("div.pe-goals")
    assert "上海市人民政府合作交流办公室" not in text(goals)
    assert "10.00" not in text(goals)


def test_the_seed_page_prints_its_score_twice(seed: Path) -> None:
    """The facts and the 得分情况表's 合计 (issue 42, point 6): the tree's 合计 and the
    standing chart's caption said it again. Nothing is lost: the 得分情况表 holds the tree's
    totals (满分值, 评价分值, 失分), the caption where the score stands."""
    page = article(seed, "projects/2017/video-conference")
    score = re.compile(r"(?<![\d.])87\.74(?![\d%])")  # the score, not an equal 得分率 87.74%
    assert len(score.findall(shown_text(page))) == 2
    places = [node for node in page.find_all(string=score)]
    assert [n.find_parent("table")["class"] for n in places] == [
        ["pe-facts"], ["pe-table", "pe-score-table"]]
    total = page.select_one("table.pe-score-table tr.pe-total")
    assert [text(c) for c in total.select("th, td")] == ["合计", "100", "87.74", "12.26", "87.74%"]
    assert page.select("table.pe-indicators tr.pe-total") == []
    caption = page.select_one("#chart-standing figcaption")
    assert text(caption).startswith("在 2017 年评价分值分布中的位置 本项目位于 80–90 分数段；"
                                    "在 2017 年 4 个项目中排第 2 名")


def test_a_self_evaluation_tree_lives_in_its_form(synth: Path) -> None:
    own = article(synth, "projects/2020/self")
    assert own.select("table.pe-indicators") == []  # the 自评表 is the tree's one home
    assert len(own.select("table.pe-selfeval-indicators")) == 1
    assert leaf_mentions(own, "巡检次数") == 1
    third = article(synth, "projects/2020/third")
    assert len(third.select("table.pe-indicators")) == 1
    assert third.select("section.pe-selfeval") == []
    assert leaf_mentions(third, "完成率") == 1


def test_the_facts_count_the_problems_and_link_to_them(synth: Path) -> None:
    facts = article(synth, "projects/2020/self").select_one("table.pe-facts")
    assert facts.select("ol.pe-problems li") == []  # said once: in the ledger below
    assert text(facts.select_one(".pe-rect-summary")).replace(" ", "") == (
        "5条：已整改2条，整改中1条，未整改1条，未说明1条"
        "（其中公布的状态1条，本站按整改情况的文字判断3条）。")
    assert text(facts.select_one("a.pe-facts__more")) == "逐条内容见下方“问题与整改”"


def test_every_link_within_a_page_reaches_an_element(seed: Path) -> None:
    """MkDocs checks no anchor in raw HTML: #问题与整改 pointed at nothing (the heading's id
    was _2) on every project page. Every href="#…" of every seed page reaches an id."""
    broken = []
    for page in sorted(seed.rglob("index.html")):
        doc = soup(seed, page.parent.relative_to(seed).as_posix())
        ids = {e["id"] for e in doc.select("[id]")}
        broken += [(page.parent.name, a["href"]) for a in doc.select('a[href^="#"]')
                   if len(a["href"]) > 1 and a["href"][1:] not in ids]
    assert not broken
