"""Checking a built site's search index: every bundle there, in Chinese, every page in one.

After a build (and in ``check``-style tests) the bundles ``shards.json`` lists are read back:
a Pagefind that indexed in another language, or missed the pages' root, would otherwise
publish a search that finds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.core.command import REBUILD
from generator.core.problems import BuildError
from generator.publish.pagefind import PAGEFIND_DIR, PAGEFIND_SHARDS, html_pages
from generator.publish.pagefind_delta import masked_count
from generator.publish.pagefind_names import PAGEFIND_ROOT
from generator.publish.pagefind_run import PAGEFIND_LANGUAGE


def check_pagefind(site_dir: Path, pages: int | None = None) -> dict[str, Any]:
    """Pagefind's bundles are there, in Chinese, and have every page between them (``pages``:
    how many the site has, when known; the entries a delta masks not counted,
    :mod:`.pagefind_delta`); returns the primary bundle's entry."""
    entries = [_check_bundle(site_dir, PAGEFIND_DIR)]
    entries += [_check_bundle(site_dir, shard) for shard in pagefind_shard_dirs(site_dir)]
    indexed = sum(entry["languages"][PAGEFIND_LANGUAGE].get("page_count", 0)
                  for entry in entries) - masked_count(site_dir)
    if pages is None:
        pages = len(html_pages(site_dir))
    if not indexed or indexed != pages:
        raise BuildError(f"搜索索引（Pagefind）收录了 {indexed} 个页面，网站有 {pages} 个页面："
                         f"请确认页面内容在 {PAGEFIND_ROOT} 中")
    return entries[0]


def pagefind_shard_dirs(site_dir: Path) -> list[str]:
    """The other shards' bundles, as listed in ``pagefind/shards.json``."""
    return [str(shard).rstrip("/") for shard in _manifest(site_dir)["shards"]]


def _manifest(site_dir: Path) -> dict[str, Any]:
    """``pagefind/shards.json``: at least its list of shards."""
    manifest = site_dir / PAGEFIND_DIR / PAGEFIND_SHARDS
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data["shards"], list):
            raise TypeError("shards is not a list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"搜索索引（Pagefind）的 {PAGEFIND_DIR}/{PAGEFIND_SHARDS} 无法读取"
                         f"（{exc}）：请重新运行 {REBUILD}") from None
    return data


def _check_bundle(site_dir: Path, name: str) -> dict[str, Any]:
    bundle = site_dir / name
    missing = [file for file in ("pagefind.js", "pagefind-entry.json")
               if not (bundle / file).is_file()]
    if missing:
        raise BuildError(f"搜索索引（Pagefind）不完整：缺少 {name}/{'、'.join(missing)}，"
                         f"请重新运行 {REBUILD}")
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"搜索索引（Pagefind）的 {name}/pagefind-entry.json 无法读取：{exc}"
                         ) from None
    languages = entry.get("languages") or {}
    if list(languages) != [PAGEFIND_LANGUAGE]:
        raise BuildError(f"搜索索引（Pagefind）的语言是 {'、'.join(languages) or '无'}，应为中文"
                         f"（{PAGEFIND_LANGUAGE}）：请检查 --force-language 设置")
    hashed = languages[PAGEFIND_LANGUAGE].get("hash", "")
    if not (bundle / f"pagefind.{hashed}.pf_meta").is_file():
        raise BuildError(f"搜索索引（Pagefind）缺少 {name}/pagefind.{hashed}.pf_meta："
                         f"请重新运行 {REBUILD}")
    return entry
