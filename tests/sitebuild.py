"""Real builds shared by the site and browser tests: each kind is built once per test run.

Under pytest-xdist the first worker that needs a kind builds it (holding a lock) into the run's
shared temporary folder and saves its :class:`BuildResult`; the other workers wait for it and
load it instead of building again. Scratch folders (:func:`tmp_dir`) stay private to each
worker. ``tests/conftest.py`` points both at pytest's temporary folders (:func:`use_dirs`);
outside pytest they fall back to a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

from generator.publish.lock import build_lock
from generator.publish.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SEED_CONTENT = ROOT / "content"
WHOLE_CONTENT = ROOT / "tests" / "data" / "whole-site" / "content"  # 部门整体 results

_DIRS: dict[str, Path] = {}


def use_dirs(private: Path, shared: Path) -> None:
    """``private``: this process's scratch folders; ``shared``: the builds every worker of the
    run reuses (the same folder as ``private`` without xdist)."""
    _DIRS["private"], _DIRS["shared"] = private, shared


def _dir(which: str) -> Path:
    if which not in _DIRS:  # outside pytest (e.g. python -c): one folder, removed at exit
        scratch = Path(tempfile.mkdtemp(prefix="pe-sites-"))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        _DIRS.setdefault("private", scratch)
        _DIRS.setdefault("shared", scratch)
    return _DIRS[which]


@contextmanager
def _locked(name: str) -> Iterator[Path]:
    """Hold an exclusive lock named ``name`` in the shared folder (one worker at a time)."""
    shared = _dir("shared")
    shared.mkdir(parents=True, exist_ok=True)
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield shared
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


HOSTILE = {
    "script": "<script>alert('x')</script>",
    "img": '<img src=x onerror="alert(1)">',
    "mdlink": "[点我](javascript:alert(1))",
    "pipe": "甲 | 乙 | 丙",
    "jinja": "{{ 7*7 }} {% if true %}模板{% endif %}",
    # issue 42: a blank line handed the rest of a text to Markdown (attr_list), and so did
    # \r\r (MkDocs reads pages in text mode)
    "blank": "上海某某咨询有限公司\n\n[评价报告](javascript:alert(document.domain)){: tabindex=0"
             " autofocus onfocus=alert(document.domain) }",
    "returns": "问题\r\r[点我](javascript:alert(2)){: autofocus onfocus=alert(2) }",
}

H = {key: json.dumps(value, ensure_ascii=False) for key, value in HOSTILE.items()}

HOSTILE_PROJECT = f"""\
name: {json.dumps(HOSTILE['script'] + '恶意项目名称', ensure_ascii=False)}
year: 2019
department: "<b>粗体单位</b>"
authority: "<i>主管</i>部门 | 竖线"
budget: 12.5
spent: 12.5
evaluator: {H['blank']}
achievements:
  - {H['img']}
  - {H['mdlink']}
problems:
  - {H['pipe']}
  - {H['returns']}
recommendations:
  - {H['jinja']}
rectification:
  - "# 不是标题\\n* 不是列表\\n    四个空格不是代码"
summary: "**不加粗** <a href='https://example.com/'>外部链接</a>"
indicators:
  - code: "<A>"
    name: {H['script']}
    weight: 40
    children:
      - {{code: A1, name: {H['mdlink']}, weight: 40, score: 30,
         note: {H['img']}}}
  - code: B
    name: {H['pipe']}
    weight: 60
    children:
      - {{code: B1, name: {H['jinja']}, weight: 60, score: 55, rule: ratio,
         target: 100, actual: 91.67, unit: "%"}}
