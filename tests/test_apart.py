"""A call run in a forked process (generator.base.apart): one started inside another's
process works (an edit's results.xlsx, filled beside the downloads' process that starts
it), and dies with that process, even when it is killed, so no orphan writes into the
next build's folders."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from generator.base.apart import Apart


def _answer() -> int:
    return 42


def _nested() -> tuple[bool, int | None]:
    return Apart(_answer).join()


def test_an_apart_inside_another_hands_its_result_back() -> None:
    assert Apart(_nested).join() == (True, (True, 42))


def _gone(pid: int) -> bool:
    """Ended (a zombie waiting to be reaped counts: it runs no more)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def _wait_for(path: Path) -> int:
    for _ in range(1000):
        if path.is_file() and path.read_text():
            return int(path.read_text())
        time.sleep(0.01)
    raise AssertionError(f"{path} never written")


def test_an_apart_inside_another_dies_when_that_process_is_killed(tmp_path: Path) -> None:
    outer_pid, inner_pid = tmp_path / "outer", tmp_path / "inner"

    def inner() -> None:
        inner_pid.write_text(str(os.getpid()))
        time.sleep(60)

    def outer() -> None:
        outer_pid.write_text(str(os.getpid()))
        Apart(inner).join()

    job = Apart(outer)
    outer, inner_ = _wait_for(outer_pid), _wait_for(inner_pid)
    os.kill(outer, signal.SIGKILL)
    for _ in range(500):
        if _gone(inner_):
            break
        time.sleep(0.01)
    assert _gone(inner_), "the nested process outlived the one that started it"
    assert job.join() == (False, None)  # (the pipe's end: the nested process held it too)
