"""The site a build replaced is where the next build puts the new site together
(:mod:`generator.publish.spare`): brought file by file to the new site, never written in place."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import generator.publish.pagefind_run
from generator.core.problems import BuildError
from generator.publish.files import TRASH, LinkCopy, link_or_copy
from generator.publish.pipeline import build
from generator.publish.spare import Listing, Tree, listing, spare_dir
from generator.publish.spare_listing import Recorded
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_build import digest

OTHER = Path("projects/2018/federation-it.yml")
VIDEO = Path("projects/2017/video-conference.yml")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_tree_is_brought_to_its_placement(tmp_path: Path) -> None:
    """Files already their source stay (same inode); changed ones are new files (the old
    inode keeps its bytes); a file where a folder goes and a folder where a file goes are
    cleared; what the placement lacks goes, with the folders it empties."""
    sources = tmp_path / "sources"
    same = _write(sources / "same.txt", "same")
    new = _write(sources / "new.txt", "new")
    deep = _write(sources / "deep.txt", "deep")
    root = tmp_path / "site.new"
    os.makedirs(root / "a")
    os.link(same, root / "a" / "same.txt")
    old = _write(root / "a" / "changed.txt", "old")
    linked_elsewhere = tmp_path / "published-changed.txt"
    os.link(old, linked_elsewhere)  # the published site's copy of the old file
    _write(root / "blocker", "a file where a folder goes")
    _write(root / "folder-here" / "x.txt", "a folder where a file goes")
    _write(root / "stale" / "deeper" / "gone.txt", "gone")
    os.makedirs(root / "empty")
    tree = Tree(root, tmp_path / "site")
    tree.place({"a/same.txt": os.fspath(same), "a/changed.txt": os.fspath(new),
                "blocker/inside/deep.txt": os.fspath(deep),
                "folder-here": os.fspath(new)})
    # the replaced file waits beside the site, whose removal does not hold up the build
    trash = list(tmp_path.glob(f"site{TRASH}*"))
    assert [p.read_text(encoding="utf-8") for t in trash for p in t.iterdir()] == ["old"]
    tree.prune()
    _gone(trash[0])
    assert digest(root) == digest(_expected(tmp_path, {
        "a/same.txt": "same", "a/changed.txt": "new", "blocker/inside/deep.txt": "deep",
        "folder-here": "new"}))
    assert os.stat(root / "a" / "same.txt").st_ino == os.stat(same).st_ino
    assert linked_elsewhere.read_text(encoding="utf-8") == "old"  # not written in place
    assert sorted(os.listdir(root)) == ["a", "blocker", "folder-here"]


def _gone(path: Path) -> None:
    """``path`` removed (in the background: waits up to 10 s)."""
    for _ in range(100):
        if not path.exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} is still there")


def _expected(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "expected"
    for rel, text in files.items():
        _write(folder / rel, text)
    return folder


def test_a_link_replaces_the_file_there_and_never_writes_into_it(tmp_path: Path) -> None:
    published = _write(tmp_path / "site" / "page.html", "published")
    target = tmp_path / "site.new" / "page.html"
    target.parent.mkdir()
    os.link(published, target)  # the spare's copy: the published file itself
    source = _write(tmp_path / "new.html", "new")
    link_or_copy(source, target)
    assert published.read_text(encoding="utf-8") == "published"
    assert os.stat(target).st_ino == os.stat(source).st_ino


def test_a_listing_gives_each_files_inode(tmp_path: Path) -> None:
    a = _write(tmp_path / "d" / "x" / "a.txt", "a")
    paths, inodes, device = listing(tmp_path / "d")
    assert paths == {"x/a.txt": os.fspath(a)}
    assert inodes == {"x/a.txt": os.stat(a).st_ino} and device == os.stat(a).st_dev


@pytest.mark.parametrize("start", ["site.spare", "site.new"])
def test_find_lists_the_folder_as_walking_it_does(tmp_path: Path, start: str) -> None:
    """The listing ``find`` makes in its own process while the build checks (the folder
    :func:`take` will give: a killed build's before the spare) is the one a walk makes:
    files with their inodes, folders, empty folders; ``apart`` left out with what is in it."""
    site = tmp_path / "site"
    root = tmp_path / start
    if start == "site.new":
        _write(spare_dir(site) / "ignored.txt", "not the folder taken")
    _write(root / "a" / "b c.html", "a name with a space")
    _write(root / "a" / "d" / "e.txt", "deep")
    _write(root / "top.txt", "top")
    _write(root / "pagefind" / "x.pf", "apart")
    os.makedirs(root / "empty" / "inner")
    listed = Listing(site)
    found = listed.entries()
    walked = Tree(root, site)
    assert found is not None and found[0] == walked.files and found[1] == walked.folders
    assert found[0]["a/b c.html"] == os.stat(root / "a" / "b c.html").st_ino
    assert sorted(found[2]) == ["empty/inner"] == sorted(walked._empty)
    without = Tree(root, site, ["pagefind"], listed)
    assert sorted(without.files) == ["a/b c.html", "a/d/e.txt", "top.txt"]
    assert "pagefind" not in without.folders and not (root / "pagefind").exists()
    assert Listing(tmp_path / "nothing").entries() is None  # neither folder: none to list


def test_a_listing_whose_process_dies_is_made_in_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The listing runs in a forked process (its walk of the recorded folders is Python,
    which in a thread held the interpreter lock the check needs); one that dies (killed,
    out of memory) leaves the build to list the folder itself: the same listing."""
    site = tmp_path / "site"
    _write(spare_dir(site) / "a" / "b.txt", "b")
    build_pid = os.getpid()
    pids = tmp_path / "pids"
    real = Listing._counted

    def counted(self: Listing, roots: list[Path | None], copy: Any = None) -> Any:
        with pids.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        if os.getpid() != build_pid:
            os._exit(3)
        return real(self, roots, copy)

    monkeypatch.setattr(Listing, "_counted", counted)
    found = Listing(site).entries()
    assert found is not None and found[0] == Tree(spare_dir(site), site).files
    listed_in = pids.read_text(encoding="utf-8").split()
    assert len(listed_in) == 2 and listed_in[0] != str(build_pid) == listed_in[1]


@pytest.mark.site
def test_the_replaced_site_is_the_next_builds_start_and_no_published_file_changes(
        monkeypatch) -> None:
    work = tmp_dir("spare")
    content, site, out = work / "content", work / "site", work / "build"
    shutil.copytree(SEED_CONTENT, content)
    build(content, out, site)
    assert not spare_dir(site).exists()  # nothing replaced yet
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 一改", 1),
                     encoding="utf-8")
    build(content, out, site)
    spare = spare_dir(site)
    page = "projects/2018/federation-it/index.html"
    # the first site, kept: its unchanged pages are the published files themselves
    assert os.stat(spare / page).st_ino == os.stat(site / page).st_ino
    _write(spare / "stray" / "file.txt", "not in the new site")
    published = digest(site)
    # another project's page changes: the spare's copy of it is a hard link to the
    # published page, which the build must not write into, even when it then fails
    other = content / OTHER
    other.write_text(other.read_text(encoding="utf-8").replace("name: ", "name: 二改", 1),
                     encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(generator.publish.pagefind_run, "pagefind_executable",
                        lambda: Path("/bin/false"))
        with pytest.raises(BuildError, match="Pagefind"):
            build(content, out, site)
    assert digest(site) == published
    assert spare.is_dir() and not site.with_name("site.new").exists()
    result = build(content, out, site)
    assert result.rendered and "mkdocs" in result.seconds
    assert not (site / "stray").exists()
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert digest(site) == digest(clean)
    assert "二改" in (site / page).read_text(encoding="utf-8")


class _CountingOs:
    """The ``os`` module as :mod:`generator.publish.spare` sees it, counting the ``stat``
    calls of files under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root, self.stats = os.fspath(root) + os.sep, 0

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def stat(self, path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path).startswith(self.root):  # type: ignore[call-overload]
            self.stats += 1
        return os.stat(path, *args, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.mark.site
def test_an_edits_assembly_knows_the_published_files_without_a_stat_of_each(
        monkeypatch) -> None:
    """The published site's files are listed by ``find`` beside the check: putting the new
    site together in the spare stats none of them, and the site is a clean build's."""
    import generator.publish.spare as spare_module

    work = tmp_dir("spare-no-stat")
    content, site, out = work / "content", work / "site", work / "build"
    shutil.copytree(SEED_CONTENT, content)
    build(content, out, site)
    for mark, path in (("一改", VIDEO), ("二改", OTHER)):
        if mark == "二改":  # the third build: the spare holds the first site
            counting = _CountingOs(site.absolute())
            monkeypatch.setattr(spare_module, "os", counting)
        edited = content / path
        edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", f"name: {mark}", 1),
                          encoding="utf-8")
        result = build(content, out, site)
        assert result.rendered
    assert spare_dir(site).is_dir()
    assert counting.stats == 0  # before: one for each file the spare held already
    monkeypatch.undo()
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert digest(site) == digest(clean)


