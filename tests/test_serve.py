"""`serve`: the staff preview starts with one line, binds 127.0.0.1, regenerates pages when
a content file changes, and shows a content error in the browser until it is fixed.

The server runs as staff run it (``python -m generator serve``) in a subprocess on a free
port; every wait is a poll with a deadline, never a sleep taken as the outcome.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from lxml import html

from generator.cli import _parser
from generator.publish.serve import MARK
from tests.sitebuild import ROOT, SEED_CONTENT

pytestmark = pytest.mark.site

T = TypeVar("T")
DEADLINE = 240.0  # seconds: the first build on a loaded two-core machine takes ~20
NAME = "name: 2017年上海市政府驻外办事处视频会议系统运维项目"
TARGET = Path("content") / "projects" / "2017" / "video-conference.yml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def poll(check: Callable[[], T | None], what: str, deadline: float = DEADLINE) -> T:
    """``check()``'s first true value, tried until ``deadline`` seconds have passed."""
    end = time.monotonic() + deadline
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def get(url: str) -> tuple[int, str] | None:
    """(status, body) of a GET, errors included; None while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return None


def answering(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, port)) == 0


def test_serve_binds_127_0_0_1_by_default() -> None:
    args = _parser().parse_args(["serve"])
    assert args.addr == "127.0.0.1:8000"
    assert not args.verbose


def test_serve_quiet_local_and_shows_content_errors_in_browser(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("w", encoding="utf-8") as out:  # stdout and stderr, as the terminal shows
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", "content",
             "--out", str(tmp_path / "build"), "--addr", str(port)],  # a bare port: our host
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    project = base + "projects/2017/video-conference/"

    def lines() -> list[str]:
        return log.read_text(encoding="utf-8").splitlines()

    def page(url: str, status: int, wanted: str) -> str | None:
        answer = get(url)
        return answer[1] if answer and answer[0] == status and wanted in answer[1] else None

    try:
        poll(lambda: page(base, 200, "财政支出项目绩效评价结果公开"), "the first page")
        # the start: the address, then one summary line (printed before the first answer)
        start = lines()
        assert start[0] == f"网站预览：{base} （按 Ctrl+C 停止）"
        assert len(start) == 2 and start[1].startswith("预览已生成：6 个项目，3 个警告"), start
        text = "\n".join(start)
        for noise in ("end of life", "end-of-life", "NO_MKDOCS_2_WARNING", "Building prefix dict",
                      "Loading model", "not included in the \"nav\"", "INFO", "WARNING"):
            assert noise not in text

        # bound to the loopback address only: another address of this machine is refused,
        # where a server bound to every address answers (the control)
        assert answering(port) and not answering(port, "127.0.0.2")
        with socket.socket() as everywhere:
            everywhere.bind(("0.0.0.0", 0))
            everywhere.listen()
            assert answering(everywhere.getsockname()[1], "127.0.0.2")

        # a content error: every page answers with the error page, naming file and line
        target = tmp_path / TARGET
        good = target.read_text(encoding="utf-8")
        target.write_text(good.replace("score: 87.74", "score: 187.74"), encoding="utf-8")
        body = poll(lambda: page(base, 500, MARK), "the error page at /")
        tree = html.fromstring(body)
        assert tree.xpath("//h1")[0].text_content() == "内容有错误，请先改正"
        assert [c.text_content() for c in tree.xpath("//h2/code")] == [TARGET.as_posix()]
        [item] = tree.xpath("//section/ol/li")
        assert item.xpath("./span")[0].text_content() == "第 14 行第 8 列"
        assert item.xpath("./code")[0].text_content() == "total-mismatch"
        assert "score: 187.74" in item.text_content()
        assert "livereload(" in body  # the page reloads itself once the content is fixed
        assert page(project, 500, MARK)  # every page, not only the home page
        assert page(base + "assets/stylesheets/pe.css", 200, "")  # assets as usual
        poll(lambda: any(re.fullmatch(
            rf"\[\d\d:\d\d:\d\d\] {re.escape(TARGET.as_posix())} 有改动：1 个错误，.*", line)
            for line in lines()), "the change's line")
        # the error page lives in the server's memory only
        assert not [p for p in tmp_path.rglob("*") if p.is_file() and MARK.encode() in
                    p.read_bytes()]

        # fixed (and renamed): the real pages come back, regenerated
        target.write_text(good.replace(NAME, "name: 改名后的视频会议项目"), encoding="utf-8")
        poll(lambda: page(project, 200, "改名后的视频会议项目"), "the fixed project page")
        home = page(base, 200, "财政支出项目绩效评价结果公开")
        assert home is not None and MARK not in home
        poll(lambda: any(f"{TARGET.as_posix()} 有改动：已更新，6 个项目" in line
                         for line in lines()), "the fixed change's line")
        # nothing else was said: the start's two lines and one line per change
        for line in lines()[2:]:
            assert re.fullmatch(r"\[\d\d:\d\d:\d\d\] .+ 有改动：.+", line), line
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0
    poll(lambda: not answering(port), "the server to stop with the preview", 10)
