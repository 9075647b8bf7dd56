"""Where the repository's own files are: one place, so no module counts parent folders."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = ROOT / "mkdocs.yml"
THEME_DIR = ROOT / "theme"
NODE_MODULES = ROOT / "node_modules"
HOOK = ROOT / "generator" / "site" / "html_blocks.py"


def with_root(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with the repository on the path, for ``python -m generator...``."""
    path = env.get("PYTHONPATH")
    return {**env, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}
