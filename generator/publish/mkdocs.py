"""MkDocs: the site's configuration made from mkdocs.yml and the content, and ``mkdocs
build --strict`` in its own process.

Search: the published site (served over HTTP) is indexed by Pagefind after MkDocs, and the
browser loads only the index chunks a query needs (``theme/assets/javascripts/``: the
``pagefind-search.js`` module and its parts in ``search/`` drive Material's search dialog).
The offline package (``file://``) and ``serve`` keep Material's built-in search with jieba:
Pagefind cannot fetch its chunks from ``file://``, nor a browser load a module from it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

import yaml

from generator.core.command import INSTALL
from generator.core.problems import BuildError
from generator.publish.files import killed_with_build
from generator.publish.paths import MKDOCS_YML, ROOT, THEME_DIR, with_root
from generator.site.context import SiteContext
from generator.site.pages import nav

SEGMENT_MARKER = "\u200b"  # Material's search plugin joins jieba's segments with U+200B
PAGEFIND = "pagefind"
MATERIAL = "material"
# an ES module: it imports its parts (search/*.js: dialog, facets, shards, ...) itself
PAGEFIND_SCRIPT = {"path": "assets/javascripts/pagefind-search.js", "type": "module"}
# Material features that need its search plugin (and would fetch search_index.json)
MATERIAL_SEARCH_FEATURES = ("search.highlight", "search.suggest", "search.share")


def _plugin_name(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def mkdocs_config(site: SiteContext, docs_dir: Path, site_dir: Path,
                  directory_urls: bool = True, offline: bool = False,
                  search: str | None = None) -> dict[str, Any]:
    """The repository's mkdocs.yml with paths made absolute and the site settings applied.

    ``search``: ``"pagefind"`` (default for the published site) drops Material's search
    plugin and loads our Pagefind script; ``"material"`` (default when ``offline``) keeps
    Material's built-in search with jieba.
    """
    search = search or (MATERIAL if offline else PAGEFIND)
    if offline and search != MATERIAL:
        raise ValueError("the offline package needs Material's search (file://)")
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config["site_name"] = site.config.title
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["use_directory_urls"] = directory_urls
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks") or []]
    config["nav"] = nav(site)
    theme = config.setdefault("theme", {})
    theme["custom_dir"] = str(THEME_DIR)
    extra = config.setdefault("extra", {})
    extra["publisher"] = site.config.publisher
    extra["license"] = site.config.license
    extra["search_engine"] = search
    plugins = list(config.get("plugins") or [])
    if search == PAGEFIND:
        # an empty list, not a missing key: MkDocs would add its default search plugin
        plugins = [p for p in plugins if _plugin_name(p) not in ("search", "material/search")]
        theme["features"] = [f for f in theme.get("features") or []
                             if f not in MATERIAL_SEARCH_FEATURES]
        config["extra_javascript"] = [*config.get("extra_javascript", []), PAGEFIND_SCRIPT]
    if offline:
        from generator.publish.assets import IFRAME_WORKER_SHIM

        plugins.append("offline")
        extra["polyfills"] = [IFRAME_WORKER_SHIM]
    config["plugins"] = plugins
    return config


Started = tuple["subprocess.Popen[str]", IO[str]]  # a child process and its output


def _start(args: list[str], log: IO[str], env: dict[str, str], stdin: int | None = None
           ) -> subprocess.Popen[str]:
    """The child writes UTF-8 into ``log``, as it is read: on Windows its output would
    otherwise be in the code page (GBK), and its Chinese unreadable here."""
    return subprocess.Popen(
        [sys.executable, *args], env={**env, "PYTHONIOENCODING": "utf-8"}, stdin=stdin,
        stdout=log, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        preexec_fn=killed_with_build())


_OS_ERROR_LINE = re.compile(r"^\w*Error: \[Errno (\d+)\] ([^:\n]+)(?:: '([^'\n]*)')?", re.M)


def _os_refusal(output: str) -> OSError | None:
    """The operating system's refusal that ended a child process (its traceback's last
    ``OSError: [Errno 28] …: 'path'`` line) as the OSError itself, so the command line says
    it in Chinese like any other (generator/cli.py); None when the child failed otherwise."""
    found = list(_OS_ERROR_LINE.finditer(output))
    if not found:
        return None
    number, reason, path = found[-1].groups()
    return OSError(int(number), reason, path)


class ChildRun:
    """A Python module run in its own process, killed with the build; its output is kept
    for the error message. ``started``: the process already running (see
    :class:`WarmMkDocs`)."""

    def __init__(self, args: list[str], log_path: Path, env: dict[str, str], failed: str,
                 started: Started | None = None) -> None:
        self.failed = failed
        if started is not None:
            self.process, self.log = started
        else:
            self.log = log_path.open("w+", encoding="utf-8")
            self.process = _start(args, self.log, env)

    def wait(self) -> None:
        code = self.process.wait()
        self.log.seek(0)
        output = self.log.read().strip()
        self.log.close()
        if code != 0:
            refused = _os_refusal(output)
            if refused is not None:  # a full disk, a read-only folder …: said as such
                raise refused
            raise BuildError(self.failed + "\n" + output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


class WarmMkDocs:
    """A MkDocs process started before the build knows what it will render, its imports
    done meanwhile (:mod:`.mkdocs_warm`; an edit's MkDocs step at 10,000 projects, six
    edits: 0.8–2.0 s → 0.7–1.0 s): each :meth:`take` hands it to a run and, when asked,
    starts the next. What no run took is ended with the build (:meth:`close`)."""

    def __init__(self) -> None:
        self._ready: Started | None = None
        self._start()

    def _start(self) -> None:
        log = tempfile.TemporaryFile("w+", encoding="utf-8")
        env = with_root({**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        self._ready = (_start(["-m", "generator.publish.mkdocs_warm"], log, env,
                              subprocess.PIPE), log)

    def take(self, config_path: Path, epoch: str, again: bool) -> Started:
        """The ready process, sent its configuration; ``again``: start another."""
        if self._ready is None:
            self._start()
        assert self._ready is not None
        started, self._ready = self._ready, None
        if again:
            self._start()
        process = started[0]
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # it ended: its output says why
            process.stdin.write(json.dumps({"config": str(config_path), "epoch": epoch}) + "\n")
            process.stdin.close()
        return started

    def close(self) -> None:
        if self._ready is not None:
            process, log = self._ready
            self._ready = None
            with contextlib.suppress(BrokenPipeError):
                assert process.stdin is not None
                process.stdin.close()  # an empty input ends it
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


class MkDocsRun(ChildRun):
    """``mkdocs build`` in its own process: the build writes the downloads meanwhile, so
    on two cores the two take about as long as the longer of them. ``warm``: where the
    process is taken from (``again``: it starts the next run's)."""

    def __init__(self, config: dict[str, Any], config_path: Path, epoch: str,
                 warm: WarmMkDocs | None = None, again: bool = False) -> None:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(config, ensure_ascii=False, indent=2)  # JSON is valid YAML
        if not config_path.exists() or config_path.read_text(encoding="utf-8") != text:
            config_path.write_text(text, encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
        super().__init__(["-m", "mkdocs", "build", "--strict", "--quiet", "-f",
                          str(config_path)], config_path.with_suffix(".log"), env,
                         "MkDocs 构建失败：",
                         warm.take(config_path, epoch, again) if warm is not None else None)


def check_search_segmented(site_dir: Path) -> None:
    """Material's search index (offline package) must hold jieba's segments."""
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        raise BuildError("没有生成搜索索引 search/search_index.json：请确认 mkdocs.yml 启用了 "
                         "search 插件（lang: zh）")
    docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
    if docs and not any(SEGMENT_MARKER in doc.get("text", "") for doc in docs):
        raise BuildError(f"搜索索引没有中文分词：请确认已安装 jieba（{INSTALL}）并且 "
                         "mkdocs.yml 的 search 插件设置了 lang: zh")
