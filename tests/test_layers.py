"""The package's layers, its freedom from import cycles and MkDocs behind one seam, held by
`.importlinter`.

The contracts run on the real package; each planted breach (a lower layer importing a higher
one, a new circle between two modules, a module beside the seam importing MkDocs) must break
them, so the contracts cannot pass by matching nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package under ``root`` (its own copy first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--no-cache", "--no-logo", "--config",
                           str(root / ".importlinter")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)


def planted(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """The contracts on a copy of the package whose ``module`` gains ``line``."""
    shutil.copytree(ROOT / "generator", tmp_path / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    path = tmp_path / "generator" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return lint(tmp_path)


def test_the_package_keeps_its_contracts() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_core_importing_a_higher_layer_breaks_the_layers(tmp_path: Path) -> None:
    result = planted(tmp_path, "core/fmt.py", "import generator.content.reader  # noqa")
    assert result.returncode == 1
    assert "Layers: cli > publish" in result.stdout and "BROKEN" in result.stdout
    assert "generator.core.fmt -> generator.content.reader" in result.stdout


def test_the_shared_plumbing_importing_the_domain_breaks_the_layers(tmp_path: Path) -> None:
    """base/ (the worker pool, the writer, records …) sits below core: it imports nothing
    of the package, so every layer may use it."""
    result = planted(tmp_path, "base/heap.py", "import generator.core.fmt  # noqa")
    assert result.returncode == 1
    assert "generator.base.heap -> generator.core.fmt" in result.stdout


def test_a_new_cycle_between_modules_breaks_the_acyclic_contract(tmp_path: Path) -> None:
    # model imports fmt; fmt importing model closes a circle inside generator.core
    result = planted(tmp_path, "core/fmt.py", "import generator.core.model  # noqa")
    assert result.returncode == 1
    assert "No import cycles" in result.stdout
    broken = result.stdout.split("No import cycles", 1)[1]
    assert "BROKEN" in broken.splitlines()[0]


def test_pages_importing_the_downloads_breaks_the_layers(tmp_path: Path) -> None:
    """site and downloads are rooms side by side: what both need (the URL rules, the open
    data's columns) lives in core, so neither may reach into the other."""
    result = planted(tmp_path, "site/pages.py", "import generator.downloads.files  # noqa")
    assert result.returncode == 1
    assert "generator.site.pages -> generator.downloads.files" in result.stdout


def test_a_module_beside_the_seam_importing_mkdocs_breaks_the_seam(tmp_path: Path) -> None:
    """Only generator/publish/mkdocs.py may import MkDocs: a moved-out helper (here the
    shells, which read front matter through the seam) importing it breaks the contract."""
    result = planted(tmp_path, "publish/shells.py", "import mkdocs.utils.meta  # noqa")
    assert result.returncode == 1
    assert "Only the seam" in result.stdout
    assert "generator.publish.shells -> mkdocs" in result.stdout


def test_another_layer_importing_material_breaks_the_seam(tmp_path: Path) -> None:
    result = planted(tmp_path, "site/pages.py", "import material  # noqa")
    assert result.returncode == 1
    assert "generator.site.pages -> material" in result.stdout
