"""Where each page lives, and relative links between pages.

Links inside raw HTML blocks are not rewritten by MkDocs, so they are made relative here,
for both URL styles: directory URLs on a web server, ``index.html`` for the package that
is opened from disk (``file://``).
"""

from __future__ import annotations

import hashlib
import posixpath

from generator.core.model import Project, SiteConfig


def project_page(project: Project) -> str:
    return f"projects/{project.id}/"


def year_page(year: int) -> str:
    return f"years/{year}/"


def department_slug(authority: str, config: SiteConfig) -> str:
    """An ASCII URL name: from site.yml's ``departments`` or a stable hash of the name."""
    if authority in config.departments:
        return config.departments[authority]
    return "d-" + hashlib.sha1(authority.encode("utf-8")).hexdigest()[:10]


def department_page(authority: str, year: int, config: SiteConfig) -> str:
    return f"departments/{department_slug(authority, config)}/{year}/"


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
        rel = posixpath.relpath("/" + target, "/" + base) if target else \
            posixpath.relpath("/", "/" + base)
        if target.endswith("/") or not target:
            rel = rel.rstrip("/") + "/" if rel != "." else "./"
            if not self.directory_urls:
                rel += "index.html"
        return rel


DATA_DIR = "data"
DATA_PAGE = f"{DATA_DIR}/"
INDICATORS_PATH = f"{DATA_DIR}/indicators.csv"
TEMPLATE_PATH = f"{DATA_DIR}/template.xlsx"


def results_path(extension: str, year: int | None = None) -> str:
    """Site-relative address of a download: data/results.csv, data/2017/results.xlsx."""
    folder = f"{DATA_DIR}/{year}" if year is not None else DATA_DIR
    return f"{folder}/results.{extension}"


def project_json_path(project: Project) -> str:
    return f"{DATA_DIR}/projects/{project.id}.json"
