"""Where the repository's own files are: one place, so no module counts parent folders."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = ROOT / "mkdocs.yml"
THEME_DIR = ROOT / "theme"
NODE_MODULES = ROOT / "node_modules"
HOOK = ROOT / "generator" / "site" / "html_blocks.py"
