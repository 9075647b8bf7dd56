"""Benchmark: whole builds of synthetic content at 2,000 and 10,000 projects, the sizes
issue 45 holds targets at (with 100,000, run on its own).

    python -m tests.bench.bench [--sizes 2000,10000] [--out build/bench] [--keep]
                              [--seed 2024] [--profile] [--clean-runs 3]
    python -m tests.bench.bench --sizes 10000,100000   # the optional 100,000 (long)

For each size the content from :mod:`tests.bench.synth` is written into a folder under
``--out``, and a fresh Python process runs the real pipeline
(:func:`generator.publish.pipeline.build`: check, generate, ``mkdocs build --strict``) on it,
so the peak memory of one size is not
mixed with another's. The process then measures the built site, builds again with the
content unchanged (nothing may be written) and after editing one project's text (only that
project's page, its authority's disclosure and the downloads may be written), then after
editing another and correcting a third one's score by 0.01
(:func:`tests.bench.measure.score_one_project`): the edit loop's rows, each timed as the
whole build. A build of
100 projects always runs too: the same synthetic projects' pages are compared between the
smallest and the largest site.

Search: with Material's built-in search the reader downloads ``search/search_index.json``
whole; with Pagefind a query fetches only the index chunks and result fragments it needs,
and a faceted query its filter chunks too: the table gives static upper bounds for both (see
:func:`tests.bench.measure.pagefind_figures`); ``python -m tests.bench.searchbench``
measures them in Chromium.

Times are wall-clock, so other work on the machine slows them: the CPU time of the build
and the load average when it started are reported next to them. Peak memory is the
process tree's summed PSS, sampled (see :class:`tests.bench.measure.TreeMemory`).

The figures, each with its target where one is held (issue 45's at 2,000, 10,000 and
100,000 projects: :data:`tests.bench.report.ISSUE_45`), are printed and written
to ``<out>/results.md`` (raw numbers in ``results.json``). ``--profile`` adds a cProfile of
check + generate at the largest size, run serially (the parallel check's worker processes
are invisible to cProfile), to ``<out>/profile-<N>.txt``. Measurements are not tests: the
bench reports a missed target and still exits 0.

This module drives the sizes and measures one; the measuring helpers are in
:mod:`tests.bench.measure`, the table and report in :mod:`tests.bench.report`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench import synth
from tests.bench.measure import (
    KIB,
    TreeMemory,
    as_staff_run,
    cpu_seconds,
    edit_one_project,
    expected_after_edit,
    max_rss,
    profile_generation,
    score_one_project,
    settle,
    site_figures,
)
from tests.bench.pace import pace, processor
from tests.bench.report import REFERENCE, report

ROOT = Path(__file__).resolve().parents[2]
SIZES = (2_000, 10_000)


# --- measuring one size (in its own process) ----------------------------------------------

def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 1) for key, value in values.items()}


def _progress(work: Path, figures: dict[str, Any], line: str) -> None:
    """Log a phase's figures and keep those measured so far in ``work/result.json``: a long
    run (100,000 projects) that is stopped still leaves them."""
    _log(f"N={figures['size']:,}: {line}")
    (work / "result.json").write_text(json.dumps(figures, ensure_ascii=False),
                                      encoding="utf-8")


def measure(size: int, work: Path, seed: int = synth.SEED, profile: Path | None = None,
            clean_runs: int = 1) -> dict[str, Any]:
    """Write ``size`` projects into ``work/content``, build them, and measure everything;
    ``clean_runs`` > 1: that many clean builds in all, the others after the edit loop
    (:func:`clean_again`), their wall times and median kept."""
    from generator.publish.pipeline import build

    content = work / "content"
    start = time.perf_counter()
    synth.write_content(content, size, seed)
    figures: dict[str, Any] = {"size": size, "synth_s": time.perf_counter() - start}

    _log(f"N={size:,}: building")
    settle()
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds()
    start = time.perf_counter()
    with TreeMemory() as memory:
        result = build(content, work / "build", work / "site")
    wall = time.perf_counter() - start
    cpu = cpu_seconds() - cpu_before
    seconds = result.seconds
    own, children = max_rss()
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
    if "downloads" in seconds:  # written by this process while MkDocs runs in its own
        figures["downloads_s"] = seconds["downloads"]
    figures["ms_per_project"] = figures["build_s"] / size * 1000
    ids = {synth.project_path(i, seed).removesuffix(".yml") for i in range(min(size, REFERENCE))}
    figures.update(site_figures(work / "site", ids))
    _progress(work, figures, f"clean build {wall:.1f} s (CPU {cpu:.1f} s), peak "
              f"{figures['peak_mib']:,.0f} MiB {_rounded(figures['memory_at_peak'])}, "
              f"stages {_rounded(seconds)}")

    del result  # the rebuilds below run in processes of their own
    _log(f"N={size:,}: rebuilding unchanged content")
    again = rebuild(work)
    figures["rebuild_s"] = again["s"]
    figures["rebuild_seconds"] = again["seconds"]
    figures["unchanged_written"] = len(again["written"])
    figures["unchanged_written_files"] = again["written"][:20]
    _progress(work, figures, f"unchanged rebuild {figures['rebuild_s']:.1f} s, "
              f"{len(again['written'])} files written")

    _log(f"N={size:,}: rebuilding after editing one project")
    relpath = synth.project_path(size // 2, seed)
    edit_one_project(content / "projects" / relpath)
    edited = rebuild(work, relpath.removesuffix(".yml"))
    figures["edit_s"] = edited["s"]
    figures["edit_seconds"] = edited["seconds"]
    figures["edit_stages"] = edited["stages"]
    figures["edit_mkdocs_pages"] = len(edited["rendered"])
    figures["edit_pagefind_shards"] = len(edited["indexed"])
    written, expected = set(edited["written"]), set(edited["expected"])
    figures.update(edit_project=relpath, edit_written=sorted(written),
                   edit_unexpected=sorted(written - expected),
                   edit_missing=sorted(expected - written))
    _progress(work, figures, f"edit rebuild {figures['edit_s']:.1f} s, stages "
              f"{_rounded(edited['seconds'])} {_rounded(edited['stages'])}")

    _log(f"N={size:,}: rebuilding after editing another project (the replaced site reused)")
    edit_one_project(content / "projects" / synth.project_path(size // 3, seed))
    again_edited = rebuild(work)
    figures["edit_again_s"] = again_edited["s"]
    figures["edit_again_seconds"] = again_edited["seconds"]
    figures["edit_again_stages"] = again_edited["stages"]
    _progress(work, figures, f"second edit rebuild {figures['edit_again_s']:.1f} s, stages "
              f"{_rounded(again_edited['seconds'])} {_rounded(again_edited['stages'])}")

    _log(f"N={size:,}: rebuilding after correcting a score by 0.01")
    score_one_project(content / "projects" / synth.project_path(size // 5, seed))
    scored = rebuild(work)
    figures["score_s"] = scored["s"]
    figures["score_seconds"] = scored["seconds"]
    figures["score_stages"] = scored["stages"]
    figures["score_mkdocs_pages"] = len(scored["rendered"])
    _progress(work, figures, f"score edit rebuild {figures['score_s']:.1f} s, stages "
              f"{_rounded(scored['seconds'])} {_rounded(scored['stages'])}")

    if clean_runs > 1:
        runs = [figures["build_s"]]
        for run in range(2, clean_runs + 1):
            _log(f"N={size:,}: clean build {run} of {clean_runs}")
            runs.append(clean_again(work))
        figures["build_runs_s"] = runs
        figures["build_median_s"] = statistics.median(runs)
        _progress(work, figures, "clean builds " + " / ".join(f"{t:.1f}" for t in runs)
                  + f" s, median {figures['build_median_s']:.1f} s")

    if profile is not None:
        _log(f"N={size:,}: profiling check + generate (serial)")
        figures["profile"] = str(profile)
        profile.write_text(profile_generation(content, work / "profile"), encoding="utf-8")
    return figures


def rebuild(work: Path, edited: str | None = None, into: Path | None = None
            ) -> dict[str, Any]:
    """A rebuild as staff run one (``make build``): in a Python process of its own, not in
    this one, which holds the clean build's 10,000 projects (measured in this process,
    the edit rows took 9.6 and 10.9 s with check and generate 2.1–3.0 s each; in a
    process of their own, 6.8 and 7.2 s, check and generate 1.2–1.7 s). The time is
    around ``build`` there, as for the clean build; ``edited``: the project whose page and
    files the rebuild should write; ``into``: build into this folder's ``build`` and
    ``site`` instead of ``work``'s."""
    from generator.publish.paths import with_root

    settle()
    job = json.dumps({"work": str(work), "edited": edited,
                      "into": str(into) if into is not None else None})
    code = "import sys; from tests.bench.bench import rebuild_here; rebuild_here(sys.argv[1])"
    done = subprocess.run([sys.executable, "-c", code, job], capture_output=True, text=True,
                          check=False, env=as_staff_run(with_root(os.environ)))  # the same folder
    if done.returncode != 0:
        raise RuntimeError(f"rebuild failed:\n{done.stderr}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def clean_again(work: Path) -> float:
    """Another clean build of ``work/content``, into folders of its own (no check cache,
    parts or cut pages from before), in a process of its own as :func:`rebuild`'s; its wall
    time around ``build``. The machine's speed varies by more than a tenth between runs
    minutes apart (docs/dev/performance.md, 第八轮): the median of a few tells more than
    one."""
    folder = work / "again"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        built = rebuild(work, into=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not built["written"]:  # it found an earlier build's folders: no clean build
        raise RuntimeError(f"the clean build into {folder} wrote no file")
    return float(built["s"])


def rebuild_here(job_text: str) -> None:
    """In the rebuild's own process: build, then print the figures as one JSON line."""
    from generator.publish.pipeline import build

    job = json.loads(job_text)
    work = Path(job["work"])
    into = Path(job["into"]) if job.get("into") else work  # a clean build's own folders
    start = time.perf_counter()
    result = build(work / "content", into / "build", into / "site")
    seconds = time.perf_counter() - start
    expected = sorted(expected_after_edit(result, job["edited"])) if job["edited"] else []
    print(json.dumps({"s": seconds, "seconds": result.seconds, "stages": result.stages,
                      "rendered": result.rendered,
                      "indexed": result.indexed, "written": result.stats.written,
                      "expected": expected}))


# --- driving all sizes --------------------------------------------------------------------

def run_size(size: int, out: Path, seed: int, keep: bool, profile: Path | None,
             clean_runs: int = 1) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"n{size}-", dir=out))
    result_file = work / "result.json"
    command = [sys.executable, "-m", "tests.bench.bench", "--worker", str(size),
               "--work", str(work), "--seed", str(seed)]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    if clean_runs > 1:
        command += ["--clean-runs", str(clean_runs)]
    try:
        subprocess.run(command, check=True, cwd=ROOT)
        figures = json.loads(result_file.read_text(encoding="utf-8"))
    finally:
        if keep:
            _log(f"N={size:,}: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return figures


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers like 1000,5000: {text}") \
            from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def _at_least_one(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"a number of builds, 1 or more: {text}")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(SIZES),
                        help="numbers of projects, comma-separated (default 2000,10000)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench",
                        help="results folder (default build/bench)")
    parser.add_argument("--keep", action="store_true",
                        help="keep each size's content, Markdown and site under --out")
    parser.add_argument("--seed", type=int, default=synth.SEED)
    parser.add_argument("--profile", action="store_true",
                        help="also profile check + generate at the largest size")
    parser.add_argument("--clean-runs", type=_at_least_one, default=1, metavar="N",
                        help="clean builds at the largest size, N in all: their median is "
                        "reported too (default 1)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker is not None:  # one size, in its own process
        figures = measure(args.worker, args.work, args.seed, args.profile_to,
                          args.clean_runs)
        (args.work / "result.json").write_text(json.dumps(figures, ensure_ascii=False),
                                               encoding="utf-8")
        return 0

    out = args.out.absolute()
    out.mkdir(parents=True, exist_ok=True)
    sizes: list[int] = args.sizes
    started = time.perf_counter()
    paces = [pace()]  # the machine's pace before the builds and after (tests.bench.pace)
    runs: dict[int, dict[str, Any]] = {}
    for size in sorted(set(sizes) | {REFERENCE}):
        profile = out / f"profile-{size}.txt" if args.profile and size == sizes[-1] else None
        runs[size] = run_size(size, out, args.seed, args.keep, profile,
                              args.clean_runs if size == sizes[-1] else 1)
        _log(f"N={size:,}: whole build {runs[size]['build_s']:.1f} s "
             f"(generation {runs[size]['generation_s']:.1f} s)")
    paces.append(pace())
    wall = time.perf_counter() - started
    cpu = processor()
    text = report(runs, sizes, wall, paces, cpu)
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps({**{str(k): v for k, v in runs.items()},
                                                  "pace_ms": paces, "processor": cpu},
                                                 ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    print(text, end="")
    print(f"Written to {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
