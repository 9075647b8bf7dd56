"""Real published documents (issue 32, first half: 安徽, 四川, 云南, 湖南), rebuilt cell by
cell as the Excel/Word files their publishers used.

Each function returns the bytes of one file of ``tests/data/real/``; its sidecar ``.yml``
(written by hand, not here) gives the page's address, what was read there and what a correct
import gives. The stored copies of the pages fold full-width punctuation to ASCII (NFKC):
template labels are written back with the full-width ``（）：`` Chinese forms print, the filled-in
texts exactly as read. Quirks are kept: a 年度资金总额 row of zeros above the money, 其中 rows
without 分值, letter-spaced labels, a 二级 label written once over blank cells, placeholder
``……`` rows, a table restarting its labels on the next page, weights that add up to 110.
Where the stored copy of a page ends before the form does, the rows after that point are
marked in the function (``INFERRED``) and in the sidecar's ``derivation``.

``python -m tests.real_docs.build_corpus_a`` writes every file (the same bytes each run).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.form_parts import indicator_head, project_head
from tests.real_docs.word import WHEN, Cell, docx_file, write_all


def _xlsx(sheets: list[FormSheet]) -> bytes:
    return form_workbook(sheets, WHEN)


# --- 安徽 -------------------------------------------------------------------------------


def anhui_tangxi_weituo() -> bytes:
    """池州市贵池区棠溪镇, 项目支出绩效自评表（2022年度）, 委托业务项目: the 年度资金总额 row
    prints 0 / 0 / 0 (执行率 0, 得分 0) while 其中：本年财政拨款 holds 90 / 89.974 / 89.974;
    an 经济效益指标 row with no 三级 indicator. The stored copy ends at "公众满": row 24's
    values and row 25 (总分) are INFERRED (see the sidecar)."""
    s = FormSheet("Sheet1")
    s.put(1, 1, "附件：")
    s.put(2, 1, "项目支出绩效自评表", 2, 10)
    s.put(3, 1, "（2022年度）", 3, 10)
    project_head(s, 4, "委托业务项目", "219-池州市贵池区棠溪镇人民政府",
                 "219001-池州市贵池区棠溪镇人民政府")
    s.put(7, 3, "年度资金总额：", 7, 4)
    for col, value in enumerate((0, 0, 0, 10, 0, 0), 5):
        s.put(7, col, value)
    s.put(8, 3, "其中：本年财政拨款", 8, 4)
    s.put(8, 5, 90)
    s.put(8, 6, Decimal("89.974"), number_format="0.000")
    s.put(8, 7, Decimal("89.974"), number_format="0.000")
    s.put(9, 3, "上年结转资金", 9, 4)
    s.put(10, 3, "其他资金", 10, 4)
    s.put(11, 1, "年度总体目标", 12, 1)
    s.put(11, 2, "预期目标", 11, 6)
    s.put(11, 7, "实际完成情况", 11, 10)
    s.put(12, 2, "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建"
                 "工程项目审计;30万元用于基建工程项目设计、规划、测绘。", 12, 6)
    s.put(12, 7, "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于"
                 "基建工程项目审计;29.99万元用于基建工程项目设计、规划、测绘。", 12, 10)
    s.put(13, 1, "绩效指标", 24, 1)
    indicator_head(s, 13)
    done = "达成预期指标"
    rows: list[tuple[str, Any, Any, Any, Any]] = [
        ("基建工程委托业务项目数量", "≥50个", 50, 8, 8),
        ("委托业务报告合格率", "≥100百分比", 100, 8, 8),
        ("经费支出合规性", "严格执行相关制度规定", done, 8, 8),
        ("提交报告及时性", "在项目计划完成时间内完成", done, 8, 8),
        ("项目总成本", "≤90万元", 90, 8, 8),
        ("单项业务成本", "符合相关规定", done, 10, 10),
        ("对维护基建市场公平的影响程度", "效果明显", done, 10, 10),
        ("对控制基建项目成本影响程度", "效果明显", done, 10, 10),
        ("对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", done, 10, 10),
    ]
    for r, (name, target, actual, weight, score) in enumerate(rows, 14):
        for col, value in enumerate((name, target, actual, weight, score), 4):
            s.put(r, col, value)
        s.put(r, 9, None, r, 10)
    s.put(14, 2, "产出指标（50分）", 19, 2)
    s.put(14, 3, "数量指标")
    s.put(15, 3, "质量指标", 16, 3)
    s.put(17, 3, "时效指标")
    s.put(18, 3, "成本指标", 19, 3)
    s.put(20, 2, "效益指标（30分）", 23, 2)
    s.put(20, 3, "社会效益指标")
    s.put(21, 3, "生态效益指标")
    s.put(22, 3, "可持续影响指标")
    s.put(23, 3, "经济效益指标")  # printed with nothing beside it
    s.put(23, 9, None, 23, 10)
    s.put(24, 2, "满意度指标（10分）")
    s.put(24, 3, "满意度指标")
    s.put(24, 4, "公众满意度")  # read up to "公众满"; the rest of row 24 is INFERRED
    s.put(24, 5, "≥90百分比")
    s.put(24, 6, done)
    s.put(24, 7, 10)
    s.put(24, 8, 10)
    s.put(24, 9, None, 24, 10)
    s.put(25, 1, "总分", 25, 6)  # INFERRED row
    s.put(25, 7, 100)
    s.put(25, 8, 90)
    s.put(25, 9, None, 25, 10)
    return _xlsx([s])


def anhui_xiaoxian_hexicun() -> bytes:
    """萧县张庄寨镇, 绩效目标自评表（2023年度）, 河西村特色种养补贴到户项目 (衔接资金 layout):
    分值 before 年度指标值, 全年实际值, 年初设定目标 / 年度总体目标完成情况综述,
    未完成原因及拟采取的改进措施; "其中…" breakdown rows without 分值/得分 under three ★
    indicators; 质量指标 and 经济效益指标 written once on a row of their own with the
    indicators below; letter-spaced
    一级 labels; "……" placeholder rows; the 其中 money row repeats 分值 / 执行率 / 得分.
    The stored copy ends at "满意": rows 32-33 are INFERRED (see the sidecar)."""
    s = FormSheet("Sheet1")
    s.put(1, 1, "绩效目标自评表", 1, 10)
    s.put(2, 1, "（2023年度）", 2, 10)
    s.put(3, 1, "项目名称", 3, 2)
    s.put(3, 3, "河西村特色种养补贴到户项目", 3, 5)
    s.put(3, 6, "项目负责人及电话", 3, 7)
    s.put(3, 8, "李宁0557-5788003", 3, 10)
    s.put(4, 1, "主管部门", 4, 2)
    s.put(4, 3, "县农业农村局", 4, 5)
    s.put(4, 6, "实施单位", 4, 7)
    s.put(4, 8, "张庄寨镇人民政府", 4, 10)
    s.put(5, 1, "资金情况\n（万元）", 8, 2)
    s.put(5, 3, None, 5, 4)
    for col, label in enumerate(("全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）"), 5):
        s.put(5, col, label)
    s.put(5, 9, "得分", 5, 10)
    for r, label in ((6, "年度资金总额："), (7, "其中：本年财政拨款")):
        s.put(r, 3, label, r, 4)
        s.put(r, 5, Decimal("9.48"), number_format="0.00")
        s.put(r, 6, Decimal("9.48"), number_format="0.00")
        s.put(r, 7, 10)
        s.put(r, 8, "100%")
        s.put(r, 9, 10, r, 10)
    s.put(8, 3, "其他资金", 8, 4)
    s.put(8, 5, "-")
    s.put(8, 6, "-")
    s.put(8, 9, None, 8, 10)
    s.put(9, 1, "年度总体目标", 10, 2)
    s.put(9, 3, "年初设定目标", 9, 6)
    s.put(9, 7, "年度总体目标完成情况综述", 9, 10)
    goal = "落实39户特色种养业奖补政策,增加脱贫户家庭收入"
    s.put(10, 3, goal, 10, 6)
    s.put(10, 7, goal, 10, 10)
    s.put(11, 1, "绩效指标", 32, 1)
    for col, label in enumerate(("一级\n指标", "二级指标", "三级指标", "分值", "年度指标值",
                                 "全年实际值", "得分"), 2):
        s.put(11, col, label)
    s.put(11, 9, "未完成原因及拟采取的改进措施", 11, 10)
    # (row, 二级 label or None, 三级, 分值, 年度指标值, 全年实际值, 得分)
    rows: list[tuple[int, Any, Any, Any, Any, Any, Any]] = [
        (12, "数量指标", "★补助各类瓜果蔬菜种植面积", 20, "29.5亩", "29.5亩", 20),
        (13, None, "其中桃树种植面积", None, "1.5亩", "1.5亩", None),
        (14, None, "其中苹果树种植面积", None, "5亩", "5亩", None),
        (15, None, "其中露天蔬菜", None, "20亩", "20亩", None),
        (16, None, "其中大棚蔬菜", None, "3亩", "3亩", None),
        (17, None, "★补助鱼塘面积", 10, "3亩", "3亩", 10),
        (18, None, "其中鱼塘养殖面积", None, "3亩", "3亩", None),
        (19, None, "★补助家畜家禽养殖数量", 10, "192只", "192只", 10),
        (20, None, "其中羊养殖数量", None, "180只", "180只", None),
        (21, None, "其中猪养殖数量", None, "12头", "12头", None),
        (22, "质量指标", None, None, None, None, None),
        (23, None, "种植作物成活率", 5, "95%", "95%", 5),
        (24, None, "养殖家畜家禽成活率", 5, "95%", "100%", 5),
        (25, None, "……", None, None, None, None),
        (26, "经济效益\n指标", None, None, None, None, None),
        (27, None, "特色产业带动增加受益农户收入(总收入)", 20, "≥11.376万元", "12万元", 20),
        (28, "社会效益\n指标", "受益人口数量", 10, "90人", "90人", 10),
        (29, "生态效益\n指标", None, None, None, None, None),
        (30, "可持续影响指标", None, None, None, None, None),
        (31, None, "……", None, None, None, None),
        # INFERRED: the stored copy ends at "满意"
        (32, "服务对象满意度指标", "受益脱贫户满意度", 10, "≥90%", "95%", 10),
    ]
    for r, second, *rest in rows:
        s.put(r, 3, second)
        for col, value in enumerate(rest, 4):
            s.put(r, col, value)
        s.put(r, 9, None, r, 10)
    s.put(12, 2, "产 出 指 标 （50分）", 25, 2)
    s.put(26, 2, "效 益 指 标 （30分）", 31, 2)
    s.put(32, 2, "满意度指标\n（10分）")
    s.put(33, 1, "总分", 33, 4)  # INFERRED row
    s.put(33, 5, 100)
    s.put(33, 8, 100)
    s.put(33, 9, None, 33, 10)
    return _xlsx([s])


# --- 四川 -------------------------------------------------------------------------------


def sichuan_qingshen_gongzi() -> bytes:
    """青神县发展和改革局, 部门预算项目支出绩效自评表（2023年度）, 报表编号 510000_0013zp, 工资性
    支出: 11 columns (指标性质 / 指标值 / 度量单位 / 完成值 / 权重), 合计 row with the weights
    (100) and no score — and never filled in: 完成值 and 得分 blank, the 预算执行 得分 blank,
    评价结论 / 存在问题 / 改进措施 still the template's instructions."""
    s = FormSheet("Sheet1")
    s.widths = [12, 12, 12, 18, 8, 10, 10, 10, 8, 8, 16]
    s.put(1, 1, "报表编号：510000_0013zp")
    s.put(2, 1, "部门预算项目支出绩效自评表（2023年度）", 2, 11)
    s.put(3, 1, "项目名称")
    s.put(3, 2, "51000021R000000019951-工资性支出", 3, 11)
    s.put(4, 1, "主管部门")
    s.put(4, 2, "青神县发展和改革局本级", 4, 5)
    s.put(4, 6, "实施单位\n（盖章）", 4, 7)
    s.put(4, 8, "青神县发展和改革局", 4, 11)
    s.put(5, 1, "项目基本情况", 7, 1)
    s.put(5, 2, "1.项目年度目标完成情况", 6, 3)
    s.put(5, 4, "项目年度目标", 5, 7)
    s.put(5, 8, "年度目标完成情况", 5, 11)
    s.put(6, 4, "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,"
                "减少结余资金。", 6, 7)
    s.put(6, 8, "对照年度目标,说明相关任务目标的完成情况(100字以内)", 6, 11)
    s.put(7, 2, "2.项目实施内容及过程概述", 7, 3)
    s.put(7, 4, None, 7, 11)
    s.put(8, 1, "预算执行情况（10分）", 13, 1)
    s.put(8, 2, "年度预算数（万元）", 8, 3)
    for col, label in enumerate(("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重",
                                 "得分"), 4):
        s.put(8, col, label)
    s.put(8, 10, "原因", 8, 11)
    money = [("总额", "238.93", "251.89", "251.89", "100.00%"),
             ("其中：财政资金", "238.93", "251.89", "251.89", "100.00%"),
             ("财政专户管理资金", "0.00", "0.00", "0.00", "0.00%"),
             ("单位资金", "0.00", "0.00", "0.00", "0.00%")]
    for r, (label, initial, budget, spent, rate) in enumerate(money, 9):
        s.put(r, 2, label, r, 3)
        for col, amount in enumerate((initial, budget, spent), 4):
            s.put(r, col, Decimal(amount), number_format="0.00")
        s.put(r, 7, rate)
        if r > 9:
            s.put(r, 8, "/")
            s.put(r, 9, "/")
    s.put(9, 8, 10)  # 权重 10, 得分 left blank
    s.put(9, 10, "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
                 "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、"
                 "银行贷款.", 13, 11)
    s.put(13, 2, "其他资金", 13, 3)
    s.put(13, 8, "/")
    s.put(13, 9, "/")
    s.put(14, 1, "绩效指标（90分）", 16, 1)
    for col, label in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "指标值",
                                 "度量单位", "完成值", "权重", "得分", "未完成原因分析"), 2):
        s.put(14, col, label)
    indicators = ((15, ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=", 100, "%", None, 60)),
                  (16, ("效益指标", "社会效益指标", "足额保障率(参保率)", "=", 100, "%", None,
                        30)))
    for r, row in indicators:
        for col, value in enumerate(row, 2):
            s.put(r, col, value)
    s.put(17, 1, "合计", 17, 8)
    s.put(17, 9, 100)
    s.put(18, 1, "评价结论")
    s.put(18, 2, "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)", 18, 11)
    s.put(19, 1, "存在问题")
    s.put(19, 2, "结合自评情况,分析存在的问题及原因。(200字以内)", 19, 11)
    s.put(20, 1, "改进措施")
    s.put(20, 2, "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)",
          20, 11)
    s.put(21, 1, "项目负责人：", 21, 5)
    s.put(21, 6, "财务负责人：", 21, 11)
    return _xlsx([s])


def sichuan_zhongjiang_shuibiaochi() -> bytes:
    """中江县水利局's notice with its 附件, 绩效目标自评表（2022年度） (衔接资金 layout) as one Word
    file: 产出指标（70分） and 效益指标（20分） against the note's 50 / 30, so the weights add up
    to 110 (执行率 10 + 70 + 20 + 10) while 总分 prints 100 / 100; an 经济效益指标 row with no
    indicator; a "……" placeholder row."""
    done: list[tuple[str, int, str, str, int]] = [
        ("安装坡面水标尺", 10, "≥266米", "≥266米", 10),
        ("水标尺宽度", 10, "≥50厘米", "≥50厘米", 10),
        ("项目(工程)验收合格率", 20, "100%", "100%", 20),
        ("及时(按期)开工率", 10, "≥90%", "≥90%", 10),
        ("及时(按期)完工率", 10, "≥90%", "≥90%", 10),
        ("项目计划总投资", 10, "20万元", "20万元", 10),
        ("受益脱贫(含监测对象)户人口数", 10, "≥1000人", "≥1000人", 10),
        ("群众生产生活条件改善状况", 10, "显著提升", "显著提升", 10),
        ("受益脱贫(含监测对象)户满意度", 10, "≥95%", "≥95%", 10),
    ]

    def leaf(i: int) -> list[Cell]:
        name, weight, target, actual, score = done[i]
        return [name, weight, target, actual, score, ("", 1, 2)]

    rows: list[list[Cell]] = [
        ["项目名称", ("中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装", 1, 5),
         "项目负责人及电话", ("谢凯13990260322(办公)", 1, 3)],
        ["主管部门", ("中江县水利局", 1, 5), "实施单位", ("中江县水利局", 1, 3)],
        [("资金情况\n（万元）", 4, 2), ("", 1, 2), "全年预算数（A）", "全年执行数（B）", "分值",
         "执行率（B/A）", ("得分", 1, 2)],
        [None, None, ("年度资金总额：", 1, 2), "20", "20", "10", "100.00%", ("10", 1, 2)],
        [None, None, ("其中：本年财政拨款", 1, 2), "20", "20", "", "", ("", 1, 2)],
        [None, None, ("其他资金", 1, 2), "", "", "", "", ("", 1, 2)],
        [("年度总体目标", 2, 1), ("年初设定目标", 1, 4), ("年度总体目标完成情况综述", 1, 5)],
        [None, ("对农村地区供水计量设施设备进行改进,对项目区农业用水计量,为项目区农业生产夯实基础,",
                1, 4), ("对项目区农业用水计量,为项目区农业生产夯实基础,", 1, 5)],
        [("绩效指标", 12, 1), "一级指标", "二级指标", "三级指标", "分值", "年度指标值",
         "全年实际值", "得分", ("未完成原因及拟采取的改进措施", 1, 2)],
        [None, ("产出指标（70分）", 6, 1), ("数量指标", 2, 1), *leaf(0)],
        [None, None, None, *leaf(1)],
        [None, None, "质量指标", *leaf(2)],
        [None, None, ("时效指标", 2, 1), *leaf(3)],
        [None, None, None, *leaf(4)],
        [None, None, "成本指标", *leaf(5)],
        [None, ("效益指标（20分）", 3, 1), "经济效益指标", "", "", "", "", "", ("", 1, 2)],
        [None, None, ("社会效益指标", 2, 1), *leaf(6)],
        [None, None, None, *leaf(7)],
        [None, ("满意度指标（10分）", 2, 1), ("服务对象满意度指标", 2, 1), *leaf(8)],
        [None, None, None, "……", "", "", "", "", ("", 1, 2)],
        [("总分", 1, 4), "100", "", "", "100", ("", 1, 2)],
    ]
    return docx_file([
        ("p", "现已完成中江县2022年衔接资金实施项目绩效目标自评,"),
        ("p", "意见收集人:罗娟"),
        ("p", "联系电话:0838-7211924"),
        ("p", "附件:2022年财政衔接资金实施项目绩效自评表"),
        ("p", "中江县水利局"),
        ("p", "2022年12月30日"),
        ("p", "绩效目标自评表"),
        ("p", "（2022年度）"),
        ("table", (10, rows)),
        ("p", "注：1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金"
              "执行率10分,各部门根据各项指标重要程度确定三级指标的分值,得分最高不能超过该指标分值"
              "上限,分别按照该指标对应分值区间100-80%(含80%)、80-60%(含60%)、60-0%合理确定得分,"),
    ])


def sichuan_ziyang_adb() -> bytes:
    """四川省财政厅's published result for 亚洲开发银行贷款四川资阳绿色转型和发展项目 (evaluated
    March-May 2024 by 四川省财政投资评审中心): one sentence and a five-row table — 评价准则 with
    权重 in per cent, 评价分值 out of 100 per criterion, 加权平均得分, and a worded 绩效等级 per
    row (项目绩效 82.68, 实施比较顺利); no indicators below the criteria, no money."""
    rows: list[list[Cell]] = [
        ["评价准则", "权重（%）", "评价分值（百分制）", "加权平均得分", "绩效等级"],
        ["相关性", "20%", "100.00", "20.00", "高度相关"],
        ["效率", "50%", "77.39", "38.70", "效率一般"],
        ["效果", "20%", "73.90", "14.78", "比较满意"],
        ["可持续性", "10%", "92.00", "9.20", "高度可持续"],
        ["项目绩效", "100%", "/", "82.68", "实施比较顺利"],
    ]
    return docx_file([
        ("p", "根据财政部《国际金融组织和外国政府贷款赠款项目绩效评价管理办法》(财国合〔2019〕18号)"
              "有关要求,财政厅于2024年3月至5月安排四川省财政投资评审中心对亚洲开发银行贷款四川资阳"
              "绿色转型和发展项目开展绩效评价,现将评价结果予以公开。"),
        ("table", (5, rows)),
    ])


# --- 云南 -------------------------------------------------------------------------------


def yunnan_yongde_yingyang() -> bytes:
    """永德县明朗中学, 2022年度项目支出绩效自评表, 公开14表 (云南 layout, 元, 指标性质 / 指标值 /
    度量单位, ≧ and ═, grade after the 总分): the transcription of tests/selfeval_forms.py."""
    from tests.selfeval_forms import yongde_sheet

    return _xlsx([yongde_sheet()])


def yunnan_shidian_xinxing() -> bytes:
    """施甸县农业农村局, 项目支出绩效自评表 (filled 2022-07-05), 2019年新型农业经营主体扶持项目:
    the older 云南 20分 / 80分 form — 预算执行情况（万元）（20分） with 得分 = 20分*执行率 (执行率
    printed 0.1), 年度绩效目标1（80分） with 年初目标值 / 实际完成值 / 得分 and no 分值 column;
    scores above any plausible weight (31.9); 二级 labels repeated instead of merged; Wingdings
    check boxes read as "þ". The stored copy ends inside 改进措施及结果应用方案."""
    s = FormSheet("Sheet1")
    s.widths = [14, 14, 26, 12, 12, 12]
    s.put(1, 1, "项目支出绩效自评表", 1, 6)
    s.put(2, 1, "单位名称：施甸县农业农村局", 2, 3)
    s.put(2, 4, "填报日期：2022年7月5日", 2, 6)
    s.put(3, 1, "项目名称")
    s.put(3, 2, "2019年新型农业经营主体扶持项目", 3, 6)
    s.put(4, 1, "主管部门")
    s.put(4, 2, "施甸县人民政府", 4, 3)
    s.put(4, 4, "项目实施单位")
    s.put(4, 5, "施甸县农业农村局", 4, 6)
    s.put(5, 1, "项目类别")
    s.put(5, 2, "1、部门预算项目 □ 2、上级专项 þ", 5, 6)
    s.put(6, 1, "项目属性")
    s.put(6, 2, "1、持续性项目 □ 2、新增性项目þ", 6, 6)
    s.put(7, 1, "预算执行情况（万元）（20分）", 7, 2)
    for col, label in enumerate(("预算数（A）", "执行数（B）", "执行率（B/A）",
                                 "得分\n（20分*执行率）"), 3):
        s.put(7, col, label)
    s.put(8, 1, "年度财政资金总额", 8, 2)
    s.put(8, 3, 650)
    s.put(8, 4, 94)
    s.put(8, 5, Decimal("0.1"))
    s.put(8, 6, Decimal("2.9"))
    s.put(9, 1, "年度绩效目标1\n（80分）", 9, 6)
    for col, label in enumerate(("一级指标", "二级指标", "三级指标", "年初目标值（A）",
                                 "实际完成值（B）", "得分"), 1):
        s.put(10, col, label)
    rows: list[tuple[Any, str, str, Any, Any, str]] = [
        ("产出指标", "数量指标", "扶持发展新型农业经营主体\n（个）", 15, 6, "8.0"),
        (None, "数量指标", "带动贫困户(人)", 11442, 4164, "7.3"),
        ("效益指标", "经济效益指标", "新型经营主体实现产值(%)", 8000, Decimal("12767.36"), "31.9"),
        (None, "经济效益指标", "新型经营主体助农增收\n（元）", 1980, 2074, "10.5"),
        ("满意度指标", "服务对象满意度指标", "满意度(%)", 90, 100, "11.1"),
    ]
    for r, (first, second, name, target, actual, score) in enumerate(rows, 11):
        if first:
            s.put(r, 1, first, r + 1 if first != "满意度指标" else None)
        s.put(r, 2, second)
        s.put(r, 3, name)
        s.put(r, 4, target)
        s.put(r, 5, actual)
        s.put(r, 6, Decimal(score), number_format="0.0")
    s.put(16, 1, "总分", 16, 5)
    s.put(16, 6, Decimal("71.7"), number_format="0.0")
    s.put(17, 1, "偏差大或\n目标未完成\n原因分析")
    s.put(17, 2, "一是相关台账不健全,部分新型农业经营主体提供带动建档立卡户发展的相关支撑材料不足,"
                 "与扶持奖补要求和标准有差距;二是新型农业经营主体自身发展状况欠佳,带动建档立卡户发展"
                 "的能力有限;三是项目执行先建后补,有的经营主体没有带动建档立卡户,或建设内容与项目扶持"
                 "奖补不符,不具备扶持奖补条件,经现场核实综合评价后据实补贴,资金结余,没有100%执行完毕。",
          17, 6)
    s.put(18, 1, "改进措施及\n结果应用方案")
    s.put(18, 2, "一是加大新型农业经营主体管理指导力度,增强管理意识,健全内部管理制度,规范业务管",
          18, 6)  # the stored copy ends here
    return _xlsx([s])


# --- 湖南 -------------------------------------------------------------------------------


def hunan_hengshan_chubeiliang() -> bytes:
    """衡山县商务和粮食局, 2020年度县级专项资金绩效目标自评表, 县级储备粮: 年度指标值 / 全年完成值
    and no 分值 or 得分 column at all; the table crosses a page and restarts its labels
    (绩效指标, 效益指标) on the second page; letter-spaced labels."""
    def row(second: Cell, name: str, target: str, actual: str, note: str = "") -> list[Cell]:
        return [second, (name, 1, 2), target, actual, (note, 1, 2)]

    first: list[list[Cell]] = [
        ["专项资金名称", ("县级储备粮", 1, 3), ("负责人及电话", 1, 2), ("旷建成、向建军", 1, 3)],
        ["县级主管部门", ("衡山县商务和粮食局", 1, 3), ("实施单位", 1, 2),
         ("粮食调控储备与产业发展股", 1, 3)],
        [("项目资金\n（万元）", 4, 2), ("", 1, 2), ("全年预算数（A）", 1, 2), "全年执行数（B）",
         ("执行率（B/A）", 1, 2)],
        [None, None, ("年度资金总额", 1, 2), ("194.9", 1, 2), "194.9", ("100%", 1, 2)],
        [None, None, ("其中：中央、省、市补助县级资金", 1, 2), ("194.9", 1, 2), "194.9",
         ("100%", 1, 2)],
        [None, None, ("其他资金", 1, 2), ("", 1, 2), "", ("", 1, 2)],
        [("年度\n总体\n目标", 2, 1), ("年初设定目标", 1, 4), ("全年实际完成情况", 1, 4)],
        [None, ("保持和稳定地方粮食储备机制", 1, 4), ("地方储备粮食规模达标", 1, 4)],
        [("绩 效 指 标", 12, 1), "一级\n指标", "二级\n指标", ("三级指标", 1, 2), "年度指标\n值",
         "全年\n完成值", ("未完成原因和\n改进措施", 1, 2)],
        [None, ("产 出 指 标", 9, 1),
         *row(("数量\n指标", 2, 1), "5000吨稻谷、500吨成品粮储备到位率", "100%", "100%")],
        [None, None, *row(None, "库存数量真实率", "100%", "100%")],
        [None, None, *row(("质量\n指标", 3, 1), "县级储备粮管理制度严格执行率", "100%", "100%")],
        [None, None, *row(None, "储备粮管理专户管理率", "100%", "100%")],
        [None, None, *row(None, "县级储备粮库存粮食明显变质比例", "0", "0")],
        [None, None, *row(("时效\n指标", 2, 1), "县级储备粮贷款付息及时率", "100%", "100%")],
        [None, None, *row(None, "县级储备粮应急保障率", "100%", "100%")],
        [None, None, *row(("成本\n指标", 2, 1), "国家政策性粮收购价格执行率", "100%", "100%")],
        [None, None, *row(None, "县级储备粮库存成本核算率", "100%", "100%")],
        [None, ("效 益 指 标", 2, 1),
         *row(("经济\n效益\n指标", 2, 1), "利息费用保障率", "100%", "100%")],
        [None, None, *row(None, "政策性挂账利息补贴保障率", "100%", "无", "没有轮换、动用库存")],
    ]
    second: list[list[Cell]] = [
        [("绩效\n指标", 5, 1), ("效 益 指 标", 3, 1),
         *row(("生态\n效益\n指标", 2, 1), "低温、低氧、低剂量科学保粮率", "100%", "100%")],
        [None, None, *row(None, "食品安全指标达标率", "100%", "100%")],
        [None, None, *row("可持\n续影\n响指标", "粮食储备设备维护及安全性", "高", "高")],
        [None, ("满意\n度指\n标", 2, 1),
         *row(("服务\n对象\n满意\n度指\n标", 2, 1), "因粮食市场波动引起的粮食安全事件发生数",
              "0起", "0起")],
        [None, None, *row(None, "市民满意度调查", "≥90%", "100%")],
        ["说明", ("无", 1, 8)],
    ]
    return docx_file([
        ("p", "2020年度县级专项资金绩效目标自评表"),
        ("table", (9, first)),
        ("break", None),
        ("table", (9, second)),
    ])


def hunan_yueyang_zhengti() -> bytes:
    """岳阳市城市管理监督指挥中心, 岳阳市2018年度部门整体支出绩效评价自评报告: the cover and its
    一、部门（单位）基本概况 table, as far as the stored copy of the page goes (it ends at
    "二、部门(单位"). A whole-department report, not one project's form."""
    rows: list[list[Cell]] = [
        ["联系人", "吴俊", "联络电话", "8690022"],
        ["人员编制", "21", "实有人数", "21"],
        ["职能职责概述", ("负责全市数字化城市管理监督、指挥、调度和协调工作。负责全市数字化城市管理"
                    "系统市级平台的日常维护和管理。负责对各类城市管理信息的收集、分析和整理。对数字"
                    "城管终端单的考核考评,负责受理数字化城市管理的投诉、举报等有关工作。负责对县市区"
                    "数字化城市管理工作的业务指导。", 1, 3)],
        ["年度主要\n工作内容", ("1.完成数字化城市管理监督、指挥、调度和协调工作。2.做好全市数字化"
                          "城市管理系统市级平台的日常维护和管理。3.对各类城市管理信息的收集、分析"
                          "和整理。4.完成数字城管各终端单位的考核考评。4.对受理的数字化城市管理的"
                          "投诉、举报等有关工作进行处理。5.对各县市区数字化城市管理工作的业务指导。",
                          1, 3)],
        ["年度部门（单位）总体运行情况及取得的成绩",
         ("我中心的数字城管二期建设项目属于市新增长极建设项目,已于2018年验收运行。据国家卫生城市"
          "复查迎检标准,按时报送资料,及时监督发现和指挥处置各类城市管理问题。按要求对城市管理中"
          "的重大疑难问题,主动和各单位、部门沟通协调。", 1, 3)],
    ]
    return docx_file([
        ("p", "岳阳市城市管理监督指挥中心2018绩效评价自评报告及评分表(整体支出和数字城管信息采集"
              "服务费专项支出)"),
        ("p", "岳阳市2018年度部门整体支出"),
        ("p", "绩效评价自评报告"),
        ("p", "部门（单位）名称：  岳阳市城市管理监督指挥中心"),
        ("p", "预 算 编 码：   906017"),
        ("p", "评价方式：部门（单位）绩效自评"),
        ("p", "评价机构：部门（单位）评价组"),
        ("p", "报告日期：2019年06月18日"),
        ("p", "岳阳市财政局（制）"),
        ("p", "一、部门（单位）基本概况"),
        ("table", (4, rows)),
    ])


def hunan_nanyue_fupin() -> bytes:
    """南岳区财政局's page: 绩效目标申报表 for 2018年市级专项扶贫资金基础设施(人大代表扶贫基地):
    targets only (指标值, 备注) — no 实际完成值, 分值 or 得分; ASCII comparators (>=20平方米,
    <=475元/亩), template placeholders left in the names (≥**个), an implementing unit with a
    bracketed code ([610001]…), 审核意见 rows for the 财政 and 扶贫办 stamps."""
    def ind(first: Cell, second: Cell, name: str, value: str) -> list[Cell]:
        return [first, second, name, value, ""]

    rows: list[list[Cell]] = [
        ["项目名称", ("2018年市级专项扶贫资金基础设施(人大代表扶贫基地)", 1, 2), "项目负责人及电话",
         ("郭铁梅18932106863", 1, 2)],
        ["主管部门", ("南岳镇政府", 1, 2), "实施单位",
         ("[610001]湖南省润山润水生态农业发展有限公司", 1, 2)],
        [("资金情况（万元）", 3, 1), ("年度资金总额：", 1, 2), ("10", 1, 3)],
        [None, ("其中：财政拨款", 1, 2), ("10", 1, 3)],
        [None, ("其他资金", 1, 2), ("0", 1, 3)],
        [("总体目标", 2, 1), ("年度目标", 1, 2), ("年度总体目标完成情况", 1, 3)],
        [None, ("为水濂村带来观光游客不少于6万人,村集体收入达6万元。", 1, 2), ("", 1, 3)],
        [("绩效指标", 17, 1), "一级指标", "二级指标", "三级指标", "指标值", "备注"],
        [None, *ind(("产出指标", 8, 1), ("数量指标", 3, 1), "贫困地区旅游基础设施建设工程",
                    ">=20平方米")],
        [None, *ind(None, None, "贫困地区旅游景点开发数量( ≥**个 )", ">=4个")],
        [None, *ind(None, None, "流转土地", ">=60亩")],
        [None, *ind(None, "质量指标", "*贫困地区旅游基础设施建设质量达标率100%", ">=98%")],
        [None, *ind(None, "时效指标", "贫困地区基础设施建设按期完成率(≥**%)", ">=95%")],
        [None, *ind(None, ("成本指标", 3, 1), "流转土地补助标准", "<=475元/亩")],
        [None, *ind(None, None, "景观建设成本", "<=2875元/个")],
        [None, *ind(None, None, "贫困地区旅游基础设施建设工程建设成本", "<=3000元/平方米")],
        [None, *ind(("效益指标", 4, 1), ("经济效益指标", 2, 1),
                    "乡村旅游带动增加贫困村收入(≥**万元)", ">=6万元")],
        [None, *ind(None, None, "乡村旅游带动增加贫困人口收入(≥**万元)", ">=2.61万元")],
        [None, *ind(None, ("社会效益指标", 2, 1), "贫困地区乡村旅游开发景点接待游客数量(≥**人)",
                    ">=60000人")],
        [None, *ind(None, None, "受益建档立卡贫困人口数≥**人", ">=29人")],
        [None, *ind(("满意度指标", 4, 1), ("服务对象满意度指标", 4, 1),
                    "旅游行业经营主体满意度(≥**%)", ">=90%")],
        [None, *ind(None, None, "参与旅游扶贫项目贫困群众满意度(≥**%)", ">=90%")],
        [None, *ind(None, None, "旅游区居民满意度(≥**%)", ">=90%")],
        [None, *ind(None, None, "游客满意度(≥**%)", ">=90%")],
        [("财政部门支出股室初审意见", 1, 2), ("（盖章）", 1, 4)],
        [("财政部门绩效评价股审核意见", 1, 2), ("（盖章）", 1, 4)],
        [("区扶贫办审核意见", 1, 2), ("（盖章）", 1, 4)],
    ]
    return docx_file([
        ("p", "2018年市级专项扶贫资金基础设施(人大代表扶贫基地)绩效目标申报表"),
        ("p", "发布时间:2018年05月20日 15:40 来源:南岳区财政局"),
        ("p", "绩效目标申报表"),
        ("table", (6, rows)),
    ])


def hunan_leiyang_sizhong() -> bytes:
    """耒阳市第四中学专项资金绩效自评价报告 (Word, no table at all): the self-evaluation written
    as seven headed paragraphs with the money in the text and no 分值 or 得分."""
    return docx_file([("p", text) for text in (
        "耒阳市第四中学专项资金绩效自评价报告",
        "一、基本情况",
        "(一)项目基本概况",
        "我校2022年项目为一个:生均公用经费项目",
        "(二)资金及项目绩效目标",
        "我校2022年按生均1000元安排,共计239万元,其中上级资金179.25万元,本级59.75万元,"
        "项目绩效目标是保证学校的正常运转",
        "二、项目资金使用及管理情况",
        "我校生均公用经费项目,资金严格按照上级有关文件的要求,主要用于保障学校正常运转、完成教学"
        "活动和其他日常工作任务等方面的支出,包括办公费、水电费、差旅费等方面的支出,以及其他必要的"
        "公用经费等,没有用于人员类等方面的支出",
        "三、预算支出组织实施情况",
        "我校2022年财政安排支出共计87.06万元,余款安排下年支出",
        "四、预算支出绩效情况",
        "保证了学校的正常运转",
        "五、存在的问题及原因分析",
        "我校生均公用经费项目运转正常,暂无问题",
        "六、几点建议",
        "拨款应及时一点",
        "七、其他需要说明的问题",
        "暂无",
    )])


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "anhui-tangxi-weituo-2022.xlsx": anhui_tangxi_weituo,
    "anhui-xiaoxian-hexicun-2023.xlsx": anhui_xiaoxian_hexicun,
    "sichuan-qingshen-gongzi-2023.xlsx": sichuan_qingshen_gongzi,
    "sichuan-zhongjiang-shuibiaochi-2022.docx": sichuan_zhongjiang_shuibiaochi,
    "yunnan-yongde-yingyang-2022.xlsx": yunnan_yongde_yingyang,
    "hunan-hengshan-chubeiliang-2020.docx": hunan_hengshan_chubeiliang,
    "hunan-yueyang-zhengti-2018.docx": hunan_yueyang_zhengti,
    "yunnan-shidian-xinxing-2019.xlsx": yunnan_shidian_xinxing,
    "hunan-nanyue-fupin-2018.docx": hunan_nanyue_fupin,
    "hunan-leiyang-sizhong-2022.docx": hunan_leiyang_sizhong,
    "sichuan-ziyang-adb-2024.docx": sichuan_ziyang_adb,
}


def main() -> None:
    """Write every document of this part of the corpus."""
    write_all(DOCUMENTS)


if __name__ == "__main__":
    main()
