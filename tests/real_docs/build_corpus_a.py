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

The 云南 and 湖南 documents are built in :mod:`tests.real_docs.corpus_a_yunnan_hunan`;
``python -m tests.real_docs.build_corpus_a`` writes every file of both (the same bytes each
run).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.corpus_a_yunnan_hunan import (
    hunan_hengshan_chubeiliang,
    hunan_leiyang_sizhong,
    hunan_nanyue_fupin,
    hunan_yueyang_zhengti,
    yunnan_shidian_xinxing,
    yunnan_yongde_yingyang,
)
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
