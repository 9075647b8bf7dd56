"""Project pages rendered outside MkDocs, each from its shape's shell that MkDocs rendered.

At 10,000 projects MkDocs took 120 s of a clean build's 311 s, 11 ms a page, most of it in
Material's templates drawing what is the same on every project page (header, nav, table of
contents). Two project pages whose Markdown differs only in their raw-HTML blocks (which
the ``mkdocs_hooks`` hook passes through verbatim) and in their title and citation (which
the theme only prints) get the same HTML but for those. So the pages are grouped by
*shape*: their Markdown with each block and each such value taken out. MkDocs renders one
prototype per shape, with a marker in each block's and value's place, and each page is its
shape's shell with its own blocks and values put back in.

A value may be printed through a filter (``|e``, ``striptags``). Each value's marker
carries a probe (an entity, a tag, two spaces, quotes) whose rendering tells which filter
each place applied, and the page's value goes through the same one. A marker the shell
does not explain, a value it does not print, or a block marker not found exactly once,
fails the build: a theme that
uses these values otherwise must be looked at, not guessed. A block holding an ``<h1``
keeps one in its marker: Material adds a title heading to a page that has none.

Measured at 10,000 projects (docs/dev/performance.md, 项目页不逐页经过 MkDocs): the clean
build's MkDocs stage went from 120 s to 36 s (about 600 summary pages are still MkDocs').
It holds only while a page's HTML blocks stand apart from its Markdown: an indicator table
glued to its heading (a template's blank line lost) gave 6,345 shapes for 10,000 pages and
a MkDocs stage of 82 s; with it apart, 50 shapes and 19 s (``tests/test_shells.py`` counts
the shapes and the glued blocks).
Reproduce: the ``mkdocs`` stage of the clean row of
``.venv/bin/python -m tests.bench.bench --sizes 10000``, against the same with
``partitions.SHELLED = False``.

Tested: the site built with shells is byte for byte the site MkDocs renders alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup, escape

from generator.core.urls import PROJECT_PAGES
from generator.publish.mkdocs import front_matter
from generator.publish.mkdocs_hooks import split_blocks

SHELLS_DIR = "pe-shells"  # the prototypes: projects/pe-shells/<n>/index.md (not a year)
SLOTTED = ("title", "citation")  # front matter whose strings the theme only prints
_PROBE = "&amp; <b>x</b>  \"y'"
_FILTERS: dict[str, Callable[[str], str]] = {
    "raw": lambda s: s,
    "e": lambda s: str(escape(s)),
    "striptags": lambda s: str(Markup(s).striptags()),
    "striptags|e": lambda s: str(escape(Markup(s).striptags())),
}
Piece = str | tuple[str, int, str]  # text, or (kind "block"/"value", number, filter)


class ShellError(Exception):
    """The theme uses a page's values in a way a shell cannot reproduce."""


def eligible(src: str) -> bool:
    """Whether a Markdown file (docs-relative) is a project page: ``projects/<y>/<p>/index.md``."""
    parts = PurePosixPath(src).parts
    return len(parts) == 4 and parts[0] == PROJECT_PAGES and parts[1] != SHELLS_DIR and \
        parts[3] == "index.md"


def prototype_path(number: int) -> str:
    return f"{PROJECT_PAGES}/{SHELLS_DIR}/{number}/index.md"


@dataclass
class Page:
    """A page as MkDocs reads it, taken apart: its shape's digest, values and blocks."""

    meta: dict[str, Any]
    parts: list[tuple[str, bool]]  # Markdown paragraphs, each with whether it is a block
    values: list[str]
    blocks: list[str]
    shape: str

    def prototype(self, token: str) -> str:
        """The Markdown of this page's shape with markers for its values and blocks."""
        meta = _masked(self.meta, lambda i: _value_marker(token, i))
        body, number = [], 0
        for part, is_block in self.parts:
            if is_block:
                body.append(_block_marker(token, number, "<h1" in part))
                number += 1
            else:
                body.append(part)
        return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n" + "\n\n".join(body)


def read_page(path: Path | str) -> Page:
    body, meta = front_matter(read_markdown(path))
    values: list[str] = []
    masked = _masked(meta, lambda i: f"\x00{i}", values)
    parts = split_blocks(body)
    blocks = [part for part, is_block in parts if is_block]
    layout = [[("<h1" in part) if is_block else part, is_block] for part, is_block in parts]
    shape = hashlib.sha256(json.dumps([masked, layout], ensure_ascii=False)
                           .encode("utf-8")).hexdigest()[:32]
    return Page(meta, parts, values, blocks, shape)


