"""The fix to Pagefind's script for a search by filters only (generator/build/pagefind_patch.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build.pagefind_patch import ORIGINAL, PATCHED, SCRIPTS, patch_bundle
from generator.core.problems import BuildError
from tests.sitebuild import built


def bundle_with(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    for name in SCRIPTS:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_scripts_are_patched_once_and_a_hard_link_keeps_the_old_file(tmp_path: Path
                                                                           ) -> None:
    bundle = bundle_with(tmp_path / "pagefind", f"let a=1;{ORIGINAL}let b=2;")
    published = tmp_path / "published.js"
    os.link(bundle / "pagefind.js", published)  # as an unchanged shard taken from the site
    patch_bundle(bundle)
    patch_bundle(bundle)
    for name in SCRIPTS:
        assert (bundle / name).read_text(encoding="utf-8") == f"let a=1;{PATCHED}let b=2;"
    assert published.read_text(encoding="utf-8") == f"let a=1;{ORIGINAL}let b=2;"
    assert not list(bundle.glob("*.patch"))


def test_a_pagefind_without_the_expected_code_stops_the_build(tmp_path: Path) -> None:
    bundle = bundle_with(tmp_path / "pagefind", "let index_resp=request(term);")
    with pytest.raises(BuildError, match=r"pagefind\.js 与预期不同.*pagefind_patch\.py"):
        patch_bundle(bundle)


@pytest.mark.parametrize("kind", ["seed", "sharded"])
def test_every_bundle_of_a_built_site_is_patched(kind: str) -> None:
    pagefind = built(kind).site_dir / "pagefind"
    bundles = [pagefind, *sorted(pagefind.glob("shard-*"))]
    assert len(bundles) == (1 if kind == "seed" else 4)
    for bundle in bundles:
        for name in SCRIPTS:
            text = (bundle / name).read_text(encoding="utf-8")
            assert PATCHED in text and ORIGINAL not in text, bundle / name