def test_a_recorded_listing_reads_again_only_the_folders_that_changed(
        monkeypatch, tmp_path: Path) -> None:
    """The listings of the site and the spare are kept in the build folder: the next
    build runs no ``find`` and reads only the folders whose time changed (an edit's few,
    not ~11,000 folders and ~30,000 files twice at 10,000 projects), and what it gives is
    what walking the folders gives: each file's inode, the folders, the empty ones."""
    import generator.publish.spare as spare_module

    site, record = tmp_path / "site", tmp_path / "build" / "site.listed"
    for root in (site, spare_dir(site)):
        for rel in ("a/one.html", "a/b/two.html", "c/three.html", "top.html"):
            _write(root / rel, rel)
        os.makedirs(root / "empty")
    old = 1_000_000_000  # every folder long unchanged when it is listed
    for folder, _, _ in os.walk(tmp_path):
        os.utime(folder, (old, old))
    first = Listing(site, record)
    first.finish()
    assert record.is_file() and first.recorded is not None and first.recorded.read == 0
    # the site's a/ changes (a file replaced by a new one, one added), then a/b/ empties
    os.unlink(site / "a" / "one.html")
    _write(site / "a" / "one.html", "new")
    _write(site / "a" / "added.html", "added")
    os.unlink(site / "a" / "b" / "two.html")
    finds = _calls(monkeypatch, spare_module, "_find")
    second = Listing(site, record)
    second.finish()
    assert finds == [] and second.recorded is not None
    assert second.recorded.read == 2  # a/ and a/b/
    spare, published = second.entries(), second.published()
    assert spare is not None and published is not None
    for root, (files, folders, empty) in ((spare_dir(site), spare),
                                          (site, second.recorded.walk(os.fspath(site)))):
        walked = Tree(root)
        assert (files, folders, sorted(empty)) == \
            (walked.files, walked.folders, sorted(walked._empty))
    assert published.files == Tree(site).files
    assert published.files["a/one.html"] == os.stat(site / "a" / "one.html").st_ino
    assert "a/b/two.html" not in published.files and sorted(spare[2]) == ["empty"]


