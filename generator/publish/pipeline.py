"""The build pipeline: check → generate Markdown → MkDocs (its own processes, in partitions,
while this one writes the downloads) → Pagefind → swap.

The previous ``site/`` is replaced only after everything succeeded: a broken file, a
failing MkDocs build or a killed build leaves what is published untouched. One build at a
time per build folder (:mod:`.lock`).

No change, no work; a small change, small work. The build folder keeps (:mod:`.state`):
every file's checked result by its bytes (:class:`~generator.publish.cache.CheckCache`); each
project page's input fingerprint and each generated file's digest; the digests of the
Markdown the published site was made from; what all inputs together were. A build whose
inputs are those of the published site returns at once; otherwise only changed files are
checked, only pages whose inputs changed are rendered, MkDocs renders only the pages whose
Markdown changed (:mod:`.partitions`, the others' HTML is carried over from the published
site), and Pagefind re-indexes only the shards holding changed pages. The result is byte
for byte a clean build's.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.base.beside import Beside
from generator.base.heap import collections_spaced, frozen
from generator.base.parallel import can_fork
from generator.base.reproducible import source_date_epoch
from generator.base.stages import add_stage, stage, taken
from generator.base.writer import Writer, WriteStats
from generator.content.discovery import Content
from generator.core.model import ProjectHead
from generator.core.problems import ContentError
from generator.core.whole import WHOLE
from generator.publish import check_apart as apart
from generator.publish import fingerprints as made_before
from generator.publish import spare_ahead
from generator.publish.assets import vendor_files
from generator.publish.downloads_thread import Downloads, goes_apart, write_downloads
from generator.publish.files import recover, swap_in, under
from generator.publish.lock import build_lock
from generator.publish.mkdocs import (
    PAGEFIND,
    WarmMkDocs,
    check_search_segmented,
    mkdocs_config,
)
from generator.publish.pagefind_delta import DELTA_PAGES
from generator.publish.pagefind_names import PAGEFIND_INPUT
from generator.publish.partitions import (
    MKDOCS_PAGES,
    PARTS_DIR,
    PartitionedRun,
    page_output,
    partitionable,
)
from generator.publish.scout import scouted
from generator.publish.spare import (
    LISTED,
    Listing,
    Tree,
    give_back,
    listing,
    spare_dir,
    staging_dir,
    take,
)
from generator.publish.state import (
    STAMP,
    BuildState,
    Published,
    site_stamp,
)
from generator.site.context import SiteContext, build_context


@dataclass
class BuildResult:
    content: Content
    docs_dir: Path
    site_dir: Path | None
    stats: WriteStats
    seconds: dict[str, float] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)  # Pagefind bundles indexed anew
    project_count: int = 0
    rendered: list[str] = field(default_factory=list)  # pages MkDocs rendered anew
    epoch: str = ""  # the build's one time (SOURCE_DATE_EPOCH or derived from the content)
    stages: dict[str, float] = field(default_factory=dict)  # finer: generator.base.stages
    whole_count: int = -1  # 部门整体 results among project_count (issue 43); -1: count them

    def __post_init__(self) -> None:
        if self.whole_count < 0:
            self.whole_count = sum(p.kind == WHOLE for p in self.content.projects)


COMPILED = "templates.compiled"  # in the build folder: the page templates, compiled


def build_epoch(content: Content) -> str:
    return source_date_epoch(max((p.year for p in content.projects), default=None))


def generate(site: SiteContext, docs_dir: Path, epoch: str, directory_urls: bool = True,
             downloads: bool = True, state: BuildState | None = None) -> WriteStats:
    """Write every Markdown page and vendored asset (and the downloads) into ``docs_dir``.

    ``state``: a project page or a summary page of one year whose inputs are those recorded
    there is not rendered again; the digest of every file of ``docs_dir`` is recorded there."""
    from generator.site.pages import write_pages  # pyecharts, jinja2: not before the check
    with stage("generate.take_pages"):
        previous = state.take_pages() if state is not None else {}
    fingerprints: dict[str, str] = {}
    kept: set[str] = set()  # pages left as they are
    render = None  # the projects whose pages are rendered, when known (else: not kept)
    themes = True  # whether a 问题 page renders (else the problems' index is not made)
    with stage("generate.fingerprints"):
        if state is not None:
            docs = os.fspath(docs_dir)
            fingerprints = made_before.page_fingerprints(state, site, directory_urls, previous)
            remade = made_before.remade(state)
            if remade is not None and isinstance(state.pages_inputs, dict) and \
                    state.pages_inputs.get("docs") == _folder_id(docs):
                kept, render = _kept_after_edit(docs, fingerprints, previous, remade)
                themes = any(path.startswith(made_before.PROBLEMS) and path not in kept
                             for path in remade)
            else:
                kept = {path for path, fingerprint in fingerprints.items()
                        if (old := previous.get(path)) is not None and old[0] == fingerprint
                        and _is_file(docs, path)}
                themes = any(path.startswith(made_before.PROBLEMS) and path not in kept
                             for path in fingerprints)
            state.vouch_pages(previous, kept)
    writer = Writer(docs_dir, digests=state is not None)
    with stage("generate.pages"):
        write_pages(site, writer, directory_urls=directory_urls, kept=kept, projects=render,
                    themes=themes,
                    compiled=state.out_dir / COMPILED if state is not None else None)
    if downloads:
        write_downloads(site.content, writer, epoch)
    with stage("generate.vendor_stale"):
        for path, data in vendor_files().items():
            writer.write(path, data)
        writer.remove_stale(state.listed if state is not None else None)
    if state is not None:
        digests = writer.stats.digests
        with stage("generate.save_pages"):
            made_before.save_figures(state)  # after the pages: their groups read facts
            # the kept files' entries are the record's; the others were written or compared
            pages = dict(previous)
            for path in pages.keys() - writer.seen:
                del pages[path]
            pages.update({path: (fingerprints.get(path, ""), digest)
                          for path, digest in digests.items()})
            state.save_pages(pages, made_before.fingerprint_inputs(
                state, site, directory_urls, _folder_id(docs_dir)), digests)
    return writer.stats


def _kept_after_edit(docs: str, fingerprints: dict[str, str],
                     previous: dict[str, tuple[str, str]],
                     remade: dict[str, ProjectHead | None]
                     ) -> tuple[set[str], list[ProjectHead]]:
    """The pages left as they are, and the projects whose pages render, when only the
    ``remade`` pages' fingerprints were made anew (the others are the record's, and their
    files in the folder it was made in): those are looked at, not every page (a stat of
    each and its address made took ~0.1 s of an edit at 10,000 projects)."""
    fresh = {path for path in remade
             if (old := previous.get(path)) is None or old[0] != fingerprints[path]
             or not _is_file(docs, path)}
    render = [project for path, project in remade.items()
              if project is not None and path in fresh]
    return fingerprints.keys() - fresh, render


def _folder_id(folder: str | Path) -> tuple[int, int] | None:
    """The docs folder as the pages' record knows it: its inode and its time of change
    (a folder made again, even on a reused inode, or files put in or taken from its top
    is another: its pages are looked for)."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def _is_file(root: str, path: str) -> bool:
    return os.path.isfile(os.path.join(root, path))  # pathlib: 0.2 s of 10,000 per edit


