"""Pagefind: the published site's Chinese search index, in shards of bounded size.

Pagefind holds a run's whole index in memory (~0.35 MB per project page: 3.7 GB for 10,000
pages), so the pages are split into shards of at most ``shard_pages`` whose bounds the
pages themselves set (:func:`_split`); each is indexed in its own run. The browser searches
the shards holding a query's words (:mod:`.pagefind_route`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.base.stages import stage
from generator.core.urls import PROJECT_PAGES
from generator.publish.files import copy_into, killed_with_build
from generator.publish.pagefind_cut import Cutters, cut_shard
from generator.publish.pagefind_delta import (
    DELTA_BUNDLE,
    DELTA_PAGES,
    POSTINGS,
    Dead,
    Mask,
    Plan,
    base_of,
    dead_words,
    find_masks,
    fragments_of,
    plan_delta,
    previous_delta,
    write_masks,
)
from generator.publish.pagefind_input import Cuts, same_search
from generator.publish.pagefind_keep import PAGEFIND_DIR, PAGEFIND_SHARDS, Held, keep_published
from generator.publish.pagefind_reroute import keep_router, write_router_over
from generator.publish.pagefind_route import LISTING, ROUTE_DIR, WORDS, list_words, write_router
from generator.publish.pagefind_run import run_one
from generator.publish.pagefind_stable import Unsupported

# Pages per Pagefind run at most: ~0.4 GB of memory. An edit indexes again the shard of its
# page, so the shard's size is most of an edit's rebuild: at 10,000 projects (edit of one
# project's text, two runs each) 25.3–26.5 s with shards of 2,100 pages, 15.4–16.8 s with
# 1,050. The browser searches every shard: at 10,000 projects 6 → 11 shards took the static
# bound on one query's download from 4.0 to 5.5 MiB, and in Chromium a project's full name
# from 1.3 s (1.9 MiB) to 1.7 s (2.8 MiB) to first results, 项目 1.8 → 1.6 s.
SHARD_PAGES = 1050
# On a site of fewer pages, shards of at most 700: an edit's rebuild at 10,000 projects took
# 8.6–11.0 s (six edits; 19 shards) against 9.9–11.7 s with 1,050 (13 shards), the same
# edits on the same site. The browser reads a common word's index chunks from every shard,
# so a large site keeps the larger shards: at 100,000 projects, 700 would make ~180.
SMALL_SHARD_PAGES = 700
SMALL_SITE_PAGES = 20_000


def shard_size(pages: int, most: int | None = None) -> int:
    """The most pages of a shard on a site of ``pages`` pages: ``most`` where given, else
    by the site's size (crossing the bound indexes every shard again, once)."""
    if most is not None:
        if most < 1:
            raise ValueError(f"shard_pages must be at least 1, not {most}")
        return most
    return SMALL_SHARD_PAGES if pages < SMALL_SITE_PAGES else SHARD_PAGES


SHARD_TREES = ".shards"  # <cuts folder>.shards: each shard's pages, as Pagefind reads them



def pagefind_shards(site_dir: Path, shard_pages: int | None = None,
                    listed: Iterable[str] | None = None) -> list[tuple[str, list[Path]]]:
    """The pages in shards of at most ``shard_pages`` (:func:`_split`; None: by the site's
    size, :func:`shard_size`), with each bundle's site-relative folder: ``pagefind`` for the
    first, ``pagefind/shard-N`` for the others.
    ``listed``: the site's pages (site-relative), when the caller knows them (else the
    folder is listed).

    When there is more than one shard, the project pages and the others (summaries, which
    an edit anywhere changes) are split apart: an edit indexes again the small shard of
    summaries and the one shard holding its project page, not two shards of projects."""
    return [(bundle, [site_dir / rel for rel in pages])
            for bundle, pages in _shards(site_dir, shard_pages, listed)]


