"""The check cache and the projects' heads: a build holds each project's head, loads the
whole project where a page or a download needs it, and makes exactly what a build of whole
projects makes."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import pytest

import generator.publish.state as state_module
from generator.base.reproducible import epoch_time
from generator.content.discovery import read_content
from generator.core.model import Project, ProjectHead
from generator.downloads.files import iter_export_files
from generator.publish.cache import DATABASE, HEADS, CheckCache, digest_bytes
from generator.publish.pipeline import build, build_epoch
from generator.publish.state import BuildState
from generator.site.context import build_context
from generator.site.pages import render_pages
from tests.sitebuild import SEED_CONTENT

HEAVY = ("indicators", "budget_items", "goals", "funding")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("heads") / "build"
    return out, build(SEED_CONTENT, out, None)


def test_a_build_holds_heads_and_the_whole_projects_agree(built) -> None:
    _, result = built
    content = result.content
    whole = {p.id: p for p in read_content(SEED_CONTENT).projects}
    assert len(content.projects) == len(whole) == 6
    for head in content.projects:
        assert type(head) is ProjectHead
        assert not any(hasattr(head, name) for name in HEAVY)
        full = content.full(head)
        assert isinstance(full, Project) and full.id == head.id
        same = whole[head.id]
        assert full == same  # every field, indicator tree and 自评表 included
        assert (head.rates(), head.tops(), head.has_self_evaluation) == \
            ([(n.name, n.category_rate) for n in same.indicators if n.category_rate is not None],
             same.tops(), same.has_self_evaluation)
        assert head.total == same.total and head.grade == same.grade
    video = content.full(next(p for p in content.projects if p.id == "2017/video-conference"))
    assert [n.name for n in video.indicators] == ["项目决策", "项目管理", "项目绩效"]
    assert video.goals is not None and len(video.goals.planned) == 2


def test_pages_and_downloads_from_heads_are_those_of_whole_projects(built) -> None:
    out, result = built
    docs = out / "docs"
    content = read_content(SEED_CONTENT)  # no cache: whole projects
    assert all(type(p) is Project for p in content.projects)
    site = build_context(content)
    pages = dict(render_pages(site))
    assert len(pages) == 37  # with the 术语 page (glossary/)
    for path, text in pages.items():
        assert (docs / path).read_text(encoding="utf-8") == text, path
    files = dict(iter_export_files(content, epoch_time(build_epoch(content))))
    assert "data/results.xlsx" in files and "data/indicators.csv" in files
    for path, data in files.items():
        assert (docs / path).read_bytes() == data, path


def _project(name: str) -> Project:
    from decimal import Decimal
    return Project(id=name, file=f"{name}.yml", name=name, year=2020, department="部门",
                   authority="部门", budget=Decimal(10), total=Decimal("88.5"), grade="良")


def test_unpickled_heads_share_repeated_values_as_written() -> None:
    """A build holds every head: the values many projects repeat (names of the top
    indicators, weights, authorities, grades, statuses) are one object each once
    unpickled; a figure keeps its exponent (15 and 15.00 are two values on a page)."""
    from decimal import Decimal

    from generator.core.model import Rectification

    def head(weight: str, score: str) -> ProjectHead:
        made = _project("a").head()
        made.head_tops = (("项目决策", Decimal(score), Decimal(weight)),)
        made.rectification_items = [Rectification("改了", "已整改", "2021-03")]
        return made

    first, second, third = (pickle.loads(pickle.dumps(h)) for h in
                            (head("15", "15"), head("15", "15"), head("15.00", "15.00")))
    assert first == head("15", "15") and third == head("15.00", "15.00")
    assert first.head_tops[0][0] is second.head_tops[0][0] is third.head_tops[0][0]
    assert first.head_tops[0][2] is second.head_tops[0][2]
    assert str(third.head_tops[0][2]) == "15.00" and str(first.head_tops[0][2]) == "15"
    assert first.authority is second.authority and first.grade is third.grade
    assert first.rectification_items[0].status is third.rectification_items[0].status
    assert third.rates() == [("项目决策", Decimal("100.00"))]
    assert pickle.loads(pickle.dumps(first.rectification_items[0])) == \
        Rectification("改了", "已整改", "2021-03")


def test_an_indicator_is_pickled_without_the_defaults_it_holds() -> None:
    """A node's fields at their default (None for most) are left out of its pickle and come
    back from the class; a value equal to the default but written otherwise (0.0, not 0)
    is kept as written."""
    from decimal import Decimal

    from generator.core.model import Indicator

    leaf = Indicator("满意度", 12, code="C1", weight_declared=Decimal("0.0"), unit="%")
    parent = Indicator("产出", 11, children=[leaf], marks={"name": (11, 3)})
    state = parent.__getstate__()
    assert set(state) == {"name", "line", "children", "marks"}
    assert set(leaf.__getstate__()) == {"name", "line", "code", "weight_declared", "unit",
                                        "children", "marks"}
    back = pickle.loads(pickle.dumps(parent))
    assert back == parent and back.children[0].note is None and back.column == 1
    assert str(back.children[0].weight_declared) == "0.0" and back.weight == 0
    assert back.mark("name") == (11, 3) and back.children[0].mark("name") == (12, 1)


def test_the_cache_keeps_heads_and_gives_whole_projects(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, "key")
    assert cache.get("a.yml", "d1") is None
    head, problems = cache.put("a.yml", "d1", cache.stored((_project("a"), [])))
    assert type(head) is ProjectHead and problems == []
    cache.save()
    again = CheckCache(tmp_path, "key")
    hit = again.get("a.yml", "d1")
    assert hit is not None and type(hit[0]) is ProjectHead and hit[0].total == 88.5
    assert again.get("a.yml", "other bytes") is None
    assert again.full("a.yml") == _project("a")
    found: list[object] = []  # another thread (the downloads') reads through its own
    worker = threading.Thread(target=lambda: found.append(again.full("a.yml")))
    worker.start()
    worker.join()
    assert found == [_project("a")]
    again.close()


def test_results_of_another_key_or_of_files_gone_are_dropped(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, "key")
    cache.get("a.yml", "d")
    cache.put("a.yml", "d", cache.stored((_project("a"), [])))
    cache.put("b.yml", "d", cache.stored((_project("b"), [])))
    cache.save()
    later = CheckCache(tmp_path, "key")
    assert later.get("a.yml", "d") is not None  # b.yml is not seen this run
    later.save()
    assert CheckCache(tmp_path, "key").full("b.yml") is None
    assert CheckCache(tmp_path, "key").full("a.yml") is not None
    other = CheckCache(tmp_path, "new checker")
    assert other.get("a.yml", "d") is None and other.full("a.yml") is None


def test_an_uncommitted_run_leaves_the_previous_cache(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, "key")
    cache.get("a.yml", "d")
    cache.put("a.yml", "d", cache.stored((_project("a"), [])))
    cache.save()
    killed = CheckCache(tmp_path, "key")
    killed.get("a.yml", "d")
    killed.put("a.yml", "d2", killed.stored((_project("changed"), [])))  # never saved: as if killed
    del killed
    kept = CheckCache(tmp_path, "key")
    assert kept.get("a.yml", "d2") is None
    assert kept.get("a.yml", "d") is not None and kept.full("a.yml") == _project("a")


def test_a_damaged_database_is_made_again(tmp_path: Path) -> None:
    (tmp_path / DATABASE).write_bytes(os.urandom(4096))
    (tmp_path / "07.pickle").write_bytes(b"a bucket of the former format")
    cache = CheckCache(tmp_path, "key")
    assert cache.get("a.yml", "d") is None
    cache.put("a.yml", "d", cache.stored((None, [])))
    cache.save()
    assert CheckCache(tmp_path, "key").get("a.yml", "d") == (None, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DATABASE, HEADS])


def test_a_worker_without_fork_gets_no_connection(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, "key")
    cache.get("a.yml", "d")
    cache.put("a.yml", "d", cache.stored((_project("a"), [])))
    cache.save()
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.entries == {} and copy.full("a.yml") == _project("a")


def _stamped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A content file and a list that records every file read as bytes."""
    file = tmp_path / "content" / "projects" / "2020" / "a.yml"
    file.parent.mkdir(parents=True)
    file.write_text("x", encoding="utf-8")
    reads: list[Path] = []
    real = state_module.read_bounded  # the one way a content file is read (regular, bounded)

    def counting(path: Path, limit: int) -> bytes:
        reads.append(path)
        return real(path, limit)

    monkeypatch.setattr(state_module, "read_bounded", counting)
    return file, reads


