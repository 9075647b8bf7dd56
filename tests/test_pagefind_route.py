"""The router (generator/publish/pagefind_route.py): which bundles hold which words, in
chunks the browser fetches by word, and the facets' counts summed over the bundles."""

from __future__ import annotations

import bisect
import gzip
import json
import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from lxml import html

from generator.publish import pagefind_reroute, pagefind_route
from generator.publish.pagefind_han import read_han
from generator.publish.pagefind_reroute import keep_router, write_router_over
from generator.publish.pagefind_route import LISTING, WORDS, bundle_set, list_words, write_router
from generator.publish.pagefind_stable import MAGIC, read_file
from tests.sitebuild import built


def ids(spec: str) -> list[int]:
    out: list[int] = []
    for part in filter(None, spec.split(",")):
        first, _, last = part.partition("-")
        out += range(int(first), int(last or first) + 1)
    return out


@pytest.mark.parametrize(("numbers", "spec"), [
    ([0, 1, 2, 3, 7, 9, 10], "0-3,7,9-10"), ([5], "5"), ([2, 0, 1], "0-2"), ([1, 3], "1,3"),
    ([], ""),
])
def test_bundle_numbers_are_written_as_ranges(numbers: list[int], spec: str) -> None:
    assert bundle_set(numbers) == spec
    if numbers:
        assert ids(spec) == sorted(numbers)


def fake_bundle(folder: Path, words: list[str], filters: dict[str, dict[str, int]]) -> Path:
    folder.mkdir(parents=True)
    (folder / WORDS).write_text(json.dumps({"words": words, "filters": filters}),
                                encoding="utf-8")
    return folder


def test_the_router_lists_each_word_once_in_the_browsers_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind_route, "CHUNK_BYTES", 16)
    # "\U00020000" (an extension-B character) is after "\uffef" in code points but before it
    # in UTF-16 code units, as JavaScript compares
    first = fake_bundle(tmp_path / "pagefind", ["项目", "a", "\uffef", "\U00020000"],
                        {"年度": {"2017": 2}})
    second = fake_bundle(tmp_path / "pagefind" / "shard-1", ["项目", "绩效", "b"],
                         {"年度": {"2017": 1, "2018": 3}, "类型": {"项目": 4}})
    third = fake_bundle(tmp_path / "pagefind" / "shard-2", ["项目", "b"], {})
    manifest = write_router(first, [first, second, third])
    assert manifest["filters"] == {"年度": {"2017": 3, "2018": 3}, "类型": {"项目": 4}}
    entries = []
    for low, name in manifest["route"]:  # a chunk ends where the next begins
        chunk = json.loads((first / "route" / name).read_text(encoding="utf-8"))
        assert low == chunk[0][0]
        entries += chunk
    assert len(manifest["route"]) > 1
    assert entries == [["a", "0"], ["b", "1-2"], ["绩效", "1"], ["项目", "0-2"],
                       ["\U00020000", "0"], ["\uffef", "0"]]
    assert sorted(p.name for p in (first / "route").iterdir()) == \
        sorted(name for _, name in manifest["route"])


def test_a_bundles_words_are_those_of_its_index_chunks(tmp_path: Path) -> None:
    """Each index chunk read whole (pagefind_stable.read_file: written back identically)."""
    site = built("sharded").site_dir
    bundles = [site / "pagefind", *sorted((site / "pagefind").glob("shard-*"))]
    total = 0
    for number, bundle in enumerate(bundles):
        listed = json.loads((bundle / WORDS).read_text(encoding="utf-8"))
        words = {entry[0] for chunk in (bundle / "index").iterdir()
                 for entry in read_file(chunk)[0]}
        han = read_han(bundle)  # and the bigram index's (pagefind_han.py)
        assert han and not words & {word for word, _ in han}
        assert listed["words"] == sorted(words | {word for word, _ in han}), bundle
        assert words, bundle
        total += len(words)
        copy = tmp_path / str(number)  # listed again: the same file
        shutil.copytree(bundle, copy, ignore=shutil.ignore_patterns(WORDS, "shard-*"))
        list_words(copy, han=han)
        assert (copy / WORDS).read_bytes() == (bundle / WORDS).read_bytes()
    assert total > 200


