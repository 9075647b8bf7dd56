"""Work an edit's rebuild no longer does twice (issue 45): counted, never timed."""

from __future__ import annotations

from typing import Any

import pytest

import generator.site.context as context_module
from generator.content.discovery import read_content
from generator.site.context import build_context
from tests.sitebuild import SEED_CONTENT


def test_each_projects_rectification_is_read_once_for_its_four_groups(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A project counts in all, its year, its department's year and its authority: its
    problems' sources and whether it lacks rectification are read once, the figures the
    same as reading them for each group."""
    content = read_content(SEED_CONTENT)
    expected = build_context(content)
    read: list[str] = []
    for name in ("problem_sources", "lacks_rectification"):
        real = getattr(context_module, name)

        def counting(project: Any, real: Any = real) -> Any:
            read.append(project.id)
            return real(project)

        monkeypatch.setattr(context_module, name, counting)
    site = build_context(content)
    projects = [p for p in content.projects if p.kind != "部门整体"]
    assert sorted(read) == sorted(p.id for p in projects for _ in range(2))
    for mine, theirs in [(site.all, expected.all),
                         *zip(site.years.values(), expected.years.values(), strict=True),
                         *zip(site.authorities.values(), expected.authorities.values(),
                              strict=True)]:
        assert mine.status_sources == theirs.status_sources
        assert [p.id for p in mine.without_rectification] == \
            [p.id for p in theirs.without_rectification]
    assert sum(site.all.status_sources.values()) > 0
