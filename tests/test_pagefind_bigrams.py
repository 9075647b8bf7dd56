"""The bigram words that let index and query cut Chinese alike (issue 33, item 4)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.publish.pagefind_bigrams import (
    bigram_words,
    decode,
    distinct_bigram_words,
    page_words,
    single,
    split_han,
    token,
    without_han,
)


def test_a_phrase_is_its_overlapping_pairs() -> None:
    assert [decode(w) for w in bigram_words("视频会议")] == ["视频", "频会", "会议"]


def test_runs_are_cut_apart_and_single_characters_give_none() -> None:
    words = bigram_words("2017年上海市 会 预算执行率95%")
    assert [decode(w) for w in words] == ["年上", "上海", "海市", "预算", "算执", "执行", "行率"]


def test_a_pages_words_are_each_bigram_once_in_the_order_first_met() -> None:
    text = "视频会议，视频会议系统；会议 视频会"
    assert distinct_bigram_words(text) == list(dict.fromkeys(bigram_words(text)))
    assert [decode(w) for w in distinct_bigram_words(text)] == [
        "视频", "频会", "会议", "议系", "系统"]


def test_a_page_gives_each_bigram_once_then_the_characters_starting_none() -> None:
    """Pagefind is given a page's Han text only as these words (issue 45): 会 ends 视频会 and
    starts 会议, so only 议 and the lone 市 (a run of one) and 下 get a lone word; a lone word
    starts with the first half of the bigram words starting with its character (a query of
    one character, found by prefix) and is no bigram word's prefix."""
    text = "视频会议，视频会 市 2017年上下"
    words = page_words(text)
    assert [decode(w) for w in words] == ["视频", "频会", "会议", "年上", "上下",
                                          "议", "市", "下"]
    assert single("会")[:6] == token("会议")[:6] and decode(single("会")) == "会"
    assert not token("会议").startswith(single("会"))
    assert without_han(text).split() == ["，", "2017"]
    # set apart as the extended Pagefind's segmenter cut them: the plain one cuts at spaces
    assert without_han("85.69%，A1_b（100.28）").split() == [
        "85", ".", "69", "%", "，", "A1", "_", "b", "（", "100", ".", "28", "）"]


@given(st.text(alphabet=st.sampled_from(list("视频会议中a1 ，.%_\n豈") + ["\u3400", "\u9fff"]),
               max_size=30))
def test_a_page_cut_at_its_han_runs_once_gives_what_its_text_gives(text: str) -> None:
    pieces = split_han(text)
    runs = re.findall("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text)
    assert pieces[1::2] == runs and "".join(pieces) == text
    assert page_words(pieces) == page_words(text)
    assert without_han(pieces) == without_han(text) == " ".join(re.split(
        r"([^\w\s]|_)", re.sub("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", " ", text)))


def test_a_word_is_ascii_letters_only() -> None:
    word = token("视频")
    assert word == "zhijmgjijb"
    assert word.isascii() and word.isalpha()


def test_words_differ_for_each_pair_and_decode_back() -> None:
    pairs = ["视频", "频视", "会议", "议会"]
    assert len({token(p) for p in pairs}) == 4
    assert [decode(token(p)) for p in pairs] == pairs
    assert decode("zhzzzz") == "zhzzzz"


def test_the_browsers_twin_cuts_a_query_as_the_index_is_cut() -> None:
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    assert node, "node is needed to check search/bigrams.js"
    module = Path(__file__).parents[1] / "theme/assets/javascripts/search/bigrams.js"
    queries = ["视频会议", "2017年上海市政府驻外办事处", "预算执行率 会", "量子纠缠火锅"]
    script = (f"import {{ bigramQuery }} from {str(module.as_uri())!r};"
              f"for (const q of {queries!r}) console.log(bigramQuery(q));")
    out = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert out[0] == " ".join(bigram_words("视频会议"))
    assert out[1] == "2017 " + " ".join(bigram_words("年上海市政府驻外办事处"))
    assert out[2] == " ".join(bigram_words("预算执行率")) + " " + single("会")[:6]
    assert out[3] == " ".join(bigram_words("量子纠缠火锅"))
