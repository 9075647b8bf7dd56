"""部门整体支出绩效评价 documents (issue 43), rebuilt as the Word / Excel files their
publishers used, quirks kept, from the stored copies of their pages.

The stored copies give a page from its beginning and fold full-width punctuation to ASCII
(NFKC); what they do not hold is not invented, except in the two files whose sidecars say
MADE UP (a layout no filled copy of which is stored, tested from its real labels, as
issue 43 asks). Each function returns the bytes of one file of ``tests/data/real/``; its
sidecar ``.yml`` (written by hand) gives the address, what was read and what a correct
import gives.

The 四川 documents are built in :mod:`tests.real_docs.corpus_whole_sichuan`;
``python -m tests.real_docs.build_corpus_whole`` writes every file of both (the same bytes
each run).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.corpus_whole_sichuan import (
    sichuan_benbumen_2017,
    sichuan_dazhou_nongye,
    sichuan_dazhou_nongye_filled,
    sichuan_enyang_nongye,
)
from tests.real_docs.form_parts import MONEY_LABELS, indicator_head
from tests.real_docs.word import WHEN, Cell, docx_file, write_all


def hunan_nanxian_caizheng() -> bytes:
    """南县 (益阳市, 湖南) 财政局2020年度机关整体支出绩效评价报告: a report in text only, whose
    first section states the result in a sentence (综合评分为97分); a space inside the title
    (“2020年度 机关整体支出”). The stored copy ends inside (四)单位职责."""
    return docx_file([("p", text) for text in (
        "南县财政局2020年度 机关整体支出绩效评价报告",
        "一、自评得分情况",
        "根据《中共中央国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）、《关于全面实施"
        "预算绩效管理的实施意见》（湘办发〔2019〕10号）等文件精神，按照部门整体支出绩效评价指标体系，"
        "对南县财政局2020年度机关整体支出开展了绩效评价，综合评分为97分。",
        "二、单位基本概况",
        "（一）机构设置情况",
        "内设副科级事业单位2个，财政事务中心和南县国库集中支付中心。下设办公室、预算股、人事教育股、"
        "国库股、科教文化股、乡镇财政等16个股室；直属事业单位10个，即县国库集中支付中心、县财政信息"
        "中心、县工资统发中心、县财政投资评审中心、县政府债务研究评估中心、县财政预算编审中心、县国有"
        "资产服务中心、县会计服务中心、县经济开发区财政所。",
        "（二）人员编制情况",
        "现有编制人员205人。其中，局机关在职113人、离休2人、退休75人、财政事务中心10人，国库集中"
        "支付中心5人。",
        "（三）部门预算单位构成",
        "2020年，纳入南县财政局部门预算编制范围的单位有3个，分别为南县财政局机关本级、南县财政事务"
        "中心和南县国库集中支付中心。",
        "（四）单位职责",
        "1.组织贯彻执行国家财税方针、政策，指导全县财政工作，参与制定各项宏观经济政策：提出运用财税"
        "政策实施宏观调控和综合平衡社会财力的建议：拟定和执行县人民政府与乡镇人民政府、与企业的分配"
        "政策，完善鼓励公益事业发展的财税政策。",
        "2.承担县本级各项财政收支管理责任。负责编制年度县本级预决算草案，并组织执行。代编全县财政"
        "收支预算，汇总全县财政总决算：受县人民政府委托，向县人大常委会报告县级预算及其执行情况。"
        "组织制定县本级经费开支标准、定额，负责审核批复部门（单位）的年",
    )])


def hunan_nanxian_zhengxie() -> bytes:
    """南县政协 (湖南) 部门整体支出绩效评价报告 for 2021: 收入 and 支出 in the text (792.22 /
    799.12 万元, 人员经费 434.89 + 公用经费 77.4 + 项目支出 286.83), no score in what is
    stored (the copy ends inside (三), at “调研协商”), and the department never named: the
    title is the template's."""
    return docx_file([("p", text) for text in (
        "部门整体支出绩效评价报告",
        "一、基本情况",
        "（一）部门整体支出概况。",
        "2021年部门决算收支完成情况。",
        "1、收入：792.22万元。同比上年度增加189.25万元，增加31.39%。其中：财政拨款收入792.22万元，"
        "同比上年度增加209.28万元，增加35.9%。",
        "2、支出：799.12万元。其中：人员经费支出434.89万元，公用经费支出77.4万元，项目支出286.83万元。",
        "（二）部门整体支出绩效目标。",
        "县政协坚持按照县委“工业强、农业优、三产活、项目兴、生态好”十五字方针和“一县、一海、一地”"
        "发展定位，精准发力，持续用力，确保“十四五”开好局，起好步，奋力谱写南县高质量跨越发展新篇章"
        "的理念，努力做到思想上求精心、工作上求精细、成果上求精品，为推动发展献计出力。",
        "（三）部门整体支出或项目实施情况分析。",
        "本项目由基本支出和项目支出两个部分构成。基本支出主要包括人员经费及日常公用经费支出等。项目"
        "支出包括委员活动经费36.3万元，扫黑除恶工作经费1万元，信息网络运行经费5万元，老干部活动经费"
        "10.5万元，派出纪检监察组专项经费5万元，调研协商",
    )])


