"""Department names: one spelling per department, and a warning for near-identical ones.

A department's name (``authority``, 主管部门; ``department``, 项目单位; the keys of
``site.yml`` ``departments``) groups projects into its pages, rankings and averages, so ten
spellings of one department would be ten departments. What is decided, exactly:

- **Normalised silently** (nobody means the difference): spaces at either end — ASCII,
  tab, no-break space U+00A0, ideographic (full-width) space U+3000 and every other Unicode
  space — are removed; a run of spaces inside becomes one ASCII space; full-width Latin
  letters and digits (Ａ–Ｚ, ａ–ｚ, ０–９, U+FF10–U+FF5A) become ASCII; the text is put
  in Unicode NFC (canonical composition, which changes no visible character). Full-width
  punctuation such as （） is kept: it is how Chinese names are written, and NFKC would turn
  it into ASCII brackets (which is why full NFKC is not applied).
- **Refused** (``invisible-character``): zero-width and bidirectional formatting characters
  and variation selectors (:data:`generator.core.text_safety.INVISIBLE`): they make a name
  that displays as another (``\\u202e局政财市海上`` shows as 上海市财政局).
- **Warned** (``similar-department``): two names whose letters match after full NFKC, case
  folding and removing every space, or that differ by one character (one changed, added or
  removed: 上海市财政局 / 上海市财攻局). Found by one-deletion keys (each name of four or
  more characters is indexed under itself and under each way of deleting one character),
  so the cost grows with the number of names, not its square. Two real departments that
  differ by one character (上海市财政局 / 上海市民政局) are told apart by listing both in
  ``site.yml`` ``departments``, which silences the warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from generator.core.model import ProjectHead, SiteConfig
from generator.core.problems import Problems
from generator.core.text_safety import describe, first_invisible, visible

_SPACES = re.compile(r"\s+")
_FULLWIDTH_ALNUM = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A),
                                                     *range(0xFF21, 0xFF3B),
                                                     *range(0xFF41, 0xFF5B))}
MIN_SIMILAR = 4  # shorter names differing by a character are usually different names


def normal_name(name: str) -> str:
    """The one spelling of a department's name (see the module's docstring)."""
    return unicodedata.normalize(
        "NFC", _SPACES.sub(" ", name.strip()).translate(_FULLWIDTH_ALNUM))


def name_problem(name: str) -> str | None:
    """A Chinese message when ``name`` holds an invisible or bidirectional character."""
    char = first_invisible(name)
    if char is None:
        return None
    return (f"含有看不见的格式字符 {describe(char)}：它会让一个名称显示得像另一个名称，"
            "请删除该字符（把名称重新输入一遍）")


def _loose(name: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", name).casefold())


def similar_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of distinct names that are near-identical (sorted, each pair once)."""
    index: dict[str, list[str]] = defaultdict(list)
    for name in set(names):
        loose = _loose(name)
        keys = {"=" + loose}  # the same letters; "~": the same after deleting one
        if len(loose) >= MIN_SIMILAR:
            keys.add("~" + loose)
            keys.update("~" + loose[:at] + loose[at + 1:] for at in range(len(loose)))
        for key in keys:
            index[key].append(name)
    pairs: set[tuple[str, str]] = set()
    for group in index.values():
        if len(group) > 1:
            ordered = sorted(group)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    return sorted(pairs)


def check_names(projects: list[ProjectHead], config: SiteConfig, problems: Problems) -> None:
    """A warning at the first project of each of two near-identical department names
    (:func:`generator.content.names.similar_pairs`), unless ``site.yml`` lists both."""
    first: dict[str, ProjectHead] = {}
    counts: dict[str, int] = {}
    for project in projects:
        for name in {project.authority, project.department}:
            first.setdefault(name, project)
            counts[name] = counts.get(name, 0) + 1
    for a, b in similar_pairs(first):
        if a in config.departments and b in config.departments:
            continue
        for name, other in ((a, b), (b, a)):
            project = first[name]
            key = "authority" if project.authority == name else "department"
            problems.warning(
                "similar-department",
                f"部门名称「{visible(name)}」（{counts[name]} 个项目）与「{visible(other)}」"
                f"（{counts[other]} 个项目）几乎相同：是同一个部门时请统一写法；确是两个部门时，"
                "在 site.yml 的 departments 中为两者都写上网址名，此警告就不再出现",
                *project.mark(key), file=project.file)
