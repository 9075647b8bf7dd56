"""The one problem type: every check, the loader, the importer and the build report here.

Like Frictionless's errors, a problem has a stable ``code`` (tests and tools match on it,
the README lists them), a severity, a typed location (:class:`Where`: a file with line and
column, or a workbook with sheet and cell) and a Chinese message that says what to change.
Nothing prints: the CLI decides at the boundary how to show problems and which exit code
follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Where:
    """Where a problem is: ``file:line:column``, or ``file`` with ``sheet!cell`` (a workbook)
    or a table's row and column (a Word document)."""

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None  # a worksheet, or a Word table (“表 3”)
    cell: str | None = None  # A1-style in a workbook, “第 2 行第 3 列” in a Word table

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(frozen=True)
class Problem:
    code: str  # stable, kebab-case: see the README's table
    severity: Severity
    where: Where
    message: str

    @property
    def file(self) -> str:
        return self.where.file

    @property
    def line(self) -> int | None:
        return self.where.line

    @property
    def column(self) -> int | None:
        return self.where.column

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        return str(self.where)

    def format(self) -> str:
        return f"{self.location()}: {SEVERITY_LABEL[self.severity]}：{self.message}"

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {
            "code": self.code, "severity": self.severity, "file": self.where.file,
            "line": self.where.line, "column": self.where.column, "message": self.message}
        if self.where.sheet is not None:
            record.update(sheet=self.where.sheet, cell=self.where.cell)
        return record

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file, 0 if self.is_error else 1, self.line or 0, self.column or 0,
                self.where.sheet or "")


class Problems:
    """Collects problems for one file (or a whole run) so that all are reported at once."""

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.items: list[Problem] = []

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, code: str, severity: Severity, message: str, line: int | None = None,
            column: int | None = None, file: str | None = None) -> None:
        where = Where(self.file if file is None else file, line, column)
        self.items.append(Problem(code, severity, where, message))

    def error(self, code: str, message: str, line: int | None = None,
              column: int | None = None, file: str | None = None) -> None:
        self.add(code, "error", message, line, column, file)

    def warning(self, code: str, message: str, line: int | None = None,
                column: int | None = None, file: str | None = None) -> None:
        self.add(code, "warning", message, line, column, file)

    def at_cell(self, code: str, severity: Severity, message: str, sheet: str,
                cell: str | None = None) -> None:
        """A problem in a workbook's sheet and cell (or a Word table's row and column)."""
        self.items.append(Problem(code, severity, Where(self.file, sheet=sheet, cell=cell),
                                  message))

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
