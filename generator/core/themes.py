"""Themes of the disclosed problems (存在问题), by Chinese keywords.

Method (also explained on the site's 问题 page): each problem text is cut into words with
jieba (dictionary segmentation, no HMM guessing, so the result does not depend on anything
but the text and this file), with the keywords below added to jieba's dictionary so that a
term such as 政府采购 or 绩效指标 stays one word. A problem falls under every theme one of
whose keywords is among its words, and under 其他 when it matches none. The same text always
gets the same themes, in the order of :data:`THEMES`.

The keyword lists are a small, documented domain dictionary drawn from the evaluation
indicators of 财预〔2020〕10号 and the wording of published 绩效评价结果信息表; extend it
here (a test keeps every keyword a single jieba word).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.core.model import ProjectHead

OTHER = "其他"
OTHER_SLUG = "other"


@dataclass(frozen=True)
class Theme:
    name: str
    slug: str  # ASCII: the anchor of the theme on the pages
    keywords: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme("绩效目标与指标", "targets",
          ("绩效目标", "绩效指标", "产出指标", "效益指标", "指标", "目标", "量化", "可衡量性",
           "明确性")),
    Theme("预算编制与执行", "budget",
          ("预算", "预算编制", "预算执行", "预算调整", "执行率", "资金支付", "支付进度",
           "资金到位", "结转", "结余")),
    Theme("成本控制", "cost", ("成本", "成本控制", "成本核算", "经济性", "节约")),
    Theme("政府采购", "procurement", ("政府采购", "采购", "招标", "招投标", "供应商")),
    Theme("合同管理", "contracts", ("合同", "合同管理", "合同条款", "协议")),
    Theme("过程管理", "process",
          ("过程管理", "过程", "实施方案", "方案", "进度", "延期", "跟踪", "监控", "阶段性",
           "总结", "监督", "实施")),
    Theme("验收", "acceptance", ("验收", "验收管理", "验收资料")),
    Theme("档案与财务资料", "records",
          ("档案", "档案资料", "归档", "资料", "凭证", "支出凭证", "台账", "会计核算", "财务")),
    Theme("人力资源", "staffing", ("人力资源", "人员", "人员配置", "人力", "培训", "专业人员")),
    Theme("制度建设", "rules",
          ("制度", "管理制度", "制度建设", "机制", "应急预案", "预案", "管理办法", "内部控制",
           "规范性")),
    Theme("资产管理", "assets", ("资产", "资产管理", "设施", "设备", "完备性", "固定资产")),
    Theme("需求调研与服务反馈", "feedback",
          ("需求", "需求调研", "调研", "反馈", "满意度", "服务对象", "使用反馈")),
    Theme("效益发挥", "outcomes",
          ("作用", "效益", "使用率", "利用率", "共享", "数据共享", "宣传", "长效", "可持续",
           "成效")),
    Theme("沟通协调", "coordination", ("沟通", "协调", "衔接", "配合", "规划")),
)
THEME_NAMES = tuple(t.name for t in THEMES) + (OTHER,)
THEME_SLUGS = {t.name: t.slug for t in THEMES} | {OTHER: OTHER_SLUG}


@functools.cache
def _tokenizer():  # noqa: ANN202 - jieba's Tokenizer
    """jieba's own dictionary plus the theme keywords, in a tokenizer of our own (the global
    one, which MkDocs' search plugin uses, is left alone)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for theme in THEMES:
        for word in theme.keywords:
            tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word), 10_000))
    return tokenizer


def words(text: str) -> list[str]:
    """The text's words as jieba cuts it (dictionary only, no HMM)."""
    return _tokenizer().lcut(text, HMM=False)


# What was worked out before, kept by the build folder between builds (see
# :meth:`generator.publish.state.BuildState.restore_themes`): segmenting every problem text
# again took about 8 s of each build at 10,000 projects, and jieba's dictionary 1.5 s to load.
Memo = tuple[dict[str, tuple[str, ...]], dict[tuple[str, int], list[str]]]
_THEMES: dict[str, tuple[str, ...]] = {}  # problem text -> its themes
_KEYWORDS: dict[tuple[str, int], list[str]] = {}  # (digest of the texts, count) -> keywords


def themes_of(text: str) -> tuple[str, ...]:
    """The themes of one problem text, in the order of THEMES; (其他,) when none match.

    The keywords among the text's words, found run by run: jieba cuts each run of
    characters it segments (:func:`_runs`) on its own, so a keyword is one of the text's
    words only as one of a run's, and only of a run that holds it. Runs without a keyword
    are not cut, and a run's keywords are kept: the same clauses come back in many texts
    (cutting every text whole took ~1.3 ms of each project file checked)."""
    names = _THEMES.get(text)
    if names is None and read_now():
        names = _THEMES.get(text)
    if names is None:
        found: set[str] = set()
        for run in _runs(text):
            if _ANY_KEYWORD.search(run) is None:
                continue
            keywords = _RUNS.get(run)
            if keywords is None:
                if len(_RUNS) >= RUNS_MOST:
                    _RUNS.clear()
                keywords = _RUNS[run] = KEYWORDS.intersection(words(run))
            found |= keywords
        names = tuple(t.name for t in THEMES if found.intersection(t.keywords)) or (OTHER,)
        _THEMES[text] = names
    return names