def test_the_listings_record_is_read_in_the_listings_process(
        monkeypatch, tmp_path: Path) -> None:
    """The record (4.5 MB at 10,000 projects) is read where the listing runs, a forked
    process, not by the build before its check; the listing still comes from it."""
    import generator.publish.spare_listing as recorded_module

    site, record = tmp_path / "site", tmp_path / "build" / "site.listed"
    _write(site / "a" / "one.html", "one")
    old = 1_000_000_000
    for folder, _, _ in os.walk(tmp_path):
        os.utime(folder, (old, old))
    Listing(site, record).finish()
    read_here = _calls(monkeypatch, recorded_module, "load_record")
    listed = Listing(site, record)
    listed.finish()
    assert read_here == []  # the forked listing read it (its appends are its own)
    assert listed.recorded is not None and listed.recorded.read == 0  # from the record
    assert listed.published() is not None


def _calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Path]:
    """The first argument of each call of ``module.name`` from now on (in this process)."""
    calls: list[Path] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name,
                        lambda path, *rest: calls.append(path) or real(path, *rest))
    return calls


def test_a_link_copy_holds_the_folders_files_themselves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first edit after a clean build starts from a copy of the published site made
    by ``cp``: the same paths, each file the published one (its inode), empty folders
    too; where it cannot be made, nothing is left of it."""
    import generator.publish.files as files_module

    site = tmp_path / "site"
    _write(site / "a" / "b c.html", "a name with a space")
    _write(site / "top.txt", "top")
    os.makedirs(site / "empty" / "inner")
    assert LinkCopy(site, tmp_path / "copy").finish()
    assert listing(tmp_path / "copy")[1] == listing(site)[1]
    assert (tmp_path / "copy" / "empty" / "inner").is_dir()
    assert not LinkCopy(tmp_path / "nothing", tmp_path / "copy2").finish()  # cp fails
    for made in tmp_path.glob(f"nothing{TRASH}*"):  # its folder, removed in the background
        _gone(made)
    monkeypatch.setattr(files_module.shutil, "which", lambda name: None)  # no GNU cp
    assert not LinkCopy(site, tmp_path / "copy3").finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy", "site"]  # no trash left


def test_a_listing_asked_to_copy_makes_the_spare_the_sites_copy(tmp_path: Path) -> None:
    """``copy`` (the build folder built the site: an edit will follow) with neither a
    spare nor a staging folder: the spare is made, listed as the site is (no second
    ``find``); without ``copy``, or with a spare there already, none is made."""
    site = tmp_path / "site"
    _write(site / "a" / "one.html", "one")
    Listing(site).finish()
    assert not spare_dir(site).exists()
    listed = Listing(site, copy=True)
    found = listed.entries()
    assert found is not None and found[0] == {"a/one.html": os.stat(site / "a" / "one.html").st_ino}
    assert found[0] == Tree(spare_dir(site), site).files
    _write(spare_dir(site) / "stray.txt", "the spare as a build left it")
    again = Listing(site, copy=True).entries()
    assert again is not None and "stray.txt" in again[0]  # listed, not copied again


@pytest.mark.site
def test_the_first_edit_after_a_clean_build_links_only_what_changed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean build leaves no spare; the first edit used to link every file of the new
    site into an empty folder (at 100,000 projects 7.8 s of a 15.5 s edit, and 5.9 s more
    for the search shards). It starts from the published site's copy instead: its
    assembly links the files that changed, and the site is a clean build's."""
    import generator.publish.spare as spare_module

    work = tmp_dir("spare-first-edit")
    content, site, out = work / "content", work / "site", work / "build"
    shutil.copytree(SEED_CONTENT, content)
    build(content, out, site)
    files = sum(len(names) for _, _, names in os.walk(site))
    linked = _calls(monkeypatch, spare_module, "link_or_copy")
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 一改", 1),
                     encoding="utf-8")
    result = build(content, out, site)
    assert result.rendered and spare_dir(site).is_dir()
    # seeds: 14 of 459 (133 from an empty folder)
    assert 0 < len(linked) < files // 10, (len(linked), files)
    monkeypatch.undo()
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert digest(site) == digest(clean)


def test_the_copy_is_recorded_as_the_site_is(tmp_path: Path) -> None:
    """The copy keeps each folder's time, so the build folder's record of the site's
    listing is the copy's too: the next edit (whose site the copy has become) reads only
    the folders changed since, not the whole site again with ``find``."""
    site, record = tmp_path / "site", tmp_path / "build" / "site.listed"
    one, two = _write(site / "a" / "one.html", "one"), _write(site / "b" / "two.html", "two")
    old = 1_000_000_000
    for folder, _, _ in os.walk(site):
        os.utime(folder, (old, old))
    Listing(site, record, copy=True).finish()
    recorded = Recorded(record)
    found = recorded.walk(os.fspath(spare_dir(site)))
    assert found is not None and recorded.read == 0
    assert found[0] == {"a/one.html": os.stat(one).st_ino, "b/two.html": os.stat(two).st_ino}
    three = _write(spare_dir(site) / "b" / "three.html", "three")  # the edit's new page
    again = Recorded(record)
    found = again.walk(os.fspath(spare_dir(site)))
    assert found is not None and again.read == 1  # folder b only
    assert found[0]["b/three.html"] == os.stat(three).st_ino
