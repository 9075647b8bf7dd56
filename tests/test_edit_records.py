"""What an edit's rebuild reads and writes of the build folder's records and memos (issue
45): the problem themes' memo, the group figures, the pages record and the listings'
delta, each written only as far as the edit changed it. Counted, never timed. (Moved out
of ``tests/test_edit_work.py``, which counts the pages and figures an edit makes.)"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

import generator.site.context as context_module
from generator.content.discovery import read_content
from generator.publish import listings
from generator.publish.pipeline import build
from generator.site import theme_index
from generator.site.context import build_context
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest
from tests.test_edit_work import edit_field


@pytest.mark.site
def test_the_problem_themes_memo_is_written_only_when_a_problem_text_changed() -> None:
    """An edit that leaves every problem's text leaves themes.pickle as it is (the same
    file); an edit to a problem's text writes it again, with that text."""
    work = tmp_dir("themes-memo")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    memo = work / "build" / "themes.pickle"
    before = memo.stat().st_ino, memo.stat().st_mtime_ns
    edit_field(content, "achievements:\n  - ", "achievements:\n  - 改")
    build(content, work / "build", None)
    assert (memo.stat().st_ino, memo.stat().st_mtime_ns) == before
    edit_field(content, "problems:\n  - ", "problems:\n  - 会议室设备老化。")
    build(content, work / "build", None)
    assert (memo.stat().st_ino, memo.stat().st_mtime_ns) != before
    assert "会议室设备老化。" in "".join(pickle.loads(memo.read_bytes())["memo"][0])


@pytest.mark.site
def test_an_edit_that_keeps_its_problems_texts_reads_no_themes_memo(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The edited file's problems take their themes from its earlier check (the memo of
    every text is not read: 0.1 s of an edit at 10,000 projects), and no text is segmented;
    an edit to a problem's text reads it, and segments that text only. The themes are a
    clean build's."""
    from generator.core import themes
    from generator.publish.state import BuildState

    work = tmp_dir("themes-later")
    content = work / "content"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    reads: list[str] = []
    real_read = BuildState._read_themes
    monkeypatch.setattr(BuildState, "_read_themes",
                        lambda self: reads.append("memo") or real_read(self))
    segmented: list[str] = []
    real_words = themes.words
    monkeypatch.setattr(themes, "words", lambda run: segmented.append(run) or real_words(run))
    edit_field(content, "achievements:\n  - ", "achievements:\n  - 改")
    build(content, work / "build", None)
    assert reads == [] and segmented == []
    edit_field(content, "problems:\n  - ", "problems:\n  - 投影仪无法使用。")
    result = build(content, work / "build", None)
    assert reads == ["memo"] and set(segmented) <= {"投影仪无法使用"}  # once a process
    edited = {p.id: p.problem_themes for p in result.content.projects}
    monkeypatch.undo()
    clean = build(content, work / "clean", None)
    assert edited == {p.id: p.problem_themes for p in clean.content.projects}


def test_a_groups_figures_are_summed_only_when_one_is_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The context lists each project in its groups; a group sums its figures when a page
    first reads one (an edit renders the pages of a few groups), the same figures as
    summing them as the projects are added."""
    content = read_content(SEED_CONTENT)
    added = _groups_added(monkeypatch)
    site = build_context(content)
    assert added == []
    year = next(iter(site.years.values()))
    assert year.average is not None and year.grades
    assert sorted(added) == sorted(p.id for p in year.projects)
    eager = context_module.Group.of(content.config)
    for project in year.projects:
        eager.add(project, *context_module.project_facts(project))
    for name in context_module.FIGURES:
        assert getattr(year, name) == getattr(eager, name), name
    assert len(added) == 2 * len(year.projects)  # summed once
    assert site.all.scored == len([p for p in site.projects if p.total is not None])


def _records_of_an_edit(monkeypatch: pytest.MonkeyPatch, module: Any, name: str
                        ) -> tuple[Path, Path, list[tuple[str, Any]]]:
    """The seeds built, then a text edited and built again, each record ``module`` saves in
    that second build listed (file name, data): (work folder, content, the records)."""
    work = tmp_dir(name)
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    saved = saves_of(monkeypatch, module)
    edit_field(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    build(content, work / "build", None)
    return work, content, saved


def saves_of(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[tuple[str, Any]]:
    """Each record ``module`` saves from now on (file name, data), listed as it is saved."""
    saved: list[tuple[str, Any]] = []
    real = module.save_record

    def counting(path: Path, data: Any) -> None:
        saved.append((path.name, data))
        real(path, data)

    monkeypatch.setattr(module, "save_record", counting)
    return saved


def _groups_added(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the projects added to a group from now on, one entry a group."""
    added: list[str] = []
    real = context_module.Group.add

    def counting(self: Any, project: Any, *args: Any) -> None:
        added.append(project.id)
        real(self, project, *args)

    monkeypatch.setattr(context_module.Group, "add", counting)
    return added


