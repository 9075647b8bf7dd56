"""Operating-system failures during a build: one Chinese line with a code, never a
traceback, a non-zero exit, and the published site as it was (issue 35).

The disks are real: a 2 MB tmpfs that fills up during the build, and read-only mounts.
Mounting needs root (CI runs as root); elsewhere the tests fail saying so, never skip.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content"


@contextmanager
def tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.fail("these tests mount a small tmpfs and need root (CI runs as root): "
                    f"mount said {mounted.stderr.strip()!r}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def build(out: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(SEED),
                           "--out", str(out), "--site", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def published(site: Path) -> str:
    site.mkdir()
    (site / "index.html").write_text("上次发布的网站", encoding="utf-8")
    return "上次发布的网站"


def assert_said(result: subprocess.CompletedProcess[str], code: str, words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert f"[{code}]" in result.stderr and words in result.stderr, result.stderr
    assert "已发布的网站没有改动" in result.stderr


def test_a_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "size=2m") as disk:
        before = published(disk / "site")
        result = build(disk / "build", disk / "site")
        assert_said(result, "os-disk-full", "磁盘空间不足")
        assert str(disk) in result.stderr  # the path that filled up
        assert (disk / "site" / "index.html").read_text(encoding="utf-8") == before


def test_a_read_only_output_folder(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "size=2m,ro") as disk:
        result = build(disk / "build", disk / "site")
        assert_said(result, "os-read-only", "只读")
        assert str(disk / "build") in result.stderr


def test_a_read_only_site_keeps_what_was_published(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "pub", "size=8m") as disk:
        before = published(disk / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = build(tmp_path / "build", disk / "site")
        assert_said(result, "os-read-only", "只读")
        assert (disk / "site" / "index.html").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("number, code, words", [
    (28, "os-disk-full", "磁盘空间不足"), (30, "os-read-only", "只读"),
    (13, "os-permission", "权限"), (1, "os-permission", "不允许"),
    (2, "os-not-found", "找不到"), (16, "os-locked", "其他程序"), (5, "os-error", "操作系统"),
])
def test_each_refusal_is_said_with_its_code(number: int, code: str, words: str,
                                            monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    """A permission error or a file held by another program (Windows reports both as
    PermissionError; Linux as EACCES / EBUSY) cannot be made by root here: the command's
    failure is raised where the build would meet it."""
    from generator import cli

    def refused(args: object) -> int:
        raise OSError(number, "refused", "/srv/site/index.html")

    monkeypatch.setitem(cli.COMMANDS, "build", refused)
    status, out, err = run_cli("build")
    assert status == 1 and f"[{code}]" in err and words in err
    assert "/srv/site/index.html" in err and "Traceback" not in err
