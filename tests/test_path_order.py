"""The project files are sorted as pathlib sorts them, without pathlib's comparison."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from hypothesis import given
from hypothesis import strategies as st

from generator.content.discovery import path_order, text_order

PART = st.text(alphabet="aAbB-_. 1年度", min_size=1, max_size=4).filter(
    lambda s: s not in (".", ".."))
PATHS = st.lists(st.lists(PART, min_size=1, max_size=3), max_size=12)


@given(PATHS)
def test_the_key_sorts_as_pathlib(paths: list[list[str]]) -> None:
    built = [Path(*parts) for parts in paths]
    assert sorted(built, key=path_order) == sorted(built)


def test_each_flavour_as_its_own_comparison() -> None:
    names = ["a/b.yml", "a-b.yml", "A/c.yml", "Ab.yml", "ab.yml", "a b/c.yml"]
    posix = [PurePosixPath(n) for n in names]
    assert sorted(posix, key=path_order) == sorted(posix)
    assert [str(p) for p in sorted(posix, key=path_order)][:3] == ["A/c.yml", "Ab.yml", "a/b.yml"]
    windows = [PureWindowsPath(n) for n in names]
    folded = sorted(windows, key=lambda p: tuple(part.lower() for part in p.parts))
    assert sorted(windows) == folded  # what path_order gives on Windows (normcase folds)


@given(PATHS)
def test_paths_as_text_under_one_folder_sort_as_pathlib(paths: list[list[str]]) -> None:
    """The project files are listed as text (one walk, no pathlib): under one folder they
    sort as their paths would."""
    built = sorted({Path("content", "projects", *parts) for parts in paths})
    assert sorted((str(p) for p in built), key=text_order) == [str(p) for p in built]