@pytest.mark.site
def test_an_edit_writes_the_pages_record_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before it writes pages, a build records only the pages it is to write again (read
    over the record by the next build if it is stopped), not the whole record; what it
    changed in the record once, at the end (beside it: tests/test_edit_generate.py)."""
    from generator.publish import pages_record

    work, content, saved = _records_of_an_edit(monkeypatch, pages_record, "pages-record")
    assert [name for name, _ in saved if name.startswith("pages.")] == \
        ["pages.interim", "pages.more"]
    stale = next(data for name, data in saved if name == "pages.interim")["stale"]
    assert sorted(stale) == ["departments/hezuojiaoliu/2017/index.md",
                             "departments/hezuojiaoliu/index.md",
                             "projects/2017/video-conference/index.md"]
    assert not (work / "build" / "pages.interim").exists()


@pytest.mark.site
def test_an_edit_of_a_text_sums_no_group_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The groups' figures an edit's pages read (all projects', the year's, the
    department's) are those an earlier build made when what they read of their projects is
    as it was (a new name too); a changed figure makes them again. The problems' index by
    theme is the earlier build's while the projects' problems, years and authorities are:
    a changed problem makes it again, a changed figure does not. The pages are a clean
    build's."""
    work = tmp_dir("kept-groups")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    added = _groups_added(monkeypatch)
    indexed: list[object] = []
    real_index = theme_index.ThemeIndex.of.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(theme_index.ThemeIndex, "of", classmethod(
        lambda cls, site: indexed.append(site) or real_index(cls, site)))
    edit_field(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    edited = build(content, work / "build", None)
    assert added == [] and indexed == []  # the 问题 pages' index too
    assert "projects/2017/video-conference/index.md" in edited.stats.written
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
    added.clear()  # the clean build's
    indexed.clear()
    # a new name or evaluator: every list shows it, no group's figure reads it
    edit_field(content, "name: ", "name: 改")
    edit_field(content, "evaluator: ", "evaluator: 改")
    edited = build(content, work / "build", None)
    assert added == [] and indexed == []
    assert digest(edited.docs_dir) == digest(build(content, work / "clean1", None).docs_dir)
    added.clear()
    indexed.clear()
    edit_field(content, "budget: ", "budget: 1")
    edited = build(content, work / "build", None)
    assert "2017/video-conference" in added and indexed == []
    assert digest(edited.docs_dir) == digest(build(content, work / "clean2", None).docs_dir)
    indexed.clear()  # the clean build's
    edit_field(content, "problems:\n  - ", "problems:\n  - 政府采购程序不规范。\n  - ")
    edited = build(content, work / "build", None)
    assert len(indexed) == 1
    assert digest(edited.docs_dir) == digest(build(content, work / "clean3", None).docs_dir)


@pytest.mark.site
def test_an_edit_adds_its_listing_beside_the_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """The listings an edit makes are written beside the record (``listings.more``), which
    is written whole again only once many were added; the pages are a clean build's."""
    work, content, saved = _records_of_an_edit(monkeypatch, listings, "listings-more")
    assert [name for name, _ in saved if name.startswith("listings.")] == ["listings.more"]
    more = next(data for name, data in saved if name == "listings.more")
    assert [name.split("\0")[0] for name in more["listings"]] == \
        [os.path.relpath(content / "projects" / "2017" / "video-conference.yml")
         if not os.path.isabs(name.split("\0")[0]) else
         os.fspath(content / "projects" / "2017" / "video-conference.yml")
         for name in more["listings"]]
    saved.clear()
    monkeypatch.setattr(listings, "MORE_MOST", 0)  # a file gone: the record again
    (content / "projects" / "2018" / "federation-it.yml").unlink()
    edited = build(content, work / "build", None)
    assert [name for name, _ in saved if name.startswith("listings.")] == ["listings.pickle"]
    assert not (work / "build" / "listings.more").exists()
    assert digest(edited.docs_dir) == digest(build(content, work / "clean", None).docs_dir)