def build(content_dir: Path, out_dir: Path, site_dir: Path | None, strict: bool = False,
          directory_urls: bool = True, offline: bool = False,
          shard_pages: int | None = None, mkdocs_pages: int = MKDOCS_PAGES,
          wait: float | None = 0.0, delta_pages: int = DELTA_PAGES) -> BuildResult:
    """Check, generate into ``out_dir/docs`` and, when ``site_dir`` is given, build it.

    ``shard_pages``: the most pages one Pagefind run indexes (None: by the site's size, see
    :func:`.pagefind.shard_size`); ``delta_pages``: the most pages an edit's delta search
    shard holds (0: none; see :mod:`.pagefind_delta`);
    ``mkdocs_pages``: the most one MkDocs run renders (see :mod:`.partitions`); ``wait``:
    how long to wait for another build of the same build folder (see :mod:`.lock`)."""
    with build_lock(out_dir, wait), ExitStack() as held:
        if site_dir is not None and (out_dir / STAMP).is_file():  # a rebuild, most often
            held.enter_context(collections_spaced())  # an edit's (generator.base.heap)
        if site_dir is not None:
            recover(site_dir.absolute(), trash=not spare_ahead.running(out_dir))
        taken()  # the stages of this build only (see generator.base.stages)
        result = _build(content_dir, out_dir, site_dir, strict, directory_urls, offline,
                        shard_pages, mkdocs_pages, held, delta_pages)
        result.stages = taken()
        return result


