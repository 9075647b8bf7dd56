"""The build's fast paths give what the plain forms they replace give: the relative links
(generator.core.urls) what ``posixpath.relpath`` gives, a text on one line
(generator.site.text.one_line) what escaping and replacing every break gives, a
page's bigram words for Pagefind (generator.publish.pagefind_bigrams) those of each pair
sliced out by its index, a site file's path in a folder (generator.publish.files.under)
what ``os.path.join`` gives, and the next element a page's cut for Pagefind empties
(generator.publish.pagefind_input._next_excluded) what the regular expression's search finds,
the elements it leaves out (``_left_out``) what their XPath union selects, a
worksheet's rows (generator.downloads.sheet_cells.rows_xml, its short texts' cells cached)
what each cell made anew gives, rows of raw values (``raw_rows_xml``) what their cells give,
and a group's standing digest (generator.publish.standings.standing_rows, its rows shared
by the groups) what the group's own rows give."""

from __future__ import annotations

import os
import posixpath
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from markupsafe import Markup, escape

import generator.downloads.sheet_cells as sheet_cells
import generator.publish.pagefind_bigrams as bigrams
import generator.publish.pagefind_input as cut
from generator.core.urls import Linker, _relative
from generator.publish.files import under
from generator.site.text import BREAK, BREAKS, one_line

_PART = st.sampled_from(["", ".", "..", "a", "b", "years", "2017", "index.md", "部门", "a.b"])
_PATH = st.lists(_PART, max_size=6).map("/".join)
# what str.splitlines splits at (none of them is past U+2029)
_BREAKS = "".join(c for c in map(chr, range(0x2030)) if len(f"a{c}b".splitlines()) == 2)


@settings(max_examples=1000)
@given(_PATH, _PATH)
def test_a_relative_link_is_what_relpath_gives(target: str, base: str) -> None:
    assert _relative(target, base) == posixpath.relpath("/" + target, "/" + base)


@settings(max_examples=500)
@given(st.sampled_from(["/tmp/site", "/tmp/site/", "site", "/", "年度/网站"]),
       _PATH.filter(lambda rel: not rel.startswith("/")), st.booleans())
def test_a_file_under_a_folder_is_what_os_path_join_gives(root: str, rel: str,
                                                          as_path: bool) -> None:
    folder = Path(root) if as_path else root
    assert under(folder)(rel) == os.path.join(folder, rel)


def test_links_between_the_sites_pages() -> None:
    link = Linker()
    assert link("projects/2017/video-conference/", "years/2017/") == "../../../years/2017/"
    assert link("years/2017/", "years/2017/") == "./"
    assert link("", "data/results.csv") == "data/results.csv"
    assert link("years/2017/", "") == "../../"
    assert Linker(directory_urls=False)("about/", "years/2017/") == "../years/2017/index.html"


def test_the_breaks_are_those_splitlines_splits_at() -> None:
    assert sorted(BREAKS) == sorted(_BREAKS) and len(_BREAKS) == 10


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(list("ab<>&\"'中 ") + list(_BREAKS)), max_size=12))
def test_one_line_is_the_text_escaped_with_every_break_a_reference(text: str) -> None:
    line = one_line(text)
    assert type(line) is Markup
    assert line == Markup(BREAK.sub("&#10;", escape(text)))
    assert not any(ch in line for ch in _BREAKS)


def test_one_line_passes_markup_and_figures() -> None:
    assert one_line(Markup("<b>a</b>\nb")) == "<b>a</b>&#10;b"
    assert one_line(12) == "12" and type(one_line(12)) is Markup


def _plain_page_words(text: str) -> list[str]:
    """:func:`page_words` as first written: each pair sliced out by its index."""
    runs = bigrams._HAN_RUN.findall(text)
    pairs = dict.fromkeys(run[i:i + 2] for run in runs for i in range(len(run) - 1))
    starts = {pair[0] for pair in pairs}
    lone = dict.fromkeys(run[-1] for run in runs if run[-1] not in starts)
    return [bigrams.token(pair) for pair in pairs] + [bigrams.single(char) for char in lone]


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(list("预算执行率绩效中a1 ，\n"))))
@example("预算执行率" * 14 + "，预算执行率")  # a run longer than those whose words are cached
def test_the_bigram_words_of_a_page_are_those_of_each_pair_sliced_out(text: str) -> None:
    assert bigrams.page_words(text) == _plain_page_words(text)
    assert bigrams.distinct_bigram_words(text) == \
        list(dict.fromkeys(bigrams.bigram_words(text)))


