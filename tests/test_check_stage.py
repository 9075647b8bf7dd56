"""The check stage of an edit's build (issue 45): what it reads of the check cache and of
the sources, and how it names the files it lists; counted, never timed."""

from __future__ import annotations

import builtins
import gc
import io
import os
import pickle
import shutil
import sqlite3
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

import generator.publish.pipeline as pipeline
from generator.base.records import save_record
from generator.content import discovery
from generator.content.discovery import absolute_path, project_files, project_id, read_content
from generator.core.model import ProjectHead
from generator.publish import check_apart, scout
from generator.publish.cache import DATABASE, HEADS, CheckCache, digest_bytes
from generator.publish.state import BuildState
from tests.bench.synth import write_content
from tests.sitebuild import SEED_CONTENT
from tests.test_cache_blob import _filled, _project


def test_a_blob_of_the_former_layout_is_not_read_but_made_again(
        tmp_path: Path, unpickled: list[str]) -> None:
    """A blob in the layout of format 4 (one pickle of every entry, as bytes), even named by
    the database: its heads are not taken; the rows are read and the blob made again."""
    cache = _filled(tmp_path, ["a", "b"])
    token = sqlite3.connect(tmp_path / DATABASE).execute("SELECT token FROM meta").fetchone()[0]
    former = {"key": "key", "token": token,
              "entries": {"a.yml": ("d", (_project("stale").head(), []))}}
    save_record(tmp_path / HEADS, pickle.dumps(former, protocol=pickle.HIGHEST_PROTOCOL))
    cache.close()
    unpickled.clear()
    again = CheckCache(tmp_path, "key")
    hits = [again.get(f"{name}.yml", "d") for name in "ab"]
    assert sorted(unpickled) == ["a", "b"]  # every row, none from the blob
    assert [hit[0].name for hit in hits if hit is not None] == ["a", "b"]
    again.save()
    unpickled.clear()
    third = CheckCache(tmp_path, "key")
    assert third.get("a.yml", "d") is not None and unpickled == []  # the new blob


def test_the_rows_written_since_the_blob_are_found_without_reading_every_row(
        tmp_path: Path) -> None:
    """An edit's build reads the blob and the rows written since it was made: those are
    found by an index of them, not by reading every row of the table."""
    _filled(tmp_path, ["a", "b"]).close()
    db = sqlite3.connect(tmp_path / DATABASE)
    for query in ("SELECT name, digest, head FROM results WHERE fresh = 1",
                  "UPDATE results SET fresh = 0 WHERE fresh = 1"):
        plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {query}"))
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan


