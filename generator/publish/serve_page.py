"""The page every preview address answers with while the content has errors.

It lives only in the preview server's memory (never in a ``site/`` folder) and speaks to
the staff member at the desk: each problem with its file, line, code and message, so
the browser never keeps showing a stale page as if all were well. Self-contained (inline
style, no asset), since the site it would load them from may not exist yet.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from generator.core.problems import Problem

MARK = "pe-preview-errors"  # the page's body id: tests and scripts tell it from a site page

_STYLE = """
body{font-family:system-ui,"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1f1f1f}
h1{color:#a4001d;font-size:1.5rem}h2{font-size:1.05rem;margin-top:1.5rem}
ol{padding-left:1.5rem}li{margin:.4rem 0}.where{font-weight:600}
code{background:#f3f3f3;padding:0 .25rem;border-radius:3px}
.note{color:#555;border-top:1px solid #ddd;margin-top:2rem;padding-top:.5rem}
"""


def _where(problem: Problem) -> str:
    if problem.where.sheet is not None:
        return f"{problem.where}"
    if problem.line is None:
        return "整个文件"
    column = f"第 {problem.column} 列" if problem.column is not None else ""
    return f"第 {problem.line} 行{column}"


def _item(problem: Problem) -> str:
    return (f'<li><span class="where">{escape(_where(problem))}</span> '
            f'<code class="code">{escape(problem.code)}</code> {escape(problem.message)}</li>')


def _page(title: str, body: str) -> bytes:
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{escape(title)}（预览）</title><style>{_STYLE}</style></head>'
            f'<body id="{MARK}"><main><h1>{escape(title)}</h1>{body}'
            '<p class="note">这是本地预览页面（工作人员自用），不会发布到网站。'
            '改正并保存文件后，本页会自动刷新。</p></main></body></html>\n').encode()


def errors_page(problems: list[Problem]) -> bytes:
    """The content's errors grouped by file, in the order ``check`` reports them."""
    errors = sorted((p for p in problems if p.is_error), key=Problem.sort_key)
    files = [(file, list(group)) for file, group in groupby(errors, key=lambda p: p.file)]
    sections = "".join(
        f'<section><h2>文件 <code class="file">{escape(file)}</code></h2>'
        f'<ol>{"".join(_item(p) for p in group)}</ol></section>'
        for file, group in files)
    intro = (f"<p>{len(files)} 个文件共有 {len(errors)} 个错误，网站预览暂停更新。"
             "请打开下面列出的文件，按说明逐条改正。</p>")
    return _page("内容有错误，请先改正", intro + sections)


def failure_page(message: str) -> bytes:
    """A build that stopped for another reason than the content (a theme or MkDocs error)."""
    return _page("网站生成失败", "<p>内容检查通过，但生成网站时出错：</p>"
                 f"<pre>{escape(message)}</pre>")
