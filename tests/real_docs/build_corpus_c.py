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
from tests.real_docs.word import WHEN, write_all


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
    s.put(3, 1, "项目名称", 3, 2)
    s.put(3, 3, "建档立卡个人缴费县级配套资金", 3, 10)
    s.put(4, 1, "主管部门", 4, 2)
    s.put(4, 3, "稷山县医疗保障局", 4, 5)
    s.put(4, 6, "实施单位", 4, 7)
    s.put(4, 8, "稷山县医疗保险服务中心", 4, 10)
    s.put(5, 1, "项目资金\n（万元）", 9, 2)
    s.put(5, 3, None, 5, 4)
    for col, text in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
                                "得分"), 5):
        s.put(5, col, text)
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
    for col, text in enumerate(("一级\n指标", "二级指标", "三级指标", "年度\n指标值",
                                "实际\n完成值", "分值", "得分"), 2):
        s.put(12, col, text)
    s.put(12, 9, "偏差原因分析及改进措\n施", 12, 10)
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


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "shanxi-jishan-jiandang-2020.xlsx": shanxi_jishan_jiandang,
}


def main() -> None:
    """Write every document of this part of the corpus."""
    write_all(DOCUMENTS)


if __name__ == "__main__":
    main()
