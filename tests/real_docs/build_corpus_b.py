"""Real published documents (issue 32, second half: provinces other than 安徽, 四川, 云南, 湖南,
浙江, 江西, 重庆), rebuilt cell by cell as the Excel/Word files their publishers used.

Each function writes one file of ``tests/data/real/``; its sidecar ``.yml`` (written by hand,
not here) says where the text was read and what a correct import gives. The stored copies
of the pages fold full-width punctuation to ASCII (NFKC); labels are written back with the
full-width ``（）：，`` Chinese forms print, everything else exactly as read. Quirks are kept:
placeholder rows left from the template, a label repeated where a table crosses a page,
a missing bracket in a title, blank cells, a ragged column.

``python -m tests.real_docs.build_corpus_b`` writes every file (the same bytes each run).
"""

from __future__ import annotations

from typing import Any

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.word import WHEN, Cell, docx_file, write_all


def langfang_nuantong() -> bytes:
    """廊坊市食品工程学校 2019 项目支出绩效自评表 (财预〔2020〕10号-style 河北 template).

    Published as a Word 附件 turned into a web page: the template's ``指标2`` / ``……``
    placeholder rows left empty, ``效益指标`` printed a second time above 可持续影响指标
    (where the Word table crosses a page), the year line ``2019年度）`` without its opening
    bracket, 年度总体目标 filled with the two amounts, ``0`` in the 偏差原因 column."""
    blank = ""
    rows: list[list[Cell]] = [
        ["项目名称", ("办公宿舍楼、食堂及餐厅暖通改造经费", 1, 7)],
        ["主管部门", ("廊坊市发改委", 1, 3), "实施单位", ("廊坊市食品工程学校", 1, 3)],
        [("项目资金\n（万元）", 5, 1), blank, "年初\n预算数", "全年\n预算数", "全年\n执行数",
         "分值", "执行率", "得分"],
        [None, "年度资金总额", "43.2", "43.2", "37.24", "10", "86%", "9"],
        [None, "其中：当年财政拨款", "43.2", "43.2", "37.24", blank, blank, blank],
        [None, "      上年结转资金", blank, blank, blank, blank, blank, blank],
        [None, "  其他资金", blank, blank, blank, blank, blank, blank],
        [("年度总体目标", 2, 1), ("预期目标", 1, 3), ("实际完成情况", 1, 4)],
        [None, ("43.2", 1, 3), ("37.24", 1, 4)],
        ["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]

    def group(level1: str | None, size1: int, level2: str, items: list[list[str]]) -> None:
        for i, item in enumerate(items):
            row: list[Cell] = []
            if level1 is not None and i == 0:
                row.append((level1, size1, 1))
            else:
                row.append(None)
            row.append((level2, len(items), 1) if i == 0 else None)
            row.extend(item + [blank] * (6 - len(item)))
            rows.append(row)

    group("产出指标", 12, "数量指标", [
        ["指标1工程资金金额", "43.2", "37.24", "10", "9",
         "已完工，剩余3%尾款未付，且最高限价低于预算金额。提高预算准确度。"],
        ["指标2"], ["……"]])
    group(None, 0, "质量指标", [["指标1工程完工率", "100", "100", "10", "10"],
                               ["指标2工程验收合格率", "100", "100", "10", "10"], ["……"]])
    group(None, 0, "时效指标", [["指标1项目完成及时率", "100", "100", "10", "10"],
                               ["指标2"], ["……"]])
    group(None, 0, "成本指标", [["指标1成本控制率", "100", "100", "10", "10"],
                               ["指标2"], ["……"]])
    group("效益指标", 9, "经济效益\n指标", [["指标1安全率", "100", "100", "10", "10", "0"],
                                          ["指标2"], ["……"]])
    group(None, 0, "社会效益\n指标", [["指标1学校发展能力", "100", "100", "10", "10", "0"],
                                    ["指标2"], ["……"]])
    group(None, 0, "生态效益\n指标", [["指标1"], ["指标2"], ["……"]])
    group("效益指标", 3, "可持续影响\n指标", [["指标1长期使用性", "100", "100", "10", "10"],
                                            ["指标2"], ["……"]])
    group("满意度\n指标", 2, "服务对象满意度指标",
          [["指标1学生满意度", "100", "100", "10", "10", "0"], ["指标2"]])
    return docx_file([("p", "附件1"), ("p", "项目支出绩效自评表"), ("p", "2019年度）"),
                      ("table", (8, rows))])


# ---------------------------------------------------------------- 河北 宁晋 (refuse)

def ningjin_zhuxuejin() -> bytes:
    """宁晋县教育局 2019年度高中助学金项目绩效评价指标表: 分值 for every row and a 总分 of
    100, but no 得分 column, no money and no 实际完成值 — a target table, not a result."""
    s = FormSheet("Sheet1", widths=[16, 14, 22, 14, 10, 8, 8])
    s.put(1, 1, "2019年度宁晋县高中助学金项目绩效评价指标表", 1, 7)
    for col, label in enumerate(("评价指标", "评价内容", "指标名称", "指标说明", "目标值",
                                 "分值", "备注"), 1):
        s.put(2, col, label)
    s.put(3, 1, "项目年度绩效目标（定量指标）", 9, 1)
    rows: list[tuple[int, str | None, int, str, str | None, Any, int]] = [
        (3, "制度指标", 1, "规章制度建立与否", None, None, 20),
        (4, "产出数量指标", 2, "享受资助人数", "达到预计值", 2100, 10),
        (5, None, 0, "资金支出率", "达到目标值", "95%", 10),
        (6, "质量指标", 2, "建档立卡学生全面覆盖", None, "100%", 10),
        (7, None, 0, "资助对象满意度", "达到目标值", "95%以上", 10),
        (8, "时效指标", 1, "及时发放率", "达到目标值", "100%", 20),
        (9, "成本指标", 1, "资助标准达标率", None, "100%", 20),
    ]
    for r, content, span, name, note, target, weight in rows:
        if content is not None:
            s.put(r, 2, content, r + span - 1, 2)
        s.put(r, 3, name)
        s.put(r, 4, note)
        s.put(r, 5, target)
        s.put(r, 6, weight)
    s.put(10, 1, "总分", 10, 5)
    s.put(10, 6, 100)
    return form_workbook([s], WHEN)


# ---------------------------------------------------------------- 湖北 湖北科技学院 (refuse)

def hbust_jiangzhuxuejin() -> bytes:
    """湖北科技学院 2021年度本专科生奖助学金项目自评结果: a report page whose only table lists
    一级 / 二级 / 指标名称 / 目标值 / 实际完成值 — no 分值, no 得分; the 99.8 is in the text.
    二级 labels are repeated on every row (never merged), 满意度 sits under 效益指标, and
    the first five rows carry a sixth, empty cell the later rows do not have."""
    head = ["一级指标", "二级指标", "指标名称", "目标值", "实际完成值", ""]
    ragged = [
        ("产出指标", "质量指标", "奖助政策学生知晓率", "100%", "100%"),
        ("产出指标", "质量指标", "受资助本专科困难学生覆盖率", "99%", "99%"),
        ("产出指标", "质量指标", "退役士兵考入高校应助学生享受资助比例", "100%", "100%"),
        ("产出指标", "质量指标", "高校学生应征入伍应受助学生享受资助比例", "100%", "100%"),
    ]
    even = [
        ("产出指标", "数量指标", "受资助本专科学生人数", "14726", "15935"),
        ("产出指标", "质量指标", "国家奖学金按标准发放率", "100%", "100%"),
        ("效益指标", "社会效益指标", "评审程序是否客观公正", "是", "是"),
        ("效益指标", "社会效益指标", "家庭经济困难学生完成学业率", "100%", "100%"),
        ("效益指标", "服务对象满意度指标", "资助学生满意度", "95%", "95%"),
    ]
    rows: list[list[Cell]] = [head]
    rows += [[*row, ""] for row in ragged]
    rows += [[*row[:4], (row[4], 1, 2)] for row in even]
    return docx_file([
        ("p", "2021年度本专科生奖助学金项目自评结果"),
        ("p", "一、自评结论"),
        ("p", "（一）评价得分情况。"),
        ("p", "对照2021度本专科生奖助学金项目年初绩效目标及项目实际完成情况，自评小组经过"
              "自评，综合评价得分为 99.8分。"),
        ("p", "（二）绩效目标完成情况"),
        ("p", "1、执行率情况。"),
        ("p", "根据《省财政厅 省教育厅关于下达2021年普通高校学生资助补助经费预算的通知》"
              "（鄂财教发[2021]40号）文件批复，2021年本专科生奖助学金项目实际下达预算2596万元，"
              "全年度实际总支出2595.6208 万元，项目预算执行率99%。项目预算资金未执行完的主要"
              "原因是剩余未执行完的0.3792万元为应征入伍学生国家资助经费，因此笔经费无法达到"
              "一名学生4000元的最低资助标准，将作为我校2022年应征入伍学生国家资助经费使用。"
              "因此我校2021年资助项目资金没有全部执行完。"),
        ("p", "完成的绩效目标。"),
        ("p", "经过自评，本项目较好的完成的年初预定的各项绩效目标。具体完成情况如下表："),
        ("table", (6, rows)),
        ("p", "（三）存在的问题和原因"),
    ])


# ---------------------------------------------------------------- 宁夏 同心县 (refuse)

def tongxin_xiamaguan() -> bytes:
    """同心县下马关镇 2023 绩效目标设定的公示: the targets of a 衔接资金 project written out as
    text (产出 / 效益 / 满意度, ``(≥**株)>=17600株``), no table, no 分值, no 得分."""
    return docx_file([
        ("p", "关于下马关镇设施农业黄金蜜（葡萄）种植项目绩效目标设定的公示"),
        ("p", "根据《关于下达2023年中央财政衔接推进乡村振兴资金预算指标的通知》（同财农（农）"
              "指标〔2023〕2-1号）精神，安排《自治区财政厅关于提前下达2023年第一批中央财政衔接"
              "推进乡村振兴补助资金预算指标的通知》（宁财（农）指标[2022]605号）资金50万元，"
              "实施同心县下马关镇设施农业黄金蜜（葡萄）种植项目，项目负责人金秀梧，项目建设"
              "内容：按照1760株/栋的标准，在10栋设施温棚中种植黄金蜜（葡萄）。项目总体绩效"
              "目标是：增加特色产业产值80万元，受益脱贫户、监测户10户，促使脱贫户、监测户增加"
              "收入80万元。现将绩效目标设定如下："),
        ("p", "一、 产出指标"),
        ("p", "数量指标：★补助各类瓜果蔬菜种植数量，黄金蜜（葡萄）种植数量（≥**株）>=17600株；"
              "种植作物成活率（≥**%）>=85；时效指标：完成及时率（≥**%）>=100%。成本指标："
              "作物种植补助标准，黄金蜜（葡萄）补助成本（≤**元/株）≤28.40/株。"),
        ("p", "二、 效益指标"),
        ("p", "效益指标：经济效益指标：脱贫地区特色产业产值（≥**万元）≥80万元，促使脱贫户、"
              "监测户增加收入（≥**万元）≥80万元；社会效益目标：★★★受益脱贫户、监测户人口数"
              "（≥**户）≥10户。生态效益指标：生态修复功能提高。可持续影响指标，持续发展。"),
        ("p", "三、 满意度指标"),
        ("p", "服务对象满意度指标，受益脱贫户满意度（≥**%）≥95%。"),
        ("p", "附件：下马关镇设施农业黄金蜜（葡萄）种植项目绩效目标设定表.xlsx"),
        ("p", "同心县下马关镇人民政府"),
        ("p", "2023年3月27日"),
    ])


# ---------------------------------------------------------------- 湖北 武汉青山 (refuse)

def qingshan_jichusheshi() -> bytes:
    """武汉市青山区教育局 2020 项目支出绩效目标表: a target table (no 分值, 得分, 完成值) with
    the code printed in brackets before the 主管部门 (``[015001]``), 长期 and 年度 indicator
    columns side by side (the 长期 三级 / 指标值 left empty), 一级 repeated on every row and
    the year line ``2020年度）`` without its opening bracket."""
    rows: list[list[Cell]] = [
        ["项目名称", ("教育系统基础设施建设和设备购置", 1, 6)],
        ["主管部门\n及编码", ("[015001]武汉市青山区教育局", 1, 2), "实施单位",
         ("武汉市青山区教育局", 1, 3)],
        ["项目属性", ("基础建设、修缮类", 1, 2), "项目起止时间", ("202001-202012", 1, 3)],
        [("项目资金", 3, 1), "资金总额", "10000万元", "当年资金总额：", ("10000万元", 1, 3)],
        [None, "其中：财政拨款", "10000万元", "其中：当年财政拨款", ("10000万元", 1, 3)],
        [None, "其他资金", "", "当年其他资金", ("", 1, 3)],
        [("总体目标", 2, 1), ("中期目标", 1, 3), ("年度目标", 1, 3)],
        [None, ("优化教育布局，推进教育领域综合改革全面提升育人质量实现基础教育持续发展", 1, 3),
         ("按工作计划完成教育局重点项目建设经费预算安排", 1, 3)],
        [("绩效项目指标表", 1, 7)],
        ["一级指标", "二级指标（长期）", "三级指标（长期）", "指标值（长期）", "二级指标（年度）",
         "三级指标（年度）", "指标值（年度）"],
    ]
    for level1, level2, name, value in [
        ("产出指标", "数量指标", "重点建设工程安排数量", "2"),
        ("产出指标", "质量指标", "重点建设工程验收合格率", "100%"),
        ("产出指标", "成本指标", "建设项目成本", "参照政府采购成本控制"),
        ("产出指标", "时效指标", "重点建设工程按期完成率", "100%"),
        ("效益指标", "可持续影响指标", "基础教育巩固提高情况", "巩固提高"),
        ("效益指标", "社会效益指标", "基础教育学校办学条件", "持续改善"),
        ("满意度指标", "服务对象满意度指标", "学生、家长、社会满意度", "≥90%"),
    ]:
        rows.append([level1, level2, "", "", level2, name, value])
    return docx_file([("p", "项目支出绩效目标表"), ("p", "2020年度）"), ("table", (7, rows))])


BUILDERS = {
    "hebei-langfang-nuantong-2019.docx": langfang_nuantong,
    "hebei-ningjin-zhuxuejin-2019.xlsx": ningjin_zhuxuejin,
    "hubei-hbust-jiangzhuxuejin-2021.docx": hbust_jiangzhuxuejin,
    "ningxia-tongxin-xiamaguan-2023.docx": tongxin_xiamaguan,
    "hubei-qingshan-jichusheshi-2020.docx": qingshan_jichusheshi,
}


def main() -> None:
    """Write every document of this part of the corpus."""
    write_all(BUILDERS)


if __name__ == "__main__":
    main()
