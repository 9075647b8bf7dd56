"""File moves the build shares: hard-link-or-copy a tree, and the atomic swap of ``site/``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def copy_into(folder: Path, target: Path, skip: Callable[[Path], bool] = lambda rel: False
              ) -> None:
    """Hard-link (or copy) every file of ``folder`` into ``target``, but those ``skip``
    refuses (by path relative to ``folder``)."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_dir() or skip(rel):
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:
            shutil.copy2(path, destination)


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``new_site`` with two renames on the same file system."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)
