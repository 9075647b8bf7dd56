"""The stamp of a built site: what it depends on besides the generated files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from generator.publish.pagefind_input import PAGEFIND_EXCLUDE, PAGEFIND_ROOT
from generator.publish.paths import HOOK, PACKAGE_LOCK, REQUIREMENTS, ROOT, THEME_DIR

STAMP = "site.stamp"  # in the build folder


def site_stamp(config: dict[str, Any], site_dir: Path, epoch: str, shard_pages: int | None
               ) -> str:
    """The MkDocs configuration, the theme, the hook, the pinned requirements, the search
    settings, the date, and which ``site/`` folder the build swapped in. A build whose stamp
    equals the last successful build's and that changed no generated file leaves that site
    as it is: no MkDocs run."""
    digest = hashlib.sha256()
    digest.update(json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(repr((PAGEFIND_EXCLUDE, shard_pages, PAGEFIND_ROOT, epoch,
                        site_dir.stat().st_ino)).encode("utf-8"))
    files = [*THEME_DIR.rglob("*"), HOOK, REQUIREMENTS, PACKAGE_LOCK]
    for path in sorted(f for f in files if f.is_file()):
        digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
