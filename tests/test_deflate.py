"""Zip entries from deflated blocks kept between builds (generator.downloads.deflate): the
CRC-32 combined from the blocks' is the file's, the joined blocks inflate to the rows, a
rebuild deflates only the blocks whose rows changed, and the workbook is byte for byte the
one a clean build writes, which zipfile and openpyxl read back."""

from __future__ import annotations

import hashlib
import io
import os
import random
import tempfile
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from generator.base.reproducible import FixedTimeZip
from generator.downloads import deflate
from generator.downloads.deflate import (
    CUT_EVERY,
    FINAL,
    BlockStore,
    crc32_combine,
    cut,
    deflated,
    stops,
    write_segments,
)
from generator.downloads.sheet_cells import rows_xml
from generator.downloads.xlsx import BlockPlan, Sheet, workbook_bytes, workbook_pieces
from tests.bench import synth

WHEN = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("sizes", [(0, 0), (5, 0), (0, 7), (1, 1), (1000, 1 << 20 | 3),
                                   (65537, 12), (3, 5, 8, 13, 21)])
def test_combined_crc_is_the_crc_of_the_whole(sizes: tuple[int, ...]) -> None:
    pieces = [random.Random(n).randbytes(n) for n in sizes]
    crc = 0
    for piece in pieces:
        crc = crc32_combine(crc, zlib.crc32(piece), len(piece))
    assert crc == zlib.crc32(b"".join(pieces))


def test_joined_blocks_are_one_deflate_stream_in_a_zip_entry() -> None:
    pieces = [b"<row>%d</row>" % i * (i * 37 % 500) for i in range(40)]
    segments = [deflated(piece) for piece in pieces]
    joined = b"".join(s.data for s in segments) + FINAL
    assert zlib.decompress(joined, -15) == b"".join(pieces)
    buffer = io.BytesIO()
    with FixedTimeZip(buffer, WHEN) as archive:
        archive.writestr("a.txt", b"before")
        with archive.open_fixed("data.xml") as entry:
            write_segments(entry, segments)
        archive.writestr("b.txt", b"after")
    with zipfile.ZipFile(buffer) as archive:
        assert archive.testzip() is None  # every entry's CRC-32 checked
        assert archive.read("data.xml") == b"".join(pieces)
        info = archive.getinfo("data.xml")
        assert (info.file_size, info.compress_type) == (len(b"".join(pieces)),
                                                       zipfile.ZIP_DEFLATED)
        assert archive.read("b.txt") == b"after"


def test_blocks_are_cut_where_the_ids_say() -> None:
    keys = [f"2020/project-{i}" for i in range(2000)]
    blocks = list(cut(keys, [100] * len(keys)))
    assert blocks[0][0] == 0 and blocks[-1][1] == len(keys)
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:], strict=False))
    assert len(keys) // CUT_EVERY // 2 < len(blocks) < len(keys) // CUT_EVERY * 2
    edited = keys.copy()
    edited[1000] = "2020/project-1000-renamed"
    after = list(cut(edited, [100] * len(keys)))
    at = next(i for i, (start, end) in enumerate(blocks) if start <= 1000 < end)
    # the blocks before the edited project's and those after the next one stay as they were
    assert after[:at] == blocks[:at]
    assert after[len(after) - (len(blocks) - at - 2):] == blocks[at + 2:]
    assert max(end - start for start, end in cut(keys, [3 << 20] * len(keys))) <= 2


def _projects(count: int) -> dict[str, list[list[str]]]:
    rnd = random.Random(count)
    return {f"projects/{i:04d}.yml": [[f"项目{i}", f"第{j}行 " + "说明" * rnd.randrange(9)]
                                      for j in range(1 + i % 3)] for i in range(count)}


def _sheet(store: BlockStore, projects: dict[str, list[list[str]]]) -> Sheet:
    """One sheet of these projects' rows, spooled, its blocks kept in ``store``."""
    spool = tempfile.TemporaryFile()
    widths = [0, 0]
    plan, total = [], 0
    for name, rows in projects.items():
        xml, count = rows_xml([[(v, None) for v in row] for row in rows], ["A", "B"], widths)
        data = xml.encode()
        key = hashlib.sha1(data).hexdigest()
        plan.append((name, f"{name}\0{key}", spool.tell(), len(data), count))
        spool.write(data)
        total += count
    ids, keys, offsets, lengths, counts = (list(column) for column in zip(*plan, strict=True))
    return Sheet("明细", ["项目", "说明"], spooled=(spool, total, widths),
                 blocks=(store, "base",
                         lambda: BlockPlan(stops(ids), keys, offsets, lengths, counts)))


def _workbook(folder: Path, projects: dict[str, list[list[str]]]) -> tuple[bytes, int]:
    """The workbook of these projects' rows, its blocks kept in ``folder``; how many
    blocks were deflated anew."""
    store = BlockStore(folder)
    book = workbook_bytes([_sheet(store, projects)], WHEN)
    store.prune()
    return book, store.made


