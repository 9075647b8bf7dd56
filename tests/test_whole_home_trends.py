"""Home and trends (issue 43 point 1): where they show statistics of projects, a site with
部门整体 results says these leave them out and links to where they are; home counts them,
trends lists them per year and 评价方式 (an average per method, never one across methods)."""

from __future__ import annotations

from tests.test_whole_pages import rows, soup, text


def test_home_says_its_statistics_leave_whole_results_out_and_counts_them() -> None:
    page = soup("index.md")
    note = page.find(id="home-wholes")
    assert note is not None
    assert text(note) == ("本页的统计和图表只含项目，不含部门整体支出绩效评价。"
                          "另有 3 个部门整体支出绩效评价结果（见年度汇总）。")
    assert note.a is not None and note.a["href"] == "years/"
    assert text(note.a) == "3 个部门整体支出绩效评价结果"


def test_trends_lists_whole_results_per_year_and_method() -> None:
    page = soup("trends/index.md")
    note = page.find(id="trend-whole-apart")
    assert note is not None and "不含各部门的部门整体支出绩效评价" in text(note)
    assert note.a is not None and note.a["href"] == "../years/"
    table = page.find(id="trend-wholes")
    assert table is not None
    assert rows(table) == [
        ["2022", "单位自评", "1", "91.50", "1", "0", "0", "0"],
        ["2022", "第三方评价", "1", "94.00", "1", "0", "0", "0"],
        ["2023", "单位自评", "1", "97.90", "1", "0", "0", "0"]]
    assert table.tbody is not None and table.tbody.a is not None
    assert table.tbody.a["href"] == "../years/2022/#whole-results"
