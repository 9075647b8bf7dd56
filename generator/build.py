"""The build pipeline: check → generate Markdown → MkDocs (its own process, while this one
writes the downloads) → Pagefind → swap.

The previous ``site/`` is replaced only after everything succeeded: a broken file or a
failing MkDocs build leaves what is published untouched. When no generated file changed
and nothing else the site depends on did (:func:`site_stamp`), MkDocs does not run at all.

Search: the published site (served over HTTP) is indexed by Pagefind after MkDocs, and the
browser loads only the index chunks a query needs (``theme/assets/javascripts/pagefind-search.js``
drives Material's search dialog). The offline package (``file://``) and ``serve`` keep
Material's built-in search with jieba: Pagefind cannot fetch its chunks from ``file://``.
"""

from __future__ import annotations

import calendar
import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .content import Content, read_content
from .pages import nav, write_pages
from .problems import ContentError
from .site import build_context
from .writer import Writer, WriteStats

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
THEME_DIR = ROOT / "theme"
SEGMENT_MARKER = "\u200b"  # Material's search plugin joins jieba's segments with U+200B

PAGEFIND = "pagefind"
MATERIAL = "material"
PAGEFIND_DIR = "pagefind"
PAGEFIND_SCRIPT = "assets/javascripts/pagefind-search.js"
PAGEFIND_ROOT = "article.md-content__inner"  # index the page's content, not header or nav
PAGEFIND_GLOB = "**/index.html"  # every page (directory URLs); leaves out 404.html
PAGEFIND_LANGUAGE = "zh"
PAGEFIND_SHARD_PAGES = 2100  # pages per Pagefind run at most: ~0.8 GB of memory
STAMP = "site.stamp"  # in the build folder: see site_stamp
PAGEFIND_SHARDS = "shards.json"  # in pagefind/: the other shards' folders, for the browser
# Left out of the index: what the templates mark data-search-exclude (Material's search, in
# the offline package, honours the same mark): what repeats text indexed elsewhere or is
# generated boilerplate. Each project's 信息表 is indexed on its own page, not again on its
# authority's 部门公开 page; the year's project list only repeats names; charts' captions and
# data tables, the score table and header cells (labels such as 项目名称, 预算执行率) are the
# same on every page. A word on every page costs the browser time on every search (Pagefind
# ranks all matching positions).
SEARCH_EXCLUDE = "data-search-exclude"
PAGEFIND_EXCLUDE = (f"[{SEARCH_EXCLUDE}]", "th")
# Pagefind's own UI bundles: the site drives its JS API from Material's dialog instead.
PAGEFIND_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                   "pagefind-modular-ui.css", "pagefind-component-ui.js",
                   "pagefind-component-ui.css", "pagefind-highlight.js")
# Material features that need its search plugin (and would fetch search_index.json)
MATERIAL_SEARCH_FEATURES = ("search.highlight", "search.suggest", "search.share")


class BuildError(Exception):
    """MkDocs or an output step failed; the message says what to do."""


@dataclass
class BuildResult:
    content: Content
    docs_dir: Path
    site_dir: Path | None
    stats: WriteStats
    seconds: dict[str, float] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)  # Pagefind bundles indexed anew


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
    write_pages(site, writer, directory_urls=directory_urls)
    if downloads:
        write_downloads(content, writer)
    for path, data in assets.vendor_files().items():
        writer.write(path, data)
    writer.remove_stale()
    return writer.stats


def _plugin_name(entry: str | dict) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def write_downloads(content: Content, writer: Writer) -> None:
    from . import exports

    for path, data in exports.iter_export_files(content):  # written as made, not all held
        writer.write(path, data)


