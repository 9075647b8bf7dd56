"""Importing 部门整体支出绩效评价 (issue 43, What-to-build 2 and 6), beside the corpus of
``tests/test_real_documents.py``: a 重点评价 list's 整体支出 rows become ``kind: 部门整体``
and stay out of the statistics of projects; a report that states its score imports with its
问题 and 改进措施; one that names no department, or states no score, is refused by name."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from generator.cli import main
from generator.content.discovery import read_content
from generator.intake.importer import import_workbook, plan_import
from generator.site.context import build_context
from tests.real_docs.word import docx_file

NOTICE = [  # a 重点评价 notice as the issue quotes it: two 整体支出 beside a project
    ("衢州市科技局整体支出", "衢州市科技局", "1200.00", "优"),
    ("衢州市退役军人事务局整体支出", "衢州市退役军人事务局", "860.00", "良"),
    ("衢州市农村饮用水提升工程", "衢州市水利局", "3500.00", "中"),
]


def _notice(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "重点评价结果"
    sheet.append(["2023年度重点绩效评价结果"])
    sheet.append(["序号", "项目名称", "主管部门", "资金量（万元）", "评价等级"])
    for number, row in enumerate(NOTICE, 1):
        sheet.append([number, *row])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_a_notice_row_of_a_whole_expenditure_is_a_whole_department_result(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(_notice(tmp_path / "notice.xlsx"), content, out=lines.append), lines
    read = read_content(content, workers=1)
    assert read.errors == []
    kinds = {p.name: p.kind for p in read.projects}
    assert kinds == {"衢州市科技局整体支出": "部门整体", "衢州市退役军人事务局整体支出": "部门整体",
                     "衢州市农村饮用水提升工程": "项目"}
    text = next((content / "projects" / "2023").glob("*.yml")).read_text(encoding="utf-8")
    assert "kind:" in text or len(list((content / "projects" / "2023").glob("*.yml"))) == 3
    site = build_context(read)
    group = site.years[2023]  # the grades of the two 整体支出 are not a project's
    assert (group.count, group.grade_counts()) == (1, {"优": 0, "良": 0, "中": 1, "差": 0})
    assert sorted(p.grade_shown for p in site.wholes) == ["优", "良"]


REPORT = [
    "某县教育局2022年度部门整体支出绩效自评报告",
    "部门（单位）名称：某县教育局",
    "评价方式：部门（单位）绩效自评",
    "一、自评结论",
    "按照预算绩效管理要求，对某县教育局2022年度部门整体支出开展绩效自评，自评得分92.5分，存在的"
    "问题：一是部分项目资金支出进度偏慢。二是绩效目标设置不够细化。下一步改进措施：一是加快资金"
    "支出进度。二是细化绩效目标。",
]


def test_a_report_that_states_its_score_imports_as_a_score_only_result(tmp_path: Path) -> None:
    """The sentence gives the score; the labelled line the department; 存在的问题 and 改进
    措施 their items (一是…二是…); 评价方式 a self-evaluation."""
    document = tmp_path / "report.docx"
    document.write_bytes(docx_file([("p", text) for text in REPORT]))
    content = tmp_path / "content"
    lines: list[str] = []
    assert import_workbook(document, content, out=lines.append), lines
    read = read_content(content, workers=1)
    assert read.errors == []
    result = read.full(read.projects[0])
    assert (result.kind, result.name, result.year, result.department, result.budget,
            result.total, result.grade, result.method) == (
        "部门整体", "某县教育局2022年度部门整体支出", 2022, "某县教育局", None,
        Decimal("92.5"), "优", "单位自评")
    assert result.problems_found == ["部分项目资金支出进度偏慢", "绩效目标设置不够细化"]
    assert result.recommendations == ["加快资金支出进度", "细化绩效目标"]


def test_a_report_of_nobody_or_without_a_score_is_refused_by_name(tmp_path: Path) -> None:
    nobody = tmp_path / "nobody.docx"
    nobody.write_bytes(docx_file([("p", REPORT[0].replace("某县教育局", "")), ("p", REPORT[4]
                                  .replace("对某县教育局2022年度部门", "本部门对2022年度"))]))
    plan = plan_import(nobody, tmp_path / "content")
    assert [p.code for p in plan.problems.errors] == ["import-whole-no-department"]
    assert "部门（单位）名称" in plan.problems.errors[0].message
    scoreless = tmp_path / "scoreless.docx"
    scoreless.write_bytes(docx_file([("p", t.replace("自评得分92.5分，", "")) for t in REPORT]))
    plan = plan_import(scoreless, tmp_path / "content")
    assert [p.code for p in plan.problems.errors] == ["import-whole-no-score"]


def test_a_blank_score_table_is_named_for_what_it_is(tmp_path: Path) -> None:
    """The 达州 得分表 (no title above it) is refused as 部门整体支出绩效评价得分表，得分为空
    at its first 一级指标, where it used to be refused as a table of scores of no project; and
    all that it lacks is said at once (no department, no year), not the first alone."""
    document = Path(__file__).parent / "data" / "real" / "sichuan-dazhou-nongye-defenbiao.docx"
    plan = plan_import(document, tmp_path / "content")
    assert [(p.code, p.where.sheet, p.where.cell) for p in plan.problems.errors] == [
        ("import-whole-no-score", "表 1", "第 2 行第 1 列"),
        ("import-whole-no-department", "表 1", "第 2 行第 1 列"),
        ("import-form-year", "表 1", "第 2 行第 1 列")]
    assert "部门整体支出绩效评价得分表，得分为空" in plan.problems.errors[0].message


SCORES = ("table", (5, [["一级指标", "二级指标", "三级指标", "分值", "得分"],
                        ["部门决策", "目标设定", "绩效目标合理性", "10", "9"],
                        ["部门管理", "资金管理", "预算执行率", "90", "85"]]))


def test_a_label_glued_to_its_name_is_read_and_a_label_left_blank_is_not(
        tmp_path: Path) -> None:
    """A PDF's borderless 部门（单位）名称 row above its ruled table comes as one line, the
    label and the name with no colon between (LibreOffice's 临沧 自评表); a 填报单位 left
    blank before “单位：万元” is no name (the 布祥 基础数据表): refused as a result of nobody."""
    title = ("p", "2022年度部门整体支出绩效评价得分表")
    glued = tmp_path / "glued.docx"
    glued.write_bytes(docx_file([title, ("p", "部门（单位）名称  某县教育局"), SCORES]))
    plan = plan_import(glued, tmp_path / "content")
    assert plan.problems.errors == []
    assert [yaml.safe_load(p.text)["department"] for p in plan.files] == ["某县教育局"]
    blank = tmp_path / "blank.docx"
    blank.write_bytes(docx_file([title, ("p", "填报单位：单位：万元"), SCORES]))
    plan = plan_import(blank, tmp_path / "content")
    assert [p.code for p in plan.problems.errors] == ["import-whole-no-department"]


def test_check_counts_whole_department_results_apart(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`check` says “1 个项目、2 个部门整体”: a department's whole budget is no project."""
    content = tmp_path / "content"
    assert import_workbook(_notice(tmp_path / "notice.xlsx"), content, out=lambda _: None)
    capsys.readouterr()
    assert main(["check", str(content), "--workers", "1"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 个项目、2 个部门整体，0 个错误，0 个警告"


COVER = [("p", "岳阳市2018年度部门整体支出绩效评价自评报告"),
         ("p", "部门(单位)名称:  岳阳市城市管理监督指挥中心"),
         ("p", "评价方式:部门(单位)绩效自评"), ("p", "一、部门(单位)基本概况")]
PROFILE = ("table", (4, [["联系人", "吴俊", "联络电话", "8690022"],
                         ["人员编制", "21", "实有人数", "20"]]))


def test_a_report_reads_its_staff_from_the_profile_above_its_score_table(
        tmp_path: Path) -> None:
    """湖南's 自评报告: the 基本概况 table (人员编制, 实有人数, 联系人) stands above the 评分表
    and holds no score; it is the same result's, not a refusal of its own."""
    document = tmp_path / "report.docx"
    document.write_bytes(docx_file([*COVER, PROFILE, ("p", "二、评分表"), SCORES]))
    plan = plan_import(document, tmp_path / "content")
    assert plan.problems.errors == [], [p.message for p in plan.problems.errors]
    [data] = [yaml.safe_load(p.text) for p in plan.files]
    assert (data["department"], data["staff"], data["method"], data["other_fields"]) == (
        "岳阳市城市管理监督指挥中心", {"authorized": 21, "actual": 20}, "单位自评",
        {"联系人": "吴俊", "联络电话": "8690022"})


def test_a_report_of_nobody_without_a_score_is_told_both(tmp_path: Path) -> None:
    """All that a report lacks is said in one run: no score and no department."""
    document = tmp_path / "bare.docx"
    document.write_bytes(docx_file([("p", "2022年度部门整体支出绩效评价报告"),
                                    ("p", "本部门对2022年度整体支出开展了绩效自评。")]))
    plan = plan_import(document, tmp_path / "content")
    assert [p.code for p in plan.problems.errors] == ["import-whole-no-score",
                                                      "import-whole-no-department"]


def test_nothing_printed_on_a_whole_form_is_dropped(tmp_path: Path) -> None:
    """A 部门整体 自评表 is read as the project forms are: a label with its text that no part
    takes is kept in other_fields, a text with no label is named at its cell."""
    from openpyxl import load_workbook

    from tests.real_docs.build_corpus_whole import yunnan_lincang_zhengwu

    book = load_workbook(io.BytesIO(yunnan_lincang_zhengwu()))
    sheet = book.active
    sheet["A23"], sheet["B23"] = "填表人", "李华"
    sheet["A24"] = "以上数据经主管部门审核"
    path = tmp_path / "form.xlsx"
    book.save(path)
    plan = plan_import(path, tmp_path / "content")
    assert plan.problems.errors == []
    assert [(p.code, p.where.cell) for p in plan.problems if p.code == "import-form-unread"] \
        == [("import-form-unread", "A24")]
    [data] = [yaml.safe_load(p.text) for p in plan.files]
    assert data["other_fields"] == {"填表人": "李华"}


def test_a_report_titled_year_first_names_its_department(tmp_path: Path) -> None:
    """广东 (茂名) titles its report year first, over two lines (“2021 年茂名市发展和改革局
    整体支出 / 绩效自评报告”): the department is the name between the year and 整体支出."""
    document = tmp_path / "report.docx"
    document.write_bytes(docx_file([
        ("p", "2021 年某市发展和改革局整体支出\n绩效自评报告"),
        ("p", "经自评，2021年度部门整体支出绩效自评得分95分。")]))
    plan = plan_import(document, tmp_path / "content")
    assert plan.problems.errors == [], [p.message for p in plan.problems.errors]
    [data] = [yaml.safe_load(p.text) for p in plan.files]
    assert (data["department"], data["year"], data["score"]) == ("某市发展和改革局", 2021, 95)


def test_anhui_form_names_its_department_部门_and_its_money_预算资金(tmp_path: Path) -> None:
    """金寨 (安徽) prints 部门 beside the name and 预算资金（万元） over its 年度资金总额 row:
    both are read (the deadlines 9月前 / 7月 are written as ≤9月 here, as the format needs),
    and nothing printed is left unread."""
    from openpyxl import load_workbook

    from tests.real_docs.build_corpus_whole2 import anhui_jinzhai_chagu

    book = load_workbook(io.BytesIO(anhui_jinzhai_chagu()))
    sheet = book.active
    sheet["E18"], sheet["E19"] = "≤9月", "≤11月"
    path = tmp_path / "form.xlsx"
    book.save(path)
    plan = plan_import(path, tmp_path / "content")
    assert [p for p in plan.problems if p.code == "import-form-unread"] == []
    [data] = [yaml.safe_load(p.text) for p in plan.files]
    assert (data["department"], data["year"], str(data["budget"]), str(data["spent"])) == (
        "金寨县茶谷和美丽乡村建设服务中心", 2023, "329.77", "338.31")
    assert [(s["name"], str(s["budget"]), str(s["spent"]))
            for s in data["funding"]["sources"]] == [("当年财政拨款", "329.77", "338.31")]
