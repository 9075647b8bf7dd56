"""Relative paths work everywhere (issue 42, point 13): the real command, run from a
folder, with every folder given relative to it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from tests.sitebuild import ROOT, SEED_CONTENT

pytestmark = pytest.mark.site


def test_build_with_relative_content_out_and_site_from_a_folder(tmp_path: Path) -> None:
    shutil.copytree(SEED_CONTENT, tmp_path / "c")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", "c", "--out", "b",
         "--site", "s"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Pagefind" not in done.stderr
    site = tmp_path / "s"
    assert f"网站已生成：{site}" in done.stdout
    assert not (ROOT / "s").exists() and not (tmp_path / "b" / "s").exists()
    page = html.fromstring((site / "projects" / "2017" / "video-conference" / "index.html")
                           .read_bytes())
    assert "视频会议" in page.xpath("string(//h1)")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]  # the search index was built, over the built pages
    assert any((site / "pagefind").rglob("*.pf_fragment"))
    checked = subprocess.run([sys.executable, "-m", "generator", "check", "c"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "6 个项目，0 个错误" in checked.stdout
