"""An edit's whole-site downloads (results.csv, indicators.csv, rectification.csv,
results.json, results.xlsx): kept when their parts did not change, else put together from
the parts by ranges copied in the kernel (:mod:`generator.downloads.outputs`), never read
back and compared; the workbook from its old file's blocks and the edited projects' blocks
deflated anew; byte for byte what a clean build makes, also after a killed build."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import generator.base.writer
import generator.downloads.outputs
from generator.core.urls import INDICATORS_PATH, RECTIFICATION_PATH, results_path
from generator.downloads.outputs import Outputs, copy_range
from generator.publish.pipeline import BuildResult, build
from tests.sitebuild import ROOT, SEED_CONTENT, tmp_dir

pytestmark = pytest.mark.site

VIDEO = Path("projects/2017/video-conference.yml")
WHOLE = [results_path("csv"), INDICATORS_PATH, RECTIFICATION_PATH, results_path("json"),
         results_path("xlsx")]


def _seed_copy(name: str) -> tuple[Path, Path]:
    work = tmp_dir(name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, work / "content")
    return work, work / "content"


def _watched(monkeypatch) -> list[Outputs]:
    """Each build's record of its whole-site files, as it saves it."""
    seen: list[Outputs] = []
    real = Outputs.save

    def save(self: Outputs) -> None:
        seen.append(self)
        real(self)

    monkeypatch.setattr(generator.downloads.outputs.Outputs, "save", save)
    return seen


def _filled_by(monkeypatch) -> dict[str, str]:
    """Each file filled (Writer.write_filled) and the thread that filled it."""
    threads: dict[str, str] = {}
    real = generator.base.writer.Writer._fill

    def fill(self, target: Path, how) -> str | None:
        threads[target.relative_to(self.root).as_posix()] = threading.current_thread().name
        return real(self, target, how)

    monkeypatch.setattr(generator.base.writer.Writer, "_fill", fill)
    return threads


def _assert_clean(result: BuildResult) -> None:
    """The site's whole-site files (and the workbook) are those a clean build of the same
    content makes, byte for byte. A clean build, not ``iter_export_files``: the workbook's
    deflate blocks are cut after projects chosen by their files' keys, which the export
    without a build folder does not have (its bytes then differ where a cut falls, its
    sheets' XML the same), and a key holds the file's path: one scratch folder in ten."""
    assert result.site_dir is not None
    work = result.site_dir.parent
    runs = len(list(work.glob("clean-*-build")))
    clean = build(result.content.root, work / f"clean-{runs}-build",
                  work / f"clean-{runs}-site").site_dir
    for path in WHOLE:
        assert (result.site_dir / path).read_bytes() == (clean / path).read_bytes(), path


@pytest.mark.usefixtures("downloads_here")
def test_an_edit_keeps_or_splices_each_whole_site_file_as_a_clean_build_makes_it(
        monkeypatch) -> None:
    """A text edit keeps indicators.csv and rectification.csv as they are and splices
    results.json; an added, a deleted and a renamed project likewise: every file is
    kept or spliced, and each equals a clean build's."""
    work, content = _seed_copy("outputs-edits")
    site, out = work / "site", work / "build"
    seen = _watched(monkeypatch)
    first = build(content, out, site)
    assert (seen[-1].kept, seen[-1].filled) == ([], [])  # no record yet: made in full
    _assert_clean(first)

    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace(
        "achievements:\n  - ", "achievements:\n  - （修订）", 1), encoding="utf-8")
    threads = _filled_by(monkeypatch)
    result = build(content, out, site)
    assert INDICATORS_PATH in seen[-1].kept and RECTIFICATION_PATH in seen[-1].kept
    assert results_path("json") in seen[-1].filled and results_path("xlsx") in seen[-1].filled
    # results.json copied in the writer's own thread while the downloads go on; the
    # workbook, which deflates the edited blocks in Python, in the downloads' thread
    assert threads[results_path("json")].startswith("writer")
    assert not threads[results_path("xlsx")].startswith("writer")
    assert results_path("json") in result.stats.written
    assert INDICATORS_PATH not in result.stats.written
    _assert_clean(result)

    added = content / "projects" / "2017" / "added.yml"
    added.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 新增", 1),
                     encoding="utf-8")
    steps = [lambda: None,
             lambda: (content / "projects" / "2018" / "federation-it.yml").unlink(),
             lambda: added.rename(added.with_name("renamed-added.yml"))]
    for step in steps:
        step()
        before = len(seen)
        result = build(content, out, site)
        assert len(seen) == before + 1
        assert sorted(p for p in seen[-1].kept + seen[-1].filled if p in WHOLE) == sorted(WHOLE)
        assert seen[-1].filled  # each of these changes some file
        _assert_clean(result)


