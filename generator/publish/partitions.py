"""MkDocs in partitions: each run renders a bounded number of pages, and an edit renders
only the pages whose Markdown changed; the rest are carried over from the published site.

What it removes, measured at 10,000 projects: an edit's MkDocs step renders the one
changed project page and the few summaries it touches, under a second (0.7–1.0 s,
docs/dev/performance.md), where one run over every page is a clean build's MkDocs stage
(14.1 s with shells; 120 s without). Reproduce: the ``mkdocs`` stage of the clean and the
edit rows of ``.venv/bin/python -m tests.bench.bench --sizes 10000``. The bound per run
(:data:`MKDOCS_PAGES`) keeps MkDocs' memory, which grows with its pages, from growing with
the site.

Why this is sound: with the site's settings, a page's HTML depends only on its own
Markdown, the configuration (nav, theme, hook) and the date, never on the other pages:
the nav is a handful of fixed pages, project pages are not in it (so they have no
previous/next links), links between pages are in raw HTML blocks (MkDocs does not resolve
them), and without ``site_url`` the sitemap lists no page. So a partition needs only its
own pages, plus a stub for each nav page it lacks (the nav must resolve; the stubs' HTML
is thrown away). One partition, the "common" one, also gets the docs folder's other files
and gives the theme's assets, ``404.html`` and MkDocs' sitemap (empty: the build writes
the sitemap itself from its pages, :mod:`.sitemap`).

The configurations where a page does depend on the others (Material's search plugin,
whose index holds every page: the offline package; a ``site_url``, whose sitemap lists
every page) run in one partition with every page, as before.

Each partition could as well run as an independent job of a CI or batch system: its
inputs are a folder of Markdown and a configuration file, its output a folder; merging is
taking each page's HTML from the folder that rendered it (see docs/dev/performance.md).

MkDocs' own ``--dirty`` mode was not used: it writes into the output folder in place (here
the output is assembled from hard links to the published site, which an in-place write
would change), decides by file times, and still loads every page in one process.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.base.parallel import share
from generator.base.stages import stage
from generator.publish import shells
from generator.publish.children import ChildRun
from generator.publish.files import link_or_copy
from generator.publish.mkdocs import PAGEFIND, MkDocsRun, WarmMkDocs
from generator.publish.paths import with_root

MKDOCS_PAGES = 2500  # pages per MkDocs run at most (its memory grows with its pages)
PARTS_DIR = "mkdocs-parts"  # under the build folder
SHELLED = True  # project pages from shells (generator.publish.shells); tests compare without
APART_FROM = 200  # other pages from which the shells' prototypes get a MkDocs run of their own
FILL_SPLIT_FROM = 2000  # shelled pages from which one fill process a core fills them
MKDOCS_FAILED = "MkDocs 构建失败："
FILL_FAILED = "项目页面（由 MkDocs 渲染的页面外壳填入）生成失败："
BOTH_FAILED = "MkDocs 构建或项目页面（由 MkDocs 渲染的页面外壳填入）生成失败："


def nav_pages(nav: Iterable[Any]) -> list[str]:
    """The Markdown files the nav names."""
    found: list[str] = []
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            if isinstance(value, list):
                found += nav_pages(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append(value)
    return found


def page_address(src: str, directory_urls: bool) -> str:
    """A page's address relative to the site's root, as the site links it: ``projects/x/``
    (``""`` for the home page) with directory URLs, else the HTML file's path. String
    operations, not pathlib (2.2 of the 2.3 s a sitemap of 25,000 pages took)."""
    folder, slash, name = src.rpartition("/")
    stem = name.rpartition(".")[0] or name
    if stem in ("index", "README"):
        return folder + slash if directory_urls else f"{folder}{slash}index.html"
    if directory_urls:
        return f"{folder}{slash}{stem}/"
    return f"{folder}{slash}{stem}.html"


def page_output(src: str, directory_urls: bool) -> str:
    """Where MkDocs writes the HTML of a Markdown file (site-relative)."""
    address = page_address(src, directory_urls)
    return address + "index.html" if not address or address.endswith("/") else address


def partitionable(config: dict[str, Any]) -> bool:
    """Whether a page's HTML is independent of the other pages (see the module doc)."""
    return config.get("extra", {}).get("search_engine") == PAGEFIND and \
        not config.get("site_url")


