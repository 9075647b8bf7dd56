"""The one time policy: every date a build writes (MkDocs, zip entries, workbook
properties) comes from one epoch, so the same content always gives the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) wins; otherwise 1 January after the content's
newest year.
"""

from __future__ import annotations

import calendar
import os
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import SizedBuffer

ZIP_FLOOR = 315532800  # 1980-01-01: the earliest time a zip entry can hold
DEFAULT_YEAR = 2000  # the newest year of content with no project


def source_date_epoch(newest_year: int | None) -> str:
    """The build's epoch in seconds, as the text MkDocs and Pagefind read from the environment."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return os.environ["SOURCE_DATE_EPOCH"].strip()
    year = newest_year if newest_year is not None else DEFAULT_YEAR
    return str(calendar.timegm((year + 1, 1, 1, 0, 0, 0)))


def epoch_time(epoch: str) -> datetime:
    """The epoch as a naive UTC time for zip entries and document properties."""
    seconds = int(epoch) if epoch.isdigit() else ZIP_FLOOR
    return datetime.fromtimestamp(max(seconds, ZIP_FLOOR), tz=UTC).replace(tzinfo=None)


class FixedTimeZip(zipfile.ZipFile):
    """A zip whose every entry has the same time and attributes, whatever adds it."""

    def __init__(self, file: IO[bytes] | Path, when: datetime) -> None:
        super().__init__(file, "w")
        self.stamp = when.timetuple()[:6]

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: SizedBuffer | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) \
            else zinfo_or_arcname
        super().writestr(self._info(name), data)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o644 << 16
        return info

    def open_fixed(self, name: str, large: bool = False) -> IO[bytes]:
        """An entry to stream into, with the same time and attributes as the others;
        ``large``: more than 2 GiB may be written (a Zip64 entry)."""
        return self.open(self._info(name), "w", force_zip64=large)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        with open(filename, "rb") as source:  # e.g. a write-only sheet's temporary file
            self.writestr(arcname or os.path.basename(filename), source.read())


def zip_files(target: Path, files: Iterable[tuple[str, Path]], when: datetime) -> None:
    """Write ``(name in the zip, file)`` pairs to ``target`` atomically, in the given order."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with FixedTimeZip(tmp, when) as archive:
        for name, path in files:
            archive.writestr(name, path.read_bytes())
    tmp.replace(target)