def _shards(site_dir: Path, shard_pages: int | None, listed: Iterable[str] | None
            ) -> list[tuple[str, list[str]]]:
    """:func:`pagefind_shards` with site-relative paths (strings: pathlib took half a
    second of an edit's rebuild at 10,000 pages), in the order of their folders (a path's
    folders compared one by one is the path compared with its separators made the lowest
    character: 1 ms for 2,570 pages, where comparing lists of its parts took 30 ms)."""
    if listed is None:
        listed = [os.path.relpath(page, site_dir) for page in html_pages(site_dir)]
    pages = sorted((rel for rel in listed if is_page(rel)), key=lambda rel: rel.replace("/", "\0"))
    most = shard_size(len(pages), shard_pages)
    if len(pages) <= most:
        groups = [pages]
    else:
        projects = PROJECT_PAGES + "/"
        groups = [[rel for rel in pages if not rel.startswith(projects)],
                  [rel for rel in pages if rel.startswith(projects)]]
    shards = [shard for group in groups for shard in _split(group, most)]
    return [(PAGEFIND_DIR if i == 0 else f"{PAGEFIND_DIR}/shard-{i}", shard)
            for i, shard in enumerate(shard for shard in shards if shard or len(shards) == 1)]


def _split(pages: list[str], most: int) -> list[list[str]]:
    """``pages`` (in site order) in shards of at most ``most`` whose bounds the pages set: a
    shard of at least two thirds of ``most`` ends before a page whose path's hash says so
    (one page in a ninth of ``most``), or when it is full; a last shard that fits into the
    one before joins it. Adding or removing a page changes its own shard (and the next
    where it moves a bound), not every shard after it: with shards split evenly, one
    project added to 10,000 indexed all 11 shards again (Pagefind 62 s of an 82 s
    rebuild); so split, of 80 random additions and removals 70 changed one shard, 10 two.
    Shards are ~0.8 of ``most`` on average (12 of 1,050 at most for 10,000 projects)."""
    if len(pages) <= most:
        return [pages]
    least = max(1, most * 2 // 3)
    spread = max(2, (most - least) // 3)
    shards: list[list[str]] = []
    current: list[str] = []
    for rel in pages:
        if len(current) >= most or len(current) >= least and _bound(rel, spread):
            shards.append(current)
            current = []
        current.append(rel)
    if shards and len(shards[-1]) + len(current) <= most:
        shards[-1] += current
    else:
        shards.append(current)
    return shards


def _bound(rel: str, spread: int) -> bool:
    """Whether a shard may start at this page: one in ``spread``, by the path alone."""
    digest = hashlib.blake2b(rel.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % spread == 0


def run_pagefind(site_dir: Path, epoch: str, previous: Path | None = None,
                 shard_pages: int | None = None, listed: Iterable[str] | None = None,
                 previous_plan: Plan | None = None,
                 sources: Mapping[str, str] | None = None, cuts: Path | None = None,
                 delta_pages: int = DELTA_PAGES, held: Held | None = None
                 ) -> tuple[list[str], Plan]:
    """Index ``site_dir`` with Pagefind into ``site_dir/pagefind``, Chinese segmented; returns
    the bundles indexed anew and the plan (each bundle's pages) for the next build.

    ``previous``: the published site, built with the same settings (its stamp matched), and
    ``previous_plan`` the plan it was indexed with. On a sharded site, the pages changed
    since are indexed into a delta bundle that masks their old entries (at most
    ``delta_pages``; 0: never), the shards taken as they are (:mod:`.pagefind_delta`).
    Otherwise a shard whose pages are byte for byte those of a bundle there (of its name
    or, where a shard was added before it, another) takes that bundle as it is (Pagefind's
    output depends only on its input): only the shards holding changed pages are indexed
    again. ``listed``: the site's files (site-relative), when known (see
    :func:`pagefind_shards`). ``sources``: where each page's bytes are (site-relative →
    path) while the site is being put together beside this run (the pages are read there,
    not in ``site_dir``; the bundles are written into ``site_dir``). ``cuts``: a folder
    where the pages as Pagefind is given them are kept between builds (:class:`.Cuts`).
    ``held``: what ``site_dir/pagefind`` holds already (:mod:`.pagefind_keep`; None: it
    holds nothing)."""
    shards = _shards(site_dir, shard_pages, listed)
    site_pages = [rel for _, pages in shards for rel in pages]

    def source(rel: str) -> str:
        return sources[rel] if sources is not None else os.path.join(site_dir, rel)

    before = previous_plan if previous is not None and previous_plan else {}
    # what an edit needs of each published shard, kept in the build's folder
    kept = cuts.with_name(cuts.name + POSTINGS) if cuts is not None else None
    masks: dict[str, Mask] = {}
    through_delta = False
    with stage("pagefind.compare"):
        masks_before, dead_before = previous_delta(previous)
        delta = _delta(source, previous, before, masks_before, site_pages, delta_pages,
                       kept) \
            if previous is not None and len(shards) > 1 and len(base_of(before)) > 1 else None
        if delta is not None:
            shards, masks = delta
            through_delta = True
            published = {tuple(pages): bundle for bundle, pages in before.items()
                         if bundle == DELTA_BUNDLE}
        else:  # the shards holding masked pages are of pages since changed
            dirty = {mask["bundle"] for mask in masks_before.values()}
            published = {tuple(pages): bundle for bundle, pages in base_of(before).items()
                         if bundle not in dirty}
        plan = dict(shards)
        taken: dict[str, str] = {}  # bundle -> the published bundle of the same pages
        for bundle, pages in shards:
            old = published.get(tuple(pages))
            if through_delta and bundle != DELTA_BUNDLE:
                taken[bundle] = bundle  # the base, as it was: masked where it is out of date
            elif through_delta:  # the delta before, where its pages are the published ones
                # (comparing its summaries' searched parts took 1 s of an edit at 10,000)
                published_dir = os.fspath(previous or "")
                if old is not None and all(source(rel) == os.path.join(published_dir, rel)
                                           for rel in pages):
                    taken[bundle] = old
            elif old is not None and previous is not None and \
                    _same_pages(source, pages, previous, before[old]):
                taken[bundle] = old
    jobs = [(bundle, [(rel, source(rel)) for rel in plan[bundle]]) for bundle, _ in shards
            if bundle not in taken]
    holder = site_dir.with_name(site_dir.name + ".pagefind")  # the runs' pages and outputs
    shutil.rmtree(holder, ignore_errors=True)
    holder.mkdir()
    # a folder of this build's own: a killed build's Pagefind that outlived it (killed
    # between fork and PR_SET_PDEATHSIG) writes into its own, never into these outputs
    work = Path(tempfile.mkdtemp(dir=holder))
    cut = Cuts(cuts if cuts is not None else work / "cuts", keep=cuts is not None)
    trees = cuts.with_name(cuts.name + SHARD_TREES) if cuts is not None else work

    dead: Dead = {}

    def take_published() -> None:  # while Pagefind runs
        assert previous is not None or not taken
        with stage("pagefind.take"):
            same = [bundle for bundle, old in taken.items() if old == bundle]
            there = keep_published(site_dir, previous, same, held, os.stat(site_dir).st_dev) \
                if previous is not None else set()
            same = [bundle for bundle in same if bundle not in there]
            linked = previous is not None and _link_bundles(previous, site_dir, same)
            for bundle, old in taken.items():  # under its own name or another
                if bundle in there:
                    continue
                if not linked or old != bundle:
                    assert previous is not None
                    copy_into(previous / old, site_dir / bundle, _other_shards)
        if through_delta:
            assert previous is not None
            with stage("pagefind.dead"):  # from the published shards: the same files
                dead.update(dead_words(previous, masks, dead_before, kept))

    try:
        made = _index(jobs, work, epoch, max(len(pages) for _, pages in shards), cut, trees,
                      previous, take_published, kept)
        for bundle, _ in shards:
            if bundle in made:
                _move_into(made[bundle], site_dir / bundle)
    finally:
        shutil.rmtree(holder, ignore_errors=True)
    cut.save(site_pages)
    if cuts is not None and trees.is_dir():  # those of shards there are no longer
        for gone in set(os.listdir(trees)) - {_tree(bundle) for bundle, _ in shards}:
            shutil.rmtree(trees / gone, ignore_errors=True)
    for bundle, _ in shards:  # taken from a site built before them: listed now
        if not all((site_dir / bundle / name).is_file() for name in (WORDS, LISTING)):
            list_words(site_dir / bundle)
    if through_delta:
        write_masks(site_dir / DELTA_BUNDLE, masks, dead)
    manifest: dict[str, Any] = {"shards": [f"{bundle}/" for bundle, _ in shards[1:]]}
    if len(shards) > 1:
        with stage("pagefind.router"):
            primary, bundles = site_dir / PAGEFIND_DIR, [site_dir / bundle for bundle, _ in shards]
            unrouted = [set(dead[b]["words"]) if b in dead else set() for b, _ in shards]
            if through_delta and kept is not None:  # the base's router, with the edit's words
                manifest.update(write_router_over(primary, bundles, masks.values(), unrouted,
                                                  kept))
            else:
                manifest.update(write_router(primary, bundles, masks.values(), unrouted))
                if kept is not None and not masks:  # the base of the next edits
                    keep_router(primary / ROUTE_DIR, bundles, manifest, kept)
    if through_delta:  # an entry the delta holds too (a page changed back) is there once
        manifest["masked"] = sorted({mask["fragment"] for mask in masks.values()} -
                                    fragments_of(site_dir / DELTA_BUNDLE))
    (site_dir / PAGEFIND_DIR / PAGEFIND_SHARDS).write_text(
        json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
    return [bundle for bundle, _ in jobs], plan


def _delta(source: Callable[[str], str], previous: Path, before: Plan,
           masks_before: dict[str, Mask], site_pages: list[str], most: int,
           kept: Path | None = None) -> tuple[list[tuple[str, list[str]]], dict[str, Mask]] | None:
    """The shards of an edit's build through a delta (:mod:`.pagefind_delta`): the
    published base and the delta bundle, and the masks; None where the delta would be
    empty of pages or over ``most`` (or the published bundles do not hold what their
    plan says: indexed again). ``kept``: see :func:`.pagefind_delta.find_masks`."""
    old = os.path.join(previous, "")  # with its separator: a page's published path by +

    def differs(rel: str) -> bool:
        where = source(rel)
        return where != old + rel and not same_search(Path(where), previous / rel)

    with stage("pagefind.delta"):
        planned = plan_delta(before, masks_before, site_pages, differs, most)
    if planned is None or not planned[0]:
        return None
    pages, masked = planned
    try:
        with stage("pagefind.masks"):
            masks = find_masks(previous, before, masked, masks_before, kept)
    except (OSError, ValueError, KeyError, IndexError, TypeError, Unsupported):
        return None
    return [*base_of(before).items(), (DELTA_BUNDLE, pages)], masks


def _link_bundles(previous: Path, site_dir: Path, bundles: list[str]) -> bool:
    """Hard-link the published ``bundles`` into ``site_dir`` with one ``cp -al`` (POSIX),
    away from this process's interpreter lock: through a delta every shard is taken, and
    linking their ~20,000 files in this thread, beside the downloads', took 1.4–2.2 s of an
    edit at 10,000 projects. False where that cannot be done (then each is copied here)."""
    cp = shutil.which("cp")
    target = site_dir / PAGEFIND_DIR
    if os.name != "posix" or cp is None or not bundles or \
            any(os.path.dirname(bundle) not in ("", PAGEFIND_DIR) for bundle in bundles):
        return False
    sources = [os.path.join(previous, bundle) for bundle in bundles if bundle != PAGEFIND_DIR]
    if PAGEFIND_DIR in bundles:  # the primary's own files: not the other shards
        sources += [os.path.join(previous, PAGEFIND_DIR, name)
                    for name in sorted(os.listdir(previous / PAGEFIND_DIR))
                    if not _other_shards(name)]
    target.mkdir(parents=True, exist_ok=True)
    if any(os.path.lexists(os.path.join(target, os.path.basename(source)))
           for source in sources):  # cp would put a folder inside one of the same name
        return False
    done = subprocess.run([cp, "-al", "--", *sources, os.fspath(target)], capture_output=True,
                          preexec_fn=killed_with_build(), check=False)
    return done.returncode == 0


def _move_into(made: Path, bundle: Path) -> None:
    """A bundle made in the work folder, put in its place. The first bundle's folder may
    already hold the other shards taken from the published site: then what is in it."""
    try:
        os.rename(made, bundle)
    except OSError:  # not empty (on Windows: there at all)
        for entry in os.scandir(made):
            os.replace(entry.path, bundle / entry.name)  # Windows: rename never replaces


def _tree(bundle: str) -> str:
    """The name of a bundle's folder of pages (see :func:`_index`)."""
    return bundle.rsplit("/", 1)[-1]


def _index(jobs: list[tuple[str, list[tuple[str, str]]]], work: Path, epoch: str,
           most: int, cuts: Cuts, trees: Path, previous: Path | None = None,
           meanwhile: Callable[[], None] = lambda: None, kept: Path | None = None
           ) -> dict[str, Path]:
    """Index each job's pages ((site-relative, where its bytes are)), cut to what Pagefind
    reads (:func:`.searched_page`), into a folder of its own under ``work``; returns them by
    bundle. Pagefind reads each shard's cut pages, at their site paths, in a folder of
    ``trees`` kept between builds and brought to the shard's pages (:class:`.Tree`): making
    1,000 folders and links for an edit's shard, and removing them, took 1.1 s of its
    rebuild at 10,000 projects. Pages are cut in processes of their own, one a lane
    (:class:`.pagefind_cut.Cutters`), away from the downloads thread. Runs go two at a time (on two
    cores or more) while the pages in flight stay within a quarter more than two shards'
    (Pagefind's memory grows with its pages): two shards of projects, or the small shard of
    summaries beside one, as after an edit; one run indexed 1,000 pages on one core only
    (11.5 s wall, 11.7 s user). Each run starts from the bundle of its name in ``previous``
    (the published site), where there is one (:mod:`.pagefind_reuse`). ``meanwhile``: called
    once every run has started (the bundles taken from the published site are copied while
    Pagefind runs). ``kept``: where what an edit needs of each shard indexed is kept
    (:func:`.pagefind_delta.keep_shard`)."""
    budget = 2 * most + most // 4
    lanes = 2 if (os.cpu_count() or 1) >= 2 else 1
    made: dict[str, Path] = {}
    errors: list[BaseException] = []
    running: list[tuple[threading.Thread, int]] = []
    # a process a lane, kept from shard to shard (an edit's delta is cut here)
    cutters = Cutters(min(lanes, sum(bundle != DELTA_BUNDLE for bundle, _ in jobs)))

    def run(index: int, bundle: str, pages: list[tuple[str, str]]) -> None:
        out = work / f"out-{index}"
        try:
            folder = trees / _tree(bundle)
            with stage("pagefind.cut"):
                cut_shard(folder, cuts, pages,
                          (previous / bundle, out) if previous is not None else None,
                          None if bundle == DELTA_BUNDLE else cutters)
            with stage("pagefind.index"):  # the delta's pages are never masked
                run_one(folder, out, epoch, (_tree(bundle), kept)
                        if kept is not None and bundle != DELTA_BUNDLE else None)
            made[bundle] = out
        except BaseException as exc:  # raised once every run has ended
            errors.append(exc)

    try:
        for index, (bundle, pages) in enumerate(jobs):
            while running and (len(running) >= lanes or
                               sum(n for _, n in running) + len(pages) > budget):
                running.pop(0)[0].join()
            thread = threading.Thread(target=run, args=(index, bundle, pages))
            thread.start()
            running.append((thread, len(pages)))
        meanwhile()  # once every run has started
    finally:
        for thread, _ in running:
            thread.join()
        cutters.close()
    if errors:
        raise errors[0]
    return made


def _same_pages(source: Callable[[str], str], pages: list[str], old_site: Path,
                old_pages: list[str]) -> bool:
    """The same pages, in the same order, with the same bytes."""
    old = os.fspath(old_site)

    def same(rel: str) -> bool:
        where = source(rel)  # carried over: the published file itself, nothing to compare
        return where == os.path.join(old, rel) or same_search(Path(where), old_site / rel)

    return pages == old_pages and all(same(rel) for rel in pages)


def _other_shards(rel: str) -> bool:
    """The first shard's folder also holds the other shards, the manifest and the router
    (all written anew)."""
    first = rel.split("/", 1)[0]
    return first.startswith("shard-") or first == ROUTE_DIR or rel == PAGEFIND_SHARDS


def is_page(rel: str) -> bool:
    """Whether a site file (site-relative) is one of the pages Pagefind indexes (by string:
    a PurePosixPath for each of an edit's site files took 0.23 s of it at 2,000 projects)."""
    return (rel == "index.html" or rel.endswith("/index.html")) and \
        not rel.startswith(PAGEFIND_DIR + "/")


def html_pages(site_dir: Path) -> list[Path]:
    """The pages Pagefind indexes: every ``index.html`` (all pages but 404.html)."""
    pages = []
    for folder, subfolders, files in os.walk(site_dir):  # 5x rglob's speed on 30,000 files
        if folder == str(site_dir):
            subfolders[:] = [name for name in subfolders if name != PAGEFIND_DIR]
        if "index.html" in files:
            pages.append(Path(folder) / "index.html")
    return pages