def _build(content_dir: Path, out_dir: Path, site_dir: Path | None, strict: bool,
           directory_urls: bool, offline: bool, shard_pages: int | None, mkdocs_pages: int,
           held: ExitStack, delta_pages: int = DELTA_PAGES) -> BuildResult:
    """``held``: what lasts until the build ends (the frozen content, see :mod:`.heap`)."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    docs_dir = out_dir / "docs"
    state = BuildState(out_dir, content_dir, (directory_urls, offline, shard_pages,
                                              mkdocs_pages, site_dir is not None))
    stamp_file = out_dir / STAMP
    cache = None
    if site_dir is not None:
        with stage("check.quick"):
            if stamp_file.is_file():  # a rebuild: the check cache read while it looks
                held.enter_context(frozen())  # the heads live as long as the build
                cache = scouted(state)
            quick = state.current_site(site_dir.absolute())
            state.save_stamps()
        if quick is not None and stamp_file.is_file():  # nothing changed: site/ is current
            content, count, wholes, epoch = quick
            seconds["check"] = time.perf_counter() - start
            if strict and content.warnings:
                raise ContentError(content.problems, content.files)
            return BuildResult(content, docs_dir, site_dir.absolute(),
                               WriteStats(unchanged=state.page_count()), seconds,
                               project_count=count, epoch=epoch, whole_count=wholes)
    listed = warm = None
    if site_dir is not None:  # both work beside the check
        with stage("check.beside"):
            spare_ahead.wait(out_dir)  # the one a clean build left being made
            # a spare made for an edit of the site this folder built, not for a build
            # that would replace each of its files
            listed = Listing(site_dir.absolute(), out_dir / LISTED,
                             copy=stamp_file.is_file())
            held.callback(listed.finish)
            warm = WarmMkDocs((out_dir / COMPILED / "theme").absolute())
            held.callback(warm.close)
    content = apart.checked(content_dir, out_dir, state, held, cache)
    held.enter_context(frozen())  # the content lives as long as the build
    seconds["check"] = time.perf_counter() - start
    if content.errors or (strict and content.warnings):
        raise ContentError(content.problems, content.files)
    start = time.perf_counter()
    epoch = build_epoch(content)
    downloads_dir = out_dir / "downloads"
    downloads_key = state.downloads_key(epoch)
    downloads = None
    if site_dir is not None and not state.downloads_current(downloads_key, downloads_dir) \
            and goes_apart(out_dir, len(content.projects)) and can_fork():  # beside generate
        downloads = Downloads(content, downloads_dir, epoch, state, downloads_key, apart=True)
        held.callback(downloads.join, raise_error=False)  # its writes are good for the next
    with stage("generate.context"):
        site = build_context(content, *made_before.kept_figures(state))
    if site_dir is None:
        stats = generate(site, docs_dir, epoch, directory_urls=directory_urls, state=state)
        state.save_themes(content)
        seconds["generate"] = time.perf_counter() - start
        return BuildResult(content, docs_dir, None, stats, seconds,
                           project_count=len(content.projects), epoch=epoch)
    # both stay until the site is replaced: a build that stops before leaves the site as
    # they describe it
    previous = stamp_file.read_text(encoding="utf-8") if stamp_file.is_file() else None
    with stage("generate.published"):
        published = state.published()
    stats = generate(site, docs_dir, epoch, directory_urls=directory_urls, downloads=False,
                     state=state)
    with stage("generate.themes"):
        state.save_themes(content)
    seconds["generate"] = time.perf_counter() - start
    site_dir = site_dir.absolute()
    mark = time.perf_counter()
    staging = staging_dir(site_dir)  # the new site (see .spare)
    config = mkdocs_config(site, docs_dir.absolute(), staging, directory_urls, offline)
    same_settings = previous is not None and site_dir.is_dir() and published is not None \
        and previous == site_stamp(config, site_dir, epoch, shard_pages)
    docs = state.docs_digests()
    pages = {p: d for p, d in docs.items() if p.endswith(".md")}
    assets = {p: d for p, d in docs.items() if not p.endswith(".md")}
    reuse = same_settings and partitionable(config) and published is not None
    if reuse:
        assert published is not None
        changed = [p for p, d in pages.items() if published.pages.get(p) != d]
        common = assets != published.assets
    else:
        changed, common = sorted(pages), True
    add_stage("plan", time.perf_counter() - mark)
    start = time.perf_counter()
    most = mkdocs_pages if partitionable(config) else max(len(changed), 1)
    with stage("mkdocs.listed"):
        if listed is not None:
            listed.finish()
        take(staging, site_dir)
    run = None
    if changed or common:
        with stage("mkdocs.start"):
            run = PartitionedRun(config, docs_dir, out_dir / PARTS_DIR, epoch, changed,
                                 sorted(assets), common, most, filled=staging, warm=warm)
    indexed: list[str] = []
    shards: dict[str, list[str]] = {}
    if downloads is None and not state.downloads_current(downloads_key, downloads_dir):
        downloads = Downloads(content, downloads_dir, epoch, state, downloads_key)
        held.callback(downloads.join, raise_error=False)  # its writes are good for the next
    try:
        if run is None and downloads is None and published is not None and same_settings \
                and set(pages) == set(published.pages) and not stats.written \
                and not stats.removed:
            give_back(staging, site_dir)
            stamp_file.write_text(previous or "", encoding="utf-8")
            state.save_published(published, site_dir, content, epoch)
            return BuildResult(content, docs_dir, site_dir, stats, seconds,
                               project_count=len(content.projects), epoch=epoch)
        # imported while MkDocs runs, not before the check (build start-up)
        from generator.publish.pagefind import PAGEFIND_DIR, is_page, run_pagefind
        from generator.publish.pagefind_check import check_pagefind
        from generator.publish.pagefind_keep import Held

        with stage("mkdocs.tree"):
            tree = Tree(staging, site_dir, [PAGEFIND_DIR], listed,  # while MkDocs runs
                        keep_apart=same_settings and
                        config["extra"]["search_engine"] == PAGEFIND)
        published_files = listed.published() if listed is not None else None
        kept = Held(tree.apart_files, published_files) \
            if tree.apart_files is not None and published_files is not None else None
        if run is not None:
            with stage("mkdocs.wait"):
                run.wait()
            seconds["mkdocs"] = time.perf_counter() - start
        placement = _placement(site_dir if reuse else None, run, pages, changed, published,
                               directory_urls)
        search = Beside(partial(  # indexes the pages where they are, beside the assembly
            run_pagefind, staging, epoch, site_dir if same_settings else None, shard_pages,
            placement, published.shards if published is not None else None, placement,
            out_dir / PAGEFIND_INPUT, delta_pages, kept)) \
            if config["extra"]["search_engine"] == PAGEFIND else None
        mark = time.perf_counter()
        try:
            tree.place(placement, published=published_files)
        except BaseException:
            if search is not None:
                search.wait()
            raise
        seconds["assemble"] = time.perf_counter() - mark
        if search is not None:
            with stage("wait.pagefind"):
                indexed, shards = search.join()
            seconds["pagefind"] = search.seconds
            check_pagefind(staging, sum(1 for rel in placement if is_page(rel)))
        else:
            check_search_segmented(staging)
        if downloads is not None:
            with stage("wait.downloads"):
                stats.add(downloads.join())  # site-relative paths, like the pages
            seconds["downloads"] = downloads.seconds
        from generator.publish.sitemap import write_sitemap  # not before the check (start-up)
        with stage("assemble.downloads"):
            tree.place(*listing(downloads_dir))
            tree.place(*write_sitemap(out_dir, content.config, pages, directory_urls, offline))
            tree.prune()
    except BaseException:
        if run is not None:
            run.stop()
        give_back(staging, site_dir)  # as good a start as any for the next build
        raise
    common_files = sorted(run.outputs()[1] or {}) if run is not None and common else \
        (published.common if published is not None else [])
    mark = time.perf_counter()
    stamp_file.unlink(missing_ok=True)  # both written again once the new site is in
    state.forget_published()
    swap_in(staging, site_dir, keep=spare_dir(site_dir))
    shutil.rmtree(out_dir / PARTS_DIR, ignore_errors=True)
    stamp_file.write_text(site_stamp(config, site_dir, epoch, shard_pages), encoding="utf-8")
    state.save_published(Published(pages, assets, common_files, shards), site_dir, content,
                         epoch)
    add_stage("swap", time.perf_counter() - mark)
    spare_ahead.make_later(site_dir, out_dir, len(content.projects))  # for the first edit
    return BuildResult(content, docs_dir, site_dir, stats, seconds, indexed,
                       project_count=len(content.projects), rendered=sorted(changed),
                       epoch=epoch)


def _placement(previous: Path | None, run: PartitionedRun | None, pages: dict[str, str],
               changed: list[str], published: Published | None, directory_urls: bool
               ) -> dict[str, str]:
    """Each file of the new site (site-relative) and where it comes from: the partitions'
    output and, for what did not change, the published site's files. In site order."""
    new_pages, new_common = run.outputs() if run is not None else ({}, None)
    renewed = set(changed)
    placement: dict[str, str] = {}
    in_previous = under(previous) if previous is not None else None
    for src in sorted(pages):
        out = page_output(src, directory_urls)
        if src in renewed:
            placement[out] = os.fspath(new_pages[out])
        else:
            assert in_previous is not None
            placement[out] = in_previous(out)
    if new_common is not None:
        for rel, path in sorted(new_common.items()):
            placement[rel] = os.fspath(path)
    else:
        assert in_previous is not None and published is not None
        for rel in published.common:
            placement[rel] = in_previous(rel)
    return placement
