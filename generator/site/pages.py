"""Render every Markdown page from the one site context, through Jinja2 templates.

Templates autoescape, and every ``{{ }}`` goes through :func:`generator.site.text.finalize`:
data text can only ever be text, on one line (its line breaks as references), so it can
never end the raw HTML block it stands in (Markdown is not interpreted inside them, see
``mkdocs_hooks.py``). Titles handed to MkDocs have HTML-significant characters swapped
for full-width ones, because MkDocs' own templates print titles unescaped.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from generator.base.parallel import goes_parallel, share, worker_count
from generator.base.writer import Writer, WriteStats
from generator.core import fmt
from generator.core.fields import FIELDS, INDICATOR_FIELDS, RECTIFICATION_FIELDS
from generator.core.heads import seen
from generator.core.methods import is_self_evaluation
from generator.core.model import HUNDRED, ZERO, Project, ProjectHead, Value
from generator.core.rectification import (
    ledger_rows,
    next_in_series,
    previous_in_series,
    source_counts,
    status_counts,
)
from generator.core.themes import OTHER, THEME_SLUGS, THEMES, top_keywords
from generator.core.urls import (
    authority_page,
    department_page,
    problems_page,
    project_page,
    rectification_page,
    source_path,
)
from generator.core.whole import WHOLE
from generator.site import charts, glossary
from generator.site.charts import insight
from generator.site.citation import citation
from generator.site.context import Group, SiteContext
from generator.site.environment import page_env
from generator.site.indicator_rows import indicator_rows, level_name
from generator.site.paging import Page, paged
from generator.site.selfeval import self_evaluation
from generator.site.text import lines, one_line
from generator.site.whole import by_method, whole_summary
from generator.site.whole_pages import whole_pages, year_pages

# --- the indicator table with merged cells ------------------------------------------------

def indicator_table(project: Project) -> Markup:
    """The full indicator table. Built with plain string joins and :func:`one_line` (every
    data text escaped here, on one line), because it is the largest block of every project
    page. No 合计 row: the totals (满分值, 评价分值, 失分) are the 得分情况表's just above,
    and the score is printed there and in the facts only."""
    depth, rows = indicator_rows(project.indicators)
    leaves = list(project.leaves())
    has_values = any(n.target is not None or n.actual is not None for n in leaves)
    has_notes = any(n.note for n in leaves)
    head = "".join(f'<th scope="col">{level_name(i)}</th>' for i in range(depth))
    head += '<th scope="col">满分值</th><th scope="col">得分</th><th scope="col">失分</th>'
    if has_values:
        head += '<th scope="col">年度指标值</th><th scope="col">实际完成值</th>'
    if has_notes:
        head += '<th scope="col">偏差原因分析及改进措施</th>'
    out = ['<div class="pe-scroll">', '<table class="pe-table pe-indicators">',
           f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows:
        cells = []
        for cell in row:
            attrs = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            attrs += f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            node = cell.node
            label = str(one_line(node.label))
            if not cell.leaf:
                label += (f'<br><span class="pe-sub" data-search-exclude="true">满分 '
                          f'{fmt.number(node.weight)} · '
                          f"得分 {fmt.two(node.score)}</span>")
            kind = "pe-level pe-leaf" if cell.leaf else "pe-level"
            cells.append(f'<td class="{kind}"{attrs}>{label}</td>')
        leaf = row[-1].node
        cells.append(f'<td class="pe-num" data-label="满分值">{fmt.number(leaf.weight)}</td>'
                     f'<td class="pe-num" data-label="得分">{fmt.number(leaf.score)}</td>'
                     f'<td class="pe-num" data-label="失分">{fmt.number(leaf.lost)}</td>')
        if has_values:
            target = _value(leaf.target, leaf.unit)
            actual = _value(leaf.actual, leaf.unit, execution=project.execution_rate)
            cells += [f'<td data-label="{label}"{_none(text)}>{str(one_line(text))}</td>'
                      for label, text in (("年度指标值", target), ("实际完成值", actual))]
        if has_notes:
            cells.append(f'<td data-label="偏差原因">{lines(leaf.note) if leaf.note else fmt.EMPTY}'
                         "</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return Markup("\n".join(out))


def _none(text: str) -> str:
    """An empty figure's class: a phone's stacked row leaves it out."""
    return ' class="pe-none"' if text == fmt.EMPTY else ""


def _value(value: Value | None, unit: str | None, execution: Decimal | None = None
           ) -> str:
    if value is None:
        return fmt.EMPTY
    if value == "budget_execution":
        value = fmt.round2(execution) if execution is not None else None
        if value is None:
            return fmt.EMPTY
    text = fmt.number(value) if isinstance(value, Decimal) else str(value)
    return f"{text}{unit or ''}"


# --- pages --------------------------------------------------------------------------------

def iter_pages(site: SiteContext) -> Iterator[Page]:
    yield from summary_pages(site)
    yield from project_pages(site, site.projects)


def project_pages(site: SiteContext, projects: Sequence[ProjectHead]) -> Iterator[Page]:
    """Each project's page, from the whole project (loaded here, one at a time)."""
    for head in projects:
        project = site.content.full(head)
        series = site.series_of(head)
        total_weight = sum((n.weight for n in project.indicators), ZERO)
        selfeval = self_evaluation(project) if project.has_self_evaluation else None
        yield Page(project_page(project), "project.md.j2", project.name, {
            "p": project, "series": series, "total_weight": total_weight,
            "total_lost": sum((n.lost for n in project.indicators), ZERO),
            "total_rate": project.total / total_weight * HUNDRED
            if total_weight and project.total is not None else None,
            # the tree's one home: the 自评表 for a self-evaluation, this table for the others
            "indicator_table": indicator_table(project)
            if project.indicators and not (selfeval and is_self_evaluation(project)) else "",
            "selfeval": selfeval,
            "charts": charts.project_charts(project, series),
            "citation": citation(project, site.config, site.built),
            **insight_context(site, project, series)})


