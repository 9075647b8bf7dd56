"""Which project a file holds: the name an import (or ``new --name``) gives a project
without a 项目编号, and whether an existing file holds the same project or another one.

Why 16 hex digits: eight (32 bits) collided in practice — 项目ORkVcg and 项目SFNOjR both
gave ``p-847b9b79``, and with ``--force`` the second silently replaced the first. A file
named with the eight digits of an earlier import is still found and kept for the same
project, so re-importing does not leave a twin behind. And ``--force`` replaces a file only
when it holds the same project (name, 主管部门/实施单位, year): a file holding another one is
never overwritten, whatever led to the same name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

STEM_HEX = 16
LEGACY_HEX = 8  # imports before issue 42
MAX_EXISTING_BYTES = 1024 * 1024
# what makes two files the same project: (key, label), compared as written
IDENTITY = (("name", "项目名称"), ("department", "项目单位"), ("year", "预算年度"))


def name_stem(name: str, digits: int = STEM_HEX) -> str:
    """``p-`` and the first ``digits`` hex digits of SHA-1 of the name (UTF-8)."""
    return "p-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:digits]


# libyaml's BaseLoader where PyYAML has it: the pure-Python one took 20 ms a project file,
# a third of `import --dry-run` of 500 synthetic projects (10 of 29 s), which reads each
# planned file back to say what changes (tests/test_import_identity.py: the same values)
VALUES_LOADER: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def written_values(text: str) -> dict[str, Any]:
    """Every value as written (BaseLoader: strings, lists, mappings; nothing converted)."""
    try:
        loaded = yaml.load(text, Loader=VALUES_LOADER)  # noqa: S506 - BaseLoader is safe
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def existing_values(path: Path) -> dict[str, Any] | None:
    """The values of an existing project file, or None when it is too large to compare
    (a project file is kilobytes; this one is not read)."""
    if not path.is_file() or path.stat().st_size > MAX_EXISTING_BYTES:
        return None
    return written_values(path.read_text(encoding="utf-8", errors="replace"))


def other_project(new: dict[str, Any], old: dict[str, Any] | None) -> list[str]:
    """The identity fields (labels) in which an existing file's project differs from the
    one to be written; a file that cannot be read as a project differs in all of them."""
    if old is None:
        return [label for _, label in IDENTITY]
    return [label for key, label in IDENTITY if str(old.get(key, "")).strip() !=
            str(new.get(key, "")).strip()]
