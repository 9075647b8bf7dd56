"""The pages' record of the build folder: each docs file's fingerprint and digest, and what
the fingerprints were made from (:func:`generator.publish.fingerprints.fingerprint_inputs`).

Why in two files: an edit changes a few of its ~25,000 entries (10,000 projects) and of the
10,000 content files' digests in its inputs, and writing the record whole took ~0.04 s of
each edit (reading it ~0.03 s). ``pages.pickle`` is the record as a build wrote it whole;
``pages.more`` what the builds since changed in it (entries and files changed or gone, the
other inputs), named by the whole record's ``id``: it is written instead while it stays
small (:data:`MORE_MOST`), and a whole record written again leaves an older one unread.
``pages.interim``: the pages a build is writing (:meth:`PagesRecord.vouch`), read over both.

A record of another :data:`FORMAT` is as none: every page is rendered again, none misread.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.base.records import load_record, save_record

PAGES = "pages.pickle"
PAGES_MORE = "pages.more"  # what builds since the whole record changed in it
PAGES_INTERIM = "pages.interim"  # the pages a build is writing (see PagesRecord.vouch)
FORMAT = 2  # of the record: 2 added pages.more
MORE_MOST = 64  # entries and files changed before the record is written whole (or 5 %)

Entries = dict[str, tuple[str, str]]  # docs path -> (fingerprint or "", digest)


class PagesRecord:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._base: dict[str, Any] | None = None  # the whole record, as read or written
        self._more: list[str] = []  # the entries pages.more changed, as read

    def _read(self) -> tuple[str, Entries, Any] | None:
        """(key, entries, inputs) of the whole record with what builds since changed."""
        base = load_record(self.out_dir / PAGES)
        if not isinstance(base, dict) or base.get("format") != FORMAT:
            return None
        self._base = base
        pages, inputs = dict(base["pages"]), base["inputs"]
        more = load_record(self.out_dir / PAGES_MORE)
        if isinstance(more, dict) and more.get("base") == base["id"] and \
                more.get("key") == base["key"]:
            pages.update(more["pages"])
            self._more = list(more["pages"])
            for path in more["gone"]:
                pages.pop(path, None)
            files = dict(inputs["files"])
            files.update(more["files"])
            for name in more["files_gone"]:
                files.pop(name, None)
            inputs = {**more["inputs"], "files": files}
        return base["key"], pages, inputs

    def take(self, key: str) -> tuple[Entries, list[str] | None, Any]:
        """(entries, listed, inputs): each docs file's fingerprint and digest as the last
        build recorded them (none where ``key``, the code or settings, changed since);
        every file that build left in the docs folder, whatever the key (None when there
        is no record or a killed build's: the folder is walked); what its fingerprints
        were made from (None after a killed build). Nothing is written before
        :meth:`vouch`."""
        record = self._read()
        interim = (self.out_dir / PAGES_INTERIM).exists()
        listed = list(record[1]) if record is not None and not interim else None
        if record is None or record[0] != key:
            return {}, listed, None
        pages = record[1]
        if interim:  # a build stopped after vouching: the pages it was to write are stale
            stale = load_record(self.out_dir / PAGES_INTERIM)
            if not isinstance(stale, dict) or stale.get("key") != key:
                return {}, listed, None
            for path in stale["stale"]:
                if path in pages:
                    pages[path] = ("", pages[path][1])
        return pages, listed, None if interim else record[2]

    def vouch(self, key: str, previous: Entries, unchanged: set[str]) -> None:
        """Before ``docs/`` is written: the record of the last build for the files this
        one leaves as they are (``unchanged``), no fingerprint for the others. Written as
        the list of the others beside the record (``pages.interim``, read over it), not
        as the whole record again: an edit's rebuild rewrote ~20,000 entries at 10,000
        projects for the few pages it renders."""
        save_record(self.out_dir / PAGES_INTERIM, {
            "key": key,
            "stale": [path for path in previous.keys() - unchanged if previous[path][0]]})

    def save(self, key: str, pages: Entries, inputs: Any, touched: Iterable[str]) -> None:
        """This build's entries and inputs: what changed since the whole record, beside it,
        or the whole record again when that grows past :data:`MORE_MOST` (or 5 % of the
        entries) or there is none. ``touched``: the entries this build wrote or compared;
        the others are those :meth:`take` gave (an edit's entries are not compared one by
        one: as sets of items, 25,000 of them took 0.02 s)."""
        base = self._base
        if base is not None and base["key"] == key and isinstance(inputs, dict) and \
                isinstance(inputs.get("files"), dict) and isinstance(base["inputs"], dict):
            old, old_files, files = base["pages"], base["inputs"]["files"], inputs["files"]
            changed = {path: pages[path] for path in {*self._more, *touched}
                       if path in pages and old.get(path) != pages[path]}
            gone = list(old.keys() - pages.keys())
            changed_files = {name: digest for name, digest in files.items()
                             if old_files.get(name) != digest}
            gone_files = list(old_files.keys() - files.keys())
            if len(changed) + len(gone) + len(changed_files) + len(gone_files) <= \
                    max(MORE_MOST, len(old) // 20):
                save_record(self.out_dir / PAGES_MORE, {
                    "key": key, "base": base["id"], "pages": changed, "gone": gone,
                    "files": changed_files, "files_gone": gone_files,
                    "inputs": {k: v for k, v in inputs.items() if k != "files"}})
                (self.out_dir / PAGES_INTERIM).unlink(missing_ok=True)
                self._more = list(changed)
                return
        base = {"format": FORMAT, "key": key, "id": os.urandom(8).hex(), "pages": pages,
                "inputs": inputs}
        save_record(self.out_dir / PAGES, base)  # its id leaves an older pages.more unread
        (self.out_dir / PAGES_MORE).unlink(missing_ok=True)
        (self.out_dir / PAGES_INTERIM).unlink(missing_ok=True)
        self._base, self._more = base, []
