"""The seam: the one module that knows MkDocs. The engine is ProperDocs (issue 45), the
maintained fork of MkDocs 1.6: builds run ``python -m properdocs``, and this process imports
``properdocs.replacement`` before anything of MkDocs (preview, front matter), so every
``mkdocs.*`` import — Material's, the hooks' — runs ProperDocs' code, never the MkDocs 1.6.1
that Material's requirements still install. Moving again (docs/dev/successors.md) is this
module's work and its hook file's; ``.importlinter``'s third contract fails if any other
module imports ``mkdocs``, ``properdocs`` or ``material`` (tests/test_layers.py);
``tests/engines.py`` compares both engines' sites byte for byte.

The interface, and who uses it:

- :func:`mkdocs_config` — the site's configuration: the repository's mkdocs.yml with paths
  made absolute, the nav, the search engine (pipeline, partitions, serve);
- :class:`MkDocsRun` — ``mkdocs build --strict`` in its own process, optionally taken from a
  :class:`WarmMkDocs` (a process whose imports were done while the content was checked:
  ``python -m generator.publish.mkdocs_warm``, with :func:`warm_up`, :func:`pages_only`
  and :func:`build_command`) (pipeline, partitions);
- :func:`front_matter` — a page's Markdown and its YAML front matter, split as MkDocs
  splits them (shells);
- :func:`quiet`, :func:`build_here` and :func:`live_server` — the preview: MkDocs' log
  silenced and counted, a build in this process, MkDocs' live-reload server whose pages
  answer with the error page while the content has errors (serve);
- :func:`check_search_segmented` — Material's jieba index in the offline package.

The hook, ``mkdocs_hooks.py`` (mkdocs.yml's ``hooks:``), is a file of its own: MkDocs loads
a hook by path under the file's name, so one called ``mkdocs.py`` would replace the
``mkdocs`` package in ``sys.modules``. It imports nothing of MkDocs either.

MkDocs is imported only inside the functions that use it (the build runs it in child
processes). Search: Pagefind after MkDocs (:mod:`.pagefind`); the offline package and
``serve`` keep Material's search with jieba."""

from __future__ import annotations

import contextlib
import html
import importlib
import importlib.util
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.core.command import INSTALL
from generator.core.problems import BuildError
from generator.publish.children import ChildRun, Started, start
from generator.publish.mkdocs_hooks import COMPILED_ENV
from generator.publish.paths import MKDOCS_YML, ROOT, THEME_DIR, with_root

if TYPE_CHECKING:
    from generator.site.context import SiteContext

SEGMENT_MARKER = "\u200b"  # Material's search plugin joins jieba's segments with U+200B
PAGEFIND = "pagefind"
MATERIAL = "material"
# an ES module: it imports its parts (search/*.js: dialog, facets, shards, ...) itself
PAGEFIND_SCRIPT = {"path": "assets/javascripts/pagefind-search.js", "type": "module"}
# Material features that need its search plugin (and would fetch search_index.json)
MATERIAL_SEARCH_FEATURES = ("search.highlight", "search.suggest", "search.share")


ENGINE = "properdocs"  # the module run as ``python -m ENGINE build`` (tests/engines.py)


def _engine() -> None:
    """Point ``mkdocs.*`` at ProperDocs here (``python -m properdocs`` does it itself)."""
    import properdocs.replacement  # noqa: F401


