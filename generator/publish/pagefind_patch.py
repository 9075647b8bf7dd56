"""Two small changes to Pagefind 1.5.2's browser script, made in every bundle after each run.
The script and its web worker carry the same code; both are patched.

1. **A search by filters only** (``search(null, {filters})``, the search dialog's facets
   without a query word) fetches no index chunk. Pagefind turns the null query into the
   empty word and asks its WebAssembly which index chunks hold it; the empty word matches
   every chunk (its loose prefix match), so the browser downloaded the whole index: 25.9 MiB
   of 62 MiB at 10,000 projects, for a search that reads no word. Upstream fixed it after
   1.5.2 ("Don't request index chunks for an empty search term", Pagefind pull request
   1317). DELETE this patch when the Pagefind pinned in requirements.txt includes that fix:
   the build then stops here (the expected code is gone), and
   ``tests/browser/test_searchbench.py`` must still find no index chunk fetched by a search
   by filters only.
2. **A search in some of the merged bundles**: ``search`` and ``preload`` take two more
   options, ``peBundles`` (the merged bundles' paths to search) and ``pePrimary`` (whether
   to search the primary bundle too); without them every bundle is searched, as before.
   Pagefind's merged search asks every bundle for the query's index chunks, so with 98
   shards a word cost 98 requests even where the router (``pagefind_route.py``) knows that
   two shards hold it. Pagefind has no such option (its ``mergeFilter`` narrows the results,
   not what is fetched); keep this patch until it has one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.core.problems import BuildError

SCRIPTS = ("pagefind.js", "pagefind-worker.js")


@dataclass(frozen=True)
class Patch:
    name: str
    original: re.Pattern[str]  # found once in each script, or the script was patched before
    replacement: str
    marker: str  # in a patched script only
    count: int = 1  # places in each script


EMPTY_TERM = Patch(
    "只按筛选搜索时不下载索引",
    re.compile(re.escape("let index_resp=this.backend.request_indexes(ptr,term);")),
    'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);',
    'filter_only?"[]":this.backend.request_indexes')
SEARCH_IN = Patch(
    "只在部分索引中搜索",
    re.compile(r"this\.instances\.map\(\(i2\)=>i2\.(search|preload)\(term,(\w+)\)\)"),
    r"this.instances.filter((i2)=>!\2.peBundles||(i2.primary?\2.pePrimary:"
    r"\2.peBundles.includes(i2.basePath))).map((i2)=>i2.\1(term,\2))",
    ".peBundles.includes(i2.basePath)", count=2)  # search and preload
PATCHES = (EMPTY_TERM, SEARCH_IN)


def patched(text: str, where: Path) -> str:
    """The script's text with every patch made (a patched script as it is)."""
    for patch in PATCHES:
        if patch.marker in text:
            continue
        text, count = patch.original.subn(patch.replacement, text)
        if count != patch.count:
            raise BuildError(
                f"Pagefind 的 {where} 与预期不同（找不到要修补的代码：{patch.name}）："
                "Pagefind 升级后请检查 generator/publish/pagefind_patch.py 中的修补是否仍然需要")
    return text


def patch_bundle(bundle: Path) -> None:
    """Patch the bundle's scripts (again harmless). A file is replaced, never written in
    place: an unchanged shard's files are hard links to the published site's."""
    for name in SCRIPTS:
        path = bundle / name
        text = path.read_text(encoding="utf-8")
        new = patched(text, path)
        if new == text:
            continue
        scratch = path.with_name(path.name + ".patch")
        scratch.write_text(new, encoding="utf-8")
        os.replace(scratch, path)
