"""Real published documents (issue 32, third part: provinces the first two parts did not
reach), rebuilt cell by cell as the Excel/Word files their publishers used.

Each function returns the bytes of one file of ``tests/data/real/``; its sidecar ``.yml``
(written by hand, not here) gives the page's address, what was read there and what a correct
import gives. The stored copies fold full-width punctuation to ASCII (NFKC) and give a
worksheet's text in the order a text extractor met it, not row by row: the cells are placed
back on the template's grid (the 财预〔2020〕10号 附件1 layout the title names), labels with
the line breaks the extracted text shows, figures exactly as read.

``python -m tests.real_docs.build_corpus_c`` writes every file (the same bytes each run).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.form_parts import indicator_head, project_head
from tests.real_docs.word import WHEN, Cell, docx_file, write_all


def shanxi_jishan_jiandang() -> bytes:
    """稷山县 (运城市, 山西) 项目支出绩效自评表（2020年度）, 建档立卡个人缴费县级配套资金
    (稷山县医疗保障局 / 稷山县医疗保险服务中心), published as an .xlsx: the 10号 layout
    with 年初预算数 left blank, “—” in the 其中 rows' 分值 / 得分, one 三级 indicator per 二级
    each with the template's “指标1：” before its name, labels broken over lines (产出\\n指标
    \\n（50分\\n）), a vertical 绩\\n效\\n指\\n标, and a 总分 row printing 100 / 94 although
    the printed 得分 add up to 93 (9 + 13 + 15 + 10 + 10 + 27 + 9)."""
    s = FormSheet("Sheet1", widths=[10, 10, 12, 26, 10, 10, 8, 8, 12, 12])
    s.put(1, 1, "稷山县项目支出绩效自评表", 1, 10)
    s.put(2, 1, "（2020年度）", 2, 10)
    project_head(s, 3, "建档立卡个人缴费县级配套资金", "稷山县医疗保障局", "稷山县医疗保险服务中心")
    rows: list[tuple[str, list[Any]]] = [
        ("年度资金总额", [None, Decimal("65.66"), Decimal("65.07"), 10, "99%", 9]),
        ("其中：当年财政拨款", [None, Decimal("65.66"), Decimal("65.07"), "—", "99%", "—"]),
        ("上年结转资金", [None, None, None, "—", None, "—"]),
        ("其他资金", [None, None, None, "—", None, "—"]),
    ]
    for r, (name, values) in enumerate(rows, 6):
        s.put(r, 3, name, r, 4)
        for col, value in enumerate(values, 5):
            if value is not None:
                s.put(r, col, value, number_format="0.00" if isinstance(value, Decimal) else None)
    s.put(10, 1, "年度总\n体目标", 11, 2)
    s.put(10, 3, "预期目标", 10, 6)
    s.put(10, 7, "实际完成情况", 10, 10)
    s.put(11, 3, "提高医疗保障水平,推进因病致贫问题的根本性解决", 11, 6)
    s.put(11, 7, "提高医疗保障水平,推进了因病致贫问题的基本性解决", 11, 10)
    s.put(12, 1, "绩\n效\n指\n标", 18, 1)
    indicator_head(s, 12, ("一级\n指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值",
                           "分值", "得分"), "偏差原因分析及改进措\n施")
    indicators: list[tuple[str, str, Any, Any, int, int, str | None]] = [
        ("数量指标", "指标1：全县参合人数", 8755, 8676, 15, 13,
         "建档立卡中有新增死亡人员,导致有偏差"),
        ("质量指标", "指标1：资金是否全部纳入医保统筹", "100%", "100%", 15, 15, None),
        ("时效指标", "指标1：资金是否全部及时纳入", "100%", "100%", 10, 10, None),
        ("成本指标", "指标1：配套资金每人每年", "75元", "75元", 10, 10, None),
        ("社会效益指标", "指标1：是否解决建档立卡人员看病难贵问题", "95%", "95%", 30, 27, None),
        ("服务对象满\n意度指标", "指标1：是否满意", "95%", "95%", 10, 9, None),
    ]
    for r, (second, name, target, actual, weight, score, note) in enumerate(indicators, 13):
        for col, value in enumerate((second, name, target, actual, weight, score), 3):
            s.put(r, col, value)
        s.put(r, 9, note, r, 10)
    s.put(13, 2, "产出\n指标\n（50分\n）", 16, 2)
    s.put(17, 2, "效益指\n标（30\n分）")
    s.put(18, 2, "满意度\n指标\n（10分\n）")
    s.put(19, 1, "总分", 19, 6)
    s.put(19, 7, 100)
    s.put(19, 8, 94)
    s.put(19, 9, None, 19, 10)
    return form_workbook([s], WHEN)


def chongqing_pengshui_jihuashengyu() -> bytes:
    """彭水自治县 (重庆) 2024年度中央对地方转移支付计划生育服务项目绩效自评表, a table on the
    county's page: the central transfer's checklist — 指标名称 (一级 / 二级 / 三级, each headed
    “名称”), 指标解释, 记录 (自评内容 / 完成情况), 未完成原因及改进措施, 需提供的支撑材料 — with
    the money written as 自评内容 / 完成情况 pairs inside one indicator (1084.25 = 763.00 +
    321.25 万元, each split into 中央补助 / 市级资金 / 本级资金) and a stray “）” in
    “年度预算资金总额）：”. No 项目名称, no 分值, no 得分. The stored copy ends inside the
    资金下达 row (after “以资金文”): the table is rebuilt up to that row, its 完成情况 and
    支撑材料 left empty, nothing after it."""
    blank = ""
    rows: list[list[Cell]] = [
        [("指标名称", 1, 3), ("指标解释", 3, 1), ("记录", 1, 2), ("未完成原因及改进措施", 3, 1),
         ("需提供的支撑材料", 3, 1)],
        ["一级指标", "二级指标", "三级指标", None, ("自评内容", 2, 1), ("完成情况", 2, 1), None,
         None],
        ["名称", "名称", "名称", None, None, None, None, None],
    ]
    money = [
        ("计划生育转移支付资金合计（万元）", None),
        ("年度预算资金总额）：", "1084.25"), ("其中：中央补助", "668.00"),
        ("市级资金", "343.00"), ("本级资金（包括结转结余）", "73.25"), ("其中：", blank),
        ("农村部分计划生育家庭奖励扶助制度补助资金（万元）", None),
        ("年度预算资金总额：", "763.00"), ("其中：中央补助", "502.00"), ("市级资金", "208.00"),
        ("本级资金（包括结转结余）", "53.00"), ("其中：", blank),
        ("计划生育家庭特别扶助制度补助资金（万元）", None),
        ("年度预算资金总额：", "321.25"), ("其中：中央补助", "166.00"), ("市级资金", "136.00"),
        ("本级资金（包括结转结余）", "20.25"), ("其中：", blank),
        ("2023年绩效调整资金（万元）", None),
        ("年度预算资金总额：", blank), ("其中：中央补助", blank), ("市级资金", blank),
        ("本级资金（包括结转结余）", blank),
    ]
    top = len(money) + 3  # 预算编制科学性 (2 rows), 预算资金安排 (len(money)), 资金下达 (1)
    rows.append([("项目预算管理", top, 1), ("资金投入", 2 + len(money), 1),
                 ("预算编制科学性", 2, 1),
                 ("项目预算编制符合国家政策要求，依据充分，标准明确，与年度工作匹配，与项目内容匹配",
                  2, 1), "项目资金测算标准（文字描述）", "已按要求完成预算", (blank, 2, 1),
                 ("1.2024年度项目资金预算测算相关材料。\n2.反映计划生育项目资金支出的数据（截图或"
                  "表），以及其他可反映项目资金实际支出情况的相关材料，不可“以拨代支”。", 2, 1)])
    rows.append([None, None, None, None, "项目资金测算依据（文字描述）", "按相关要求完成", None,
                 None])
    for index, (what, value) in enumerate(money):
        row: list[Cell] = [None, None]
        if index == 0:
            row += [("预算资金安排", len(money), 1),
                    ("2024年度计划生育转移支付资金预算安排情况。", len(money), 1)]
        else:
            row += [None, None]
        row += [(what, 1, 2)] if value is None else [what, value]
        row += [(blank, len(money), 1), (blank, len(money), 1)] if index == 0 else [None, None]
        rows.append(row)
    rows.append([None, "资金下达", "资金发放及时性",
                 "省级（计划单列市）财政部门在接到中央财政转移支付资金预算后，在30日内正式下达到"
                 "本行政区域县级以上各级财政部门。",
                 "中央、市提前批资金（-年-月-日），中央、市、区县正式批资金（-年-月-日）", blank,
                 blank, blank])
    return docx_file([("p", "彭水自治县2024年度中央对地方转移支付计划生育服务项目绩效自评"),
                      ("p", "日期：2025-03-19"),
                      ("p", "彭水自治县2024年度中央对地方转移支付计划生育服务项目绩效自评表"),
                      ("table", (8, rows))])


def anhui_suixi_linshijiuzhu() -> bytes:
    """濉溪县民政局 (淮北市, 安徽), 绩效目标自评表（2019年度）, 临时救助 (衔接资金 layout as a
    web-page table): 主管部门 printed with its code in brackets ([155]), no 实施单位 row,
    the 其中 money row repeating 分值 10 / 100% / 得分 10, ASCII comparators (>=21933人,
    <=5300元/户), rates per person and month written 530元/人*月, the template's
    placeholders left in the names ((≥**人), (<**元/户·年)), ★ marks, a ★★★其中: indicator
    that has its own 分值 and 得分 (not a breakdown row), a missed ≥ target (4604 of 4754,
    with its note) and a missed ≤ target (5830 against <=5300) both given full marks. The
    stored copy ends at “>=9” in the 满意度 row: the rest of row 22 and row 23 (总分) are
    INFERRED (see the sidecar)."""
    s = FormSheet("Sheet1")
    s.put(1, 1, "绩效目标自评表", 1, 9)
    s.put(2, 1, "（2019年度）", 2, 9)
    s.put(3, 1, "项目名称", 3, 2)
    s.put(3, 3, "临时救助", 3, 9)
    s.put(4, 1, "主管部门", 4, 2)
    s.put(4, 3, "[155]濉溪县民政局", 4, 9)
    s.put(5, 1, "资金情况（万元）", 8, 1)
    s.put(5, 2, None, 5, 3)
    for col, text in enumerate(("全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）",
                                "得分"), 4):
        s.put(5, col, text)
    for r, text in ((6, "年度资金总额："), (7, "其中：本年财政拨款")):
        s.put(r, 2, text, r, 3)
        for col, value in enumerate((30, 30, 10, "100%", 10), 4):
            s.put(r, col, value)
    s.put(8, 2, "其他资金", 8, 3)
    s.put(9, 1, "年度总体目标", 10, 1)
    s.put(9, 2, "年初设定目标", 9, 5)
    s.put(9, 6, "年度总体目标完成情况综述", 9, 9)
    s.put(10, 2, "为建档立卡扶贫户解决临时性的困难", 10, 5)
    s.put(10, 6, "全年救助建档立卡扶贫户临时救助87人次，救助资金30万元，完成目标任务。", 10, 9)
    s.put(11, 1, None, 21, 1)  # the 绩效指标 label column, left blank on the page
    for col, text in enumerate(("一级指标", "二级指标", "三级指标", "分值", "年度指标值",
                                "全年实际值", "得分", "未完成原因及拟采取的改进措施"), 2):
        s.put(11, col, text)
    rows: list[tuple[str | None, str, int, str, str, int, str | None]] = [
        ("数量指标", "★★★农村低保发放人数（按月平均）（≥**人）", 5, ">=21933人", "21980人", 5,
         None),
        (None, "★★★其中：农村低保对象中建档立卡贫困人口数量（按月平均）（≥**人）", 5,
         ">=9431人", "9453人", 5, None),
        (None, "★★★建档立卡贫困人口中接受临时救助的人次数（≥**人次）", 5, ">=59人次",
         "87人次", 5, None),
        (None, "★★★特困人员救助供养人数（按月平均）（≥**人）", 5, ">=4754人", "4604人", 5,
         "特困人员实行动态管理"),
        (None, "扶贫临时救助人数（按月平均）（≥**人）", 10, ">=7人", "7人", 10, None),
        ("质量指标", "★农村低保标准（≥**元/人·月）", 5, ">=530元/人*月", "583元/人*月", 5,
         None),
        (None, "农村特困人员救助供养基本生活标准（≥**元/人·月）", 5, ">=570元/人*月",
         "758元/人*月", 5, None),
        (None, "扶贫临时救助标准（<**元/户·年）——一户年最高5300元", 10, "<=5300元/户",
         "5830元/户", 10, None),
        ("社会效益指标", "★★★受益建档立卡贫困人口数≥**人", 30, ">=80人", "87人", 30, None),
        # INFERRED after ">=9": the target's last digit and %, the actual and the 得分
        ("服务对象满意度指标", "★受助对象满意度（≥**%）", 10, ">=90%", "90%", 10, None),
    ]
    for r, (second, name, weight, target, actual, score, note) in enumerate(rows, 12):
        for col, value in enumerate((second, name, weight, target, actual, score, note), 3):
            s.put(r, col, value)
    s.put(12, 3, "数量指标", 16, 3)
    s.put(17, 3, "质量指标", 19, 3)
    s.put(12, 2, "产出指标（50分）", 19, 2)
    s.put(20, 2, "效益指标（30分）")
    s.put(21, 2, "满意度指标（10分）")
    s.put(22, 1, "总分", 22, 4)  # INFERRED row
    s.put(22, 5, 100)
    s.put(22, 8, 100)
    return form_workbook([s], WHEN)


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "shanxi-jishan-jiandang-2020.xlsx": shanxi_jishan_jiandang,
    "chongqing-pengshui-jihuashengyu-2024.docx": chongqing_pengshui_jihuashengyu,
    "anhui-suixi-linshijiuzhu-2019.xlsx": anhui_suixi_linshijiuzhu,
}


def main() -> None:
    """Write every document of this part of the corpus."""
    write_all(DOCUMENTS)


if __name__ == "__main__":
    main()
