"""What an edit's delta search (generator/publish/pagefind_delta.py) takes of the published
site: its bundles linked in one go, or kept where the spare holds them already; what it
needs of each shard read from the build folder's records, not from the shard's index
chunks, metadata or fragments; changed pages compared as cut, not parsed. A killed fold
leaves the site as it was; the search is a clean build's."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.publish.pagefind_delta import DELTA_BUNDLE, MASKED
from generator.publish.pipeline import build
from tests.test_build import digest
from tests.test_incremental import EDITS, _edit_achievement, _edit_text
from tests.test_search_delta import (
    SMALL,
    _bundles,
    _clean,
    _outside_search,
    _routed,
    _seed,
    search_view,
)

pytestmark = pytest.mark.site


def test_the_published_bundles_are_linked_in_one_go(tmp_path: Path) -> None:
    """Through a delta every shard is taken: linked by one ``cp -al``, the files the very
    published ones, the primary's folder without the other shards, router and manifest."""
    from generator.publish.pagefind import _link_bundles

    published, site = tmp_path / "published", tmp_path / "site"
    for rel in ("pagefind/pagefind.js", "pagefind/fragment/zh_1.pf_fragment",
                "pagefind/shards.json", "pagefind/route/a.json",
                "pagefind/shard-1/fragment/zh_2.pf_fragment", "pagefind/shard-2/pagefind.js"):
        (published / rel).parent.mkdir(parents=True, exist_ok=True)
        (published / rel).write_text(rel, encoding="utf-8")
    assert _link_bundles(published, site, ["pagefind", "pagefind/shard-1"])
    linked = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert linked == ["pagefind/fragment/zh_1.pf_fragment", "pagefind/pagefind.js",
                      "pagefind/shard-1/fragment/zh_2.pf_fragment"]
    assert all((site / rel).stat().st_ino == (published / rel).stat().st_ino for rel in linked)
    # beside the bundles there (kept: generator/publish/pagefind_keep.py), never into one
    assert not _link_bundles(published, site, ["pagefind/shard-1"])
    assert _link_bundles(published, site, ["pagefind/shard-2"])
    assert (site / "pagefind/shard-2/pagefind.js").stat().st_ino == \
        (published / "pagefind/shard-2/pagefind.js").stat().st_ino


def test_a_shards_rare_words_are_read_from_its_index_once(monkeypatch) -> None:
    """The words only masked entries hold: where the build folder has no record of a
    shard's rare words by page (a site built before there was one), its index chunks are
    read once and the record kept; the next edits read only the masked pages' parts of it
    while the shard is the same (by its index hash); the dead words as the chunks give
    them."""
    from generator.publish import pagefind_delta
    from generator.publish.pagefind_delta import POSTINGS, WORDS_KEPT, dead_words, postings

    work, content = _seed("delta-postings")
    site = _clean(work, content, "clean")
    bundle = "pagefind/shard-1"
    fragments, words = postings(site / bundle)
    assert len(fragments) >= 3 and words
    kept = work / "clean-build" / ("pagefind.input" + POSTINGS)
    shutil.rmtree(kept)  # as a build before the records left it
    read: list[str] = []
    load = pagefind_delta.load_file
    monkeypatch.setattr(pagefind_delta, "load_file",
                        lambda path: read.append(path.parent.name) or load(path))

    def masks(count: int) -> dict[str, Any]:
        return {f"page-{n}": {"bundle": bundle, "fragment": fragments[n], "filters": {}}
                for n in range(count)}

    first = dead_words(site, masks(1), {}, kept)
    assert "index" in read and (kept / f"shard-1{WORDS_KEPT}").is_file()
    read.clear()
    second = dead_words(site, masks(3), first, kept)  # two more pages of the shard masked
    assert read == []  # its record kept: no index chunk, no metadata read again
    assert second == dead_words(site, masks(3), {}, None)  # as read from the chunks
    assert second[bundle]["words"] and second != first
    # the record holds the words of at most RARE pages (a word on more is never dead where
    # fewer are masked); with more masked than that, the chunks are read
    monkeypatch.setattr(pagefind_delta, "RARE", 1)
    rare = work / "rare"
    one = dead_words(site, masks(1), {}, rare)
    assert one == first
    read.clear()
    assert dead_words(site, masks(3), one, rare) == second and "index" in read
    entry = site / bundle / "pagefind-entry.json"  # a shard indexed again: read again
    entry.write_text(entry.read_text(encoding="utf-8").replace('"hash":"', '"hash":"x'),
                     encoding="utf-8")
    with pytest.raises(FileNotFoundError):  # its (renamed) metadata is read, not the record
        dead_words(site, masks(3), {}, kept)


