"""部门整体 results on the site (issue 43, What-to-build 3): each has its own page that opens
with the answer and shows the form in its official layout; the department's 部门公开 page of
the year opens with it; the department page shows its score over the years; year summaries
list them in their own table and say that every statistic of projects leaves them out.

The site is ``tests/data/whole-site`` (two departments, projects and 部门整体 results over
2022 and 2023; its README says what is real and what is made up). Money is expected through
:mod:`generator.core.fmt`, as the pages print it."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from generator.content.discovery import read_content
from generator.core import fmt
from generator.core.collisions import _outputs
from generator.site.context import build_context
from generator.site.pages import render_pages
from tests.sitebuild import WHOLE_CONTENT as WHOLE_SITE

SEED = Path(__file__).resolve().parent.parent / "content"


@cache
def pages(folder: Path = WHOLE_SITE) -> dict[str, str]:
    return dict(render_pages(build_context(read_content(folder, workers=1))))


def soup(path: str, folder: Path = WHOLE_SITE) -> BeautifulSoup:
    return BeautifulSoup(pages(folder)[path], "html.parser")


def text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


def facts(table: Tag) -> dict[str, str]:
    """A facts table's label → value, over its two pairs a row."""
    out = {}
    for row in table.select("tr"):
        cells = row.find_all(["th", "td"])
        for label, value in zip(cells[::2], cells[1::2], strict=True):
            out[text(label)] = text(value)
    return out


def rows(table: Tag, section: str = "tbody") -> list[list[str]]:
    return [[text(c) for c in tr.find_all(["th", "td"])] for tr in table.select(f"{section} tr")]


def test_a_whole_result_has_its_own_page_that_opens_with_the_answer() -> None:
    page = soup("whole/2023/lincang-whole/index.md")
    assert text(page.h1) == "临沧市政务服务管理局2023年度部门整体支出"
    answer = page.select_one("section.pe-whole-answer")
    # the answer comes before any heading or form of the page
    assert answer is not None and answer.find_previous("h2") is None
    assert facts(answer.select_one("table.pe-facts")) == {
        "评价分值": "97.90 分", "评价等级": "优", "评价方式": "单位自评", "评价年度": "2023",
        "年度预算": f"{fmt.money(Decimal('695.00'))} 万元",
        "全年执行": f"{fmt.money(Decimal('688.00'))} 万元（执行率 98.99%）",
        "人员编制": "21 人", "实有人数": "19 人"}
    assert "不计入任何项目的平均分" in text(answer)


