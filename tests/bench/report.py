"""The bench's results: the figures with their targets, as a Markdown table and report.

Kept apart from the measuring (:mod:`tests.bench.measure`) and the driver
(:mod:`tests.bench.bench`) so the table can be checked on made-up figures
(``tests/test_bench.py``) without building anything.
"""

from __future__ import annotations

import os
import platform
from typing import Any

from tests.bench.pace import PROJECTS

REFERENCE = 100  # the small site whose project pages are compared with the largest one

Target = tuple[str, float]  # operator and limit
TOP = 0  # a target held at the largest size measured, whichever it is
EDIT_SIZE, EDIT_SHARE = 2_000, 0.25  # there an edit takes at most this share of a clean build
EDITS = ("rebuild_s", "edit_s", "edit_again_s", "score_s")
# issue 45's targets, each at its size: a clean build and its peak, and every edit
ISSUE_45 = {"build": {10_000: ("<=", 80.0)}, "peak": {10_000: ("<=", 2048.0),
                                                       100_000: ("<=", 3072.0)},
            "edit": {10_000: ("<=", 3.0), 100_000: ("<=", 15.0)}}

# key, label, format, targets (by size, or TOP) or None
METRICS: list[tuple[str, str, str, dict[int, Target] | None]] = [
    ("build_s", "Whole build: check + generate + MkDocs + Pagefind (s)", "{:.1f}",
     ISSUE_45["build"]),
    ("build_median_s", "· median of the clean builds (--clean-runs) (s)", "{:.1f}", None),
    ("generation_s", "Generation alone: check + generate (s)", "{:.1f}", None),
    ("check_s", "· check: load, score, check (s)", "{:.1f}", None),
    ("generate_s", "· generate: pages and assets (s)", "{:.1f}", None),
    ("mkdocs_s", "MkDocs build (s)", "{:.1f}", None),
    ("pagefind_s", "Pagefind indexing (s)", "{:.1f}", None),
    ("downloads_s", "Downloads CSV/XLSX/JSON, in parallel with MkDocs (s)", "{:.1f}", None),
    ("cpu_s", "CPU time of the whole build: user + sys, with children (s)", "{:.1f}", None),
    ("load_before", "Load average (1 min) when the build started", "{:.2f}", None),
    ("ms_per_project", "Whole build per project (ms)", "{:.1f}", None),
    ("peak_mib", "Peak memory: process tree at once (MiB)", "{:,.0f}", ISSUE_45["peak"]),
    ("self_mib", "· this process: max RSS (MiB)", "{:,.0f}", None),
    ("mkdocs_mib", "· MkDocs child: max PSS (MiB)", "{:,.0f}", None),
    ("pagefind_child_mib", "· Pagefind child: max PSS (MiB)", "{:,.0f}", None),
    ("fork_mib", "· a forked child (check or page worker): max PSS (MiB)", "{:,.0f}",
     None),
    ("children_mib", "· getrusage children max RSS (see note) (MiB)", "{:,.0f}", None),
    ("project_page_median_kib", "Project page, median (KiB)", "{:.1f}", None),
    ("project_page_max_kib", "Project page, largest (KiB)", "{:.1f}", None),
    ("year_page_max_kib", "Year page, largest (KiB)", "{:,.1f}", {TOP: ("<", 1024)}),
    ("department_page_max_kib", "Authority page (部门公开), largest (KiB)", "{:,.1f}",
     {TOP: ("<", 1024)}),
    ("other_page_max_kib", "Any other page, largest (KiB)", "{:,.1f}", None),
    ("site_mib", "Site, total (MiB)", "{:,.1f}", None),
    ("site_files", "Site, files", "{:,}", None),
    ("search_index_mib", "Search download: search_index.json (MiB)", "{:.1f}",
     {TOP: ("<=", 10)}),
    ("pagefind_query_mib", "Search download, one query at most: Pagefind estimate (MiB)",
     "{:.1f}", {TOP: ("<=", 10)}),
    ("pagefind_faceted_mib", "Search download, one faceted query at most: Pagefind estimate "
     "(MiB)", "{:.1f}", {TOP: ("<=", 10)}),
    ("pagefind_filters_kib", "· Pagefind filter chunks, every shard (KiB)", "{:,.1f}", None),
    ("pagefind_mib", "Pagefind folder, on the server (MiB)", "{:.1f}", None),
    ("pagefind_chunk_max_kib", "Pagefind largest index chunk (KiB)", "{:,.1f}", None),
    ("pagefind_shards", "Pagefind shards (one Pagefind run each)", "{:,}", None),
    ("unchanged_written", "Files written by a rebuild of unchanged content", "{:,}",
     {TOP: ("==", 0)}),
    ("rebuild_s", "Edit loop: rebuild with nothing changed, whole build (s)", "{:.1f}",
     ISSUE_45["edit"]),
    ("edit_s", "Edit loop: rebuild after editing one project, whole build (s)", "{:.1f}",
     ISSUE_45["edit"]),
    ("edit_mkdocs_pages", "· pages MkDocs rendered again after the edit", "{:,}", None),
    ("edit_pagefind_shards", "· Pagefind shards indexed again after the edit", "{:,}", None),
    ("edit_again_s", "Edit loop: after editing another project, the replaced site reused "
     "(site.spare) (s)", "{:.1f}", ISSUE_45["edit"]),
    ("score_s", "Edit loop: after correcting a score by 0.01, whole build (s)", "{:.1f}",
     ISSUE_45["edit"]),
    ("score_mkdocs_pages", "· pages MkDocs rendered again after the correction", "{:,}", None),
    ("synth_s", "Writing the synthetic content (s)", "{:.1f}", None),
]


