"""Make a Pagefind bundle's filter index byte-for-byte reproducible.

Pagefind 1.5 writes its filter index from hash maps with a random seed: the values inside
each ``filter/*.pf_filter`` file and the filter list in ``pagefind.*.pf_meta`` come in a
different order on every run (its own source says: "TODO: Change filter indexes to BTree to
give them a stable hash"), so two builds of the same site would differ. Searching is not
affected by the order, so after each run the filter files and the metadata are put in
sorted order and renamed by a hash of their new content, and ``pagefind-entry.json`` names
the new metadata file.

The files are gzip(``pagefind_dcd`` + CBOR). The small CBOR codec below reads and writes the
subset Pagefind uses (integers, byte and text strings, arrays, maps; definite lengths,
shortest forms, as minicbor writes them); a file it cannot write back identically is left
as it is (and nothing is changed).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
LANGUAGE = "zh"


class Unsupported(ValueError):
    """A CBOR item outside the subset Pagefind's index uses."""


# ---- a minimal CBOR codec ----------------------------------------------------------------

def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise Unsupported(f"CBOR additional information {info}")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major == 2:
        return bytes(data[at:at + arg]), at + arg
    if major == 3:
        return data[at:at + arg].decode("utf-8"), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append((key, value))
        return _Map(pairs), at
    raise Unsupported(f"CBOR major type {major}")


class _Map(list):
    """A CBOR map kept as its (key, value) pairs, in the order read."""


def decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise Unsupported("trailing bytes")
    return value


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise Unsupported("integer too large")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise Unsupported(f"CBOR simple value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise Unsupported(f"cannot encode {type(value).__name__}")


# ---- the bundle ----------------------------------------------------------------------------

def read_file(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise Unsupported(f"{path.name}: not a Pagefind index file")
    body = raw[len(MAGIC):]
    value = decode(body)
    if encode(value) != body:
        raise Unsupported(f"{path.name}: CBOR does not round-trip")
    return value


def write_file(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(MAGIC + encode(value), compresslevel=9, mtime=0))


def _name(value: Any, length: int) -> str:
    return f"{LANGUAGE}_{hashlib.sha256(encode(value)).hexdigest()[:length]}"


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
