"""Project pages filled into shells are byte for byte the pages MkDocs renders alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.publish.partitions
from generator.publish import shells
from generator.publish.pipeline import build
from tests.bench import synth
from tests.sitebuild import _content_with_hostile, built, tmp_dir
from tests.test_build import digest

# A theme's uses of a page's values and content, rendered as MkDocs renders (no autoescape)
THEME = """<title>{{ meta.title | striptags }} - 网站</title>
<meta name="t" content="{{ meta.title | e }}">{{ meta.title }}
<span aria-label="{{ meta.title | striptags | e }}"></span>
{{ meta.citation.author }} {{ meta.citation.date | e }}
{% if meta.citation.url %}<a href="{{ meta.citation.url | e }}">链接</a>{% endif %}
{% if "\\u003ch1" not in content %}<h1>{{ meta.title }}</h1>{% endif %}
{{ content }}"""


def _render(template: str, source: str) -> str:
    """``source`` (a page's Markdown) through ``template``: the values from its front matter,
    and its content with each raw-HTML block as it is (as the mkdocs_hooks hook gives it)."""
    from mkdocs.utils.meta import get_data

    from generator.publish.mkdocs_hooks import split_blocks

    body, meta = get_data(source)
    content = "\n".join(part if is_block else f"<p>{part}</p>"
                        for part, is_block in split_blocks(body))
    env = jinja2.Environment(autoescape=False)
    return env.from_string(template).render(meta=meta, content=content)


def _page(path: Path, title: str, url: str = "", heading: bool = True) -> Path:
    h1 = '<h1 class="pe-title">标题</h1>\n' if heading else ""
    path.write_text(
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"citation: {{author: '部门 A&B', date: '2020', url: {json.dumps(url)}}}\n"
        "---\n"
        f"{h1}<div class=\"x\">第一块 &amp; <b>粗</b></div>\n\n"
        "## 项目概况\n\n"
        "<table><tr><td>二</td></tr></table>", encoding="utf-8")
    return path


@pytest.mark.parametrize("title", ["普通名称", "A & B <i>斜</i>  两个空格", "引号 \"双\" 和 'x'",
                                   "&amp; 实体"])
def test_a_page_filled_into_its_shell_is_the_page_rendered(tmp_path: Path, title: str) -> None:
    for url, heading in (("", True), ("https://例.中国/x?a=1&b=2", False)):
        page_file = _page(tmp_path / "p.md", title, url, heading)
        page = shells.read_page(page_file)
        prototype = page.prototype("k0")
        shell = shells.compile_shell(_render(THEME, prototype), "k0", page)
        assert shells.fill(shell, page) == _render(THEME, page_file.read_text("utf-8"))


def test_pages_differing_only_in_values_and_blocks_share_a_shape(tmp_path: Path) -> None:
    one = shells.read_page(_page(tmp_path / "a.md", "甲"))
    other = _page(tmp_path / "b.md", "乙")
    other.write_text(other.read_text("utf-8").replace("第一块", "另一块"), encoding="utf-8")
    assert shells.read_page(other).shape == one.shape
    # an empty value (the theme may test it), a block's <h1 and the Markdown make shapes
    assert shells.read_page(_page(tmp_path / "c.md", "甲", url="u")).shape != one.shape
    assert shells.read_page(_page(tmp_path / "d.md", "甲", heading=False)).shape != one.shape
    heading = tmp_path / "e.md"
    heading.write_text((tmp_path / "a.md").read_text("utf-8").replace("## 项目概况", "## 概况"),
                       encoding="utf-8")
    assert shells.read_page(heading).shape != one.shape


@pytest.mark.parametrize("use", ["{{ meta.title | upper }}", "{{ meta.title | urlencode }}",
                                 f"<a href='/projects/{shells.SHELLS_DIR}/0/'>", "unprinted"])
def test_a_use_of_a_value_the_shell_cannot_tell_fails(tmp_path: Path, use: str) -> None:
    """A filter it does not know, or the prototype's own URL, which each page has its own."""
    page = shells.read_page(_page(tmp_path / "p.md", "名称"))
    theme = THEME.replace("{{ meta.citation.date | e }}", "{{ meta.citation.date | length }}") \
        if use == "unprinted" else THEME + use
    with pytest.raises(shells.ShellError):
        shells.compile_shell(_render(theme, page.prototype("k1")), "k1", page)


def test_only_project_pages_are_filled_into_shells() -> None:
    assert shells.eligible("projects/2017/video-conference/index.md")
    assert not shells.eligible("projects/pe-shells/0/index.md")
    assert not shells.eligible("years/2017/index.md")
    assert not shells.eligible("projects/index.md")


def _mkdocs_alone(content: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_dir(name)
    with monkeypatch.context() as patch:
        patch.setattr(generator.publish.partitions, "SHELLED", False)
        result = build(content, work / "build", work / "site")
    assert result.site_dir is not None
    return result.site_dir


def test_the_site_with_shells_is_the_site_mkdocs_renders_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile content: every text a data file can hold, in titles and blocks."""
    with_shells = built("hostile").site_dir
    assert with_shells is not None
    alone = _mkdocs_alone(_content_with_hostile(), "shells-alone", monkeypatch)
    assert digest(with_shells) == digest(alone)
    assert (with_shells / "projects" / "2019" / "hostile" / "index.html").is_file()
    assert not list(with_shells.rglob(f"*{shells.SHELLS_DIR}*"))


def test_synthetic_pages_of_every_shape_equal_mkdocs_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Synthetic projects: series, follow-up evaluations, 自评表 or not, budget items."""
    work = tmp_dir("shells-synthetic")
    synth.write_content(work / "content", 60)
    monkeypatch.setattr(generator.publish.partitions, "APART_FROM", 5)  # prototypes apart
    with_shells = build(work / "content", work / "build", work / "site").site_dir
    assert with_shells is not None
    alone = _mkdocs_alone(work / "content", "shells-synthetic-alone", monkeypatch)
    assert digest(with_shells) == digest(alone)
    _library_only_with_charts(with_shells)
    pages = [shells.read_page(p) for p in (work / "build" / "docs" / "projects")
             .rglob("index.md")]
    shapes = {page.shape for page in pages}
    assert 3 < len(shapes) <= len(pages) // 4
    # every HTML block stands apart, for the hook to pass through: one glued to its heading
    # (no blank line between) was Markdown's to parse, and gave its page a shape of its own
    # (6,345 shapes for 10,000 projects; the prototypes' MkDocs run took 65 s)
    glued = [part[:60] for page in pages for part, is_block in page.parts
             if not is_block and re.search(r"^<(div|table|details|section)[\s>]", part, re.M)]
    assert glued == []


def _library_only_with_charts(site: Path) -> None:
    """Each page loads the chart library (1.1 MB) exactly when it has a chart, a project page
    filled into its shell too (the shell carries its shape's ``charts`` front matter)."""
    kinds: dict[tuple[bool, bool], list[str]] = {}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        key = (re.search(r'class="pe-chart[ "]', html) is not None,
               html.count("assets/vendor/echarts.min.js") == 1)
        kinds.setdefault(key, []).append(str(page.relative_to(site)))
    assert set(kinds) == {(True, True), (False, False)}, {k: v[:3] for k, v in kinds.items()}
    assert any(p.startswith("projects/") for p in kinds[True, True])


@settings(max_examples=60)
@given(st.text(alphabet=st.sampled_from(["a", "项", "\r", "\n", "\ufeff", " ", "\u2028"]),
               max_size=12), st.booleans())
def test_a_page_is_read_as_mkdocs_reads_it(text: str, bom: bool) -> None:
    """read_markdown decodes a page whole: the same text as MkDocs' text reader (its BOM
    dropped, CRLF and a lone CR made LF, a BOM inside kept)."""
    path = tmp_dir("read-markdown") / "page.md"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    with open(path, encoding="utf-8-sig", errors="strict") as file:
        assert shells.read_markdown(path) == file.read()
