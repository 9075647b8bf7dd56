"""Live preview for staff: one line with the address, one line per change, and the
content's errors shown in the browser itself until they are fixed.

MkDocs' live-reload server runs in this process (not ``mkdocs serve`` in a child) so that
every page can answer with the error page (:mod:`.serve_page`) while the content has
errors, and so that MkDocs' and its plugins' chatter (the nav list, jieba's dictionary
lines, Material's end-of-life banner) is silenced here, in the preview only: ``build``
runs MkDocs in its own processes and keeps its output. The server watches ``content/``;
each change reads the content again, regenerates the pages and rebuilds the site, and the
browsers reload (MkDocs' live-reload script). The preview's pages go to ``build/serve``,
never to ``site/``.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import signal
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from generator.content.discovery import display_path, read_content
from generator.publish.lock import build_lock
from generator.publish.mkdocs import MATERIAL, mkdocs_config
from generator.publish.paths import work_root
from generator.publish.pipeline import build_epoch, generate
from generator.publish.serve_page import errors_page, failure_page
from generator.site.context import SiteContext, build_context

ANY_HOST = ("0.0.0.0", "::", "")
SHOWN_CHANGES = 2  # files named on a change's line; more are counted


def parse_addr(addr: str) -> tuple[str, int]:
    """``host:port``, ``[v6]:port`` or a bare port (on 127.0.0.1); ValueError otherwise."""
    host, sep, port = addr.strip().rpartition(":")
    if not sep:
        host = "127.0.0.1"
    host = host.strip("[]")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(addr)
    return host, int(port)


class _DependencyLog(logging.Handler):
    """MkDocs' log (its plugins' too) while the preview is quiet: what the build logs at
    WARNING or above is counted for the change's line; the server's own request log
    (a 404 for a favicon …) is dropped, its errors printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread: int | None = None  # the thread building now
        self.counted = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.counted += 1
        elif record.levelno >= logging.ERROR:
            print(f"MkDocs：{record.getMessage()}", file=sys.stderr, flush=True)


def _quiet(verbose: bool) -> _DependencyLog:
    """Silence the dependencies in this process (never in ``build``'s)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner (on `mkdocs` only)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.propagate = False
    collector = _DependencyLog()
    mkdocs_log.addHandler(collector)
    if verbose:
        shown = logging.StreamHandler(sys.stderr)
        shown.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        mkdocs_log.addHandler(shown)
        mkdocs_log.setLevel(logging.INFO)
        return collector
    mkdocs_log.setLevel(logging.WARNING)  # the nav list, "Building documentation" …
    logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba.setLogLevel, unimported
    warnings.simplefilter("ignore")  # deprecations and jieba's SyntaxWarnings (3.12)
    return collector


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

    def __init__(self, content_dir: Path, out: Path, url: str, log: _DependencyLog) -> None:
        self.content_dir = content_dir
        self.out = out
        self.docs = out / "docs"
        self.site_dir = out / "site"
        self.url = url
        self.log = log
        self.page: bytes | None = None
        self.seen = _snapshot(content_dir)
        self.started: Any = None  # the first MkDocs config: its plugins' startup/shutdown

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
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config_path = self.out / "mkdocs.yml"
        config_path.write_text(json.dumps(mkdocs_config(
            site, self.docs.absolute(), self.site_dir.absolute(), search=MATERIAL),
            ensure_ascii=False), encoding="utf-8")
        config = load_config(config_file=str(config_path))
        config.site_url = self.url
        if self.started is None:
            config.plugins.on_startup(command="serve", dirty=False)
            self.started = config
        self.log.thread = threading.get_ident()
        try:
            build(config, serve_url=self.url)
        finally:
            self.log.thread = None


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server whose pages are replaced by the error page while the
    content has errors (assets and the live-reload poll are served as usual)."""

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        super().__init__(builder=preview.rebuild, host=host, port=port,
                         root=str(preview.site_dir))
        self.preview = preview
        self.error_handler = self._not_found

    def _not_found(self, code: int) -> bytes | None:
        page = Path(self.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        page = self.preview.page
        path: str = environ.get("PATH_INFO", "/")
        if page is None or path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        body = self._inject_js_into_html(page, epoch)
        start_response("500 Internal Server Error", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store")])
        return [body]


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


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
    preview = Preview(content_dir, out or work_root() / "build" / "serve", url, _quiet(verbose))
    server = PreviewServer(preview, host, port)
    try:
        server.server_bind()
        server.server_activate()
    except OSError as exc:
        server.server_close()
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
        server.watch(str(content_dir))
        server.observer.start()  # edits made during the first build are seen after it
        preview.first()
        server.serve_thread.start()  # requests made meanwhile waited in the socket's queue
        server._build_loop()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if preview.started is not None:
            preview.started.plugins.on_shutdown()
    return 0