def test_edits_read_no_published_shard_and_a_killed_fold_leaves_the_site(monkeypatch
                                                                          ) -> None:
    """What an edit needs of each shard (its fragments by URL, its rare words by page) is
    kept in the build folder when the shard is indexed. Edit after edit, each masking
    pages of shards not masked before, no published shard's index chunk, metadata or
    fragments are read (only each masked page's own fragment, for its filters), the
    delta's few pages are cut without a process of their own, and the search is a clean
    build's. A fold stopped once its shards are indexed leaves the site as it was, and
    the next builds are right (and read no shard either)."""
    from generator.publish import pagefind, pagefind_cut, pagefind_delta

    work, content = _seed("delta-kept")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    reads: list[str] = []
    load, fragments = pagefind_delta.load_file, pagefind_delta._fragments
    monkeypatch.setattr(pagefind_delta, "load_file",
                        lambda path: reads.append(path.as_posix()) or load(path))
    monkeypatch.setattr(pagefind_delta, "_fragments",
                        lambda bundle: reads.append(bundle.as_posix()) or fragments(bundle))
    cut_processes: list[list[str]] = []
    popen = pagefind_cut.subprocess.Popen

    def counting(command: list[str], *args: Any, **kwargs: Any) -> Any:
        if pagefind_cut.__name__ in command:
            cut_processes.append(command)
        return popen(command, *args, **kwargs)

    monkeypatch.setattr(pagefind_cut.subprocess, "Popen", counting)
    rng = random.Random(5)  # projects of both shards of projects
    done: list[str] = []
    masked: set[str] = set()

    def edit(change: Any) -> None:
        done.append(change(content, rng))
        reads.clear()
        result = build(content, work / "build", site, **SMALL)
        assert result.indexed == [DELTA_BUNDLE], done
        # every read but the delta's, and its own run's of the bundle it just wrote (the
        # runs' outputs: <site>.pagefind/<this build's folder>/out-N, pagefind.py)
        base = [read for read in reads if "shard-delta" not in read
                and not re.search(r"\.pagefind/[^/]+/out-\d+(/|$)", read)]
        assert base == [], done  # before: the first edit masking a shard read all of it
        assert cut_processes == [], done
        shards = {mask["bundle"] for mask in json.loads(
            (site / DELTA_BUNDLE / MASKED).read_text(encoding="utf-8"))["pages"].values()}
        masked.update(shards)

    for change in (_edit_text, _edit_achievement, _edit_text):
        edit(change)
    assert len(masked) >= 2  # pages of more than one shard masked
    clean = _clean(work, content, "clean")
    assert search_view(site) == search_view(clean), done
    assert _routed(site) == _routed(clean)
    # over the bound: a fold, stopped once its shards are indexed (their records kept)
    before = digest(site)
    real_router = pagefind.write_router

    def stopped(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(pagefind, "write_router", stopped)
    for _ in range(3):
        done.append(_edit_text(content, rng))
    with pytest.raises(KeyboardInterrupt):
        build(content, work / "build", site, **SMALL, delta_pages=1)
    assert digest(site) == before  # the site as it was
    monkeypatch.setattr(pagefind, "write_router", real_router)
    folded = build(content, work / "build", site, **SMALL, delta_pages=1)
    assert DELTA_BUNDLE not in folded.indexed and folded.indexed
    assert digest(site) == digest(_clean(work, content, "clean-2"))
    cut_processes.clear()
    edit(_edit_achievement)  # the shards indexed by the fold: their records kept
    clean = _clean(work, content, "clean-3")
    assert search_view(site) == search_view(clean), done
    assert _routed(site) == _routed(clean)


def test_the_bundles_the_spare_holds_already_are_kept_not_linked_again(monkeypatch) -> None:
    """From the second edit on, the folder the new site is put together in (the site the
    build before replaced) holds the published base shards already, file for file: they
    stay there, none is linked or copied again (:mod:`generator.publish.pagefind_keep`),
    and the search is a clean build's."""
    from generator.publish import pagefind

    work, content = _seed("delta-keep")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    rng = random.Random(3)
    EDITS[0](content, rng)
    build(content, work / "build", site, **SMALL)  # no spare yet: every bundle linked
    linked: list[str] = []
    link, copy = pagefind._link_bundles, pagefind.copy_into

    def counting_link(previous: Path, site_dir: Path, bundles: list[str]) -> bool:
        linked.extend(bundles)
        return link(previous, site_dir, bundles)

    def counting_copy(folder: Path, target: Path, *args: Any) -> None:
        linked.append(target.relative_to(site_dir_of(target)).as_posix())
        copy(folder, target, *args)

    def site_dir_of(target: Path) -> Path:
        return next(p for p in target.parents if p.name.endswith(".new"))

    monkeypatch.setattr(pagefind, "_link_bundles", counting_link)
    monkeypatch.setattr(pagefind, "copy_into", counting_copy)
    spare = site.with_name(site.name + ".spare")
    (spare / DELTA_BUNDLE).mkdir()  # the spare is the clean site: no delta
    (spare / DELTA_BUNDLE / "stray").write_text("left by a killed build", encoding="utf-8")
    done = [EDITS[1](content, rng)]
    result = build(content, work / "build", site, **SMALL)
    assert result.indexed == [DELTA_BUNDLE]
    bundles = _bundles(site)[0]
    assert len(bundles) >= 3 and linked == []  # before: every base shard linked again
    for bundle in bundles[:-1]:  # the base: the very files of the site before
        entry = f"{bundle}/pagefind-entry.json"
        assert (site / entry).stat().st_ino == (spare / entry).stat().st_ino
    assert not (site / DELTA_BUNDLE / "stray").exists()
    clean = _clean(work, content, "clean")
    assert _outside_search(site) == _outside_search(clean), done
    assert search_view(site) == search_view(clean)
    assert _routed(site) == _routed(clean)


def test_a_shards_fragments_are_read_once_to_find_masked_pages(monkeypatch) -> None:
    """Each edit masks its page's published entry: where the build folder has no record of
    them, the shard's fragments by URL are read the first time one of its pages is masked,
    then looked up in the build folder's copy
    while the shard is the same; the masks as reading the fragments gives them."""
    from generator.publish import pagefind_delta
    from generator.publish.pagefind_delta import POSTINGS, find_masks

    work, content = _seed("delta-fragments")
    site = _clean(work, content, "clean")
    kept = work / "clean-build" / ("pagefind.input" + POSTINGS)
    shutil.rmtree(kept)  # as a build before the records (kept when a shard is indexed)
    plan = _plan(work / "clean-build")
    bundle, pages = next((bundle, pages) for bundle, pages in plan.items()
                         if bundle != "pagefind" and pages[0].startswith("projects/"))
    name = bundle.rsplit("/", 1)[-1]
    assert len(pages) >= 3
    read: list[str] = []
    fragments = pagefind_delta._fragments
    monkeypatch.setattr(pagefind_delta, "_fragments",
                        lambda folder: read.append(folder.name) or fragments(folder))
    first = find_masks(site, plan, [pages[-1]], {}, kept)
    assert read == [name]
    second = find_masks(site, plan, [pages[0], pages[1]], first, kept)  # the next edit
    assert read == [name]  # before: the shard's fragments read again
    assert second == find_masks(site, plan, [pages[0], pages[1]], {})  # as they give them
    assert second[pages[0]]["fragment"] != second[pages[1]]["fragment"]
    assert any(mask["filters"] for mask in second.values())


def _plan(out: Path) -> dict[str, list[str]]:
    """The plan the build folder's record says the published bundles were indexed with."""
    from generator.base.records import load_record
    from generator.publish.state import PUBLISHED

    return dict(load_record(out / PUBLISHED)["published"].shards)


def test_an_edits_changed_pages_are_compared_without_parsing_them(monkeypatch) -> None:
    """Whether an edited page's search index changes is told from the pages as cut for
    Pagefind (bytes): its 部门公开 page, changed only in the 信息表 the index leaves out,
    stays out of the delta, the project page goes in, and neither page is parsed (before:
    both pages parsed, new and published, for each edit); the search is a clean build's."""
    from generator.publish import pagefind_input

    work, content = _seed("delta-compare")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    parsed: list[str] = []
    real = pagefind_input.searched_part
    monkeypatch.setattr(pagefind_input, "searched_part",
                        lambda page: parsed.append(page.as_posix()) or real(page))
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("index.html")}
    _edit_achievement(content, random.Random(0))
    result = build(content, work / "build", site, **SMALL)
    changed = sorted(rel for rel, data in before.items() if (site / rel).read_bytes() != data
                     and not rel.startswith("pagefind/"))
    assert len(changed) == 2 and changed[0].startswith("departments/"), changed
    assert result.indexed == [DELTA_BUNDLE]
    plan = _plan(work / "build")
    assert plan[DELTA_BUNDLE] == [changed[1]]  # the project page only
    assert parsed == []
    clean = _clean(work, content, "clean")
    assert search_view(site) == search_view(clean)
