"""How to cite a project page: ``<publisher>. <name>. <year>年度绩效评价结果. <url>``, shown
with a copy button on the page and given to reference managers as ``citation_*`` meta tags
(Highwire Press tags, as Zotero and Google Scholar read them).

The publisher is site.yml's ``publisher`` (the site's title when it is empty); the author
is the project's 主管部门, who disclosed the result; the date is the report date, else the
build's date. The URL is absolute under ``base_url``; without it the page shows its own
address (filled in by the copy script from the browser's location).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.core.model import Project, SiteConfig
from generator.core.urls import absolute, project_page


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str
    author: str
    year: int
    date: str  # YYYY/MM/DD or YYYY/MM, as citation_publication_date wants it
    path: str  # the page, site-relative
    url: str | None  # the page's absolute address, when base_url is known

    @property
    def head(self) -> str:
        """Everything before the address."""
        return f"{self.publisher}. {self.title}. {self.year}年度绩效评价结果. "

    @property
    def text(self) -> str:
        return self.head + (self.url or self.path)

    def meta(self) -> dict[str, Any]:
        """The page's ``citation`` front matter, which theme/main.html turns into tags."""
        out: dict[str, Any] = {"title": self.title, "publisher": self.publisher,
                               "author": self.author, "date": self.date}
        if self.url:
            out["url"] = self.url
        return out


def citation(project: Project, config: SiteConfig, built: datetime) -> Citation:
    if project.report_date:
        date = project.report_date.replace("-", "/")
    else:
        date = built.strftime("%Y/%m/%d")
    page = project_page(project)
    return Citation(title=project.name, publisher=config.publisher or config.title,
                    author=project.authority, year=project.year, date=date, path=page,
                    url=absolute(config, page))
