"""MkDocs hooks: hand Python-Markdown only the Markdown of a generated page.

A generated page is a few Markdown headings and paragraphs between large raw-HTML blocks
(tables, the 信息表, charts), each separated from the rest by blank lines. Python-Markdown
would parse every such block with ``html.parser`` (md_in_html's block extractor) only to
copy it through unchanged, and at 10,000 project pages that is most of the MkDocs build
(148 s of 175 s measured). Here each block that opens with a block-level tag is swapped for
a placeholder paragraph before Markdown runs and swapped back into the HTML afterwards.
The placeholder carries a random key per process, so no text in a data file can forge one.
A block ends at a blank line, and no data text can make one: every text reaches a page
through ``generator/site/text.py`` with its line breaks as references or ``<br>``.

Listed under ``hooks:`` in mkdocs.yml; the build makes the path absolute.

Also: the theme's templates are kept compiled in the build folder (``COMPILED_ENV`` names
it for the MkDocs processes the build starts): compiling Material's templates was half of
an edit's MkDocs run (0.85 of 1.6 s at 2,000 projects), every run again.
"""

from __future__ import annotations

import os
import re
import secrets
from typing import Any

COMPILED_ENV = "PE_MKDOCS_COMPILED"  # the folder where the theme's templates are kept compiled

# Blocks Python-Markdown itself passes through as raw HTML (its block-level elements); a
# paragraph that opens with an inline tag such as <a> or <span> stays Markdown's to wrap.
_BLOCK_START = re.compile(
    r"<(address|article|aside|blockquote|details|dialog|div|dl|fieldset|figure|footer|form"
    r"|h[1-6]|header|hr|nav|ol|p|pre|section|table|ul)[\s>/]")
_KEY = secrets.token_hex(8)
_TOKEN = "PEHTML" + _KEY + "B{}X"
_RESTORE = re.compile(r"<p>PEHTML" + _KEY + r"B(\d+)X</p>")
_stash: dict[str, list[str]] = {}


def split_blocks(markdown: str) -> list[tuple[str, bool]]:
    """The Markdown's paragraphs (split at blank lines), each with whether it is a raw-HTML
    block that :func:`stash_html` passes through. A block after more than one blank line
    (a template's tags leave them) is one too, its leading newlines dropped: Markdown makes
    nothing of extra blank lines, and the year pages' tables of 1,000 projects were parsed
    by ``html.parser`` for it (10 of MkDocs' 13 s of CPU in a clean 10,000-project build)."""
    parts = []
    for part in markdown.split("\n\n"):
        block = part.lstrip("\n")
        is_block = _BLOCK_START.match(block) is not None
        parts.append((block if is_block else part, is_block))
    return parts


def stash_html(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with raw-HTML blocks replaced by placeholders, and the blocks."""
    blocks: list[str] = []
    kept = []
    for part, is_block in split_blocks(markdown):
        if is_block:
            kept.append(_TOKEN.format(len(blocks)))
            blocks.append(part)
        else:
            kept.append(part)
    return "\n\n".join(kept), blocks


def restore_html(html: str, blocks: list[str]) -> str:
    return _RESTORE.sub(lambda m: blocks[int(m.group(1))], html)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    text, _stash[page.file.src_uri] = stash_html(markdown)
    return text


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return restore_html(html, _stash.pop(page.file.src_uri, []))


def on_env(env: Any, **_: Any) -> Any:
    """The theme's templates kept compiled where the build says (``COMPILED_ENV``)."""
    from generator.base.compiled import compiled_in  # jinja2: not for the seam's importers

    cache = compiled_in(os.environ.get(COMPILED_ENV))
    if cache is not None:
        env.bytecode_cache = cache
    return env