@pytest.mark.usefixtures("downloads_here")
def test_an_edit_copies_the_workbooks_unchanged_blocks_from_its_file(monkeypatch) -> None:
    """A text edit of one project: results.xlsx is written with only the blocks holding
    that project's rows deflated anew (one a sheet at most, eight sheets); every other block
    is copied from the file there, none read from the block store; the workbook equals a
    clean build's and reopens in openpyxl with the edit."""
    import generator.downloads.deflate as deflate

    work, content = _seed_copy("outputs-blocks")
    site, out = work / "site", work / "build"
    monkeypatch.setattr(deflate, "CUT_EVERY", 2)  # blocks of two projects on average
    _edit_with_blocks_watched(monkeypatch, deflate, content, out, site)


def _edit_with_blocks_watched(monkeypatch, deflate, content: Path, out: Path, site: Path
                              ) -> None:
    import openpyxl

    build(content, out, site)
    made, read, copied = [], [], []
    real_get, real_copy = deflate.BlockStore.get, copy_range

    def get(self, name, make):
        if self.folder.name == "blocks":  # results.xlsx's (not a year's workbook's)
            (read if (self.folder / name).is_file() else made).append(name)
        return real_get(self, name, make)

    monkeypatch.setattr(deflate.BlockStore, "get", get)
    monkeypatch.setattr(deflate, "copy_range", lambda *args: copied.append(args[2])
                        or real_copy(*args), raising=False)  # raising: the old code's test
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace(
        "achievements:\n  - ", "achievements:\n  - （修订）", 1), encoding="utf-8")
    result = build(content, out, site)
    assert results_path("xlsx") in result.stats.written
    assert read == [] and 1 <= len(made) <= 8 and len(copied) > len(made)
    monkeypatch.undo()
    monkeypatch.setattr(deflate, "CUT_EVERY", 2)  # the clean build's blocks cut alike
    _assert_clean(result)
    assert result.site_dir is not None
    book = openpyxl.load_workbook(result.site_dir / results_path("xlsx"), read_only=True)
    assert any("（修订）" in str(cell) for row in book["项目"].iter_rows(values_only=True)
               for cell in row)


@pytest.mark.usefixtures("downloads_here")
def test_a_build_killed_after_splicing_leaves_a_correct_next_build(monkeypatch) -> None:
    """Stopped at its first Word file, after it spliced results.json for an edit that keeps
    the file's size: the next build (the edit undone, a comment added to another project:
    the whole-site files are those of the first build again) must not keep that file as
    the first build's record describes it."""
    work, content = _seed_copy("outputs-killed")
    site, out = work / "site", work / "build"
    build(content, out, site)
    video = content / VIDEO
    first = video.read_text(encoding="utf-8")
    assert "有待进一步加强" in first
    video.write_text(first.replace("有待进一步加强", "仍需进一步加强"), encoding="utf-8")
    seen = _watched(monkeypatch)
    real = generator.base.writer.Writer.write

    def write(self, relpath: str, data: str | bytes) -> None:
        if self.root.name == "downloads" and relpath.endswith(".docx"):
            raise KeyboardInterrupt
        real(self, relpath, data)

    filled: list[str] = []
    real_filled = generator.base.writer.Writer.write_filled
    monkeypatch.setattr(generator.base.writer.Writer, "write", write)
    monkeypatch.setattr(generator.base.writer.Writer, "write_filled",
                        lambda self, path, fill, beside=False: filled.append(path)
                        or real_filled(self, path, fill, beside))
    with pytest.raises(KeyboardInterrupt):
        build(content, out, site)
    assert results_path("json") in filled and results_path("xlsx") in filled and not seen
    assert "仍需" in (out / "downloads" / results_path("json")).read_text(encoding="utf-8")
    monkeypatch.undo()
    video.write_text(first, encoding="utf-8")
    other = content / "projects" / "2018" / "federation-it.yml"
    other.write_text(other.read_text(encoding="utf-8") + "# 注释\n", encoding="utf-8")
    result = build(content, out, site)
    assert results_path("json") in result.stats.written
    _assert_clean(result)


