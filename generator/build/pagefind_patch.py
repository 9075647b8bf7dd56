"""A one-expression fix to Pagefind 1.5.2's browser script: a search by filters only
(``search(null, {filters})``, the search dialog's facets without a query word) fetches no
index chunk.

Pagefind turns the null query into the empty word and asks its WebAssembly which index
chunks hold it; the empty word matches every chunk (its loose prefix match), so the browser
downloaded the whole index: 25.9 MiB of 62 MiB at 10,000 projects, for a search that reads
no word (the filters alone choose the pages). Upstream fixed it after 1.5.2 ("Don't request
index chunks for an empty search term", Pagefind pull request 1317). The script and its web
worker carry the same code; both are patched, in every bundle, after each run.

DELETE THIS MODULE when the Pagefind pinned in requirements.txt includes that fix: the
build then stops here (the expected code is gone), and
``tests/browser/test_searchbench.py`` must still find no index chunk fetched by a search
by filters only.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.core.problems import BuildError

SCRIPTS = ("pagefind.js", "pagefind-worker.js")
ORIGINAL = "let index_resp=this.backend.request_indexes(ptr,term);"
PATCHED = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'


def patch_bundle(bundle: Path) -> None:
    """Patch the bundle's scripts (again harmless). A file is replaced, never written in
    place: an unchanged shard's files are hard links to the published site's."""
    for name in SCRIPTS:
        path = bundle / name
        text = path.read_text(encoding="utf-8")
        if PATCHED in text:
            continue
        if text.count(ORIGINAL) != 1:
            raise BuildError(
                f"Pagefind 的 {path} 与预期不同（找不到要修补的一行）：Pagefind 升级后可能已修复"
                "只按筛选搜索时下载全部索引的问题，请检查并删除 generator/build/pagefind_patch.py")
        scratch = path.with_name(path.name + ".patch")
        scratch.write_text(text.replace(ORIGINAL, PATCHED), encoding="utf-8")
        os.replace(scratch, path)
