"""关于数据 (issue 43 point 4): its list of published results whose figures differ from
their own sums includes a 部门整体 result that keeps such a figure, linking its own page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generator.content.discovery import read_content
from generator.site.context import build_context
from generator.site.pages import render_pages
from tests.conftest import HEADER, write_project
from tests.test_whole import WHOLE


def test_a_whole_result_whose_sums_differ_is_listed(tmp_path: Path) -> None:
    write_project(tmp_path, "2018/road.yml", HEADER.replace("2020", "2018") + "score: 70\n")
    # 年度主要任务: 132.20 + 300 = 432.20, not the 512.30 published (a warning, kept as written)
    write_project(tmp_path, "2018/yueyang.yml", WHOLE.replace(
        "- {name: 人员和日常运转, budget: 380.10", "- {name: 人员和日常运转, budget: 300"))
    content = read_content(tmp_path / "content", workers=1)
    assert [w.code for w in content.warnings] == ["tasks-sum-mismatch"]
    pages = dict(render_pages(build_context(content)))
    page = BeautifulSoup(pages["about/data/index.md"], "html.parser")
    intro = page.find(id="data-differing")
    assert intro is not None and "以下 1 项评价结果（项目和部门整体支出）" in intro.get_text()
    items = intro.find_next("ul").find_all("li")
    assert [(li.get_text(), li.a["href"]) for li in items] == [
        ("岳阳市城市管理监督指挥中心2018年度部门整体支出（2018 年度，部门整体支出）",
         "../../whole/2018/yueyang/")]
