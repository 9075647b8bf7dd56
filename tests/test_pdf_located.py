"""A problem in a PDF names the page, the table on that page, and the row and column as
printed (``第 2 页 表 1 第 4 行 第 7 列``), as a workbook's names ``Sheet1!F7``; what is
printed around the table (the browser's running header and footer with the page number, a
red seal's turned text) is not read into it."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.intake.importer import format_problem, import_workbook, plan_import

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "pdf" / "hebei-langfang-bad-score"  # .docx and LibreOffice's .pdf of it


def test_a_bad_cell_on_the_second_page_is_named_as_printed(tmp_path: Path) -> None:
    lines: list[str] = []
    assert not import_workbook(BAD.with_suffix(".pdf"), tmp_path / "c", out=lines.append)
    assert "第 2 页 表 1 第 4 行 第 7 列：得分应为数字，实际是文字「十」" in lines
    problems = plan_import(BAD.with_suffix(".pdf"), tmp_path / "c").problems.errors
    word = plan_import(BAD.with_suffix(".docx"), tmp_path / "c").problems.errors
    assert [(p.code, p.message) for p in problems] == [(p.code, p.message) for p in word]
    assert [format_problem(p) for p in word] == \
        ["表 1!第 20 行第 7 列：得分应为数字，实际是文字「十」"]
    record = problems[0].to_json()
    assert (record["sheet"], record["cell"]) == ("第 1 页 表 1", "第 2 页 表 1 第 4 行 第 7 列")


def test_running_header_footer_and_seal_are_not_read(tmp_path: Path) -> None:
    """Chromium's print with its header (date, title) and footer (address, ``1/2``) and a
    seal's turned text over the form imports as the Word document it was made from."""
    source = DATA / "real" / "hebei-langfang-nuantong-2019.docx"
    printed = DATA / "pdf" / "hebei-langfang-stamped.pdf"
    wanted, found = plan_import(source, tmp_path / "a"), plan_import(printed, tmp_path / "b")
    assert not found.problems.errors
    assert [yaml.safe_load(p.text) for p in found.files] == \
        [yaml.safe_load(p.text) for p in wanted.files]
    assert [(p.code, p.message) for p in found.problems.items] == \
        [(p.code, p.message) for p in wanted.problems.items]
    assert "某某县财政局" not in found.files[0].text


def test_a_hyphen_is_read_as_printed() -> None:
    """PDFium reports a “-” it takes for a line-end hyphen as U+0002: it is a “-” in a form
    (重庆's 资金下达 row prints （-年-月-日）)."""
    from generator.intake.pdf.bounded import page_count, pages
    from generator.intake.pdf.layout import Table

    pdf = DATA / "real" / "pdf" / "lo" / "chongqing-pengshui-jihuashengyu-2024.pdf"
    texts = [text for page in pages(pdf, page_count(pdf)) for block in page.blocks
             if isinstance(block, Table) for text in block.texts.values()]
    assert any("-日），中央、市、区县正式批资金（-年-" in text for text in texts)
    assert not any("\x02" in text for text in texts)
