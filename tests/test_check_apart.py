"""A clean build checks its files in a forked process and then reads the heads from the check
cache, as an edit does (issue 45 item 4: what a clean check leaves behind is not carried
through the build). Outcomes only: which process parsed the files, what the heads hold, the
pages and problems compared with a check in the build's own process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import generator.content.discovery
from generator.core.heads import holds_texts
from generator.core.problems import ContentError
from generator.publish import check_apart
from generator.publish.cache import CHECK_CACHE, CheckCache
from generator.publish.pipeline import build
from generator.publish.state import BuildState
from tests.bench.synth import write_content
from tests.sitebuild import tmp_dir
from tests.test_build import digest

COUNT = 24


def _content(name: str) -> Path:
    root = tmp_dir(f"apart-{name}")
    shutil.rmtree(root, ignore_errors=True)
    write_content(root / "content", COUNT)
    return root / "content"


@pytest.fixture
def apart_from_few(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_apart, "APART_FROM", 5)


def _parsed_here(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files parsed by this process (not by a process forked from it)."""
    here, calls = os.getpid(), []
    real = generator.content.discovery.process_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        if os.getpid() == here:
            calls.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.content.discovery, "process_file", counting)
    return calls


def test_the_forked_check_fills_the_cache_and_this_process_parses_no_file(
        monkeypatch: pytest.MonkeyPatch, apart_from_few: None) -> None:
    content = _content("fills")
    out = content.parent / "build"
    state = BuildState(out, content, (True, False, None, 2500, False))
    cache = CheckCache(out / CHECK_CACHE, state.check_key())
    assert check_apart.wanted(cache, COUNT)
    parsed = _parsed_here(monkeypatch)
    assert check_apart.check_apart(content, state, cache)
    again = CheckCache(out / CHECK_CACHE, state.check_key())
    assert not check_apart.wanted(again, COUNT)  # the blob it wrote is current
    read = generator.content.discovery.read_content(content, cache=again,
                                                    digest=state.check_digest,
                                                    listed=state.project_files)
    assert parsed == []
    assert again.hits == COUNT and len(read.projects) == COUNT
    assert not any(holds_texts(p) for p in read.projects)  # packed, as an edit reads them


def test_a_clean_build_checked_apart_writes_what_a_check_here_writes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content("same")
    results = {}
    for name, most in (("apart", 5), ("here", 10 ** 9)):
        monkeypatch.setattr(check_apart, "APART_FROM", most)
        parsed = _parsed_here(monkeypatch)
        out = content.parent / f"build-{name}"
        result = build(content, out, None)
        results[name] = (result, digest(result.docs_dir), len(parsed))
        edited = build(content, out, None)  # nothing changed: nothing checked either way
        assert "check.apart" not in edited.stages
    apart, here = results["apart"], results["here"]
    assert "check.apart" in apart[0].stages and "check.apart" not in here[0].stages
    assert (apart[2], here[2]) == (0, COUNT)
    assert apart[1] == here[1]
    # every head's texts were read (pages, listings, groups, the problems' index) and none
    # was kept unpacked (generator.core.heads.seen)
    assert not any(holds_texts(p) for p in apart[0].content.projects)
    assert apart[0].content.projects == here[0].content.projects


def _problems(content: Path, out: Path) -> list[tuple[str, str | None, int | None]]:
    with pytest.raises(ContentError) as raised:
        build(content, out, None)
    return [(p.code, p.file, p.line) for p in raised.value.problems]


def test_problems_found_apart_are_those_found_here(monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content("problems")
    files = sorted((content / "projects").rglob("*.yml"))
    files[3].write_text(files[3].read_text(encoding="utf-8").replace("score:", "score: x\n#",
                                                                     1), encoding="utf-8")
    files[7].write_text("name: [\n", encoding="utf-8")
    monkeypatch.setattr(check_apart, "APART_FROM", 5)
    apart = _problems(content, content.parent / "build-apart")
    monkeypatch.setattr(check_apart, "APART_FROM", 10 ** 9)
    here = _problems(content, content.parent / "build-here")
    assert apart == here
    assert any(file and file.endswith(files[7].name) for _, file, _ in apart)
    assert any(file and file.endswith(files[3].name) for _, file, _ in apart)


def test_a_failed_forked_check_leaves_the_check_to_the_build(
        monkeypatch: pytest.MonkeyPatch, apart_from_few: None) -> None:
    content = _content("failed")

    build_pid, real = os.getpid(), check_apart.read_content

    def broken(*args: Any, **kwargs: Any) -> Any:  # in the forked check only
        if os.getpid() != build_pid:
            raise MemoryError
        return real(*args, **kwargs)

    monkeypatch.setattr(check_apart, "read_content", broken)
    parsed = _parsed_here(monkeypatch)
    result = build(content, content.parent / "build", None)
    assert "check.apart" in result.stages
    assert len(parsed) == COUNT and len(result.content.projects) == COUNT