KEYWORDS = frozenset(word for theme in THEMES for word in theme.keywords)
_ANY_KEYWORD = re.compile("|".join(re.escape(word) for word in sorted(KEYWORDS)))
_RUNS: dict[str, frozenset[str]] = {}  # a run of a text -> the keywords among its words
RUNS_MOST = 200_000


def _runs(text: str) -> list[str]:
    """The runs of ``text`` that jieba segments, each on its own (``jieba.re_han_default``:
    CJK characters, letters, digits and ``+#&._%-``); between them it yields every other
    character alone and whitespace as it stands, none of which is a keyword."""
    return _run_pattern().findall(text)


@functools.cache
def _run_pattern() -> re.Pattern[str]:
    import jieba

    pattern: re.Pattern[str] = jieba.re_han_default
    return pattern


def classify(project: ProjectHead) -> None:
    """Classify the project's problems (with the check, so in its worker processes: one
    process classifying every text of 10,000 projects took ~10 s of the clean build)."""
    project.problem_themes = tuple(themes_of(text) for text in project.problems_found)


def problem_themes(project: ProjectHead) -> tuple[tuple[str, ...], ...]:
    """Each problem's themes, as classified with the check (here for a project that was
    not read through it)."""
    if len(project.problem_themes) != len(project.problems_found):
        classify(project)
    return project.problem_themes


def warm() -> None:
    """Load jieba's dictionary and the memo now (~1 s), before worker processes are
    forked: each would load its own."""
    read_now()
    _tokenizer()


def known(projects: Iterable[ProjectHead]) -> Memo:
    """The themes of these projects' problems (for the next build to :func:`remember_later`)."""
    texts = {text: names for project in projects
             for text, names in zip(project.problems_found, problem_themes(project), strict=True)}
    return (texts, dict(_KEYWORDS))


def remember_later(read: Callable[[], Memo | None]) -> None:
    """Take what an earlier build worked out (what ``read`` gives) instead of anything
    known so far, read when a text or a set of texts is first not known (:func:`seed` may
    tell some before): an edit's check, whose one changed file keeps its problems' texts,
    then reads no memo (10,000 projects: 25,000 texts, 0.1 s of every edit; 100,000: ten
    times that)."""
    _LATER[:] = [read]
    _THEMES.clear()
    _KEYWORDS.clear()


def seed(texts: Sequence[str], names: Sequence[tuple[str, ...]]) -> None:
    """Themes known before the memo is read: those an earlier check of a file gave its
    problems (a text's themes are the same whichever check gave them)."""
    for text, found in zip(texts, names, strict=True):
        _THEMES.setdefault(text, found)


def pending() -> bool:
    """Whether the memo of :func:`remember_later` was never needed (nor read)."""
    return bool(_LATER)


def read_now() -> bool:
    """Read the memo :func:`remember_later` left, if it was not yet; whether it was read
    now."""
    if not _LATER:
        return False
    memo = _LATER.pop()()
    if memo is not None:
        _THEMES.update({**memo[0], **_THEMES})
        _KEYWORDS.update({**memo[1], **_KEYWORDS})
    return True


_LATER: list[Callable[[], Memo | None]] = []  # how to read the memo (remember_later)


def top_keywords(texts: list[str], count: int = 10) -> list[str]:
    """The texts' most frequent words of two or more characters (jieba's TF-IDF keywords,
    ties by the word itself): what the 其他 problems talk about."""
    if not texts:
        return []
    key = (hashlib.blake2b("\0".join(texts).encode(), digest_size=16).hexdigest(), count)
    if key not in _KEYWORDS:
        read_now()  # the memo may hold them
    if key not in _KEYWORDS:
        _KEYWORDS.clear()  # one set of texts a build
        _KEYWORDS[key] = _top_keywords(texts, count)
    return list(_KEYWORDS[key])


def _top_keywords(texts: list[str], count: int) -> list[str]:
    import jieba.analyse

    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = _tokenizer()
    extractor.postokenizer.tokenizer = _tokenizer()
    weights = extractor.extract_tags("\n".join(texts), topK=None, withWeight=True)
    ranked = sorted(((-w, word) for word, w in weights if len(word) >= 2))
    return [word for _, word in ranked[:count]]
