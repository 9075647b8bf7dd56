"""The build pipeline: check → generate Markdown → MkDocs (its own process, while this one
writes the downloads) → Pagefind → swap.

The previous ``site/`` is replaced only after everything succeeded: a broken file or a
failing MkDocs build leaves what is published untouched. When no generated file changed
and nothing else the site depends on did (:func:`~generator.build.stamp.site_stamp`),
MkDocs does not run at all.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.assets import vendor_files
from generator.build.files import copy_into, swap_in
from generator.build.mkdocs import PAGEFIND, MkDocsRun, check_search_segmented, mkdocs_config
from generator.build.pagefind import SHARD_PAGES, check_pagefind, run_pagefind
from generator.build.reproducible import epoch_time, source_date_epoch
from generator.build.stamp import STAMP, site_stamp
from generator.build.writer import Writer, WriteStats
from generator.content.discovery import Content, read_content
from generator.core.problems import ContentError
from generator.downloads.files import iter_export_files
from generator.site.context import SiteContext, build_context
from generator.site.feeds import iter_feed_files
from generator.site.pages import write_pages


@dataclass
class BuildResult:
    content: Content
    docs_dir: Path
    site_dir: Path | None
    stats: WriteStats
    seconds: dict[str, float] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)  # Pagefind bundles indexed anew


def build_epoch(content: Content) -> str:
    return source_date_epoch(max((p.year for p in content.projects), default=None))


def generate(site: SiteContext, docs_dir: Path, epoch: str, directory_urls: bool = True,
             downloads: bool = True) -> WriteStats:
    """Write every Markdown page and vendored asset (and the downloads) into ``docs_dir``."""
    writer = Writer(docs_dir)
    write_pages(site, writer, directory_urls=directory_urls)
    if downloads:
        write_downloads(site.content, writer, epoch)
    for path, data in vendor_files().items():
        writer.write(path, data)
    writer.remove_stale()
    return writer.stats


def write_downloads(content: Content, writer: Writer, epoch: str) -> None:
    for path, data in iter_export_files(content, epoch_time(epoch)):  # written as made
        writer.write(path, data)
    for path, data in iter_feed_files(content.projects, content.config, epoch_time(epoch)):
        writer.write(path, data)


def build(content_dir: Path, out_dir: Path, site_dir: Path | None, strict: bool = False,
          directory_urls: bool = True, offline: bool = False,
          shard_pages: int = SHARD_PAGES) -> BuildResult:
    """Check, generate into ``out_dir/docs`` and, when ``site_dir`` is given, build it.

    ``shard_pages``: the most pages one Pagefind run indexes (see :mod:`.pagefind`)."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    content = read_content(content_dir)
    seconds["check"] = time.perf_counter() - start
    if content.errors or (strict and content.warnings):
        raise ContentError(content.problems, content.files)
    start = time.perf_counter()
    docs_dir = out_dir / "docs"
    site = build_context(content)
    epoch = build_epoch(content)
    if site_dir is None:
        stats = generate(site, docs_dir, epoch, directory_urls=directory_urls)
        seconds["generate"] = time.perf_counter() - start
        return BuildResult(content, docs_dir, None, stats, seconds)
    stamp_file = out_dir / STAMP
    previous = stamp_file.read_text(encoding="utf-8") if stamp_file.is_file() else None
    stamp_file.unlink(missing_ok=True)  # written again only once this build has succeeded
    stats = generate(site, docs_dir, epoch, directory_urls=directory_urls, downloads=False)
    seconds["generate"] = time.perf_counter() - start
    site_dir = site_dir.absolute()
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    config = mkdocs_config(site, docs_dir.absolute(), staging, directory_urls, offline)
    same_settings = previous is not None and site_dir.is_dir() \
        and previous == site_stamp(config, site_dir, epoch, shard_pages)
    current = same_settings and not stats.written and not stats.removed
    downloads_dir = out_dir / "downloads"
    start = time.perf_counter()
    mkdocs = None if current else MkDocsRun(config, out_dir / "mkdocs.yml", epoch)
    indexed: list[str] = []
    try:
        writer = Writer(downloads_dir)
        write_downloads(content, writer, epoch)
        writer.remove_stale()
        seconds["downloads"] = time.perf_counter() - start
        stats.add(writer.stats)  # site-relative paths, like the pages
        if mkdocs is None:
            if not stats.written and not stats.removed:  # nothing changed: site/ is current
                stamp_file.write_text(previous or "", encoding="utf-8")
                return BuildResult(content, docs_dir, site_dir, stats, seconds)
            mkdocs = MkDocsRun(config, out_dir / "mkdocs.yml", epoch)
        mkdocs.wait()
        seconds["mkdocs"] = time.perf_counter() - start
        if config["extra"]["search_engine"] == PAGEFIND:
            start = time.perf_counter()
            indexed = run_pagefind(staging, epoch, site_dir if same_settings else None,
                                   shard_pages)
            check_pagefind(staging)
            seconds["pagefind"] = time.perf_counter() - start
        else:
            check_search_segmented(staging)
        copy_into(downloads_dir, staging)
    except BaseException:
        if mkdocs is not None:
            mkdocs.stop()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, site_dir)
    stamp_file.write_text(site_stamp(config, site_dir, epoch, shard_pages), encoding="utf-8")
    return BuildResult(content, docs_dir, site_dir, stats, seconds, indexed)
