"""The preview's error page and address parsing (no server: see test_serve.py for that)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html

from generator.core.problems import Problem, Where
from generator.publish import serve
from generator.publish.serve import MARK, _is_page, errors_page, failure_page, parse_addr
from tests.sitebuild import SEED_CONTENT

HOSTILE_FILE = 'content/projects/2017/<img src=x onerror="alert(1)">&.yml'


def test_errors_page_names_file_line_code_escaped() -> None:
    problems = [
        Problem("total-mismatch", "error", Where("content/b.yml", 14, 8), "score <b>不符</b>"),
        Problem("duplicate-code", "warning", Where("content/b.yml", 3), "仅是警告"),
        Problem("yaml-syntax", "error", Where(HOSTILE_FILE, 2), "第二个 & <script>x</script>"),
        Problem("yaml-syntax", "error", Where(HOSTILE_FILE), "整个文件无法读取"),
    ]
    tree = html.fromstring(errors_page(problems))
    assert tree.xpath("//body/@id") == [MARK]
    assert tree.xpath("//script") == [] and tree.xpath("//img") == [] and tree.xpath("//b") == []
    assert [c.text_content() for c in tree.xpath("//h2/code")] == ["content/b.yml", HOSTILE_FILE]
    items = [[li.xpath("./span")[0].text_content(), li.xpath("./code")[0].text_content(),
              li.text_content()] for li in tree.xpath("//section/ol/li")]
    assert [item[:2] for item in items] == [
        ["第 14 行第 8 列", "total-mismatch"],
        ["整个文件", "yaml-syntax"], ["第 2 行", "yaml-syntax"]]  # errors only, check's order
    assert items[0][2].endswith("score <b>不符</b>")
    assert items[2][2].endswith("第二个 & <script>x</script>")
    assert "2 个文件共有 3 个错误" in tree.xpath("//p")[0].text_content()


def test_failure_page_escapes_the_message() -> None:
    tree = html.fromstring(failure_page("ConfigurationError: <theme> 不存在"))
    assert tree.xpath("//pre")[0].text_content() == "ConfigurationError: <theme> 不存在"
    assert tree.xpath("//theme") == []


@pytest.mark.parametrize(("addr", "expected"), [
    ("127.0.0.1:8000", ("127.0.0.1", 8000)), ("8001", ("127.0.0.1", 8001)),
    ("0.0.0.0:80", ("0.0.0.0", 80)), ("[::1]:8000", ("::1", 8000)),
    ("localhost:9000", ("localhost", 9000))])
def test_parse_addr(addr: str, expected: tuple[str, int]) -> None:
    assert parse_addr(addr) == expected


@pytest.mark.parametrize("addr", ["", "127.0.0.1", "127.0.0.1:0", "x:70000", "host:port"])
def test_parse_addr_refuses(addr: str) -> None:
    with pytest.raises(ValueError):
        parse_addr(addr)


def test_pages_are_the_html_answers() -> None:
    assert [_is_page(p) for p in ("/", "/projects/2017/x/", "/404.html", "/years/2017",
                                  "/assets/stylesheets/pe.css", "/search/search_index.json",
                                  "/downloads/results.xlsx")] == [
        True, True, True, True, False, False, False]


def test_a_failed_preview_build_is_shown_not_stuck(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure other than the content's (here a full disk) becomes the page, not a
    traceback in the terminal and a server that keeps the stale page."""
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)

    def full_disk(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "build" / "docs"))

    monkeypatch.setattr(serve, "generate", full_disk)
    preview = serve.Preview(content, tmp_path / "build", "http://127.0.0.1:1/",
                            serve.BuildLog())
    assert preview._build() == (False, "网站生成失败（OSError），浏览器中显示原因")
    assert preview.page is not None
    tree = html.fromstring(preview.page)
    assert tree.xpath("//h1")[0].text_content() == "网站生成失败"
    assert "No space left on device" in tree.xpath("//pre")[0].text_content()