def copy_into(folder: Path, target: Path, skip: Callable[[Path], bool] = lambda rel: False
              ) -> None:
    """Hard-link (or copy) every file of ``folder`` into ``target``, but those ``skip``
    refuses (by path relative to ``folder``)."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_dir() or skip(rel):
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:
            shutil.copy2(path, destination)


def mkdocs_config(content: Content, docs_dir: Path, site_dir: Path,
                  directory_urls: bool = True, offline: bool = False,
                  search: str | None = None) -> dict:
    """The repository's mkdocs.yml with paths made absolute and the site settings applied.

    ``search``: ``"pagefind"`` (default for the published site) drops Material's search
    plugin and loads our Pagefind script; ``"material"`` (default when ``offline``) keeps
    Material's built-in search with jieba.
    """
    search = search or (MATERIAL if offline else PAGEFIND)
    if offline and search != MATERIAL:
        raise ValueError("the offline package needs Material's search (file://)")
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config["site_name"] = content.config.title
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["use_directory_urls"] = directory_urls
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks") or []]
    config["nav"] = nav(build_context(content))
    theme = config.setdefault("theme", {})
    theme["custom_dir"] = str(THEME_DIR)
    extra = config.setdefault("extra", {})
    extra["publisher"] = content.config.publisher
    extra["search_engine"] = search
    plugins = list(config.get("plugins") or [])
    if search == PAGEFIND:
        # an empty list, not a missing key: MkDocs would add its default search plugin
        plugins = [p for p in plugins if _plugin_name(p) not in ("search", "material/search")]
        theme["features"] = [f for f in theme.get("features") or []
                             if f not in MATERIAL_SEARCH_FEATURES]
        config["extra_javascript"] = [*config.get("extra_javascript", []), PAGEFIND_SCRIPT]
    if offline:
        from .assets import IFRAME_WORKER_SHIM

        plugins.append("offline")
        extra["polyfills"] = [IFRAME_WORKER_SHIM]
    config["plugins"] = plugins
    return config


class MkDocsRun:
    """``mkdocs build`` in its own process: the build writes the downloads meanwhile, so
    on two cores the two take about as long as the longer of them."""

    def __init__(self, config: dict, config_path: Path, epoch: str) -> None:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(config, ensure_ascii=False, indent=2)  # JSON is valid YAML
        if not config_path.exists() or config_path.read_text(encoding="utf-8") != text:
            config_path.write_text(text, encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
        self.log = config_path.with_suffix(".log").open("w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
             "-f", str(config_path)], env=env, stdout=self.log, stderr=subprocess.STDOUT,
            text=True)

    def wait(self) -> None:
        code = self.process.wait()
        self.log.seek(0)
        output = self.log.read().strip()
        self.log.close()
        if code != 0:
            raise BuildError("MkDocs 构建失败：\n" + output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def run_mkdocs(config: dict, config_path: Path, epoch: str) -> None:
    MkDocsRun(config, config_path, epoch).wait()


def check_search_segmented(site_dir: Path) -> None:
    """Material's search index (offline package) must hold jieba's segments."""
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        raise BuildError("没有生成搜索索引 search/search_index.json：请确认 mkdocs.yml 启用了 "
                         "search 插件（lang: zh）")
    docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
    if docs and not any(SEGMENT_MARKER in doc.get("text", "") for doc in docs):
        raise BuildError("搜索索引没有中文分词：请确认已安装 jieba（make install）并且 "
                         "mkdocs.yml 的 search 插件设置了 lang: zh")


def pagefind_executable() -> Path:
    """The Pagefind binary with Chinese segmentation (PyPI ``pagefind_bin_extended``)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise BuildError("找不到 Pagefind（带中文分词的扩展版）：请运行 make install "
                         "安装 requirements.txt 中的 pagefind_bin_extended") from None
    try:
        return Path(get_executable())
    except OSError as exc:  # FileNotFoundError: a broken installation
        raise BuildError(f"Pagefind 安装不完整（{exc}）：请重新运行 make install") from None