def chongqing_kexuecheng_rongmeiti() -> bytes:
    """西部（重庆）科学城 融媒体中心 (重庆) 部门整体绩效自评表 for 2021, as re-posted (yzwku):
    自评总分 97.6, 执行率 76% × 权重 10 = 7.6, every 绩效指标 at full 得分系数 100%; the
    主管部门 cell and the money cells are empty in the stored copy (it reads “O76%”), so the
    form names no department. Only the rows read with their figures are rebuilt; the copy
    breaks off at “公共服务”."""
    s = FormSheet("Sheet1", widths=[22, 8, 10, 12, 12, 12, 10, 10, 10, 8])
    s.put(1, 1, "部门整体绩效自评表", 1, 10)
    s.put(2, 1, "主管部门")
    s.put(2, 2, None, 2, 3)
    s.put(2, 4, "财政处室")
    s.put(2, 5, None, 2, 6)
    s.put(2, 7, "自评总分（分）", 2, 8)
    s.put(2, 9, Decimal("97.6"), 2, 10)
    s.put(3, 1, "部门联系人")
    s.put(3, 2, "曾雪莲", 3, 3)
    s.put(3, 4, "联系电话")
    s.put(3, 5, None, 3, 10)
    s.put(4, 1, "部门预算执行情况（万元）", 5, 1)
    for c, text in enumerate(("年初预算数", "全年（调整）预算数", "全年执行数", "执行率（%）",
                              "执行率权重", "执行率得分（分）"), 2):
        s.put(4, c, text)
    s.put(5, 5, "76%")
    s.put(5, 6, 10)
    s.put(5, 7, Decimal("7.6"))
    s.put(6, 1, "当年绩效目标", 7, 1)
    s.put(6, 2, "年初绩效目标", 6, 4)
    s.put(6, 5, "全年（调整）绩效目标", 6, 7)
    s.put(6, 8, "全年目标实际完成情况", 6, 10)
    s.put(7, 2, "无", 7, 4)
    s.put(7, 5, "通过整合各级各类媒体、户外广告载体、宣传宣讲活动等，为建设成渝地区双城经济圈和"
                "西部（重庆）科学城营造良好氛围。保障融媒体中心正常人事基础/日常运转，有效承担西部"
                "（重庆）科学城新闻宣传管理，思想文化领域建设等工作。", 7, 7)
    s.put(7, 8, "中心2021年较好地完成了履职任务，有效开展了西部（重庆）科学城新闻宣传管理/思想"
                "文化领域建设等工作，为建设成渝地区双城经济圈和西部（重庆）重庆科学城营造了良好"
                "氛围。", 7, 10)
    head = ("指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
            "得分系数（%）", "指标权重（分）", "指标得分（分）", "是否核心指标")
    for c, text in enumerate(head, 1):
        s.put(8, c, text)
    indicators: list[tuple[Any, ...]] = [
        ("财政供养人员控制率", "%", "定量指标", "100%", "", "92%", "100%", 2, 2, "否"),
        ("“三公经费”变动率", "%", "", "", "", "", "100%", 2, 2, "否"),
        ("基础信息完善", "%", "", "100%", "", "100%", "100%", 1, 1, "否"),
        ("预算完成率", "%", "", "", "", "70%", "100%", 2, 2, "是"),
        ("预算调整率", "%", "", "", "", "3%", "100%", 2, 2, "否"),
        ("结转结余率", "%", "", "", "", "2%", "100%", 2, 2, "是"),
        ("公用经费控制率", "%", "", "100%", "", "97%", "100%", 2, 2, "是"),
        ("“三公经费”控制率", "%", "", "", "", "", "100%", 2, 2, "否"),
        ("政府采购执行率", "%", "", "100%", "", "72.74%", "100%", 2, 2, "是"),
        ("管理制度健全性", "", "定性指标", "高", "", "高", "100%", 3, 3, "否"),
        ("资金使用合规性", "", "", "好", "", "好", "100%", 5, 5, "否"),
        ("预决算信息公开性", "", "", "高", "", "高", "100%", 1, 1, "否"),
        ("资产管理安全", "", "", "好", "", "好", "100%", 2, 2, "否"),
        ("固定资产利用率", "%", "定量指标", "90%", "", "100%", "100%", 2, 2, "否"),
        ("党性教育培训次数", "次", "", "26次", "", "12次", "100%", 5, 5, "是"),
        ("组织宣传活动次数", "次", "", "到0次", "", "43次", "100%", 10, 10, "是"),
        ("制作宣传品数量", "份", "", "第O份", "", "20份", "100%", 5, 5, "否"),
        ("播发稿件数量", "篇", "", "2200篇", "", "2859篇", "100%", 10, 10, "是"),
        ("业务保障能力提升", "%", "", "90%", "", "95%", "100%", 10, 10, "否"),
    ]
    for r, values in enumerate(indicators, 9):
        for c, value in enumerate(values, 1):
            if value != "":
                s.put(r, c, value)
    s.put(9 + len(indicators), 1, "公共服务")
    return form_workbook([s], WHEN)


