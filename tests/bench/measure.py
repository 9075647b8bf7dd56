"""What the bench measures of one build: process-tree memory, CPU time, the built site's
sizes, Pagefind's download bounds, the one-project edit and its expected writes, a profile.

Used by :func:`tests.bench.bench.measure`, which runs in its own process per size.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import resource
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.publish.pagefind_route import ROUTE_DIR, WORDS
from tests.bench.treemem import tree

KIB = 1024
MIB = 1024 * 1024


def as_staff_run(env: dict[str, str]) -> dict[str, str]:
    """The environment of a measured build as staff run one: Python keeps the modules it
    compiles. A ``PYTHONDONTWRITEBYTECODE`` in the measuring shell made every build of a
    fresh tree (``tests.bench.pairbench``'s) compile the generator again, in the build and
    in its forked downloads: about 0.4 s of each 10,000-project edit that no user pays
    (``import`` of the build's modules 0.83–0.90 s against 0.47 s once compiled)."""
    return {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}


def max_rss() -> tuple[float, float]:
    """Max RSS of this process and of its largest child so far, in MiB (Linux: KiB units)."""
    scale = 1 if sys.platform == "darwin" else KIB
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return own / MIB, children / MIB


class TreeMemory:
    """Samples the memory of this process and all its descendants together (Linux /proc).

    ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` cannot tell the children's own peak: a child
    started by fork/vfork + exec is charged with the parent's high-water mark at the exec,
    so it only ever repeats this process's peak. Instead, a thread sums the proportional
    set size (PSS: pages that forked children share with this process are counted once)
    of the whole tree every ``interval`` seconds, and keeps the largest PSS of each kind of
    child: ``mkdocs``, ``pagefind``, ``fork`` (the check's and the pages' workers, forked
    from this one) and ``other``; ``at_peak`` is the tree's make-up at its
    peak, by kind (``self`` is this process).
    """

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_kib = 0
        self.kinds: dict[str, int] = {}
        self.at_peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = os.path.exists("/proc/self/status")
        self._own_cmdline = self._cmdline(os.getpid())

    @property
    def mkdocs_kib(self) -> int:
        return self.kinds.get("mkdocs", 0)

    def __enter__(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    @staticmethod
    def _tree() -> list[int]:
        return tree(os.getpid())

    @staticmethod
    def _kib(pid: int) -> int:
        """PSS (else RSS) of ``pid`` in KiB; 0 once it has gone."""
        for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss"), (f"/proc/{pid}/status", "VmRSS")):
            try:
                with open(path, encoding="ascii", errors="replace") as f:
                    for line in f:
                        if line.startswith(key + ":"):
                            return int(line.split()[1])
            except (OSError, ValueError, IndexError):
                continue
        return 0

    @staticmethod
    def _cmdline(pid: int) -> bytes:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return f.read()
        except OSError:
            return b""

    def _kind(self, pid: int) -> str:
        if pid == os.getpid():
            return "self"
        cmdline = self._cmdline(pid)
        if cmdline == self._own_cmdline:
            return "fork"
        for kind in ("mkdocs", "pagefind"):
            if kind.encode() in cmdline:
                return kind
        return "other"

    def sample(self) -> None:
        parts: dict[str, int] = {}
        for pid in self._tree():
            kib = self._kib(pid)
            kind = self._kind(pid)
            parts[kind] = parts.get(kind, 0) + kib
            if kind != "self":
                self.kinds[kind] = max(self.kinds.get(kind, 0), kib)
        total = sum(parts.values())
        if total > self.peak_kib:
            self.peak_kib, self.at_peak = total, parts


def cpu_seconds() -> float:
    """CPU seconds (user + sys) of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def site_figures(site: Path, ids: set[str]) -> dict[str, Any]:
    """Sizes in the built site: total, search index, project/year/authority pages."""
    total = files = 0
    project: dict[str, int] = {}
    largest = {"year": (0, ""), "department": (0, ""), "other": (0, "")}
    for dirpath, _, filenames in os.walk(site):
        rel_dir = Path(dirpath).relative_to(site).as_posix()
        for name in filenames:
            size = os.stat(os.path.join(dirpath, name)).st_size
            total += size
            files += 1
            if name != "index.html":
                continue
            parts = rel_dir.split("/")
            if parts[0] == "projects":
                project[rel_dir.removeprefix("projects/")] = size
                continue
            kind = {"years": "year", "departments": "department"}.get(parts[0], "other")
            if kind != "other" and len(parts) == 1:
                kind = "other"  # the index of all years / all authorities
            if size > largest[kind][0]:
                largest[kind] = (size, rel_dir + "/")
    index = site / "search" / "search_index.json"
    sizes = sorted(project.values())
    figures: dict[str, Any] = {}
    if index.exists():  # Material's search: the reader downloads the whole index
        figures["search_index_mib"] = index.stat().st_size / MIB
    if (site / "pagefind").is_dir():
        figures.update(pagefind_figures(site / "pagefind"))
    return {
        **figures,
        "site_mib": total / MIB, "site_files": files, "project_pages": len(sizes),
        "project_page_median_kib": statistics.median(sizes) / KIB if sizes else 0.0,
        "project_page_max_kib": sizes[-1] / KIB if sizes else 0.0,
        "year_page_max_kib": largest["year"][0] / KIB, "year_page_max": largest["year"][1],
        "department_page_max_kib": largest["department"][0] / KIB,
        "department_page_max": largest["department"][1],
        "other_page_max_kib": largest["other"][0] / KIB, "other_page_max": largest["other"][1],
        "page_sizes": {pid: size for pid, size in project.items() if pid in ids},
    }


# A query is one search of its bigram words (theme/assets/javascripts/search/bigrams.js): up to
# PAGEFIND_SEARCHES index chunks in every shard (a name of 17 characters has 16 words) ...
PAGEFIND_SEARCHES = 16
PAGEFIND_FRAGMENTS = 60  # ... and the text of up to VERIFY_LIMIT results (search/phrase.js)
# what a shard's own Pagefind instance fetches before its chunks (search/shards.js)
SHARD_METADATA = ("pagefind-entry.json", ".pf_meta", ".pagefind")
ROUTE_CHUNKS = 3  # search/shards.js, MAX_ROUTE_CHUNKS: the router's chunks read for a word


def pagefind_figures(bundle: Path) -> dict[str, float]:
    """Pagefind's folder, and static bounds on what one query downloads (no facet, and
    faceted). Each shard (see ``generator.publish.pagefind``) is searched by its own instance
    of the primary bundle's Pagefind (``search/shards.js``): its runtime and metadata (every
    top-level file: script, worker, WebAssembly, but the word list only the build reads)
    once, the router's largest chunks (``ROUTE_CHUNKS`` per search), each other shard's
    metadata and WebAssembly, and
    per shard the largest index chunks (one per search the site's script may run), plus the
    largest result fragments it may read: a query whose words are in every shard (the
    router narrows a query to the shards holding its words). A faceted query adds every
    shard's filter chunks (a search with filters reads those of the shards it searches; on
    one bundle the facet panel's counts load them all); a search by filters only fetches no
    index chunk (``search/listing.js``), so it stays under this bound too. The
    browser-measured figures are ``python -m tests.bench.searchbench SITE [--facet ...]``."""
    shards = [bundle, *sorted(p for p in bundle.glob("shard-*") if p.is_dir())]
    query = sum(p.stat().st_size for p in bundle.iterdir() if p.is_file() and p.name != WORDS)
    route = sorted((p.stat().st_size for p in (bundle / ROUTE_DIR).glob("*")), reverse=True)
    query += sum(route[:PAGEFIND_SEARCHES * ROUTE_CHUNKS])
    filters = 0
    chunks: list[int] = []
    fragments: list[int] = []
    for shard in shards:
        if shard != bundle:
            query += sum(p.stat().st_size for p in shard.iterdir()
                         if p.is_file() and p.name.endswith(SHARD_METADATA))
        sizes = sorted((p.stat().st_size for p in (shard / "index").glob("*")), reverse=True)
        filters += sum(p.stat().st_size for p in (shard / "filter").glob("*"))
        query += sum(sizes[:PAGEFIND_SEARCHES])
        chunks += sizes
        fragments += [p.stat().st_size for p in (shard / "fragment").glob("*")]
    fragments.sort(reverse=True)
    query += sum(fragments[:PAGEFIND_FRAGMENTS])
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return {"pagefind_mib": total / MIB, "pagefind_query_mib": query / MIB,
            "pagefind_faceted_mib": (query + filters) / MIB, "pagefind_filters_kib": filters / KIB,
            "pagefind_chunk_max_kib": max(chunks, default=0) / KIB,
            "pagefind_index_mib": sum(chunks) / MIB, "pagefind_shards": len(shards)}


def edit_one_project(path: Path) -> None:
    """Change the first 主要绩效 paragraph of a project file (a typo fix, say)."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(r'(achievements:\n  - "?)', r"\g<1>（修订）", text, count=1)
    if not count:
        raise RuntimeError(f"no achievements in {path}")
    path.write_text(edited, encoding="utf-8")


def rename_one_project(path: Path) -> None:
    """Change a project file's name (a correction of the title): unlike a text's typo, it
    changes every summary page that lists the project (its year's table of all projects,
    its department's page, the problems' and rectification pages)."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(r"^(name: .*)$", r"\g<1>（更名）", text, count=1, flags=re.M)
    if not count:
        raise RuntimeError(f"no name in {path}")
    path.write_text(edited, encoding="utf-8")


_LEAF_SCORE = re.compile(r"^      +- \{[^}\n]*\bweight: ([\d.]+), score: ([\d.]+)\}$", re.M)
_TOTAL = re.compile(r"^score: ([\d.]+)$", re.M)
_TOP_SCORE = re.compile(r"^    score: ([\d.]+)$", re.M)
_BANDS = (Decimal(60), Decimal(80), Decimal(90))  # the synthetic grades' lower bounds


def score_one_project(path: Path) -> None:
    """Correct one score of a project file by 0.01 (the first leaf scored by hand, its
    top-level indicator's score and the total alike): lower, or raised where lowering
    would cross a grade's bound. A correction that moves the project among its year's and
    authority's (rank, average) as little as a score can."""
    text = path.read_text(encoding="utf-8")
    total = _TOTAL.search(text)
    if total is None:
        raise RuntimeError(f"no total in {path}")
    step = Decimal("0.01") if Decimal(total.group(1)) in _BANDS else Decimal("-0.01")
    leaf = next((m for m in _LEAF_SCORE.finditer(text) if "rule:" not in m.group(0)
                 and 0 <= Decimal(m.group(2)) + step <= Decimal(m.group(1))), None)
    top = [m for m in _TOP_SCORE.finditer(text) if leaf is not None and m.start() < leaf.start()]
    if leaf is None or not top:
        raise RuntimeError(f"no score to correct in {path}")
    edits = [(m.start(1), m.end(1), str(Decimal(m.group(1)) + step))
             for m in (total, top[-1])] + [(leaf.start(2), leaf.end(2),
                                            str(Decimal(leaf.group(2)) + step))]
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    path.write_text(text, encoding="utf-8")


def expected_after_edit(result: Any, project_id: str) -> set[str]:
    """What a build may write after one project's text changed: its page and JSON,
    its authority's 部门公开 (page and Word) and the results downloads."""
    from generator.core.urls import (
        department_docx_path,
        department_page,
        project_json_path,
        project_page,
        results_path,
        source_path,
    )

    project = next(p for p in result.content.projects if p.id == project_id)
    config = result.content.config
    return {
        source_path(project_page(project)),
        source_path(department_page(project.authority, project.year, config)),
        results_path("csv"), results_path("xlsx"), results_path("json"),
        results_path("csv", project.year), results_path("xlsx", project.year),
        project_json_path(project),
        department_docx_path(project.authority, project.year, config),  # 部门公开 as Word
    }


def settle() -> None:
    """Flush what earlier steps wrote (the synthetic content, the previous size's site)
    before a timed build: otherwise the kernel's write-back of those hundreds of MiB lands
    in the build's own writes, and the figure depends on what ran before it."""
    os.sync()


def profile_generation(content: Path, out: Path, limit: int = 45) -> str:
    """cProfile of check (serial) + generate, sorted by own time and by cumulative time."""
    from generator.content.discovery import read_content
    from generator.publish.pipeline import build_epoch, generate
    from generator.site.context import build_context

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    loaded = read_content(content, workers=1)
    checked = time.perf_counter() - start
    generate(build_context(loaded), out / "docs", build_epoch(loaded))
    profiler.disable()
    total = time.perf_counter() - start
    text = io.StringIO()
    text.write(f"check (serial) {checked:.1f} s, generate {total - checked:.1f} s, "
               f"under cProfile (slower than without)\n")
    for order in ("tottime", "cumulative"):
        text.write(f"\n===== by {order} =====\n")
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats(order).print_stats(limit)
    return text.getvalue()