def test_a_file_whose_stat_is_stamped_is_not_read_again(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    file, reads = _stamped(tmp_path, monkeypatch)
    monkeypatch.setattr(state_module, "RACY_NS", 0)  # the file is older than its stamp
    first = BuildState(tmp_path / "build", tmp_path / "content", ())
    assert first.digest(file) == digest_bytes(b"x") and reads == [file]
    first.save_stamps()
    reads.clear()
    assert BuildState(tmp_path / "build", tmp_path / "content", ()).digest(file) == \
        digest_bytes(b"x")
    assert reads == []
    # the same size with its modification time set back: the change time tells
    before = os.stat(file)
    file.write_text("y", encoding="utf-8")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert BuildState(tmp_path / "build", tmp_path / "content", ()).digest(file) == \
        digest_bytes(b"y")
    assert reads == [file]


def test_a_stamp_taken_just_after_a_change_is_not_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the file system's time granularity a change may leave the stat as it was."""
    file, reads = _stamped(tmp_path, monkeypatch)
    first = BuildState(tmp_path / "build", tmp_path / "content", ())
    first.digest(file)
    first.save_stamps()
    reads.clear()
    BuildState(tmp_path / "build", tmp_path / "content", ()).digest(file)
    assert reads == [file]


def test_the_stamps_are_written_again_only_when_one_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build whose every stamp is the record's (no file read, none gone) leaves the
    record as it is; one that read a file writes it, once however often it is asked."""
    file, reads = _stamped(tmp_path, monkeypatch)
    monkeypatch.setattr(state_module, "RACY_NS", 0)
    first = BuildState(tmp_path / "build", tmp_path / "content", ())
    first.digest(file)
    first.save_stamps()
    written: list[object] = []
    real = state_module.save_record
    monkeypatch.setattr(state_module, "save_record",
                        lambda path, data: written.append(path.name) or real(path, data))
    unchanged = BuildState(tmp_path / "build", tmp_path / "content", ())
    unchanged.digest(file)
    unchanged.save_stamps()
    assert written == [] and len(reads) == 1
    file.write_text("y", encoding="utf-8")
    edited = BuildState(tmp_path / "build", tmp_path / "content", ())
    assert edited.digest(file) == digest_bytes(b"y")
    edited.save_stamps()
    edited.save_stamps()
    assert written == [state_module.STAMPS]


def test_files_checked_by_streaming_workers_are_those_checked_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean check of many files (from ``PARALLEL_FROM``) streams them from forked
    workers while this process stores them: the same heads, problems (a broken file among
    them) and whole projects, in the same order, as checked here one by one."""
    import hashlib

    from generator.base import parallel
    from generator.base.parallel import PARALLEL_FROM
    from generator.content import discovery
    from tests.bench.synth import write_content

    content = tmp_path / "content"
    write_content(content, count=PARALLEL_FROM + 30)
    broken = sorted((content / "projects").rglob("*.yml"))[7]
    broken.write_text("name: [未闭合\n", encoding="utf-8")

    def digest(path: str) -> str:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    streams: list[int] = []

    def streamed(*args: object, **kwargs: object) -> object:
        streams.append(len(args[2]))  # type: ignore[arg-type]
        return parallel.streamed(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(discovery, "streamed", streamed)
    checked = {}
    for workers in (1, 2):
        cache = CheckCache(tmp_path / f"cache-{workers}", "key")
        cache.load()
        read = read_content(content, workers=workers, cache=cache, digest=digest)
        cache.save()
        names = [p.file for p in read.projects]
        checked[workers] = (read.projects, [(p.code, p.file, p.line) for p in read.problems],
                            [cache.full(name) for name in names])
        cache.close()
    assert streams == [PARALLEL_FROM + 30]  # workers=2 only, every file
    assert checked[1] == checked[2]
    heads, problems, wholes = checked[2]
    assert len(heads) == PARALLEL_FROM + 29 and all(wholes)
    assert any(file.endswith(broken.name) for _, file, _ in problems)
