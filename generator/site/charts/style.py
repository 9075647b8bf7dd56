"""Colours and symbols: the same everywhere (bars, stacks, legends, lines)."""

from __future__ import annotations

from generator.core.model import SiteConfig

# Grade colours: a blue/orange diverging scheme (safe for protan, deutan and tritan vision:
# CIE76 ΔE >= 26 between any two under Machado 2009 simulation); every fill has >= 3:1
# contrast with the white page. Text drawn inside a fill uses GRADE_TEXT_COLOURS (>= 6.4:1).
# Labels always name the grade as well.
GRADE_COLOURS: dict[str, str] = {"优": "#08519C", "良": "#4A98C9", "中": "#D4760A", "差": "#8C2D04"}
GRADE_TEXT_COLOURS: dict[str, str] = {"优": "#FFFFFF", "良": "#000000", "中": "#000000",
                                      "差": "#FFFFFF"}
# Bands configured under other labels get these by position (highest band first).
_BAND_FALLBACK = ("#08519C", "#4A98C9", "#9ECAE1", "#FDAE6B", "#D4760A", "#8C2D04")
_BAND_FALLBACK_TEXT = ("#FFFFFF", "#000000", "#000000", "#000000", "#000000", "#FFFFFF")
# Series colours (Okabe–Ito without yellow); lines also cycle through SYMBOLS.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                            "#000000")
SYMBOLS = ("circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow")
LABEL_COLOUR = "#212121"  # labels outside bars and on lines: 16:1 on white


def grade_colour(label: str, config: SiteConfig | None = None) -> str:
    """The fill of a grade: GRADE_COLOURS, else by the band's position in ``config``."""
    if label in GRADE_COLOURS:
        return GRADE_COLOURS[label]
    return _BAND_FALLBACK[_band_index(label, config, len(_BAND_FALLBACK))]


def grade_text_colour(label: str, config: SiteConfig | None = None) -> str:
    """Text drawn on a grade's fill."""
    if label in GRADE_TEXT_COLOURS:
        return GRADE_TEXT_COLOURS[label]
    return _BAND_FALLBACK_TEXT[_band_index(label, config, len(_BAND_FALLBACK_TEXT))]


def _band_index(label: str, config: SiteConfig | None, size: int) -> int:
    labels = [band.label for band in (config or SiteConfig()).grades]
    index = labels.index(label) if label in labels else len(labels) - 1
    if len(labels) <= 1:
        return 0
    return round(index * (size - 1) / (len(labels) - 1))  # spread over the whole scale
