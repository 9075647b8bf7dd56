"""The docs' page of problem codes (docs/reference/codes.md), generated from ``CODES`` and
``FIXES`` so that a new code cannot be missing from it or come without a fix.

``python -m generator.core.codes_page [PAGE]`` writes the page (by default the checkout's
docs/reference/codes.md); tests/test_codes.py holds the committed page equal to
:func:`render`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.core.fixes import FIXES, SECTIONS, severity
from generator.core.problems import CODES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "codes.md"
COMMAND = "python -m generator.core.codes_page"

INTRO = f"""\
# 问题代码

`check`、`build`、`serve` 和 `import` 报告的每个问题除中文说明外还有一个固定的代码：`check --jso\
n` 输出中的 `code`、预览的错误说明页和操作系统错误开头的方括号中都写出它（终端的文字输出只有说明\
），便于查找、筛选和统计。“级别”为警告的不妨碍生成网站（`--strict` 时除外），错误要改到没有才会\
生成（导入时有任何错误都不写入文件）。各问题的说明会写明文件和行列（导入时是工作表和单元格）以及\
怎么改；下表的“怎么改”是各代码的一般做法，具体的键、数字和行号以提示为准。“怎么改”中的命令写的是\
安装包的 `jxgk`，在源代码中运行时换成 `python -m generator`。导入前对不受信任的文件的检查和上限\
见[导入](../guide/import.md#不受信任的文件)，遇到提示时先做什么见[排错](../guide/troubleshooting\
.md)。

这一页由 `{COMMAND}` 从 `generator/core/problems.py` 的 `CODES`（含义）和 `generator/core/fixes.\
py` 的 `FIXES`（怎么改）生成，不要手工修改：新增代码时在两处各加一项，再运行这条命令（`tests/tes\
t_codes.py` 核对这一页与生成的结果一致）。
"""


def cell(text: str) -> str:
    """A table cell: a ``|`` would end it early, so none may be in the text."""
    if "|" in text or "\n" in text:
        raise ValueError(f"a table cell cannot hold “|” or a line break: {text!r}")
    return text


def sections() -> list[tuple[str, str, list[str]]]:
    """(heading, intro, codes) in ``CODES``'s order, cut at each section's first code."""
    codes = list(CODES)
    starts = [codes.index(first) for first, _, _ in SECTIONS]
    if starts[0] != 0 or starts != sorted(starts):
        raise ValueError("SECTIONS must start at CODES's first code and follow its order")
    ends = [*starts[1:], len(codes)]
    return [(heading, intro, codes[start:end])
            for (_, heading, intro), start, end in zip(SECTIONS, starts, ends, strict=True)]


def missing_fixes() -> list[str]:
    return [code for code in CODES if not FIXES.get(code, "").strip()]


def render() -> str:
    if missing := missing_fixes():
        raise ValueError("generator/core/fixes.py 的 FIXES 缺少这些代码的改法："
                         + "、".join(missing))
    parts = [INTRO]
    for heading, intro, codes in sections():
        rows = [f"| `{code}` | {cell(CODES[code])} | {cell(FIXES[code])} | {severity(code)} |"
                for code in codes]
        head = ["| 代码 | 含义 | 怎么改 | 级别 |", "|---|---|---|---|"]
        parts.append("\n".join([f"## {heading}", "", intro, "", *head, *rows]) + "\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    page = Path(argv[0]) if argv else PAGE
    try:
        text = render()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    page.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写入 {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
