"""Live preview for staff: one line with the address, one line per change, and the
content's errors shown in the browser itself until they are fixed.

MkDocs' live-reload server (:func:`generator.publish.mkdocs.live_server`, the seam's) runs
in this process (not ``mkdocs serve`` in a child) so that every page can answer with the
error page (:func:`errors_page`) while the content has errors, and so that MkDocs' and its
plugins' chatter (the nav list, jieba's dictionary lines, Material's end-of-life banner) is
silenced here, in the preview only: ``build`` runs MkDocs in its own processes and keeps its
output. The server watches ``content/``; each change reads the content again, regenerates
the pages and rebuilds the site, and the browsers reload (MkDocs' live-reload script). The
preview's pages go to ``build/serve``, never to ``site/``.
"""

from __future__ import annotations

import errno
import ipaddress
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterable
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Any

from generator.content.discovery import display_path, read_content
from generator.core.problems import Problem
from generator.publish.lock import build_lock
from generator.publish.mkdocs import (
    MATERIAL,
    BuildLog,
    InProcess,
    live_server,
    mkdocs_config,
    quiet,
)
from generator.publish.paths import work_root
from generator.publish.pipeline import build_epoch, generate
from generator.site.context import SiteContext, build_context

ANY_HOST = ("0.0.0.0", "::", "")
SHOWN_CHANGES = 2  # files named on a change's line; more are counted


# --- the error page ---------------------------------------------------------------------
# It lives only in the preview server's memory (never in a ``site/`` folder) and speaks to
# the staff member at the desk: each problem with its file, line, code and message, so the
# browser never keeps showing a stale page as if all were well. Self-contained (inline
# style, no asset), since the site it would load them from may not exist yet.

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


# --- the preview --------------------------------------------------------------------------

def parse_addr(addr: str) -> tuple[str, int]:
    """``host:port``, ``[v6]:port`` or a bare port (on 127.0.0.1); ValueError otherwise."""
    host, sep, port = addr.strip().rpartition(":")
    if not sep:
        host = "127.0.0.1"
    host = host.strip("[]")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(addr)
    return host, int(port)


def _snapshot(folder: Path) -> dict[str, tuple[float, int]]:
    found: dict[str, tuple[float, int]] = {}
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_mtime, stat.st_size)
        except OSError:  # removed meanwhile
            pass
    return found


def _changed(before: dict[str, tuple[float, int]], after: dict[str, tuple[float, int]]) -> str:
    paths = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    named = "、".join(display_path(Path(p)) for p in paths[:SHOWN_CHANGES])
    more = f" 等 {len(paths)} 个文件" if len(paths) > SHOWN_CHANGES else ""
    return f"{named}{more}" if paths else "内容文件夹"


class Preview:
    """The preview's state: the content it was made from, and the error page that every
    page answers with while the content has errors (None when the site is good)."""

    def __init__(self, content_dir: Path, out: Path, url: str, log: BuildLog) -> None:
        self.content_dir = content_dir
        self.out = out
        self.docs = out / "docs"
        self.site_dir = out / "site"
        self.url = url
        self.log = log
        self.page: bytes | None = None
        self.seen = _snapshot(content_dir)
        self.mkdocs = InProcess(log)

    def first(self) -> None:
        """The initial build; its line is the start's summary."""
        ok, outcome = self._build()
        print(("预览已生成：" if ok else "内容有错误：") + outcome, flush=True)

    def rebuild(self) -> None:
        """A change's build (the server's builder): one line saying what and how it went."""
        now = _snapshot(self.content_dir)
        what, self.seen = _changed(self.seen, now), now
        ok, outcome = self._build()
        print(f"[{time.strftime('%H:%M:%S')}] {what} 有改动："
              + ("已更新，" if ok else "") + outcome, flush=True)

    def _build(self) -> tuple[bool, str]:
        """Whether the site is good now, and what to say of it."""
        start = time.perf_counter()
        self.log.counted = 0
        try:
            content = read_content(self.content_dir)
            errors, warned = len(content.errors), len(content.warnings)
            if errors:
                self.page = errors_page(content.problems)
                return False, f"{errors} 个错误，浏览器中显示错误说明，改正后自动恢复"
            site = build_context(content)
            with build_lock(self.out.parent, wait=None):  # a running build finishes first
                generate(site, self.docs, build_epoch(content))
            self._mkdocs(site)
        except Exception as exc:  # noqa: BLE001 - shown in the browser; the preview goes on
            self.page = failure_page(f"{type(exc).__name__}: {exc}")
            return False, f"网站生成失败（{type(exc).__name__}），浏览器中显示原因"
        self.page = None
        notes = [f"{len(content.projects)} 个项目"]
        if warned:
            notes.append(f"{warned} 个警告（运行 check 查看）")
        if self.log.counted:
            notes.append(f"MkDocs 提示 {self.log.counted} 条（加 --verbose 查看）")
        notes.append(f"{time.perf_counter() - start:.1f} 秒")
        return True, "，".join(notes)

    def _mkdocs(self, site: SiteContext) -> None:
        config = mkdocs_config(site, self.docs.absolute(), self.site_dir.absolute(),
                               search=MATERIAL)
        self.mkdocs.build(config, self.out / "mkdocs.yml", self.url)

    def answer(self, path: str) -> bytes | None:
        """What the server answers for ``path`` instead of the built site: the error page,
        for every page, while the content has errors."""
        return self.page if self.page is not None and _is_page(path) else None


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


