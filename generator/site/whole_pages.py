"""The pages 部门整体 results change: each year's summary (its projects, and apart from them
its 部门整体 results) and each 部门整体 result's own page.

A year of 部门整体 results only has a summary page too; its project parts are left out.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from functools import partial

from generator.core import urls
from generator.core.urls import year_page
from generator.site import charts
from generator.site.context import Group, SiteContext
from generator.site.paging import Page, paged
from generator.site.whole import whole_form, whole_summary


def year_pages(site: SiteContext, kept: Container[str] = frozenset()) -> Iterator[Page]:
    """Each year's summary: its projects and their statistics, and apart from them its
    部门整体 results with their own count, average and grades (a year of 部门整体 results
    only has a page too). ``kept``: Markdown paths of pages not made (see summary_pages)."""
    config = site.config
    for year in site.summary_years:
        group = site.years.get(year) or Group.of(config)
        if all(urls.source_path(year_page(year, n)) in kept
               for n in urls.list_pages(len(group.projects))):
            continue  # not even its authorities listed (all its projects read)
        authorities = sorted({p.authority for p in group.projects})
        wholes = site.year_wholes.get(year)
        disclosed = sorted({*authorities, *(w.authority for w in wholes)}) if wholes \
            else authorities
        for pager, rows in paged(partial(year_page, year), group.projects):
            if urls.source_path(pager.url) in kept:
                continue
            yield Page(pager.url, "year.md.j2", f"{year} 年度绩效评价结果汇总{pager.suffix}", {
                "year": year, "group": group, "authorities": authorities, "rows": rows,
                "disclosed": disclosed, "pager": pager,
                "with_whole": {w.authority for w in wholes} if wholes else set(),
                "wholes": whole_summary(wholes, config) if wholes and pager.first else None,
                "charts": charts.year_charts(site, year)
                if pager.first and year in site.years else []})


def whole_pages(site: SiteContext) -> Iterator[Page]:
    """Each 部门整体 result's own page: the answer, then its form as published."""
    for head in site.wholes:
        result = site.content.full(head)
        by_year = site.authority_wholes.get(head.authority, {})
        yield Page(urls.whole_page(head), "whole.md.j2", result.name, {
            "p": result, "form": whole_form(result),
            "history": [w for results in by_year.values() for w in results]})
