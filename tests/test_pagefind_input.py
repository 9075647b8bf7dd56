"""What Pagefind is given: each page cut to its head and the root it indexes, which must
give the very index the whole pages give; then the root's Han text only as bigram and lone
words, the text itself and the title as the page's metadata (issue 45)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from generator.publish import pagefind_input
from generator.publish.pagefind import html_pages
from generator.publish.pagefind_bigrams import decode, single
from generator.publish.pagefind_delta import page_urls
from generator.publish.pagefind_input import Cuts, cut_page, searched_page
from generator.publish.pagefind_names import TEXT_DIR
from generator.publish.pagefind_route import read_words
from generator.publish.pagefind_run import run_one as _pagefind
from tests.sitebuild import built

pytestmark = pytest.mark.site


def _bundle(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_cut_pages_give_the_index_the_whole_pages_give(tmp_path: Path) -> None:
    result = built("hostile")  # every kind of page, and text that tries to break out
    assert result.site_dir is not None
    site = result.site_dir
    pages = html_pages(site)
    kept = 0
    for name, cut in (("whole", False), ("cut", True)):
        tree = tmp_path / name
        for page in pages:
            data = page.read_bytes()
            target = tree / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(cut_page(data) if cut else data)
            kept += cut and cut_page(data) == data
        _pagefind(tree, tmp_path / f"out-{name}", result.epoch)
    assert kept == 0  # every page was cut: the header, nav and footer left out
    whole, cut_bundle = _bundle(tmp_path / "out-whole"), _bundle(tmp_path / "out-cut")
    assert len(whole) > 20 and any(rel.startswith("fragment/") for rel in whole)
    assert cut_bundle == whole
    project = next(p for p in pages if "/projects/2019/hostile/" in p.as_posix())
    data = project.read_bytes()
    assert b"data-chart=" in data and b"data-chart=" not in cut_page(data)
    assert len(cut_page(data)) < len(data) * 0.6


@pytest.mark.parametrize("page", [
    b"<html><body><p>no root</p></body></html>",
    b'<html><body><article class="md-content__inner">a</article>'
    b'<article class="md-content__inner">b</article></body></html>',
    b'<html><body><article class="other">a</article></body></html>',
    b'<html><body><article class="md-content__inner">a</body></html>',
    b'<html><article class="md-content__inner">a</article><body></body></html>',
])
def test_a_page_the_cut_cannot_read_is_given_whole(page: bytes) -> None:
    assert searched_page(page) == page


def test_the_cut_keeps_the_head_and_the_root() -> None:
    page = (b'<!doctype html><html lang="zh"><head><title>T</title></head>'
            b'<body class="x"><header>nav</header><main><article class="md-content__inner '
            b'md-typeset"><h1>H</h1></article></main><footer>f</footer></body></html>')
    assert cut_page(page) == (
        b'<!doctype html><html lang="zh"><head><title>T</title></head><body class="x">'
        b'<article class="md-content__inner md-typeset"><h1>H</h1></article></body></html>')


def test_the_cut_empties_each_excluded_element_and_keeps_what_follows() -> None:
    root = (b'<article class="md-content__inner"><p>a</p>'
            b'<div class="x" data-search-exclude="true"><div><p>b</p></div><div>c</div></div>'
            b'tail<img data-search-exclude src="i.png">d'
            b'<p data-search-exclude="true"/>e<table data-search-exclude="true"><tr><td>'
            b'<table><tr><td>f</td></tr></table></td></tr></table><p>g</p></article>')
    page = b"<html><head></head><body>" + root + b"</body></html>"
    assert cut_page(page) == (
        b'<html><head></head><body><article class="md-content__inner"><p>a</p>'
        b'<div class="x" data-search-exclude="true"></div>tail'
        b'<img data-search-exclude src="i.png">d<p data-search-exclude="true"/>e'
        b'<table data-search-exclude="true"></table><p>g</p></article></body></html>')


def _body(root: bytes) -> bytes:
    return b"<html><body>" + root + b"</body></html>"


def test_an_excluded_element_left_open_keeps_the_root_whole() -> None:
    page = _body(b'<article class="md-content__inner"><p>a</p>'
                 b'<div data-search-exclude="true"><div>b</div></article>')
    assert cut_page(page) == page


@pytest.mark.parametrize("element", [
    b"<div data-search-exclude-not><p>kept</p></div>",  # another attribute
    b"<div data-search-exclude><p id='q'>kept</p></div>",  # an id written otherwise
    b"<div data-search-exclude><p id=q>kept</p></div>",
])
def test_what_the_cut_cannot_be_sure_of_is_kept_as_it_is(element: bytes) -> None:
    page = _body(b'<article class="md-content__inner">' + element + b"</article>")
    assert cut_page(page) == page


def test_the_elements_with_an_id_stay_empty_in_an_excluded_one() -> None:
    """Pagefind lists the ids of excluded elements among the page's anchors."""
    page = _body(b'<article class="md-content__inner"><div data-search-exclude="true">'
                 b'<figure class="f" id="c1"><div>chart</div><figcaption>t</figcaption>'
                 b'</figure><p>x id=y<br id="b"/>y</p><h3 id="h">z</h3></div>w</article>')
    assert cut_page(page) == _body(
        b'<article class="md-content__inner"><div data-search-exclude="true">'
        b'<figure class="f" id="c1"></figure><br id="b"/><h3 id="h"></h3></div>w</article>')


