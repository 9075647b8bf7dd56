"""Files filled beside (``Writer.write_filled(..., beside=True)``): filled in the writer's
own thread while the caller goes on, counted in the order asked for once settled, and an
error of one raised by ``settle`` after the others are written."""

from __future__ import annotations

import threading
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
