"""The build's part of each bundle (generator/publish/pagefind_han.py): every bigram word of
every page of a sharded build, with that page's number, in its bucket's file, and each page's
text by its number; neither in Pagefind's index or fragments."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

from generator.publish.pagefind_bigrams import token
from generator.publish.pagefind_han import bucket, read_han
from generator.publish.pagefind_input import searched_page
from generator.publish.pagefind_names import HAN_DIR, TEXT_DIR
from generator.publish.pagefind_route import LISTING, read_words
from generator.publish.pagefind_stable import MAGIC, load_file
from tests.sitebuild import built

WORDS = re.compile(rb'<p data-pe-bigrams="">([^<]*)</p>')
TEXT = re.compile(rb' data-pe-text="([^"]*)"')


def test_a_words_bucket_is_the_low_byte_of_its_first_character() -> None:
    assert token("项目") == "zhjihjhgoo"  # 项 U+9879, 目 U+76EE
    assert bucket(token("项目")) == "hj" == bucket("zhjihj")  # the one-character query too
    assert bucket("zhjihjz") == "hj"  # 项's lone word


def _bundles(site: Path) -> list[Path]:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    return [site / "pagefind", *(site / s for s in manifest["shards"])]


def _fragment(bundle: Path, fragment: str) -> dict[str, Any]:
    raw = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
    data: dict[str, Any] = json.loads(raw[len(MAGIC):])
    return data


def _url(bundle: Path, fragment: str) -> str:
    return str(_fragment(bundle, fragment)["url"])


def test_each_page_s_bigram_words_are_indexed_with_its_number_in_its_bundle() -> None:
    """Every page of the sharded seeds: its bigram index words (by the browser's way to a
    page: the listing's fragment by number) are the words its cut page holds; each in its
    bucket's file, which the listing names; and Pagefind's own index has none of them."""
    site = built("sharded").site_dir
    bundles = _bundles(site)
    assert len(bundles) > 3
    pages_seen = 0
    for bundle in bundles:
        listing = json.loads((bundle / LISTING).read_text(encoding="utf-8"))
        pages = [listing["prefix"] + name for name in listing["pages"].split()]
        held: dict[int, set[str]] = {}
        for word, numbers in read_han(bundle):
            for number in numbers:
                held.setdefault(number, set()).add(word)
        for number, fragment in enumerate(pages):
            url = _url(bundle, fragment)
            page = site / url.strip("/") / "index.html"
            cut = searched_page(page.read_bytes())
            found = WORDS.search(cut)
            want = set(found.group(1).decode().split()) if found else set()
            assert held.get(number, set()) == want, url
            # its text, by number too, as the reader sees it; not in its fragment
            text = (bundle / TEXT_DIR / f"{number}.txt").read_text(encoding="utf-8")
            assert text == html.unescape(TEXT.search(cut).group(1).decode()), url
            assert "pe_text" not in _fragment(bundle, fragment)["meta"]
            pages_seen += 1
        files = sorted(p.stem for p in (bundle / HAN_DIR).glob("*.json"))
        assert listing["han"].split() == files
        for name in files:
            words = json.loads((bundle / HAN_DIR / f"{name}.json").read_text(encoding="utf-8"))
            assert words and all(bucket(word) == name for word in words)
        indexed = [entry[0] for chunk in (bundle / "index").glob("*.pf_index")
                   for entry in load_file(chunk)[0][0]]
        assert indexed and not [w for w in indexed if re.fullmatch(r"zh[a-p]{4,8}z?", w)]
        # the router still routes a bigram word to the bundles holding it
        assert {word for word, _ in read_han(bundle)} <= set(read_words(bundle)["words"])
    assert pages_seen == sum(len(json.loads((b / LISTING).read_text())["pages"].split())
                             for b in bundles) > 30