# tags with and without the attribute (also where only the search's rules keep it out: no
# space before it, a longer name, in text or a closing tag), "<" and ">" in text, comments
_PIECES = ["<div data-search-exclude>", '<p class="a" data-search-exclude="">',
           "<br data-search-exclude/>",
           '<a title="x data-search-exclude y">', "<b>", "</b>", "</div>", "data-search-exclude",
           "<i data-search-excluded>", '<i x="a"data-search-exclude>', "</p data-search-exclude>",
           "<!-- data-search-exclude -->", "<!x ", "<", ">", " ", "text", '<span id="s">', "/>"]


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(_PIECES), max_size=10), st.integers(0, 40))
def test_the_next_excluded_element_is_the_one_the_search_finds(pieces: list[str],
                                                               position: int) -> None:
    root = "".join(pieces).encode()
    position = min(position, len(root))
    found, searched = cut._next_excluded(root, position), cut._EXCLUDED.search(root, position)
    assert (found and (found.span(), found.group(1))) == \
        (searched and (searched.span(), searched.group(1)))


_ELEMENTS = ["<th>", "<td>", '<td class="pe-num">', '<span class="a\tpe-num  b">',
             '<p class="pe-numb">', '<i class="xpe-num">', "<svg>", "<label>", "<form>",
             "<nav>", "<footer>", "<script>", "<style>", "<template>", "<iframe>", "<noscript>",
             "<div>", "<!-- c -->", "text"]
_LEFT_OUT_XPATH = etree.XPath(cut._NOT_INDEXED + "".join(f" | .//{tag}"
                                                         for tag in cut.IGNORED_TAGS))


@settings(max_examples=500)
@given(st.lists(st.tuples(st.sampled_from(_ELEMENTS), st.integers(0, 3)), max_size=12))
def test_the_elements_left_out_of_a_pages_text_are_those_the_xpath_selects(
        pieces: list[tuple[str, int]]) -> None:
    markup = "".join(piece + "</x>" * closes for piece, closes in pieces)
    tree = etree.HTML(f"<article>{markup}</article>").find(".//article")
    assert cut._left_out(tree) == _LEFT_OUT_XPATH(tree)


def _plain_rows_xml(rows: list[list[tuple[str | None, None]]], widths: list[int]) -> str:
    """:func:`sheet_cells.rows_xml` of text cells as first written: each cell made anew."""
    out = []
    for row in rows:
        cells = []
        for index, (value, _) in enumerate(row):
            if value is None:
                continue
            if widths[index] < sheet_cells.MAX_WIDTH:
                widths[index] = max(widths[index],
                                    *map(sheet_cells.display_width, value.split("\n")))
            wrap = f' s="{sheet_cells.XF_WRAP}"' if sheet_cells._wraps(value) else ""
            cells.append(f'<c r="{"AB"[index]}{sheet_cells.PLACE}"{wrap} t="inlineStr"><is><t '
                         f'xml:space="preserve">{sheet_cells.cell_text(value)}</t></is></c>')
        out.append(f'<row r="{sheet_cells.PLACE}">{"".join(cells)}</row>')
    return "".join(out)


_CELL_TEXT = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("指标a<&\n \x01")),
                                          max_size=70))


@settings(max_examples=500)
@given(st.lists(st.tuples(_CELL_TEXT, _CELL_TEXT), max_size=6), st.integers(0, 70))
@example([("指" * 40, "a" * 65)], 60)  # wider than a column gets: the width stays
def test_a_sheets_text_rows_are_each_cell_made_anew(
        rows: list[tuple[str | None, str | None]], width: int) -> None:
    cells = [[(a, None), (b, None)] for a, b in rows]
    widths, plain_widths = [width, 0], [width, 0]
    assert sheet_cells.rows_xml(cells, ["A", "B"], widths) == \
        (_plain_rows_xml(cells, plain_widths), len(rows))
    assert widths == plain_widths


class _Named:
    """A value of no kind the sheets know: written as its text."""

    def __str__(self) -> str:
        return "名<称>"


_RAW_VALUE = st.one_of(
    st.none(), st.just(""), _CELL_TEXT, st.booleans(), st.integers(-10**12, 10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: abs(d.adjusted()) < 30), st.sampled_from(
        [Decimal("1E+2"), Decimal("-0.0"), Decimal("0.00000000001"), Decimal("12.3400"),
         _Named()]))


@settings(max_examples=500)
@given(st.lists(st.lists(_RAW_VALUE, min_size=3, max_size=3), max_size=5),
       st.integers(0, 70))
