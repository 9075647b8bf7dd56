"""The 术语 page: the site's few technical words in plain public words (issue 33.6).

Every definition that states a rule is written from the code that applies it, so the page
cannot drift from the figures: the grade bands from ``site.yml``'s bands
(:meth:`SiteConfig.band_for`, first band whose minimum the total reaches), the rectification
statuses and the phrases that set them from :mod:`generator.core.rectification`, the methods
from :mod:`generator.core.methods`. Pages link a term to its entry (``glossary/#<slug>``) with
the entry's first sentence as the link's title: a link works on a phone's touch, a keyboard and
a screen reader alike, where a title tooltip alone (``<abbr>``) is never shown on touch.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core import fmt
from generator.core.methods import SELF_FORM_TITLE
from generator.core.model import Band, SiteConfig
from generator.core.rectification import (
    DONE,
    FIXED,
    NOT_FIXED,
    PHRASES,
    PLANS,
    UNDERWAY,
    UNSTATED,
)

PAGE = "glossary/"
TITLE = "术语"


@dataclass(frozen=True)
class Term:
    word: str  # as pages print it
    slug: str  # the entry's anchor on the glossary page
    text: str  # the definition; its first sentence is the link's title
    group: str = ""  # the entry it belongs under (the 评价方式, the 整改状态)

    @property
    def title(self) -> str:
        """The first sentence, for a link's tooltip."""
        head, dot, _ = self.text.partition("。")
        return head + dot


def band_lines(grades: tuple[Band, ...]) -> list[str]:
    """One clause a band, highest first, read off the bands as :meth:`SiteConfig.band_for`
    applies them: a total belongs to the first band whose minimum it reaches, so each band
    runs from its minimum up to (not including) the minimum of the band above; the last band
    also takes any total below its own minimum."""
    lines = []
    for i, band in enumerate(grades):
        scores = f"{fmt.number(band.min)} 分及以上"
        if i == len(grades) - 1:
            scores = f"不到 {fmt.number(grades[i - 1].min)} 分" if i else "任何分值"
        elif i:
            scores += f"、不到 {fmt.number(grades[i - 1].min)} 分"
        alias = f"（也写作“{'”“'.join(band.aliases)}”）" if band.aliases else ""
        lines.append(f"{scores}为{band.label}{alias}")
    return lines


def _rule(status: str) -> str:
    """When a problem has ``status``: the status stated with the item, or a plain text
    whose first words (after its number) are one of the phrases that set it, or (已整改,
    整改中) whose first sentence reads so (:func:`generator.core.rectification.text_status`)."""
    words = "、".join(f"“{phrase}”" for phrase, said in PHRASES if said == status)
    rule = f"记为这一状态的：整改情况标明了“{status}”，或者整改情况的文字一开头就是{words}之一"
    if status == FIXED:
        done = "、".join(f"“已……{verb}”" for verb in DONE[:4])
        rule += (f"，或者文字以已字开头、第一句说明某件事已经做了（如{done}），"
                 "句中没有未、尚、部分、基本等字样，也没有说仍在进行")
    elif status == UNDERWAY:
        plans = "、".join(f"“{word}”" for word in PLANS[:4])
        rule += (f"，或者文字以{plans}等开头，或者以已字开头的第一句同时说明仍在进行"
                 "（如写着正在、逐步）")
    return rule + "。未标明状态、由本站按文字判断的，页面上在状态旁注明（按文字判断）"


