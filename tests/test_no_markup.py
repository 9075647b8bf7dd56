"""No data text ever becomes markup, whatever its line breaks (issue 42, points 0 and 8).

A project whose every text field holds Markdown and HTML syntax joined by line breaks
(``\\n\\n``, ``\\r\\r``, ``\\r\\n``, U+2028 …) is rendered as the preview renders it: the real
pages (:func:`generator.publish.pipeline.generate`) through MkDocs in this process
(:class:`generator.publish.mkdocs.InProcess`, with Material's search, whose HTML parser
stopped the preview on such a text). Every page is parsed: no element, attribute or link
may come from the texts (:mod:`tests.markup_oracle`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.discovery import read_content
from generator.publish.mkdocs import MATERIAL, InProcess, mkdocs_config, quiet
from generator.publish.pipeline import build_epoch, generate
from generator.site.context import build_context
from tests.conftest import DEFAULT_SITE
from tests.markup_oracle import site_markup

# Markdown and HTML syntax; {m} is where a marker goes (see tests/markup_oracle.py)
SYNTAX = [
    "[{m}](javascript:alert({m})){{: tabindex=0 autofocus onfocus=alert({m}) }}",
    "{{: #{m} .{m} onclick={m} }}", "*{m}*", "**{m}**", "_{m}_", "`{m}`", "~~{m}~~",
    "# {m}", "{m}\n===", "{m}\n---", "- {m}", "1. {m}", "> {m}", "    {m}", "```\n{m}\n```",
    "![{m}]({m}.png)", "<{m}>", "<https://{m}.example/>", "<img src={m} onerror={m}>",
    "<script>{m}</script>", "<b>{m}</b>", "</td></tr></table><i>{m}</i>",
    "</title><script>{m}</script>", '" onmouseover={m} x="', '<div markdown="1">*{m}*</div>',
    '!!! note "{m}"\n    {m}', "??? {m}\n    {m}", "| {m} | {m} |\n| --- | --- |\n| {m} | {m} |",
    "&lt;{m}&gt;", "&#60;{m}&#62;", "<!-- {m} -->", "{{{{ {m} }}}}", "[{m}]: javascript:{m}\n[{m}]",
    "<p>{m}</p>", "PEHTML{m}B0X",
]
BREAKS = ["\n", "\n\n", "\r\r", "\r\n\r\n", "\n\n    ", "\u2028", "\u2029", "\u2029\u2029", " "]
NAME_BREAKS = ["\n\n", "\r\r", "\r\n\r\n", " "]  # department names: line breaks only

ISSUE_PAYLOAD = ("上海某某咨询有限公司\n\n[评价报告](javascript:alert(document.domain))"
                 "{: tabindex=0 autofocus onfocus=alert(document.domain) }")


@st.composite
def hostile(draw: st.DrawFn, breaks: list[str] = BREAKS) -> list[str]:
    """Syntax pieces and the line breaks between them (markers filled in later)."""
    pieces = draw(st.lists(st.sampled_from(SYNTAX), min_size=1, max_size=4))
    out = [pieces[0]]
    for piece in pieces[1:]:
        out += [draw(st.sampled_from(breaks)), piece]
    return out


FIELDS = ("name", "department", "authority", "evaluator", "summary", "achievement", "problem",
          "recommendation", "rectification", "other_key", "other_value", "budget_item",
          "source", "planned", "achieved", "code", "leaf_code", "branch", "leaf", "target",
          "actual", "unit", "note")


class Texts:
    """Each field's text: a Chinese word (so no text is empty or a bare number) and the
    drawn syntax, every marker its own number."""

    def __init__(self, drawn: dict[str, list[str]]) -> None:
        count = iter(range(1, 10_000))
        self.by_field = {
            field: "甲" + "".join(part.format(m=f"zq{next(count)}q") if part in SYNTAX else part
                                 for part in parts)
            for field, parts in drawn.items()}

    def yaml(self, year: int = 2020) -> str:
        t = {k: json.dumps(v) for k, v in self.by_field.items()}  # JSON is YAML
        return f"""\
