"""A finished process ends without the interpreter's teardown (generator/base/ending.py):
its exit handlers run and its output is flushed, its objects are not freed one by one."""

from __future__ import annotations

import subprocess
import sys

from tests.sitebuild import ROOT

SCRIPT = """
import atexit, threading, time
from generator.base.ending import leave

class Freed:
    def __del__(self):
        print("freed", flush=True)

kept = Freed()
atexit.register(print, "exit handler")
if {thread}:
    threading.Thread(target=time.sleep, args=(0.2,)).start()
print("done", end="")
leave(3)
"""


def _run(thread: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(thread=thread)], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_a_finished_process_ends_without_freeing_its_objects() -> None:
    ended = _run(thread=False)
    assert (ended.returncode, ended.stdout, ended.stderr) == (3, "doneexit handler\n", "")


def test_a_process_with_a_thread_running_waits_for_it_as_usual() -> None:
    ended = _run(thread=True)
    assert ended.returncode == 3 and ended.stdout.startswith("doneexit handler\n")
    assert "freed" in ended.stdout  # the ordinary exit: the thread waited for, all freed