def test_a_range_is_copied_where_the_kernel_cannot(tmp_path: Path) -> None:
    """Between files the kernel cannot copy (here: an in-memory target), the bytes go
    through a buffer; a source shorter than the range is an error, not a short file."""
    source = tmp_path / "source"
    source.write_bytes(bytes(range(256)) * 10)
    out = io.BytesIO()
    with source.open("rb") as handle:
        copy_range(handle, out, 300, 1000)
        assert out.getvalue() == (bytes(range(256)) * 10)[300:1300]
        with pytest.raises(ValueError):
            copy_range(handle, io.BytesIO(), 2000, 1000)


def test_the_downloads_do_not_import_openpyxl() -> None:
    """Writing every download (the sheet layouts come from intake, which reads workbooks
    with openpyxl) imports no openpyxl: its import took 0.15–0.3 s of each edit's
    downloads, beside MkDocs and Pagefind."""
    script = ("import sys\n"
              "from pathlib import Path\n"
              "from generator.content.discovery import read_content\n"
              "from generator.downloads.files import iter_export_files\n"
              f"files = dict(iter_export_files(read_content(Path({str(SEED_CONTENT)!r}))))\n"
              "assert 'data/results.xlsx' in files\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.usefixtures("downloads_here")
def test_an_edit_makes_its_years_files_from_the_kept_rows(monkeypatch) -> None:
    """A year's results.csv and results.xlsx after an edit: only the edited project's row
    is made again (the others' come from the kept parts, not formatted again for every
    project of the year), and both files equal a clean build's."""
    import generator.downloads.workbook as workbook

    work, content = _seed_copy("outputs-years")
    site, out = work / "site", work / "build"
    build(content, out, site)
    rows: list[str] = []
    real_row = workbook.results_row
    def row(project):
        rows.append(project.file)
        return real_row(project)

    monkeypatch.setattr(workbook, "results_row", row)
    video = content / VIDEO
    video.write_text(video.read_text(encoding="utf-8").replace(
        "achievements:\n  - ", "achievements:\n  - （修订）", 1), encoding="utf-8")
    result = build(content, out, site)
    year = next(p.year for p in result.content.projects if p.file.endswith(str(VIDEO)))
    assert {results_path("csv", year), results_path("xlsx", year)} <= set(result.stats.written)
    # the edited project's row of the year's workbook and of the 项目 sheet, no other
    assert 1 <= len(rows) <= 2 and all(file.endswith(VIDEO.name) for file in rows), rows
    monkeypatch.undo()
    assert result.site_dir is not None
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    for path in (results_path("csv", year), results_path("xlsx", year)):
        assert (result.site_dir / path).read_bytes() == (clean / path).read_bytes(), path


@pytest.mark.usefixtures("downloads_here")
def test_an_edits_workbook_combines_the_crc_of_runs_of_copied_blocks(monkeypatch) -> None:
    """Two edits, of two projects: each sheet's CRC-32 is combined from its new blocks and
    from a run of copied blocks at once (blocks that followed each other where a build
    deflated them), not from every block (at 10,000 projects ~2,600 combinations, 0.1–0.2 s
    of each edit); the second edit's runs hold blocks deflated by both builds before. The
    workbook is a clean build's, byte for byte (a wrong CRC-32 would differ)."""
    import generator.downloads.deflate as deflate

    work, content = _seed_copy("outputs-crc")
    site, out = work / "site", work / "build"
    monkeypatch.setattr(deflate, "CUT_EVERY", 1)  # a block a project
    build(content, out, site)
    seen = _watched(monkeypatch)
    combined: list[int] = []
    real_combine = deflate.crc32_combine
    monkeypatch.setattr(deflate, "crc32_combine", lambda a, b, n: combined.append(n)
                        or real_combine(a, b, n))
    other = Path("projects/2018/federation-it.yml")
    for path, mark in ((VIDEO, "（修订）"), (other, "（改）")):
        combined.clear()
        edited = content / path
        edited.write_text(edited.read_text(encoding="utf-8").replace(
            "achievements:\n  - ", f"achievements:\n  - {mark}", 1), encoding="utf-8")
        result = build(content, out, site)
        blocks = len(seen[-1].laid[results_path("xlsx")])
        sheets = 9
        # a head and a tail a sheet, the edited block, the runs before and after it
        # a head and a tail a sheet; at most the edited block, the block of the edit
        # before and three runs around them; before, one a block
        assert len(combined) <= 2 * sheets + 5 * sheets < blocks + 2 * sheets, \
            (len(combined), blocks)
    monkeypatch.undo()
    monkeypatch.setattr(deflate, "CUT_EVERY", 1)  # the clean build's blocks cut alike
    _assert_clean(result)
