"""Only regular files are read from content/, bounded before and while reading; control
characters in any text are refused at their line and column (issue 42, points 6 and 9)."""

from __future__ import annotations

import os
import socket
import threading
import tracemalloc
from pathlib import Path

import pytest

from generator.content import loader as load
from generator.content.discovery import read_content
from generator.content.loader import TooLarge, load_file, read_bounded
from generator.core.problems import Problems
from tests.conftest import HEADER, check_dir, check_text, content_dir, one, write_project


def _fifo_with_text(path: Path, text: bytes) -> threading.Thread:
    """A named pipe at ``path`` whose writer (a thread) gives ``text`` to whoever opens it
    to read: code that opens it reads a valid file instead of waiting."""
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as pipe:  # waits for a reader
            pipe.write(text)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def _release(path: Path, thread: threading.Thread) -> None:
    """Let the writer finish when nothing opened the pipe (as it should be)."""
    if thread.is_alive():
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        thread.join()
        os.close(handle)


def test_a_named_pipe_among_the_projects_is_reported_and_never_opened(tmp_path: Path) -> None:
    write_project(tmp_path, "2020/ok.yml", HEADER + "score: 80\n")
    fifo = content_dir(tmp_path) / "projects" / "2020" / "x.yml"
    thread = _fifo_with_text(fifo, (HEADER.replace("测试项目", "管道") + "score: 80\n").encode())
    os.symlink("x.yml", fifo.parent / "y.yml")  # a link to it, inside the folder
    try:
        content = check_dir(tmp_path)
        assert thread.is_alive()  # nobody opened it to read
    finally:
        _release(fifo, thread)
    assert [(p.code, Path(p.file).name) for p in content.errors] == [
        ("not-a-file", "x.yml"), ("not-a-file", "y.yml")]
    assert all("命名管道" in p.message for p in content.errors)
    assert [p.name for p in content.projects] == ["测试项目"]


def test_a_named_pipe_as_site_yml_is_reported(tmp_path: Path) -> None:
    root = content_dir(tmp_path, site=None)
    write_project(tmp_path, "2020/ok.yml", HEADER + "score: 80\n", site=None)
    thread = _fifo_with_text(root / "site.yml", b"title: x\n")
    try:
        content = check_dir(tmp_path)
        assert thread.is_alive()
    finally:
        _release(root / "site.yml", thread)
    assert one(content.errors, "not-a-file").file.endswith("content/site.yml")


def test_a_named_pipe_given_by_name_is_reported(tmp_path: Path) -> None:
    fifo = content_dir(tmp_path) / "projects" / "x.yml"
    thread = _fifo_with_text(fifo, (HEADER + "score: 80\n").encode())
    try:
        content = read_content(fifo)
        assert thread.is_alive()
    finally:
        _release(fifo, thread)
    assert one(content.errors, "not-a-file").file.endswith("projects/x.yml")


def test_a_socket_is_reported_as_not_a_file(tmp_path: Path) -> None:
    root = content_dir(tmp_path)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "projects" / "s.yml"))
        content = check_dir(tmp_path)
    finally:
        server.close()
    assert "套接字" in one(content.errors, "not-a-file").message


def test_a_huge_file_is_refused_by_its_size_without_being_read(tmp_path: Path) -> None:
    path = write_project(tmp_path, "2020/big.yml", HEADER + "score: 80\n")
    with open(path, "r+b") as handle:  # 200 MB, sparse: nothing written to disk
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        content = check_dir(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert one(content.errors, "file-too-large").file.endswith("2020/big.yml")
    assert peak < 20 * 1024 * 1024, peak  # read whole, it took 200 MB


def test_the_read_is_bounded_when_the_file_grew_after_its_stat(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.yml"
    path.write_bytes(b"a: 1\n" * 100)  # 500 bytes now
    real_stat = os.stat
    small = real_stat(tmp_path / "p.yml")

    def stat_before_growth(target: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(target)) == path:  # what the stat saw: 10 bytes
            return os.stat_result((small.st_mode, *small[1:6], 10, *small[7:]))
        return result

    monkeypatch.setattr(load.os, "stat", stat_before_growth)
    with pytest.raises(TooLarge):
        read_bounded(path, 100)
    problems = Problems("p.yml")
    monkeypatch.setattr(load, "MAX_BYTES", 100)
    assert load_file(path, "p.yml", problems) is None
    assert one(problems.items, "file-too-large").file == "p.yml"


# --- control characters -------------------------------------------------------------------

@pytest.mark.parametrize("escape, shown", [
    (r"\x1b]0;pwned\x07", r"\x1b"), (r"\x01", r"\x01"), (r"\b", r"\x08"), (r"\v", r"\x0b"),
    (r"\f", r"\x0c"), (r"\e[2K", r"\x1b"), (r"\x7f", r"\x7f"), (r"\x9b", r"\x9b"),
    (r"\N", r"\x85"), (r"\0", r"\x00")])
def test_a_control_character_written_as_an_escape_is_refused_where_it_is(
        tmp_path: Path, escape: str, shown: str) -> None:
    text = HEADER.replace("name: 测试项目", f'name: "测试{escape}项目"') + \
        f'score: 80\nsummary: 概况\nother_fields:\n  "负责人{escape}": 张三\n'
    content = check_text(tmp_path, text)
    found = [p for p in content.errors if p.code == "control-character"]
    assert [(p.line, p.column) for p in found] == [(1, 7), (8, 3)], found
    assert all(shown in p.message and "\x1b" not in p.message and "请删除" in p.message
               for p in found)


def test_a_control_character_in_site_yml_is_refused_where_it_is(tmp_path: Path) -> None:
    root = content_dir(tmp_path, site='title: "公开\\x1b]0;x\\x07"\n')
    # a tab and line breaks stay allowed
    write_project(tmp_path, "2020/p.yml", HEADER + 'score: 80\nsummary: "一\\t甲\\r\\n二\\n"\n')
    problem = one(check_dir(tmp_path).problems, "control-character")
    assert (problem.file, problem.line, problem.column) == (str(root / "site.yml"), 1, 8)
