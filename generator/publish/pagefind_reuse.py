"""A shard indexed again starts from its published bundle's files, so Pagefind writes only
what changed.

Pagefind names its fragments and index chunks by a hash of their content and does not
write one whose file is already there (its ``WriteBehavior::Immutable``); writing one is
most of its work, each gzipped at the best level. So the run's output folder is given the
published bundle's fragments and index chunks first (hard links: Pagefind never opens an
existing one), and once it has run, those the new bundle does not name are removed. After
an edit at 10,000 projects, indexing its shard of about 500 pages took 3.4–3.5 s (3.8 s of
CPU) into an empty folder and 1.6–1.7 s (2.2 s) into one holding the bundle before the edit.
Tested: after edits the site is byte for byte a clean build's, and the edited shard's other
fragments are the files of the bundle before (``tests/test_incremental.py``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.publish.files import link_or_copy
from generator.publish.pagefind_stable import LANGUAGE, Unsupported, load_file

REUSED = ("fragment", "index")  # the folders of content-named files (filters: few, small)


def seed(published: Path, out: Path) -> None:
    """Give ``out`` (a run's output folder, not there yet) the content-named files of the
    published bundle ``published``, where there is one."""
    for folder in REUSED:
        try:
            names = os.listdir(published / folder)
        except OSError:  # no such bundle, or not one of ours
            continue
        (out / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            link_or_copy(published / folder / name, out / folder / name)


def prune(bundle: Path) -> None:
    """Remove the fragments and index chunks the bundle's metadata does not name (those
    :func:`seed` gave it that the new index has no use for)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        meta, _ = load_file(bundle / f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta")
        # meta: [version, pages [[hash, word count]], index chunks [[from, to, hash]], …]
        named = {"fragment": {f"{page[0]}.pf_fragment" for page in meta[1]},
                 "index": {f"{chunk[2]}.pf_index" for chunk in meta[2]}}
    except (OSError, ValueError, KeyError, IndexError, TypeError, Unsupported) as exc:
        raise Unsupported(f"{bundle} 中的元数据无法读取（{exc!r}）") from None
    for folder in REUSED:
        try:
            names = os.listdir(bundle / folder)
        except FileNotFoundError:
            continue
        for name in set(names) - named[folder]:
            os.unlink(bundle / folder / name)
