"""Benchmark: whole builds of synthetic content at 1,000, 5,000 and 10,000 projects.

    python -m tests.bench.bench [--sizes 1000,5000,10000] [--out build/bench] [--keep]
                              [--seed 2024] [--profile]
    python -m tests.bench.bench --sizes 10000,100000   # the optional 100,000 (long)

For each size the content from :mod:`tests.bench.synth` is written into a folder under
``--out``, and a fresh Python process runs the real pipeline
(:func:`generator.build.pipeline.build`: check, generate, ``mkdocs build --strict``) on it,
so the peak memory of one size is not
mixed with another's. The process then measures the built site, builds again with the
content unchanged (nothing may be written) and after editing one project's text (only that
project's page, its authority's disclosure and the downloads may be written): the edit
loop's two rows, each timed as the whole build. A build of
100 projects always runs too: the same synthetic projects' pages are compared between the
smallest and the largest site.

Search: with Material's built-in search the reader downloads ``search/search_index.json``
whole; with Pagefind a query fetches only the index chunks and result fragments it needs,
and a faceted query its filter chunks too: the table gives static upper bounds for both (see
:func:`pagefind_figures`); ``python -m tests.bench.searchbench`` measures them in Chromium.

Times are wall-clock, so other work on the machine slows them: the CPU time of the build
and the load average when it started are reported next to them. Peak memory is the
process tree's summed PSS, sampled (see :class:`TreeMemory`).

The figures, with the targets they are held to at 10,000 projects, are printed and written
to ``<out>/results.md`` (raw numbers in ``results.json``). ``--profile`` adds a cProfile of
check + generate at the largest size, run serially (the parallel check's worker processes
are invisible to cProfile), to ``<out>/profile-<N>.txt``. Measurements are not tests: the
bench reports a missed target and still exits 0.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tests.bench import synth

ROOT = Path(__file__).resolve().parents[2]
SIZES = (1_000, 5_000, 10_000)
REFERENCE = 100  # the small site whose project pages are compared with the largest one
TARGET_SIZE = 10_000
KIB = 1024
MIB = 1024 * 1024

# key, label, format, target (operator, limit) checked at the largest size, or None
METRICS: list[tuple[str, str, str, tuple[str, float] | None]] = [
    ("build_s", "Whole build: check + generate + MkDocs + Pagefind (s)", "{:.1f}",
     ("<=", 80)),
    ("generation_s", "Generation alone: check + generate (s)", "{:.1f}", ("<=", 15)),
    ("check_s", "· check: load, score, check (s)", "{:.1f}", None),
    ("generate_s", "· generate: pages and assets (s)", "{:.1f}", None),
    ("mkdocs_s", "MkDocs build (s)", "{:.1f}", None),
    ("pagefind_s", "Pagefind indexing (s)", "{:.1f}", None),
    ("downloads_s", "Downloads CSV/XLSX/JSON, in parallel with MkDocs (s)", "{:.1f}", None),
    ("cpu_s", "CPU time of the whole build: user + sys, with children (s)", "{:.1f}", None),
    ("load_before", "Load average (1 min) when the build started", "{:.2f}", None),
    ("ms_per_project", "Whole build per project (ms)", "{:.1f}", None),
    ("peak_mib", "Peak memory: process tree at once (MiB)", "{:,.0f}", ("<=", 2048)),
    ("peak_100k_mib", "Peak memory at N=100,000 (MiB)", "{:,.0f}", ("<=", 4096)),
    ("self_mib", "· this process: max RSS (MiB)", "{:,.0f}", None),
    ("mkdocs_mib", "· MkDocs child: max PSS (MiB)", "{:,.0f}", None),
    ("pagefind_child_mib", "· Pagefind child: max PSS (MiB)", "{:,.0f}", None),
    ("fork_mib", "· a forked child (check or page worker): max PSS (MiB)", "{:,.0f}",
     None),
    ("children_mib", "· getrusage children max RSS (see note) (MiB)", "{:,.0f}", None),
    ("project_page_median_kib", "Project page, median (KiB)", "{:.1f}", None),
    ("project_page_max_kib", "Project page, largest (KiB)", "{:.1f}", None),
    ("year_page_max_kib", "Year page, largest (KiB)", "{:,.1f}", ("<", 1024)),
    ("department_page_max_kib", "Authority page (部门公开), largest (KiB)", "{:,.1f}",
     ("<", 1024)),
    ("other_page_max_kib", "Any other page, largest (KiB)", "{:,.1f}", None),
    ("site_mib", "Site, total (MiB)", "{:,.1f}", None),
    ("site_files", "Site, files", "{:,}", None),
    ("search_index_mib", "Search download: search_index.json (MiB)", "{:.1f}", ("<=", 10)),
    ("pagefind_query_mib", "Search download, one query at most: Pagefind estimate (MiB)",
     "{:.1f}", ("<=", 10)),
    ("pagefind_faceted_mib", "Search download, one faceted query at most: Pagefind estimate "
     "(MiB)", "{:.1f}", ("<=", 10)),
    ("pagefind_filters_kib", "· Pagefind filter chunks, every shard (KiB)", "{:,.1f}", None),
    ("pagefind_mib", "Pagefind folder, on the server (MiB)", "{:.1f}", None),
    ("pagefind_chunk_max_kib", "Pagefind largest index chunk (KiB)", "{:,.1f}", None),
    ("pagefind_shards", "Pagefind shards (one Pagefind run each)", "{:,}", None),
    ("unchanged_written", "Files written by a rebuild of unchanged content", "{:,}", ("==", 0)),
    ("rebuild_s", "Edit loop: rebuild with nothing changed, whole build (s)", "{:.1f}",
     ("<=", 3)),
    ("edit_s", "Edit loop: rebuild after editing one project, whole build (s)", "{:.1f}",
     ("<=", 10)),
    ("edit_mkdocs_pages", "· pages MkDocs rendered again after the edit", "{:,}", None),
    ("edit_pagefind_shards", "· Pagefind shards indexed again after the edit", "{:,}", None),
    ("synth_s", "Writing the synthetic content (s)", "{:.1f}", None),
]


# --- the table ----------------------------------------------------------------------------

def _met(value: float, target: tuple[str, float]) -> bool:
    op, limit = target
    return {"<=": value <= limit, "<": value < limit, "==": value == limit}[op]


def _target_text(target: tuple[str, float], fmt: str) -> str:
    op, limit = target
    sign = {"<=": "≤", "<": "<", "==": "="}[op]
    return f"{sign} {fmt.format(limit)}"


def _n(size: int) -> str:
    return f"{size:,}"


def page_change(small: dict[str, int], large: dict[str, int]) -> tuple[float, str] | None:
    """The largest relative change of one project's page between two sites, and its id."""
    common = sorted(set(small) & set(large))
    if not common:
        return None
    worst = max(common, key=lambda pid: abs(large[pid] - small[pid]) / small[pid])
    return (large[worst] - small[worst]) / small[worst], worst