name: {t['name']}
year: {year}
department: {t['department']}
authority: {t['authority']}
evaluator: {t['evaluator']}
method: 第三方评价
budget: 10
spent: 9
score: 70
grade: 中
summary: {t['summary']}
achievements: [{t['achievement']}]
problems: [{t['problem']}]
recommendations: [{t['recommendation']}]
rectification: [{t['rectification']}]
other_fields: {{{t['other_key']}: {t['other_value']}}}
budget_items: [{{name: {t['budget_item']}, budget: 10, spent: 9}}]
funding: {{initial: 10, sources: [{{name: {t['source']}, initial: 10, budget: 10, spent: 9}}]}}
goals: {{planned: {t['planned']}, achieved: {t['achieved']}}}
indicators:
  - code: {t['code']}
    name: {t['branch']}
    weight: 100
    children:
      - {{code: {t['leaf_code']}, name: {t['leaf']}, weight: 100, score: 70,
         target: {t['target']}, actual: {t['actual']}, unit: {t['unit']}, note: {t['note']}}}
"""

    @property
    def texts(self) -> list[str]:
        return list(self.by_field.values())


class Preview:
    """The preview's rendering, kept between examples (MkDocs' plugins start once)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mkdocs = InProcess(quiet(False))

    def render(self, projects: dict[str, str]) -> Path:
        content = self.root / "content"
        shutil.rmtree(self.root, ignore_errors=True)
        (content / "projects").mkdir(parents=True)
        (content / "site.yml").write_text(DEFAULT_SITE, encoding="utf-8")
        for name, text in projects.items():
            path = content / "projects" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        read = read_content(content)
        assert not read.errors, [p.format() for p in read.problems]
        site = build_context(read)
        generate(site, self.root / "docs", build_epoch(read), downloads=False)
        config = mkdocs_config(site, self.root / "docs", self.root / "site", search=MATERIAL)
        self.mkdocs.build(config, self.root / "mkdocs.yml", "http://127.0.0.1:8000/")
        return self.root / "site"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    made = Preview(tmp_path_factory.mktemp("no-markup") / "preview")
    yield made
    made.mkdocs.close()


def drawn_texts() -> Any:
    return st.fixed_dictionaries({
        field: hostile(NAME_BREAKS) if field in ("department", "authority") else hostile()
        for field in FIELDS})


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck),
          database=None)
@given(drawn=drawn_texts())
def test_no_text_becomes_markup(preview: Preview, drawn: dict[str, list[str]]) -> None:
    texts = Texts(drawn)
    site = preview.render({"2020/x.yml": texts.yaml()})
    assert (site / "projects" / "2020" / "x" / "index.html").is_file()
    assert site_markup(site, texts.texts) == {}


def test_the_issues_blank_line_is_text(preview: Preview) -> None:
    """Issue 42's evaluator (and the same text in every other field): the link it asked for
    with autofocus and onfocus is nowhere, its words are shown as written."""
    texts = Texts({field: [] for field in FIELDS})
    texts.by_field = {field: f"{field}zq{i}q" + ISSUE_PAYLOAD.replace("alert", f"zq{i}q")
                      for i, field in enumerate(FIELDS)}
    returns = Texts({})  # the same with \r\r, as MkDocs reads it: a blank line too
    returns.by_field = {k: v.replace("\n", "\r") for k, v in texts.by_field.items()}
    site = preview.render({"2020/x.yml": texts.yaml(), "2021/y.yml": returns.yaml(2021)})
    assert site_markup(site, texts.texts + returns.texts) == {}
    page = (site / "projects" / "2020" / "x" / "index.html").read_text(encoding="utf-8")
    assert "[评价报告](javascript:zq3q(document.domain))" in page  # the evaluator, as written