def test_a_sheets_raw_rows_are_the_cells_made_from_each_value(rows: list[list[object]],
                                                              width: int) -> None:
    from generator.downloads.workbook import _EMPTY, _raw_cell

    cells = [[_EMPTY if v is None else _raw_cell(v) for v in row] for row in rows]
    widths, raw_widths = [width, 0, 3], [width, 0, 3]
    assert sheet_cells.raw_rows_xml(rows, ["A", "B", "C"], raw_widths) == \
        sheet_cells.rows_xml(cells, ["A", "B", "C"], widths)
    assert raw_widths == widths


def test_the_groups_standing_digests_from_shared_rows_are_their_own() -> None:
    from generator.content.discovery import read_content
    from generator.publish.standings import standing_rows
    from generator.site.context import build_context
    from tests.sitebuild import SEED_CONTENT

    site = build_context(read_content(SEED_CONTENT))
    groups = [g.projects for g in site.years.values()]
    groups += [[p for g in site.departments[a].values() for p in g.projects]
               for a in site.departments]
    made: dict[int, str] = {}
    assert [standing_rows(g, made) for g in groups] == [standing_rows(g) for g in groups]
    assert len(made) == len(site.projects)  # each project's row once, for both its groups
    assert len({standing_rows(g) for g in groups}) > 1


def test_a_summary_pages_fingerprint_from_rows_made_once_is_the_joined_one() -> None:
    """``fingerprints._fingerprint`` joins each project's row made once a build: the same
    digest as the parts and every project's file and listing (or file digest) joined."""
    from types import SimpleNamespace
    from typing import Any, cast

    from generator.content.discovery import read_content
    from generator.publish.cache import digest_bytes
    from generator.publish.fingerprints import _fingerprint
    from generator.publish.listings import listing_of
    from tests.sitebuild import SEED_CONTENT

    projects = read_content(SEED_CONTENT).projects
    names = {p.file: f"digest-{n}" for n, p in enumerate(projects[1:])}  # one not read
    state = cast(Any, SimpleNamespace(names=names))
    groups = [projects, projects[::-1], projects[2:4], [], projects[:1] * 3]
    listed_all = cast(Any, SimpleNamespace(  # a Listings: each project's listing
        many=lambda kind, projects: [listing_of(p) for p in projects]))
    for group in groups:
        for listed in (listed_all, None):
            made = _fingerprint(state, ["key", "2017"], group, listed)
            joined = ["key", "2017"]
            for p in group:
                joined += [p.file, listing_of(p) if listed else names.get(p.file, "")]
            if listed or all(p.file in names for p in group):
                assert made == digest_bytes("\0".join(joined).encode())
            else:  # a file not digested: never equal, this build or the next
                assert made != digest_bytes("\0".join(joined).encode())
    assert len(state._rows_listed) == len(projects)


def test_listings_looked_up_together_are_those_looked_up_one_by_one(tmp_path: Path) -> None:
    """``Listings.many`` gives each kind's entries as the call per project does (kept or
    made; a file not read this build: an entry never equal to another), and an entry made
    for many files of any kind has the record written whole, not beside it."""
    from types import SimpleNamespace
    from typing import Any, cast

    from generator.content.discovery import read_content
    from generator.publish import listings
    from tests.sitebuild import SEED_CONTENT

    projects = read_content(SEED_CONTENT).projects
    names = {p.file: f"digest-{n}" for n, p in enumerate(projects[1:])}  # one not read
    state = cast(Any, SimpleNamespace(names=names, out_dir=tmp_path, render_key=lambda: "r",
                                      check_key=lambda: "c"))
    first = listings.Listings(state)
    one = {"listings": first, "themes": first.themes, "figured": first.figured}
    alone = {kind: [make(p) for p in projects[1:]] for kind, make in one.items()}
    first.save()
    again = listings.Listings(state)
    for kind, values in alone.items():
        together = again.many(kind, projects)
        assert together[1:] == values
        assert together[0] != again.many(kind, projects[:1])[0]  # not read: never equal
    assert again.made == 0
    assert (tmp_path / listings.LISTINGS).is_file()
    many = [SimpleNamespace(file=f"more-{n}.yml") for n in range(listings.MORE_MOST + 1)]
    state.names.update({p.file: "d" for p in many})
    for p in many:  # a kind other than the listings made for many files
        again._kept("figured", again._name(cast(Any, p)), lambda: "f")
    again.save()
    assert not (tmp_path / listings.LISTINGS_MORE).exists()
