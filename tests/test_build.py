"""The build pipeline: deterministic, incremental, and safe when something is wrong.

Its Pagefind search index and the index's shards: tests/test_build_pagefind.py."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import generator.publish.files
import generator.publish.mkdocs
from generator.base.writer import WriteError, Writer
from generator.core.problems import BuildError, ContentError
from generator.publish.mkdocs import check_search_segmented
from generator.publish.pipeline import build
from generator.site.environment import PAGES_COMPILED
from tests.sitebuild import SEED_CONTENT, built, tmp_dir

pytestmark = pytest.mark.site


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_themes_templates_are_kept_compiled_for_the_next_mkdocs_run() -> None:
    """Material's templates compiled once (half of an edit's MkDocs run), in the build
    folder beside the pages' own; the sites built with and without them are the same
    (test_incremental.py: edits built with the cache, compared with clean builds)."""
    compiled = built("seed").docs_dir.parent / "templates.compiled"
    theme = sorted(p.name for p in (compiled / "theme").glob("__jinja2_*.cache"))
    assert len(theme) >= 10, theme  # base.html, main.html, partials ...
    pages = {p.name for p in compiled.glob(PAGES_COMPILED % "*")}
    assert len(pages) >= 10 and not set(theme) & pages, pages  # the pages' templates


def test_two_builds_are_identical() -> None:
    first = built("seed").site_dir
    work = tmp_dir("second-build")
    second = build(SEED_CONTENT, work / "build", work / "site").site_dir
    a, b = digest(first), digest(second)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert "data/results.xlsx" in a and "sitemap.xml.gz" in a
    # Pagefind's bundle too: same file names (content hashes) and bytes
    assert "pagefind/pagefind-entry.json" in a
    assert len([k for k in a if k.startswith("pagefind/fragment/")]) > 10


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
    assert [(p.code, p.line) for p in caught.value.problems if p.is_error] == [
        ("budget-not-positive", 4)]
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
    index.unlink()
    with pytest.raises(BuildError, match="search_index.json"):
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


def test_stale_files_go_by_the_last_builds_listing_or_by_walking(tmp_path: Path) -> None:
    """A file the run did not write goes, with the folders it leaves empty; with a listing
    (the last build's record) only what it names is looked at."""
    for listed in (None, ["keep/a.md", "gone/deep/b.md", "gone/c.md", "missing.md"]):
        root = tmp_path / str(listed is None)
        for rel in ("keep/a.md", "gone/deep/b.md", "gone/c.md"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(rel, encoding="utf-8")
        writer = Writer(root)
        writer.write("keep/a.md", "keep/a.md")
        writer.remove_stale(listed)
        assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == \
            ["keep", "keep/a.md"]
        assert writer.stats.removed == ["gone/deep/b.md", "gone/c.md"]


def test_mkdocs_config_per_search_engine() -> None:
    from generator.publish.mkdocs import PAGEFIND_SCRIPT, mkdocs_config
    from generator.site.context import build_context

    content = build_context(built("seed").content)
    docs, site = Path("/nonexistent/docs"), Path("/nonexistent/site")

    def plugins(config: dict) -> list[str]:
        return [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]

    online = mkdocs_config(content, docs, site)
    assert online["extra"]["search_engine"] == "pagefind"
    assert plugins(online) == []  # an empty list: MkDocs adds no default search plugin
    assert not [f for f in online["theme"]["features"] if f.startswith("search.")]
    assert online["extra_javascript"][-1] == PAGEFIND_SCRIPT

    preview = mkdocs_config(content, docs, site, search="material")  # make serve
    assert plugins(preview) == ["search"] and "search.highlight" in preview["theme"]["features"]
    assert PAGEFIND_SCRIPT not in preview["extra_javascript"]

    offline = mkdocs_config(content, docs, site, directory_urls=False, offline=True)
    assert offline["extra"]["search_engine"] == "material"
    assert plugins(offline) == ["search", "offline"]
    assert PAGEFIND_SCRIPT not in offline["extra_javascript"]
    with pytest.raises(ValueError):
        mkdocs_config(content, docs, site, offline=True, search="pagefind")


def test_project_pages_written_by_workers_equal_those_written_here() -> None:
    from generator.base.parallel import PARALLEL_FROM
    from generator.content.discovery import read_content
    from generator.site.context import build_context
    from generator.site.pages import write_pages
    from tests.bench.synth import write_content

    folder = tmp_dir("parallel-pages")
    write_content(folder / "content", count=PARALLEL_FROM + 20)
    site = build_context(read_content(folder / "content"))
    serial, parallel = Writer(folder / "serial"), Writer(folder / "parallel")
    write_pages(site, serial, workers=1)
    write_pages(site, parallel, workers=2)
    assert digest(folder / "serial") == digest(folder / "parallel")
    assert sorted(parallel.stats.written) == sorted(serial.stats.written)
    assert len(serial.stats.written) > PARALLEL_FROM + 20
    assert parallel.seen == serial.seen  # every page, each once
    again = Writer(folder / "parallel")
    write_pages(site, again, workers=2)
    assert again.stats.written == [] and again.stats.unchanged == len(serial.stats.written)


def test_a_claimed_path_is_written_by_its_delegate_only(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    claimed = writer.claim(["projects/a/index.md"])
    with pytest.raises(WriteError, match="写了两次"):
        writer.write("projects/a/index.md", "x")  # claimed for another process
    delegate = Writer(tmp_path, claimed)
    delegate.write("projects/a/index.md", "y")
    with pytest.raises(WriteError, match="不是分配给这个进程写的文件"):
        delegate.write("projects/b/index.md", "z")
    writer.merge(delegate.stats)
    assert writer.stats.written == ["projects/a/index.md"]
    writer.remove_stale()
    assert (tmp_path / "projects" / "a" / "index.md").read_text() == "y"


def test_no_change_no_mkdocs_run_and_a_failed_build_is_not_taken_for_current(
        monkeypatch) -> None:
    work = tmp_dir("no-change")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    site = work / "site"
    first = build(content, work / "build", site)
    assert "mkdocs" in first.seconds and (work / "build" / "site.stamp").is_file()
    before, inode = digest(site), site.stat().st_ino
    again = build(content, work / "build", site)
    assert "mkdocs" not in again.seconds and "pagefind" not in again.seconds
    assert again.stats.written == [] and again.stats.removed == []
    assert site.stat().st_ino == inode and digest(site) == before  # the same site/, untouched
    # an edit whose MkDocs run fails: the pages are written, the site is not
    target = content / "projects" / "2017" / "video-conference.yml"
    old, new = "视频会议系统相关设施完备性有待进一步加强。", "视频会议设施有待加强。"
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def fail(self: generator.publish.mkdocs.MkDocsRun) -> None:
        self.stop()
        raise BuildError("MkDocs 构建失败：模拟")

    with monkeypatch.context() as patch:
        patch.setattr(generator.publish.mkdocs.MkDocsRun, "wait", fail)
        with pytest.raises(BuildError, match="模拟"):
            build(content, work / "build", site)
    assert digest(site) == before
    # the next build finds its pages already written, yet must still build the site
    fixed = build(content, work / "build", site)
    assert fixed.stats.written == [] and "mkdocs" in fixed.seconds
    page = (site / "projects" / "2017" / "video-conference" / "index.html").read_text("utf-8")
    assert new in page and old not in page
    # another date in SOURCE_DATE_EPOCH changes the site (the pages' dates): MkDocs runs again
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert "mkdocs" in build(content, work / "build", site).seconds


def test_cli_says_when_the_site_was_current(run_cli) -> None:
    work = tmp_dir("cli-current")
    args = ("build", "--content", str(SEED_CONTENT), "--out", str(work / "build"),
            "--site", str(work / "site"))
    code, out, _ = run_cli(*args)
    assert code == 0 and "网站已生成" in out
    code, out, _ = run_cli(*args)
    assert code == 0 and "写入 0 个文件" in out
    assert f"内容与上次构建相同，网站没有重新生成：{work / 'site'}" in out


def test_the_replaced_site_is_removed_and_leftovers_go_next_time(tmp_path: Path) -> None:
    """The previous site is removed in the background after the swap; what a killed
    removal left behind, the next build removes."""
    import time

    from generator.publish.files import TRASH, swap_in

    site, new = tmp_path / "site", tmp_path / "site.new"
    for folder, text in ((site, "old"), (new, "new")):
        (folder / "a").mkdir(parents=True)
        (folder / "a" / "index.html").write_text(text, encoding="utf-8")
    leftover = tmp_path / f"site{TRASH}1-2"
    (leftover / "x").mkdir(parents=True)
    swap_in(new, site)
    assert (site / "a" / "index.html").read_text(encoding="utf-8") == "new"
    assert not new.exists()
    for _ in range(300):  # the background removal
        if sorted(p.name for p in tmp_path.iterdir()) == ["site", f"site{TRASH}1-2"]:
            break
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", f"site{TRASH}1-2"]
    generator.publish.files.recover(site)
    for _ in range(300):  # removed in the background too
        if sorted(p.name for p in tmp_path.iterdir()) == ["site"]:
            break
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
