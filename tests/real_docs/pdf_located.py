"""The 河北 form of the corpus with one bad figure on its second page (the 得分 of 成本控制率
typed as 十), as .docx and as LibreOffice's PDF of it, for the test that a problem in a PDF
names the page, table, row and column as printed (tests/test_pdf_located.py)::

    .venv/bin/python -m tests.real_docs.pdf_located      # needs LibreOffice (soffice)
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
OUT = REAL.parent / "pdf"
NAME = "hebei-langfang-bad-score"


def main() -> None:
    document = docx.Document(str(REAL / "hebei-langfang-nuantong-2019.docx"))
    for table in document.tables:
        for row in table.rows:
            if "成本控制率" in row.cells[2].text:
                row.cells[6].paragraphs[0].runs[0].text = "十"
    source = OUT / f"{NAME}.docx"
    document.save(str(source))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(OUT),
                    str(source)], check=True, capture_output=True, timeout=120)


if __name__ == "__main__":
    main()
