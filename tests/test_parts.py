"""The projects' parts of the whole-site downloads, kept between builds
(generator.downloads.parts): only a changed project's part is made again, the file put
together from the parts is the file made at once, and a build that did not finish leaves
nothing to reuse."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.downloads.parts import INDEX, Part, PartStore


def _projects(*names: str) -> list[Any]:
    return [SimpleNamespace(file=f"projects/{name}.yml") for name in names]


def _gather(folder: Path, projects: list[Any], keys: dict[str, str],
            made: list[str]) -> bytes:
    def make(project: Any) -> Part:
        made.append(project.file)
        return Part(f"<{project.file}:{keys[project.file]}>".encode(), 1, (len(project.file),))

    store = PartStore(folder, "base", lambda p: keys[p.file])
    stream = store.gather("s", projects, make)
    data = stream.read()
    store.save()
    return data


def test_only_changed_parts_are_made_again(tmp_path: Path) -> None:
    projects = _projects("a", "b", "c")
    keys = {p.file: "1" for p in projects}
    made: list[str] = []
    first = _gather(tmp_path, projects, keys, made)
    assert made == ["projects/a.yml", "projects/b.yml", "projects/c.yml"]
    keys["projects/b.yml"] = "2"
    made.clear()
    second = _gather(tmp_path, list(reversed(projects)), keys, made)
    assert made == ["projects/b.yml"]
    assert second == b"<projects/c.yml:1><projects/b.yml:2><projects/a.yml:1>"
    assert first == b"<projects/a.yml:1><projects/b.yml:1><projects/c.yml:1>"


def test_a_build_stopped_while_appending_leaves_the_index_before(tmp_path: Path) -> None:
    projects = _projects("a", "b")
    keys = {p.file: "1" for p in projects}
    _gather(tmp_path, projects, keys, [])
    keys["projects/b.yml"] = "2"
    stopped = PartStore(tmp_path, "base", lambda p: keys[p.file])
    stopped.gather("s", projects, lambda p: Part(f"<{p.file}:2>".encode()))  # appended
    # never saved: killed. The index before still points at the parts it made
    keys["projects/b.yml"] = "1"
    made: list[str] = []
    assert _gather(tmp_path, projects, keys, made) == \
        b"<projects/a.yml:1><projects/b.yml:1>"
    assert made == []
    keys["projects/b.yml"] = "2"
    assert _gather(tmp_path, projects, keys, made) == \
        b"<projects/a.yml:1><projects/b.yml:2>"
    assert made == ["projects/b.yml"]


def test_a_stream_written_anew_removes_the_index_first(tmp_path: Path) -> None:
    projects = _projects("a", "b")
    keys = {p.file: "1" for p in projects}
    _gather(tmp_path, projects, keys, [])
    (tmp_path / "s.part").write_bytes(b"")  # cannot be appended to: written anew
    stopped = PartStore(tmp_path, "base", lambda p: keys[p.file])
    stopped.gather("s", projects, lambda p: Part(f"<{p.file}:1>".encode()))
    assert not (tmp_path / INDEX).exists()  # never saved: killed
    made: list[str] = []
    assert _gather(tmp_path, projects, keys, made) == \
        b"<projects/a.yml:1><projects/b.yml:1>"
    assert made == ["projects/a.yml", "projects/b.yml"]


def test_another_base_makes_every_part(tmp_path: Path) -> None:
    projects = _projects("a")
    keys = {"projects/a.yml": "1"}
    _gather(tmp_path, projects, keys, [])
    store = PartStore(tmp_path, "other", lambda p: keys[p.file])
    made: list[str] = []
    store.gather("s", projects, lambda p: made.append(p.file) or Part(b"x"))
    assert made == ["projects/a.yml"]


def test_widths_and_rows_add_up(tmp_path: Path) -> None:
    projects = _projects("a", "bb")
    with PartStore() as store:
        stream = store.gather("s", projects, lambda p: Part(
            b"r", 2, (len(p.file), 3)))
        assert (stream.rows, stream.widths(2), stream.size) == (4, [15, 3], 2)
        assert stream.piece(1) == b"r"
        folder = store.folder
    assert not folder.exists()  # a temporary store goes with its block


def test_empty_parts_are_kept_and_a_changed_project_is_loaded_once(tmp_path: Path) -> None:
    """A stream of empty parts (a sheet no project has rows for) is an empty file: its
    parts are kept like any other. A changed project is loaded once for all streams."""
    projects = _projects("a", "b", "c")
    keys = {p.file: "1" for p in projects}
    loaded: list[str] = []
    made: list[str] = []

    def full(project: Any) -> Any:
        loaded.append(project.file)
        return project

    def run() -> dict[str, bytes]:
        store = PartStore(tmp_path, "base", lambda p: keys[p.file], full)
        streams = store.gather_all(projects, {
            "empty": lambda p: made.append(p.file) or Part(b""),
            "full": lambda p: Part(p.file.encode(), 1)})
        store.save()
        return {name: stream.read() for name, stream in streams.items()}

    first = run()
    assert first == {"empty": b"", "full": b"projects/a.ymlprojects/b.ymlprojects/c.yml"}
    assert loaded == made == ["projects/a.yml", "projects/b.yml", "projects/c.yml"]
    keys["projects/c.yml"] = "2"
    loaded.clear()
    made.clear()
    assert run() == first
    assert loaded == made == ["projects/c.yml"]


def _store(folder: Path, keys: dict[str, str]) -> PartStore:
    return PartStore(folder, "base", lambda p: keys[p.file])


def _part(keys: dict[str, str]) -> Any:
    return lambda p: Part(f"<{p.file[9:-4]}:{keys[p.file]}>".encode(), 1)


def test_an_edit_appends_the_changed_part_and_leaves_the_others_where_they_are(
        tmp_path: Path) -> None:
    projects = _projects("a", "b", "c")
    keys = {p.file: "1" for p in projects}
    store = _store(tmp_path, keys)
    first = store.gather("s", projects, _part(keys))
    store.save()
    assert (tmp_path / "s.part").read_bytes() == b"<a:1><b:1><c:1>"
    keys["projects/b.yml"] = "22"
    store = _store(tmp_path, keys)
    second = store.gather("s", projects, _part(keys))
    store.save()
    assert (tmp_path / "s.part").read_bytes() == b"<a:1><b:1><c:1><b:22>"
    assert second.read() == b"<a:1><b:22><c:1>"
    assert list(second.columns.offsets) == [0, 15, 10]
    assert list(first.columns.offsets) == [0, 5, 10]
    assert second.ranges() == [(0, 5), (15, 6), (10, 5)]
    assert (second.piece(1), second.rows, second.size) == (b"<b:22>", 3, 16)


def test_a_file_mostly_of_parts_no_longer_used_is_written_anew_in_order(
        tmp_path: Path) -> None:
    projects = _projects("a", "b")
    keys = {p.file: "1" for p in projects}
    sizes = []
    for version in range(1, 6):
        keys["projects/b.yml"] = str(version)
        store = _store(tmp_path, keys)
        stream = store.gather("s", projects, _part(keys))
        store.save()
        assert stream.read() == f"<a:1><b:{version}>".encode()
        sizes.append((tmp_path / "s.part").stat().st_size)
    # appended to while the file is at most twice the parts in use (10 bytes), then
    # written anew
    assert sizes == [10, 15, 20, 25, 10]
    assert (tmp_path / "s.part").read_bytes() == b"<a:1><b:5>"


def test_a_stream_file_shorter_than_its_index_says_is_made_again(tmp_path: Path) -> None:
    projects = _projects("a", "b")
    keys = {p.file: "1" for p in projects}
    _gather(tmp_path, projects, keys, [])
    with (tmp_path / "s.part").open("r+b") as handle:
        handle.truncate(7)
    made: list[str] = []
    assert _gather(tmp_path, projects, keys, made) == b"<projects/a.yml:1><projects/b.yml:1>"
    assert made == ["projects/a.yml", "projects/b.yml"]


def test_an_edit_takes_the_unchanged_parts_a_stream_at_a_time(monkeypatch,
                                                              tmp_path: Path) -> None:
    """Streams kept and appended to (an edit): the unchanged projects' parts are taken as
    a whole list per stream, none looked up one at a time (twelve streams of 10,000 parts:
    0.5 s of each edit); the changed project is loaded once for both streams and the
    streams hold what a clean gathering gives."""
    import generator.downloads.parts as parts

    projects = _projects(*"abcdef")
    keys = {p.file: "1" for p in projects}
    makes = {name: _part(keys) for name in ("s", "t")}
    store = _store(tmp_path, keys)
    store.gather_all(projects, makes)
    store.save()
    looked: list[str] = []
    real_keep = parts._Gathering.keep
    monkeypatch.setattr(parts._Gathering, "keep",
                        lambda self, file, key: looked.append(file) or real_keep(self, file, key))
    keys["projects/d.yml"] = "2"
    loaded: list[str] = []
    store = PartStore(tmp_path, "base", lambda p: keys[p.file],
                      lambda p: loaded.append(p.file) or p)
    streams = store.gather_all(projects, makes)
    store.save()
    assert looked == [] and loaded == ["projects/d.yml"]
    clean = PartStore(tmp_path / "clean", "base", lambda p: keys[p.file]).gather_all(
        projects, makes)
    for name in makes:
        assert streams[name].read() == clean[name].read() == \
            b"<a:1><b:1><c:1><d:2><e:1><f:1>"
        assert (tmp_path / f"{name}.part").read_bytes().endswith(b"<f:1><d:2>")


def test_an_edit_writes_only_its_entries_of_the_index(tmp_path: Path) -> None:
    """The index is a base and a delta: an edit that appended to every stream writes the
    entries it changed (one per stream for one project), not every project's again (at
    10,000 projects, ~130,000 entries pickled whole on each edit); the next build reads
    base and delta back as one index, and a change of the projects' order writes the base
    anew."""
    projects = _projects(*(f"p{n:02}" for n in range(40)))
    keys = {p.file: "1" for p in projects}
    makes = {name: _part(keys) for name in ("s", "t", "u")}

    def build(order: list[Any]) -> tuple[int, dict[str, bytes], list[str]]:
        loaded: list[str] = []
        store = PartStore(tmp_path, "base", lambda p: keys[p.file],
                          lambda p: loaded.append(p.file[9:-4]) or p)
        streams = store.gather_all(order, makes)
        store.save()
        return store.index.written, {n: s.read() for n, s in streams.items()}, loaded

    def clean(order: list[Any]) -> dict[str, bytes]:
        with PartStore() as store:
            return {n: s.read() for n, s in store.gather_all(order, makes).items()}

    assert build(projects)[0] == 120
    keys["projects/p07.yml"] = "2"
    assert build(projects) == (3, clean(projects), ["p07"])
    assert (tmp_path / "index.delta").is_file()
    keys["projects/p30.yml"] = "2"
    assert build(projects) == (6, clean(projects), ["p30"])  # the delta since the base
    assert build(projects) == (0, clean(projects), [])  # nothing written
    reordered = projects[1:] + projects[:1]
    keys["projects/p12.yml"] = "3"
    assert build(reordered) == (120, clean(reordered), ["p12"])
    assert not (tmp_path / "index.delta").exists()


def test_a_delta_of_another_base_is_not_read(tmp_path: Path) -> None:
    """A build killed after writing a new base, before removing the old delta: the delta
    names the base it belongs to, so the next build does not read it over the new one."""
    projects = _projects(*(f"p{n:02}" for n in range(8)))
    keys = {p.file: "1" for p in projects}
    _gather(tmp_path, projects, keys, [])
    keys["projects/p03.yml"] = "2"
    _gather(tmp_path, projects, keys, [])
    old_delta = (tmp_path / "index.delta").read_bytes()
    keys["projects/p03.yml"] = "1"
    _gather(tmp_path, list(reversed(projects)), keys, [])  # a new base
    (tmp_path / "index.delta").write_bytes(old_delta)  # as a killed build leaves it
    made: list[str] = []
    data = _gather(tmp_path, list(reversed(projects)), keys, made)
    assert made == []
    assert data == b"".join(f"<projects/p{n:02}.yml:1>".encode() for n in range(7, -1, -1))


def test_a_delta_naming_a_file_the_base_has_not_is_no_index(tmp_path: Path) -> None:
    """A delta holds only files of its base (it is written only then); one that names
    another (a record damaged or of a bug) leaves no index, so every part is made again
    and the stream is what a clean gathering gives, not an error."""
    from generator.base.records import load_record, save_record

    projects = _projects(*(f"p{n:02}" for n in range(8)))
    keys = {p.file: "1" for p in projects}
    _gather(tmp_path, projects, keys, [])
    keys["projects/p03.yml"] = "2"
    _gather(tmp_path, projects, keys, [])
    delta = load_record(tmp_path / "index.delta")
    assert delta["streams"]["s"]
    delta["streams"]["s"]["projects/gone.yml"] = next(iter(delta["streams"]["s"].values()))
    save_record(tmp_path / "index.delta", delta)
    made: list[str] = []
    data = _gather(tmp_path, projects, keys, made)
    assert made == [p.file for p in projects]
    assert data == b"".join(f"<{p.file}:{keys[p.file]}>".encode() for p in projects)