def _page(text: str) -> bytes:
    return (f'<html><head></head><body><nav>n</nav><article class="md-content__inner">'
            f'<p>{text}</p></article></body></html>').encode()


def test_a_page_cut_before_is_linked_not_cut_again(tmp_path: Path, monkeypatch: Any) -> None:
    site, folder = tmp_path / "site", tmp_path / "cuts"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_bytes(_page(name))
    cut: list[bytes] = []
    real = pagefind_input.searched_page
    monkeypatch.setattr(pagefind_input, "searched_page",
                        lambda data: cut.append(data) or real(data))

    def place(run: str, saved: bool = True) -> dict[str, bytes]:
        cuts = Cuts(folder)
        tree = tmp_path / run
        tree.mkdir()
        for name in sorted(p.name for p in site.iterdir()):
            rel = f"{name}/index.html"
            (tree / name).mkdir()
            os.link(cuts.cut(rel, str(site / rel)), tree / rel)
        if saved:
            cuts.save(f"{p.name}/index.html" for p in site.iterdir())
        return {p.parent.name: p.read_bytes() for p in tree.glob("*/index.html")}

    first = place("1")
    assert first == {name: real(_page(name)) for name in ("a", "b")} and len(cut) == 2
    cut.clear()
    (site / "b" / "index.html").unlink()  # a new page, as a build writes it
    (site / "b" / "index.html").write_bytes(_page("b2"))
    assert place("2") == {"a": real(_page("a")), "b": real(_page("b2"))}
    assert cut == [_page("b2")]  # a: the same file as before
    assert first["b"] == real(_page("b"))  # the first run's links kept the old cut
    cut.clear()
    place("3", saved=False)  # killed before its index was done: no record to trust
    assert cut == []
    assert place("4") and len(cut) == 2
    shutil.rmtree(site / "a")
    place("5")
    assert not (folder / "a" / "index.html").exists()


def _given(page: bytes) -> tuple[lxml.html.HtmlElement, dict[str, str], list[str]]:
    """The root Pagefind is given, its attributes and its words (the bigram paragraph)."""
    given = searched_page(page)
    root = lxml.html.fromstring(given[given.find(b"<article"):].decode("utf-8"))
    words = root.xpath("//p[@data-pe-bigrams]")
    listed = words[0].text.split() if words else []
    for element in words:
        element.drop_tree()
    return root, dict(root.attrib), listed


