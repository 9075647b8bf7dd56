"""A shard indexed again starts from its published bundle (pagefind_reuse)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.publish.pagefind_reuse import prune, seed
from generator.publish.pagefind_stable import Unsupported, write_file


def _bundle(folder: Path, fragments: list[str], chunks: list[str]) -> Path:
    for name in fragments:
        (folder / "fragment").mkdir(parents=True, exist_ok=True)
        (folder / "fragment" / f"{name}.pf_fragment").write_bytes(name.encode())
    for name in chunks:
        (folder / "index").mkdir(parents=True, exist_ok=True)
        (folder / "index" / f"{name}.pf_index").write_bytes(name.encode())
    return folder


def test_a_seeded_run_keeps_only_what_its_metadata_names(tmp_path: Path) -> None:
    published = _bundle(tmp_path / "published", ["zh_a", "zh_b"], ["zh_i", "zh_j"])
    out = tmp_path / "out"
    seed(published, out)
    assert (out / "fragment" / "zh_a.pf_fragment").stat().st_ino == \
        (published / "fragment" / "zh_a.pf_fragment").stat().st_ino  # a link, not a copy
    _bundle(out, ["zh_c"], ["zh_k"])  # what the run wrote besides
    (out / "pagefind-entry.json").write_text(
        json.dumps({"languages": {"zh": {"hash": "zh_m", "page_count": 2}}}), encoding="utf-8")
    write_file(out / "pagefind.zh_m.pf_meta",
               ["1.5.2", [["zh_b", 10], ["zh_c", 20]], [["a", "z", "zh_k"]], [], []])
    prune(out)
    assert sorted(p.name for p in (out / "fragment").iterdir()) == \
        ["zh_b.pf_fragment", "zh_c.pf_fragment"]
    assert [p.name for p in (out / "index").iterdir()] == ["zh_k.pf_index"]
    assert sorted(p.name for p in (published / "fragment").iterdir()) == \
        ["zh_a.pf_fragment", "zh_b.pf_fragment"]  # the published bundle as it was


def test_no_published_bundle_seeds_nothing(tmp_path: Path) -> None:
    seed(tmp_path / "none", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_metadata_not_as_expected_is_refused_not_guessed(tmp_path: Path) -> None:
    out = _bundle(tmp_path / "out", ["zh_a"], [])
    (out / "pagefind-entry.json").write_text('{"languages": {"en": {}}}', encoding="utf-8")
    with pytest.raises(Unsupported):
        prune(out)
    assert (out / "fragment" / "zh_a.pf_fragment").is_file()
