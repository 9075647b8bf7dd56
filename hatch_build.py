"""The wheel's hatchling hooks: what a checkout has outside the package goes inside it.

A checkout keeps the site configuration, the theme and the pinned lists at its root and the
front-end libraries in ``node_modules`` (``make install`` runs ``npm ci``). The installed
generator reads them from ``generator/bundled/`` instead (``generator/publish/paths.py``), so a
user needs no checkout, make, Node or npm: the copies are taken when the wheel is built and
never kept in git. The wheel's dependencies are requirements.txt's exact pins.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface

ROOT = Path(__file__).resolve().parent
BUNDLED = "generator/bundled"  # paths.BUNDLED, inside the wheel
SOURCES = ("mkdocs.yml", "theme", "requirements.txt", "package-lock.json")


def requirements() -> list[str]:
    """requirements.txt's lines, each an exact pin, without comments."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def vendor_sources() -> list[str]:
    """The files under node_modules that the site serves: ``VENDOR_FILES`` of
    ``generator/publish/assets.py``, read as a literal (the build imports none of the package)."""
    tree = ast.parse((ROOT / "generator" / "publish" / "assets.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and node.target.id == "VENDOR_FILES" and node.value is not None):
            return [rel for rel, _ in ast.literal_eval(node.value)]
    raise RuntimeError("generator/publish/assets.py defines no VENDOR_FILES")


class PinnedDependencies(MetadataHookInterface):
    def update(self, metadata: dict[str, Any]) -> None:
        metadata["dependencies"] = requirements()


class BundleAssets(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # an editable install reads the checkout itself
            return
        vendor = vendor_sources()
        missing = [rel for rel in vendor if not (ROOT / "node_modules" / rel).is_file()]
        missing += [name for name in SOURCES if not (ROOT / name).exists()]
        if missing:
            raise RuntimeError("cannot build the wheel, missing: " + ", ".join(missing)
                               + " (run `make install` first: it runs `npm ci`)")
        include = build_data["force_include"]
        for name in SOURCES:
            include[str(ROOT / name)] = f"{BUNDLED}/{name}"
        for rel in vendor:
            include[str(ROOT / "node_modules" / rel)] = f"{BUNDLED}/vendor/{rel}"
