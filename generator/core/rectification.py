"""The rectification ledger: each 存在问题 with its 整改建议 and 整改情况, and whether it was fixed.

Rows pair the three lists by position only when every list that is given has the same
length (an empty list is shown as 「—」 on every row), as the published 信息表 line them up
(seed 003). Otherwise the lists are shown side by side, never paired by guesswork.

Each disclosed problem gets exactly one of four statuses, and every page says where it came
from (:func:`problem_sources`):

* a rectification item written as ``{text, status}`` has the status it states (published);
* a plain-text item is read from its words (after a leading number such as ``1、`` or
  ``（1）``), as a reader would read them:

  - it begins with one of the phrases of :data:`PHRASES`, followed by the end of the text or
    a punctuation mark: 「已整改。」, 「已完成整改，…」 are 已整改, 「正在整改…」 整改中,
    「尚未整改…」 未整改;
  - it begins with 已 and its first sentence says a thing was done (:data:`DONE`: 已…完善,
    已完成, 已制定, 已建立 …) with no 未, 尚, 部分 or 基本 in that sentence: 已整改 — unless the
    sentence also says the work goes on (正在, 逐步, 计划 …), then 整改中;
  - it begins with a plan or work under way (:data:`PLANS`: 计划, 拟, 正在, 逐步 …): 整改中;
  - anything else (「已整改部分问题」, 「加强管理」) is 未说明, never counted as fixed;

* a problem whose rectification list does not pair with the problems item by item (other
  lengths), or that has no rectification at all, is 未说明.

The rectification pages count only 已整改 as fixed, show the other three beside it, and say
how many statuses were published and how many were read from the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.core.model import REPORTED, ProjectHead, Rectification

FIXED = "已整改"
UNDERWAY = "整改中"
NOT_FIXED = "未整改"
UNSTATED = "未说明"
# every status a problem can be counted under, in the order the site shows them
STATUSES = (FIXED, UNDERWAY, NOT_FIXED, UNSTATED)

# leading phrases of a plain text that state its status (longest first where one begins
# another, so 正在整改中 is read whole)
PHRASES: tuple[tuple[str, str], ...] = (
    ("已全部完成整改", FIXED), ("已完成整改", FIXED), ("已全部整改", FIXED),
    ("已整改到位", FIXED), ("已整改完毕", FIXED), ("已整改完成", FIXED), ("已整改", FIXED),
    ("整改已完成", FIXED), ("整改完毕", FIXED),
    ("正在整改中", UNDERWAY), ("正在进行整改", UNDERWAY), ("正在整改", UNDERWAY),
    ("整改中", UNDERWAY),
    ("尚未整改", NOT_FIXED), ("暂未整改", NOT_FIXED), ("未整改", NOT_FIXED),
)
#: verbs that say a thing was done, after a leading 已 (已在2018年实施方案中进行了方案完善)
DONE = ("完善", "完成", "制定", "建立", "修订", "修改", "健全", "落实", "出台", "印发",
        "更换", "调整", "补充", "纠正", "规范", "整改", "解决", "改进", "签订", "明确")
#: openings that say the work is planned or under way (计划开展…, 拟…, 正在…, 逐步…)
PLANS = ("计划", "拟", "正在", "逐步", "将", "准备", "预计", "下一步", "下阶段")
# in a sentence that begins 已…: words that make it less than done (尚未完成, 部分, 基本)
_NOT_DONE = ("未", "尚", "部分", "基本", "没有", "不")
# … and words that say the work goes on (已制定方案，正在逐步实施)
_GOING_ON = ("正在", "逐步", "计划", "将于", "拟", "持续推进")
_DIGITS = "0-9０-９一二三四五六七八九十"
_NUMBER = re.compile(rf"\s*(?:[（(][{_DIGITS}]+[）)]|[{_DIGITS}]+[、.．)）])?\s*")
# what may follow a phrase: the end or a punctuation mark (not 「部分问题」, 「50%」 …)
_BOUNDARY = re.compile(r"\s*(?:$|[，,。．.；;：:、！!）)】」』\-—])")
_SENTENCE = re.compile(r"[^。；;！!？?\n]*")

#: where a status came from: stated with the item, read from its words, or neither
PUBLISHED = "公布"
FROM_WORDS = "据文字"
SOURCES = (PUBLISHED, FROM_WORDS)


def text_status(text: str) -> str:
    """The status a plain 整改情况 text states in its first words, else 未说明."""
    rest = text[_NUMBER.match(text).end():]  # type: ignore[union-attr]  # always matches
    for phrase, status in PHRASES:
        if rest.startswith(phrase) and _BOUNDARY.match(rest, len(phrase)):
            return status
    sentence = _SENTENCE.match(rest).group()  # type: ignore[union-attr]  # always matches
    if sentence.startswith("已") and any(verb in sentence for verb in DONE):
        if any(word in sentence for word in _NOT_DONE):
            return UNSTATED
        return UNDERWAY if any(word in sentence for word in _GOING_ON) else FIXED
    if rest.startswith(PLANS):
        return UNDERWAY
    return UNSTATED


def status_of(item: Rectification) -> str:
    """One item's status: as stated in the data, else from its words (see the module)."""
    return item.status if item.status != REPORTED else text_status(item.text)


