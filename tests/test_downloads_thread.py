"""The downloads' writer (generator.publish.downloads_thread): an edit's rebuild removes
the files no longer made from the list the last build's downloads wrote, without walking
the downloads' folder (10,000 projects' files); a build stopped after writing leaves no
list, so the next one walks it and still removes what the stopped build left behind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator.base.writer
from generator.publish.pipeline import build
from tests.sitebuild import SEED_CONTENT, tmp_dir

pytestmark = pytest.mark.site

VIDEO = Path("projects/2017/video-conference.yml")


def _seed_copy(name: str) -> tuple[Path, Path]:
    work = tmp_dir(name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, work / "content")
    return work, work / "content"


class _Walked:
    """The folders walked so far, by this process or a forked one (the downloads are
    written in another process: :func:`generator.publish.downloads_thread.goes_apart`)."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def __iter__(self):
        return iter(self.log.read_text(encoding="utf-8").splitlines()
                    if self.log.is_file() else [])


def _walks(monkeypatch, log: Path) -> _Walked:
    """The folders the writers walk to find their stale files, in ``log``."""
    log.unlink(missing_ok=True)
    real = os.walk

    def walk(top, *args, **kwargs):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.fspath(top)}\n")
        return real(top, *args, **kwargs)

    monkeypatch.setattr(generator.base.writer.os, "walk", walk)
    return _Walked(log)


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_an_edit_removes_stale_downloads_without_walking_their_folder(monkeypatch) -> None:
    """An added project's JSON, then the project removed: the downloads' stale file goes
    without a walk of their folder (the last build's list). Then a build stopped at its
    first Word file, after it wrote the added project's JSON again: the project removed
    and another edited, the next build walks the folder and removes that JSON."""
    work, content = _seed_copy("thread-listed")
    site, out = work / "site", work / "build"
    build(content, out, site)
    walked = _walks(monkeypatch, work / "walked")
    added = content / "projects" / "2017" / "added.yml"
    added.write_text((content / VIDEO).read_text(encoding="utf-8").replace(
        "name: ", "name: 新增", 1), encoding="utf-8")
    build(content, out, site)
    assert (out / "downloads" / "data" / "projects" / "2017" / "added.json").is_file()
    added.unlink()
    result = build(content, out, site)
    assert not [top for top in walked if top.endswith("downloads")]
    assert not (out / "downloads" / "data" / "projects" / "2017" / "added.json").exists()
    assert result.site_dir is not None
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert _files(out / "downloads") == _files(work / "clean-build" / "downloads")
    assert _files(result.site_dir) == _files(clean)
    monkeypatch.undo()
    real = generator.base.writer.Writer.write

    def write(self, relpath: str, data: str | bytes) -> None:
        if self.root.name == "downloads" and relpath.endswith(".docx"):
            raise KeyboardInterrupt
        real(self, relpath, data)

    monkeypatch.setattr(generator.base.writer.Writer, "write", write)
    added.write_text((content / VIDEO).read_text(encoding="utf-8").replace(
        "name: ", "name: 新增", 1), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build(content, out, site)
    assert (out / "downloads" / "data" / "projects" / "2017" / "added.json").is_file()
    monkeypatch.undo()
    added.unlink()
    other = content / "projects" / "2018" / "federation-it.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("name: ", "name: 另", 1),
                     encoding="utf-8")
    walked = _walks(monkeypatch, work / "walked")
    result = build(content, out, site)
    assert [top for top in walked if top.endswith("downloads")]
    assert result.site_dir is not None
    assert not (result.site_dir / "data" / "projects" / "2017" / "added.json").exists()
    clean = build(content, work / "clean-2-build", work / "clean-2-site").site_dir
    assert _files(out / "downloads") == _files(work / "clean-2-build" / "downloads")
    assert _files(result.site_dir) == _files(clean)


def _bytes(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


@pytest.mark.usefixtures("downloads_here")
def test_an_edit_asks_no_folder_and_writes_only_its_parts_entries(monkeypatch) -> None:
    """An edit's downloads take whether each kept file is there from the last build's list
    (no folder of downloads/ listed: 10,000 projects' JSON in one folder) and write of the
    parts' index only the edited project's entries, one per stream; the downloads are
    byte for byte a clean build's."""
    import generator.downloads.part_index as part_index
    import generator.publish.downloads_thread as thread

    work, content = _seed_copy("thread-asks")
    site, out = work / "site", work / "build"
    build(content, out, site)
    listed: list[str] = []
    real_present = thread._Present.__call__
    monkeypatch.setattr(thread._Present, "__call__",
                        lambda self, path: listed.append(path) or real_present(self, path))
    written: list[int] = []
    real_save = part_index.PartIndex.save

    def save(self, made, changed) -> None:
        real_save(self, made, changed)
        written.append(self.written)

    monkeypatch.setattr(part_index.PartIndex, "save", save)
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                     encoding="utf-8")
    build(content, out, site)
    streams = len(list((out / "downloads.parts").glob("*.part")))
    assert listed == []
    assert written == [streams] and streams > 10
    monkeypatch.undo()
    build(content, work / "clean-build", work / "clean-site")
    assert _bytes(out / "downloads") == _bytes(work / "clean-build" / "downloads")


