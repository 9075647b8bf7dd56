"""Encrypted and Office 97–2003 files are refused for what they are, before any parsing.

``tests/data/office/encrypted-mima123.xlsx`` is a real password-protected workbook (an
OLE compound file holding EncryptionInfo and EncryptedPackage streams), made once with
msoffcrypto-tool 6.1.0 (``OOXMLFile(plain).encrypt("mima123", out)``) from a one-row 信息表.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.intake.importer import import_workbook, plan_import

ENCRYPTED = Path(__file__).resolve().parent / "data" / "office" / "encrypted-mima123.xlsx"


def test_the_fixture_is_an_encrypted_compound_file() -> None:
    data = ENCRYPTED.read_bytes()
    assert data.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))
    assert "EncryptionInfo".encode("utf-16-le") in data


def test_an_encrypted_workbook_is_told_to_be_saved_without_a_password(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in ("加密.xlsx", "加密.docx", "renamed.xls"):  # by its bytes, whatever its name
        path = tmp_path / name
        shutil.copy(ENCRYPTED, path)
        (problem,) = plan_import(path, content).problems
        assert problem.code == "import-encrypted" and problem.where.sheet is None
        assert "已加密" in problem.message and "不加密的副本" in problem.message
    lines: list[str] = []
    assert not import_workbook(tmp_path / "加密.xlsx", content, out=lines.append)
    assert not content.exists() or not any(content.rglob("*.yml"))
    assert any("已加密" in line for line in lines)


def test_a_damaged_office_97_workbook_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    # the compound-file header and a Workbook stream name, but no workbook xlrd can read
    path = tmp_path / "旧表.xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + "Workbook".encode("utf-16-le")
                     + bytes(512))
    (problem,) = plan_import(path, tmp_path / "content").problems
    assert problem.code == "import-unreadable"
    assert "97–2003" in problem.message and "*.xlsx" in problem.message


def test_a_word_97_document_is_told_to_be_saved_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "旧文档.xlsx"  # by its bytes: a WordDocument stream, whatever its name
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + "WordDocument".encode("utf-16-le")
                     + bytes(512))
    (problem,) = plan_import(path, tmp_path / "content").problems
    assert problem.code == "import-unreadable"
    assert ".doc" in problem.message and "*.docx" in problem.message