# --- the table ----------------------------------------------------------------------------

def _met(value: float, target: Target) -> bool:
    op, limit = target
    return {"<=": value <= limit, "<": value < limit, "==": value == limit}[op]


def _target_text(target: Target, fmt: str) -> str:
    op, limit = target
    sign = {"<=": "≤", "<": "<", "==": "="}[op]
    return f"{sign} {fmt.format(limit)}"


def _held(targets: dict[int, Target], sizes: list[int]) -> list[tuple[int, Target]]:
    """The targets held in a table of ``sizes``: each at its size when that size was
    measured, and the largest size's under :data:`TOP`."""
    held = [(size, target) for size, target in targets.items() if size in sizes]
    return [(sizes[-1], targets[TOP])] + held if TOP in targets else held


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
Miss = tuple[str, int, str, str]  # label, size, figure, target


def table_rows(runs: dict[int, dict[str, Any]], sizes: list[int] | None = None,
               reference: int = REFERENCE, misses: list[Miss] | None = None) -> list[Row]:
    """The rows of :func:`results_table`; ``met`` is None for a figure without a target
    held at the sizes shown. ``misses``: given, each figure that missed its target."""
    sizes = sorted(sizes or runs)
    top, small = sizes[-1], sizes[0]
    rows: list[Row] = []
    last = [""] * (len(sizes) - 1)  # a figure only the largest size has
    misses = [] if misses is None else misses

    for key, label, fmt, targets in METRICS:
        if not any(key in runs[s] for s in sizes):
            continue
        cells = [fmt.format(runs[s][key]) if key in runs[s] else "—" for s in sizes]
        judged = [(size, target, _met(runs[size][key], target))
                  for size, target in _held(targets or {}, sizes) if key in runs[size]]
        if not judged:
            rows.append((label, cells, "", None))
            continue
        texts = [_target_text(target, fmt) + ("" if targets and TOP in targets
                                              else f" at {_n(size)}")
                 for size, target, _ in judged]
        rows.append((label, cells, "; ".join(texts), all(met for _, _, met in judged)))
        misses += [(label, size, fmt.format(runs[size][key]), _target_text(target, fmt))
                   for size, target, met in judged if not met]

    edits = runs[EDIT_SIZE] if EDIT_SIZE in sizes else {}
    if edits.get("build_s") and any(k in edits for k in EDITS):
        share = max(edits[k] for k in EDITS if k in edits) / edits["build_s"]
        rows.append(("Edit loop: slowest rebuild / whole build",
                     [f"{share:.1%}" if s == EDIT_SIZE else "" for s in sizes],
                     f"≤ {EDIT_SHARE:.0%} at {_n(EDIT_SIZE)}", share <= EDIT_SHARE))
        if share > EDIT_SHARE:
            misses.append((rows[-1][0], EDIT_SIZE, f"{share:.1%}", f"≤ {EDIT_SHARE:.0%}"))

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
    """The Markdown table of the measurements: one column per size, each target where it is
    held (:data:`ISSUE_45`'s at their sizes, the others at the largest).

    ``runs`` maps a size to its measurement dict (keys of :data:`METRICS`, plus
    ``edit_written`` / ``edit_unexpected`` / ``edit_missing`` lists and ``page_sizes``,
    the project pages' bytes by project id). ``sizes`` are the columns (default: all).
    """
    sizes = sorted(sizes or runs)
    head = ["Figure", *(f"N={_n(s)}" for s in sizes), "Target", "Met"]
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
    """The figures whose target is missed, each at the size it was missed."""
    misses: list[Miss] = []
    rows = table_rows(runs, sizes, reference, misses)
    named = {label for label, *_ in misses}
    return [f"{label} at N={_n(size)}: {figure} (target {target})"
            for label, size, figure, target in misses] + \
        [f"{label}: {cells[-1]} (target {target})"
         for label, cells, target, met in rows if met is False and label not in named]


