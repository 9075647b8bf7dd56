"""The build pipeline: check → generate Markdown and downloads → MkDocs → swap ``site/``.

The previous ``site/`` is replaced only after everything succeeded: a broken file or a
failing MkDocs build leaves what is published untouched.
"""

from __future__ import annotations

import calendar
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import yaml

from .content import Content, read_content
from .pages import nav, render_pages
from .problems import ContentError
from .site import build_context
from .writer import Writer, WriteStats

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
THEME_DIR = ROOT / "theme"
SEGMENT_MARKER = "\u200b"  # Material's search plugin joins jieba's segments with U+200B


class BuildError(Exception):
    """MkDocs or an output step failed; the message says what to do."""


@dataclass
class BuildResult:
    content: Content
    docs_dir: Path
    site_dir: Path | None
    stats: WriteStats
    seconds: dict[str, float] = field(default_factory=dict)


def source_date_epoch(content: Content) -> str:
    """Honour SOURCE_DATE_EPOCH; otherwise derive a fixed date from the content itself
    (1 January after its newest year), so the same content always gives the same site."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    newest = max((p.year for p in content.projects), default=2000)
    return str(calendar.timegm((newest + 1, 1, 1, 0, 0, 0)))


def generate(content: Content, docs_dir: Path, directory_urls: bool = True,
             downloads: bool = True) -> WriteStats:
    """Write every Markdown page and vendored asset (and the downloads) into ``docs_dir``."""
    from . import assets

    site = build_context(content)
    writer = Writer(docs_dir)
    for path, text in render_pages(site, directory_urls=directory_urls):
        writer.write(path, text)
    if downloads:
        write_downloads(content, writer)
    for path, data in assets.vendor_files().items():
        writer.write(path, data)
    writer.remove_stale()
    return writer.stats


def write_downloads(content: Content, writer: Writer) -> None:
    from . import exports

    for path, data in exports.export_files(content).items():
        writer.write(path, data)


def _downloads_child(content: Content, folder: Path, conn: Connection) -> None:
    """Runs in a forked process (the content is shared, not pickled); reports its stats."""
    try:
        start = time.perf_counter()
        writer = Writer(folder)
        write_downloads(content, writer)
        writer.remove_stale()
        conn.send(("ok", writer.stats, time.perf_counter() - start))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(("error", f"{type(exc).__name__}: {exc}", 0.0))
    finally:
        conn.close()


class Downloads:
    """The downloads (CSV/XLSX/JSON) are written by a second process while MkDocs runs:
    on two cores the build then takes about as long as the longer of the two."""

    def __init__(self, content: Content, folder: Path) -> None:
        self.folder = folder
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=False)
        self.process = context.Process(target=_downloads_child,
                                       args=(content, folder, child), daemon=True)
        self.process.start()
        child.close()

    def join(self) -> tuple[WriteStats, float]:
        try:
            status, payload, seconds = self.conn.recv()
        except EOFError:
            status, payload, seconds = "error", "进程意外退出", 0.0
        self.process.join()
        if status != "ok":
            raise BuildError(f"生成下载文件（CSV/XLSX/JSON）失败：{payload}")
        return payload, seconds

    def copy_into(self, site_dir: Path) -> None:
        """Hard-link (or copy) every download into the built site."""
        for path in sorted(self.folder.rglob("*")):
            if path.is_dir():
                continue
            target = site_dir / path.relative_to(self.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)


def mkdocs_config(content: Content, docs_dir: Path, site_dir: Path,
                  directory_urls: bool = True, offline: bool = False) -> dict:
    """The repository's mkdocs.yml with paths made absolute and the site settings applied."""
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config["site_name"] = content.config.title
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["use_directory_urls"] = directory_urls
    config["nav"] = nav(build_context(content))
    config.setdefault("theme", {})["custom_dir"] = str(THEME_DIR)
    config.setdefault("extra", {})["publisher"] = content.config.publisher
    if offline:
        from .assets import IFRAME_WORKER_SHIM

        config["plugins"] = [*config.get("plugins", []), "offline"]
        config["extra"]["polyfills"] = [IFRAME_WORKER_SHIM]
    return config


def run_mkdocs(config: dict, config_path: Path, epoch: str) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(config, ensure_ascii=False, indent=2)  # JSON is valid YAML
    if not config_path.exists() or config_path.read_text(encoding="utf-8") != text:
        config_path.write_text(text, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "-f", str(config_path)], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError("MkDocs 构建失败：\n" + (proc.stderr or proc.stdout).strip())


def check_search_segmented(site_dir: Path) -> None:
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        return
    docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
    if docs and not any(SEGMENT_MARKER in doc.get("text", "") for doc in docs):
        raise BuildError("搜索索引没有中文分词：请确认已安装 jieba（make install）并且 "
                         "mkdocs.yml 的 search 插件设置了 lang: zh")


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``new_site`` with two renames on the same file system."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


def build(content_dir: Path, out_dir: Path, site_dir: Path | None, strict: bool = False,
          directory_urls: bool = True, offline: bool = False) -> BuildResult:
    """Check, generate into ``out_dir/docs`` and, when ``site_dir`` is given, build it."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    content = read_content(content_dir)
    seconds["check"] = time.perf_counter() - start
    if content.errors or (strict and content.warnings):
        raise ContentError(content.problems)
    start = time.perf_counter()
    docs_dir = out_dir / "docs"
    if site_dir is None:
        stats = generate(content, docs_dir, directory_urls=directory_urls)
        seconds["generate"] = time.perf_counter() - start
        return BuildResult(content, docs_dir, None, stats, seconds)
    downloads = Downloads(content, out_dir / "downloads")
    try:
        stats = generate(content, docs_dir, directory_urls=directory_urls, downloads=False)
        seconds["generate"] = time.perf_counter() - start
        start = time.perf_counter()
        site_dir = site_dir.absolute()
        staging = site_dir.with_name(site_dir.name + ".new")
        if staging.exists():
            shutil.rmtree(staging)
        config = mkdocs_config(content, docs_dir.absolute(), staging, directory_urls, offline)
        try:
            run_mkdocs(config, out_dir / "mkdocs.yml", source_date_epoch(content))
            check_search_segmented(staging)
            seconds["mkdocs"] = time.perf_counter() - start
            data_stats, seconds["downloads"] = downloads.join()
            downloads.copy_into(staging)
        except BuildError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        if downloads.process.is_alive():
            downloads.process.terminate()
            downloads.process.join()
    stats.written += data_stats.written  # site-relative paths, like the pages
    stats.unchanged += data_stats.unchanged
    stats.removed += data_stats.removed
    swap_in(staging, site_dir)
    return BuildResult(content, docs_dir, site_dir, stats, seconds)
