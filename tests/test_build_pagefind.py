"""The build's Pagefind search index: checked against the site (a failing Pagefind fails the
build and keeps the site), its pages split into shards whose bounds the pages set, and after
an edit only the shards with changed pages indexed again (without a delta search shard)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import generator.publish.pagefind_run
from generator.core.problems import BuildError
from generator.publish.pagefind import pagefind_shards, shard_size
from generator.publish.pagefind_check import check_pagefind
from generator.publish.pipeline import build
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest

pytestmark = pytest.mark.site


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
