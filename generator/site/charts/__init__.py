"""Charts: pyecharts options built from the generator's own figures, rendered as static HTML.

A page carries each chart's option as JSON in the ``data-chart`` attribute of its container;
the site script (``theme/assets/javascripts/pe.js``) initialises it. Each chart also carries a
caption stating its finding in words and a table of the same numbers, so nothing depends on
JavaScript or on colour alone.

The modules, by job: :mod:`.data` (the figures, in ``Decimal``), :mod:`.captions` (the finding
in words), :mod:`.options` and :mod:`.builders` (pyecharts options as plain data, cached
skeletons), :mod:`.style` (colours), :mod:`.figure` (the chart and its HTML), and the charts of
each page: :mod:`.project` and :mod:`.summary`.
"""

from generator.site.charts.data import AUTHORITY_TOP, LOST_TOP, SERIES_TOP, TALL_FROM
from generator.site.charts.figure import Chart, render_charts
from generator.site.charts.project import project_charts
from generator.site.charts.style import (
    GRADE_COLOURS,
    GRADE_TEXT_COLOURS,
    PALETTE,
    grade_colour,
    grade_text_colour,
)
from generator.site.charts.summary import home_charts, trend_charts, year_charts

__all__ = [
    "AUTHORITY_TOP", "GRADE_COLOURS", "GRADE_TEXT_COLOURS", "LOST_TOP", "PALETTE", "SERIES_TOP",
    "TALL_FROM", "Chart", "grade_colour", "grade_text_colour", "home_charts", "project_charts",
    "render_charts", "trend_charts", "year_charts",
]
