"""Helpers for the core tests: build a content folder in tmp_path and check it.

``write_project(tmp_path, "2020/a.yml", text)`` writes ``tmp_path/content/projects/2020/a.yml``
(and a default ``site.yml`` the first time) and returns the file's path. ``HEADER`` is a valid
project head of four lines, so a test's own lines start at line 5. ``check_dir`` /
``check_text`` run the real pipeline (:func:`generator.content.read_content`) and return the
:class:`~generator.content.Content`; ``run_cli`` runs ``python -m generator`` in-process.

Every test runs everywhere: a skipped test (``pytest.skip``, ``skipif``, ``importorskip``) fails
the session, so a missing tool is never mistaken for a pass (see ``pytest_sessionfinish``).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from generator.cli import main
from generator.content.discovery import Content, read_content
from generator.core.model import ProjectHead
from generator.core.problems import Problem
from tests import sitebuild

SEEDS = Path(__file__).resolve().parent.parent / "content"

# No deadline on a hypothesis example: a property test asserts outcomes, not speed. Beside
# a full test run, test_fast_paths.py's xpath property failed once and then passed twice
# although hypothesis replays a failing example first: a timing failure (the default
# deadline is 200 ms an example), not a wrong result.
settings.register_profile("outcomes", deadline=None)
settings.load_profile("outcomes")

DEFAULT_SITE = """\
title: 财政支出项目绩效评价结果公开
publisher: ""
grades:
  - {label: 优, min: 90}
  - {label: 良, min: 80, aliases: [良好]}
  - {label: 中, min: 60}
  - {label: 差, min: 0}
levels: {基本达成: 1.0, 部分实现: 0.7, 较低: 0.3, 未实现: 0}
"""

# Four lines, valid on their own: a test appends `score:` or `indicators:` from line 5 on.
HEADER = """\
name: 测试项目
year: 2020
department: 测试单位
budget: 10.00
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def content_dir(tmp_path: Path, site: str | None = DEFAULT_SITE) -> Path:
    """``tmp_path/content`` with ``site.yml`` (``site=None``: no site.yml at all)."""
    root = tmp_path / "content"
    (root / "projects").mkdir(parents=True, exist_ok=True)
    site_file = root / "site.yml"
    if site is not None and not site_file.exists():
        site_file.write_text(dedent(site), encoding="utf-8")
    return root


def write_project(tmp_path: Path, relpath: str, text: str | bytes,
                  site: str | None = DEFAULT_SITE) -> Path:
    """Write one project file under ``tmp_path/content/projects`` and return its path."""
    path = content_dir(tmp_path, site) / "projects" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(dedent(text), encoding="utf-8")
    return path


def check_dir(tmp_path: Path, workers: int = 1) -> Content:
    return read_content(tmp_path / "content", workers=workers)


def check_text(tmp_path: Path, text: str | bytes, relpath: str = "2020/p.yml") -> Content:
    """Write one project and check the whole folder."""
    write_project(tmp_path, relpath, text)
    return check_dir(tmp_path)


def errors(content: Content) -> list[Problem]:
    return content.errors


def warnings(content: Content) -> list[Problem]:
    return content.warnings


def messages(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems]


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def where(problems: list[Problem]) -> list[tuple[int | None, int | None]]:
    return [(p.line, p.column) for p in problems]


def found(problems: list[Problem]) -> list[tuple[str, int | None, int | None]]:
    """``(code, line, column)`` of each problem: what most tests assert."""
    return [(p.code, p.line, p.column) for p in problems]


def one(problems: list[Problem], code: str) -> Problem:
    """The single problem, which must have ``code``; fails with the list otherwise."""
    assert [p.code for p in problems] == [code], [f"{p.code} {p.format()}" for p in problems]
    return problems[0]


def project_of(content: Content):
    assert len(content.projects) == 1, [p.format() for p in content.problems]
    return content.projects[0]


@pytest.fixture(scope="session", autouse=True)
def _sitebuild_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds and scratch folders of tests/sitebuild.py in pytest's temporary folders: scratch
    in this worker's own, builds in the one all xdist workers of this run share."""
    own = tmp_path_factory.getbasetemp()
    shared = own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own
    sitebuild.use_dirs(own / "scratch", shared / "sites")


_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_PASSED] = report.passed
    return report


@pytest.fixture(autouse=True)
def _scratch_removed(request: pytest.FixtureRequest) -> Any:
    """A passed test's scratch folders (``sitebuild.tmp_dir``) go when it ends, as its
    ``tmp_path`` does (``tmp_path_retention_policy``): kept to the end of the run, the
    suite's site builds filled a CI machine's disk. A failed test's stay, to be looked at."""
    before = sitebuild.scratch_names()
    yield
    if request.node.stash.get(_PASSED, False):
        sitebuild.remove_scratch(sitebuild.scratch_names() - before)


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Note every skipped test (also those run by xdist workers, reported to the controller)."""
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPPED.append(f"{report.nodeid}: {_skip_reason(report)}")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    """Note every module skipped as a whole (``importorskip`` or ``skip`` at module level)."""
    if report.skipped:
        _SKIPPED.append(f"{report.nodeid}: {_skip_reason(report)}")


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    if isinstance(report.longrepr, tuple):  # (path, line, "Skipped: reason")
        return str(report.longrepr[2])
    return str(report.longrepr)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skip fails the run: the suite is meant to run every test on every machine."""
    if _SKIPPED and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if _SKIPPED:
        terminalreporter.section("skipped tests fail this run", sep="=", red=True, bold=True)
        for line in _SKIPPED:
            terminalreporter.line(line, red=True)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """``run_cli("check", path, "--json")`` -> (exit code, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def unpickled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The heads unpickled one by one (a row each), by project id."""
    seen: list[str] = []
    real = ProjectHead.__setstate__

    def counting(self: ProjectHead, state: dict[str, Any]) -> None:
        seen.append(state["id"])
        real(self, state)

    monkeypatch.setattr(ProjectHead, "__setstate__", counting)
    return seen


@pytest.fixture
def downloads_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build's downloads in this process (a thread), not a forked one: for tests that
    watch them through patched functions, which a forked process's calls never reach
    (the forked way itself: tests/test_downloads_apart.py). Undone by
    ``monkeypatch.undo()``: a test that undoes its patches midway records what the
    downloads do in a file instead (tests/test_downloads_thread.py)."""
    import generator.publish.pipeline as pipeline

    monkeypatch.setattr(pipeline, "can_fork", lambda: False)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``make test`` (xdist, worksteal) the longest tests head the workers' shares
    (see tests/schedule.py). The workers collect (the controller takes their order), and
    only their ``workerinput`` says how many they are and how they were started."""
    worker = getattr(config, "workerinput", None)
    if worker is not None and any("worksteal" in arg for arg in worker.get("mainargv", ())):
        from tests.schedule import heads_first

        items[:] = heads_first(items, [item.nodeid for item in items], worker["workercount"])