def read_markdown(path: Path | str) -> str:
    """A page's Markdown as MkDocs reads it (``open(path, encoding="utf-8-sig")``: the BOM
    dropped, line ends made ``\n``), decoded whole: the text reader's incremental decoder
    for utf-8-sig runs in Python (2,000 project pages: 0.35 → 0.13 s)."""
    with open(path, "rb") as file:
        text = file.read().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _masked(meta: dict[str, Any], marker: Callable[[int], str],
            values: list[str] | None = None) -> dict[str, Any]:
    """``meta`` with each non-empty string under a SLOTTED key replaced by ``marker(n)``
    (an empty one stays: the theme may test it)."""
    count = [0]

    def walk(value: Any) -> Any:
        if isinstance(value, str) and value:
            count[0] += 1
            if values is not None:
                values.append(value)
            return marker(count[0] - 1)
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    return {key: walk(value) if key in SLOTTED else value for key, value in meta.items()}


def _value_marker(token: str, number: int) -> str:
    return f"PEV{token}_{number}Z{_PROBE}"


def _block_marker(token: str, number: int, heading: bool) -> str:
    return f"<div>PEB{token}_{number}Z{'<h1></h1>' if heading else ''}</div>"


def plan(state: tuple[Path, str], pages: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Each page's shape, and a prototype's Markdown for each shape (``state``: the docs
    folder and the build's token). For :func:`generator.base.parallel.share`."""
    docs_dir, token = state
    shapes: list[str] = []
    prototypes: dict[str, str] = {}
    for src in pages:
        page = read_page(docs_dir / src)
        shapes.append(page.shape)
        if page.shape not in prototypes:
            prototypes[page.shape] = page.prototype(token)
    return shapes, prototypes


def compile_shell(html: str, token: str, page: Page) -> list[Piece]:
    """The prototype's HTML cut at its markers (see the module doc)."""
    spans: list[tuple[int, int, Piece]] = []
    for number, block in enumerate(page.blocks):
        marker = _block_marker(token, number, "<h1" in block)
        at = html.find(marker)
        if at < 0 or html.find(marker, at + 1) >= 0:
            raise ShellError(f"页面外壳中第 {number} 个 HTML 块的标记不是恰好出现一次")
        spans.append((at, at + len(marker), ("block", number, "")))
    for number in range(len(page.values)):
        marker = _value_marker(token, number)
        for name, apply in _FILTERS.items():
            printed, at = apply(marker), 0
            while (at := html.find(printed, at)) >= 0:
                spans.append((at, at + len(printed), ("value", number, name)))
                at += len(printed)
    unprinted = set(range(len(page.values))) - {p[1] for _, _, p in spans if p[0] == "value"}
    if unprinted:  # used otherwise (its length, say), unless in a way that drops the token
        raise ShellError(f"主题没有原样打印第 {min(unprinted)} 个页面值（标题或引用信息）")
    pieces: list[Piece] = []
    done = 0
    for start, end, piece in sorted(spans):
        if start < done:
            raise ShellError("页面外壳中的标记互相重叠")
        pieces += [html[done:start], piece]
        done = end
    pieces.append(html[done:])
    for piece in pieces:
        folded = piece.lower() if isinstance(piece, str) else ""  # |upper, |title too
        if token in folded or SHELLS_DIR in folded:
            at = max(folded.find(token), folded.find(SHELLS_DIR))
            raise ShellError("主题对页面值（标题或引用信息）的用法无法由外壳重现，"
                             "请检查 theme/ 的模板改动："
                             f"…{piece[max(0, at - 80):at + 80]}…")
    return pieces


def fill(pieces: list[Piece], page: Page) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece[0] == "block":
            out.append(page.blocks[piece[1]])
        else:
            out.append(_FILTERS[piece[2]](page.values[piece[1]]))
    return "".join(out)


def fill_pages(job: dict[str, Any]) -> None:
    """Write each page of ``job`` (see :class:`generator.publish.partitions.PartitionedRun`)
    from its shape's shell, as MkDocs writes a page."""
    token, docs, site = job["token"], Path(job["docs"]), Path(job["site"])
    shells: dict[str, list[Piece]] = {}
    made: set[str] = set()
    for src, out, shape in job["pages"]:
        page = read_page(docs / src)
        if page.shape != shape:
            raise ShellError(f"{src} 在构建过程中被改动")
        if shape not in shells:
            with open(job["shells"][shape], encoding="utf-8") as file:
                shells[shape] = compile_shell(file.read(), token, page)
        target = os.path.join(site, out)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        try:  # a new file: the one there may be a hard link to a published page (spare.py)
            os.unlink(target)
        except FileNotFoundError:
            pass
        with open(target, "xb") as file:
            file.write(fill(shells[shape], page).encode("utf-8", errors="xmlcharrefreplace"))


def main(job: str) -> None:
    """Fill the pages of the job file ``job``; a failure printed, and exit status 1."""
    try:
        fill_pages(json.loads(Path(job).read_text(encoding="utf-8")))
    except (ShellError, OSError, ValueError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":  # python -m generator.publish.shells JOB.json (a build runs it)
    main(sys.argv[1])