Row = tuple[str, list[str], str, bool | None]  # label, one cell per size, target, met


def table_rows(runs: dict[int, dict[str, Any]], sizes: list[int] | None = None,
               reference: int = REFERENCE) -> list[Row]:
    """The rows of :func:`results_table`; ``met`` is None for a figure without a target."""
    sizes = sorted(sizes or runs)
    top, small = sizes[-1], sizes[0]
    rows: list[Row] = []
    last = [""] * (len(sizes) - 1)  # a figure only the largest size has

    for key, label, fmt, target in METRICS:
        if not any(key in runs[s] for s in sizes):
            continue
        cells = [fmt.format(runs[s][key]) if key in runs[s] else "—" for s in sizes]
        if target is None or key not in runs[top]:
            rows.append((label, cells, "", None))
        else:
            rows.append((label, cells, _target_text(target, fmt), _met(runs[top][key], target)))

    if any("edit_written" in runs[s] for s in sizes):
        cells = []
        for s in sizes:
            run = runs[s]
            off = len(run.get("edit_unexpected", [])) + len(run.get("edit_missing", []))
            cells.append("—" if "edit_written" not in run else
                         f"{len(run['edit_written'])}" + (f" ({off} off)" if off else ""))
        run = runs[top]
        ok = "edit_written" in run and not run["edit_unexpected"] and not run["edit_missing"]
        rows.append(("Files written after editing one project's text", cells,
                     "= its page + authority page + downloads", ok))

    if len(sizes) > 1 and runs[small].get("build_s"):
        ratio = runs[top]["build_s"] / runs[small]["build_s"]
        limit = 1.1 * top / small
        rows.append((f"Scaling: t({_n(top)}) / t({_n(small)}), whole build",
                     [*last, f"{ratio:.2f}"], f"≤ {limit:.2f}", ratio <= limit))
        gen = runs[top]["generation_s"] / runs[small]["generation_s"]
        rows.append((f"· generation alone: t({_n(top)}) / t({_n(small)})",
                     [*last, f"{gen:.2f}"], "", None))

    if reference in runs and top != reference:
        change = page_change(runs[reference].get("page_sizes", {}),
                             runs[top].get("page_sizes", {}))
        if change is not None:
            value, pid = change
            rows.append((f"Same project's page, N={_n(reference)} → N={_n(top)} "
                         "(largest change)", [*last, f"{value:+.1%} ({pid})"],
                         "within ±10 %", abs(value) <= 0.10))
    return rows


