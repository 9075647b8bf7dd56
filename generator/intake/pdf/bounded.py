"""A PDF's pages laid out (:mod:`.layout`) in a process of its own, with a memory and a
time limit: PDFium is C and a hostile file (a decompression bomb, an object stream that
refers to itself, 10,000 pages) may make it work without end. The child is killed past
its limits and the file refused; the import's own process never holds the document.

    python -m generator.intake.pdf.bounded   # the file's bytes in; JSON pages out

Only the layout comes back (lines of text; tables as boundaries, merges and cell texts),
as JSON: nothing the child says is unpickled.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from generator.intake.pdf.extract import MAX_PAGES, Encrypted, Unreadable
from generator.intake.pdf.layout import Layout, Line, Table, layout

MB = 1024 * 1024
MEMORY = 768 * MB  # the child's address space: PDFium's caches and Python's with room
SECONDS_FIXED = 5.0  # starting Python and PDFium (0.2 s), opening the file
SECONDS_PER_PAGE = 0.25  # a real page takes 10–50 ms


class Refused(Exception):
    """The file cannot be read: ``code`` and a message for staff."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _limit() -> None:  # pragma: no cover - runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    os.setsid()


def _run(path: Path, what: str, seconds: float) -> bytes:
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run([sys.executable, "-m", __name__, what], input=path.read_bytes(),
                              capture_output=True, env=env, timeout=seconds, check=False,
                              preexec_fn=_limit if os.name == "posix" else None)
    except subprocess.TimeoutExpired as exc:
        raise Refused("import-pdf-too-complex", f"读取这个 PDF 超过了 {seconds:.0f} 秒仍未完成"
                      "（页面内容异常复杂，或是恶意构造的文件）：请用原始的 Excel/Word 文件导入，"
                      "或重新导出一份 PDF") from exc
    if done.returncode != 0:
        raise Refused("import-pdf-too-complex", "读取这个 PDF 时用尽了内存上限 "
                      f"{MEMORY // MB} MB 或中途失败（页面内容异常庞大，或是损坏、"
                      "恶意构造的文件）："
                      "请用原始的 Excel/Word 文件导入，或重新导出一份 PDF")
    return done.stdout


def page_count(path: Path) -> int:
    """How many pages the document has (PDFium reads the page tree, not the pages); raises
    :class:`Refused` for an encrypted, damaged or overlong file."""
    found = json.loads(_run(path, "count", SECONDS_FIXED))
    _refused(found)
    count = int(found["count"])
    if count > MAX_PAGES:
        raise Refused("import-too-large", f"这个 PDF 有 {count} 页，超过上限 {MAX_PAGES} 页："
                      "请只保留自评表或信息表所在的页面后再导入")
    if count == 0:
        raise Refused("import-unreadable", "这个 PDF 没有页面：请重新导出 PDF 后再导入")
    return count


def _refused(found: Any) -> None:
    if not isinstance(found, dict) or "refused" not in found:
        return
    if found["refused"] == "encrypted":
        raise Refused("import-encrypted", "这个 PDF 已加密（设有打开密码），无法读取：请向发布单位"
                      "索取不加密的 PDF 或原始的 Excel/Word 文件")
    raise Refused("import-unreadable", "这个 PDF 已损坏或不完整，无法打开（可能没有下载完整）："
                  "请重新下载或重新导出 PDF 后再导入")


def pages(path: Path, count: int) -> list[Layout]:
    """The laid-out pages of ``path`` (``count`` pages, from :func:`page_count`)."""
    seconds = SECONDS_FIXED + SECONDS_PER_PAGE * count
    found = json.loads(_run(path, "pages", seconds))
    _refused(found)
    return [_layout(page) for page in found]


def _layout(data: dict[str, Any]) -> Layout:
    blocks: list[Table | Line] = []
    for block in data["blocks"]:
        if "text" in block:
            blocks.append(Line(**block))
        else:
            blocks.append(Table(block["top"], block["bottom"], block["xs"], block["ys"],
                                [[(o[0], o[1]) for o in row] for row in block["origins"]],
                                {(t[0], t[1]): t[2] for t in block["texts"]}))
    return Layout(data["number"], data["height"], blocks, data["pictured"], data["overfull"])


def _json(page: Layout) -> dict[str, Any]:
    blocks = []
    for block in page.blocks:
        if isinstance(block, Line):
            blocks.append(asdict(block))
        else:
            blocks.append({"top": block.top, "bottom": block.bottom, "xs": block.xs,
                           "ys": block.ys, "origins": block.origins,
                           "texts": [[r, c, t] for (r, c), t in block.texts.items()]})
    return {"number": page.number, "height": page.height, "blocks": blocks,
            "pictured": page.pictured, "overfull": page.overfull}


def main() -> None:  # pragma: no cover - the child; tests run it through pages()
    from pypdfium2 import PdfiumError

    from generator.intake.pdf.extract import open_document, read_page

    try:
        document = open_document(sys.stdin.buffer.read())
    except (Encrypted, Unreadable) as exc:
        refused = "encrypted" if isinstance(exc, Encrypted) else "unreadable"
        sys.stdout.write(json.dumps({"refused": refused}))
        return
    if sys.argv[1:] == ["count"]:
        sys.stdout.write(json.dumps({"count": len(document)}))
        return
    try:
        out = [_json(layout(read_page(document, i)))
               for i in range(min(len(document), MAX_PAGES))]
    except PdfiumError:  # PDFium could not load a page: a damaged or malformed file
        sys.stdout.write(json.dumps({"refused": "unreadable"}))
        return
    sys.stdout.write(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
