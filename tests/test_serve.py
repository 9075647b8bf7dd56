"""`make serve`: the preview regenerates pages when a content file changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, SEED_CONTENT

pytestmark = pytest.mark.site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_until(url: str, wanted: str, attempts: int = 120) -> str:
    text = ""
    for _ in range(attempts):
        try:
            text = urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} never appeared at {url}")


def test_serve_regenerates_on_change(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    port = free_port()
    code = ("import sys; from pathlib import Path; from generator.build.serve import serve; "
            f"sys.exit(serve(Path({str(content)!r}), '127.0.0.1:{port}', "
            f"Path({str(tmp_path / 'build')!r})))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/projects/2017/video-conference/"
        fetch_until(url, "2017年上海市政府驻外办事处视频会议系统运维项目")
        target = content / "projects" / "2017" / "video-conference.yml"
        target.write_text(target.read_text(encoding="utf-8").replace(
            "name: 2017年上海市政府驻外办事处视频会议系统运维项目", "name: 改名后的视频会议项目"),
            encoding="utf-8")
        fetch_until(url, "改名后的视频会议项目")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    time.sleep(1)
    with socket.socket() as sock:  # MkDocs' server stopped with the preview
        assert sock.connect_ex(("127.0.0.1", port)) != 0
