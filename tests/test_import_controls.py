"""Control characters (issue 42, point 9, import and download side): removed on import with
a warning at their cell, and never written into a DOCX or XLSX the site publishes."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import openpyxl

from generator.content.discovery import read_content
from generator.core.model import Project
from generator.downloads.disclosure_docx import disclosure_docx
from generator.downloads.selfeval_form import form_sheet, form_workbook
from generator.downloads.xlsx import Sheet, workbook_bytes
from generator.intake.importer import import_workbook, plan_import
from generator.intake.scaffold import create_project
from tests.selfeval_forms import xls_bytes
from tests.test_importer import good_row, workbook

WHEN = datetime(2020, 1, 1)
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # as the issue lists them
HOSTILE = "甲\x01\x08\x0b\x0c\x1b]0;x\x07项目\x7f\x85\x9b"
CLEAN = "甲]0;x项目"


def _texts(content: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in content.rglob("*.yml"))


def _warned(path: Path, content: Path) -> set[str]:
    return {p.location() for p in plan_import(path, content).problems
            if p.code == "import-control-chars" and not p.is_error}


def test_an_xlsx_with_del_and_c1_imports_without_them_and_says_where(tmp_path: Path) -> None:
    """openpyxl keeps DEL and C1 in a cell (XML may hold them)."""
    path = workbook(tmp_path / "c.xlsx", [good_row("乙\x7f项目\x9b", 主要绩效="1、好\x9b")])
    content = tmp_path / "content"
    assert _warned(path, content) == {"信息表!A2", "信息表!I2"}
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    warning = next(line for line in lines if "信息表!A2" in line)
    assert "\\x7f、\\x9b" in warning and not CONTROLS.search("\n".join(lines))
    text = _texts(content)
    assert not CONTROLS.search(text) and "乙项目" in text


def _self_evaluation(tmp_path: Path) -> Project:
    source = tmp_path / "source"
    create_project(source, 2023, name="自评项目", authority="某某局", self_evaluation=True)
    loaded = read_content(source, workers=1)
    return loaded.full(loaded.projects[0])


def test_an_xls_form_with_c0_characters_imports_without_them(tmp_path: Path) -> None:
    sheet = form_sheet(_self_evaluation(tmp_path), "自评表1")
    sheet.cells[(3, 3)] = HOSTILE  # 项目名称
    path = tmp_path / "form.xls"
    path.write_bytes(xls_bytes([sheet]))
    content = tmp_path / "content"
    assert "自评表1!C3" in _warned(path, content)
    lines: list[str] = []
    assert import_workbook(path, content, out=lines.append), lines
    (project,) = read_content(content, workers=1).projects
    assert project.name == CLEAN and not CONTROLS.search(_texts(content))


def test_the_downloads_never_hold_a_control_character(tmp_path: Path) -> None:
    hostile = replace(_self_evaluation(tmp_path), name=HOSTILE, authority=HOSTILE)
    document = disclosure_docx(HOSTILE, 2017, [hostile], WHEN)
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        for name in ("word/document.xml", "docProps/core.xml"):
            text = "".join(ElementTree.fromstring(archive.read(name)).itertext())
            assert CLEAN in text and not CONTROLS.search(text), name
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(
        [Sheet("表", ["名称"], [[(HOSTILE, None)]])], WHEN)))
    assert book.active["A2"].value == CLEAN
    form = openpyxl.load_workbook(io.BytesIO(form_workbook([form_sheet(hostile, "自评表1")])))
    assert form.active["C3"].value == CLEAN
