"""Make a Pagefind bundle's filter index byte-for-byte reproducible.

Pagefind 1.5 writes its filter index from hash maps with a random seed: the values inside
each ``filter/*.pf_filter`` file and the filter list in ``pagefind.*.pf_meta`` come in a
different order on every run (its own source says: "TODO: Change filter indexes to BTree to
give them a stable hash"), so two builds of the same site would differ. Searching is not
affected by the order, so after each run the filter files and the metadata are put in
sorted order and renamed by a hash of their new content, and ``pagefind-entry.json`` names
the new metadata file.

The files are gzip(``pagefind_dcd`` + CBOR), read and written with cbor2 (shortest forms and
definite lengths, as Pagefind's minicbor writes them); a file that would not be written back
identically is left as it is (and nothing is changed).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

MAGIC = b"pagefind_dcd"
LANGUAGE = "zh"


class Unsupported(ValueError):
    """A file that is not Pagefind's, or that cbor2 would not write back byte for byte."""


def load_file(path: Path) -> tuple[Any, bytes]:
    """A Pagefind file's value and its CBOR bytes."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise Unsupported(f"{path.name}: not a Pagefind index file")
    body = raw[len(MAGIC):]
    try:
        return cbor2.loads(body), body
    except cbor2.CBORDecodeError as exc:
        raise Unsupported(f"{path.name}: {exc}") from None


def read_file(path: Path) -> Any:
    """A Pagefind file's value, which is written back as it was read."""
    value, body = load_file(path)
    if cbor2.dumps(value) != body:
        raise Unsupported(f"{path.name}: CBOR does not round-trip")
    return value


def write_file(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(MAGIC + cbor2.dumps(value), compresslevel=9, mtime=0))


def _name(value: Any, length: int) -> str:
    return f"{LANGUAGE}_{hashlib.sha256(cbor2.dumps(value)).hexdigest()[:length]}"


def stabilise(bundle: Path) -> bool:
    """Sort the bundle's filter index and metadata; True when they were rewritten."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    language = entry["languages"][LANGUAGE]
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    filter_dir = bundle / "filter"
    try:
        meta = read_file(meta_path)
        filters = {p: read_file(p) for p in sorted(filter_dir.glob("*.pf_filter"))}
    except (OSError, Unsupported):
        return False
    # meta: [version, pages, index_chunks, filters [[name, hash]], sorts [[name, pages]], …]
    if len(meta) < 4 or not isinstance(meta[3], list):
        return False
    names = {}
    for path, value in filters.items():  # [name, [[value, [page, …]], …]]
        value[1].sort(key=lambda pair: pair[0])
        new = _name(value, 7)
        names[path.stem] = new
        path.unlink()
        write_file(filter_dir / f"{new}.pf_filter", value)
    for item in meta[3]:
        item[1] = names.get(item[1], item[1])
    meta[3].sort(key=lambda item: item[0])
    if len(meta) > 4 and isinstance(meta[4], list):
        meta[4].sort(key=lambda item: item[0])
    new_meta = _name(meta, 10)
    meta_path.unlink()
    write_file(bundle / f"pagefind.{new_meta}.pf_meta", meta)
    language["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True