def insight_context(site: SiteContext, project: Project, series: list[ProjectHead]
                    ) -> dict[str, Any]:
    """The project page's ledger, its series' previous and next years, and its standing."""
    previous = previous_in_series(project, series)
    previous = seen(previous) if previous else None  # its texts read, not kept
    return {"ledger": ledger_rows(project), "previous": previous,
            "status_counts": status_counts(project),
            "source_counts": source_counts(project),
            "previous_ledger": ledger_rows(previous) if previous else None,
            "following": next_in_series(project, series),
            "standing": insight.standing_rows(site, project),
            "standing_charts": insight.standing_charts(site, project)}


def summary_pages(site: SiteContext, kept: Container[str] = frozenset(), themes: bool = True
                  ) -> Iterator[Page]:
    """Every page but the projects': home, years, authorities, trends, data, about.
    ``kept``: Markdown paths of pages left as they are, not even made (their charts and
    lists took most of an edit's rendering); ``themes``: see :func:`write_pages`."""
    config = site.config
    years = site.years

    def made(url: str) -> bool:  # a kept page is not even made
        return source_path(url) not in kept

    if made(""):
        yield Page("", "home.md.j2", config.title, {
            "all": site.all, "years": years, "latest": site.latest_year,
            "latest_group": years.get(site.latest_year) if site.latest_year else None,
            "charts": charts.home_charts(site), "hide_toc": True, "wholes": site.wholes})
    if made("years/"):
        yield Page("years/", "years.md.j2", "年度汇总", {"years": years, "wholes": {
            year: whole_summary(results, config) for year, results in site.year_wholes.items()}})
    yield from year_pages(site, kept)
    disclosures = site.disclosures
    if made("departments/"):
        yield Page("departments/", "departments.md.j2", "部门公开", {"departments": disclosures})
    for authority, by_year in disclosures.items():
        wholes = site.authority_wholes.get(authority, {})
        for year, group in by_year.items():
            if not made(department_page(authority, year, config)):
                continue
            what = "" if year in wholes else "财政支出项目"  # the h1: only projects, or not
            yield Page(department_page(authority, year, config), "department.md.j2",
                       f"{authority}{year}年度{what}绩效评价结果", {
                           "authority": authority, "year": year, "group": group,
                           # every head's texts read, not kept (generator.core.heads.seen)
                           "projects": [seen(p) for p in group.projects],
                           "wholes": [site.content.full(w) for w in wholes.get(year, [])],
                           "feed": authority in site.departments,
                           "other_years": [y for y in by_year if y != year], "hide_toc": True})
    for authority in disclosures:
        if not made(authority_page(authority, config)):
            continue
        by_year = site.departments.get(authority, {})
        wholes = site.authority_wholes.get(authority, {})
        yield Page(authority_page(authority, config), "authority.md.j2", authority, {
            "authority": authority, "by_year": by_year,
            "group": site.authorities.get(authority) or Group.of(config),
            "wholes": [w for results in wholes.values() for w in results],
            "charts": insight.authority_charts(authority, by_year, config) if by_year else []})
    yield from whole_pages(site)
    yield from insight_pages(site, kept, themes)
    if made("trends/"):
        yield Page("trends/", "trends.md.j2", "趋势", {
            "years": years, "series": [  # each with whether its methods differ
                (name, items, len({s.method for s in items}) > 1)
                for name, items in site.series.items() if len(items) > 1],
            "charts": charts.trend_charts(site),
            "wholes": by_method(site.year_wholes, config) if site.wholes else []})
    if made("data/"):
        yield Page("data/", "data.md.j2", "数据下载", {
            "years": list(years), "fields": FIELDS, "indicator_fields": INDICATOR_FIELDS,
            "rectification_fields": RECTIFICATION_FIELDS})
    if made("about/"):
        yield Page("about/", "about.md.j2", "评价方法", {})
    if made(glossary.PAGE):
        yield Page(glossary.PAGE, "glossary.md.j2", glossary.TITLE,
                   {"entries": glossary.terms(config)})
    if not made("about/data/"):
        return
    # Public words only: which published projects keep a figure that differs from its own
    # computation (the checker's messages, file names and advice are for staff, in the
    # terminal); each project once, in the site's order.
    flagged = {w.file for w in site.content.warnings}
    # projects and 部门整体 results, each linking its own page
    differing = [p for p in site.content.projects if p.file in flagged]
    yield Page("about/data/", "about_data.md.j2", "关于数据", {
        "all": site.all, "years": years, "departments": site.departments,
        "differing": differing,
        "differing_wholes": any(p.kind == WHOLE for p in differing)})