def test_the_built_router_names_every_bundle_holding_each_word() -> None:
    site = built("sharded").site_dir
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    bundles = [site / "pagefind", *(site / s for s in manifest["shards"])]
    holders: dict[str, list[int]] = {}
    for number, bundle in enumerate(bundles):
        for chunk in (bundle / "index").iterdir():
            for entry in read_file(chunk)[0]:
                holders.setdefault(entry[0], []).append(number)
        for word, _ in read_han(bundle):  # the bigram index's words (pagefind_han.py)
            holders.setdefault(word, []).append(number)
    routed: dict[str, list[int]] = {}
    assert len(manifest["route"]) > 5  # in chunks of 2 KiB (tests/sitebuild.py)
    for _, name in manifest["route"]:
        for word, spec in json.loads((site / "pagefind" / "route" / name).read_text("utf-8")):
            assert word not in routed
            routed[word] = ids(spec)
    assert routed == {word: sorted(numbers) for word, numbers in holders.items()}
    assert len({number for numbers in routed.values() for number in numbers}) == len(bundles)


def test_the_facet_counts_are_the_pages_filters() -> None:
    site = built("sharded").site_dir
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    counts: Counter[tuple[str, str]] = Counter()
    for page in site.rglob("index.html"):
        if page.relative_to(site).parts[0] == "pagefind":
            continue
        tree = html.fromstring(page.read_bytes())
        for value in tree.xpath("//*[@data-pagefind-filter]/@data-pagefind-filter"):
            name, _, text = value.partition(":")
            counts[(name, text)] += 1
    assert counts and {(name, value): count for name, values in manifest["filters"].items()
                       for value, count in values.items()} == dict(counts)
    assert re.fullmatch(r"\d{4}", next(iter(manifest["filters"]["年度"])))


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_each_bundles_listing_gives_the_pages_of_each_filter_value_and_sort(kind: str) -> None:
    """The listing a search by filters only reads (search/listing.js, LISTING): read through
    each bundle's fragments, every filter value names exactly the pages carrying it, and the
    score sort lists the project pages by their score, lowest first."""
    site = built(kind).site_dir
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    found: Counter[tuple[str, str, str]] = Counter()
    scored: list[float] = []
    for bundle in [site / "pagefind", *(site / s for s in manifest["shards"])]:
        listing = json.loads((bundle / LISTING).read_text(encoding="utf-8"))
        fragments = [json.loads(gzip.decompress(
            (bundle / "fragment" / f"{listing['prefix']}{page}.pf_fragment").read_bytes())
            .removeprefix(MAGIC)) for page in listing["pages"].split()]
        if listing["filters"] or listing["sorts"]:  # else no page is listed (none is asked for)
            assert len(fragments) == len(list((bundle / "fragment").iterdir()))
        for name, values in listing["filters"].items():
            for value, spec in values.items():
                for number in ids(spec):
                    assert fragments[number]["filters"][name] == [value]
                    found[(fragments[number]["url"], name, value)] += 1
        scores = [float(fragments[number]["meta"]["score"])
                  for number in listing["sorts"].get("score", [])]
        assert scores == sorted(scores)  # each bundle's in ascending order
        scored += scores
    projects = {f"/projects/{p.id}/": p for p in built(kind).content.projects}
    assert {url for url, _, _ in found} == set(projects)
    for url, project in projects.items():
        assert found[(url, "年度", str(project.year))] == 1
        assert found[(url, "评价等级", project.grade)] == 1
        assert found[(url, "主管部门", project.authority)] == 1
    assert sum(found.values()) == 5 * len(projects)  # 类型, 年度, 主管部门, 评价等级, 评价方式
    assert sorted(scored) == sorted(float(p.total) for p in projects.values())


def _lookup(pagefind: Path, route: list[list[str]], word: str,
            patches: list[str] | None = None,
            chunks: dict[int, dict[str, set[int]]] | None = None) -> list[int]:
    """The bundles the browser routes a word to (search/route.js: the chunk whose range
    holds it, from its first word to the next chunk's, with its patch applied). ``chunks``
    keeps each chunk as read, for a caller looking up many words."""
    starts = [pagefind_route.js_order(first) for first, _ in route]
    at = bisect.bisect_right(starts, pagefind_route.js_order(word)) - 1
    if at < 0:
        return []
    chunks = {} if chunks is None else chunks
    if at not in chunks:
        entries = {w: set(ids(spec)) for w, spec in
                   json.loads((pagefind / "route" / route[at][1]).read_text(encoding="utf-8"))}
        patch = (patches or [""] * len(route))[at]
        if patch:
            for w, added, removed in json.loads((pagefind / patch).read_text(encoding="utf-8")):
                entries[w] = (entries.get(w, set()) | set(ids(added))) - set(ids(removed))
        chunks[at] = entries
    return sorted(chunks[at].get(word, ()))