def report(runs: dict[int, dict[str, Any]], sizes: list[int], wall: float,
           paces: list[float] | None = None, processor: str | None = None) -> str:
    """The report; ``paces``: the machine's pace before and after the builds (ms of CPU a
    project checked, :mod:`tests.bench.pace`), to read the wall times against; ``processor``:
    what the CPU calls itself (:func:`tests.bench.pace.processor`), since machines of one
    kind differ in hardware and so in speed."""
    top = runs[max(sizes)]
    cpus = f"{os.cpu_count()} CPUs" + (f" ({processor})" if processor else "")
    lines = [
        "# Benchmark: whole builds of synthetic content",
        "",
        f"`python -m tests.bench.bench --sizes {','.join(map(str, sizes))}` on "
        f"{cpus}, Python {platform.python_version()}, {platform.system()}; "
        f"bench wall time {wall / 60:.1f} min.",
        "",
    ]
    if paces:
        lines += [
            "Machine pace (`python -m tests.bench.pace`: CPU ms a project to check the same "
            f"{PROJECTS} synthetic projects in one process) before / after the builds: "
            + " / ".join(f"{ms:.2f}" for ms in paces) + " ms: a rough sign of the machine's "
            "speed, which does not predict a build's time (docs/dev/performance.md, 第八轮); "
            "`--clean-runs 3` gives the spread of the clean builds themselves.",
            "",
        ]
    lines += [
        results_table(runs, sizes),
        f"Largest pages at N={max(sizes):,}: year `{top.get('year_page_max', '')}`, "
        f"authority `{top.get('department_page_max', '')}`, "
        f"other `{top.get('other_page_max', '')}`. "
        f"Edited project: `{top.get('edit_project', '')}`; files written after the edit: "
        + ", ".join(f"`{f}`" for f in top.get("edit_written", [])) + ".",
        "",
    ]
    if top.get("build_runs_s"):
        times = " / ".join(f"{t:.1f}" for t in top["build_runs_s"])
        lines += [f"Clean builds at N={max(sizes):,}, one after the other: {times} s (the "
                  "first is the table's whole build, their median the row below it).", ""]
    for key, label in (("build_seconds", "clean build"), ("rebuild_seconds", "nothing changed"),
                       ("edit_seconds", "one project edited"),
                       ("edit_again_seconds", "another project edited"),
                       ("score_seconds", "a score corrected")):
        if top.get(key):
            stages = ", ".join(f"{k} {v:.1f}" for k, v in top[key].items())
            lines += [f"Stages at N={max(sizes):,}, {label} (s): {stages}.", ""]
    if top.get("memory_at_peak"):
        parts = ", ".join(f"{kind} {mib:,.0f}" for kind, mib in
                          sorted(top["memory_at_peak"].items(), key=lambda kv: -kv[1]))
        lines += [f"Process tree at its memory peak (N={max(sizes):,}, MiB of PSS): {parts}.",
                  ""]
    lines += [
        "Notes: the whole build is wall time around `generator.publish.pipeline.build` "
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