def results_table(runs: dict[int, dict[str, Any]], sizes: list[int] | None = None,
                  reference: int = REFERENCE) -> str:
    """The Markdown table of the measurements: one column per size, targets at the largest.

    ``runs`` maps a size to its measurement dict (keys of :data:`METRICS`, plus
    ``edit_written`` / ``edit_unexpected`` / ``edit_missing`` lists and ``page_sizes``,
    the project pages' bytes by project id). ``sizes`` are the columns (default: all).
    """
    sizes = sorted(sizes or runs)
    top = sizes[-1]
    scope = _n(top) if top == TARGET_SIZE else f"{_n(top)}; set for {_n(TARGET_SIZE)}"
    head = ["Figure", *(f"N={_n(s)}" for s in sizes), f"Target (at N={scope})", "Met"]
    body = [[label, *cells, target, "" if met is None else ("yes" if met else "**NO**")]
            for label, cells, target, met in table_rows(runs, sizes, reference)]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    numeric = range(1, len(sizes) + 1)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.rjust(widths[i]) if i in numeric else c.ljust(widths[i])
                                 for i, c in enumerate(cells)) + " |"

    rule = ["-" * (w - 1) + ":" if i in numeric else "-" * w for i, w in enumerate(widths)]
    return "\n".join([line(head), "| " + " | ".join(rule) + " |", *map(line, body)]) + "\n"


def missed(runs: dict[int, dict[str, Any]], sizes: list[int] | None = None,
           reference: int = REFERENCE) -> list[str]:
    """The figures whose target is missed (at the largest size)."""
    return [f"{label}: {cells[-1]} (target {target})"
            for label, cells, target, met in table_rows(runs, sizes, reference) if met is False]


# --- measuring one size (in its own process) ----------------------------------------------

def _peak() -> tuple[float, float]:
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
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
        tree, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        return tree

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


def _cpu() -> float:
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


# theme/assets/javascripts/search/relax.js: up to MAX_LEAVE_ONE_OUT searches for a query,
# each in every shard (its own index chunks) ...
PAGEFIND_SEARCHES = 16
PAGEFIND_FRAGMENTS = 50  # ... and the data of up to RERANK_LIMIT results to rank them
SHARD_METADATA = ("pagefind-entry.json", ".pf_meta")  # what mergeIndex fetches of a shard


def pagefind_figures(bundle: Path) -> dict[str, float]:
    """Pagefind's folder, and static bounds on what one query downloads (no facet, and
    faceted). The shards (see ``generator.build.pagefind``) are merged into the primary
    bundle's Pagefind (``search/shards.js``): its runtime and metadata (every top-level
    file: script, worker, WebAssembly) once, each other shard's metadata, and per shard the
    largest index chunks (one per search the site's script may run), plus the largest result
    fragments it may read. A faceted query adds every shard's filter chunks: the facet panel
    asks Pagefind for all filter values and counts (``filters()``), which loads them all;
    a search by filters only fetches no index chunk (``generator/build/pagefind_patch.py``),
    so it stays under this bound too. The
    browser-measured figures are ``python -m tests.bench.searchbench SITE [--facet ...]``."""
    shards = [bundle, *sorted(p for p in bundle.glob("shard-*") if p.is_dir())]
    query = sum(p.stat().st_size for p in bundle.iterdir() if p.is_file())
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


def _edit(path: Path) -> None:
    """Change the first 主要绩效 paragraph of a project file (a typo fix, say)."""
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(r'(achievements:\n  - "?)', r"\g<1>（修订）", text, count=1)
    if not count:
        raise RuntimeError(f"no achievements in {path}")
    path.write_text(edited, encoding="utf-8")


