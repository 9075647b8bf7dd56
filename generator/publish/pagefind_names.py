"""What Pagefind indexes of a page and where the build keeps its input: names that the
build's state and the pipeline read before the check, kept apart from
:mod:`.pagefind_input`, which parses pages (lxml: ~15 ms of every build's start-up, before
the check that an edit waits for)."""

from __future__ import annotations

from pathlib import Path

PAGEFIND_ROOT = "article.md-content__inner"  # index the page's content, not header or nav
# Left out of the index: what the templates mark data-search-exclude (Material's search, in
# the offline package, honours the same mark): what repeats text indexed elsewhere or is
# generated boilerplate. Each project's 信息表 is indexed on its own page, not again on its
# authority's 部门公开 page; the year's project list only repeats names; charts' captions and
# data tables, the score table and header cells (labels such as 项目名称, 预算执行率) are the
# same on every page. A word on every page costs the browser time on every search (Pagefind
# ranks all matching positions). The indicator table is left out where the 自评表 repeats
# its rows, and so are figures in table cells (``pe-num``: weights, scores, rates, money):
# not words a reader searches for, they were a third of what Pagefind indexed and 40 % of its
# time (2,000 project pages: 22.0 s of CPU with both, 12.1 s without).
SEARCH_EXCLUDE = "data-search-exclude"
PAGEFIND_EXCLUDE = (f"[{SEARCH_EXCLUDE}]", "th", ".pe-num")
PAGEFIND_INPUT = "pagefind.input"  # in the build folder: the cut pages (.pagefind_input.Cuts)
HAN_DIR = "pe-han"  # in each bundle: its bigram words' pages (.pagefind_han), a file a bucket
BIGRAMS = "data-pe-bigrams"  # the cut page's paragraph of bigram words, which Pagefind leaves out
TEXT = "data-pe-text"  # the cut page's text as the reader sees it (Pagefind does not read it)
TEXT_DIR = "pe-text"  # in each bundle: each page's text, <page number>.txt (.pagefind_han)


def buckets(bundle: Path) -> list[str]:
    """The buckets of a bundle's bigram index (.pagefind_han; its listing names them, so
    that the browser asks only for those)."""
    try:
        return sorted(p.stem for p in (bundle / HAN_DIR).iterdir() if p.suffix == ".json")
    except FileNotFoundError:
        return []
