"""The house rules that keep the code readable, held: every module of the package at most 450
lines (DEVELOPERS.md), every theme script at most 400 (issue 45: split by what it does)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _longer(pattern: str, folder: Path, most: int) -> dict[str, int]:
    counts = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
              for p in sorted(folder.rglob(pattern))}
    assert counts, f"no {pattern} under {folder}"
    return {name: n for name, n in counts.items() if n > most}


def test_every_module_of_the_package_is_at_most_450_lines() -> None:
    assert _longer("*.py", ROOT / "generator", 450) == {}


def test_every_theme_script_is_at_most_400_lines() -> None:
    assert _longer("*.js", ROOT / "theme" / "assets" / "javascripts", 400) == {}
