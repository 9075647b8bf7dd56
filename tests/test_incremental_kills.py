"""Killed and stopped builds: a build killed mid-way, or stopped while it writes its pages or
its downloads, or right after the swap, leaves the published site as it was; the next build
renders again what it must and gives a clean build's site."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

import generator.base.writer
import generator.downloads.disclosure_docx
import generator.publish.pipeline
from generator.publish.pipeline import build
from tests.sitebuild import ROOT
from tests.test_build import digest
from tests.test_incremental import VIDEO, _rename_video, _seed_copy

pytestmark = pytest.mark.site


def test_a_killed_build_leaves_the_site_and_the_next_build_is_right() -> None:
    work, content = _seed_copy("killed")
    site, out = work / "site", work / "build"
    build(content, out, site)
    before = digest(site)
    command = [sys.executable, "-m", "generator", "build", "--content", str(content),
               "--out", str(out), "--site", str(site)]
    for when in ("build/mkdocs-parts/part-0/site", "site.new.pagefind"):
        target = content / VIDEO
        target.write_text(target.read_text(encoding="utf-8").replace("name: ", "name: 杀", 1),
                          encoding="utf-8")
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        marker = work / when
        deadline = time.monotonic() + 300
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, when  # killed mid-way, not after it finished
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert digest(site) == before, when  # untouched
    time.sleep(0.5)  # the killed build's children die with it (PR_SET_PDEATHSIG)
    fixed = build(content, out, site)
    # the site and its record were left as they were: only what the edit changed is
    # rendered again, not every page
    assert "projects/2017/video-conference/index.md" in fixed.rendered
    assert not [p for p in fixed.rendered
                if p.startswith("projects/") and "video-conference" not in p]
    clean = build(content, work / "clean-build", work / "clean-site")
    assert len(fixed.rendered) < len(clean.rendered) / 2
    assert digest(site) == digest(clean.site_dir)


def _stop_writing_when(monkeypatch, stop) -> None:
    """The build's writer raises KeyboardInterrupt (as a kill would stop it) at the first
    write for which ``stop(writer, relpath)`` holds."""
    real = generator.base.writer.Writer.write

    def write(self, relpath: str, data: str | bytes) -> None:
        if stop(self, relpath):
            raise KeyboardInterrupt
        real(self, relpath, data)

    monkeypatch.setattr(generator.base.writer.Writer, "write", write)


def test_a_build_stopped_while_writing_pages_leaves_a_record_of_the_others(monkeypatch
                                                                           ) -> None:
    """Stopped right after it wrote the edited page: the next build (the edit undone)
    writes that page again, and no other project's page."""
    work, content = _seed_copy("stopped-pages")
    out = work / "build"
    build(content, out, None)
    first = (content / VIDEO).read_text(encoding="utf-8")
    page = "projects/2017/video-conference/index.md"
    _stop_writing_when(monkeypatch, lambda writer, relpath: page in writer.seen)
    _rename_video(content)
    with pytest.raises(KeyboardInterrupt):
        build(content, out, None)
    assert "改" in (out / "docs" / page).read_text(encoding="utf-8")
    monkeypatch.undo()
    (content / VIDEO).write_text(first, encoding="utf-8")
    again = build(content, out, None)
    assert page in again.stats.written
    assert not [p for p in again.stats.written if p.startswith("projects/") and p != page]
    build(content, work / "clean-build", None)
    assert digest(out / "docs") == digest(work / "clean-build" / "docs")


def test_a_build_stopped_while_writing_downloads_keeps_the_others(monkeypatch) -> None:
    """Stopped at its first Word file, after it wrote the edited project's JSON and year
    files: the next build (that edit undone, another project edited) makes those again,
    and the other project's, and keeps the Word files of the other authorities; the site
    is a clean build's."""
    work, content = _seed_copy("stopped-downloads")
    site, out = work / "site", work / "build"
    projects = build(content, out, site).content.projects
    video = next(p for p in projects if p.id == "2017/video-conference")
    other = next(p for p in projects if p.authority != video.authority)
    first = (content / VIDEO).read_text(encoding="utf-8")
    _stop_writing_when(monkeypatch, lambda writer, relpath: (
        writer.root.name == "downloads" and relpath.endswith(".docx")))
    _rename_video(content)
    with pytest.raises(KeyboardInterrupt):
        build(content, out, site)
    assert "改" in (out / "downloads" / "data" / "projects" / "2017" /
                   "video-conference.json").read_text(encoding="utf-8")
    monkeypatch.undo()
    made = work / "made"  # a file: the downloads are written in a forked process
    real_docx = generator.downloads.disclosure_docx.disclosure_docx

    def disclosure_docx(authority: str, year: int, *args: object) -> object:
        with made.open("a", encoding="utf-8") as out:
            out.write(f"{authority}\t{year}\n")
        return real_docx(authority, year, *args)

    monkeypatch.setattr(generator.downloads.disclosure_docx, "disclosure_docx",
                        disclosure_docx)
    (content / VIDEO).write_text(first, encoding="utf-8")
    edited = content / "projects" / f"{other.id}.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", "name: 另", 1),
                      encoding="utf-8")
    build(content, out, site)
    assert sorted(tuple(line.split("\t")) for line in made.read_text("utf-8").splitlines()) \
        == sorted({(video.authority, str(video.year)), (other.authority, str(other.year))})
    clean = build(content, work / "clean-build", work / "clean-site")
    assert digest(site) == digest(clean.site_dir)


def test_a_build_stopped_right_after_the_swap_renders_everything_next(monkeypatch) -> None:
    """Between the swap and the new records, no record vouches for the site: the next
    build renders every page. Twice stopped there, the first site's folder (the spare)
    is the site again: its inode alone would vouch for the first build's record."""
    work, content = _seed_copy("after-swap")
    site, out = work / "site", work / "build"
    build(content, out, site)
    first = (content / VIDEO).read_text(encoding="utf-8")
    real = generator.publish.pipeline.swap_in

    def swap_then_stop(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.publish.pipeline, "swap_in", swap_then_stop)
    for _ in range(2):
        _rename_video(content)
        with pytest.raises(KeyboardInterrupt):
            build(content, out, site)
    monkeypatch.undo()
    (content / VIDEO).write_text(first, encoding="utf-8")  # the first build's content
    again = build(content, out, site)
    clean = build(content, work / "clean-build", work / "clean-site")
    assert again.rendered == clean.rendered
    assert digest(site) == digest(clean.site_dir)