def insight_pages(site: SiteContext, kept: Container[str] = frozenset(), themes: bool = True
                  ) -> Iterator[Page]:
    """整改 (rectification/, one page per year) and 问题 (problems/, one page per year;
    none when not ``themes``)."""
    years = site.years
    if source_path(rectification_page()) not in kept:
        status_chart = insight.status_chart(site)
        yield Page(rectification_page(), "rectification.md.j2", "整改情况", {
            "years": years, "departments": site.departments, "all": site.all,
            "without": site.all.without_rectification[:RECTIFICATION_LIST_MAX],
            "list_max": RECTIFICATION_LIST_MAX,
            "charts": [status_chart] if status_chart else []})
    for year, group in years.items():
        if source_path(rectification_page(year)) in kept:
            continue
        yield Page(rectification_page(year), "rectification_year.md.j2",
                   f"{year} 年度存在问题的整改情况", {
                       "year": year, "group": group,
                       "authorities": {a: by_year[year] for a, by_year in
                                       site.departments.items() if year in by_year}})
    if not themes:
        return
    index = site.themes
    if source_path(problems_page()) not in kept:
        theme_chart = insight.theme_chart(index)
        yield Page(problems_page(), "problems.md.j2", "存在问题的主题", {
            "index": index, "years": years, "themes": THEMES, "other": OTHER,
            "other_keywords": top_keywords(index.other_texts),
            "charts": [theme_chart] if theme_chart else []})
    for year, entries in index.by_year.items():
        for name, entry in entries.items():
            if not entry.count:
                continue
            url = partial(problems_page, THEME_SLUGS[name], year)
            for pager, rows in paged(url, entry.projects):
                if source_path(pager.url) in kept:
                    continue
                yield Page(pager.url, "problems_theme.md.j2",
                           f"{name}：{year} 年度存在问题{pager.suffix}", {
                               "name": name, "year": year, "entry": entry, "rows": rows,
                               "pager": pager, "problems": index.year_problems[year],
                               "other_years": sorted(index.themes[name].years, reverse=True)})


RECTIFICATION_LIST_MAX = 300  # projects without rectification listed on rectification/


