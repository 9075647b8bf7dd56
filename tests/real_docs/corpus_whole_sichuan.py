"""The 四川 部门整体支出绩效评价 documents of :mod:`tests.real_docs.build_corpus_whole` (which
writes them with the rest): 达州's 得分表 as published and filled in, 恩阳's report, a 2017
决算 text with its 得分表 — rebuilt from the stored copies of their pages, quirks kept."""

from __future__ import annotations

from generator.downloads.selfeval_form import FormSheet
from tests.real_docs.form_parts import merged_down, run_down
from tests.real_docs.word import Cell, docx_file
from tests.selfeval_forms import xls_bytes

# 达州市农业农村局's 得分表: (一级, 二级, 三级) with the weights in the names, as printed
DAZHOU: list[tuple[str | None, str | None, str]] = [
    ("部门决策(25分)", "目标任务(15分)", "相关性(5分)"), (None, None, "明确性(5分)"),
    (None, None, "合理性(5分)"), (None, "预算编制(10分)", "测算依据(5分)"),
    (None, None, "目标管理(5分)"),
    ("综合管理(30分)", "专项资金分配时限(2分)", "市级财力专项预算分配时限(1分)"),
    (None, None, "中央专款分配合规率(1分)"), (None, "中期评估(2分)", "执行中期评估(2分)"),
    (None, "绩效监控(5分)", "预算执行进度监控(2分)"), (None, None, "绩效目标动态监控(3分)"),
    (None, "非税收入执收情况(2分)", "非税收入征收情况(1分)"), (None, None, "非税收入上缴情况(1分)"),
    (None, "资产管理(6分)", "资产管理信息化情况(2分)"),
    (None, None, "行政事业单位资产报告情况(2分)"), (None, None, "资产管理与预算管理相结合(2分)"),
    (None, "内控制度管理(2分)", "内部控制度健全完整(2分)"),
    (None, "信息公开(6分)", "预算公开(2分)"), (None, None, "决算公开(2分)"),
    (None, None, "绩效信息公开(2分)"), (None, "绩效评价(5分)", "绩效评价开展(2分)"),
    (None, None, "评价结果应用(3分)"),
    ("部门绩效情况(45分)", "履职成效(20分)", "部门特性指标"), (None, None, ""), (None, None, ""),
    (None, None, ""),
    (None, "可持续发展能力(15分)", "重点改革(重点工作)完成情况(5分)"),
    (None, None, "科技(制度、方法、机制等)创新(5分)"), (None, None, "人才培养(5分)"),
    (None, "满意度(10分)", "协作部门满意度(3分)"), (None, None, "管理对象满意度(3分)"),
    (None, None, "社会公众满意度(4分)"),
]


def sichuan_dazhou_nongye() -> bytes:
    """达州市农业农村局 (四川): the 部门整体支出绩效评价得分表 of 四川's framework (部门决策 25,
    综合管理 30, 部门绩效情况 45; the weights in the names) with the 得分 column empty, and
    the 部门特性指标 rows left blank for the department to fill; no title above it in the
    stored copy. Then the 项目支出 评分表 (单位名称/项目名称, 分值 printed), its 一级 / 二级
    names lost in the stored copy (only “(20分)”, “(10分)” remain), read up to 社会效益."""
    firsts = merged_down([row[0] for row in DAZHOU])
    seconds = merged_down([row[1] for row in DAZHOU])
    rows: list[list[Cell]] = [["一级指标", "二级指标", "三级指标", "得分"]]
    for first, second, (_, _, third) in zip(firsts, seconds, DAZHOU, strict=True):
        rows.append([first, second, third, ""])
    project: list[list[Cell]] = [
        [("单位名称/ 项目名称", 1, 5)],
        ["一级 指标", "二级 指标", "三级指标", "分值", "得分"],
        [("(20分)", 4, 1), ("(10分)", 2, 1), "必要性", "5", ""],
        [None, None, "可行性", "5", ""],
        [None, ("(10)", 2, 1), "明确性", "5", ""],
        [None, None, "合理性", "5", ""],
        [("(10分)", 3, 1), ("(7分)", 2, 1), "资金分配", "3", ""],
        [None, None, "资金使用", "4", ""],
        [None, "(3分)", "执行规范", "3", ""],
        [("(特性指标70分)", 6, 1), ("(20)", 4, 1), "完成数量", "5", ""],
        [None, None, "完成质量", "5", ""],
        [None, None, "完成时效", "5", ""],
        [None, None, "完成成本", "5", ""],
        [None, ("(50分)", 2, 1), "经济效益(可选项)", "40", ""],
        [None, None, "社会", "", ""],
    ]
    return docx_file([("table", (4, rows)), ("table", (5, project))])


