"""The heads' long texts stay packed in the check cache's blob until read (issue 45): an
edit's rebuild unpickles the texts of the projects whose pages it renders, not those of all
projects; counted, never timed. The site is a clean build's."""

from __future__ import annotations

import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.content.discovery import read_content
from generator.core import themes
from generator.core.model import Project, ProjectHead, Rectification
from generator.publish.cache import HEADS, CheckCache
from generator.publish.pipeline import build
from generator.publish.state import THEMES, THEMES_STALE, BuildState
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest

TEXTS = ("summary", "achievements", "problems_found", "recommendations", "rectification",
         "rectification_items", "other_fields", "problem_themes")


def _holding(projects: list[ProjectHead]) -> set[str]:
    """The ids of the heads that hold their texts (read, or never packed)."""
    return {p.id for p in projects if all(name in vars(p) for name in TEXTS)}


def _project(name: str) -> Project:
    items = [Rectification("已更换设备。", "已整改", "2024-05"), Rectification("在办。")]
    return Project(id=name, file=f"{name}.yml", name=name, year=2020, department="部门",
                   authority="部门", budget=Decimal(10), total=Decimal("88.5"), grade="良",
                   summary=f"{name} 的概况", achievements=["完成"], problems_found=["设备老化"],
                   recommendations=["更换"], rectification=[i.text for i in items],
                   rectification_items=items, other_fields={"项目负责人": "张三"})


def test_heads_from_the_blob_hold_their_texts_packed_until_one_is_read(
        tmp_path: Path) -> None:
    cache = CheckCache(tmp_path, "key")
    for name in ("a", "b"):
        cache.get(f"{name}.yml", "d")
        cache.put(f"{name}.yml", "d", cache.stored((_project(name), [])))
    cache.save()
    again = CheckCache(tmp_path, "key")
    a, b = (again.get(f"{name}.yml", "d") for name in "ab")
    assert a is not None and b is not None
    heads = [a[0], b[0]]
    assert _holding(heads) == set()
    assert (a[0].name, a[0].authority, a[0].total) == ("a", "部门", Decimal("88.5"))  # held
    assert _holding(heads) == set()
    assert a[0].problems_found == ["设备老化"]  # one text read: all of that head's
    assert _holding(heads) == {"a"}
    assert a[0] == _project("a").head() and b[0] == _project("b").head()
    assert a[0].rectification_items[0].status == "已整改"
    # a blob made again keeps the texts it never read as they were, and gives them back
    blob = (tmp_path / HEADS).read_bytes()
    again.get("c.yml", "d")
    again.put("c.yml", "d", again.stored((_project("c"), [])))
    again.save(["b.yml", "c.yml"])  # a.yml went: the blob is made again
    assert (tmp_path / HEADS).read_bytes() != blob
    third = CheckCache(tmp_path, "key")
    heads = [third.get(f"{name}.yml", "d") for name in "bc"]
    assert third.get("a.yml", "d") is None
    assert [h[0] for h in heads if h is not None] == [_project(n).head() for n in "bc"]


def test_a_head_pickled_with_its_texts_packed_gives_them_back(tmp_path: Path) -> None:
    """A head the blob gave (texts packed), pickled as any object is (a worker started
    without fork): its texts come back with it."""
    cache = CheckCache(tmp_path, "key")
    cache.get("a.yml", "d")
    cache.put("a.yml", "d", cache.stored((_project("a"), [])))
    cache.save()
    hit = CheckCache(tmp_path, "key").get("a.yml", "d")
    assert hit is not None and _holding([hit[0]]) == set()
    copy = pickle.loads(pickle.dumps(hit[0]))
    assert copy == _project("a").head() and copy.other_fields == {"项目负责人": "张三"}
    assert _holding([copy]) == {"a"}


def _edited(target: Path, old: str, new: str) -> None:
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_clean(work: Path, content: Path, name: str) -> None:
    """The site and its Markdown (pages, downloads, search input) are a clean build's."""
    clean = build(content, work / f"clean-{name}", work / f"clean-site-{name}")
    assert digest(work / "site") == digest(clean.site_dir)
    assert digest(work / "build" / "docs") == digest(clean.docs_dir)


@pytest.mark.site
def test_an_edit_reads_the_texts_of_the_pages_it_renders_only() -> None:
    """An edit to 主要绩效 renders its project's page and its 部门公开 (信息表 of the
    authority's projects of that year): the other heads' texts stay packed, those of the
    2018 projects among them. An edit to a problem's text adds it to the themes' memo.
    Both sites are clean builds'."""
    work = tmp_dir("packed-texts")
    content = work / "content"
    shutil.copytree(SEED_CONTENT, content)
    first = build(content, work / "build", work / "site")
    video = next(p for p in first.content.projects if p.id == "2017/video-conference")
    shown = {p.id for p in first.content.projects
             if (p.authority, p.year) == (video.authority, video.year)}
    assert {p.id for p in first.content.projects} - shown
    target = content / "projects" / "2017" / "video-conference.yml"
    _edited(target, "achievements:\n  - ", "achievements:\n  - 改")
    edited = build(content, work / "build", work / "site")
    assert video.id in _holding(edited.content.projects) <= shown
    _same_as_clean(work, content, "1")
    _edited(target, "problems:\n  - ", "problems:\n  - 会议室设备老化。")
    build(content, work / "build", work / "site")  # the 整改, 问题 pages read every problem
    memo = pickle.loads((work / "build" / THEMES).read_bytes())["memo"][0]
    assert any(t.startswith("会议室设备老化。") for t in memo)
    _same_as_clean(work, content, "2")


def test_the_themes_memo_keeps_a_few_stale_texts_and_is_made_again_past_many(
        tmp_path: Path) -> None:
    """Texts of files gone or changed stay in themes.pickle (finding them would read every
    head's texts): it is not written again for them, and written with them when a new text
    comes, until the texts added since it held only current ones grow many."""
    content = read_content(SEED_CONTENT)
    exact = themes.known(content.projects)
    new, *kept = exact[0]
    state = BuildState(tmp_path, SEED_CONTENT, ())
    state._themes = ({**exact[0], "已删去的问题。": ("其他",)}, exact[1])
    state._themes_exact = len(exact[0])
    state.save_themes(content)
    assert not (tmp_path / THEMES).exists()  # nothing new: not written
    state._themes = ({**{t: exact[0][t] for t in kept}, "已删去的问题。": ("其他",)}, exact[1])
    state.save_themes(content)
    written = pickle.loads((tmp_path / THEMES).read_bytes())
    assert written["memo"] == ({**exact[0], "已删去的问题。": ("其他",)}, exact[1])
    stale = {f"已删去的问题 {n}。": ("其他",) for n in range(THEMES_STALE + 10)}
    state._themes = ({**{t: exact[0][t] for t in kept}, **stale}, exact[1])
    state.save_themes(content)
    written = pickle.loads((tmp_path / THEMES).read_bytes())
    assert written["memo"] == exact and written["exact"] == len(exact[0])