def write_pages(site: SiteContext, writer: Writer, directory_urls: bool = True,
                workers: int | None = None, kept: set[str] | None = None,
                projects: Sequence[ProjectHead] | None = None, themes: bool = True,
                compiled: Path | None = None) -> None:
    """Render every page of the site into ``writer``.

    ``kept``: Markdown paths of pages already written whose inputs did not change (see
    :func:`generator.publish.pipeline.generate`): kept, not rendered again; ``projects``:
    the projects whose pages render, when the caller knows them (the others' are kept: not
    looked at, an edit's rebuild renders a few); ``themes``: False when every 问题 page is
    kept (the problems' index is then not even made); ``compiled``: see
    :func:`generator.site.environment.make_env`.

    With many projects, forked workers render and write part of the project pages while
    this process does the summaries and the rest (:func:`~generator.base.parallel.share`).
    Each worker writes only paths this writer claimed for it, so no path is written twice."""
    kept = kept or set()
    summaries: Iterable[Page] = summary_pages(site, kept, themes)
    if kept:
        writer.keep_all(kept)
        summaries = (page for page in summaries if source_path(page.url) not in kept)
    if projects is None:
        projects = [p for p in site.projects if source_path(project_page(p)) not in kept] \
            if kept else site.projects
    if not goes_parallel(len(projects), workers, fork_only=True):
        _write(writer, site, directory_urls, chain(summaries, project_pages(site, projects)),
               compiled)
        return
    # The summaries first, before the workers are forked: they read every project, and
    # whatever this process writes while a forked worker lives (the objects' reference
    # counts, the allocator's gaps) is copied, the worker keeping the old pages. Measured at
    # 20,000 projects, rendering them beside the worker copied 160–200 MiB.
    _write(writer, site, directory_urls, summaries, compiled)
    prepare_projects(site)
    count = worker_count(workers)
    own = len(projects) // count
    writer.claim([source_path(project_page(p)) for p in projects[own:]])

    def here(state: _PageJob, part: Sequence[ProjectHead]) -> WriteStats:
        _write(writer, site, directory_urls, project_pages(site, list(part)), compiled)
        return WriteStats()

    done = share(_write_projects, (site, directory_urls, writer.root, writer.digests, compiled),
                 projects, own=lambda n, w: own, workers=count, fork_only=True, here=here)
    for stats in done[1:]:
        writer.merge(stats)


_PageJob = tuple[SiteContext, bool, Path, bool, Path | None]


def prepare_projects(site: SiteContext) -> None:
    """Work each project page would otherwise do for the whole site on first use, done
    once here before the workers fork: each worker would do it again, and the projects it
    reads (all of them: :attr:`SiteContext.built` takes the newest year) would each be
    copied into it."""
    for group in chain(site.years.values(), site.authorities.values()):
        group.sorted_totals  # noqa: B018 - ranked once here, not again in each worker
    site.built  # noqa: B018


def render_pages(site: SiteContext, directory_urls: bool = True,
                 which: Literal["all", "projects", "summaries"] = "all"
                 ) -> Iterator[tuple[str, str]]:
    """Every page (or only the projects', or only the others) as (Markdown path under docs/,
    text), rendered here: a test of the summary pages at 1,000 projects need not render the
    1,000 project pages (four fifths of the time)."""
    pages = {"all": iter_pages, "projects": lambda s: project_pages(s, s.projects),
             "summaries": summary_pages}[which](site)
    return _render(site, directory_urls, pages)


def _write_projects(state: _PageJob, part: Sequence[ProjectHead]) -> WriteStats:
    """In a forked worker: write these projects' pages, which the parent claimed for it."""
    site, directory_urls, root, digests, compiled = state
    writer = Writer(root, {source_path(project_page(p)) for p in part}, digests)
    _write(writer, site, directory_urls, project_pages(site, list(part)), compiled)
    return writer.stats


def _write(writer: Writer, site: SiteContext, directory_urls: bool, pages: Iterable[Page],
           compiled: Path | None = None) -> None:
    for path, text in _render(site, directory_urls, pages, compiled):
        writer.write(path, text)


def _render(site: SiteContext, directory_urls: bool, pages: Iterable[Page],
            compiled: Path | None = None) -> Iterator[tuple[str, str]]:
    env, at = page_env(site, directory_urls, compiled)
    for page in pages:
        template = env.get_template(page.template)
        at.url = page.url
        context = {**page.context, "here": page.url, "title": page.title,
                   "hide_toc": page.context.get("hide_toc", False)}
        yield source_path(page.url), template.render(context)


def nav(site: SiteContext) -> list[dict[str, str | list[dict[str, str]]]]:
    """A small navigation whatever the number of projects (a full nav makes MkDocs slow)."""
    return [{"首页": "index.md"}, {"年度汇总": "years/index.md"},
            {"部门公开": "departments/index.md"},
            {"整改与问题": [{"整改情况": "rectification/index.md"},
                       {"存在问题的主题": "problems/index.md"}]},
            {"趋势": "trends/index.md"},
            {"数据": "data/index.md"},
            {"方法": [{"评价方法": "about/index.md"}, {"术语": "glossary/index.md"},
                    {"关于数据": "about/data/index.md"}]}]

