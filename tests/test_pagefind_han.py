"""The bigram index (generator/publish/pagefind_han.py): every bigram word of every page of a
sharded build, with that page's number, in its bucket's file; none in Pagefind's index."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from generator.publish.pagefind_bigrams import token
from generator.publish.pagefind_han import bucket, read_han
from generator.publish.pagefind_input import searched_page
from generator.publish.pagefind_names import HAN_DIR
from generator.publish.pagefind_route import LISTING, read_words
from generator.publish.pagefind_stable import MAGIC, load_file
from tests.sitebuild import built

WORDS = re.compile(rb'<p data-pe-bigrams="">([^<]*)</p>')


def test_a_words_bucket_is_the_low_byte_of_its_first_character() -> None:
    assert token("项目") == "zhjihjhgoo"  # 项 U+9879, 目 U+76EE
    assert bucket(token("项目")) == "hj" == bucket("zhjihj")  # the one-character query too
    assert bucket("zhjihjz") == "hj"  # 项's lone word


def _bundles(site: Path) -> list[Path]:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    return [site / "pagefind", *(site / s for s in manifest["shards"])]


def _url(bundle: Path, fragment: str) -> str:
    raw = gzip.decompress((bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes())
    return str(json.loads(raw[len(MAGIC):])["url"])


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
            found = WORDS.search(searched_page(page.read_bytes()))
            want = set(found.group(1).decode().split()) if found else set()
            assert held.get(number, set()) == want, url
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
