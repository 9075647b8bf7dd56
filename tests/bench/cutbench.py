"""Pagefind's input cut from a built site's pages, timed, and compared with another
revision's cut byte for byte.

    python -m tests.bench.cutbench SITE [--against REV]

Each page of ``SITE`` (``*.html``) is cut as Pagefind is given it
(:func:`generator.publish.pagefind_input.searched_page`), in this process, one page after
the other. ``--against REV``: the same pages also cut by the code of that git revision
(its ``pagefind_input.py`` and ``pagefind_bigrams.py``, loaded beside this tree's), each
page's two cuts compared, the pages that differ named and both times given. A change to
the cut that must not change the index (a faster way to the same bytes) is measured so:
docs/dev/performance.md. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from generator.publish.pagefind_input import searched_page

_ROOT = Path(__file__).resolve().parents[2]
_MODULES = "generator/publish"


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def cut_at(revision: str, folder: Path) -> Callable[[bytes], bytes]:
    """``searched_page`` as the code of ``revision`` has it."""
    def source(name: str) -> str:
        return subprocess.run(["git", "show", f"{revision}:{_MODULES}/{name}"], cwd=_ROOT,
                              check=True, capture_output=True, text=True).stdout

    bigrams = folder / "pagefind_bigrams.py"
    bigrams.write_text(source("pagefind_bigrams.py"), encoding="utf-8")
    _module("_cut_against_bigrams", bigrams)
    cut = folder / "pagefind_input.py"
    cut.write_text(source("pagefind_input.py").replace(
        "from generator.publish.pagefind_bigrams import",
        "from _cut_against_bigrams import"), encoding="utf-8")
    return _module("_cut_against", cut).searched_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--against", metavar="REV")
    args = parser.parse_args()
    pages = sorted(args.site.rglob("*.html"))
    with tempfile.TemporaryDirectory() as folder:
        other = cut_at(args.against, Path(folder)) if args.against else None
        here = there = 0.0
        differ: list[Path] = []
        for page in pages:
            data = page.read_bytes()
            start = time.process_time()
            cut = searched_page(data)
            here += time.process_time() - start
            if other is not None:
                start = time.process_time()
                theirs = other(data)
                there += time.process_time() - start
                if theirs != cut:
                    differ.append(page)
    print(f"{len(pages)} pages: this tree {here:.2f} s CPU"
          + (f", {args.against} {there:.2f} s; {len(differ)} cut otherwise" if other else ""))
    for page in differ[:10]:
        print(f"  differs: {page}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