@dataclass(frozen=True)
class LedgerRow:
    number: int  # 1-based position
    problem: str | None
    recommendation: str | None
    rectification: Rectification | None
    status: str | None  # of the problem; None on a row without a problem
    source: str | None = None  # where the status came from (公布, 据文字), None for 未说明


def items_of(project: ProjectHead) -> list[Rectification]:
    """The rectification items (plain texts as items whose status is not stated)."""
    if project.rectification_items or not project.rectification:
        return project.rectification_items
    return [Rectification(text) for text in project.rectification]


def ledger_rows(project: ProjectHead) -> list[LedgerRow] | None:
    """Rows by position when the given lists have one length; None when they do not pair
    (or when there is nothing to show)."""
    items = items_of(project)
    lists: list[list[Any]] = [project.problems_found, project.recommendations, items]
    lengths = {len(part) for part in lists if part}
    if len(lengths) != 1:
        return None
    (count,) = lengths

    def at(part: list, i: int):  # noqa: ANN202 - any of the three lists
        return part[i] if part else None

    statuses, sources = problem_statuses(project), problem_sources(project)
    return [LedgerRow(i + 1, at(project.problems_found, i), at(project.recommendations, i),
                      at(items, i), at(statuses, i), at(sources, i)) for i in range(count)]


def problem_statuses(project: ProjectHead) -> list[str]:
    """One status per disclosed problem (see the module's docstring)."""
    problems = project.problems_found
    items = items_of(project)
    if len(items) == len(problems):
        return [status_of(item) for item in items]
    return [UNSTATED] * len(problems)


def source_of(item: Rectification) -> str | None:
    """Where the item's status came from: 公布 (stated), 据文字 (read from its words), or
    None when neither says anything (未说明)."""
    if item.status != REPORTED:
        return PUBLISHED
    return FROM_WORDS if text_status(item.text) != UNSTATED else None


def problem_sources(project: ProjectHead) -> list[str | None]:
    """Where each disclosed problem's status came from (parallel to
    :func:`problem_statuses`)."""
    problems = project.problems_found
    items = items_of(project)
    if len(items) == len(problems):
        return [source_of(item) for item in items]
    return [None] * len(problems)


def source_counts(project: ProjectHead) -> dict[str, int]:
    """How many of the project's problem statuses were published and how many read."""
    counts = dict.fromkeys(SOURCES, 0)
    for source in problem_sources(project):
        if source is not None:
            counts[source] += 1
    return counts


def status_counts(project: ProjectHead) -> dict[str, int]:
    """How many of the project's problems have each status (every status, in order)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status in problem_statuses(project):
        counts[status] += 1
    return counts


def lacks_rectification(project: ProjectHead) -> bool:
    """Problems disclosed and no rectification at all."""
    return bool(project.problems_found) and not items_of(project)


def previous_in_series(project: ProjectHead, series: list[ProjectHead]) -> ProjectHead | None:
    """The same series' evaluation of the latest earlier year (series are sorted by year)."""
    earlier = [p for p in series if p.year < project.year]
    return earlier[-1] if earlier else None


def next_in_series(project: ProjectHead, series: list[ProjectHead]) -> ProjectHead | None:
    later = [p for p in series if p.year > project.year]
    return later[0] if later else None
