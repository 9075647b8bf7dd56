"""The records a build folder keeps between builds: pickles written whole or not at all.

A record that vouches for other files (parts, cut pages) is taken when a build starts and
saved when that build's work is done, so a killed build leaves none that could vouch for a
half-written file.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from generator.base.heap import collector_paused


def save_record(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load_record(path: Path) -> Any | None:
    """The record, or None where it is absent, torn or foreign. Read with the collector
    paused: a record lives as long as the build, and its objects made the collector walk
    the build's heap again and again (at 100,000 projects, 1.4 s of an edit's rebuild read
    the records; see :mod:`.heap`)."""
    try:
        with path.open("rb") as handle, collector_paused(join_frozen=True):
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - absent, torn or foreign: as if absent
        return None


def take_record(path: Path, key: str, value: Any) -> dict[str, Any] | None:
    """The record if its ``key`` is ``value`` (else None); it is removed either way."""
    record = load_record(path)
    path.unlink(missing_ok=True)
    return record if isinstance(record, dict) and record.get(key) == value else None
