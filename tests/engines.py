"""The same pages built by MkDocs 1.6.1 and by ProperDocs, the engine (issue 45), compared.

The build runs ProperDocs (``generator.publish.mkdocs.ENGINE``); MkDocs 1.6.1 is still
installed because Material names it as a dependency. Both engines are run here as plain
``python -m NAME build --strict`` on one folder of generated pages with the site's own
configuration (theme overrides, hooks, plugins), each into its own site folder, and every
file of the two sites is compared byte for byte after the one line that may differ, the
``<meta name="generator">`` tag, is taken out of each HTML page.

``tests/test_engines.py`` runs it on the seeds; at scale, as a bench command::

    .venv/bin/python -m tests.bench.synth /tmp/c1k --count 1000
    .venv/bin/python -m tests.engines /tmp/c1k /tmp/e1k
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from generator.content.discovery import read_content
from generator.publish.mkdocs import ENGINE, mkdocs_config
from generator.publish.pipeline import build_epoch, generate
from generator.site.context import build_context

ENGINES = ("mkdocs", ENGINE)
_GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_with(engines: tuple[str, ...], content: Path, work: Path) -> dict[str, Path]:
    """Generate the pages of ``content`` once into ``work/docs``, then build them with each
    engine into ``work/site-<engine>``; returns each engine's site folder."""
    site = build_context(read_content(content))
    docs = work / "docs"
    epoch = build_epoch(site.content)
    generate(site, docs, epoch, downloads=False)
    sites = {}
    for engine in engines:
        out = work / f"site-{engine}"
        config = mkdocs_config(site, docs.absolute(), out.absolute())
        path = work / f"{engine}.yml"
        path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        subprocess.run([sys.executable, "-m", engine, "build", "--strict", "--quiet", "-f",
                        str(path)], check=True, capture_output=True, timeout=3600,
                       env={**os.environ, "SOURCE_DATE_EPOCH": epoch,
                            "NO_MKDOCS_2_WARNING": "1"})  # Material's banner, under mkdocs
        sites[engine] = out
    return sites


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def _without_tag(path: Path) -> bytes:
    data = path.read_bytes()
    return _GENERATOR_TAG.sub(b"", data) if path.suffix == ".html" else data


def differences(first: Path, second: Path) -> list[str]:
    """The files that differ between two sites (or are in one only), generator tag aside."""
    a, b = _files(first), _files(second)
    return sorted({*a.keys() ^ b.keys(),
                   *(name for name in a.keys() & b.keys()
                     if _without_tag(a[name]) != _without_tag(b[name]))})


def generator_tags(site: Path) -> set[bytes]:
    return {tag for page in site.rglob("*.html")
            for tag in _GENERATOR_TAG.findall(page.read_bytes())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.engines", description=__doc__)
    parser.add_argument("content", type=Path, help="a content folder (site.yml, projects/)")
    parser.add_argument("work", type=Path, help="an empty folder for the pages and sites")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    sites = build_with(ENGINES, args.content, args.work)
    diff = differences(*sites.values())
    count = len(_files(sites[ENGINE]))
    print(f"{count} files; {len(diff)} differ apart from the generator tag "
          f"({time.perf_counter() - start:.1f} s)")
    for name in diff[:20]:
        print("  " + name)
    return 1 if diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