def test_the_page_shows_the_form_in_its_official_layout() -> None:
    page = soup("whole/2023/lincang-whole/index.md")
    form = page.select_one("section.pe-whole-form")
    assert form is not None and text(form.select_one(".pe-selfeval-title")) == \
        "部门整体支出绩效自评表（2023年度）"
    head = rows(form.select_one("table.pe-selfeval-head"))
    assert head[0] == ["部门（单位）名称", "临沧市政务服务管理局"]
    assert head[1] == ["人员编制", "21", "实有人数", "19"]
    assert head[2] == ["年度主要任务", "任务名称", "主要内容", "预算数", "执行数"]
    assert head[3] == ["政务服务中心运行", "保障市政务服务中心进驻窗口的运行",
                       fmt.money(Decimal("180.00")), fmt.money(Decimal("176.50"))]
    money = head[6:15]
    assert money[0][:2] == ["年度资金总额（万元）", ""]
    # 年度资金总额 with the 预算执行 row's 分值 and 得分, then the two splits, each headed
    assert money[1] == ["年度资金总额", *map(fmt.money, map(Decimal, ("650.00", "695.00",
                                                                   "688.00"))),
                        "10", "98.99%", "9.9"]
    assert [r[0] for r in money[2:]] == ["按收入性质", "一般公共预算", "政府性基金", "单位资金",
                                         "按支出性质", "基本支出", "项目支出"]
    assert money[7][:5] == ["基本支出", *map(fmt.money, map(Decimal, ("420.00", "420.00",
                                                                     "418.30"))), "—"]
    assert head[15][:3] == ["年度总体目标", "预期目标", "实际完成情况"]
    indicators = form.select_one("table.pe-selfeval-indicators")
    assert rows(indicators, "thead")[1] == ["一级指标", "二级指标", "三级指标", "年度指标值",
                                            "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    body = rows(indicators)
    assert body[0] == ["产出指标", "数量指标", "政务服务事项网上可办率", "≥95%", "98%", "20", "20",
                       ""]
    assert body[3][-1] == "部分事项跨部门协同仍需加强"
    assert body[-2] == ["总分", "100", "97.90", ""] and body[-1] == ["评价结论", "优"]


def test_a_score_table_keeps_only_its_columns() -> None:
    """A published 得分表 (一级 / 二级 / 三级, 分值, 得分; no 指标值, no money block)."""
    page = soup("whole/2022/dazhou-whole/index.md")
    form = page.select_one("section.pe-whole-form")
    assert form is not None and form.select_one("table.pe-selfeval-head") is None
    assert text(form.select_one(".pe-selfeval-title")).startswith("部门整体支出绩效评价得分表")
    indicators = form.select_one("table.pe-selfeval-indicators")
    assert rows(indicators, "thead")[1] == ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    assert len(rows(indicators)) == 29 + 2  # the corpus file's 29 leaves, 总分, 评价结论
    assert rows(indicators)[-2] == ["总分", "100", "94.00"]
    # as the 得分表 prints its 一级 / 二级 names with their weights (部门决策(25分)), and the score
    assert rows(indicators)[0] == ["部门决策（25分，得 23.00 分）", "目标任务（15分，得 14.00 分）",
                                   "相关性", "5", "5"]
    answer = facts(page.select_one("section.pe-whole-answer table"))
    assert (answer["评价方式"], answer["年度预算"], answer["全年执行"]) == (
        "第三方评价（某某会计师事务所）", "未公布", "未公布")
    markdown = pages()["whole/2022/dazhou-whole/index.md"]
    assert markdown.index("## 存在问题") < markdown.index("## 改进措施") < \
        markdown.index("## 部门整体支出绩效评价得分表")


def test_a_score_only_result_says_what_was_published() -> None:
    page = soup("whole/2022/lincang-whole/index.md")
    assert page.select_one("section.pe-whole-form") is None
    said = text(page.select_one("p.pe-whole-published"))
    assert said == ("临沧市政务服务管理局的 2022 年度部门整体支出绩效评价只公布了"
                    "评价分值（91.50 分）和评价等级，以及上面的文字；"
                    "没有公布评分表、年度资金总额和年度主要任务。")
    assert text(page.select_one(".pe-whole-problems")) == "部分窗口人员流动较大"


def test_the_department_page_of_the_year_opens_with_its_whole_result() -> None:
    page = soup("departments/lincang-zhengwu/2023/index.md")
    first = page.find(["section", "div"])
    assert first is not None and "pe-whole-answer" in first["class"]
    answer = facts(first.select_one("table.pe-facts"))
    assert (answer["评价分值"], answer["评价等级"], answer["评价方式"]) == ("97.90 分", "优",
                                                                           "单位自评")
    assert answer["全年执行"].endswith("（执行率 98.99%）")
    assert [text(li) for li in first.select(".pe-whole-tasks li")] == [
        f"政务服务中心运行（预算 {fmt.money(Decimal('180.00'))} 万元，执行 "
        f"{fmt.money(Decimal('176.50'))} 万元）",
        f"12345热线运行（预算 {fmt.money(Decimal('95.00'))} 万元，执行 "
        f"{fmt.money(Decimal('93.20'))} 万元）",
        f"人员和日常运转（预算 {fmt.money(Decimal('420.00'))} 万元，执行 "
        f"{fmt.money(Decimal('418.30'))} 万元）"]
    assert first.select_one(".pe-more a")["href"] == "../../../whole/2023/lincang-whole/"
    # then the disclosure of its projects, as before: one 信息表, the project's
    items = page.select("section.pe-disclosure-item")
    assert [text(i.select_one("td")) for i in items] == ["12345政务服务便民热线运行"]
    assert text(page.h1) == "临沧市政务服务管理局2023年度绩效评价结果"


def test_the_department_page_shows_its_whole_score_across_years() -> None:
    page = soup("departments/lincang-zhengwu/index.md")
    table = page.select_one("table.pe-whole-history")
    assert table is not None
    assert [r[:5] for r in rows(table)] == [
        ["2023", "临沧市政务服务管理局", "单位自评", "97.90", "优"],
        ["2022", "临沧市政务服务管理局", "单位自评", "91.50", "优"]]
    # the projects' figures stay their own: 2 projects, average of 88 and 85.5
    project_facts = facts(page.select("table.pe-facts")[-1])
    assert (project_facts["项目数"], project_facts["平均评价分值"]) == ("2 个", "86.75 分")


def test_year_summaries_list_whole_results_apart_and_say_so() -> None:
    page = soup("years/2022/index.md")
    top = facts(page.select_one("table.pe-facts"))
    assert (top["项目数"], top["平均评价分值"]) == ("2 个", "81.75 分")  # (85.5 + 78) / 2
    notes = [text(p) for p in page.select("p.pe-whole-apart")]
    assert notes[0].startswith("以上项目数、平均评价分值和下面的评价等级、项目一览、图表"
                               "只统计项目，不含本年度的 2 个部门整体支出绩效评价结果")
    assert notes[1] == "以下图表只统计项目，不含部门整体支出绩效评价结果。"
    projects = page.select_one("#year-projects")
    assert [text(a) for a in projects.select("td.pe-c-name a:not(.pe-term)")] == [
        "政务服务中心窗口运行保障", "良种推广补助"]
    own = page.select_one("table.pe-whole-summary")
    assert facts(own) == {"部门整体评价": "2 个", "平均评价分值": "92.75 分"}  # (91.5 + 94) / 2
    wholes = rows(page.select_one("#year-wholes"))
    assert [(r[1], r[2], r[4], r[5]) for r in wholes] == [
        ("临沧市政务服务管理局", "单位自评", "91.50", "优"),
        ("达州市农业农村局", "第三方评价", "94.00", "优")]
    grades = own.find_next("ul", class_="pe-grade-mix")
    assert [text(li) for li in grades.select("li")] == ["优 2 个", "良 0 个", "中 0 个", "差 0 个"]
    # the charts count the two projects only
    grade_chart = page.select_one("#chart-grades figcaption")
    assert "2 个项目中，良 1 个、中 1 个" in text(grade_chart)
    # the years' index lists them apart too
    index = soup("years/index.md").select_one("table.pe-whole-years")
    assert index is not None and [r[:3] for r in rows(index)] == [
        ["2023 年度", "1", "97.90"], ["2022 年度", "2", "92.75"]]
    # where no 部门整体 result exists, nothing of this is said (the seed site)
    seed = pages(SEED)
    assert not [p for p in seed if p.startswith("whole/")]
    assert not [p for p, t in seed.items() if "pe-whole" in t or "whole/" in t]


def test_a_year_or_department_of_whole_results_only_has_its_pages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "projects" / "2021").mkdir(parents=True)
    (content / "site.yml").write_text((WHOLE_SITE / "site.yml").read_text("utf-8"), "utf-8")
    (content / "projects" / "2021" / "nanxian.yml").write_text(
        "kind: 部门整体\nyear: 2021\ndepartment: 南县财政局\nscore: 97\n", "utf-8")
    (content / "projects" / "2021" / "road.yml").write_text(
        "name: 道路养护\nyear: 2021\ndepartment: 南县交通运输局\nbudget: 10.00\nscore: 80\n",
        "utf-8")
    (content / "projects" / "2020").mkdir()
    (content / "projects" / "2020" / "nanxian.yml").write_text(
        "kind: 部门整体\nyear: 2020\ndepartment: 南县财政局\nscore: 95\n", "utf-8")
    found = pages(content)
    year = BeautifulSoup(found["years/2020/index.md"], "html.parser")
    assert year.select_one("#year-projects") is None and year.select_one("#year-wholes")
    assert year.select_one("table.pe-facts:not(.pe-whole-summary)") is None
    slug = next(p.split("/")[1] for p in found if p.endswith("/2020/index.md")
                and p.startswith("departments/"))
    department = BeautifulSoup(found[f"departments/{slug}/2020/index.md"], "html.parser")
    assert department.select_one("section.pe-whole-answer") is not None
    # its Word disclosure (the 部门整体 part, SPEC §6: every 部门公开 page offers one), no
    # feed: the department published no project
    link = department.select_one(".pe-downloads a[download]")
    assert link is not None and text(link) == "Word 文档（.docx，公开格式）"
    assert link["href"].endswith(f"data/departments/{slug}/2020.docx")
    assert department.select_one(".pe-feed") is None
    assert text(department.select_one("p.pe-none-projects")) == \
        "南县财政局 2020 年度没有公开项目的绩效评价结果。"
    authority = BeautifulSoup(found[f"departments/{slug}/index.md"], "html.parser")
    assert [r[0] for r in rows(authority.select_one("table.pe-whole-history"))] == ["2021",
                                                                                   "2020"]
    assert authority.select_one("#authority-years") is None


