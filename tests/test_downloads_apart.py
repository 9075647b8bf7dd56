"""A build's downloads in a forked process (generator.base.apart,
generator.publish.downloads_thread): written there, handed back, byte for byte a clean
build's; where the process fails, written by the build itself; where the downloads fail
there too, the build raises their error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.publish.downloads_thread as thread
from generator.publish.pipeline import build
from tests.test_downloads_thread import VIDEO, _bytes, _seed_copy

pytestmark = pytest.mark.site


def _edit(content: Path, mark: str) -> None:
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", f"name: {mark}", 1),
                     encoding="utf-8")


def _pids(monkeypatch: pytest.MonkeyPatch, log: Path, fail_in_child: bool = False,
          fail_everywhere: bool = False) -> None:
    """Each process that writes the downloads appends its id to ``log`` (a file: a forked
    process's lists are its own); ``fail_in_child``: they fail in any process but this."""
    real, here = thread.write_downloads, os.getpid()

    def write_downloads(*args, **kwargs):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        if fail_everywhere or (fail_in_child and os.getpid() != here):
            raise OSError("设备上没有空间")
        return real(*args, **kwargs)

    monkeypatch.setattr(thread, "write_downloads", write_downloads)


def _written_by(log: Path) -> list[int]:
    return [int(line) for line in log.read_text(encoding="utf-8").split()] \
        if log.is_file() else []


def test_a_clean_build_and_an_edit_write_their_downloads_in_a_forked_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean build (no record of the last downloads) and an edit both write them in
    another process, whose stages come back with the build's; they are byte for byte what
    a clean build writes in this process, as it does above ``APART_CLEAN_MAX`` projects."""
    work, content = _seed_copy("apart-edit")
    log = work / "pids"
    _pids(monkeypatch, log)
    first = build(content, work / "build", work / "site")
    assert len(_written_by(log)) == 1 and _written_by(log)[0] != os.getpid()
    assert first.stages["downloads.write"] > 0 and first.seconds["downloads"] > 0
    _edit(content, "改")
    result = build(content, work / "build", work / "site")
    pids = _written_by(log)
    assert len(pids) == 2 and pids[1] not in (os.getpid(), pids[0])
    assert result.stages["downloads.write"] > 0 and result.seconds["downloads"] > 0
    assert any(path.endswith("data/results.xlsx") for path in result.stats.written)
    projects = len(first.content.projects)
    monkeypatch.setattr(thread, "APART_CLEAN_MAX", projects - 1)  # a thread from here on
    build(content, work / "clean-build", work / "clean-site")
    assert _written_by(log)[2:] == [os.getpid()]
    assert _bytes(work / "build" / "downloads") == _bytes(work / "clean-build" / "downloads")
    assert _bytes(work / "site" / "downloads") == _bytes(work / "clean-site" / "downloads")


def test_when_the_forked_downloads_fail_the_build_writes_them_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    work, content = _seed_copy("apart-fails")
    build(content, work / "build", work / "site")
    log = work / "pids"
    _pids(monkeypatch, log, fail_in_child=True)
    _edit(content, "改")
    build(content, work / "build", work / "site")
    pids = _written_by(log)
    assert len(pids) == 2 and pids[0] != os.getpid() and pids[1] == os.getpid()
    monkeypatch.undo()
    build(content, work / "clean-build", work / "clean-site")
    assert _bytes(work / "site" / "downloads") == _bytes(work / "clean-site" / "downloads")


def test_downloads_that_fail_everywhere_fail_the_build_with_their_error_and_keep_the_site(
        monkeypatch: pytest.MonkeyPatch) -> None:
    work, content = _seed_copy("apart-error")
    build(content, work / "build", work / "site")
    before = _bytes(work / "site")
    _pids(monkeypatch, work / "pids", fail_everywhere=True)
    _edit(content, "改")
    with pytest.raises(OSError, match="设备上没有空间"):
        build(content, work / "build", work / "site")
    assert _bytes(work / "site") == before
    monkeypatch.undo()
    build(content, work / "build", work / "site")
    build(content, work / "clean-build", work / "clean-site")
    assert _bytes(work / "site" / "downloads") == _bytes(work / "clean-site" / "downloads")