def routed(site: Path) -> dict[str, list[int]]:
    """Each word the browser routes to some bundle, with those bundles (the chunks of
    ``shards.json``, each with its patch applied: search/route.js)."""
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    words = {word for _, name in manifest["route"] for word, _ in
             json.loads((site / "pagefind" / "route" / name).read_text(encoding="utf-8"))}
    words |= {word for patch in manifest.get("patches", []) if patch for word, _, _ in
              json.loads((site / "pagefind" / patch).read_text(encoding="utf-8"))}
    chunks: dict[int, dict[str, set[int]]] = {}
    found = {word: _lookup(site / "pagefind", manifest["route"], word, manifest.get("patches"),
                           chunks)
             for word in words}
    return {word: bundles for word, bundles in found.items() if bundles}


def test_an_edits_router_is_the_kept_base_with_its_words_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a delta, the router is the base's (kept when it was made) as it is, its
    chunks linked, with a patch for each chunk whose range holds a changed word (the
    delta's words, the dead words): each word is routed to the bundles a full merge gives
    it, the facets are the same, and the base's word lists are not read again."""
    monkeypatch.setattr(pagefind_route, "CHUNK_BYTES", 24)
    rng = random.Random(3)
    vocabulary = [f"{a}{b}" for a in "财政绩效评价项目资金" for b in "甲乙丙丁戊"] + \
        ["a", "zz", "\U00020000", "\uffef"]
    site = tmp_path / "site"
    base = [fake_bundle(site / (f"pagefind/shard-{n}" if n else "pagefind"),
                        sorted(rng.sample(vocabulary, 20)),
                        {"年度": {"2017": n + 1, str(2018 + n): 2}}) for n in range(4)]
    for bundle in base:
        (bundle / "pagefind-entry.json").write_text(
            json.dumps({"languages": {"zh": {"hash": f"zh_{bundle.name}"}}}), encoding="utf-8")
    kept = tmp_path / "records"
    made = write_router(base[0], base)
    keep_router(site / "pagefind" / "route", base, made, kept)
    read: list[str] = []
    real_read = pagefind_route.read_words
    monkeypatch.setattr(pagefind_reroute, "read_words",
                        lambda bundle: read.append(bundle.name) or real_read(bundle))
    monkeypatch.setattr(pagefind_route, "read_words",
                        lambda bundle: read.append(bundle.name) or real_read(bundle))
    for edit in range(3):
        new = tmp_path / f"new-{edit}"
        shutil.copytree(site, new)
        shutil.rmtree(new / "pagefind" / "route")
        bundles = [new / bundle.relative_to(site) for bundle in base]
        delta = fake_bundle(new / "pagefind" / "shard-delta",
                            sorted(rng.sample(vocabulary, 3)) + [f"新{edit}", "0早"],
                            {"年度": {"2017": 1, "2030": 1}})
        dead = [set(rng.sample(sorted(real_read(b)["words"]), 1)) for b in bundles] + [set()]
        masked = [{"filters": {"年度": ["2017"]}}, {"filters": {"年度": [str(2019)]}}]
        read.clear()
        over = write_router_over(new / "pagefind", [*bundles, delta], masked, dead, kept)
        assert read == ["shard-delta"]  # the base's lists not read again
        # no chunk written again (before: those of changed words, nearly all on a site):
        # the base's files, linked, each changed range with a patch in the delta's folder
        assert [name for _, name in over["route"]] == [name for _, name in made["route"]]
        for _, name in over["route"]:
            assert (new / "pagefind" / "route" / name).stat().st_ino == \
                (kept / "route" / name).stat().st_ino
        patches = [patch for patch in over["patches"] if patch]
        assert patches and all(p.startswith("shard-delta/route/") for p in patches)
        (tmp_path / f"full-{edit}").mkdir()
        full = write_router(tmp_path / f"full-{edit}", [*bundles, delta], masked, dead)
        assert {k: over[k] for k in ("filters", "held")} == \
            {k: full[k] for k in ("filters", "held")}
        every = set(vocabulary) | {f"新{edit}", "0早"}
        assert {w: _lookup(new / "pagefind", over["route"], w, over["patches"])
                for w in every} == \
            {w: _lookup(tmp_path / f"full-{edit}", full["route"], w) for w in every}
        assert sorted(p.name for p in (new / "pagefind" / "route").iterdir()) == \
            sorted(name for _, name in over["route"])