def test_a_build_reads_each_source_file_once(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    """The pages', the checked results' and the themes' keys all digest generator/core:
    its files are read once a process, not once a key."""
    model = os.path.join("generator", "core", "model.py")
    opened: list[str] = []
    real = io.open

    def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file).endswith(model):
            opened.append(os.fspath(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting)
    monkeypatch.setattr(builtins, "open", counting)
    state = BuildState(tmp_path, SEED_CONTENT, ())
    state.code()
    state.check_key()
    state._themes_key()
    BuildState(tmp_path, SEED_CONTENT, ()).check_key()  # another build in this process
    assert len(opened) <= 1


@pytest.mark.parametrize("form", ["content/projects", "./content//projects/",
                                  "../here/content/projects", "absolute"])
def test_listed_files_are_named_without_asking_the_system_for_each(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    """The absolute path (a checked result is stored by it, :meth:`BuildState.
    check_digest`) and the project id of every file the listing found are known from the
    listing: the same as os.path.abspath and pathlib give, without a call of abspath a
    file."""
    here = tmp_path / "here"
    for name in ("2020/a.yml", "2020/b.c.yml", "2021/x/y.yml", "2021/odd.yaml"):
        (here / "content" / "projects" / name).parent.mkdir(parents=True, exist_ok=True)
        (here / "content" / "projects" / name).write_text("name: x\n", encoding="utf-8")
    monkeypatch.chdir(here)
    folder = Path(str(here / "content" / "projects") if form == "absolute" else form)
    files, _ = project_files(folder)
    expected = {f: os.path.abspath(f) for f in files}
    ids = {f: Path(f).absolute().relative_to(folder.absolute()).with_suffix("").as_posix()
           for f in files}
    state = BuildState(tmp_path / "out", folder.parent, ())
    calls: list[str] = []
    real = os.path.abspath
    monkeypatch.setattr(os.path, "abspath", lambda p: calls.append(p) or real(p))
    assert {f: absolute_path(f) for f in files} == expected
    assert {f: state.check_digest(f).split("@", 1)[1] for f in files} == expected
    assert {f: project_id(f, folder) for f in files} == ids
    assert sorted(ids.values()) == ["2020/a", "2020/b.c", "2021/x/y"]
    assert calls == []


def _counted_keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The projects whose content-order key the check makes, by id."""
    made: list[str] = []
    real = discovery._content_order

    def counting() -> Any:
        key = real()

        def counted(project: ProjectHead) -> Any:
            made.append(project.id)
            return key(project)

        return counted

    monkeypatch.setattr(discovery, "_content_order", counting)
    return made


def test_an_edit_puts_its_project_in_the_content_order_by_a_few_keys(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The heads the cache gives unchanged keep the order of the build that made its blob;
    a changed project (here renamed, so that it moves) is put in its place by bisection:
    its key and those of the few it is compared with, not every project's. The order is
    the one a full sort gives."""
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    source = (content / "projects" / "2017" / "video-conference.yml").read_text(
        encoding="utf-8")
    for n in range(60):
        (content / "projects" / "2017" / f"copy-{n:02}.yml").write_text(
            source.replace("视频会议系统", f"视频会议系统{n}"), encoding="utf-8")

    def digest(path: str | Path) -> str:
        return digest_bytes(Path(path).read_bytes())

    first = read_content(content, cache=(cache := CheckCache(tmp_path / "cache", "key")),
                         digest=digest)
    cache.save()
    cache.close()
    renamed = content / "projects" / "2017" / "copy-07.yml"
    text = renamed.read_text(encoding="utf-8")
    renamed.write_text(text.replace("视频会议系统7", "视频会议系统999"), encoding="utf-8")
    made = _counted_keys(monkeypatch)
    edited = read_content(content, cache=CheckCache(tmp_path / "cache", "key"), digest=digest)
    assert "2017/copy-07" in made and len(made) <= 2 * 7 + 2  # log2(66) comparisons
    order = [p.id for p in edited.projects]
    monkeypatch.undo()
    assert order == [p.id for p in read_content(content).projects]  # a full sort's
    assert order != [p.id for p in first.projects]  # it moved
    assert len(order) == 66 and not edited.errors


def _walked(folder: Path) -> tuple[list[str], list[str]]:
    """What os.walk and a join per name list (the listing as it was), sorted as paths."""
    yml: list[str] = []
    yaml: list[str] = []
    for parent, subfolders, files in os.walk(folder):
        for name in (*subfolders, *files):
            if name.endswith(".yml"):
                yml.append(os.path.join(parent, name))
            elif name.endswith(".yaml"):
                yaml.append(os.path.join(parent, name))
    return sorted(yml, key=discovery.text_order), sorted(yaml, key=discovery.text_order)


@pytest.mark.parametrize("form", ["content/projects", "./content//projects/", "absolute"])
def test_the_projects_folder_is_listed_one_folder_at_a_time_as_os_walk_lists_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    """Files, misnamed files, a folder named like a file, nested folders and a link to a
    folder (not entered, but listed when so named): the lists os.walk gave, made from the
    folders' entries without joining a path for each file."""
    projects = tmp_path / "content" / "projects"
    for name in ("2020/a.yml", "2020/b.yaml", "2021/x/y.yml", "2021/x/z/w.yml", "c.yml"):
        (projects / name).parent.mkdir(parents=True, exist_ok=True)
        (projects / name).write_text("name: x\n", encoding="utf-8")
    (projects / "odd.yml").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.yml").write_text("name: x\n", encoding="utf-8")
    (projects / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (projects / "linked.yml").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    folder = projects if form == "absolute" else Path(form)
    expected = _walked(folder)
    joined: list[str] = []
    real = os.path.join
    monkeypatch.setattr(os.path, "join", lambda *parts: joined.append(parts[-1]) or real(*parts))
    listed = project_files(folder)
    monkeypatch.undo()
    assert listed == expected
    assert [os.path.basename(p) for p in listed[0]] == [
        "a.yml", "y.yml", "w.yml", "c.yml", "linked.yml", "odd.yml"]
    assert not [name for name in joined if name.endswith((".yml", ".yaml"))]


@pytest.mark.parametrize("looked", [False, True])
def test_the_heads_an_edit_reads_are_left_out_of_collections(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, looked: bool) -> None:
    """Every head the cache gives the check is frozen before the check runs: a collection
    while the check makes its sets and lists does not walk them (at 100,000 projects three
    walks of the whole heap made an edit's check 2 s longer). The build thaws them after.
    ``looked``: the cache read while the content is looked at apart (generator.publish.
    scout), as at 2,000 files and more."""
    if looked:
        monkeypatch.setattr(scout, "SCOUT_FROM", 0)
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    pipeline.build(content, tmp_path / "build", tmp_path / "site")
    seen: list[tuple[int, int]] = []

    def watched(*args: Any, cache: CheckCache, **kwargs: Any) -> Any:
        heads = [entry[1][0] for entry in cache.entries.values()]
        young = {id(o) for o in gc.get_objects()}  # every object not frozen
        seen.append((len(heads), sum(id(head) in young for head in heads)))
        return read_content(*args, cache=cache, **kwargs)

    monkeypatch.setattr(check_apart, "read_content", watched)
    (content / "projects" / "2017" / "video-conference.yml").write_text(
        (SEED_CONTENT / "projects" / "2017" / "video-conference.yml").read_text(
            encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    pipeline.build(content, tmp_path / "build", tmp_path / "site")
    assert seen == [(len(list((content / "projects").rglob("*.yml"))), 0)]
    assert gc.get_freeze_count() == 0


def test_the_check_asks_the_working_folder_a_few_times_not_once_a_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit's check names every file (its stamp, its checked result's key, its message
    name): the working folder is asked once a build and once a pass, not five times a file
    (10,000 files: 50,000 system calls, ~0.1 s of an edit). The names are those given
    when it is asked each time."""
    content = tmp_path / "content"
    write_content(content, 40)
    out = tmp_path / "out"
    checked = check_apart.checked  # a first build fills the cache and the stamps
    with ExitStack() as held:
        checked(content, out, BuildState(out, content, ()), held)
    asked: list[str] = []
    real = os.getcwd
    monkeypatch.setattr(os, "getcwd", lambda: asked.append("") or real())
    state = BuildState(out, content, ())
    state.inputs_key(tmp_path)
    with ExitStack() as held:
        found = checked(content, out, state, held)
    assert len(found.projects) == 40 and not found.errors
    assert len(asked) < 20
    monkeypatch.setattr(os, "getcwd", real)
    assert sorted(state.names) == sorted(discovery.display_path(f) for f in
                                         project_files(content / "projects")[0])
