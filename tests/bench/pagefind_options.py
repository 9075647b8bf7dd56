"""What Pagefind costs on one shard's pages under other ways of giving it the Han text.

    python -m tests.bench.pagefind_options BUILD/pagefind.input.shards/shard-2 [--out DIR]

The folder is a shard's pages as a build gave them to Pagefind (cut, with each page's bigram
words, ``generator/publish/pagefind_input.py``). Each variant is written into ``--out`` and
indexed by one Pagefind run with the build's options; printed: the run's CPU (user + sys),
wall time, and the sizes of the bundle, its index chunks and its fragments. Variants: the
pages as they are; without the bigram paragraph (as before issue 33); with the Han text of
the body taken out, the bigrams alone indexed; and both again with ``--force-language en``
(no Chinese segmentation). Only the first keeps search exact as the site's scripts search
today (docs/dev/performance.md, issue 45). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.publish.pagefind_names import PAGEFIND_EXCLUDE, PAGEFIND_ROOT
from generator.publish.pagefind_run import PAGEFIND_GLOB, pagefind_executable

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BIGRAMS = re.compile(r'<p data-pe-bigrams="">.*?</p>', re.S)


def without_bigrams(page: str) -> str:
    return _BIGRAMS.sub("", page)


def bigrams_only(page: str) -> str:
    """The body's Han text out (tags, other text and the title kept), the bigrams kept."""
    found, start = _BIGRAMS.search(page), page.find("<article")
    if found is None or start < 0:
        return page
    body = re.sub(r">([^<]*)<", lambda m: ">" + _HAN.sub("", m.group(1)) + "<",
                  page[start:found.start()])
    return page[:start] + body + page[found.start():]


def _variant(source: Path, folder: Path, change: Callable[[str], str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    for page in source.rglob("index.html"):
        target = folder / page.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(change(page.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _size(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def index(pages: Path, out: Path, language: str) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    command = [str(pagefind_executable()), "--site", str(pages), "--output-path", str(out),
               "--root-selector", PAGEFIND_ROOT, "--glob", PAGEFIND_GLOB,
               "--force-language", language, "--quiet"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=pages)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "wall": time.perf_counter() - start, "bundle": _size(out),
            "index": _size(out / "index"), "fragments": _size(out / "fragment"),
            "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pagefind_options",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("shard", type=Path)
    parser.add_argument("--out", type=Path, default=Path("build/pagefind-options"))
    args = parser.parse_args(argv)
    out: Path = args.out.absolute()
    source: Path = args.shard.absolute()
    plain = _variant(source, out / "v-without-bigrams", without_bigrams)
    alone = _variant(source, out / "v-bigrams-only", bigrams_only)
    runs = [("as built", source, "zh"), ("without bigrams", plain, "zh"),
            ("bigrams only", alone, "zh"), ("as built, en", source, "en"),
            ("bigrams only, en", alone, "en")]
    for name, pages, language in runs:
        f = index(pages, out / f"o-{name.replace(' ', '-').replace(',', '')}", language)
        print(f"{name:18} CPU {f['cpu']:6.2f} s  wall {f['wall']:6.2f} s  bundle "
              f"{f['bundle']:5.1f} MiB  index {f['index']:5.1f}  fragments "
              f"{f['fragments']:5.1f}  load {f['load']:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