def hubei_guangshui_zhengfuban() -> bytes:
    """广水市人民政府办公室 (随州市, 湖北) 2021 部门整体支出绩效目标申报表 (附件2), a PDF made
    from Word: 部门（单位）名称, 填报人, 联系电话, 收入构成 / 支出构成 (968.1918 = 724.2318 基本
    支出 74.8% + 243.96 项目支出 25.2%; the PDF text lost the point in “7242318”, rebuilt as
    724.2318), 部门职能概述 up to where the stored copy ends. Targets for the year, no score."""
    rows: list[list[Cell]] = [
        ["部门（单位）名称", ("广水市人民政府办公室", 1, 2), "填报人", ("南春锋", 1, 3)],
        ["联系电话", ("6296906", 1, 6)],
        [("部门总体资金情况（单位：万元）", 4, 1), "收入构成", "当年金额", "占比", "支出构成",
         "当年金额", "占比"],
        [None, "财政拨款", "968.1918", "", "基本支出", "724.2318", "74.8%"],
        [None, "其他资金", "", "", "项目支出", "243.96", "25.2%"],
        [None, "合计", "968.1918", "100%", "合计", "968.1918", "100%"],
        ["部门职能概述", ("（一）负责全市人民防空工作。（二）围绕市政府的重点工作和市政府领导同志的"
                    "指示，组织专题调查研究，及时反映情况，提出建议。（三）负责起草《政府工作报告》"
                    "和市政府领导同志的讲话。……（十二）统筹安排市政府领导同志的公务活动。负责市政府"
                    "重大活动的组织", 1, 6)],
    ]
    return docx_file([
        ("p", "附件2："),
        ("p", "部门整体支出绩效目标申报表"),
        ("p", "填报日期：2021年1月28日"),
        ("table", (7, rows)),
    ])


