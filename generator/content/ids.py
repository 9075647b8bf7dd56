"""Project ids (a file's path under content/projects/ without .yml) that every disk can hold.

An id becomes a file name, a page folder and a download's name, on the staff's Windows
desk and on whatever host serves the site. So, beyond ASCII letters, digits, ``.``, ``-``
and ``_``, each part of an id must not be a Windows device name (CON, PRN, AUX, NUL,
COM1–9, LPT1–9, with any extension and in any case: Windows cannot create such a file),
must not end in a dot (Windows drops it, so ``a.`` and ``a`` are one file), and the whole id
stays within :data:`MAX_ID_LENGTH` characters. Ids that differ only by case are refused
across files (:func:`case_clashes`, used when the content is read):
on a case-insensitive disk or host one page would silently overwrite the other.

:data:`MAX_ID_LENGTH`: Windows' classic limit is 260 characters for a whole path. The
longest path the site writes under an id is ``projects/<id>/index.html`` or
``data/projects/<id>.json`` (about 25 characters besides the id; 40 are kept); 120 for the
id leaves 100 for the folder that holds ``site/`` (``C:\\Users\\…\\Desktop\\绩效公开\\``).
One function, :func:`id_problem`, is used by ``check``, ``new`` and ``import``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
MAX_ID_LENGTH = 120
_DEVICE = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:\..*)?$", re.IGNORECASE)


def id_problem(pid: str) -> tuple[str, str] | None:
    """(code, Chinese message) when ``pid`` cannot be a project id, else None."""
    if not ID_PATTERN.match(pid):
        return ("non-ascii-id",
                f"文件名「{pid}.yml」含有中文、空格或其他字符：项目编号取自文件名，须为英文字母、"
                "数字、点、连字符或下划线，请改名，如 2017/video-conference.yml")
    for part in pid.split("/"):
        if is_device_name(part):
            return ("reserved-id",
                    f"文件名「{pid}.yml」中的「{part}」是 Windows 的设备名，在 Windows 上无法"
                    f"建立这样的文件或文件夹：请改名，如「{part}-project」")
        if part.endswith("."):
            return ("reserved-id",
                    f"文件名「{pid}.yml」中的「{part}」以点结尾，Windows 会把点去掉：请去掉"
                    "结尾的点")
    if len(pid) > MAX_ID_LENGTH:
        return ("id-too-long",
                f"项目编号「{pid[:40]}…」有 {len(pid)} 个字符，超过 {MAX_ID_LENGTH}：网页的路径"
                "在 Windows 上会超过 260 个字符的上限，请把文件名改短")
    return None


def is_device_name(name: str) -> bool:
    """True for a name Windows cannot give a file or folder (CON, nul.txt, Com1 …)."""
    return _DEVICE.match(name) is not None


def case_clashes(ids: Iterable[str]) -> list[list[str]]:
    """Groups of ids that are one id on a case-insensitive disk (sorted, two or more)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for pid in ids:
        groups[pid.casefold()].append(pid)
    return [sorted(group) for group in groups.values() if len(group) > 1]