T = TypeVar("T")


def split(pages: list[T], most: int) -> list[list[T]]:
    """Pages in as few even, consecutive parts as keep each at ``most`` or under."""
    if not pages:
        return []
    count = -(-len(pages) // max(1, most))
    step = -(-len(pages) // count)
    return [pages[i:i + step] for i in range(0, len(pages), step)]


@dataclass
class Part:
    pages: list[str]
    common: bool
    folder: Path
    stubs: list[str] = field(default_factory=list)
    prototypes: list[str] = field(default_factory=list)  # the shells' (see shells.py)

    @property
    def docs(self) -> Path:
        return self.folder / "docs"

    @property
    def site(self) -> Path:
        return self.folder / "site"


class PartitionedRun:
    """The MkDocs runs of one build, one after the other in a thread (this process writes
    the downloads meanwhile): ``pages`` (Markdown paths under ``docs_dir``) in parts of at
    most ``most``, and with ``common`` the theme assets and the docs folder's other files.

    Where pages are independent (:func:`partitionable`), project pages are not rendered by
    MkDocs but filled into their shape's shell (:mod:`generator.publish.shells`): the first
    part renders one prototype per shape (only them, if many other pages are to be rendered),
    and once it is done a process fills the pages while the other parts run (one a core
    from :data:`FILL_SPLIT_FROM` pages: at 10,000 projects, one filling alone kept a core
    idle 4 s after the downloads were done; when no part follows, the part's own warm MkDocs
    process fills them: :mod:`.mkdocs_warm`). ``filled``:
    the folder they are written into, the new site itself (at 10,000 pages, writing them
    elsewhere and linking them in took the assembly 22 s more, mostly in mkdir).
    """

    def __init__(self, config: dict[str, Any], docs_dir: Path, work: Path, epoch: str,
                 pages: list[str], assets: list[str], common: bool,
                 most: int = MKDOCS_PAGES, filled: Path | None = None,
                 warm: WarmMkDocs | None = None) -> None:
        self.config = config
        self.epoch = epoch
        self.directory_urls = bool(config.get("use_directory_urls", True))
        shutil.rmtree(work, ignore_errors=True)
        shelled = sorted(p for p in pages if shells.eligible(p)) \
            if SHELLED and partitionable(config) else []
        others = sorted(set(pages) - set(shelled))
        parts = split(others, most)
        if (common or shelled) and not parts or shelled and len(others) >= APART_FROM:
            parts = [[], *parts]  # the prototypes' own run: the fill overlaps the others
        self.parts = [Part(p, common and i == 0, work / f"part-{i}")
                      for i, p in enumerate(parts)]
        navs = nav_pages(config.get("nav") or [])
        with stage("mkdocs.prepare"):
            for part in self.parts:
                self._prepare(part, docs_dir, navs, assets)
        self.filled = os.fspath(filled if filled is not None else work / "shells")
        self.shelled = {out: os.path.join(self.filled, out)
                        for out in (page_output(src, self.directory_urls) for src in shelled)}
        self.fill_job: Path | None = None  # the whole fill's job
        self.fill_parts: list[Path] = []  # it, or its parts: one a process
        with stage("mkdocs.shapes"):
            if shelled:
                self.fill_job, self.fill_parts = self._plan(docs_dir.absolute(), shelled, work)
        self.error: BaseException | None = None
        self.current: ChildRun | None = None
        self.filling: list[ChildRun] = []  # one fill process, or one a core (many pages)
        self.stopped = False
        self.warm = warm
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _plan(self, docs_dir: Path, shelled: list[str], work: Path
              ) -> tuple[Path, list[Path]]:
        """Each page's shape (read by every core), a prototype per shape in the first
        part, and the job for ``python -m generator.publish.shells``: whole, and in the
        parts the fill processes take (one, or one a core from :data:`FILL_SPLIT_FROM`)."""
        token = secrets.token_hex(8)
        shapes: list[str] = []
        prototypes: dict[str, str] = {}
        for found, made in share(shells.plan, (docs_dir, token), shelled):
            shapes += found
            prototypes.update(made)
        first = self.parts[0]
        shell_html = {}
        for number, shape in enumerate(sorted(prototypes)):
            src = shells.prototype_path(number)
            (first.docs / src).parent.mkdir(parents=True, exist_ok=True)
            (first.docs / src).write_text(prototypes[shape], encoding="utf-8")
            first.prototypes.append(src)
            shell_html[shape] = str(first.site / page_output(src, self.directory_urls))
        pages = [[src, page_output(src, self.directory_urls), shape]
                 for src, shape in zip(shelled, shapes, strict=True)]
        job = {"token": token, "docs": str(docs_dir), "site": self.filled,
               "shells": shell_html, "pages": pages}
        path = work / "shells.json"
        path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        cores = os.cpu_count() or 1
        if len(shelled) < FILL_SPLIT_FROM or cores < 2:
            return path, [path]
        parts = []
        for number, portion in enumerate(split(pages, -(-len(pages) // cores))):
            parts.append(work / f"shells-{number}.json")
            parts[-1].write_text(json.dumps({**job, "pages": portion}, ensure_ascii=False),
                                 encoding="utf-8")
        return path, parts

    def _prepare(self, part: Part, docs_dir: Path, navs: list[str], assets: list[str]
                 ) -> None:
        part.docs.mkdir(parents=True)
        for src in part.pages:
            target = part.docs / src
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(docs_dir / src, target)
        for src in navs:
            if not (part.docs / src).exists():
                (part.docs / src).parent.mkdir(parents=True, exist_ok=True)
                (part.docs / src).write_text("", encoding="utf-8")
                part.stubs.append(src)
        if part.common:
            for src in assets:
                target = part.docs / src
                target.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(docs_dir / src, target)

    def _run(self) -> None:
        try:
            for number, part in enumerate(self.parts):
                if self.stopped:
                    return
                config = {**self.config, "docs_dir": str(part.docs.absolute()),
                          "site_dir": str(part.site.absolute())}
                last = number + 1 == len(self.parts)
                fills_here = bool(part.prototypes) and self.fill_job is not None and last \
                    and self.warm is not None  # its process fills the pages after MkDocs
                job = {"pages_only": not part.common, "stubs": part.stubs,
                       "fill": str(self.fill_job) if fills_here else None}
                self.current = MkDocsRun(config, part.folder / "mkdocs.yml", self.epoch,
                                         self.warm, again=not last, job=job,
                                         failed=BOTH_FAILED if fills_here else MKDOCS_FAILED)
                with stage("mkdocs.run"):
                    self.current.wait()
                self.current = None
                if part.prototypes and self.fill_job is not None and not fills_here \
                        and not self.stopped:
                    self.filling = [ChildRun(["-m", "generator.publish.shells", str(job)],
                                             job.with_suffix(".log"), with_root(os.environ),
                                             FILL_FAILED) for job in self.fill_parts]
            if self.filling:
                with stage("mkdocs.fill_wait"):
                    for filling in self.filling:
                        filling.wait()
        except BaseException as exc:  # handed to wait()
            self.error = exc

    def wait(self) -> None:
        self._thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        self.stopped = True
        for run in (self.current, *self.filling):
            if run is not None:
                run.stop()
        self._thread.join()

    def outputs(self) -> tuple[dict[str, Path | str], dict[str, Path] | None]:
        """(page HTML by site path, the common files by site path or None): the files
        to take from the partitions' sites."""
        pages: dict[str, Path | str] = {}
        common: dict[str, Path] | None = None
        for part in self.parts:
            for src in part.pages:
                out = page_output(src, self.directory_urls)
                pages[out] = part.site / out
            if part.common:
                skip = {page_output(s, self.directory_urls)
                        for s in part.pages + part.stubs + part.prototypes}
                common = {}
                for path in part.site.rglob("*"):
                    rel = path.relative_to(part.site).as_posix()
                    if path.is_file() and rel not in skip:
                        common[rel] = path
        return {**pages, **self.shelled}, common
