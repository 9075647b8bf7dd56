"""A zip of the site that also works opened from disk (``file://``), search included.

Material's offline plugin inlines the search index and worker for ``file://``; links in
our raw HTML blocks point at ``index.html`` for this build. The zip is deterministic:
sorted entries with a fixed timestamp.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

from .build import ROOT, BuildError, build
from .problems import ContentError
from .report import as_text


def zip_dir(folder: Path, target: Path, prefix: str = "site") -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}",
                                   date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)


def package(content_dir: Path, output: Path, work_dir: Path | None = None) -> int:
    out = work_dir or ROOT / "build" / "offline"
    site = out / "site"
    try:
        build(content_dir, out, site, directory_urls=False, offline=True)
    except ContentError as exc:
        from .content import Content
        from .model import SiteConfig

        print(as_text(Content(Path("."), SiteConfig(), [], exc.problems)), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    zip_dir(site, output)
    shutil.rmtree(site.with_name("site.old"), ignore_errors=True)
    print(f"已打包：{output}（解压后打开 site/index.html 即可浏览）")
    return 0
