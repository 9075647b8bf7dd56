"""The build pipeline: deterministic, incremental, and safe when something is wrong."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

import generator.publish.files
import generator.publish.mkdocs
import generator.publish.pagefind_run
from generator.base.writer import WriteError, Writer
from generator.core.problems import BuildError, ContentError
from generator.publish.mkdocs import check_search_segmented
from generator.publish.pagefind import pagefind_shards, shard_size
from generator.publish.pagefind_check import check_pagefind
from generator.publish.pipeline import build
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
    assert not set(theme) & {p.name for p in compiled.glob("__jinja2_*.cache")}


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


def _pagefind_site(folder: Path, languages: dict, pages: int) -> Path:
    bundle = folder / "pagefind"
    bundle.mkdir(parents=True)
    (bundle / "pagefind.js").write_text("export {}", encoding="utf-8")
    (bundle / "pagefind-entry.json").write_text(
        json.dumps({"version": "1.5.2", "languages": languages}), encoding="utf-8")
    for lang in languages.values():
        (bundle / f"pagefind.{lang['hash']}.pf_meta").write_bytes(b"meta")
    (bundle / "shards.json").write_text('{"shards": []}', encoding="utf-8")
    for i in range(pages):
        page = folder / f"p{i}" / "index.html" if i else folder / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<p>页面</p>", encoding="utf-8")
    (folder / "404.html").write_text("<p>没有</p>", encoding="utf-8")  # not indexed
    return folder


def test_pagefind_index_is_checked(tmp_path: Path) -> None:
    zh = {"zh": {"hash": "zh_0123456789", "wasm": None, "page_count": 3}}
    entry = check_pagefind(_pagefind_site(tmp_path / "ok", zh, 3))
    assert entry["languages"]["zh"]["page_count"] == 3
    with pytest.raises(BuildError, match="收录了 3 个页面，网站有 4 个页面"):
        check_pagefind(_pagefind_site(tmp_path / "count", zh, 4))
    en = {"en": {"hash": "en_0123456789", "wasm": "en", "page_count": 3}}
    with pytest.raises(BuildError, match="应为中文"):
        check_pagefind(_pagefind_site(tmp_path / "english", en, 3))
    with pytest.raises(BuildError, match="缺少 pagefind/pagefind.js、pagefind-entry.json"):
        check_pagefind(tmp_path)


def test_a_failing_pagefind_fails_the_build_and_keeps_the_site(monkeypatch) -> None:
    work = tmp_dir("pagefind-fails")
    site = work / "site"
    build(SEED_CONTENT, work / "build", site)
    before = digest(site)
    monkeypatch.setattr(generator.publish.pagefind_run, "pagefind_executable",
                        lambda: Path("/bin/false"))
    (work / "build" / "site.stamp").unlink()  # else nothing changed: no MkDocs, no Pagefind
    with pytest.raises(BuildError, match="搜索索引（Pagefind）生成失败（退出码 1）"):
        build(SEED_CONTENT, work / "build", site)
    assert digest(site) == before
    assert not site.with_name("site.new").exists()


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


def test_after_an_edit_only_the_shards_with_changed_pages_are_indexed_again() -> None:
    """Without a delta search shard (tests/test_search_delta.py for the one with)."""
    work = tmp_dir("shard-reuse")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    site = work / "site"
    first = build(content, work / "build", site, shard_pages=4, delta_pages=0)
    bundles = [b for b, _ in pagefind_shards(site, 4)]
    assert len(bundles) >= 4 and sorted(first.indexed) == sorted(bundles)
    target = content / "projects" / "2017" / "video-conference.yml"
    old, new = "视频会议系统相关设施完备性有待进一步加强。", "视频会议设施有待加强。"
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    edited = build(content, work / "build", site, shard_pages=4, delta_pages=0)
    shards = {p.relative_to(site).as_posix(): bundle
              for bundle, pages in pagefind_shards(site, 4) for p in pages}
    # the project page's indexed text changed; its 部门公开 page (in another shard) only in
    # the 信息表 it repeats, which the index leaves out there: that shard is kept
    project, department = ("projects/2017/video-conference/index.html",
                           "departments/hezuojiaoliu/2017/index.html")
    assert shards[project] != shards[department]
    assert edited.indexed == [shards[project]]
    # where the edit's time went, step by step (generator.base.stages): one shard cut and
    # indexed, pages rendered, the downloads' whole-site files made again
    assert {"check.read", "generate.pages", "pagefind.cut", "pagefind.index",
            "pagefind.words", "downloads.write", "downloads.data/results.xlsx",
            "swap"} <= edited.stages.keys()
    assert all(seconds >= 0 for seconds in edited.stages.values())
    again = build(content, work / "build", site, shard_pages=4, delta_pages=0)  # nothing changed
    assert again.stages.keys() == {"check.quick"}
    # the same bytes as a build of the edited content from nothing
    clean = build(content, work / "clean-build", work / "clean-site", shard_pages=4,
                  delta_pages=0).site_dir
    assert digest(site) == digest(clean)


def test_project_pages_and_summaries_are_sharded_apart(tmp_path: Path) -> None:
    """An edit changes its project page and summaries: they are never in one shard of
    projects, so it indexes the small summaries' shard and one of projects."""
    rels = [f"projects/2020/p{i}/index.html" for i in range(7)] + \
        ["index.html", "years/2020/index.html", "departments/d/2020/index.html"]
    for rel in rels:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    shards = [(bundle, sorted(p.relative_to(tmp_path).as_posix() for p in pages))
              for bundle, pages in pagefind_shards(tmp_path, 4)]
    assert shards[0] == (
        "pagefind", ["departments/d/2020/index.html", "index.html", "years/2020/index.html"])
    assert [bundle for bundle, _ in shards[1:]] == \
        [f"pagefind/shard-{i}" for i in range(1, len(shards))]
    assert [p for _, pages in shards[1:] for p in pages] == \
        [f"projects/2020/p{i}/index.html" for i in range(7)]
    assert len(shards) >= 3 and all(len(pages) <= 4 for _, pages in shards)
    assert pagefind_shards(tmp_path, 4, rels) == pagefind_shards(tmp_path, 4)
    assert [b for b, _ in pagefind_shards(tmp_path, 10)] == ["pagefind"]


