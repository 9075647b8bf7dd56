"""Files filled beside (``Writer.write_filled(..., beside=True)``): filled in the writer's
own thread while the caller goes on, counted in the order asked for once settled, and an
error of one raised by ``settle`` after the others are written; filled apart
(``apart=True``): the same, in a forked process, what the fill returns handed back."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from generator.base.writer import Writer


def test_a_file_filled_beside_is_written_while_the_caller_goes_on(tmp_path: Path) -> None:
    caller_went_on = threading.Event()
    threads: list[str] = []

    def slow(out: IO[bytes]) -> None:
        # the caller must get here first: written in line, this would wait in vain
        threads.append(threading.current_thread().name)
        out.write(b"ok" if caller_went_on.wait(timeout=5) else b"in line")

    writer = Writer(tmp_path / "out", digests=True)
    writer.write_filled("data/results.json", slow, beside=True)
    writer.write_filled("data/b.csv", lambda out: out.write(b"b"), beside=True)
    writer.write_filled("data/c.xlsx", lambda out: out.write(b"c"))  # in line: counted now
    caller_went_on.set()
    assert writer.stats.written == ["data/c.xlsx"]
    writer.settle()
    assert (tmp_path / "out" / "data" / "results.json").read_bytes() == b"ok"
    assert writer.stats.written == ["data/c.xlsx", "data/results.json", "data/b.csv"]
    assert set(writer.stats.digests) == {"data/c.xlsx", "data/results.json", "data/b.csv"}
    assert threads and threads[0].startswith("writer")
    assert not [p for p in (tmp_path / "out" / "data").iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(Exception, match="两次"):  # the paths are still refused twice
        writer.write_filled("data/b.csv", lambda out: None, beside=True)


def test_an_error_beside_is_raised_once_the_others_are_written(tmp_path: Path) -> None:
    def failing(out: IO[bytes]) -> None:
        raise OSError(28, "No space left on device")

    writer = Writer(tmp_path)
    writer.write_filled("a.json", failing, beside=True)
    writer.write_filled("b.csv", lambda out: out.write(b"b"), beside=True)
    with pytest.raises(OSError, match="a.json.tmp"):  # the error names the file
        writer.settle()
    assert (tmp_path / "b.csv").read_bytes() == b"b" and writer.stats.written == ["b.csv"]
    assert not (tmp_path / "a.json").exists()
    writer.settle()  # nothing left: nothing raised again


def test_a_file_filled_apart_is_written_by_another_process_while_the_caller_goes_on(
        tmp_path: Path) -> None:
    """``apart``: the fill runs in a forked process (its id in the file) while the caller
    goes on (the fill waits for a file the caller makes after asking); at ``settle`` the
    file is counted in the order asked for, its digest taken there, and what the fill
    returned is handed to ``then`` in this process."""
    went_on = tmp_path / "went-on"

    def fill(out: IO[bytes]) -> dict[str, int]:
        for _ in range(500):  # written in line, the caller would never get on
            if went_on.exists():
                break
            time.sleep(0.01)
        out.write(f"{os.getpid()} {went_on.exists()}".encode())
        return {"pid": os.getpid()}

    given: list[dict[str, int]] = []
    writer = Writer(tmp_path / "out", digests=True)
    writer.write_filled("data/results.xlsx", fill, apart=True, then=given.append)
    writer.write_filled("data/b.csv", lambda out: out.write(b"b"))  # in line: counted now
    went_on.touch()
    assert writer.stats.written == ["data/b.csv"] and given == []
    writer.settle()
    pid, seen = (tmp_path / "out" / "data" / "results.xlsx").read_text().split()
    assert int(pid) != os.getpid() and seen == "True"
    assert given == [{"pid": int(pid)}]
    assert writer.stats.written == ["data/b.csv", "data/results.xlsx"]
    assert set(writer.stats.digests) == {"data/b.csv", "data/results.xlsx"}
    assert not [p for p in (tmp_path / "out" / "data").iterdir() if p.name.endswith(".tmp")]


def test_a_fill_that_fails_apart_is_filled_here_and_its_error_raised_here(
        tmp_path: Path) -> None:
    """A fill that fails in the forked process is filled again in this one when settled
    (slower, never different); one that fails here too raises its error at ``settle``,
    after the other files are written."""
    here = os.getpid()

    def only_here(out: IO[bytes]) -> int:
        if os.getpid() != here:
            raise OSError(28, "No space left on device")
        out.write(b"here")
        return 7

    given: list[int] = []
    writer = Writer(tmp_path)
    writer.write_filled("a.xlsx", only_here, apart=True, then=given.append)
    writer.settle()
    assert (tmp_path / "a.xlsx").read_bytes() == b"here" and given == [7]

    def failing(out: IO[bytes]) -> None:
        raise OSError(28, "No space left on device")

    writer.write_filled("b.xlsx", failing, apart=True)
    writer.write_filled("c.csv", lambda out: out.write(b"c"), beside=True)
    with pytest.raises(OSError, match="b.xlsx.tmp"):
        writer.settle()
    assert (tmp_path / "c.csv").read_bytes() == b"c" and not (tmp_path / "b.xlsx").exists()
    assert writer.stats.written == ["a.xlsx", "c.csv"]
