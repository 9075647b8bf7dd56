"""Control characters removed on import, saying where (issue 42, point 9).

A workbook or document may carry C0, DEL or C1 characters (an .xls through xlrd, DEL and
C1 in any .xlsx): invisible on a page, fatal to the Word and Excel files the site writes,
and escape sequences in a terminal. They are never data, so the import drops them from every
text it is about to write and warns at the cell each came from (the row's cells, or the
indicator's cell on its own sheet), rather than refusing the file: the fix is the same
deletion, and the warning says what was deleted (as escapes, never raw).
"""

from __future__ import annotations

from typing import Any

from generator.core.problems import Problem, Problems, Where
from generator.core.text_safety import CONTROL, shown_controls, without_controls
from generator.intake.workbook_reader import Row

CODE = "import-control-chars"  # registered in generator/core/problems.py


def warning(found: str) -> str:
    return (f"文字中有控制字符 {shown_controls(found)}（不可见；会使网站的 Word、Excel 下载"
            "文件无法打开），已删除：请核对原表")


def clean_row(row: Row, problems: Problems) -> None:
    """Remove control characters from every text of ``row`` in place (dicts and lists keep
    their identity: :attr:`Row.node_cells` is keyed by it), one warning per cell."""
    warned: set[Where] = set()

    def report(where: Where, found: str) -> None:
        if where not in warned:
            warned.add(where)
            problems.extend([Problem(CODE, "warning", where, warning(found))])

    def walk(value: Any, where: Where) -> Any:
        if isinstance(value, str):
            if CONTROL.search(value):
                report(where, value)
                return without_controls(value)
            return value
        if isinstance(value, list):
            value[:] = [walk(item, where) for item in value]
        elif isinstance(value, dict):
            cells = row.node_cells.get(id(value), {})
            items = []
            for key, item in value.items():
                at = cells.get(key) or cells.get("") or cells.get("name")
                here = row.at(at) if at else where
                items.append((walk(key, here), walk(item, here)))
            value.clear()
            value.update(items)
        return value

    for key in list(row.values):
        row.values[key] = walk(row.values[key], row.at(key))
