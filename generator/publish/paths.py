"""Where the repository's own files are: one place, so no module counts parent folders.

Two layouts. In a checkout the site configuration, the theme and the pinned lists sit at the
repository's root and the front-end libraries in ``node_modules`` (``make install``). In an
installed wheel (``pip install jxgk-….whl``) the wheel's build hook (``hatch_build.py``) has
put copies of them in ``generator/bundled/``, the libraries under ``vendor/`` with their
``node_modules`` paths: the generator then needs no checkout, make, Node or npm.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from generator.core.command import BUNDLED, INSTALLED

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the package `generator`
SOURCE = BUNDLED if INSTALLED else ROOT  # mkdocs.yml, theme/, the pinned lists
MKDOCS_YML = SOURCE / "mkdocs.yml"
THEME_DIR = SOURCE / "theme"
REQUIREMENTS = SOURCE / "requirements.txt"
PACKAGE_LOCK = SOURCE / "package-lock.json"
NODE_MODULES = BUNDLED / "vendor" if INSTALLED else ROOT / "node_modules"
HOOK = ROOT / "generator" / "publish" / "mkdocs_hooks.py"  # MkDocs loads it by path


def work_root() -> Path:
    """Where ``build/`` and ``site/`` go by default: the checkout's root; for an installed
    wheel, the folder the command runs in (the site folder ``jxgk init`` made)."""
    return Path.cwd() if INSTALLED else ROOT


def with_root(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with the repository on the path, for ``python -m generator...``."""
    path = env.get("PYTHONPATH")
    return {**env, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}
