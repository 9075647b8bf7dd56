"""The context's index of every disclosed problem by theme (the 问题 pages), and the
figures an earlier build made, kept by what the projects list (:class:`FigureMemo`).

Split from :mod:`generator.site.context`, which builds both."""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.core.heads import seen
from generator.core.model import ProjectHead
from generator.core.themes import OTHER, THEME_NAMES, problem_themes


class Indexed(Protocol):
    """What the index is made from (a :class:`~generator.site.context.SiteContext`)."""

    @property
    def projects(self) -> list[ProjectHead]: ...

    @property
    def years(self) -> dict[int, Any]: ...


class FigureMemo(Protocol):
    """A group's figures kept between builds (:class:`generator.publish.listings.
    GroupFigures`): ``key`` names what its projects list, in order (None: not kept),
    ``themes_key`` what the index of problems by theme reads of them and the years;
    ``get`` gives what ``put`` stored under it (pickled), else None."""

    def key(self, projects: list[ProjectHead]) -> str | None: ...

    def themes_key(self, projects: list[ProjectHead], years: Iterable[int]) -> str | None: ...

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, figures: bytes) -> None: ...


def dump_index(index: ThemeIndex, projects: list[ProjectHead]) -> bytes:
    """The index pickled with each project as its place in ``projects``."""
    buffer = io.BytesIO()
    _ToIndex(buffer, projects).dump(index)
    return buffer.getvalue()


def load_index(data: bytes, projects: list[ProjectHead]) -> ThemeIndex:
    """What :func:`dump_index` gave, with these projects (listed as they were)."""
    index: ThemeIndex = _ByIndex(io.BytesIO(data), projects).load()
    return index


class _ToIndex(pickle.Pickler):
    """Pickles a context's index with each project as its place in the projects."""

    def __init__(self, file: io.BytesIO, projects: list[ProjectHead]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.places = {id(p): i for i, p in enumerate(projects)}

    def persistent_id(self, obj: object) -> int | None:
        return self.places.get(id(obj)) if isinstance(obj, ProjectHead) else None


class _ByIndex(pickle.Unpickler):
    """Unpickles what :class:`_ToIndex` pickled, with these projects."""

    def __init__(self, file: io.BytesIO, projects: list[ProjectHead]) -> None:
        super().__init__(file)
        self.projects = projects

    def persistent_load(self, pid: int) -> ProjectHead:
        return self.projects[pid]


@dataclass
class ThemeEntry:
    """A theme's problems: (project, 1-based problem numbers) in content order."""

    name: str
    count: int = 0  # problems
    years: dict[int, int] = field(default_factory=dict)  # problems per year
    authorities: dict[str, int] = field(default_factory=dict)
    # one (project, numbers) object in both the theme's and its year's entry
    projects: list[tuple[ProjectHead, tuple[int, ...]]] = field(default_factory=list)


@dataclass
class ThemeIndex:
    themes: dict[str, ThemeEntry]  # every theme of THEME_NAMES, in that order
    problems: int  # every problem, once
    by_year: dict[int, dict[str, ThemeEntry]]  # newest first
    year_problems: dict[int, int]
    other_texts: list[str]  # the problems under 其他 only

    @classmethod
    def of(cls, site: Indexed) -> ThemeIndex:
        themes = {name: ThemeEntry(name) for name in THEME_NAMES}
        by_year: dict[int, dict[str, ThemeEntry]] = {
            year: {name: ThemeEntry(name) for name in THEME_NAMES} for year in site.years}
        year_problems = dict.fromkeys(site.years, 0)
        total = 0
        other: list[str] = []
        for project in site.projects:  # ~1 µs counts: this runs over every project a build
            found: dict[str, list[int]] = {}
            head = seen(project)  # texts not kept unpacked: a clean build reads every head's
            texts, classified = head.problems_found, head.problem_themes
            if not texts:
                continue
            if len(classified) != len(texts):  # not read through the check
                classified = problem_themes(project)
            year, authority = project.year, project.authority
            total += len(texts)
            year_problems[year] += len(texts)
            for number, (text, names) in enumerate(zip(texts, classified, strict=True), 1):
                if names == (OTHER,):
                    other.append(text)
                for name in names:
                    numbers = found.get(name)
                    if numbers is None:
                        found[name] = [number]
                    else:
                        numbers.append(number)
            in_year = by_year[year]
            for name, numbers in found.items():
                pair = (project, tuple(numbers))
                count = len(numbers)
                for entry in (themes[name], in_year[name]):
                    entry.count += count
                    entry.years[year] = entry.years.get(year, 0) + count
                    entry.authorities[authority] = entry.authorities.get(authority, 0) + count
                    entry.projects.append(pair)
        return cls(themes, total, by_year, year_problems, other)
