"""The tests' local HTTP server (:func:`tests.bench.searchbench.serve`) keeps the test log clean
when a browser drops a connection: a reset is the client's doing, not a failure to report, and a
traceback in the log hid the one line that mattered in a CI run."""

from __future__ import annotations

import socket
import struct
import time
import urllib.request

import pytest

from tests.bench.searchbench import serve


def test_a_reset_connection_prints_nothing_and_the_server_goes_on(
        tmp_path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "index.html").write_text("<p>页</p>", encoding="utf-8")
    with serve(tmp_path) as url:
        host, port = url.split("//")[1].rstrip("/").split(":")
        client = socket.create_connection((host, int(port)))
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the request's end never comes
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # linger 0: a reset, as a closed tab's
        time.sleep(0.5)
        with urllib.request.urlopen(url) as answer:
            assert "页" in answer.read().decode("utf-8")
    assert "Traceback" not in capfd.readouterr().err
