"""One Pagefind run: the binary, its options, and the bundle it writes made tidy.

Pagefind (PyPI ``pagefind_bin``, without the extended build's Chinese segmentation: it is
given no Han text to segment, see below) indexes one shard's cut pages
(:mod:`.pagefind_input`) into a bundle; the UI files the site does not use are
removed, the files a seeded run no longer names pruned (:mod:`.pagefind_reuse`), the filter
index put in a stable order (:mod:`.pagefind_stable`) and the bundle's words listed for the
router (:mod:`.pagefind_route`). :mod:`.pagefind` plans the shards and runs this on each.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator.base.stages import stage
from generator.core.command import INSTALL
from generator.core.problems import BuildError
from generator.publish.files import killed_with_build
from generator.publish.pagefind_delta import RARE, keep_shard, page_urls
from generator.publish.pagefind_han import write_han
from generator.publish.pagefind_names import BIGRAMS, PAGEFIND_EXCLUDE, PAGEFIND_ROOT
from generator.publish.pagefind_reuse import prune
from generator.publish.pagefind_route import list_words
from generator.publish.pagefind_stable import Unsupported, stabilise

PAGEFIND_GLOB = "**/index.html"  # every page (directory URLs); leaves out 404.html
PAGEFIND_LANGUAGE = "zh"
# Pagefind's own UI bundles: the site drives its JS API from Material's dialog instead.
PAGEFIND_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                   "pagefind-modular-ui.css", "pagefind-component-ui.js",
                   "pagefind-component-ui.css", "pagefind-highlight.js")
PAGEFIND_TIMEOUT = 3600  # seconds for one shard's run


def pagefind_executable() -> Path:
    """The Pagefind binary (PyPI ``pagefind_bin``). Not the extended one (``pagefind_bin_extended``,
    with Chinese segmentation): the pages it is given hold their Han text as ASCII bigram
    words only (:func:`.pagefind_input.searched_page`), and the extended build still ran its
    segmenter on each of those words and put a zero-width space after each in the page's
    text: at 10,000 projects its 20 shards took 61.6 s, now 53.4 s (docs/dev/performance.md)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BuildError(f"找不到 Pagefind：请{INSTALL}，"
                         "它会安装 requirements.txt 中的 pagefind_bin") from None
    try:
        return Path(get_executable())
    except OSError as exc:  # FileNotFoundError: a broken installation
        raise BuildError(f"Pagefind 安装不完整（{exc}）：请{INSTALL}") from None


def run_one(pages_dir: Path, bundle: Path, epoch: str,
            kept: tuple[str, Path] | None = None) -> None:
    """Index the cut pages in ``pages_dir`` into ``bundle`` (a folder not there yet, or
    seeded: :mod:`.pagefind_reuse`). ``kept``: (the bundle's folder name, a folder of the
    build's) where what an edit's delta needs of this shard is kept
    (:func:`.pagefind_delta.keep_shard`)."""
    # absolute: Pagefind runs in the pages' folder, where a relative path names another
    command = [str(pagefind_executable()), "--site", str(pages_dir.absolute()),
               "--output-path", str(bundle.absolute()),
               "--root-selector", PAGEFIND_ROOT, "--glob", PAGEFIND_GLOB,
               "--force-language", PAGEFIND_LANGUAGE, "--quiet"]
    for selector in (*PAGEFIND_EXCLUDE, f"[{BIGRAMS}]"):  # the bigrams: .pagefind_han
        command += ["--exclude-selectors", selector]
    # Pagefind also reads options from PAGEFIND_* variables and a pagefind.yml in its working
    # folder: neither may change the published index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    env["SOURCE_DATE_EPOCH"] = epoch
    try:
        proc = subprocess.run(command, env=env, capture_output=True, encoding="utf-8",
                              errors="replace", cwd=pages_dir, timeout=PAGEFIND_TIMEOUT,
                              preexec_fn=killed_with_build())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"搜索索引（Pagefind）生成失败：{exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        raise BuildError(f"搜索索引（Pagefind）生成失败（退出码 {proc.returncode}）：\n{detail}")
    for name in PAGEFIND_UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        prune(bundle)  # what a seeded run's folder held that the new index does not name
    except Unsupported as exc:
        raise BuildError(f"搜索索引（Pagefind）的输出与预期的格式不同（{exc}）：请{INSTALL}"
                         "（requirements.txt 固定了 Pagefind 的版本）") from None
    stabilise(bundle)  # the filter index in a stable order: reproducible builds
    with stage("pagefind.words"):
        urls = page_urls(bundle)
        han = write_han(bundle, pages_dir, [url for _, url in urls])
        held = list_words(bundle, RARE if kept is not None else None, han)  # for the router
        if kept is not None:
            keep_shard(bundle, kept[0], kept[1], held, urls)
