"""The importer's problem codes: those of the one table (generator/core/problems.py) that
start with ``import-``. Problems the real checker finds in the files an import would write
keep the checker's own codes (``score-over-weight``, ``grade-mismatch`` …).
"""

from __future__ import annotations

from generator.core.problems import CODES

IMPORT_CODES: dict[str, str] = {code: text for code, text in CODES.items()
                                if code.startswith("import-")}