@pytest.mark.usefixtures("downloads_here")
def test_an_edit_plans_no_file_per_project_and_makes_only_the_edited_projects_json(
        monkeypatch) -> None:
    """The projects' JSON files are planned as one item (no plan entry, key or check per
    project: 10,000 of them each edit): after an edit, no per-project file of the plan is
    made, only the edited project's JSON is written, the others are kept; the downloads
    are a clean build's."""
    import generator.downloads.files as files

    work, content = _seed_copy("thread-each")
    site, out = work / "site", work / "build"
    build(content, out, site)
    planned: list[str] = []

    class Counted(files.ExportFile):
        def __init__(self, path: str, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            planned.append(path)
            super().__init__(path, *args, **kwargs)

    monkeypatch.setattr(files, "ExportFile", Counted)
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                     encoding="utf-8")
    result = build(content, out, site)
    assert planned and not [p for p in planned if p.startswith("data/projects/")]
    written = [p for p in result.stats.written if p.startswith("data/projects/")]
    assert written == ["data/projects/2017/video-conference.json"]
    monkeypatch.undo()
    build(content, work / "clean-build", work / "clean-site")
    assert _bytes(out / "downloads") == _bytes(work / "clean-build" / "downloads")


@pytest.mark.usefixtures("downloads_here")
def test_an_edit_deflates_of_its_years_workbook_only_the_edited_projects_block(
        monkeypatch) -> None:
    """A year's results.xlsx (the year's full workbook) is deflated in blocks, as
    results.xlsx is: an edit of a 2017 project deflates one block a sheet of the 2017
    workbook (its project's), as many as of results.xlsx, none of another year's, and the
    workbook is a clean build's, byte for byte, and reopens as before."""
    import io

    import openpyxl

    import generator.downloads.deflate as deflate

    work, content = _seed_copy("thread-year-blocks")
    site, out = work / "site", work / "build"
    build(content, out, site)
    deflated: list[str] = []  # the store's folder of each block deflated
    real_get = deflate.BlockStore.get

    def get(self, name, make):  # noqa: ANN001, ANN202 - as BlockStore.get
        def made() -> bytes:
            xml = make()
            deflated.append(self.folder.name)
            return xml
        return real_get(self, name, made)

    monkeypatch.setattr(deflate.BlockStore, "get", get)
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                     encoding="utf-8")
    result = build(content, out, site)
    monkeypatch.undo()
    assert "data/2017/results.xlsx" in result.stats.written
    whole = [folder for folder in deflated if folder == "blocks"]  # data/results.xlsx's
    assert len(whole) == 8  # the edited project's block of each sheet (网站设置 has none)
    assert [folder for folder in deflated if folder.isdigit()] == ["2017"] * len(whole)
    build(content, work / "clean-build", work / "clean-site")
    path = "data/2017/results.xlsx"
    ours = (out / "downloads" / path).read_bytes()
    assert ours == (work / "clean-build" / "downloads" / path).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(ours)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(str(name).startswith("改") for name in names)


def test_an_edit_keeps_datapackage_json_without_making_it(monkeypatch) -> None:
    """datapackage.json follows from the settings, the build's time and the years: an
    edit that leaves the years as they were keeps it, not made again (its indented JSON
    was encoded on every edit and compared with the file there)."""
    import generator.downloads.files as files

    work, content = _seed_copy("thread-datapackage")
    site, out = work / "site", work / "build"
    build(content, out, site)
    made: list[list[int]] = []
    real = files.datapackage_json
    monkeypatch.setattr(files, "datapackage_json",
                        lambda config, years, when: made.append(years) or
                        real(config, years, when))
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                     encoding="utf-8")
    build(content, out, site)
    assert made == []
    monkeypatch.undo()
    build(content, work / "clean-build", work / "clean-site")
    path = "data/datapackage.json"
    assert (out / "downloads" / path).read_bytes() == \
        (work / "clean-build" / "downloads" / path).read_bytes()
