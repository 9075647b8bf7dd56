"""The build pipeline: deterministic, incremental, and safe when something is wrong."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from generator.build import BuildError, build, check_search_segmented
from generator.problems import ContentError
from generator.writer import WriteError, Writer
from tests.sitebuild import SEED_CONTENT, built, tmp_dir

pytestmark = pytest.mark.site


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_identical() -> None:
    first = built("seed").site_dir
    work = tmp_dir("second-build")
    second = build(SEED_CONTENT, work / "build", work / "site").site_dir
    a, b = digest(first), digest(second)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert "data/results.xlsx" in a and "sitemap.xml.gz" in a


def test_unchanged_content_writes_nothing_and_one_change_rewrites_little() -> None:
    work = tmp_dir("incremental")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", None)
    assert len(first.stats.written) > 30
    again = build(content, work / "build", None)
    assert again.stats.written == [] and again.stats.removed == []
    target = content / "projects" / "2017" / "video-conference.yml"
    old, new = "视频会议系统相关设施完备性有待进一步加强。", "视频会议系统设施有待加强。"
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    changed = build(content, work / "build", None)
    written = set(changed.stats.written)
    assert "projects/2017/video-conference/index.md" in written
    assert "departments/hezuojiaoliu/2017/index.md" in written
    assert "data/projects/2017/video-conference.json" in written
    assert not any(w.startswith("projects/") and "video-conference" not in w for w in written)
    assert "departments/gongshanglian/2018/index.md" not in written
    # a deleted project disappears from the generated pages
    target.unlink()
    removed = build(content, work / "build", None)
    assert "projects/2017/video-conference/index.md" in removed.stats.removed


def test_a_broken_file_leaves_the_site_untouched() -> None:
    work = tmp_dir("broken")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    site = work / "site"
    build(content, work / "build", site)
    before = digest(site)
    bad = content / "projects" / "2018" / "broken.yml"
    bad.write_text("name: 坏文件\nyear: 2018\ndepartment: 单位\nbudget: -1\nscore: 80\n",
                   encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(content, work / "build", site)
    assert any("budget" in p.message and p.line == 4 for p in caught.value.problems)
    assert digest(site) == before


def test_cli_build_failure_exit_code_and_message(run_cli) -> None:
    work = tmp_dir("cli-broken")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    (content / "projects" / "2018" / "broken.yml").write_text(
        "name: 坏文件\nyear: 2018\ndepartment: 单位\nbudjet: 10\nscore: 80\n", encoding="utf-8")
    code, out, err = run_cli("build", "--content", str(content), "--out", str(work / "build"),
                             "--site", str(work / "site"))
    assert code == 1
    assert "未知的键「budjet」，你是不是想写「budget」？" in err
    assert "网站没有更新" in err
    assert not (work / "site").exists()


def test_search_without_segmentation_fails_the_build(tmp_path: Path) -> None:
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text(json.dumps({"docs": [{"text": "视频会议系统运维"}]}), encoding="utf-8")
    with pytest.raises(BuildError, match="中文分词"):
        check_search_segmented(tmp_path)
    index.write_text(json.dumps({"docs": [{"text": "视频会议\u200b系统"}]}), encoding="utf-8")
    check_search_segmented(tmp_path)


def test_writer_refuses_a_path_twice_and_paths_outside(tmp_path: Path) -> None:
    writer = Writer(tmp_path / "docs")
    writer.write("a/index.md", "x")
    with pytest.raises(WriteError, match="写了两次"):
        writer.write("a/index.md", "y")
    for bad in ("../evil.md", "/etc/passwd", "a/../../x.md"):
        with pytest.raises(WriteError, match="输出文件夹之外"):
            writer.write(bad, "z")
    assert not (tmp_path / "evil.md").exists()
