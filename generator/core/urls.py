"""Where each page lives, and relative links between pages.

Links inside raw HTML blocks are not rewritten by MkDocs, so they are made relative here,
for both URL styles: directory URLs on a web server, ``index.html`` for the package that
is opened from disk (``file://``).
"""

from __future__ import annotations

import hashlib
import posixpath

from generator.core.model import ProjectHead, SiteConfig

PROJECT_PAGES = "projects"  # every project page is under it, and nothing else


def project_page(project: ProjectHead) -> str:
    return f"{PROJECT_PAGES}/{project.id}/"


WHOLE_PAGES = "whole"  # each 部门整体 result's own page, by its file's id


def whole_page(result: ProjectHead) -> str:
    """A 部门整体 result's own page. By the file's id, like a project's: one department may
    publish two for a year (its 自评 and the finance bureau's 重点评价), each a page."""
    return f"{WHOLE_PAGES}/{result.id}/"


LIST_ROWS = 1000  # a list's rows on one page; a longer one goes on over pages 2, 3, ...


def list_pages(rows: int) -> range:
    """The numbers of the pages a list of ``rows`` rows takes (at least one)."""
    return range(1, max(1, -(-rows // LIST_ROWS)) + 1)


def _numbered(page: str, number: int) -> str:
    """The ``number``-th page of a list that starts on ``page``."""
    return page if number == 1 else f"{page}{number}/"


def year_page(year: int, number: int = 1) -> str:
    return _numbered(f"years/{year}/", number)


def department_slug(authority: str, config: SiteConfig) -> str:
    """An ASCII URL name: from site.yml's ``departments`` or a stable hash of the name."""
    if authority in config.departments:
        return config.departments[authority]
    return "d-" + hashlib.sha1(authority.encode("utf-8")).hexdigest()[:10]


def department_page(authority: str, year: int, config: SiteConfig) -> str:
    return f"departments/{department_slug(authority, config)}/{year}/"


def authority_page(authority: str, config: SiteConfig) -> str:
    """The authority across all its years (its yearly disclosures are one level below)."""
    return f"departments/{department_slug(authority, config)}/"


RECTIFICATION_PAGE = "rectification/"
PROBLEMS_PAGE = "problems/"


def rectification_page(year: int | None = None) -> str:
    return RECTIFICATION_PAGE if year is None else f"{RECTIFICATION_PAGE}{year}/"


def problems_page(theme_slug: str | None = None, year: int | None = None,
                  number: int = 1) -> str:
    """问题: the overview, or one theme's problems of one year (``problems/<slug>/<year>/``:
    pages of one theme and year stay small on a large site)."""
    if theme_slug is None or year is None:
        return PROBLEMS_PAGE
    return _numbered(f"{PROBLEMS_PAGE}{theme_slug}/{year}/", number)


def department_docx_path(authority: str, year: int, config: SiteConfig) -> str:
    """The disclosure as a Word document, among the downloads: data/departments/<slug>/2017.docx."""
    return f"{DATA_DIR}/departments/{department_slug(authority, config)}/{year}.docx"


def source_path(page: str) -> str:
    """The Markdown file behind a page URL: ``years/2017/`` → ``years/2017/index.md``."""
    return (page + "index.md") if page.endswith("/") or not page else page


class Linker:
    """Relative links from one page to another page or file."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls

    def __call__(self, here: str, target: str) -> str:
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        rel = _relative(target, base)
        if target.endswith("/") or not target:
            rel = rel.rstrip("/") + "/" if rel != "." else "./"
            if not self.directory_urls:
                rel += "index.html"
        return rel


def _relative(target: str, base: str) -> str:
    """``posixpath.relpath("/" + target, "/" + base)``, without its two ``abspath`` calls
    where no part is ``.`` or ``..`` (always, for the site's addresses): the links of
    2,000 project pages took 5.4 s of 84 s of rendering through ``relpath``."""
    start = [part for part in base.split("/") if part]
    path = [part for part in target.split("/") if part]
    if "." in start or ".." in start or "." in path or ".." in path:
        return posixpath.relpath("/" + target, "/" + base)
    common = 0
    for a, b in zip(start, path, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + path[common:]
    return "/".join(parts) if parts else "."


DATA_DIR = "data"
DATA_PAGE = f"{DATA_DIR}/"
INDICATORS_PATH = f"{DATA_DIR}/indicators.csv"
RECTIFICATION_PATH = f"{DATA_DIR}/rectification.csv"
TEMPLATE_PATH = f"{DATA_DIR}/template.xlsx"


def results_path(extension: str, year: int | None = None) -> str:
    """Site-relative address of a download: data/results.csv, data/2017/results.xlsx."""
    folder = f"{DATA_DIR}/{year}" if year is not None else DATA_DIR
    return f"{folder}/results.{extension}"


def project_json_path(project: ProjectHead) -> str:
    return f"{DATA_DIR}/projects/{project.id}.json"


DATAPACKAGE_PATH = f"{DATA_DIR}/datapackage.json"
FEED_PATH = "feed.xml"


def department_feed(authority: str, config: SiteConfig) -> str:
    """The authority's Atom feed: departments/<slug>/feed.xml, beside its yearly pages."""
    return f"departments/{department_slug(authority, config)}/{FEED_PATH}"


def absolute(config: SiteConfig, path: str) -> str | None:
    """``path`` under the published address (site.yml ``base_url``), or None without one."""
    return config.base_url + path if config.base_url else None