def pagefind_shards(site_dir: Path) -> list[tuple[str, list[Path]]]:
    """The pages split evenly into as few shards as keep each under PAGEFIND_SHARD_PAGES,
    with each bundle's site-relative folder: ``pagefind`` for the first, ``pagefind/shard-N``
    for the others.

    Pagefind holds a run's whole index in memory (~0.4 MB per project page: 3.7 GB for
    10,000 pages). Indexing the shards one after another bounds the build's memory; the
    browser searches every shard (pagefind-search.js), so fewer shards search faster."""
    pages = sorted(html_pages(site_dir))
    count = max(1, -(-len(pages) // PAGEFIND_SHARD_PAGES))
    step = -(-len(pages) // count) if pages else 1
    return [(PAGEFIND_DIR if i == 0 else f"{PAGEFIND_DIR}/shard-{i // step}", pages[i:i + step])
            for i in range(0, max(len(pages), 1), step)]


def run_pagefind(site_dir: Path, epoch: str, previous: Path | None = None) -> list[str]:
    """Index ``site_dir`` with Pagefind into ``site_dir/pagefind``, Chinese segmented; returns
    the bundles indexed anew.

    ``previous``: the published site, built with the same settings (its stamp matched). A
    shard whose pages are byte for byte those of the same shard there takes that shard's
    bundle as it is (Pagefind's output depends only on its input): after an edit, only the
    shards holding the changed pages are indexed again."""
    shards = pagefind_shards(site_dir)
    before = {bundle: pages for bundle, pages in pagefind_shards(previous)} if previous else {}
    scratch = site_dir.with_name(site_dir.name + ".shard")
    indexed = []
    for bundle, pages in shards:
        if previous is not None and _same_pages(site_dir, pages, previous,
                                                before.get(bundle, [])):
            copy_into(previous / bundle, site_dir / bundle, _other_shards)
            continue
        indexed.append(bundle)
        if len(shards) == 1:
            _pagefind(site_dir, site_dir / bundle, epoch)
            continue
        shutil.rmtree(scratch, ignore_errors=True)
        for page in pages:  # a tree of just this shard's pages, at their site paths
            target = scratch / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(page, target)
        try:
            _pagefind(scratch, site_dir / bundle, epoch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    manifest = {"shards": [f"{bundle}/" for bundle, _ in shards[1:]]}
    (site_dir / PAGEFIND_DIR / PAGEFIND_SHARDS).write_text(json.dumps(manifest) + "\n",
                                                          encoding="utf-8")
    return indexed


def _same_pages(site_dir: Path, pages: list[Path], old_site: Path, old_pages: list[Path]
                ) -> bool:
    if [p.relative_to(site_dir) for p in pages] != [p.relative_to(old_site) for p in old_pages]:
        return False
    return all(filecmp.cmp(new, old, shallow=False)
               for new, old in zip(pages, old_pages, strict=True))


def _other_shards(rel: Path) -> bool:
    """The first shard's folder also holds the other shards and the manifest."""
    return rel.parts[0].startswith("shard-") or rel.name == PAGEFIND_SHARDS


def _pagefind(pages_dir: Path, bundle: Path, epoch: str) -> None:
    command = [str(pagefind_executable()), "--site", str(pages_dir),
               "--output-path", str(bundle),
               "--root-selector", PAGEFIND_ROOT, "--glob", PAGEFIND_GLOB,
               "--force-language", PAGEFIND_LANGUAGE, "--quiet"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    # Pagefind also reads options from PAGEFIND_* variables and a pagefind.yml in its working
    # folder: neither may change the published index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    env["SOURCE_DATE_EPOCH"] = epoch
    try:
        proc = subprocess.run(command, env=env, capture_output=True, text=True,
                              cwd=pages_dir, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"搜索索引（Pagefind）生成失败：{exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        raise BuildError(f"搜索索引（Pagefind）生成失败（退出码 {proc.returncode}）：\n{detail}")
    for name in PAGEFIND_UNUSED:
        (bundle / name).unlink(missing_ok=True)


def html_pages(site_dir: Path) -> list[Path]:
    """The pages Pagefind indexes: every ``index.html`` (all pages but 404.html)."""
    return [p for p in site_dir.rglob("index.html")
            if PAGEFIND_DIR not in p.relative_to(site_dir).parts[:1]]


def check_pagefind(site_dir: Path) -> dict:
    """Pagefind's bundles are there, in Chinese, and have every page between them;
    returns the primary bundle's entry."""
    entries = [_check_bundle(site_dir, PAGEFIND_DIR)]
    entries += [_check_bundle(site_dir, shard) for shard in pagefind_shard_dirs(site_dir)]
    indexed = sum(entry["languages"][PAGEFIND_LANGUAGE].get("page_count", 0)
                  for entry in entries)
    pages = len(html_pages(site_dir))
    if not indexed or indexed != pages:
        raise BuildError(f"搜索索引（Pagefind）收录了 {indexed} 个页面，网站有 {pages} 个页面："
                         f"请确认页面内容在 {PAGEFIND_ROOT} 中")
    return entries[0]


def pagefind_shard_dirs(site_dir: Path) -> list[str]:
    """The other shards' bundles, as listed in ``pagefind/shards.json``."""
    manifest = site_dir / PAGEFIND_DIR / PAGEFIND_SHARDS
    try:
        shards = json.loads(manifest.read_text(encoding="utf-8"))["shards"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"搜索索引（Pagefind）的 {PAGEFIND_DIR}/{PAGEFIND_SHARDS} 无法读取"
                         f"（{exc}）：请重新运行 make build") from None
    return [str(shard).rstrip("/") for shard in shards]


def _check_bundle(site_dir: Path, name: str) -> dict:
    bundle = site_dir / name
    missing = [file for file in ("pagefind.js", "pagefind-entry.json")
               if not (bundle / file).is_file()]
    if missing:
        raise BuildError(f"搜索索引（Pagefind）不完整：缺少 {name}/{'、'.join(missing)}，"
                         "请重新运行 make build")
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"搜索索引（Pagefind）的 {name}/pagefind-entry.json 无法读取：{exc}"
                         ) from None
    languages = entry.get("languages") or {}
    if list(languages) != [PAGEFIND_LANGUAGE]:
        raise BuildError(f"搜索索引（Pagefind）的语言是 {'、'.join(languages) or '无'}，应为中文"
                         f"（{PAGEFIND_LANGUAGE}）：请检查 --force-language 设置")
    hashed = languages[PAGEFIND_LANGUAGE].get("hash", "")
    if not (bundle / f"pagefind.{hashed}.pf_meta").is_file():
        raise BuildError(f"搜索索引（Pagefind）缺少 {name}/pagefind.{hashed}.pf_meta："
                         "请重新运行 make build")
    return entry


def site_stamp(config: dict, site_dir: Path, epoch: str) -> str:
    """What a built site depends on besides the generated files: the MkDocs configuration,
    the theme, the hook, the pinned requirements, the search settings, the date, and which
    ``site/`` folder the build swapped in. A build whose stamp equals the last successful
    build's and that changed no generated file leaves that site as it is: no MkDocs run."""
    digest = hashlib.sha256()
    digest.update(json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(repr((PAGEFIND_EXCLUDE, PAGEFIND_SHARD_PAGES, PAGEFIND_ROOT, epoch,
                        site_dir.stat().st_ino)).encode("utf-8"))
    files = [*THEME_DIR.rglob("*"), ROOT / "generator" / "mkdocs_hooks.py",
             ROOT / "requirements.txt", ROOT / "package-lock.json"]
    for path in sorted(f for f in files if f.is_file()):
        digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
    stamp_file = out_dir / STAMP
    previous = stamp_file.read_text(encoding="utf-8") if stamp_file.is_file() else None
    stamp_file.unlink(missing_ok=True)  # written again only once this build has succeeded
    stats = generate(content, docs_dir, directory_urls=directory_urls, downloads=False)
    seconds["generate"] = time.perf_counter() - start
    site_dir = site_dir.absolute()
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    config = mkdocs_config(content, docs_dir.absolute(), staging, directory_urls, offline)
    epoch = source_date_epoch(content)
    same_settings = previous is not None and site_dir.is_dir() \
        and previous == site_stamp(config, site_dir, epoch)
    current = same_settings and not stats.written and not stats.removed
    downloads_dir = out_dir / "downloads"
    start = time.perf_counter()
    mkdocs = None if current else MkDocsRun(config, out_dir / "mkdocs.yml", epoch)
    indexed: list[str] = []
    try:
        writer = Writer(downloads_dir)
        write_downloads(content, writer)
        writer.remove_stale()
        seconds["downloads"] = time.perf_counter() - start
        stats.add(writer.stats)  # site-relative paths, like the pages
        if mkdocs is None:
            if not stats.written and not stats.removed:  # nothing changed: site/ is current
                stamp_file.write_text(previous or "", encoding="utf-8")
                return BuildResult(content, docs_dir, site_dir, stats, seconds)
            mkdocs = MkDocsRun(config, out_dir / "mkdocs.yml", epoch)
        mkdocs.wait()
        seconds["mkdocs"] = time.perf_counter() - start
        if config["extra"]["search_engine"] == PAGEFIND:
            start = time.perf_counter()
            indexed = run_pagefind(staging, epoch, site_dir if same_settings else None)
            check_pagefind(staging)
            seconds["pagefind"] = time.perf_counter() - start
        else:
            check_search_segmented(staging)
        copy_into(downloads_dir, staging)
    except BaseException:
        if mkdocs is not None:
            mkdocs.stop()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, site_dir)
    stamp_file.write_text(site_stamp(config, site_dir, epoch), encoding="utf-8")
    return BuildResult(content, docs_dir, site_dir, stats, seconds, indexed)