def test_result_pages_carry_their_kind_for_the_search_facet() -> None:
    """类型 is the dialog's 评价对象 facet: 部门整体 on a 部门整体 page, 项目 on a project's."""
    for path, kind in (("whole/2023/lincang-whole/index.md", "部门整体"),
                       ("projects/2023/lincang-hotline/index.md", "项目")):
        filters = [e["data-pagefind-filter"]
                   for e in soup(path).select(".pe-facets [data-pagefind-filter]")]
        assert f"类型:{kind}" in filters and "评价方式:单位自评" in filters


def test_the_whole_page_is_among_the_checked_outputs() -> None:
    content = read_content(WHOLE_SITE, workers=1)
    paths = {path for path, _, _ in _outputs(content.projects, content.config)}
    assert "whole/2023/lincang-whole/index.md" in paths
    assert "projects/2023/lincang-whole/index.md" not in paths


def test_an_edited_whole_result_renders_its_department_pages_again(tmp_path: Path) -> None:
    """The 部门公开, department and year pages it opens are made again when only the 部门整体
    file changed (their fingerprints hold its file): the docs equal a clean build's."""
    import shutil

    from generator.publish.pipeline import build

    content = tmp_path / "content"
    shutil.copytree(WHOLE_SITE, content)
    build(content, tmp_path / "build", None)
    whole = content / "projects" / "2023" / "lincang-whole.yml"
    whole.write_text(whole.read_text("utf-8").replace("- name: 政务服务中心运行",
                                                      "- name: 政务服务大厅运行"), "utf-8")
    build(content, tmp_path / "build", None)
    docs = tmp_path / "build" / "docs"
    page = (docs / "departments" / "lincang-zhengwu" / "2023" / "index.md").read_text("utf-8")
    assert "政务服务大厅运行" in page and "政务服务中心运行" not in page
    build(content, tmp_path / "clean", None)
    for path in sorted((tmp_path / "clean" / "docs").rglob("*.md")):
        rel = path.relative_to(tmp_path / "clean" / "docs")
        assert (docs / rel).read_bytes() == path.read_bytes(), rel
