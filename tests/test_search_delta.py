"""An edit's search index through a delta shard (generator/publish/pagefind_delta.py): what
is searched after edits equals a clean build's index (pages, words with their places, filter
values and counts), only the delta is indexed, and a delta over its bound is folded into
shards that are byte for byte a clean build's.

What an edit reads, links and parses of the published site to do so:
tests/test_search_delta_reads.py."""

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
from generator.publish.pagefind_han import read_han
from generator.publish.pagefind_names import TEXT_DIR
from generator.publish.pagefind_stable import MAGIC, load_file
from generator.publish.pipeline import build
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest
from tests.test_incremental import (
    EDITS,
    VIDEO,
    _edit_achievement,
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
            # its text (pagefind_han.py), as the browser reads it beside the fragment
            data["peText"] = (bundle / TEXT_DIR / f"{len(urls)}.txt").read_text(encoding="utf-8")
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
        for word, held in read_han(bundle):  # the bigram index (pagefind_han.py)
            for page in held:
                if urls[page] is not None:
                    words.setdefault(word, set()).add((urls[page], "bigram index"))
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
