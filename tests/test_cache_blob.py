"""The heads of the check cache in one blob: a build reads them in one go, an edit adds a
row read over the blob, and a blob the database does not name is never used."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from generator.core.model import Project, ProjectHead
from generator.publish.cache import HEADS, CheckCache


def _project(name: str, total: str = "88.5") -> Project:
    return Project(id=name, file=f"{name}.yml", name=name, year=2020, department="部门",
                   authority="部门", budget=Decimal(10), total=Decimal(total), grade="良")


def _filled(folder: Path, names: list[str]) -> CheckCache:
    cache = CheckCache(folder, "key")
    for name in names:
        cache.get(f"{name}.yml", "d")
        cache.put(f"{name}.yml", "d", cache.stored((_project(name), [])))
    cache.save()
    return cache


def test_heads_come_from_one_blob_and_an_edit_adds_one_row(tmp_path: Path,
                                                             unpickled: list[str]) -> None:
    _filled(tmp_path, ["a", "b", "c"])
    unpickled.clear()
    again = CheckCache(tmp_path, "key")
    hits = {name: again.get(f"{name}.yml", "d") for name in "abc"}
    assert unpickled == []  # none row by row
    assert all(hit is not None and type(hit[0]) is ProjectHead and hit[0].id == name
               for name, hit in hits.items())
    assert hits["b"] is not None and hits["b"][0].total == Decimal("88.5")
    assert again.get("b.yml", "d2") is None
    again.put("b.yml", "d2", again.stored((_project("b", "70"), [])))
    blob = (tmp_path / HEADS).read_bytes()
    again.save()
    assert (tmp_path / HEADS).read_bytes() == blob  # one row more, the blob as it was
    unpickled.clear()
    third = CheckCache(tmp_path, "key")
    edited = third.get("b.yml", "d2")
    assert unpickled == ["b"]  # the edited row only, read over the blob
    assert edited is not None and edited[0].total == Decimal("70")
    assert third.get("a.yml", "d") is not None and third.full("b.yml") == _project("b", "70")


def test_a_blob_the_database_does_not_name_is_not_used(tmp_path: Path,
                                                        unpickled: list[str]) -> None:
    """A build killed after writing the blob but before its commit: the rows are read."""
    _filled(tmp_path, ["a", "b"])
    old_blob = tmp_path / "old-blob"
    shutil.copy(tmp_path / HEADS, old_blob)
    cache = CheckCache(tmp_path, "key")
    cache.get("a.yml", "d")  # b.yml went: the blob is made again
    cache.put("a.yml", "d2", cache.stored((_project("a", "60"), [])))
    cache.save()
    shutil.copy(old_blob, tmp_path / HEADS)  # as if the new blob's commit never came
    unpickled.clear()
    later = CheckCache(tmp_path, "key")
    assert later.get("b.yml", "d") is None and later.full("b.yml") is None
    hit = later.get("a.yml", "d2")
    assert hit is not None and hit[0].total == Decimal("60")
    assert unpickled == ["a"]  # every row (one is left), none from the stale blob
    later.save()  # and the blob is made again
    unpickled.clear()
    last = CheckCache(tmp_path, "key")
    assert last.get("a.yml", "d2") is not None and unpickled == []


def test_many_fresh_rows_make_the_blob_again(tmp_path: Path, unpickled: list[str]) -> None:
    names = [f"p{n}" for n in range(70)]
    _filled(tmp_path, names)
    cache = CheckCache(tmp_path, "key")
    for name in names:  # more than FRESH_MOST changed files
        cache.get(f"{name}.yml", "e")
        cache.put(f"{name}.yml", "e", cache.stored((_project(name, "50"), [])))
    cache.save()
    unpickled.clear()
    again = CheckCache(tmp_path, "key")
    assert all(again.get(f"{name}.yml", "e") is not None for name in names)
    assert unpickled == []