def test_the_han_text_is_given_only_as_words_and_kept_beside() -> None:
    """视频会议 in a paragraph gives its three bigram words; a th and a pe-num cell, which
    Pagefind leaves out, give none, nor the filter box's label (Pagefind leaves labels
    out); the tail after an excluded cell stays and joins the text before it (议余: a phrase
    across two elements is found, as the phrase check allows). The text Pagefind segments
    has no Han character; the text a reader sees (a block a line) is an attribute Pagefind
    does not read (the build writes it beside the bundle: pagefind_han.py), the title the
    h1's (a <br> a space) metadata; the filters stay."""
    page = _body('<article class="md-content__inner"><h1>视频<br>会议 2017</h1>'
                 '<div hidden data-pagefind-filter="年度:2017"><span data-pagefind-filter="类型:'
                 '项目"></span></div><p>视频会议</p><table><tr><th>执行率</th>'
                 '<td class="pe-num">百分</td></tr></table><span class="pe-num">九十</span>余下'
                 '<label>筛选：<input></label><p>H5 页面 &lt;b&gt;</p></article>'.encode())
    root, attributes, words = _given(page)
    assert [decode(w) for w in words] == ["视频", "频会", "会议", "议余", "余下", "页面",
                                          "下", "面"]
    assert not re.search(r"[\u4e00-\u9fff]", root.text_content())
    # punctuation set apart, as the extended Pagefind's segmenter cut it (pagefind_bigrams)
    assert root.text_content().split() == ["2017", "H5", "<", "b", ">"]
    assert attributes["data-pagefind-meta"] == "title[data-title]"  # not the text
    # a block ends where Pagefind ends one (not where the next starts: 余下H5)
    assert attributes["data-pe-text"] == "视频会议 2017\n视频会议\n余下H5 页面 <b>"
    assert attributes["data-title"] == "视频 会议 2017"
    assert root.xpath("//@data-pagefind-filter") == ["年度:2017", "类型:项目"]
    plain = _body(b'<article class="md-content__inner"><p>no Han text</p></article>')
    root, attributes, words = _given(plain)
    assert words == [] and attributes["data-pe-text"] == "no Han text"
    assert "data-pagefind-meta" not in attributes  # no h1: Pagefind's own title


