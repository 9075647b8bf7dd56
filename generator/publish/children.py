"""The build's child processes: a Python module run with its output kept for the error
message, killed with the build. MkDocs' runs (:mod:`.mkdocs`) and the shells' fill
(:mod:`.partitions`) are such children (the Pagefind cutters, :mod:`.pagefind_cut`, fail
as they do: :func:`failure`); this module knows nothing of MkDocs, so the seam
keeps only what does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import IO

from generator.core.problems import BuildError
from generator.publish.files import killed_with_build

Started = tuple["subprocess.Popen[str]", IO[str]]  # a child process and its output


def start(args: list[str], log: IO[str], env: dict[str, str], stdin: int | None = None
           ) -> subprocess.Popen[str]:
    """The child writes UTF-8 into ``log``, as it is read: on Windows its output would
    otherwise be in the code page (GBK), and its Chinese unreadable here."""
    return subprocess.Popen(
        [sys.executable, *args], env={**env, "PYTHONIOENCODING": "utf-8"}, stdin=stdin,
        stdout=log, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        preexec_fn=killed_with_build())


_OS_ERROR_LINE = re.compile(r"^\w*Error: \[Errno (\d+)\] ([^:\n]+)(?:: '([^'\n]*)')?", re.M)


def _os_refusal(output: str) -> OSError | None:
    """The operating system's refusal that ended a child process (its traceback's last
    ``OSError: [Errno 28] …: 'path'`` line) as the OSError itself, so the command line says
    it in Chinese like any other (generator/cli.py); None when the child failed otherwise."""
    found = list(_OS_ERROR_LINE.finditer(output))
    if not found:
        return None
    number, reason, path = found[-1].groups()
    return OSError(int(number), reason, path)


def failure(failed: str, output: str) -> Exception:
    """What a child that failed with ``output`` raises in the build: the system's refusal
    (a full disk, a read-only folder …) as such, else ``failed`` and the output."""
    refused = _os_refusal(output)
    return refused if refused is not None else BuildError(failed + "\n" + output)


class ChildRun:
    """A Python module run in its own process, killed with the build; its output is kept
    for the error message. ``started``: the process already running (see
    :class:`generator.publish.mkdocs.WarmMkDocs`)."""

    def __init__(self, args: list[str], log_path: Path, env: dict[str, str], failed: str,
                 started: Started | None = None) -> None:
        self.failed = failed
        if started is not None:
            self.process, self.log = started
        else:
            self.log = log_path.open("w+", encoding="utf-8")
            self.process = start(args, self.log, env)

    def wait(self) -> None:
        code = self.process.wait()
        self.log.seek(0)
        output = self.log.read().strip()
        self.log.close()
        if code != 0:
            raise failure(self.failed, output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


