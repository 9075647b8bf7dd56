"""`serve` answers only for its own host names (issue 42, point 10): a page that rebinds its
own domain name to 127.0.0.1 gets 421, not the draft preview."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HEADER, write_project
from tests.sitebuild import ROOT
from tests.test_serve import free_port, poll

pytestmark = pytest.mark.site


def _status(port: int, host: str | None, path: str = "/") -> int | None:
    """The status of a GET sent to 127.0.0.1:``port`` with this ``Host:`` header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        connection.close()


def test_the_preview_answers_its_own_host_names_only(tmp_path: Path) -> None:
    write_project(tmp_path, "2020/p.yml", HEADER + "score: 80\n")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", "content",
         "--out", str(tmp_path / "build"), "--addr", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        poll(lambda: _status(port, f"127.0.0.1:{port}") == 200, "the first page")
        assert _status(port, f"localhost:{port}") == 200
        assert _status(port, f"[::1]:{port}") == 200
        assert _status(port, "evil.example") == 421
        assert _status(port, f"evil.example:{port}") == 421
        assert _status(port, f"evil.example:{port}", "/assets/stylesheets/pe.css") == 421
        assert _status(port, f"127.0.0.1:{port + 1}") == 421  # another port: another origin
        assert _status(port, None) == 400
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_names_a_preview_accepts() -> None:
    from generator.publish.serve import host_check

    local = host_check("127.0.0.1", 8000)
    assert [local(h) for h in ("127.0.0.1:8000", "LOCALHOST:8000", "localhost.:8000",
                               "[::1]:8000")] == [True] * 4
    assert [local(h) for h in ("evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "",
                               None, "127.0.0.1:80x", "[::1]x", "10.0.0.5:8000")] == [False] * 8
    lan = host_check("0.0.0.0", 8000)  # the office's other computers use its IP address
    assert lan("192.168.1.20:8000") and lan("[fe80::1]:8000") and not lan("evil.example:8000")
    given = host_check("192.168.1.20", 80)
    assert given("192.168.1.20") and given("192.168.1.20:80") and not given("10.0.0.1")
