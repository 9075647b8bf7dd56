"""The changes to Pagefind's script (generator/publish/pagefind_patch.py): a search by filters
only fetches no index chunk; search and preload in some of the merged bundles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.core.problems import BuildError
from generator.publish.pagefind_patch import EMPTY_TERM, SCRIPTS, SEARCH_IN, patch_bundle
from tests.sitebuild import built


def bundle_with(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    for name in SCRIPTS:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# Pagefind 1.5.2's code at the places patched (the worker names the options "options")
ORIGINAL = ("let index_resp=this.backend.request_indexes(ptr,term);"
            "async preload(term,options2={}){await Promise.all("
            "this.instances.map((i2)=>i2.preload(term,options2)));}"
            "let search2=await Promise.all(this.instances.map((i2)=>i2.search(term,options2)));")
PATCHED = ('let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'
           "async preload(term,options2={}){await Promise.all(this.instances.filter((i2)=>"
           "!options2.peBundles||(i2.primary?options2.pePrimary:options2.peBundles.includes("
           "i2.basePath))).map((i2)=>i2.preload(term,options2)));}"
           "let search2=await Promise.all(this.instances.filter((i2)=>!options2.peBundles||"
           "(i2.primary?options2.pePrimary:options2.peBundles.includes(i2.basePath)))"
           ".map((i2)=>i2.search(term,options2)));")


def test_the_scripts_are_patched_once_and_a_hard_link_keeps_the_old_file(tmp_path: Path
                                                                           ) -> None:
    bundle = bundle_with(tmp_path / "pagefind", f"let a=1;{ORIGINAL}let b=2;")
    published = tmp_path / "published.js"
    os.link(bundle / "pagefind.js", published)  # as an unchanged shard taken from the site
    patch_bundle(bundle)
    patch_bundle(bundle)
    for name in SCRIPTS:
        assert (bundle / name).read_text(encoding="utf-8") == f"let a=1;{PATCHED}let b=2;"
    assert published.read_text(encoding="utf-8") == f"let a=1;{ORIGINAL}let b=2;"
    assert not list(bundle.glob("*.patch"))


@pytest.mark.parametrize(("missing", "named"), [
    ("let index_resp=this.backend.request_indexes(ptr,term);", "只按筛选搜索时不下载索引"),
    ("i2.preload(term,options2)", "只在部分索引中搜索"),
])
def test_a_pagefind_without_the_expected_code_stops_the_build(tmp_path: Path, missing: str,
                                                              named: str) -> None:
    bundle = bundle_with(tmp_path / "pagefind", ORIGINAL.replace(missing, "x"))
    with pytest.raises(BuildError, match=rf"pagefind\.js 与预期不同（找不到要修补的代码：{named}）"
                                         r".*pagefind_patch\.py"):
        patch_bundle(bundle)


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_every_bundle_of_a_built_site_is_patched(kind: str) -> None:
    pagefind = built(kind).site_dir / "pagefind"
    bundles = [pagefind, *sorted(pagefind.glob("shard-*"))]
    listed = json.loads((pagefind / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(bundles) == len(listed) + 1 and (len(bundles) == 1) == (kind == "seed")
    for bundle in bundles:
        for name in SCRIPTS:
            text = (bundle / name).read_text(encoding="utf-8")
            for patch in (EMPTY_TERM, SEARCH_IN):
                assert text.count(patch.marker) == patch.count, (bundle / name, patch.name)
                assert not patch.original.search(text), (bundle / name, patch.name)
