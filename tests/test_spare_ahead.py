"""The spare a clean build leaves, made in a process that outlives it (spare_ahead.py)."""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

import generator.publish.spare as spare_module
from generator.publish import spare_ahead
from generator.publish.files import TRASH, recover
from generator.publish.pipeline import build
from generator.publish.spare import listing, spare_dir
from generator.publish.spare_listing import Recorded
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest

VIDEO = Path("projects/2017/video-conference.yml")


def _inodes(folder: Path) -> dict[str, int]:
    return {rel: os.stat(path).st_ino for rel, path in listing(folder)[0].items()}


@pytest.mark.site
def test_a_clean_build_leaves_the_spare_made_after_it_and_the_first_edit_copies_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100,000 projects the first edit after a clean build waited 8.4 s for its copy of
    the site. The clean build starts that copy as it ends, in a process of its own: the
    spare is the site's files themselves (the same paths, the same inodes), its listing is
    recorded (as the first edit's own copy is: test_spare.py), nothing is left under a
    trash name, and the first edit copies nothing, links only what changed, and gives the
    site a clean build gives."""
    monkeypatch.setattr(spare_ahead, "AHEAD_FROM", 1)
    work = tmp_dir("spare-ahead")
    content, site, out = work / "content", work / "site", work / "build"
    shutil.copytree(SEED_CONTENT, content)
    build(content, out, site)
    spare_ahead.wait(out)
    assert not spare_ahead.running(out)
    assert _inodes(spare_dir(site)) == _inodes(site)
    assert listing(spare_dir(site))[1] == listing(site)[1]  # the same folders
    assert not list(work.glob(f"site{TRASH}*"))
    found = Recorded(out / spare_module.LISTED).walk(os.fspath(spare_dir(site).absolute()))
    assert found is not None and found[0] == _inodes(spare_dir(site))  # recorded (a
    # folder changed in the two seconds before it is read again: all of them here)

    copies: list[object] = []
    real_copy = spare_module.LinkCopy
    monkeypatch.setattr(spare_module, "LinkCopy",
                        lambda *args: copies.append(args) or real_copy(*args))
    linked: list[str] = []
    real_link = spare_module.link_or_copy
    monkeypatch.setattr(spare_module, "link_or_copy",
                        lambda source, *rest: linked.append(source) or real_link(source, *rest))
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 一改", 1),
                     encoding="utf-8")
    files = sum(len(names) for _, _, names in os.walk(site))
    result = build(content, out, site)
    assert result.rendered and copies == []
    assert 0 < len(linked) < files // 10, (len(linked), files)
    assert spare_dir(site).is_dir()  # the site the edit replaced: no process needed
    monkeypatch.undo()
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert digest(site) == digest(clean)


def test_small_sites_and_sites_with_a_spare_start_no_process(tmp_path: Path) -> None:
    site, out = tmp_path / "site", tmp_path / "build"
    (site / "a").mkdir(parents=True)
    out.mkdir()
    assert not spare_ahead.make_later(site, out, spare_ahead.AHEAD_FROM - 1)
    spare_dir(site).mkdir()
    assert not spare_ahead.make_later(site, out, spare_ahead.AHEAD_FROM)
    assert not (out / spare_ahead.LOCK).exists()


def test_a_build_waits_for_the_copy_and_leaves_its_folder_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """While the copy's process holds the lock, the start of a build does not remove its
    folder as a killed build's leftovers, and a build that uses the folders waits for it,
    saying so on the terminal; once it is gone, such a folder is removed."""
    site, out = tmp_path / "site", tmp_path / "build"
    site.mkdir()
    out.mkdir()
    making = tmp_path / f"site{TRASH}1-2"
    making.mkdir()
    holder = os.open(out / spare_ahead.LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # what the copy's process holds
    os.write(holder, b"4242")  # its pid, as make_later writes it
    assert spare_ahead.running(out)
    recover(site, trash=not spare_ahead.running(out))
    assert making.is_dir()
    released = threading.Timer(0.3, os.close, (holder,))
    released.start()
    start = time.monotonic()
    spare_ahead.wait(out)
    assert time.monotonic() - start >= 0.25
    assert "网站副本还在制作（供修改使用；进程 4242）" in capsys.readouterr().err
    released.join()
    assert not spare_ahead.running(out)
    recover(site, trash=not spare_ahead.running(out))
    for _ in range(100):  # removed by ``rm -rf`` in the background
        if not making.exists():
            break
        time.sleep(0.05)
    assert not making.exists()


@pytest.mark.site
def test_a_copy_killed_on_the_way_leaves_the_next_edit_a_clean_builds_site(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy's process killed (``kill -9`` of its session) as soon as the clean build
    has started it, wherever it was: the lock is the system's to release, what it left
    under a trash name is removed, and the edit after it gives a clean build's site."""
    import signal

    monkeypatch.setattr(spare_ahead, "AHEAD_FROM", 1)
    work = tmp_dir("spare-ahead-killed")
    content, site, out = work / "content", work / "site", work / "build"
    shutil.copytree(SEED_CONTENT, content)
    build(content, out, site)
    pid = int((out / spare_ahead.LOCK).read_text(encoding="utf-8"))
    try:
        os.killpg(pid, signal.SIGKILL)  # its own session: it and its ``cp``
    except ProcessLookupError:  # it had already finished
        pass
    spare_ahead.wait(out)  # released by the system
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 一改", 1),
                     encoding="utf-8")
    build(content, out, site)
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert digest(site) == digest(clean)
    for _ in range(100):  # the copy's folder, if it left one, removed in the background
        if not list(work.glob(f"site{TRASH}*")):
            break
        time.sleep(0.05)
    assert not list(work.glob(f"site{TRASH}*"))
