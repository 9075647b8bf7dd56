"""The 项目支出绩效自评表 printed to PDF (A4, as Chromium's print does): every row of the
绩效指标 table is in the PDF's text, each on one page, and the search index finds the form."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from generator.publish.pipeline import build
from tests.browser.harness import recorded_page, serve_dir
from tests.sitebuild import SEED_CONTENT, tmp_dir
from tests.test_selfeval import YONGDE

A4_POINTS = (595.0, 842.0)  # 210 × 297 mm


def seeds_with_yongde(name: str) -> Path:
    """The seeds and one 单位自评 project with its 自评表 (tests/test_selfeval.py's YONGDE),
    built in this worker's scratch folder ``name``; returns the site folder."""
    work = tmp_dir(name)
    content = work / "content"
    if not content.exists():
        shutil.copytree(SEED_CONTENT, content)
        (content / "projects" / "2022").mkdir()
        shutil.copy(YONGDE, content / "projects" / "2022" / "yongde-nutrition.yml")
    return build(content, work / "build", work / "site").site_dir


@pytest.fixture(scope="module")
def selfeval_site() -> Path:
    return seeds_with_yongde("selfeval-print")


def squash(text: str) -> str:
    """Without white space, and as NFKC: the PDF's text maps some CJK characters to their
    Kangxi radical forms (⽬ for 目), which NFKC folds back, and 户 to the variant 戶 that
    shares its glyph in the CJK font."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).translate(_VARIANTS)


_VARIANTS = str.maketrans({"戶": "户"})


def found(expected: str, text: str) -> bool:
    """``expected`` in ``text``, where a CJK Radicals Supplement character (⺠, which has no
    NFKC form) may stand for any character."""
    pattern = "".join(f"(?:{re.escape(c)}|[\u2e80-\u2eff])" for c in squash(expected))
    return re.search(pattern, text) is not None


@pytest.mark.parametrize("page_id, title", [("2022/yongde-nutrition", "项目支出绩效自评表")])
def test_form_prints_on_a4_with_every_row(browser, selfeval_site, page_id: str,
                                          title: str) -> None:
    html = (selfeval_site / "projects" / page_id / "index.html").read_text(encoding="utf-8")
    form = BeautifulSoup(html, "html.parser").select_one("section.pe-selfeval")
    rows = [[squash(td.get_text()) for td in tr.select("td, th")]
            for tr in form.select("table.pe-selfeval-indicators tbody tr")]
    assert len(rows) >= 9
    with serve_dir(selfeval_site) as url, recorded_page(browser, url) as (page, record):
        page.goto(f"{url}projects/{page_id}/")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
        assert not record.errors, record.errors
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width), round(height)) == A4_POINTS, (width, height)  # portrait
    pages = [squash(sheet.extract_text() or "") for sheet in reader.pages]
    text = "".join(pages)
    for heading in (title, "项目资金（万元）", "年度总体目标",
                    "偏差原因分析及改进措施", "总分", "评价结论"):
        assert found(heading, text), heading
    for cells in rows:
        if cells[0] in ("总分", "评价结论"):
            assert found(cells[0], text) and found(cells[-2] or cells[1], text)
            continue
        # the leaf's name and its 年度指标值 on one page: the row is not cut in two
        name, target = cells[-6], cells[-5]
        assert any(found(name, sheet) and (target == "—" or found(target, sheet))
                   for sheet in pages), (name, target)
