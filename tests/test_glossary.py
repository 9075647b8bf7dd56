"""The 术语 page says what the generator computes (issue 33.6): its grade bands are read back
and checked against :meth:`SiteConfig.band_for`, its status phrases against
:func:`text_status`; every linked term on every page reaches an entry of it."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.core.model import Band, SiteConfig
from generator.core.rectification import STATUSES, UNSTATED, text_status
from generator.site.glossary import band_lines, terms
from tests.sitebuild import built, node_text, page_soup

pytestmark = pytest.mark.site

CLAUSE = re.compile(r"(?:(?P<low>\d+) 分及以上)?、?(?:不到 (?P<high>\d+) 分)?"
                    r"为(?P<label>[^（；。]+)")


@pytest.fixture(scope="module")
def seed() -> Path:
    return built("seed").site_dir


def entries(site: Path) -> dict[str, str]:
    """The glossary page's entries: anchor → the definition as shown."""
    page = page_soup(site, "glossary")
    return {dt["id"]: node_text(dt.find_next_sibling("dd"))
            for dt in page.select("dl.pe-glossary dt")}


def bands_said(text: str) -> list[tuple[Decimal | None, Decimal | None, str]]:
    return [(Decimal(m["low"]) if m["low"] else None, Decimal(m["high"]) if m["high"] else None,
             m["label"]) for m in CLAUSE.finditer(text.split("。", 1)[1])]


def assert_bands_match(said: list, config: SiteConfig) -> None:
    """Each band the page states holds at both its ends for the generator's own rule."""
    assert [label for *_, label in said] == [b.label for b in config.grades]
    cent = Decimal("0.01")
    for low, high, label in said:
        if low is not None:
            assert config.band_for(low).label == label, (low, label)
            assert low == 0 or config.band_for(low - cent).label != label
        if high is not None:
            assert config.band_for(high - cent).label == label, (high, label)
            assert config.band_for(high).label != label


def test_the_seed_glossary_states_the_computed_grade_bands(seed: Path) -> None:
    text = entries(seed)["grade"]
    assert text == ("按评价分值划分的档次，也叫评价结论。90 分及以上为优；80 分及以上、不到 90 分为"
                    "良（也写作“良好”）；60 分及以上、不到 80 分为中；不到 60 分为差。")
    assert_bands_match(bands_said(text), SiteConfig())


def test_other_bands_are_written_from_the_configuration() -> None:
    config = SiteConfig(grades=(Band("A", Decimal(85)), Band("B", Decimal(70), ("合格",)),
                                Band("C", Decimal(0))))
    assert band_lines(config.grades) == [
        "85 分及以上为A", "70 分及以上、不到 85 分为B（也写作“合格”）", "不到 70 分为C"]
    grade = next(t for t in terms(config) if t.slug == "grade")
    assert_bands_match(bands_said(grade.text), config)


def test_each_status_entry_quotes_the_phrases_that_set_it(seed: Path) -> None:
    shown = entries(seed)
    slugs = {"已整改": "fixed", "整改中": "underway", "未整改": "not-fixed", "未说明": "unstated"}
    assert list(slugs) == list(STATUSES)
    for status, slug in slugs.items():
        quoted = re.findall(r"“([^”]+)”", shown[slug])
        assert quoted, status
        if status == UNSTATED:  # its examples are texts the generator leaves 未说明
            assert all(text_status(q) == UNSTATED for q in quoted), quoted
            assert "不计为已整改" in shown[slug]
            continue
        # the status named, then every phrase, each of which the generator reads as it
        assert quoted[0] == status
        assert all(text_status(q + "。") == status for q in quoted[1:]), (status, quoted)
    assert text_status("已整改部分问题。") == UNSTATED and "“已整改部分问题”" in shown["unstated"]


def test_every_term_link_reaches_an_entry(seed: Path) -> None:
    anchors = set(entries(seed))
    assert {"score", "grade", "execution-rate", "method", "third-party", "unit-self",
            "department-self", "rectification", "fixed", "underway", "not-fixed",
            "unstated", "full-marks", "score-rate", "lost", "department", "authority"} <= anchors
    linked: dict[str, set[str]] = {}
    for path in sorted(seed.rglob("index.html")):
        folder = path.parent.relative_to(seed).as_posix()
        if folder.startswith(("assets", "pagefind")):
            continue
        base = "" if folder == "." else folder + "/"
        for a in page_soup(seed, base).select("a.pe-term"):
            target = urlsplit(urljoin("http://x/" + base, a["href"]))
            assert target.path == "/glossary/", (base, a["href"])
            assert target.fragment in anchors, (base, a["href"])
            assert a["title"] and node_text(a)
            linked.setdefault(base, set()).add(target.fragment)
    project = linked["projects/2017/video-conference/"]
    assert {"score", "grade", "method", "third-party", "execution-rate", "underway",
            "department", "authority", "full-marks", "score-rate"} <= project
    assert "unstated" in linked["projects/2018/federation-it/"]
    assert {"score", "grade", "third-party"} <= linked["years/2017/"]
    assert {"score", "grade"} <= linked["departments/hezuojiaoliu/2017/"]
    assert {"fixed", "underway", "not-fixed", "unstated"} <= linked["rectification/"]
    assert {"score", "method"} <= linked["trends/"]


def test_the_glossary_is_in_the_navigation(seed: Path) -> None:
    links = page_soup(seed, "about").select("nav.md-nav a.md-nav__link")
    assert any(node_text(a) == "术语" and a["href"].rstrip("/").endswith("glossary")
               for a in links), [node_text(a) for a in links]