def wanglu_jichushuju_2018() -> bytes:
    """附件3 部门整体支出绩效评价基础数据表 and 部门整体支出绩效评价指标表 for 2018, as
    re-posted (wanglu.net, province not given): 填报单位 left blank; 编制数 143, 在职 136,
    控制率 95.10%; 三公经费 29.08 / 63.46 / 44.29; the 指标表 with a 得分 after each level
    (投入 16 = 预算配置 16 = 在职人员控制率 8 + 三公经费变动率 0) and the criteria as text;
    read as far as 预算控制率, where the stored copy breaks off."""
    s = FormSheet("附件3", widths=[14, 8, 14, 8, 16, 8, 30, 30, 8])
    s.put(1, 1, "附件3：部门整体支出绩效评价基础数据表", 1, 9)
    s.put(2, 1, "填报单位：", 2, 6)
    s.put(2, 7, "单位：万元", 2, 9)
    s.put(3, 1, "财政供养人员情况", 3, 3)
    s.put(3, 4, "编制数")
    s.put(3, 5, 143)
    s.put(3, 6, "2018年实际在职人数", 3, 7)
    s.put(3, 8, 136)
    s.put(4, 1, "控制率", 4, 3)
    s.put(4, 4, "95.10%", 4, 9)
    s.put(5, 1, "经费控制情况", 5, 3)
    for c, text in ((4, "2017年决算数"), (5, "2018年预算数"), (6, "2018年决算数")):
        s.put(5, c, text)
    s.put(6, 1, "三公经费", 6, 3)
    for c, value in ((4, "29.08"), (5, "63.46"), (6, "44.29")):
        s.put(6, c, Decimal(value), number_format="0.00")
    s.put(8, 1, "部门整体支出绩效评价指标表", 8, 9)
    for c, text in enumerate(("一级指标", "得分", "二级指标", "得分", "三级指标", "得分",
                              "评价标准", "指标说明", "得分"), 1):
        s.put(9, c, text)
    s.put(10, 1, "投入", 11, 1)
    s.put(10, 2, 16, 11, 2)
    s.put(10, 3, "预算配置", 11, 3)
    s.put(10, 4, 16, 11, 4)
    s.put(10, 5, "在职人员控制率")
    s.put(10, 6, 8)
    s.put(10, 7, "以100%为标准.在职人员控制率≤100%,计8分;每超过一个百分点扣0.5分,扣完为止.")
    s.put(10, 8, "本单位2018年年末实际在职人员为136人,占编委核定的落实编制数143人的比率为"
                 "95.10%.")
    s.put(10, 9, 8)
    s.put(11, 5, "“三公经费”变动率")
    s.put(11, 6, 8)
    s.put(11, 7, "“三公经费”变动率≤0,计8分;“三公经费”>0,每超过一个百分点扣0.8分,扣完为止.")
    s.put(11, 8, "2018年度本单位预算安排“三公经费”总额为63.46万元,而2017年度预算安排的“三公"
                 "经费”总额为32万元.本单位“三公经费”变动率=(63.46-32)÷32=98.31%")
    s.put(11, 9, 0)
    s.put(12, 1, "过程", 13, 1)
    s.put(12, 2, 58, 13, 2)
    s.put(12, 3, "预算执行", 13, 3)
    s.put(12, 4, 16, 13, 4)
    s.put(12, 5, "预算完成率")
    s.put(12, 6, 8)
    s.put(12, 7, "100%计满分,每低于5%扣2分,扣完为止.")
    s.put(12, 8, "年初结余19.8万元;预算1922.76万元,本年追加预算767.86万元;年末结余数19.8万元."
                 "计算本单位预算完成率99.27%.")
    s.put(12, 9, 8)
    s.put(13, 5, "预算控制率")
    s.put(13, 6, 8)
    s.put(13, 7, "预算控制率=0,计8分;0-10%(含),计6分;10-20%(含),计4分;20-30%(含),计2分;"
                 "大于30%不得分")
    s.put(13, 8, "本年预算追加数为767.86万元,年初预算为1922.76")
    return form_workbook([s], WHEN)