"""


def _content_with_hostile() -> Path:
    """The seeds plus the hostile project, written once per run into the shared folder."""
    with _locked("hostile-content") as shared:
        folder = shared / "hostile-content"
        if not (folder / "projects" / "2019" / "hostile.yml").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            staging = shared / "hostile-content.new"
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(SEED_CONTENT, staging)
            (staging / "projects" / "2019").mkdir()
            (staging / "projects" / "2019" / "hostile.yml").write_text(HOSTILE_PROJECT,
                                                                       encoding="utf-8")
            staging.rename(folder)
    return folder


@cache
def built(kind: str = "seed") -> BuildResult:
    """``seed``: the shipped content; ``hostile``: the seeds plus a hostile project (both
    searched with Pagefind); ``offline``: the seeds built as the offline package's site
    (``index.html`` links, Material's built-in search with jieba); ``sharded``: the seeds
    with Pagefind's index split into shards; ``delta``: the sharded seeds built, edited
    (:func:`edit_for_delta`) and built again, the edit's pages searched through a delta
    shard (``generator/publish/pagefind_delta.py``), and ``delta-clean`` the edited seeds
    built once; ``whole``: ``tests/data/whole-site``, 部门整体 results beside projects.
    Built by one worker, loaded by the others."""
    content = SEED_CONTENT if kind in ("seed", "offline", "sharded", "delta", "delta-clean") \
        else WHOLE_CONTENT if kind == "whole" else _content_with_hostile()
    with _locked(f"build-{kind}") as shared:
        out = shared / kind
        saved = out / "result.pickle"
        if saved.is_file():
            result: BuildResult = pickle.loads(saved.read_bytes())
            return result
        result = _build(kind, content, out)
        saved.write_bytes(pickle.dumps(result))
        return result


def _build(kind: str, content: Path, out: Path) -> BuildResult:
    if kind == "offline":
        return build(content, out / "build", out / "site", directory_urls=False, offline=True)
    if kind in ("sharded", "delta", "delta-clean"):  # Pagefind's index in shards of 10
        # pages, as a large site's, and its router in chunks of 2 KiB, so that a query word
        # may need several
        with mock.patch("generator.publish.pagefind_route.CHUNK_BYTES", 2048):
            if kind == "sharded":
                return build(content, out / "build", out / "site", shard_pages=10)
            edited = out / "content"
            shutil.rmtree(edited, ignore_errors=True)
            shutil.copytree(content, edited)
            if kind == "delta":
                build(edited, out / "build", out / "site", shard_pages=10)
            edit_for_delta(edited)
            return build(edited, out / "build", out / "site", shard_pages=10)
    return build(content, out / "build", out / "site")


DELTA_NAME = "焕新"  # a word no seed page holds, put before the edited project's name
DELTA_GONE = "projects/2018/federation-it.yml"  # removed by the edit


def edit_for_delta(content: Path) -> None:
    """An edit of the seeds: video-conference renamed (``DELTA_NAME`` before its name, its
    achievements' first words changed) and one project removed."""
    video = content / "projects" / "2017" / "video-conference.yml"
    text = video.read_text(encoding="utf-8")
    assert "name: " in text and "achievements:\n  - " in text
    video.write_text(text.replace("name: ", f"name: {DELTA_NAME}", 1)
                     .replace("achievements:\n  - ", "achievements:\n  - 经复核，", 1),
                     encoding="utf-8")
    (content / DELTA_GONE).unlink()


_KEPT: set[str] = set()  # scratch folders that later tests use again (see remove_scratch)


def tmp_dir(name: str, kept: bool = False) -> Path:
    """A scratch folder of this worker's own (tests that build into it never meet);
    ``kept``: a site built once per worker that later tests use again."""
    if kept:
        _KEPT.add(name)
    path = _dir("private") / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def scratch_names() -> set[str]:
    """The scratch folders there are now (see :func:`tmp_dir`)."""
    folder = _DIRS.get("private")
    return set(os.listdir(folder)) if folder is not None and folder.is_dir() else set()


def remove_scratch(names: set[str]) -> None:
    """Remove these scratch folders (a passed test's: see tests/conftest.py)."""
    for name in names - _KEPT:
        shutil.rmtree(_dir("private") / name, ignore_errors=True)


def structured_rectification(root: Path) -> Path:
    """The seeds, with video-conference's first 整改情况 item given a status and a date and
    a third item added; returns the content folder."""
    shutil.copytree(SEED_CONTENT, root)
    path = root / "projects" / "2017" / "video-conference.yml"
    text = path.read_text(encoding="utf-8")
    plain = "  - 计划开展视频会议系统性能评估，必要时实施升级改造。\n"
    assert plain in text
    path.write_text(text.replace(plain, plain.replace("  - ", "  - text: ") +
                                 "    status: 整改中\n    date: 2018-06\n"
                                 "  - 已完善运维合同的考核条款。\n"), encoding="utf-8")
    return root


def site_of(name: str, projects: dict[str, str]) -> Path:
    """A small site built once per worker from ``projects`` (id → YAML text), for tests
    that need a few projects of their own rather than the seeds."""
    out = tmp_dir(name, kept=True)
    target = out / "site"
    if not (target / "index.html").is_file():
        content = out / "content"
        for project_id, text in projects.items():
            path = content / "projects" / f"{project_id}.yml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert not build(content, out / "build", target).content.errors
    return target


def page_soup(site: Path, page: str) -> Any:
    """A built page (``page`` as its folder, "" for the home page), parsed."""
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def node_text(node: Any) -> str:
    """A node's text with its whitespace folded, as a reader sees it."""
    return " ".join(node.get_text(" ").split())


#: Elements a browser lays out on their own line or in their own cell; the others run on.
_BLOCKS = frozenset({"br", "p", "div", "li", "ol", "ul", "td", "th", "tr", "table", "dt", "dd",
                     "section", "h1", "h2", "h3", "h4", "caption"})


def shown_text(node: Any) -> str:
    """A node's text as a browser runs it on: inline elements (a link inside a sentence)
    add no space, block elements and cells do; whitespace folded."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    parts: list[str] = []
    for item in node.descendants:
        if isinstance(item, Tag) and item.name in _BLOCKS:
            parts.append(" ")
        elif isinstance(item, NavigableString) and not isinstance(item, Comment):
            parts.append(str(item))
    return " ".join("".join(parts).split())


def table_rows(table: Any) -> list[list[str]]:
    return [[node_text(c) for c in tr.select("th, td")] for tr in table.select("tr")]


@contextmanager
def lock_held_by_a_thread(out: Path) -> Iterator[threading.Event]:
    """The build lock of ``out`` held by another thread until the yielded event is set (or
    the block ends): a second build in this process meets a lock it does not hold."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with build_lock(out):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        yield release
    finally:
        release.set()
        holder.join()
