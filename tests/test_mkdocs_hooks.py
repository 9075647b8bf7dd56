"""The MkDocs hook that lets raw-HTML blocks bypass Python-Markdown changes nothing but speed."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from generator.content.discovery import read_content
from generator.publish import mkdocs_hooks
from generator.publish.mkdocs_hooks import restore_html, stash_html
from generator.publish.paths import HOOK, ROOT
from generator.publish.pipeline import build_epoch, generate
from generator.site.context import build_context
from tests.bench.synth import write_content
from tests.sitebuild import SEED_CONTENT, _content_with_hostile, tmp_dir


def _converter() -> markdown.Markdown:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name]
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _both(text: str) -> tuple[str, str]:
    """The HTML of ``text`` through Python-Markdown as such, and through the hook."""
    md = _converter()
    plain = md.reset().convert(text)
    stashed, blocks = stash_html(text)
    hooked = restore_html(md.reset().convert(stashed), blocks)
    return plain, hooked


_BLOCK_TAG = re.compile(r"<(div|table|figure|ul|ol|p|dl|section|h[1-6])[\s>]")


def _no_blank_lines(html: str) -> str:
    return "\n".join(line for line in html.splitlines() if line.strip())


def _generated_pages(content_dir: Path, name: str) -> list[Path]:
    docs = tmp_dir(f"hook-{name}") / "docs"
    content = read_content(content_dir)
    generate(build_context(content), docs, build_epoch(content), downloads=False)
    return sorted(docs.rglob("*.md"))


@pytest.mark.site
@pytest.mark.parametrize("kind", ["seed", "hostile", "synthetic"])
def test_every_generated_page_converts_to_the_same_html(kind: str) -> None:
    if kind == "seed":
        content = SEED_CONTENT
    elif kind == "hostile":
        content = _content_with_hostile()
    else:
        content = tmp_dir("hook-synth-content")
        write_content(content, count=60)
    pages = _generated_pages(content, kind)
    assert len(pages) > 10
    stashed_blocks = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        plain, hooked = _both(text)
        assert _no_blank_lines(hooked) == _no_blank_lines(plain), page.name
        stashed, blocks = stash_html(text)
        stashed_blocks += len(blocks)
        # no block is left to Markdown, not even one after two blank lines (the year
        # pages' table of every project was, and parsing it was most of MkDocs' time)
        assert not [part for part in stashed.split("\n\n")
                    if _BLOCK_TAG.match(part.lstrip("\n"))], page
    assert stashed_blocks > len(pages)  # the hook did take the tables and figures


def test_markdown_around_the_blocks_is_still_markdown() -> None:
    text = ("# 标题\n\n<div class=\"x\">\n<table><tr><td>*不是强调*</td></tr></table>\n</div>"
            "\n\n**加粗** 文字\n\n<span>行内标签开头</span> 仍是段落\n\n## 小节\n\n"
            "<figure><figcaption>图</figcaption></figure>")
    stashed, blocks = stash_html(text)
    assert blocks == ['<div class="x">\n<table><tr><td>*不是强调*</td></tr></table>\n</div>',
                      "<figure><figcaption>图</figcaption></figure>"]
    plain, hooked = _both(text)
    assert _no_blank_lines(hooked) == _no_blank_lines(plain)
    assert "<strong>加粗</strong>" in hooked
    assert "<p><span>行内标签开头</span> 仍是段落</p>" in hooked
    assert "<td>*不是强调*</td>" in hooked
    assert re.search(r'<h2 id="[^"]*">小节</h2>', hooked)


def test_a_placeholder_written_in_data_is_not_replaced() -> None:
    forged = mkdocs_hooks._TOKEN.format(0).replace(mkdocs_hooks._KEY, "0" * 16)
    text = f"{forged}\n\n<div>块</div>"
    stashed, blocks = stash_html(text)
    html = restore_html(_converter().convert(stashed), blocks)
    assert f"<p>{forged}</p>" in html  # a guessed key is text
    assert "<div>块</div>" in html


def test_the_build_loads_the_hook_by_absolute_path() -> None:
    from generator.publish.mkdocs import mkdocs_config

    content = build_context(read_content(SEED_CONTENT))
    config = mkdocs_config(content, Path("/tmp/docs"), Path("/tmp/site"))
    assert config["hooks"] == [str(HOOK)]
    assert Path(config["hooks"][0]).is_file()
