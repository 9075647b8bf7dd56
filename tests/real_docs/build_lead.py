"""Real published documents added by the lead (issue 32): result notices as counties post
them, a table on a web page that staff copy into Excel as it stands.

``python -m tests.real_docs.build_lead`` writes every file (the same bytes each run); each
sidecar ``.yml`` beside the file is written by hand from the published page.
"""

from __future__ import annotations

from generator.downloads.selfeval_form import FormSheet, form_workbook
from tests.real_docs.word import WHEN, write_all

# 三门县住房和城乡建设局2024年度专项债券项目资金绩效评价情况表, as published (2025-06-26)
SANMEN = [
    (1, "三门县住房和城乡建设局", "三门县市政公用工程建设事务中心",
     "三门县城镇污水处理设施建设工程", 0.4, 87, "良", "财政部门重点评价"),
    (2, "三门县住房和城乡建设局", "三门县市政公用工程建设事务中心", "三门县石羊溪水质提升工程",
     1.36, 91, "优", "项目单位自评"),
    (3, "三门县住房和城乡建设局", "三门县市政公用工程建设事务中心", "三门县老旧小区改造项目",
     0.1, 94, "优", "项目单位自评"),
    (4, "三门县住房和城乡建设局", "三门县市政公用工程建设事务中心",
     "三门县社区智慧化改造及配套基础设施提升工程", 0.2, 91, "优", "项目单位自评"),
    (5, "三门县住房和城乡建设局", "三门县市政公用工程建设事务中心",
     "三门县农村生活污水处理设施建设工程(2021-2025)", 0.3, 90, "优", "项目单位自评"),
]


def _notice(title: str, header: tuple[str, ...], rows: list[tuple[object, ...]],
            widths: list[int]) -> bytes:
    """A notice's table as staff copy it into Excel: the title over the header row, then one
    row a project, every value where the page prints it."""
    s = FormSheet("Sheet1")
    s.widths = widths
    s.put(1, 1, title, 1, len(header))
    for c, text in enumerate(header, 1):
        s.put(2, c, text)
    for r, values in enumerate(rows, 3):
        for c, value in enumerate(values, 1):
            s.put(r, c, value)
    return form_workbook([s], WHEN)


def sanmen_zhuanxiangzhai() -> bytes:
    """The notice's table: a title row, then 序号 / 主管部门 / 项目单位 / 项目名称 / 发行金额
    (亿元) / 评价得分 / 评价结果 / 备注 (who evaluated), amounts in 亿元 as numbers."""
    return _notice("三门县住房和城乡建设局2024年度专项债券项目资金绩效评价情况表",
                   ("序号", "主管部门", "项目单位", "项目名称", "发行金额(亿元)", "评价得分",
                    "评价结果", "备注"),
                   SANMEN, [6, 22, 26, 36, 12, 10, 10, 16])


def yongjia_xunzhai() -> bytes:
    """巽宅镇's notice: one project, 评价结果 优 and no score (a grade-only result)."""
    return _notice("永嘉县巽宅镇人民政府2023年度专项债券项目资金绩效评价情况",
                   ("序号", "主管部门", "项目单位", "项目名称", "发行金额(亿元)", "评价结果",
                    "备注"),
                   [(1, "永嘉县巽宅镇人民政府", "永嘉县巽宅镇新农村建设投资有限公司",
                     "永嘉县巽宅镇山区共同富裕样板区建设项目", 0.05, "优", "主管部门评价结果")],
                   [6, 22, 30, 36, 12, 10, 18])


def tiantai_pingqiao() -> bytes:
    """平桥镇's notice: scores printed, the 评价结果 column left empty on both rows."""
    return _notice("天台县平桥镇人民政府2022年度专项债券项目资金绩效评价情况表",
                   ("序号", "主管部门", "项目单位", "项目名称", "发行金额(亿元)", "评价得分",
                    "评价结果", "备注"),
                   [(1, "天台县平桥镇人民政府", "天台易城环境工程有限公司",
                     "天台县花前工业园区四期核心区", 0.7, 92, None, "项目单位自评"),
                    (2, "天台县平桥镇人民政府", "天台县新时代城镇建设开发有限公司",
                     "天台县平桥镇蓝天科创产业园工程", 0.1, 83, None, "主管部门委托第三方评价")],
                   [6, 22, 30, 30, 12, 10, 10, 22])


def xiaoshan_xianghu() -> bytes:
    """湘湖's self-evaluation table: the unit (亿元) in the title, no 主管部门 or 项目单位
    column (the publisher is only on the web page), 自评等级 empty, a 总计 row."""
    return _notice("2024年新增地方政府专项债券项目绩效评价表(单位:亿元)",
                   ("序号", "项目名称", "债券性质", "债券规模", "自评分数", "自评等级"),
                   [(None, "城厢街道湖头陈社区城中村改造安置房三期、四期项目", "棚改专项债券", 2.62,
                     97, None),
                    ("总计", None, None, 2.62, None, None)],
                   [6, 44, 16, 10, 10, 10])


FILES = {"zhejiang-sanmen-zhuanxiangzhai-2024.xlsx": sanmen_zhuanxiangzhai,
         "zhejiang-yongjia-xunzhai-2023.xlsx": yongjia_xunzhai,
         "zhejiang-tiantai-pingqiao-2022.xlsx": tiantai_pingqiao,
         "zhejiang-xiaoshan-xianghu-2024.xlsx": xiaoshan_xianghu}


def main() -> None:
    """Write every file of this part of the corpus."""
    write_all(FILES)


if __name__ == "__main__":
    main()
