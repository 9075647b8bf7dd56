"""One build at a time: a build that finds the build folder locked by another stops, or
waits for it (``wait``, ``--wait``); of two command-line builds started together, one
builds and the other says so or waits."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.publish.lock import LOCK, BuildBusy
from generator.publish.pipeline import build
from tests.sitebuild import ROOT, SEED_CONTENT, lock_held_by_a_thread, tmp_dir

pytestmark = pytest.mark.site


def test_one_build_at_a_time(tmp_path: Path, run_cli) -> None:
    work = tmp_dir("lock")
    out = work / "build"
    with lock_held_by_a_thread(out) as release:
        with pytest.raises(BuildBusy, match="另一个构建正在运行"):
            build(SEED_CONTENT, out, None)
        started = time.monotonic()
        with pytest.raises(BuildBusy, match="等待 0.5 秒后仍未结束"):
            build(SEED_CONTENT, out, None, wait=0.5)
        assert time.monotonic() - started >= 0.5
        code, _, err = run_cli("build", "--content", str(SEED_CONTENT), "--out", str(out),
                               "--no-site")
        assert code == 1 and "另一个构建正在运行" in err and "--wait" in err
        threading.Timer(1.0, release.set).start()
        waited = build(SEED_CONTENT, out, None, wait=None)  # waits for the holder
        assert waited.project_count == 6
    assert (out / LOCK).is_file()


def test_two_concurrent_cli_builds() -> None:
    work = tmp_dir("two-builds")
    command = [sys.executable, "-m", "generator", "build", "--content", str(SEED_CONTENT),
               "--out", str(work / "build"), "--site", str(work / "site")]
    def start(*extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen([*command, *extra], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    first = start()
    deadline = time.monotonic() + 60
    while not (work / "build" / LOCK).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second, waiting = start(), start("--wait")
    results = {name: (proc.wait(), proc.communicate()[1])
               for name, proc in (("first", first), ("second", second), ("waiting", waiting))}
    assert results["first"][0] == 0, results
    assert results["second"][0] == 1 and "另一个构建正在运行" in results["second"][1], results
    assert results["waiting"][0] == 0 and "等待它结束" in results["waiting"][1], results