def _expected_after_edit(result: Any, project_id: str) -> set[str]:
    from generator.site.urls import (
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


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _settle() -> None:
    """Flush what earlier steps wrote (the synthetic content, the previous size's site)
    before a timed build: otherwise the kernel's write-back of those hundreds of MiB lands
    in the build's own writes, and the figure depends on what ran before it."""
    os.sync()


def measure(size: int, work: Path, seed: int = synth.SEED, profile: Path | None = None
            ) -> dict[str, Any]:
    """Write ``size`` projects into ``work/content``, build them, and measure everything."""
    from generator.build.pipeline import build

    content = work / "content"
    start = time.perf_counter()
    synth.write_content(content, size, seed)
    figures: dict[str, Any] = {"size": size, "synth_s": time.perf_counter() - start}

    _log(f"N={size:,}: building")
    _settle()
    load_before = os.getloadavg()[0]
    cpu_before = _cpu()
    start = time.perf_counter()
    with TreeMemory() as memory:
        result = build(content, work / "build", work / "site")
    wall = time.perf_counter() - start
    cpu = _cpu() - cpu_before
    seconds = result.seconds
    own, children = _peak()
    generation = seconds["check"] + seconds["generate"]
    pagefind = seconds.get("pagefind", 0.0)
    figures.update(
        check_s=seconds["check"], generate_s=seconds["generate"], mkdocs_s=seconds["mkdocs"],
        pagefind_s=pagefind, generation_s=generation, build_s=wall,
        self_mib=own, children_mib=children, mkdocs_mib=memory.mkdocs_kib / KIB,
        pagefind_child_mib=memory.kinds.get("pagefind", 0) / KIB,
        fork_mib=memory.kinds.get("fork", 0) / KIB,
        memory_at_peak={k: v / KIB for k, v in memory.at_peak.items()},
        peak_mib=max(own, memory.peak_kib / KIB) if memory.available else own + children,
        cpu_s=cpu, load_before=load_before, build_seconds=seconds,
        projects=len(result.content.projects), errors=len(result.content.errors),
        warnings=len(result.content.warnings), generated_files=len(result.stats.written),
    )
    if size >= 100_000:
        figures["peak_100k_mib"] = figures["peak_mib"]
    if "downloads" in seconds:  # written by this process while MkDocs runs in its own
        figures["downloads_s"] = seconds["downloads"]
    figures["ms_per_project"] = figures["build_s"] / size * 1000
    ids = {synth.project_path(i, seed).removesuffix(".yml") for i in range(min(size, REFERENCE))}
    figures.update(site_figures(work / "site", ids))

    _log(f"N={size:,}: rebuilding unchanged content")
    _settle()
    start = time.perf_counter()
    again = build(content, work / "build", work / "site")  # as `make build` runs it again
    figures["rebuild_s"] = time.perf_counter() - start
    figures["rebuild_seconds"] = again.seconds
    figures["unchanged_written"] = len(again.stats.written)
    figures["unchanged_written_files"] = again.stats.written[:20]

    _log(f"N={size:,}: rebuilding after editing one project")
    relpath = synth.project_path(size // 2, seed)
    _edit(content / "projects" / relpath)
    _settle()
    start = time.perf_counter()
    edited = build(content, work / "build", work / "site")
    figures["edit_s"] = time.perf_counter() - start
    figures["edit_seconds"] = edited.seconds
    figures["edit_mkdocs_pages"] = len(edited.rendered)
    figures["edit_pagefind_shards"] = len(edited.indexed)
    written = set(edited.stats.written)
    expected = _expected_after_edit(edited, relpath.removesuffix(".yml"))
    figures.update(edit_project=relpath, edit_written=sorted(written),
                   edit_unexpected=sorted(written - expected),
                   edit_missing=sorted(expected - written))

    if profile is not None:
        _log(f"N={size:,}: profiling check + generate (serial)")
        figures["profile"] = str(profile)
        profile.write_text(profile_generation(content, work / "profile"), encoding="utf-8")
    return figures


def profile_generation(content: Path, out: Path, limit: int = 45) -> str:
    """cProfile of check (serial) + generate, sorted by own time and by cumulative time."""
    from generator.build.pipeline import build_epoch, generate
    from generator.content.discovery import read_content
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


# --- driving all sizes --------------------------------------------------------------------

def run_size(size: int, out: Path, seed: int, keep: bool, profile: Path | None
             ) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"n{size}-", dir=out))
    result_file = work / "result.json"
    command = [sys.executable, "-m", "tests.bench.bench", "--worker", str(size),
               "--work", str(work), "--seed", str(seed)]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    try:
        subprocess.run(command, check=True, cwd=ROOT)
        figures = json.loads(result_file.read_text(encoding="utf-8"))
    finally:
        if keep:
            _log(f"N={size:,}: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return figures


def report(runs: dict[int, dict[str, Any]], sizes: list[int], wall: float) -> str:
    top = runs[max(sizes)]
    lines = [
        "# Benchmark: whole builds of synthetic content",
        "",
        f"`python -m tests.bench.bench --sizes {','.join(map(str, sizes))}` on "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}; "
        f"bench wall time {wall / 60:.1f} min.",
        "",
        results_table(runs, sizes),
        f"Largest pages at N={max(sizes):,}: year `{top.get('year_page_max', '')}`, "
        f"authority `{top.get('department_page_max', '')}`, "
        f"other `{top.get('other_page_max', '')}`. "
        f"Edited project: `{top.get('edit_project', '')}`; files written after the edit: "
        + ", ".join(f"`{f}`" for f in top.get("edit_written", [])) + ".",
        "",
    ]
    for key, label in (("build_seconds", "clean build"), ("rebuild_seconds", "nothing changed"),
                       ("edit_seconds", "one project edited")):
        if top.get(key):
            stages = ", ".join(f"{k} {v:.1f}" for k, v in top[key].items())
            lines += [f"Stages at N={max(sizes):,}, {label} (s): {stages}.", ""]
    if top.get("memory_at_peak"):
        parts = ", ".join(f"{kind} {mib:,.0f}" for kind, mib in
                          sorted(top["memory_at_peak"].items(), key=lambda kv: -kv[1]))
        lines += [f"Process tree at its memory peak (N={max(sizes):,}, MiB of PSS): {parts}.",
                  ""]
    lines += [
        "Notes: the whole build is wall time around `generator.build.pipeline.build` "
        "(the downloads "
        "are written while MkDocs runs in its own process); generation = its `check` + "
        "`generate` seconds. Peak memory is the process tree's summed PSS sampled every "
        "0.25 s; `getrusage(RUSAGE_CHILDREN)` is shown for reference only: a child made by "
        "fork + exec inherits this process's high-water mark, so it cannot be smaller. "
        "A load average above the CPU count means other work slowed the wall times.",
        "",
    ]
    misses = missed(runs, sizes)
    lines.append("Missed targets: " + ("; ".join(misses) if misses else "none") + ".")
    return "\n".join(lines) + "\n"


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers like 1000,5000: {text}") \
            from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(SIZES),
                        help="numbers of projects, comma-separated (default 1000,5000,10000)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench",
                        help="results folder (default build/bench)")
    parser.add_argument("--keep", action="store_true",
                        help="keep each size's content, Markdown and site under --out")
    parser.add_argument("--seed", type=int, default=synth.SEED)
    parser.add_argument("--profile", action="store_true",
                        help="also profile check + generate at the largest size")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker is not None:  # one size, in its own process
        figures = measure(args.worker, args.work, args.seed, args.profile_to)
        (args.work / "result.json").write_text(json.dumps(figures, ensure_ascii=False),
                                               encoding="utf-8")
        return 0

    out = args.out.absolute()
    out.mkdir(parents=True, exist_ok=True)
    sizes: list[int] = args.sizes
    started = time.perf_counter()
    runs: dict[int, dict[str, Any]] = {}
    for size in sorted(set(sizes) | {REFERENCE}):
        profile = out / f"profile-{size}.txt" if args.profile and size == sizes[-1] else None
        runs[size] = run_size(size, out, args.seed, args.keep, profile)
        _log(f"N={size:,}: whole build {runs[size]['build_s']:.1f} s "
             f"(generation {runs[size]['generation_s']:.1f} s)")
    wall = time.perf_counter() - started
    text = report(runs, sizes, wall)
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps({str(k): v for k, v in runs.items()},
                                                 ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    print(text, end="")
    print(f"Written to {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
