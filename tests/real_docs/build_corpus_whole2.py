"""部门整体支出绩效评价 documents of the corpus beyond ``build_corpus_whole`` (issue 43, a
second batch: provinces not yet covered), rebuilt as the files their publishers used, quirks
kept, from the stored copies of their pages. What a stored copy does not hold is not
invented; each sidecar ``.yml`` says what was read and what a correct import gives.

``python -m tests.real_docs.build_corpus_whole2`` writes every file (the same bytes each run).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.form_parts import MONEY_LABELS, indicator_head, run_down
from tests.real_docs.word import WHEN, docx_file, write_all


def guangdong_maoming_fagai() -> bytes:
    """茂名市发展和改革局 (广东) 2021 整体支出绩效自评报告, published as a PDF made from Word
    (“2021年茂名市发展和改革局部门整体支出绩效自评报告.pdf”): the title broken over two
    lines, a space where the PDF set a figure in a Latin font (“2021 年”, “63 人”), 实有编制数
    63 and 在职人数 57 in prose, the 年度总体工作 as a numbered list. The stored copy ends
    inside (四)部门整体支出绩效目标 (“二是”), before any figure of money or score."""
    return docx_file([("p", text) for text in (
        "2021 年茂名市发展和改革局整体支出\n绩效自评报告",
        "根据《关于开展 2022 年市级财政资金绩效自评工作的通知》（茂财绩函〔2022〕2 号）要求，"
        "我单位及时布置自评任务，明确人员分工，落实主体责任，认真开展自评自查工作，经查阅、核实"
        "有关账务及项目等执行情况，填写自评表格，形成本评价报告。现将 2021 年茂名市发展和改革局"
        "整体支出绩效自评报告如下：",
        "一、部门基本情况",
        "（一）部门职能",
        "我局负责拟订和组织实施全市国民经济和社会发展战略、中长期规划和年度计划、重点项目计划，"
        "负责全市固定资产投资项目审批、核准、备案及监督检查，项目招投标的指导和协调指导推进经济"
        "体制改革，组织实施价格调控监管，保障粮食和物资储备安全等。",
        "（二）设置机构及人员情况",
        "我局成立于 1958 年，属于国家行政单位，设 17 个内设机构。我局实有编制数 63 人，2021 年末"
        "在职人数 57 人、离退休人数 94 人。",
        "（三）年度总体工作和重点工作任务",
        "1、强化经济综合管理，积极发挥党委政府的参谋助手作用。",
        "2、紧紧扭住重点项目“牛鼻子”，促进固定资产投资增量提质。",
        "3、聚焦优势产业新兴产业和特色产业，加快建设现代产业体系。",
        "4、推动更深层次改革开放，更好激发市场发展活力。",
        "5、实施乡村振兴战略，推动城乡区域协调发展。",
        "6、践行绿色发展理念，加强生态文明建设。",
        "7、加快补齐社会民生短板，推动发展成果人民共享。",
        "8、做好粮食能源保障、电力、成品油及安全生产等工作，提高安全生产水平。",
        "9、坚持旗帜鲜明讲政治抓政治，更大力度推进系统党的建设和干部队伍建设。",
        "（四）部门整体支出绩效目标",
        "我局部门整体支出绩效目标：一是做好稳投资促增长工作；二是",
    )])


def anhui_jinzhai_chagu() -> bytes:
    """金寨县茶谷和美丽乡村建设服务中心 (六安市, 安徽) 部门整体支出绩效自评表 (2023年度), a
    web-page table as published (the form of 财预〔2020〕10号 附件 for a department): 部门 in
    place of 部门（单位）名称; 预算资金 (万元) with 年度资金总额 329.77 / 329.77 / 338.31, 分值 10,
    执行率 102.59% and its 得分 left empty; 其中：当年财政拨款 with “—” in 分值 and 得分;
    上年结转资金 / 其他资金 with “—” only; the letter-spaced 绩 效 指 标; 三级 names numbered
    “指标1：”; targets ≤4, ≥200, 9月前. The stored copy ends at “成本指标 | 指标1:”: the rows
    read before it are rebuilt, the rest (成本, 效益, 满意度, 总分) is not invented."""
    s = FormSheet("Sheet1", widths=[10, 10, 10, 30, 10, 10, 8, 8, 10, 12])
    s.put(1, 1, "部门整体支出绩效自评表", 1, 10)
    s.put(2, 1, "(2023年度)", 2, 10)
    s.put(3, 1, "部门")
    s.put(3, 2, "金寨县茶谷和美丽乡村建设服务中心", 3, 10)
    s.put(4, 1, "预算资金 (万元)", 8, 1)
    s.put(4, 2, None, 4, 4)
    for c, text in enumerate(MONEY_LABELS, 5):
        s.put(4, c, text)
    money = [("年度资金总额", ("329.77", "329.77", "338.31"), (10, "102.59%", None)),
             ("其中：当年财政拨款", ("329.77", "329.77", "338.31"), ("—", "102.59%", "—")),
             ("上年结转资金", None, ("—", None, "—")),
             ("其他资金", None, ("—", None, "—"))]
    for r, (name, amounts, tail) in enumerate(money, 5):
        s.put(r, 2, name, r, 4)
        for c, value in enumerate(amounts or (), 5):
            s.put(r, c, Decimal(value), number_format="0.00")
        for c, cell in zip((8, 9, 10), tail, strict=True):
            s.put(r, c, cell)
    s.put(9, 1, "年度总体目标", 10, 1)
    s.put(9, 2, "预期目标", 9, 5)
    s.put(9, 6, "实际完成情况", 9, 10)
    s.put(10, 2, "1.建设徽风皖韵美丽乡村；2.整治美丽宜居自然村庄；3.推进农村改厕提质增效；"
                 "4.深入开展村庄清洁行动；5.促进茶谷果岭融合发展。", 10, 5)
    s.put(10, 6, "1.启动燕子河镇龙马村、花石乡大湾村等4个精品示范村建设；2.整治美丽宜居自然村庄"
                 "202个；3.完成农村户用卫生厕所改造3061户；4.全面完成2022年度10个省级中心村各项建设"
                 "任务，并顺利通过省级验收；加快2023年度10个省级中心村任务，确保2024年通过各级验收。",
          10, 10)
    leaves = [("数量指标", "指标1：开展精品示范村建设数量", "≤4", "4", 10),
              (None, "指标2：建设美丽宜居自然村庄数量", "≥200", "202", 10),
              (None, "指标3：完成农村户用卫生厕所改造数量", "≥2000", "3061", 10),
              (None, "指标4：新建省级中心村数量", "≥10", "10", 10),
              ("质量指标", "指标1：美丽宜居自然村庄验收通过率", "≥95%", "100%", 5),
              (None, "指标2：户用卫生厕所改造验收通过率", "≥95%", "100%", 5),
              ("时效指标", "指标1：完成美丽宜居自然村庄验收时间", "9月前", "7月", 5),
              (None, "指标2：完成户用卫生厕所改造验收时间", "11月前", "10月", 5)]
    s.put(11, 1, "绩 效 指 标", 11 + len(leaves), 1)
    indicator_head(s, 11, ("一级指标", "二级指标", "三级指标", "年度 指标值", "实际 完成值", "分值",
                           "得分"))
    s.put(12, 2, "产出指标", 11 + len(leaves), 2)
    for r, (second, third, target, actual, weight) in enumerate(leaves, 12):
        if second is not None:
            s.put(r, 3, second, r + run_down([leaf[0] for leaf in leaves], r - 12) - 1, 3)
        for c, value in enumerate((third, target, actual, weight, weight), 4):
            s.put(r, c, value)
        s.put(r, 9, None, r, 10)
    return form_workbook([s], WHEN)


def anhui_shouxian_zhengti() -> bytes:
    """寿县 (淮南市, 安徽) 2023年度部门整体支出绩效评价自评表, a web-page table: 序号 / 一级指标
    / 二级指标 / 三级指标 / 指标分值 / 指标解释 / 指标说明及评分标准 / 自评得分, the weights in
    the 一级 and 二级 names written with a space (“规划 (15分)”, “基础信息 (3分)”), line breaks
    inside the names (“年度工作 计划完整性”), the 评分标准 written out; the 单位 row left blank.
    The stored copy ends inside row 6 (预算执行率, its 评分标准 cut off before its 得分)."""
    s = FormSheet("Sheet1", widths=[6, 12, 12, 16, 8, 40, 40, 8])
    s.put(1, 1, "2023年度部门整体支出绩效评价自评表", 1, 8)
    s.put(2, 1, "单位", 2, 1)
    s.put(2, 2, None, 2, 8)
    for c, text in enumerate(("序号", "一级 指标", "二级 指标", "三级 指标", "指标分值", "指标解释",
                              "指标说明及评分标准", "自评得分"), 1):
        s.put(3, c, text)
    rows = [
        ("基础信息 (3分)", "基础信息 完整性", 3, "部门及所属二级单位预算基础信息是否符合相关规定，"
         "信息资料是否真实、完整，用以评价该单位基础信息对预算编制数据的支撑情况（按年初预算基础信息表考核）。",
         "1、基础数据信息是否真实（1分）；\n2、基础数据信息是否完整（1分）；\n3、基础数据信息是否准确"
         "（1分）。", 3),
        ("工作计划 (6分)", "年度工作 计划完整性", 3,
         "部门及所属二级单位年度工作计划制定是否完整可行。",
         "年度工作计划是否完整可行（3分）", 3),
        (None, "年度工作 计划明确性", 3, "部门及所属二级单位年度工作计划制定是否明确可操作。",
         "年度工作计划是否明确可操作（3分）", 3),
        ("绩效目标 (6分)", "年度绩效 目标合理性", 4, "单位是否设置年度绩效目标，绩效目标设定是否"
         "符合单位实际，是否合理。",
         "1、设置年度绩效目标（2分，其中单位整体绩效目标1分，项目绩效目标1分，若单位无项目，得2分）"
         "\n2、绩效目标设置依据充分（1分）\n3、绩效目标合理，符合实际，可操作（1分）\n"
         "4、未设置绩效目标，该栏不得分", 4),
        (None, "年度绩效 目标明确性", 2, "是否制定明确、细化、量化的绩效目标。",
         "绩效目标明确，且细化、量化（2分）；", 2),
    ]
    s.put(4, 2, "规划 (15分)", 8, 2)
    for index, (second, third, weight, meaning, standard, score) in enumerate(rows):
        r = 4 + index
        s.put(r, 1, index + 1)
        if second is not None:
            s.put(r, 3, second, r + (1 if second.startswith(("工作", "绩效")) else 0), 3)
        for c, value in enumerate((third, weight, meaning, standard, score), 4):
            s.put(r, c, value)
    s.put(9, 1, 6)
    s.put(9, 2, "执行 (35分)")
    s.put(9, 3, "预算执行 (18分)")
    s.put(9, 4, "预算执行率")
    s.put(9, 5, 5)
    s.put(9, 6, "部门及所属二级单位本年度预算执行数与预算数的比率，用以反映和考核部门（单位）预算"
                "执行程度。预算执行率=（预算执行数/预算数）×100%。预算执行数：部门（单位）本年度实际执行的预算"
                "数。预算数：财政部门批复的本年度部门（单位）预算数。")
    s.put(9, 7, "1、除上级政策性因素影响外，年度无预算追加（1")
    return form_workbook([s], WHEN)


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "anhui-jinzhai-chagu-zhengti-2023.xlsx": anhui_jinzhai_chagu,
    "anhui-shouxian-zhengti-2023.xlsx": anhui_shouxian_zhengti,
    "guangdong-maoming-fagai-2021.docx": guangdong_maoming_fagai,
}


def main() -> None:
    """Write every document of this batch."""
    write_all(DOCUMENTS)


if __name__ == "__main__":
    main()
