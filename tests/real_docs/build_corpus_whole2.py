"""部门整体支出绩效评价 documents of the corpus beyond ``build_corpus_whole`` (issue 43, a
second batch: provinces not yet covered), rebuilt as the files their publishers used, quirks
kept, from the stored copies of their pages. What a stored copy does not hold is not
invented; each sidecar ``.yml`` says what was read and what a correct import gives.

``python -m tests.real_docs.build_corpus_whole2`` writes every file (the same bytes each run).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.real_docs.word import docx_file, write_all


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


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "guangdong-maoming-fagai-2021.docx": guangdong_maoming_fagai,
}


def main() -> None:
    """Write every document of this batch."""
    write_all(DOCUMENTS)


if __name__ == "__main__":
    main()
