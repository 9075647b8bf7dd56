"""The rectification ledger: each 存在问题 with its 整改建议 and 整改情况, and whether it was fixed.

Rows pair the three lists by position only when every list that is given has the same
length (an empty list is shown as 「—」 on every row), as the published 信息表 line them up
(seed 003). Otherwise the lists are shown side by side, never paired by guesswork.

Each disclosed problem gets exactly one of four statuses, never counted as fixed on a guess:

* a rectification item written as ``{text, status}`` has the status it states;
* a plain-text item gets a status only when its words say it plainly: the text (after a
  leading number such as ``1、`` or ``（1）``) begins with one of the phrases of
  :data:`PHRASES`, followed by the end of the text or a punctuation mark. So
  「已整改。」 and 「已完成整改，…」 are 已整改, 「正在整改…」 and 「整改中，…」 整改中,
  「尚未整改…」 and 「未整改，…」 未整改; 「已在下一年度方案中完善」, 「已整改部分问题」 or
  「加强管理」 say nothing certain and are 未说明;
* a problem whose rectification list does not pair with the problems item by item (other
  lengths), or that has no rectification at all, is 未说明.

The rectification pages count only 已整改 as fixed and show the other three beside it.
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
_DIGITS = "0-9０-９一二三四五六七八九十"
_NUMBER = re.compile(rf"\s*(?:[（(][{_DIGITS}]+[）)]|[{_DIGITS}]+[、.．)）])?\s*")
# what may follow a phrase: the end or a punctuation mark (not 「部分问题」, 「50%」 …)
_BOUNDARY = re.compile(r"\s*(?:$|[，,。．.；;：:、！!）)】」』\-—])")


def text_status(text: str) -> str:
    """The status a plain 整改情况 text states in its first words, else 未说明."""
    rest = text[_NUMBER.match(text).end():]  # type: ignore[union-attr]  # always matches
    for phrase, status in PHRASES:
        if rest.startswith(phrase) and _BOUNDARY.match(rest, len(phrase)):
            return status
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

    statuses = problem_statuses(project)
    return [LedgerRow(i + 1, at(project.problems_found, i), at(project.recommendations, i),
                      at(items, i), at(statuses, i)) for i in range(count)]


def problem_statuses(project: ProjectHead) -> list[str]:
    """One status per disclosed problem (see the module's docstring)."""
    problems = project.problems_found
    items = items_of(project)
    if len(items) == len(problems):
        return [status_of(item) for item in items]
    return [UNSTATED] * len(problems)


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
