"""Structured problems: every check reports here, nothing prints.

A problem names the file, line and column so staff can go straight to the spot; the
CLI decides at the boundary how to show them (text or JSON) and which exit code follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Problem:
    severity: Severity
    file: str
    line: int | None
    column: int | None
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def format(self) -> str:
        return f"{self.location()}: {SEVERITY_LABEL[self.severity]}：{self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    def sort_key(self) -> tuple[str, int, int, int]:
        return (self.file, 0 if self.is_error else 1, self.line or 0, self.column or 0)


class Problems:
    """Collects problems for one file (or a whole run) so that all are reported at once."""

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.items: list[Problem] = []

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, severity: Severity, message: str, line: int | None = None,
            column: int | None = None, file: str | None = None) -> None:
        self.items.append(Problem(severity, self.file if file is None else file,
                                  line, column, message))

    def error(self, message: str, line: int | None = None, column: int | None = None,
              file: str | None = None) -> None:
        self.add("error", message, line, column, file)

    def warning(self, message: str, line: int | None = None, column: int | None = None,
                file: str | None = None) -> None:
        self.add("warning", message, line, column, file)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=Problem.sort_key)


class ContentError(Exception):
    """Raised at the end of a run whose content has errors; carries all of them."""

    def __init__(self, problems: list[Problem], files: int = 0) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} 个错误")
        self.problems = problems
        self.files = files  # project files read


class BuildError(Exception):
    """MkDocs or an output step failed; the message says what to do."""