def test_pagefind_indexes_no_han_text_and_keeps_each_pages_text_and_title(
        tmp_path: Path) -> None:
    """The seed site given to Pagefind as the build gives it: no index word holds a Han
    character; each page's fragment keeps the title Pagefind takes from the cut page itself,
    and the same filters and other metadata; the text (white space and Pagefind's block ends
    aside) is the bundle's file of the page (pagefind_han.py), not Pagefind metadata."""
    result = built("seed")
    assert result.site_dir is not None
    bundles = {}
    for name, given in (("cut", cut_page), ("searched", searched_page)):
        tree = tmp_path / name
        for page in html_pages(result.site_dir):
            target = tree / page.relative_to(result.site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(given(page.read_bytes()))
        _pagefind(tree, tmp_path / f"out-{name}", result.epoch)
        bundles[name] = _fragments(tmp_path / f"out-{name}")
    cut, searched = bundles["cut"], bundles["searched"]
    out = tmp_path / "out-searched"
    texts = {url: (out / TEXT_DIR / f"{number}.txt").read_text(encoding="utf-8")
             for number, (_, url) in enumerate(page_urls(out))}
    words = read_words(tmp_path / "out-searched")["words"]
    def letters(text: str) -> str:
        return "".join(c for c in text.lower() if c.isalnum())

    titles = [letters(page["meta"]["title"]) for page in searched.values()]
    han = [w for w in words if re.search(r"[\u3400-\u9fff]", w)]  # the titles' words only
    assert len(words) > 1000 and all(any(letters(w) in t for t in titles) for w in han), han
    assert single("会") in words  # 联合会 ends a run, so 会 has a lone word
    assert sorted(cut) == sorted(searched) and len(cut) > 20
    for url, whole in cut.items():
        given = searched[url]
        meta = dict(given["meta"])
        text = texts[url]
        assert meta == whole["meta"] and given["filters"] == whole["filters"], url
        assert re.sub(r"[\s\u200b.]", "", whole["content"]) == re.sub(r"[\s.]", "", text), url
        assert not re.search(r"[\u4e00-\u9fff]", given["content"]), url


def _fragments(bundle: Path) -> dict[str, Any]:
    """Each page's fragment in a Pagefind bundle, by URL."""
    found = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        found[data["url"]] = data
    return found


def _indexed_text(page: Path) -> str:
    """The text Pagefind indexes of a page: its cut root without th and pe-num cells."""
    cut = cut_page(page.read_bytes())
    root = lxml.html.fromstring(cut[cut.find(b"<article"):].decode("utf-8"))
    for element in root.xpath(pagefind_input._NOT_INDEXED):
        element.drop_tree()
    return " ".join(root.text_content().split())


def test_a_project_page_is_indexed_for_its_data_not_the_text_around_it() -> None:
    """What the page generates around the data is left out: the facts row's first problems
    (each problem is indexed once, in 问题与整改), the source note, the ledger's caption,
    the 满分 · 得分 labels of the indicator tree, the standing and chart summaries."""
    result = built("seed")
    assert result.site_dir is not None
    project = next(p for p in result.content.projects if p.id == "2017/video-conference")
    text = _indexed_text(result.site_dir / "projects" / "2017" / "video-conference" /
                         "index.html")
    for generated in ("以上各项与", "逐条对应", "满分 ", "展开图表", "展开：本项目", "存在问题 "):
        assert generated not in text, generated
    for problem in project.problems_found:
        assert text.count(" ".join(problem.split())) == 1, problem
    assert project.name in text and project.achievements[0][:20] in text


def test_one_cut_process_cuts_shard_after_shard_as_this_process_would(tmp_path: Path,
                                                                       monkeypatch: Any
                                                                       ) -> None:
    """A lane's cut process lasts from shard to shard (:class:`.Cutters`): three shards
    cut by one process, started once, give the trees and stamps cutting here gives; a
    job it cannot do fails the build, not hangs it: a page gone as the system's error
    (said in Chinese by the command line), anything else with the child's traceback."""
    from generator.core.problems import BuildError
    from generator.publish import pagefind_cut

    site = tmp_path / "site"
    shards = [[(f"s{n}/{name}/index.html", str(site / f"s{n}/{name}/index.html"))
               for name in ("a", "b")] for n in range(3)]
    for rel, where in (page for shard in shards for page in shard):
        Path(where).parent.mkdir(parents=True)
        Path(where).write_bytes(_page(rel))
    started: list[list[str]] = []
    popen = pagefind_cut.subprocess.Popen
    monkeypatch.setattr(pagefind_cut.subprocess, "Popen",
                        lambda command, **kw: started.append(command) or popen(command, **kw))
    trees: dict[str, dict[str, bytes]] = {}
    stamps: dict[str, dict[str, tuple[int, ...]]] = {}
    for way in ("here", "apart"):
        cuts = Cuts(tmp_path / f"cuts-{way}")
        cutters = pagefind_cut.Cutters(1) if way == "apart" else None
        try:
            for n, shard in enumerate(shards):
                pagefind_cut.cut_shard(tmp_path / way / f"tree-{n}", cuts, shard,
                                       cutters=cutters)
        finally:
            if cutters is not None:
                cutters.close()
        trees[way] = {p.relative_to(tmp_path / way).as_posix(): p.read_bytes()
                      for p in (tmp_path / way).rglob("index.html")}
        stamps[way] = dict(cuts.stamps)  # of the same pages: the same
    assert len(started) == 1 and len(trees["here"]) == 6
    assert trees["apart"] == trees["here"] and stamps["apart"] == stamps["here"]
    for source, raised in ((str(tmp_path / "missing.html"), FileNotFoundError),
                           (None, BuildError)):
        cutters = pagefind_cut.Cutters(1)
        try:  # the system's refusal said as such (as any child's), else the traceback
            with pytest.raises(raised) as failed:
                pagefind_cut.cut_shard(tmp_path / "x", Cuts(tmp_path / "cuts-x"),
                                       [("a/index.html", source)],  # type: ignore[list-item]
                                       cutters=cutters)
        finally:
            cutters.close()
        if source is not None:
            assert failed.value.filename == source  # type: ignore[attr-defined]
        else:
            assert re.match("为搜索准备页面失败：\n(.|\n)*TypeError", str(failed.value))
