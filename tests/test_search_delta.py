"""An edit's search index through a delta shard (generator/publish/pagefind_delta.py): what
is searched after edits equals a clean build's index (pages, words with their places, filter
values and counts), only the delta is indexed, and a delta over its bound is folded into
shards that are byte for byte a clean build's."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.core.problems import BuildError
from generator.publish.pagefind_check import check_pagefind
from generator.publish.pagefind_delta import (
    DELTA_BUNDLE,
    MASKED,
    page_url,
    plan_delta,
)
from generator.publish.pagefind_stable import MAGIC, load_file
from generator.publish.pipeline import build
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest
from tests.test_incremental import (
    EDITS,
    VIDEO,
    _edit_achievement,
    _edit_text,
    _rename_video,
)
from tests.test_pagefind_route import routed

pytestmark = pytest.mark.site

SMALL = {"shard_pages": 5, "mkdocs_pages": 9}


def _bundles(site: Path) -> tuple[list[str], dict[str, Any]]:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    return ["pagefind"] + [s.rstrip("/") for s in manifest["shards"]], manifest


def search_view(site: Path) -> dict[str, Any]:
    """What the browser searches: every unmasked page's fragment (URL, text, filters,
    metadata, anchors) by URL, every word with the places it has on each page, and the
    facet counts."""
    bundles, manifest = _bundles(site)
    masked = set(manifest.get("masked", []))
    pages: dict[str, Any] = {}
    words: dict[str, set[tuple[str, str]]] = {}
    for name in bundles:
        bundle = site / name
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        meta = load_file(bundle / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")[0]
        fields = meta[5] if len(meta) > 5 else []  # the metadata fields a bundle has
        urls: list[str | None] = []
        for fragment, _ in meta[1]:
            raw = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
            data = json.loads(raw[len(MAGIC):])
            if fragment in masked:
                urls.append(None)
                continue
            # one entry a page, or the same one twice (the browser shows it once)
            assert pages.setdefault(data["url"], data) == data, data["url"]
            urls.append(data["url"])
        for chunk in sorted((bundle / "index").glob("*.pf_index")):
            for word, held, *_ in load_file(chunk)[0][0]:
                page = 0
                for step, *places in held:  # page numbers as steps from the one before
                    page += step
                    url = urls[page]
                    if url is not None:
                        words.setdefault(word, set()).add((url, _named(places, fields)))
    return {"pages": pages, "words": {w: sorted(v) for w, v in words.items()},
            "filters": manifest.get("filters")}


def _named(places: list[Any], fields: list[str]) -> str:
    """A word's places on a page, the metadata fields by name (a bundle numbers its own:
    -1 for 标题 in one of summaries, -2 where 评分 comes first)."""
    body, *rest = places
    meta = [f"meta:{fields[-n - 1]}" if isinstance(n, int) and n < 0 else n
            for part in rest for n in part]
    return repr((body, meta))


def _routed(site: Path) -> set[str]:
    """The words the router sends a query to some bundle for (its chunks, each with its
    patch applied, as the browser reads them)."""
    return set(routed(site))


def _outside_search(site: Path) -> dict[str, str]:
    return {rel: d for rel, d in digest(site).items() if not rel.startswith("pagefind/")}


def _seed(name: str) -> tuple[Path, Path]:
    work = tmp_dir(name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, work / "content")
    return work, work / "content"


def _clean(work: Path, content: Path, name: str, **options: Any) -> Path:
    return build(content, work / f"{name}-build", work / f"{name}-site", **SMALL,
                 **options).site_dir


def test_edits_through_the_delta_search_as_a_clean_build() -> None:
    work, content = _seed("delta-edits")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    rng = random.Random(7)
    done = []
    for edit in EDITS:  # text, achievement, score, add, delete, rename
        done.append(edit(content, rng))
        result = build(content, work / "build", site, **SMALL)
        assert result.indexed == [DELTA_BUNDLE], done  # no shard indexed again
    masks = json.loads((site / DELTA_BUNDLE / MASKED).read_text(encoding="utf-8"))["pages"]
    assert any(mask["filters"] for mask in masks.values())  # a project page's, with its facets
    clean = _clean(work, content, "clean")
    assert _outside_search(site) == _outside_search(clean), done
    view, clean_view = search_view(site), search_view(clean)
    assert view["pages"].keys() == clean_view["pages"].keys()
    assert view == clean_view, done
    # no word is routed that no page holds any more (the removed project's, the old names')
    assert _routed(site) == _routed(clean)
    assert "shard-delta" not in "".join(digest(clean))


def test_an_edited_name_is_found_and_the_old_one_is_not() -> None:
    work, content = _seed("delta-name")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    before = search_view(site)
    _rename_video(content)  # 改 before the name
    build(content, work / "build", site, **SMALL)
    after = search_view(site)
    url = page_url(f"{VIDEO.parent.as_posix()}/{VIDEO.stem}/index.html")
    assert after["pages"][url]["meta"]["title"].startswith("改")
    assert not before["pages"][url]["meta"]["title"].startswith("改")
    pages_of = {word: {u for u, _ in held} for word, held in after["words"].items()}
    # the title's word (Pagefind indexes the title as metadata; the page's Han text it is given
    # only as bigram and lone words, issue 45, where 改 was already, in 整改)
    renamed = [w for w in pages_of if w.startswith("改")]
    assert renamed and all(url in pages_of[w] for w in renamed)
    assert not [w for w in before["words"] if w.startswith("改")]
    # the old entry is masked: the page is searched once, as it is now
    manifest = _bundles(site)[1]
    assert len(manifest["masked"]) == len(
        json.loads((site / DELTA_BUNDLE / MASKED).read_text(encoding="utf-8"))["pages"])
    check_pagefind(site)  # every page once: the masked entries not counted


def test_a_delta_over_its_bound_is_folded_into_clean_shards() -> None:
    work, content = _seed("delta-fold")
    site = work / "site"
    build(content, work / "build", site, **SMALL, delta_pages=1)
    _rename_video(content)
    first = build(content, work / "build", site, **SMALL, delta_pages=1)
    assert first.indexed == [DELTA_BUNDLE]  # one page: the project's
    other = next(p for p in sorted((content / "projects").rglob("*.yml"))
                 if p.name != VIDEO.name)
    other.write_text(other.read_text(encoding="utf-8").replace("name: ", "name: 又改", 1),
                     encoding="utf-8")
    second = build(content, work / "build", site, **SMALL, delta_pages=1)
    assert DELTA_BUNDLE not in second.indexed and len(second.indexed) >= 2
    assert not (site / DELTA_BUNDLE).exists()
    clean = _clean(work, content, "clean", delta_pages=1)
    assert digest(site) == digest(clean)  # the masked shards indexed anew, as a clean build


def test_without_a_delta_the_changed_shards_are_indexed_again() -> None:
    work, content = _seed("delta-none")
    site = work / "site"
    build(content, work / "build", site, **SMALL, delta_pages=0)
    _edit_achievement(content, random.Random(0))
    result = build(content, work / "build", site, **SMALL, delta_pages=0)
    assert result.indexed and DELTA_BUNDLE not in result.indexed
    assert digest(site) == digest(_clean(work, content, "clean"))


def test_the_check_counts_a_masked_entry_once() -> None:
    work, content = _seed("delta-check")
    site = work / "site"
    build(content, work / "build", site, **SMALL)
    _edit_achievement(content, random.Random(0))
    build(content, work / "build", site, **SMALL)
    pages = len(list(site.rglob("index.html"))) - len(list((site / "pagefind").rglob("index.html")))
    check_pagefind(site, pages)
    # without its masks, the edited page's old entry counts again: one page too many
    (site / DELTA_BUNDLE / MASKED).write_text("{}", encoding="utf-8")
    with pytest.raises(BuildError, match=f"收录了 {pages + 1} 个页面"):
        check_pagefind(site, pages)


def _differs(changed: set[str]) -> Any:
    return lambda rel: rel in changed


def test_plan_delta() -> None:
    before = {"pagefind": ["a", "b"], "pagefind/shard-1": ["c", "d"]}
    site = ["a", "b", "c", "d"]
    assert plan_delta(before, {}, site, _differs(set()), 5) == ([], [])
    # a changed page, an added one (no shard holds it) and a removed one (masked only)
    assert plan_delta(before, {}, ["a", "b", "c", "e"], _differs({"b"}), 5) == \
        (["b", "e"], ["b", "d"])
    # a page of the delta before stays in it, unchanged since; a masked page stays masked
    earlier = {**before, DELTA_BUNDLE: ["c", "e"]}
    masks = {"c": {"bundle": "pagefind/shard-1"}, "d": {"bundle": "pagefind/shard-1"}}
    assert plan_delta(earlier, masks, ["a", "b", "c", "d", "e"], _differs(set()), 5) == \
        (["c", "d", "e"], ["c", "d"])
    assert plan_delta(before, {}, site, _differs({"a", "b", "c"}), 2) is None  # over its bound


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
    run = pagefind_cut.subprocess.run

    def counting(command: list[str], *args: Any, **kwargs: Any) -> Any:
        if pagefind_cut.__name__ in command:
            cut_processes.append(command)
        return run(command, *args, **kwargs)

    monkeypatch.setattr(pagefind_cut.subprocess, "run", counting)
    rng = random.Random(5)  # projects of both shards of projects
    done: list[str] = []
    masked: set[str] = set()

    def edit(change: Any) -> None:
        done.append(change(content, rng))
        reads.clear()
        result = build(content, work / "build", site, **SMALL)
        assert result.indexed == [DELTA_BUNDLE], done
        base = [read for read in reads if "shard-delta" not in read]
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
