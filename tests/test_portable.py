"""The build the way Windows runs it (:mod:`generator.base.portable` forced on Linux): the
byte lock, the swap of ``site/`` by two renames, workers started with ``spawn``, and paths
with spaces and Chinese characters."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import generator.base.portable
import generator.publish.files
from generator.base.parallel import can_fork
from generator.publish.files import recover
from generator.publish.lock import BuildBusy, build_lock
from generator.publish.pipeline import build
from tests.sitebuild import ROOT, SEED_CONTENT, built, lock_held_by_a_thread, tmp_dir
from tests.test_build import digest

pytestmark = pytest.mark.site

VIDEO = Path("projects/2017/video-conference.yml")


def _portable_env() -> dict[str, str]:
    return {**os.environ, "PE_PORTABLE": "1", "PYTHONPATH": str(ROOT)}


def _spawned_build(content: Path, work: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.portable_build", str(content), str(work / "build"),
         str(work / "site"), *extra], cwd=ROOT, env=_portable_env(), capture_output=True,
        text=True, timeout=600)


def _rename_video(content: Path, prefix: str) -> None:
    target = content / VIDEO
    target.write_text(target.read_text(encoding="utf-8").replace("name: ", f"name: {prefix}", 1),
                      encoding="utf-8")


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process on the Windows ways; any use of ``flock`` or ``renameat2`` fails."""
    monkeypatch.setattr(generator.base.portable, "FORCED", True)

    def no_flock(*args: object) -> None:
        raise AssertionError("flock used in the portable mode")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    assert not can_fork()


def test_a_spawned_portable_build_makes_the_same_site() -> None:
    """The whole seed build under ``set_start_method("spawn")`` with the non-POSIX ways,
    over a folder already at ``site/``: file for file and byte for byte the normal build's
    site (the search index included: both builds are deterministic)."""
    work = tmp_dir("portable-spawn")
    (work / "site").mkdir()
    (work / "site" / "stale.html").write_text("the site before", encoding="utf-8")
    done = _spawned_build(SEED_CONTENT, work)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["portable"] is True and said["projects"] == 6
    assert said["methods"] and set(said["methods"]) == {"spawn"}  # workers ran, none forked
    ours, normal = digest(work / "site"), digest(built("seed").site_dir)
    assert ours.keys() == normal.keys()
    assert [name for name in ours if ours[name] != normal[name]] == []
    assert "pagefind/pagefind-entry.json" in ours
    # the replaced folder went aside by the renames and is kept as the next build's spare
    assert (work / "site.spare" / "stale.html").read_text(encoding="utf-8") == "the site before"
    assert sorted(p.name for p in work.iterdir()) == ["build", "site", "site.spare"]


def test_a_build_stopped_or_killed_mid_swap_leaves_the_old_site(
        forced: None, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_dir("portable-swap")
    content, out, site = work / "content", work / "build", work / "site"
    shutil.copytree(SEED_CONTENT, content)
    build(content, out, site)
    before = digest(site)
    real = generator.publish.files.rename
    renames: list[tuple[str, str]] = []

    def stop_at_swap(source: Path, target: Path) -> None:
        renames.append((source.name, target.name))
        if (source.name, target.name) == ("site.new", "site"):
            raise KeyboardInterrupt  # as Ctrl+C there would
        real(source, target)

    monkeypatch.setattr(generator.publish.files, "rename", stop_at_swap)
    _rename_video(content, "停")
    with pytest.raises(KeyboardInterrupt):
        build(content, out, site)
    assert ("site", "site.old") in renames  # stopped between the two renames
    assert digest(site) == before  # the old site put back, whole
    assert not (work / "site.old").exists()
    monkeypatch.setattr(generator.publish.files, "rename", real)

    # killed there (nothing runs after): the old site is whole under site.old
    _rename_video(content, "杀")
    killed = _spawned_build(content, work, "--die-at-swap")
    assert killed.returncode == 9, killed.stderr
    assert not site.exists() and (work / "site.new").is_dir()
    assert digest(work / "site.old") == before
    recover(site)  # what the next build does first
    assert digest(site) == before and not (work / "site.old").exists()
    build(content, out, site)
    page = (site / "projects" / "2017" / "video-conference" / "index.html").read_text(
        encoding="utf-8")
    assert "杀停" in page


def test_the_portable_lock_keeps_a_second_build_out_until_the_first_is_gone(
        forced: None) -> None:
    """The lock Windows takes, one byte by one handle: another handle (another thread
    here, another process) is refused; killing the holder frees it at once."""
    out = tmp_dir("portable-lock") / "build"
    with lock_held_by_a_thread(out), pytest.raises(
            BuildBusy, match=f"另一个构建正在运行（进程 {os.getpid()}）"), build_lock(out):
        pass
    script = ("import sys, time; from pathlib import Path; "
              "from generator.publish.lock import build_lock\n"
              f"with build_lock(Path({str(out)!r})):\n"
              "    print('held', flush=True); time.sleep(60)")
    other = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=_portable_env(),
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        with pytest.raises(BuildBusy, match=f"（进程 {other.pid}）"), build_lock(out):
            pass
    finally:
        other.send_signal(signal.SIGKILL)
        other.wait()
    with build_lock(out, wait=5):  # no stale lock after a kill
        assert (out / "build.lock").read_text(encoding="utf-8") == str(os.getpid())


def test_a_site_folder_with_spaces_and_chinese_characters() -> None:
    """Content, build and site in ``我的 网站``, run from there: the same site as the
    seeds' (no path leaks into it)."""
    folder = tmp_dir("portable-paths") / "我的 网站"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, folder / "content")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(folder / "content"),
         "--out", str(folder / "build"), "--site", str(folder / "site")], cwd=folder,
        env=_portable_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"网站已生成：{folder / 'site'}" in done.stdout + done.stderr
    ours, normal = digest(folder / "site"), digest(built("seed").site_dir)
    assert ours.keys() == normal.keys()
    assert [name for name in ours if ours[name] != normal[name]] == []
    assert sorted(p.name for p in folder.iterdir()) == ["build", "content", "site"]


def test_a_childs_chinese_output_reads_back_under_a_chinese_code_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a child Python writes a file in the code page (GBK) unless told otherwise
    (emulated here by ``PYTHONIOENCODING=gbk``); the build reads its children's logs as
    UTF-8."""
    from generator.publish.children import start

    monkeypatch.setenv("PYTHONIOENCODING", "gbk")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        child = start(["-c", "import sys; print('警告：我的 网站'); "
                        "print('错误：第 3 行', file=sys.stderr)"], log, dict(os.environ))
        assert child.wait(60) == 0
        log.seek(0)
        assert log.read().splitlines() == ["警告：我的 网站", "错误：第 3 行"]


@pytest.mark.parametrize(("chosen", "portable", "forks"), [
    (None, "", True), ("spawn", "", False), ("forkserver", "", False), (None, "1", False)])
def test_workers_fork_only_where_nothing_chose_otherwise(chosen: str | None, portable: str,
                                                         forks: bool) -> None:
    script = ("import multiprocessing\n"
              + (f"multiprocessing.set_start_method({chosen!r})\n" if chosen else "")
              + "from generator.base.parallel import can_fork\nprint(can_fork())")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, env={**_portable_env(), "PE_PORTABLE": portable},
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(forks)