def sichuan_dazhou_nongye_filled() -> bytes:
    """The same 得分表 as an Excel 97–2003 workbook, FILLED IN: the title row, the year and
    every 得分 are MADE UP (no filled copy is stored), and the blank 部门特性指标 rows are
    two made-up indicators of 10 points; the labels and weights are 达州's as printed."""
    sheet = FormSheet("得分表", widths=[18, 22, 34, 10])
    sheet.put(1, 1, "达州市农业农村局2019年度部门整体支出绩效评价得分表", 1, 4)
    for c, text in enumerate(("一级指标", "二级指标", "三级指标", "得分"), 1):
        sheet.put(2, c, text)
    rows = [r for r in DAZHOU if r[2] != ""]
    rows[rows.index(("部门绩效情况(45分)", "履职成效(20分)", "部门特性指标"))] = (
        "部门绩效情况(45分)", "履职成效(20分)", "粮食播种面积完成率(10分)")
    rows.insert(rows.index(("部门绩效情况(45分)", "履职成效(20分)", "粮食播种面积完成率(10分)"))
                + 1, (None, None, "农业产业化项目完成率(10分)"))
    scores = [5, 5, 4, 4, 5, 1, 1, 2, 2, 3, 1, 1, 2, 2, 1, 2, 2, 2, 2, 2, 3, 10, 9, 5, 4, 5, 3,
              3, 3]
    assert len(scores) == len(rows)
    for index, ((first, second, third), score) in enumerate(zip(rows, scores, strict=True)):
        r = index + 3
        for c, text in ((1, first), (2, second)):
            if text is not None:
                sheet.put(r, c, text, r + run_down([row[c - 1] for row in rows], index) - 1)
        sheet.put(r, 3, third)
        sheet.put(r, 4, score)
    sheet.put(len(rows) + 3, 1, "总分", None, 3)
    sheet.put(len(rows) + 3, 4, sum(scores))
    return xls_bytes([sheet])


def sichuan_enyang_nongye() -> bytes:
    """巴中市恩阳区农业农村局 (四川) 部门整体支出绩效评价报告: the 部门概况 only — the stored
    copy ends inside (二)机构职能, before any figure or score."""
    return docx_file([("p", text) for text in (
        "巴中市恩阳区农业农村局部门整体支出绩效评价报告",
        "一、部门概况",
        "（一）机构组成",
        "巴中市恩阳区农业农村局是恩阳区人民政府所属的政府行政职能部门，内设办公室（政策法规股、行政"
        "审批股、信访股）、乡村振兴办公室（区委农办秘书股、宜居乡村建设股）、园区建设和产业发展股（农业"
        "信息化和统计股）、农村发展项目办公室、种植业与农药肥料股（粮油股）、畜牧兽医渔业股（动物屠宰"
        "管理办公室）、农产品质量安全监管股（绿色食品管理办公室）、农业机械化股、农村改革股（农村宅基地"
        "管理股）、生态保护修复股（区绿化委员会办公室）、森林资源管理股（林权管理股）、森林防火办公室、"
        "科技教育股、计划财务股、人事股（党建办）。",
        "（二）机构职能",
        "执行国家、省、市有关种植业、林业、畜牧业、渔业、农业机械化等农业农村领域工作的法律、法规、"
        "政策以及区委、区政府关于“三农”和林业方面的决策部署；……承担全区农业和林业防灾减灾、动植物"
        "重大病虫",
    )])


def sichuan_benbumen_2017() -> bytes:
    """A 四川 department's 2017 决算 text as re-posted (wanglu.net): “本部门对2017年整体支出
    开展绩效自评,自评得分90分”, its 存在的问题 and 改进措施, then the 2017年部门整体支出绩效
    评价得分表 of 四川's framework (省级财力: a provincial department) with its 得分, read up
    to 中央专款分配合规 where the stored copy breaks off. The department is never named."""
    rows: list[list[Cell]] = [
        ["一级指标", "二级指标", "三级指标", "得分"],
        [("部门决策(25分)", 5, 1), ("目标任务(15分)", 3, 1), "相关性(5分)", "5"],
        [None, None, "明确性(5分)", "5"],
        [None, None, "合理性(5分)", "5"],
        [None, ("预算编制(10分)", 2, 1), "测算依据(5分)", "2"],
        [None, None, "目标管理(5分)", "4"],
        [("综合管理(30分)", 2, 1), ("专项资金分配时限(2分)", 2, 1), "省级财力专项预算分配时限(1分)",
         "1"],
        [None, None, "中央专款分配合规", ""],
    ]
    return docx_file([
        ("p", "3.部门整体支出绩效自评开展情况."),
        ("p", "按照预算绩效管理要求，本部门对2017年整体支出开展绩效自评，自评得分90分，存在的问题："
              "一是年初编制项目资金预算时对对象摸底不够准确，造成预算资金过大。二是专项资金申报不够"
              "及时。下一步改进措施：一是年初编制预算时应对项目实施对象准确摸底，确保预算安排的准确"
              "性。二是按要求开展专项工作，按进度申报资金计划，及时拨付资金。"),
        ("p", "2017年部门整体支出绩效评价得分表"),
        ("table", (4, rows)),
    ])