def terms(config: SiteConfig) -> list[Term]:
    """Every entry of the glossary, in page order."""
    bands = "；".join(band_lines(config.grades))
    return [
        Term("评价分值", "score",
             "评价时按指标体系给项目打的总分，通常满分 100 分。本站显示到小数点后两位；"
             "有指标明细的项目，分值是各项指标得分之和，并与公开的分值核对；只公布了评价等级的"
             "项目没有分值。"),
        Term("评价等级", "grade",
             f"按评价分值划分的档次，也叫评价结论。{bands}。"),
        Term("执行率", "execution-rate",
             "预算执行率：实际支出占预算金额的百分比（实际支出 ÷ 预算金额 × 100%），"
             "保留两位小数。它说明钱花出去了多少，不说明花得好不好。"),
        Term("满分值", "full-marks",
             "一项指标最多能得的分数，评价表中也写作“分值”或“权重”。一个项目各一级指标的满分值"
             "加起来是 100 分。"),
        Term("得分率", "score-rate",
             "一项指标的得分占它满分值的百分比（得分 ÷ 满分值 × 100%），保留两位小数。"
             "得分率低的指标，就是项目丢分的地方。"),
        Term("标准计分规则", "standard-rule",
             "自评表的一项指标没有写明计分方法时，按通用的办法计分：完成年度指标值的得满分，"
             "没有完成的按完成的比例得分（越低越好的指标按超出的比例扣分），"
             "见财预〔2020〕10号第十六条。本站按这一办法（或评价表写明的计分方法）计算每项得分，"
             "与公布的得分不同时，在自评表中把两个数都列出，供对照；项目的评价结果以公布的为准。"),
        Term("失分", "lost",
             "一项指标的满分值减去它的得分，也就是这一项被扣掉的分数。"),
        Term("项目单位", "department",
             "具体实施项目、使用这笔资金的单位，评价表中也写作“实施单位”。"),
        Term("主管部门", "authority",
             "项目单位的上级部门，负责组织对项目的评价并公开结果。本站的“部门公开”按主管部门"
             "列出每年的评价结果。"),
        Term("评价方式", "method",
             "由谁给项目打分。评价方式不同，分值的来历不同，不宜直接比较或一起排名；"
             "本站在列表和汇总中注明每个项目的评价方式，没有写明的记为“未注明”。"),
        Term("第三方评价", "third-party",
             "由财政部门或主管部门委托的独立机构（如会计师事务所、咨询公司）评价项目并打分。",
             "评价方式"),
        Term("部门评价", "department-evaluation",
             "由主管部门组织，对本部门及所属单位的项目进行评价并打分（可委托第三方机构实施）。",
             "评价方式"),
        Term("部门自评", "department-self",
             f"主管部门对本部门的项目自己打分，通常填写《{SELF_FORM_TITLE}》。", "评价方式"),
        Term("单位自评", "unit-self",
             f"花钱办事的项目单位对自己的项目打分，填写《{SELF_FORM_TITLE}》。"
             "这是单位自己的评价，不是外部机构的评价。", "评价方式"),
        Term("整改状态", "rectification",
             "评价发现的每一条存在问题，按主管部门公开的整改情况记为以下四种状态之一。"
             f"只有“{FIXED}”计为已经整改；看不出整改到什么程度的，记为“{UNSTATED}”，"
             "不算已整改。"),
        Term(FIXED, "fixed",
             f"问题已经整改完毕，只有这一状态计为已整改。{_rule(FIXED)}。",
             "整改状态"),
        Term(UNDERWAY, "underway",
             f"正在整改，尚未完成。{_rule(UNDERWAY)}。",
             "整改状态"),
        Term(NOT_FIXED, "not-fixed",
             f"还没有整改。{_rule(NOT_FIXED)}。", "整改状态"),
        Term(UNSTATED, "unstated",
             "公开的整改情况没有说清整改到什么程度，不计为已整改。包括：整改情况没有标明状态，"
             "文字也不是上面三种状态所说的写法（例如只写了“加强管理”或“已整改部分问题”）；"
             "没有公开整改情况；整改情况与存在问题条数不同、无法逐条对应。", "整改状态"),
    ]


def by_word(config: SiteConfig) -> dict[str, Term]:
    """The entries by the word pages print, for links from pages."""
    return {term.word: term for term in terms(config)}