def yunnan_lincang_zhengwu() -> bytes:
    """临沧市政务服务管理局 (云南) 2023年度部门整体支出绩效自评表: its page lists the form
    (十四、2023年度部门整体支出绩效自评表) but the stored copy holds only the table of contents.
    The form is rebuilt in the layout whose labels issue 43 names — 部门（单位）名称, 年度主要
    任务 (任务名称, 主要内容, 预算数, 执行数), 年度资金总额 (年初预算数 / 全年预算数 / 全年执行数
    / 分值 / 执行率 / 得分) 按收入性质 and 按支出性质, 年度总体目标 (预期 / 实际), 年度绩效指标,
    总分 — and EVERY FIGURE AND TEXT IN IT IS MADE UP (no filled copy of this layout is
    stored); only the department and the year are the page's."""
    s = FormSheet("部门整体支出绩效自评表", widths=[12, 12, 16, 12, 12, 12, 8, 10, 8, 20])
    s.put(1, 1, "2023年度部门整体支出绩效自评表", 1, 10)
    s.put(2, 1, "部门（单位）名称", 2, 2)
    s.put(2, 3, "临沧市政务服务管理局", 2, 10)
    s.put(3, 1, "年度主要任务", 6, 1)
    s.put(3, 2, "任务名称", 3, 3)
    s.put(3, 4, "主要内容", 3, 8)
    s.put(3, 9, "预算数")
    s.put(3, 10, "执行数")
    tasks = [("政务服务中心运行", "保障市政务服务中心进驻窗口的运行", "180.00", "176.50"),
             ("12345热线运行", "热线受理、转办和回访", "95.00", "93.20"),
             ("人员和日常运转", "在职人员工资和公用经费", "420.00", "418.30")]
    for r, (name, content, budget, spent) in enumerate(tasks, 4):
        s.put(r, 2, name, r, 3)
        s.put(r, 4, content, r, 8)
        s.put(r, 9, Decimal(budget), number_format="0.00")
        s.put(r, 10, Decimal(spent), number_format="0.00")
    s.put(7, 1, "年度资金总额（万元）", 13, 1)
    s.put(7, 2, None, 7, 3)
    for c, text in enumerate(MONEY_LABELS, 4):
        s.put(7, c, text)
    money: list[tuple[str | None, str, tuple[str, str, str]]] = [
        (None, "合计", ("650.00", "695.00", "688.00")),
        ("按收入性质", "一般公共预算", ("640.00", "685.00", "678.00")),
        (None, "政府性基金", ("0.00", "0.00", "0.00")),
        (None, "单位资金", ("10.00", "10.00", "10.00")),
        ("按支出性质", "基本支出", ("420.00", "420.00", "418.30")),
        (None, "项目支出", ("230.00", "275.00", "269.70")),
    ]
    for r, (group, name, amounts) in enumerate(money, 8):
        if name == "合计":
            s.put(r, 2, name, r, 3)
        else:
            s.put(r, 3, name)
        if group is not None:
            s.put(r, 2, group, r + (2 if group == "按收入性质" else 1), 2)
        for c, value in enumerate(amounts, 4):
            s.put(r, c, Decimal(value), number_format="0.00")
        for c, value in zip((7, 8, 9), (10, "98.99%", Decimal("9.90")) if name == "合计"
                            else ("—", "—", "—"), strict=True):
            s.put(r, c, value)
    s.put(14, 1, "年度总体目标", 15, 1)
    s.put(14, 2, "预期目标", 14, 5)
    s.put(14, 6, "实际完成情况", 14, 10)
    s.put(15, 2, "政务服务事项网上可办率达到95%以上，12345热线按时办结率达到95%以上。", 15, 5)
    s.put(15, 6, "政务服务事项网上可办率98%，12345热线按时办结率96%。", 15, 10)
    s.put(16, 1, "年度绩效指标", 21, 1)
    indicator_head(s, 16)
    leaves: list[tuple[str | None, str, str, str, str, int, int, str]] = [
        ("产出指标（50分）", "数量指标", "政务服务事项网上可办率", "≥95%", "98%", 20, 20, ""),
        (None, "质量指标", "群众办事一次办成率", "≥90%", "93%", 15, 15, ""),
        (None, "时效指标", "12345热线按时办结率", "≥95%", "96%", 15, 15, ""),
        ("效益指标（30分）", "社会效益指标", "营商环境便利度", "明显提升", "有所提升", 30, 28,
         "部分事项跨部门协同仍需加强"),
        ("满意度指标（10分）", "服务对象满意度指标", "办事群众满意度", "≥90%", "95%", 10, 10, ""),
    ]
    for r, (first, second, third, target, actual, weight, score, note) in enumerate(leaves, 17):
        if first is not None:
            s.put(r, 2, first, r + (2 if first.startswith("产出") else 0), 2)
        for c, value in enumerate((second, third, target, actual, weight, score), 3):
            s.put(r, c, value)
        s.put(r, 9, note or None, r, 10)
    s.put(22, 1, "总分", 22, 6)
    s.put(22, 7, 100)
    s.put(22, 8, Decimal("97.9"))
    s.put(22, 9, None, 22, 10)
    return form_workbook([s], WHEN)


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "hunan-nanxian-caizheng-2020.docx": hunan_nanxian_caizheng,
    "hunan-nanxian-zhengxie-2021.docx": hunan_nanxian_zhengxie,
    "sichuan-dazhou-nongye-defenbiao.docx": sichuan_dazhou_nongye,
    "sichuan-dazhou-nongye-defenbiao-filled.xls": sichuan_dazhou_nongye_filled,
    "sichuan-enyang-nongye-zhengti.docx": sichuan_enyang_nongye,
    "sichuan-benbumen-zhengti-2017.docx": sichuan_benbumen_2017,
    "chongqing-kexuecheng-rongmeiti-2021.xlsx": chongqing_kexuecheng_rongmeiti,
    "hubei-guangshui-zhengfuban-2021.docx": hubei_guangshui_zhengfuban,
    "buxiang-jichushuju-zhengti-2018.xlsx": wanglu_jichushuju_2018,
    "yunnan-lincang-zhengwu-2023.xlsx": yunnan_lincang_zhengwu,
}


def main() -> None:
    """Write every 部门整体 document of the corpus."""
    write_all(DOCUMENTS)


if __name__ == "__main__":
    main()
