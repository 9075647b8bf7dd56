"""A full workbook's sheet with more rows than Excel and WPS open goes on in 指标（2）,
指标（3）… (at 100,000 synthetic projects 指标 had 4,466,463 rows; Excel opens 1,048,576 a
sheet). The limit is lowered here to 50 rows a sheet (49 under the header), under the seeds' 118
indicator rows (3, 29, 43 and 43 a project, by hand from the workbook), as building a
million rows would take the suite minutes."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest

import generator.downloads.workbook as workbook
from generator.content.discovery import read_content
from generator.downloads.files import export_files
from generator.publish.pipeline import build
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_full_workbook import WHEN

SHEETS = ["项目", "指标", "预算明细", "目标", "资金来源", "整改", "年度主要任务", "人员编制"]


def rows_of(data: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [[c.value for c in r] for r in sheet.iter_rows()]
            for sheet in book.worksheets}


def test_excels_limit() -> None:
    assert workbook.EXCEL_ROWS == 1_048_576  # Excel's specifications and limits; WPS's too


def test_a_sheet_over_the_limit_goes_on_in_numbered_sheets(monkeypatch) -> None:
    content = read_content(SEED_CONTENT, workers=1)
    whole = export_files(content, WHEN)
    monkeypatch.setattr(workbook, "EXCEL_ROWS", 50)
    split = export_files(content, WHEN)
    for path, counts in (("data/results.xlsx", [32, 43, 43]),
                         ("data/2017/results.xlsx", [43, 43])):
        before, after = rows_of(whole[path]), rows_of(split[path])
        indicators = [t for t in after if t.startswith("指标")]
        assert indicators == ["指标"] + [f"指标（{n}）" for n in range(2, len(counts) + 1)]
        assert [len(after[t]) - 1 for t in indicators] == counts  # each ≤ 49 under its header
        assert all(after[t][0] == before["指标"][0] for t in indicators)
        assert [r for t in indicators for r in after[t][1:]] == before["指标"][1:]
        owners = [{r[0] for r in after[t][1:]} for t in indicators]
        assert all(not a & b for a in owners for b in owners if a is not b)  # never split
        assert [t for t in after if not t.startswith("指标")] == \
            [t for t in before if t != "指标"]  # the others fit
    assert split["data/2018/results.xlsx"] == whole["data/2018/results.xlsx"]  # 32 rows: one sheet


@pytest.mark.site
def test_an_edit_writes_the_split_workbook_a_clean_build_writes(monkeypatch) -> None:
    """The numbered sheets' blocks are kept and copied as any sheet's are: after an edit
    the workbooks are a clean build's, byte for byte."""
    monkeypatch.setattr(workbook, "EXCEL_ROWS", 50)
    work = tmp_dir("excel-rows")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, work / "content")
    content = work / "content"
    build(content, work / "build", work / "site")
    video = content / "projects" / "2017" / "video-conference.yml"
    video.write_text(video.read_text(encoding="utf-8").replace("name: ", "name: 改", 1),
                     encoding="utf-8")
    build(content, work / "build", work / "site")
    build(content, work / "clean-build", work / "clean-site")
    for path in ("data/results.xlsx", "data/2017/results.xlsx"):
        ours = (work / "site" / path).read_bytes()
        assert ours == (work / "clean-site" / path).read_bytes(), path
        assert "指标（2）" in openpyxl.load_workbook(io.BytesIO(ours)).sheetnames
