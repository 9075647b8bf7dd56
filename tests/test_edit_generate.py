"""What the generate stage of an edit's rebuild reads (issue 45 item 2): the edited project's
pages and what they show, not every project's page, figures or problems again. Counted,
never timed; the pages are a clean build's each time."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import generator.site.whole_pages as whole_pages_module
from generator.base.writer import Writer
from generator.core.model import ProjectHead
from generator.core.urls import authority_page, project_page, source_path
from generator.publish import fingerprints
from generator.publish import pipeline as pipeline_module
from generator.publish.pipeline import build
from generator.site import context as context_module
from generator.site import theme_index
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest

pytestmark = pytest.mark.site

VIDEO = Path("projects/2017/video-conference.yml")


def _seeded(name: str) -> tuple[Path, Path]:
    """A scratch folder with a copy of the seeds, built once into ``build``."""
    work = tmp_dir(name)
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    build(content, work / "build", None)
    return work, content


def _edited(content: Path, old: str, new: str) -> None:
    target = content / VIDEO
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def _clean(work: Path, content: Path, name: str) -> dict[str, str]:
    return digest(build(content, work / name, None).docs_dir)


def test_an_edits_fingerprints_read_no_other_projects_figures(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A project page's fingerprint holds what its year and authority rank with; an edit
    of a text leaves every group's figures, so they are the record's: no other project's
    scores are read (each edit read its year's). A changed score reads them again, and the
    pages are a clean build's either way."""
    work, content = _seeded("edit-standing")
    read: list[str] = []
    fingerprinting = [False]
    real_tops = ProjectHead.tops
    real = fingerprints.page_fingerprints

    def tops(self: ProjectHead) -> Any:
        if fingerprinting[0]:
            read.append(self.id)
        return real_tops(self)

    def made(*args: Any) -> Any:
        fingerprinting[0] = True
        try:
            return real(*args)
        finally:
            fingerprinting[0] = False

    monkeypatch.setattr(ProjectHead, "tops", tops)
    monkeypatch.setattr(fingerprints, "page_fingerprints", made)
    _edited(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    edited = build(content, work / "build", None)
    assert set(read) <= {"2017/video-conference"}
    assert digest(edited.docs_dir) == _clean(work, content, "clean")
    read.clear()
    _edited(content, "summary: ", "summary: 改")  # the record's figures, handed on
    build(content, work / "build", None)
    assert set(read) <= {"2017/video-conference"}
    read.clear()
    leaf = "{code: A1.1, name: 战略目标适应性, weight: 2, score: 2}"
    target = content / VIDEO
    text = target.read_text(encoding="utf-8")
    assert leaf in text and "score: 87.74" in text
    target.write_text(text.replace(leaf, leaf.replace("score: 2", "score: 1"))
                      .replace("score: 87.74", "score: 86.74")
                      .replace("score: 9.00", "score: 8.00", 1), encoding="utf-8")
    edited = build(content, work / "build", None)
    assert len(set(read)) > 1  # the ranks changed: every page's figures again
    assert digest(edited.docs_dir) == _clean(work, content, "clean2")


def test_an_edit_looks_at_its_own_pages_files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages whose fingerprints an edit leaves are the record's, in the folder it was
    made in: only the edited project's pages (those of its series and authority) are
    looked for on disk, and the others are
    kept at once, not one by one. A docs folder made again (not the record's) has every
    page looked for, and rendered."""
    work, content = _seeded("edit-files")
    looked: list[str] = []
    kept: list[str] = []
    real_is_file = pipeline_module._is_file
    real_keep = Writer.keep

    def is_file(root: str, path: str) -> bool:
        looked.append(path)
        return real_is_file(root, path)

    def keep(self: Writer, path: str) -> None:
        kept.append(path)
        real_keep(self, path)

    monkeypatch.setattr(pipeline_module, "_is_file", is_file)
    monkeypatch.setattr(Writer, "keep", keep)
    _edited(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    edited = build(content, work / "build", None)
    video = next(p for p in edited.content.projects if p.id == "2017/video-conference")
    config = edited.content.config
    home = source_path(authority_page(video.authority, config))  # its 部门公开 pages in it
    series = {source_path(project_page(p)) for p in edited.content.projects
              if video.series and p.series == video.series}
    assert all(path in series or path.startswith(home.removesuffix("index.md"))
               for path in looked), looked
    assert len(looked) < len(edited.content.projects) / 2
    assert [path for path in kept if path.endswith(".md")] == []
    assert edited.stats.unchanged > len(edited.content.projects)
    assert digest(edited.docs_dir) == _clean(work, content, "clean")
    looked.clear()
    shutil.rmtree(work / "build" / "docs")
    _edited(content, "achievements:\n  - ", "achievements:\n  - 又")
    again = build(content, work / "build", None)
    assert len(looked) > len(edited.content.projects)
    assert digest(again.docs_dir) == _clean(work, content, "clean2")


def test_an_edit_of_a_text_makes_no_problem_index_and_lists_no_year(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every 问题 page and year summary is kept after an edit of a text: the problems'
    index by theme is not even loaded, no year's projects are paged, and the context's
    groups are made without figures (summed only when read)."""
    work, content = _seeded("edit-index")
    loaded: list[object] = []
    paged: list[object] = []
    empty: list[object] = []
    real_load = theme_index.load_index
    real_paged = whole_pages_module.paged
    real_of = context_module.Group.of.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(context_module, "load_index",
                        lambda *args: loaded.append(args) or real_load(*args))
    monkeypatch.setattr(whole_pages_module, "paged",
                        lambda *args: paged.append(args) or real_paged(*args))
    monkeypatch.setattr(context_module.Group, "of", classmethod(
        lambda cls, config: empty.append(config) or real_of(cls, config)))
    made = context_module.build_context
    contexts: list[object] = []

    def context(*args: Any) -> Any:
        empty.clear()
        site = made(*args)
        contexts.append(len(empty))
        return site

    monkeypatch.setattr(pipeline_module, "build_context", context)
    _edited(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    edited = build(content, work / "build", None)
    assert loaded == [] and paged == [] and contexts == [0]
    assert digest(edited.docs_dir) == _clean(work, content, "clean")
    _edited(content, "name: ", "name: 改")  # listed by the year and the 问题 pages
    edited = build(content, work / "build", None)
    assert paged
    assert digest(edited.docs_dir) == _clean(work, content, "clean2")


def test_an_edit_writes_what_it_changed_beside_the_pages_record(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' record is written whole by a clean build; an edit writes beside it only
    the entries and files it changed (``pages.more``), each later one all changed since
    the whole record; once those grow many, the whole record again. A record of an older
    format is as none: every page is rendered again. The pages are a clean build's."""
    from generator.base.records import save_record
    from generator.publish import pages_record
    from generator.publish.pages_record import PAGES, PAGES_MORE
    from tests.test_edit_records import saves_of
    from tests.test_edit_work import rendered_pages

    work, content = _seeded("pages-more")
    record = work / "build" / PAGES
    whole = record.read_bytes()
    saved = saves_of(monkeypatch, pages_record)
    _edited(content, "achievements:\n  - ", "achievements:\n  - 修订：")
    build(content, work / "build", None)
    _edited(content, "summary: ", "summary: 改")
    edited = build(content, work / "build", None)
    assert record.read_bytes() == whole
    assert [name for name, _ in saved if name != "pages.interim"] == [PAGES_MORE, PAGES_MORE]
    more = saved[-1][1]
    assert [name.rsplit("/", 1)[-1] for name in more["files"]] == ["video-conference.yml"]
    assert 0 < len(more["pages"]) <= 20 and more["gone"] == [] and more["files_gone"] == []
    assert digest(edited.docs_dir) == _clean(work, content, "clean")
    saved.clear()
    monkeypatch.setattr(pages_record, "MORE_MOST", 0)  # a project gone: the whole record
    (content / "projects" / "2018" / "federation-it.yml").unlink()
    edited = build(content, work / "build", None)
    assert [name for name, _ in saved if name != "pages.interim"] == [PAGES]
    assert not (work / "build" / PAGES_MORE).exists()
    assert digest(edited.docs_dir) == _clean(work, content, "clean2")
    data = pages_record.load_record(record)
    save_record(record, {**data, "format": 1})  # an older build's
    rendered = rendered_pages(monkeypatch)
    _edited(content, "achievements:\n  - ", "achievements:\n  - 又")
    edited = build(content, work / "build", None)
    assert len([p for p in rendered if p.startswith("projects/")]) == \
        len(edited.content.projects) - edited.whole_count
    assert digest(edited.docs_dir) == _clean(work, content, "clean3")
