"""Each ``{{ }}`` of a page template is compiled to the site's finalize alone, without
Jinja's escape around it (generator.site.environment._Finalized): the pages are those
Jinja's own code generator renders, texts from data files escaped alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from jinja2.compiler import CodeGenerator

from generator.content.discovery import read_content
from generator.core.urls import project_page, source_path
from generator.site import environment
from generator.site.context import build_context
from generator.site.pages import render_pages

SEED = Path(__file__).resolve().parent.parent / "content"
MARKUP = '<script>alert("x")</script> & \'引号\'\n第二行'
PROJECT = yaml.safe_dump({
    "name": "标记<b>测试</b>项目", "year": 2018, "department": MARKUP, "authority": "测试主管部门",
    "evaluator": "A & B", "method": "第三方评价", "budget": "10.00", "spent": "9.50",
    "score": 85, "grade": "良", "achievements": [MARKUP], "problems": ["<img src=x>"],
    "recommendations": ["a\nb"], "rectification": ["&amp;"]}, allow_unicode=True)


def test_the_pages_are_those_of_jinjas_own_code_generator(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    root = tmp_path / "content"
    shutil.copytree(SEED, root)
    (root / "projects" / "2018" / "markup.yml").write_text(PROJECT, encoding="utf-8")
    content = read_content(root, workers=1)
    assert not content.errors, content.problems
    ours = dict(render_pages(build_context(content)))
    monkeypatch.setattr(environment, "_Finalized", CodeGenerator)
    theirs = dict(render_pages(build_context(content)))
    assert ours == theirs
    page = ours[source_path(project_page(next(p for p in content.projects
                                              if p.id == "2018/markup")))]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;引号&#39;" in page
    assert "<script>" not in page and "<img src=x>" not in page and "&amp;amp;" in page


def test_no_value_is_escaped_once_more_around_finalize() -> None:
    env = environment.make_env()
    names = [n for n in env.list_templates() if n.endswith(".j2")]
    assert len(names) >= 20, names
    for name in names:
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        code = env.compile(source, name, raw=True)
        assert "escape(environment.finalize(" not in code, name
    jinjas = environment.make_env()
    jinjas.code_generator_class = CodeGenerator
    source = jinjas.loader.get_source(jinjas, "project.md.j2")[0]  # type: ignore[union-attr]
    assert "escape(environment.finalize(" in jinjas.compile(source, "project.md.j2", raw=True)
