"""A rebuild looks at the content in a forked process while it reads the check cache
(generator/publish/scout.py): the site, the problems and the stamps are what the build
makes looking itself; a look that fails leaves the build to look itself. Counted, never
timed (the gain is in ``make bench``'s 100,000-project edits)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import generator.publish.pipeline as pipeline
from generator.content.discovery import display_path
from generator.core.problems import ContentError
from generator.publish import scout
from generator.publish.state import BuildState
from tests.bench.measure import rename_one_project
from tests.sitebuild import SEED_CONTENT
from tests.test_build import digest

EDITED = Path("projects") / "2017" / "video-conference.yml"


def _looks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every look a build took (what the child handed back), with looks at any size."""
    monkeypatch.setattr(scout, "SCOUT_FROM", 0)
    taken: list[tuple[Any, ...]] = []
    real = BuildState.take_scouted

    def spied(self: BuildState, found: tuple[Any, ...]) -> None:
        taken.append(found)
        real(self, found)

    monkeypatch.setattr(BuildState, "take_scouted", spied)
    return taken


def _seeds(tmp_path: Path) -> tuple[Path, Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    return content, tmp_path / "build", tmp_path / "site"


def test_an_edit_looked_at_apart_is_built_as_a_clean_build_builds_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild with nothing changed after a clean build, looked at apart, finds the site
    current as the clean build recorded it; a renamed project: the rebuild takes one look
    from the child, naming every project file with its digest, and the site is a clean
    build's; a rebuild with nothing changed after it writes nothing."""
    taken = _looks(monkeypatch)
    content, out, site = _seeds(tmp_path)
    pipeline.build(content, out, site)
    assert taken == []  # a clean build: no check cache to read meanwhile
    same = pipeline.build(content, out, site)  # found current as the clean build saw it
    assert len(taken) == 1 and "generate" not in same.seconds
    rename_one_project(content / EDITED)
    pipeline.build(content, out, site)
    assert len(taken) == 2
    files, stamped, _, inputs = taken[1]
    assert sorted(stamped) == sorted(display_path(p) for p in (content / "projects").rglob("*.yml"))
    assert len(files[0]) == len(stamped) and isinstance(inputs, str)
    again = pipeline.build(content, out, site)
    assert len(taken) == 3 and again.stats.written == [] and "generate" not in again.seconds
    monkeypatch.undo()
    pipeline.build(content, tmp_path / "clean", tmp_path / "clean-site")
    assert digest(site) == digest(tmp_path / "clean-site")


def test_a_look_that_fails_leaves_the_build_to_look_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child raises: nothing is taken from it, and the edit is built as before."""
    taken = _looks(monkeypatch)
    content, out, site = _seeds(tmp_path)
    pipeline.build(content, out, site)

    def broken(*args: Any) -> Any:
        raise RuntimeError("a look that fails")

    monkeypatch.setattr(scout, "_look", broken)
    rename_one_project(content / EDITED)
    pipeline.build(content, out, site)
    assert taken == []
    monkeypatch.undo()
    pipeline.build(content, tmp_path / "clean", tmp_path / "clean-site")
    assert digest(site) == digest(tmp_path / "clean-site")


def test_a_broken_file_is_reported_as_when_the_build_looks_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file made unparsable after a build: the same problems (code, file, line), looked
    at apart or not, and each published site is left as it was."""
    found = []
    for looked in (True, False):
        if looked:
            taken = _looks(monkeypatch)
        content, out, site = _seeds(tmp_path / str(looked))
        pipeline.build(content, out, site)
        before = digest(site)
        (content / EDITED).write_text("name: [不完整\n", encoding="utf-8")
        with pytest.raises(ContentError) as raised:
            pipeline.build(content, out, site)
        found.append([(p.code, Path(p.file).name, p.line, p.message.replace(str(tmp_path), ""))
                      for p in raised.value.problems])
        assert digest(site) == before
        if looked:
            assert len(taken) == 1
            monkeypatch.undo()
    assert found[0] == found[1] and any(code for code, *_ in found[0])


def test_a_look_needs_no_site_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The published site removed after a build: the child still looks (the site folder is
    the build's to see), and the rebuild makes the whole site again, as a clean build."""
    taken = _looks(monkeypatch)
    content, out, site = _seeds(tmp_path)
    pipeline.build(content, out, site)
    shutil.rmtree(site)
    pipeline.build(content, out, site)
    assert len(taken) == 1
    monkeypatch.undo()
    pipeline.build(content, tmp_path / "clean", tmp_path / "clean-site")
    assert digest(site) == digest(tmp_path / "clean-site")