def _plugin_name(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def mkdocs_config(site: SiteContext, docs_dir: Path, site_dir: Path,
                  directory_urls: bool = True, offline: bool = False,
                  search: str | None = None) -> dict[str, Any]:
    """The repository's mkdocs.yml with paths made absolute and the site settings applied.

    Every site.yml text goes to MkDocs and its theme as HTML (escaped): MkDocs renders
    templates without autoescaping, and Material prints ``site_name`` raw in ``<title>``,
    the header, the nav and attributes. Escaped here, once, every such print shows the
    text as written and none can make markup, whatever the theme's templates do with it;
    theme/ prints these values as they are (an ``|e`` would only show entities).

    ``search``: ``"pagefind"`` (default for the published site) drops Material's search
    plugin and loads our Pagefind script; ``"material"`` (default when ``offline``) keeps
    Material's built-in search with jieba.
    """
    from generator.site.pages import nav  # not in the warm process, which needs none of it

    search = search or (MATERIAL if offline else PAGEFIND)
    if offline and search != MATERIAL:
        raise ValueError("the offline package needs Material's search (file://)")
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config["site_name"] = html.escape(site.config.title)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["use_directory_urls"] = directory_urls
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks") or []]
    config["nav"] = nav(site)
    theme = config.setdefault("theme", {})
    theme["custom_dir"] = str(THEME_DIR)
    extra = config.setdefault("extra", {})
    extra["publisher"] = html.escape(site.config.publisher)
    extra["license"] = html.escape(site.config.license)
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


class WarmMkDocs:
    """A MkDocs process started before the build knows what it will render, its imports
    done meanwhile (:func:`_warm_main`; an edit's MkDocs step at 10,000 projects, six
    edits: 0.8–2.0 s → 0.7–1.0 s): each :meth:`take` hands it to a run and, when asked,
    starts the next. What no run took is ended with the build (:meth:`close`).
    ``compiled``: where the theme's templates are kept compiled (:mod:`.mkdocs_hooks`)."""

    def __init__(self, compiled: Path | None = None) -> None:
        self._ready: Started | None = None
        self._compiled = compiled
        self._start()

    def _start(self) -> None:
        log = tempfile.TemporaryFile("w+", encoding="utf-8")
        env = with_root(dict(os.environ))
        if self._compiled is not None:
            env[COMPILED_ENV] = os.fspath(self._compiled)
        self._ready = (start(["-m", "generator.publish.mkdocs_warm"], log, env,
                             subprocess.PIPE), log)

    def take(self, config_path: Path, epoch: str, again: bool,
             job: dict[str, Any] | None = None) -> Started:
        """The ready process, sent its configuration and ``job`` (what else it does:
        :mod:`.mkdocs_warm`); ``again``: start another."""
        if self._ready is None:
            self._start()
        assert self._ready is not None
        started, self._ready = self._ready, None
        if again:
            self._start()
        process = started[0]
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # it ended: its output says why
            process.stdin.write(json.dumps({**(job or {}), "config": str(config_path),
                                            "epoch": epoch}) + "\n")
            process.stdin.close()
        return started

    def close(self) -> None:
        """End the process no run took: it has only imported and read (:func:`warm_up`),
        so it is not waited for (a build that needed no MkDocs run waited for its imports)."""
        if self._ready is not None:
            process, log = self._ready
            self._ready = None
            process.kill()
            process.wait()
            with contextlib.suppress(BrokenPipeError):
                assert process.stdin is not None
                process.stdin.close()
            log.close()


class MkDocsRun(ChildRun):
    """``mkdocs build`` in its own process: the build writes the downloads meanwhile, so
    on two cores the two take about as long as the longer of them. ``warm``: where the
    process is taken from (``again``: it starts the next run's), ``job`` what it is sent
    besides (:mod:`.mkdocs_warm`; a cold run builds everything and fills nothing);
    ``failed``: the error's heading."""

    def __init__(self, config: dict[str, Any], config_path: Path, epoch: str,
                 warm: WarmMkDocs | None = None, again: bool = False,
                 job: dict[str, Any] | None = None, failed: str = "MkDocs 构建失败：") -> None:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(config, ensure_ascii=False, indent=2)  # JSON is valid YAML
        if not config_path.exists() or config_path.read_text(encoding="utf-8") != text:
            config_path.write_text(text, encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
        super().__init__(["-m", ENGINE, "build", "--strict", "--quiet", "-f",
                          str(config_path)], config_path.with_suffix(".log"), env,
                         failed,
                         warm.take(config_path, epoch, again, job) if warm is not None else None)


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


@cache
def _meta() -> Any:
    """The engine's front-matter module, ``utils/meta.py`` (it imports ``re`` and ``yaml``
    only), loaded from its file by itself: imported as ``mkdocs.utils.meta`` it brings all
    of ``mkdocs.utils`` (0.12 s: importlib.metadata, email …) into the build's process,
    before an edit's MkDocs run can start, for one function."""
    engine = importlib.util.find_spec(ENGINE)  # found, not imported
    assert engine is not None and engine.origin is not None
    spec = importlib.util.spec_from_file_location(
        f"{__name__}._meta", Path(engine.origin).parent / "utils" / "meta.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """A page's Markdown without its front matter, and the front matter, as MkDocs reads
    them (a shell must see the page exactly as MkDocs does: :mod:`.shells`)."""
    data: tuple[str, dict[str, Any]] = _meta().get_data(text)
    return data


class BuildLog(logging.Handler):
    """MkDocs' log (its plugins' too) while the preview is quiet: what the build logs at
    WARNING or above is counted for the change's line; the server's own request log
    (a 404 for a favicon …) is dropped, its errors printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread: int | None = None  # the thread building now
        self.counted = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.counted += 1
        elif record.levelno >= logging.ERROR:
            print(f"MkDocs：{record.getMessage()}", file=sys.stderr, flush=True)


def quiet(verbose: bool) -> BuildLog:
    """Silence MkDocs and its plugins in this process (the preview's; never in ``build``'s,
    whose MkDocs runs keep their output). ProperDocs logs as ``properdocs``; Material and
    other plugins still log as ``mkdocs.*``, which is made its child as its CLI does."""
    engine_log = logging.getLogger(ENGINE)
    engine_log.propagate = False
    legacy = logging.getLogger("mkdocs")
    legacy.parent = engine_log
    legacy.propagate = True
    legacy.setLevel(logging.NOTSET)
    collector = BuildLog()
    engine_log.addHandler(collector)
    if verbose:
        shown = logging.StreamHandler(sys.stderr)
        shown.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        engine_log.addHandler(shown)
        engine_log.setLevel(logging.INFO)
        return collector
    engine_log.setLevel(logging.WARNING)  # the nav list, "Building documentation" …
    logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba.setLogLevel, unimported
    warnings.simplefilter("ignore")  # deprecations and jieba's SyntaxWarnings (3.12)
    return collector


class InProcess:
    """The preview's MkDocs builds, in this process: the plugins are started once (on the
    first build) and shut down with :meth:`close`."""

    def __init__(self, log: BuildLog) -> None:
        self.log = log
        self.started: Any = None  # the first build's config: its plugins' startup/shutdown

    def build(self, config: dict[str, Any], config_path: Path, site_url: str) -> None:
        _engine()
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        loaded = load_config(config_file=str(config_path))
        loaded.site_url = site_url
        if self.started is None:
            loaded.plugins.on_startup(command="serve", dirty=False)
            self.started = loaded
        self.log.thread = threading.get_ident()
        try:
            build(loaded, serve_url=site_url)
        finally:
            self.log.thread = None

    def close(self) -> None:
        if self.started is not None:
            self.started.plugins.on_shutdown()


@cache
def _live_server_class() -> type:
    _engine()
    from mkdocs.livereload import LiveReloadServer

    class LiveServer(LiveReloadServer):
        """MkDocs' live-reload server whose pages are ``answer(path)`` when that is not
        None (the error page: assets and the live-reload poll are served as usual)."""

        def __init__(self, answer: Callable[[str], bytes | None], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.answer = answer
            self.error_handler = self._not_found

        def _not_found(self, code: int) -> bytes | None:
            page = Path(self.root) / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
            path: str = environ.get("PATH_INFO", "/")
            page = None if path.startswith("/livereload/") else self.answer(path)
            if page is None:
                return super()._serve_request(environ, start_response)
            with self._epoch_cond:
                epoch = self._visible_epoch
            body = self._inject_js_into_html(page, epoch)
            start_response("500 Internal Server Error", [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
            return [body]

        def bind(self) -> None:
            """Take the address; OSError (closed again) when it is taken."""
            try:
                self.server_bind()
                self.server_activate()
            except OSError:
                self.server_close()
                raise

        def run(self, watched: Path, first: Callable[[], None]) -> None:
            """Watch ``watched``, build once, serve until interrupted, then shut down."""
            try:
                self.watch(str(watched))
                self.observer.start()  # edits made during the first build are seen after it
                first()
                self.serve_thread.start()  # requests made meanwhile waited in the queue
                self._build_loop()
            finally:
                self.shutdown()

    return LiveServer


def live_server(rebuild: Callable[[], None], answer: Callable[[str], bytes | None],
                host: str, port: int, root: Path) -> Any:
    """MkDocs' live-reload server for ``root``: ``rebuild`` on each change, every page
    answered with ``answer(path)`` where that is not None. Its :meth:`bind` takes the
    address, its :meth:`run` serves."""
    return _live_server_class()(answer, builder=rebuild, host=host, port=port, root=str(root))


def _import_extensions() -> None:
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8")) or {}
    for entry in config.get("markdown_extensions") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        for module in (name, f"markdown.extensions.{name}"):
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
                break


def warm_up() -> None:
    """MkDocs, its theme and the Markdown extensions of ``mkdocs.yml`` imported, and that
    configuration loaded once (its plugins' and theme's entry points found, the extensions'
    patterns compiled), before the build knows what to render."""
    import jinja2  # noqa: F401 - imported for the build it will run (as are those below)

    _engine()
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.theme  # noqa: F401
    from mkdocs.__main__ import cli  # noqa: F401
    from mkdocs.config import load_config
    from mkdocs.utils import get_themes

    # the installed themes, found once: each theme load forgets them (0.05 s of a run)
    get_themes.cache_clear = lambda: None  # type: ignore[method-assign]
    _import_extensions()
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    # nothing written (a folder that exists is the docs, the site is not made), so the
    # build may end this process at any time (WarmMkDocs.close)
    config.update(docs_dir=str(THEME_DIR), plugins=[],
                  site_dir=os.path.join(tempfile.gettempdir(), "pe-unbuilt"),
                  hooks=[str(ROOT / hook) for hook in config.get("hooks") or []])
    config.setdefault("theme", {})["custom_dir"] = str(THEME_DIR)
    with contextlib.suppress(Exception):  # the build's own load says what is wrong
        load_config(config_file=io.StringIO(json.dumps(config)))


def pages_only(stubs: set[str]) -> None:
    """This process's build makes its pages and nothing else: the theme's files are not
    listed (Material's ~14,000: 0.5 s of an edit's run) nor copied, ``404.html`` and the
    sitemap not made, the ``stubs`` (empty pages that are there for the nav) only read, not
    converted nor rendered. For a partition whose other files are thrown away
    (:mod:`.partitions`)."""
    import mkdocs.commands.build as steps
    from mkdocs.structure.files import Files

    Files.add_files_from_theme = lambda self, env, config: None  # type: ignore[method-assign]
    steps._build_theme_template = lambda *args, **kwargs: None
    render, populate = steps._build_page, steps._populate_page

    def populate_page(page: Any, config: Any, *args: Any, **kwargs: Any) -> None:
        if page.file.src_uri in stubs:
            page.read_source(config)  # its title and meta, as the nav prints them
        else:
            populate(page, config, *args, **kwargs)

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        if page.file.src_uri not in stubs:
            render(page, *args, **kwargs)

    steps._build_page, steps._populate_page = build_page, populate_page


def build_command(config_path: str, epoch: str) -> None:
    """``mkdocs build --strict`` of ``config_path`` in this process; SystemExit if it
    failed (its message printed), a return if it succeeded."""
    from mkdocs.__main__ import cli

    os.environ["SOURCE_DATE_EPOCH"] = epoch
    sys.argv = [ENGINE, "build", "--strict", "--quiet", "-f", config_path]
    try:
        cli()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
