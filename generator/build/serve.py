"""Live preview: MkDocs serves the generated pages; content changes regenerate them.

Polling (one stat per file a second) is enough for a folder of YAML files and needs no
extra dependency; MkDocs' own watcher then reloads the browser.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.build.lock import build_lock
from generator.build.mkdocs import MATERIAL, mkdocs_config
from generator.build.paths import work_root
from generator.build.pipeline import build_epoch, generate
from generator.content.discovery import read_content
from generator.content.report import as_text
from generator.site.context import build_context


def _snapshot(folder: Path) -> dict[str, tuple[float, int]]:
    return {str(p): (p.stat().st_mtime, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def _regenerate(content_dir: Path, docs_dir: Path) -> bool:
    content = read_content(content_dir)
    if content.problems:
        print(as_text(content), file=sys.stderr)
    if content.errors:
        print("内容有错误，预览保持上一次的结果。", file=sys.stderr)
        return False
    with build_lock(docs_dir.parent.parent, wait=None):  # a running build finishes first
        generate(build_context(content), docs_dir, build_epoch(content))
    return True


def serve(content_dir: Path, addr: str, out: Path | None = None) -> int:
    out = out or work_root() / "build" / "serve"
    docs = out / "docs"
    content = read_content(content_dir)
    if content.errors:
        print(as_text(content), file=sys.stderr)
        return 1
    _regenerate(content_dir, docs)
    with tempfile.TemporaryDirectory() as tmp:
        # MkDocs' live reload rebuilds without Pagefind: the preview keeps Material's search
        config = mkdocs_config(build_context(content), docs.absolute(), Path(tmp) / "site",
                               search=MATERIAL)
        config_path = out / "mkdocs.yml"
        config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config_path),
                                 "-a", addr])
        seen = _snapshot(content_dir)
        # stopping the preview (Ctrl-C or a plain kill) also stops MkDocs' server
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            while proc.poll() is None:
                time.sleep(1)
                now = _snapshot(content_dir)
                if now != seen:
                    seen = now
                    print("内容有变化，重新生成……", file=sys.stderr)
                    _regenerate(content_dir, docs)
        except KeyboardInterrupt:
            pass
        finally:
            proc.terminate()
            proc.wait()
    return 0