def test_a_rebuild_deflates_only_the_changed_blocks(tmp_path: Path) -> None:
    projects = _projects(1500)
    first, made = _workbook(tmp_path / "kept", projects)
    blocks = len(os.listdir(tmp_path / "kept"))
    assert made == blocks > 5
    assert _workbook(tmp_path / "kept", projects) == (first, 0)
    projects["projects/0700.yml"][0][1] = "改过的说明"  # an edit: as many rows
    edited, made = _workbook(tmp_path / "kept", projects)
    assert 1 <= made <= 3
    assert edited == _workbook(tmp_path / "clean-1", projects)[0] != first
    projects["projects/0100.yml"].append(["项目100", "新增的一行"])  # every later row moves
    grown, made = _workbook(tmp_path / "kept", projects)
    assert made > blocks // 2
    assert grown == _workbook(tmp_path / "clean-2", projects)[0]
    assert len(os.listdir(tmp_path / "kept")) == len(os.listdir(tmp_path / "clean-2"))
    sheet = openpyxl.load_workbook(io.BytesIO(grown), read_only=True)["明细"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    expected = [row for group in projects.values() for row in group]
    assert rows == [["项目", "说明"], *expected]
    with zipfile.ZipFile(io.BytesIO(grown)) as archive:
        assert archive.testzip() is None


def _pieces_peak(folder: str) -> dict[str, object]:
    """In a process of its own (tracemalloc counts every thread of a process, and a test
    worker may hold others' threads): the workbook's pieces taken with small blocks, and the
    most memory held while they were taken."""
    import tracemalloc

    from generator.downloads import deflate, xlsx

    deflate.CUT_EVERY, xlsx.PIECE = 16, 64 * 1024
    tmp_path = Path(folder)
    rnd = random.Random(7)  # text that does not compress: the zip is as large as its rows
    projects = {f"projects/{i:05d}.yml": [[f"项目{i}", rnd.randbytes(150).hex()]]
                for i in range(20_000)}
    whole, _ = _workbook(tmp_path / "whole", projects)
    sheet = _sheet(BlockStore(tmp_path / "pieces"), projects)  # every block made anew
    digest, size, largest = hashlib.sha256(), 0, 0
    tracemalloc.start()
    try:
        for piece in workbook_pieces([sheet], WHEN, tmp_path):
            digest.update(piece)
            size, largest = size + len(piece), max(largest, len(piece))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {"same": digest.digest() == hashlib.sha256(whole).digest(), "size": size,
            "whole": len(whole), "largest": largest, "peak": peak}


def test_a_workbook_in_pieces_is_never_whole_in_memory(tmp_path: Path) -> None:
    """The pieces (the full results.xlsx is written so) are those of the workbook made in
    memory, and while they are taken under half its size is held: it is written into a
    temporary file, the sheet's rows deflated a block at a time (small blocks here)."""
    import json
    import subprocess
    import sys

    code = ("import json, sys; from tests.test_deflate import _pieces_peak; "
            "print(json.dumps(_pieces_peak(sys.argv[1])))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, check=True, cwd=Path(__file__).parent.parent)
    got = json.loads(done.stdout.splitlines()[-1])
    assert got["same"]
    assert got["size"] == got["whole"] > 3_000_000 and got["largest"] <= 64 * 1024
    assert got["peak"] < got["whole"] / 2, got


def test_the_full_workbook_is_the_same_wherever_the_content_sits(tmp_path: Path) -> None:
    """results.xlsx of 300 projects: made through a build folder (each project's part known
    by its file's path and digest) in two places, and by an export with no build folder
    (no keys), it is the same file. Its blocks were once cut by those keys, so one site
    in ten differed from the export where a cut fell (its sheets' XML the same)."""
    from generator.content.discovery import read_content
    from generator.downloads.parts import PartStore
    from generator.downloads.workbook import full_results_workbook

    books, cuts = [], []
    for place in ("a", "b/deeper/still"):
        synth.write_content(tmp_path / place / "content", 300)
        content = read_content(tmp_path / place / "content")
        store = PartStore(tmp_path / place / "parts", "base",
                          key=lambda head: hashlib.sha1(head.file.encode()).hexdigest(),
                          full=content.full)
        books.append(b"".join(full_results_workbook(content.projects, WHEN, store)))
        cuts.append(len(os.listdir(store.folder / "blocks")))
    with PartStore(full=content.full) as temporary:  # removed after, as a build's is not
        books.append(b"".join(full_results_workbook(content.projects, WHEN, temporary)))
    assert books[0] == books[1] == books[2]
    assert cuts[0] == cuts[1] > 8  # eight sheets' blocks: some cut after a project


def test_a_block_deflated_at_another_level_is_not_taken(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """The level is part of a block's name: after a change of level, an earlier build's
    blocks are deflated again, so an edit's workbook is the clean build's, byte for byte."""
    xml = b"<row><c><v>1</v></c></row>" * 200
    store = BlockStore(tmp_path)
    kept = store.get(store.name("sheet", "2020/a"), lambda: xml)
    assert kept.data == deflated(xml).data and store.made == 1
    monkeypatch.setattr(deflate, "LEVEL", 1)
    again = store.get(store.name("sheet", "2020/a"), lambda: xml)
    assert store.made == 2 and again.data == deflated(xml).data != kept.data
    assert zlib.decompress(again.data + FINAL, -15) == xml