def test_the_shard_size_follows_the_sites_size(tmp_path: Path) -> None:
    """Without a size given, a site of fewer than 20,000 pages gets shards of at most 700
    (faster edits), a larger one of at most 1,050 (fewer shards for a common word)."""
    assert [shard_size(n) for n in (1, 19_999, 20_000, 100_000)] == [700, 700, 1050, 1050]
    assert shard_size(100_000, 4) == 4
    with pytest.raises(ValueError):
        shard_size(10, 0)
    rels = [f"projects/2020/p{i:04d}/index.html" for i in range(1500)] + ["index.html"]
    shards = dict(pagefind_shards(tmp_path, None, rels))
    assert max(len(pages) for pages in shards.values()) <= 700 and len(shards) >= 3
    assert sorted(p.relative_to(tmp_path).as_posix() for pages in shards.values()
                  for p in pages) == sorted(rels)


def test_a_bundle_is_reused_only_under_the_plan_it_was_indexed_with() -> None:
    """The published bundles are taken by the pages the plan they were indexed with gives
    them, under another name where a shard was added before them; a bundle whose pages
    differ from every new shard's (a new way of sharding) is not taken."""
    from generator.publish.pagefind import run_pagefind

    work = tmp_dir("shard-plan")
    result = build(SEED_CONTENT, work / "build", work / "site", shard_pages=20)
    assert result.site_dir is not None
    copies = []
    for name in ("a", "b", "c", "d"):
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.copytree(result.site_dir, work / name, copy_function=os.link)
        shutil.rmtree(work / name / "pagefind")
        copies.append(work / name)
    indexed, plan = run_pagefind(copies[0], result.epoch, shard_pages=20)
    assert len(plan) == 3 and indexed == list(plan)
    again, same = run_pagefind(copies[1], result.epoch, copies[0], 20, None, plan)
    assert again == [] and same == plan
    # the two shards of projects published under each other's names: taken as they are
    first, second = copies[0] / "pagefind" / "shard-1", copies[0] / "pagefind" / "shard-2"
    first.rename(first.with_name("swap"))
    second.rename(first)
    first.with_name("swap").rename(second)
    swapped = {"pagefind": plan["pagefind"], "pagefind/shard-1": plan["pagefind/shard-2"],
               "pagefind/shard-2": plan["pagefind/shard-1"]}
    renamed, _ = run_pagefind(copies[2], result.epoch, copies[0], 20, None, swapped)
    assert renamed == []
    assert digest(copies[2] / "pagefind") == digest(copies[1] / "pagefind")
    # each bundle said to hold one page fewer: none is taken
    fewer = {bundle: pages[1:] for bundle, pages in swapped.items()}
    shuffled, _ = run_pagefind(copies[3], result.epoch, copies[0], 20, None, fewer,
                               delta_pages=0)
    assert shuffled == list(plan)
    assert digest(copies[3] / "pagefind") == digest(copies[1] / "pagefind")


def test_adding_or_removing_a_page_changes_one_shard_mostly() -> None:
    """Shard bounds are set by the pages, not by counting: a page added or removed anywhere
    mostly leaves the other shards as they were (split evenly, every shard after it
    changed)."""
    import random

    from generator.publish.pagefind import _split

    pages = sorted(f"projects/{2015 + i % 10}/p{i:05d}/index.html" for i in range(10_000))
    shards = _split(pages, 200)
    assert max(map(len, shards)) <= 200 and [p for s in shards for p in s] == pages
    assert 60 <= len(shards) <= 70  # ~0.75 of the most on average
    rng = random.Random(7)
    before = {tuple(shard) for shard in shards}
    changed = []
    for trial in range(40):
        added = sorted([*pages, rng.choice(pages).replace("/index", f"-{trial}/index")])
        gone = rng.choice(pages)
        removed = [p for p in pages if p != gone]
        for new in (added, removed):
            after = _split(new, 200)
            assert max(map(len, after)) <= 200 and [p for s in after for p in s] == new
            changed.append(len({tuple(shard) for shard in after} - before))
    assert sum(changed) / len(changed) <= 1.3 and changed.count(1) >= 70, changed


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