# --- whose requests are answered ----------------------------------------------------------
# A hostile web page open in the staff member's browser can make its own domain name point at
# 127.0.0.1 (DNS rebinding) and read the draft preview as same-origin. Its requests then
# carry its own name in ``Host:``; the preview answers only for its own names and port.

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def _host_and_port(header: str) -> tuple[str, int | None] | None:
    """``Host:`` as (lower-case name, port or None); None when it cannot be read."""
    header = header.strip().lower()
    if header.startswith("["):
        name, _, rest = header[1:].partition("]")
        if rest and not rest.startswith(":"):
            return None
        port = rest[1:]
    else:
        name, sep, port = header.rpartition(":")
        if not sep:
            name, port = header, ""
    if port and not port.isdigit():
        return None
    return name.rstrip("."), int(port) if port else None


def host_check(host: str, port: int) -> Callable[[str | None], bool]:
    """Whether a request's ``Host:`` names this preview: loopback names and the address it
    was given, with its port. Bound to every address (``--addr 0.0.0.0:…``, for the other
    computers of the office), also this computer's name and any IP address: a rebinding
    page always comes with a domain name of its own, never with an IP address."""
    names = set(LOOPBACK_NAMES)
    wildcard = host in ANY_HOST
    if wildcard:
        names.add(socket.gethostname().lower())
    else:
        names.add(host.lower())

    def accepts(header: str | None) -> bool:
        parsed = _host_and_port(header or "")
        if parsed is None:
            return False
        name, given = parsed
        if (given if given is not None else 80) != port:
            return False
        if name in names:
            return True
        if not wildcard:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    return accepts


MISDIRECTED = ("这个预览只回答本机的地址（如 http://127.0.0.1:端口/）。"
               "Misdirected request: this preview answers its own host names only.\n"
               ).encode()


def host_guard(app: Any, accepts: Callable[[str | None], bool]) -> Any:
    """The WSGI ``app`` behind the check: 421 Misdirected Request for any other ``Host:``
    (400 without one)."""

    def guarded(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        header = environ.get("HTTP_HOST")
        if accepts(header):
            return app(environ, start_response)
        status = "421 Misdirected Request" if header else "400 Bad Request"
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                                ("Content-Length", str(len(MISDIRECTED))),
                                ("Cache-Control", "no-store")])
        return [MISDIRECTED]

    return guarded


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def serve(content_dir: Path, addr: str, out: Path | None = None, verbose: bool = False) -> int:
    try:
        host, port = parse_addr(addr)
    except ValueError:
        print(f"预览地址「{addr}」无效：请写成 127.0.0.1:8000，或只写端口，如 8001",
              file=sys.stderr)
        return 2
    if not content_dir.is_dir():
        print(f"找不到内容文件夹「{content_dir}」", file=sys.stderr)
        return 2
    shown = "127.0.0.1" if host in ANY_HOST else (f"[{host}]" if ":" in host else host)
    url = f"http://{shown}:{port}/"
    preview = Preview(content_dir, out or work_root() / "build" / "serve", url, quiet(verbose))
    server = live_server(preview.rebuild, preview.answer, host, port, preview.site_dir)
    server.set_app(host_guard(server.get_app(), host_check(host, port)))
    try:
        server.bind()
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, 10048):  # 10048: Windows' WSAEADDRINUSE
            raise
        print(f"端口 {port} 已被占用（也许预览已在运行：打开 {url} 看看）；"
              f"要另开一个，请换个端口，如 --addr {shown}:{port + 1}", file=sys.stderr)
        return 1
    others = "，局域网内其他电脑也能访问" if host in ANY_HOST else ""
    print(f"网站预览：{url} （按 Ctrl+C 停止{others}）", flush=True)
    # stopping the preview (Ctrl-C or a plain kill) ends the server and its watcher
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run(content_dir, preview.first)
    except KeyboardInterrupt:
        pass
    finally:
        preview.mkdocs.close()
    return 0
