"""A zip of the site that also works opened from disk (``file://``), search included.

Material's offline plugin inlines the search index and worker for ``file://``; links in
our raw HTML blocks point at ``index.html`` for this build. The zip is deterministic:
sorted entries with the build's one timestamp (:mod:`.reproducible`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.base.reproducible import epoch_time, zip_files
from generator.publish.paths import work_root
from generator.publish.pipeline import build


def package(content_dir: Path, output: Path, work_dir: Path | None = None) -> Path:
    """Build the offline site and zip it to ``output`` (entries under ``site/``).

    Raises the build's ContentError or BuildError; the CLI reports them."""
    out = work_dir or work_root() / "build" / "offline"
    site = out / "site"
    result = build(content_dir, out, site, directory_urls=False, offline=True)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    zip_files(output, [(f"site/{p.relative_to(site).as_posix()}", p) for p in files],
              epoch_time(result.epoch))
    shutil.rmtree(site.with_name("site.old"), ignore_errors=True)
    return output
