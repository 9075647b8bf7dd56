"""``jxgk init DIR``: a starter site that checks clean, and nothing existing overwritten;
the wheel's build hooks take exactly the pins and vendored files the checkout uses."""

from __future__ import annotations

import json
from pathlib import Path

import hatch_build
from generator.cli import main
from generator.publish.assets import VENDOR_FILES
from generator.publish.starter import STARTER
from tests.conftest import SEEDS

REPO = SEEDS.parent


def test_init_writes_a_site_that_checks_clean(tmp_path: Path, run_cli) -> None:
    site = tmp_path / "我的 网站"  # spaces and Chinese in the path
    code, out, err = run_cli("init", site)
    assert (code, err) == (0, "")
    assert f"已新建网站文件夹「{site}」" in out and f'（cd "{site}"）' in out
    assert "python -m generator build 生成网站" in out  # a checkout's command (jxgk installed)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == ["content/projects/2017/video-conference.yml", "content/site.yml"]
    for rel in files:
        assert (site / rel).read_bytes() == (STARTER / rel).read_bytes()
    code, out, err = run_cli("check", site / "content", "--strict", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["problems"] == []
    [project] = report["projects"]
    assert (project["id"], project["total"], project["grade"]) == (
        "2017/video-conference", "87.74", "良")


def test_init_refuses_a_folder_with_files_and_changes_nothing(tmp_path: Path, run_cli) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "site.yml").write_text("title: 已有\n", encoding="utf-8")
    code, out, err = run_cli("init", site)
    assert (code, out) == (1, "")
    assert f"文件夹「{site}」已存在且不是空的" in err and "请换一个新的文件夹名" in err
    assert (site / "content" / "site.yml").read_text(encoding="utf-8") == "title: 已有\n"
    assert not (site / "content" / "projects").exists()


def test_init_refuses_a_file_and_accepts_an_empty_folder(tmp_path: Path, run_cli) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = run_cli("init", tmp_path / "a.txt")
    assert code == 1 and "已存在且不是文件夹" in err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "x"
    (tmp_path / "empty").mkdir()
    code, _, _ = run_cli("init", tmp_path / "empty")
    assert code == 0 and (tmp_path / "empty" / "content" / "site.yml").is_file()


def test_the_console_command_is_named_jxgk(capsys) -> None:
    try:
        main(["--help"], prog="jxgk")
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: jxgk ")
    for command in ("init", "check", "new", "import", "build", "serve", "package"):
        assert command in out.split("\n")[0]


def test_wheel_hooks_take_the_checkouts_pins_and_vendored_files() -> None:
    pins = [line for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert hatch_build.requirements() == pins
    assert all("==" in pin for pin in pins)
    assert hatch_build.vendor_sources() == [rel for rel, _ in VENDOR_FILES]
    assert not any(rel.startswith("axe-core") for rel in hatch_build.vendor_sources())
