"""What the build folder remembers between builds, beside the check cache.

- ``pages.pickle`` (and ``pages.more``, :mod:`.pages_record`): for every file of ``docs/``,
  the input fingerprint of its page and the digest of its bytes. Before ``docs/`` is
  written it vouches only for the pages this build leaves as they are
  (:meth:`BuildState.vouch_pages`), and all of it is saved after: a killed build leaves no
  record that could vouch for a half-written page, and the next build renders again only
  what the killed one had started to.
- ``published.pickle``: what the published ``site/`` was made from: the digests of the
  Markdown pages and other docs files, the files the common MkDocs partition made, and
  the key of all inputs (content files' bytes, code, settings, theme, date) with the
  site folder's inode. Removed just before the new site is swapped in, saved after: a
  build that fails or is killed before leaves the site and its record as they were, and
  the next build renders only what changed since (not every page).
- ``site.stamp``: what the published site depends on besides the generated files
  (:func:`site_stamp`: MkDocs' configuration, theme, hook, pins, search settings, date).
- ``downloads.key``: the inputs the ``downloads/`` folder was made from.
- ``downloads.files``, ``downloads.parts/``: what each download was made from (before any
  is written, only of those this build keeps: :meth:`FileKeys.plan`), and the projects'
  parts of the whole-site downloads (:mod:`generator.downloads.parts`).
- ``listings.pickle``: each file's listing and group figures (:mod:`.fingerprints`).
- ``themes.pickle``: each problem text's themes (:mod:`generator.core.themes`), so an
  unchanged text is not segmented again.
- ``templates.compiled/``: the page templates compiled (``pipeline.COMPILED``, Jinja's
  bytecode cache, checked against each template's source; ``theme/``: the theme's).

What it removes, measured at 10,000 projects (docs/dev/performance.md): a clean build ~90 s,
nothing changed 0.3 s, one edit ~5 s, the same site byte for byte. Reproduce: the clean,
unchanged and edit rows of ``.venv/bin/python -m tests.bench.bench --sizes 10000``."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.base.records import load_record, save_record
from generator.content.discovery import (
    SITE_FILE,
    Content,
    absolute_path,
    display_path,
    find_content_root,
    project_files,
    remember_listed,
    text_order,
)
from generator.content.loader import MAX_BYTES, read_bounded
from generator.core import themes
from generator.core.heads import holds_texts
from generator.core.whole import WHOLE
from generator.publish.cache import code_version, digest_bytes
from generator.publish.file_keys import DOWNLOAD_FILES, FileKeys
from generator.publish.pagefind_names import PAGEFIND_EXCLUDE, PAGEFIND_ROOT
from generator.publish.pages_record import PagesRecord
from generator.publish.paths import HOOK, MKDOCS_YML, PACKAGE_LOCK, REQUIREMENTS, ROOT, THEME_DIR

PUBLISHED = "published.pickle"
PUBLISHED_FORMAT = 2  # of its record: 2 added the Pagefind plan
DOWNLOADS = "downloads.key"
THEMES = "themes.pickle"
THEMES_STALE = 64  # texts added to themes.pickle before it is made again of current ones
STAMPS = "stamps.pickle"  # each content file's digest by its stat (Pelican's file stamps)
RACY_NS = 2_000_000_000  # a stamp taken this soon after its file changed is not trusted
STAMP = "site.stamp"  # :func:`site_stamp` of the published site


def _add_files(digest: Any, paths: Iterable[Path]) -> None:
    """Each file's repository path and bytes, in path order, into ``digest``."""
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())


def site_stamp(config: dict[str, Any], site_dir: Path, epoch: str, shard_pages: int | None
               ) -> str:
    """What a built site depends on besides the generated files: the MkDocs configuration,
    the theme, the hook, the pinned requirements, the search settings, the date, and which
    ``site/`` folder the build swapped in. A build whose stamp equals the last successful
    build's and that changed no generated file leaves that site as it is: no MkDocs run."""
    digest = hashlib.sha256()
    digest.update(json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(repr((PAGEFIND_EXCLUDE, shard_pages, PAGEFIND_ROOT, epoch,
                        site_dir.stat().st_ino)).encode("utf-8"))
    _add_files(digest, [*THEME_DIR.rglob("*"), HOOK, REQUIREMENTS, PACKAGE_LOCK])
    return digest.hexdigest()


@dataclass
class Published:
    pages: dict[str, str]  # Markdown path -> digest
    assets: dict[str, str]  # other docs files -> digest
    common: list[str]  # site files of the common partition
    shards: dict[str, list[str]] = field(default_factory=dict)  # Pagefind bundle -> pages


class BuildState:
    def __init__(self, out_dir: Path, content_dir: Path, settings: tuple[Any, ...]) -> None:
        self.out_dir = out_dir
        self.content_dir = content_dir
        self.settings = settings
        self.names: dict[str, str] = {}  # display path -> digest, files read this build
        # the working folder, asked once: a build does not change it, and each file's name
        # asked it again (five times a file, see display_path)
        self.cwd = os.getcwd()
        self.pages: dict[str, tuple[str, str]] = {}
        self._pages_record = PagesRecord(out_dir)
        self.listed: list[str] | None = None  # see take_pages
        self.pages_inputs: Any = None  # what the pages' record was made from (take_pages)
        self.fingerprinted = 0  # files whose pages' fingerprints this build made
        self._inputs: str | None = None  # see inputs_key
        self._published: Any = None  # the record current_site read, for take_published
        self._code: str | None = None
        self._check_key: str | None = None
        self._render_key: str | None = None
        self._themes: Any = None  # the problem themes as restored (see save_themes)
        self._themes_exact = 0  # texts in them when they held only current ones
        self._site_yml: bytes | None = None
        self._stamps: dict[str, tuple[tuple[int, ...], str]] | None = None
        self._stamps_at = 0
        self._stamped: dict[str, tuple[tuple[int, ...], str]] = {}
        self._trusted = 0  # stamps of this build taken from the record as they were
        self._now = time.time_ns()  # before any file of this build is read

    # --- digests ------------------------------------------------------------------------

    def digest(self, path: str | Path) -> str:
        """The digest of a content file's bytes, once per build; not read at all when
        its stat is the one stamped by an earlier build (at 50,000 files, reading and
        hashing them took 13 s of a rebuild with nothing changed)."""
        name = display_path(path, self.cwd)
        if name not in self.names:
            self.names[name] = self._digest(path, name)
        return self.names[name]

    def _digest(self, path: str | Path, name: str) -> str:
        if self._stamps is None:
            record = load_record(self.out_dir / STAMPS)
            if not isinstance(record, dict) or record.get("format") != 1:
                record = {"files": {}, "at": 0}
            self._stamps, self._stamps_at = record["files"], record["at"]
        st = os.stat(path)
        key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        old = self._stamps.get(name)
        # trusted only when the file had not changed for a while when it was stamped: a
        # change within the file system's time granularity leaves the stat as it was (git's
        # "racily clean" entries); ctime, which no tool sets back, rules out a copied mtime
        if old is not None and old[0] == key and st.st_ctime_ns < self._stamps_at - RACY_NS:
            digest = old[1]
            self._trusted += 1
        else:
            digest = digest_bytes(read_bounded(Path(path), MAX_BYTES))  # a pipe: OSError, reported
        self._stamped[name] = (key, digest)
        return digest

    def save_stamps(self) -> None:
        """Keep the stamps of the files digested this build for the next; not written
        again when it would hold what the last one holds (every file's stamp trusted, none
        gone: at 10,000 files a 1.2 MB record, written twice a build)."""
        if not self._stamped or (self._trusted == len(self._stamped) ==
                                 len(self._stamps or ())):
            return
        save_record(self.out_dir / STAMPS,
                    {"format": 1, "at": self._now, "files": self._stamped})
        self._stamps, self._trusted = dict(self._stamped), len(self._stamped)

    def code(self) -> str:
        if self._code is None:
            self._code = code_version("base", "core", "content", "site", "downloads", "publish")
        return self._code

    def site_yml(self) -> bytes:
        if self._site_yml is None:
            root = find_content_root(self.content_dir)[0]
            path = root / SITE_FILE
            self._site_yml = path.read_bytes() if path.is_file() else b""
        return self._site_yml

    def check_key(self) -> str:
        """What a checked result depends on besides its file: the checker's code, the site
        settings, where the projects folder is (project ids) and the pinned requirements
        (jieba's dictionary classifies the problems). Not the working folder: a result is
        stored under its file's name as messages show it and its absolute path
        (:meth:`check_digest`), so a tree run from another folder reuses what it can."""
        if self._check_key is None:
            root, projects_dir, _ = find_content_root(self.content_dir)
            self._check_key = digest_bytes(b"\0".join([
                code_version("core", "content").encode(), self.site_yml(),
                REQUIREMENTS.read_bytes(), os.fsencode(projects_dir.absolute())]))
        return self._check_key

    def check_digest(self, path: str | Path) -> str:
        """What a checked result is stored by besides its name: the file's bytes and where
        it is (a name relative to the working folder names another file from elsewhere)."""
        return f"{self.digest(path)}@{absolute_path(path, self.cwd)}"

    def render_key(self) -> str:
        """The code, the settings and the date the pages show (a project's citation); once
        a build (each project page's fingerprint starts with it)."""
        if self._render_key is None:
            epoch = os.environ.get("SOURCE_DATE_EPOCH", "").encode()
            self._render_key = digest_bytes(self.code().encode() + b"\0" + self.site_yml() +
                                            b"\0" + epoch)
        return self._render_key

    def inputs_key(self, site_dir: Path) -> str:
        """Everything the published site depends on, at once: the inputs as this build
        found them first (one listing of the content folder a build, not one at its start
        and another when it saves what it published) and the site folder."""
        return digest_bytes(f"{self.inputs_digest()}\0{site_dir.stat().st_ino!r}".encode())

    def inputs_digest(self) -> str:
        """The inputs' part of :meth:`inputs_key` (all but the site folder), once a build."""
        if self._inputs is None:
            self._inputs = self._inputs_digest()
        return self._inputs

    @cached_property
    def project_files(self) -> tuple[list[str], list[str]] | None:
        """The project files, listed once a build (None when the content is one file)."""
        _, projects_dir, only = find_content_root(self.content_dir)
        return project_files(projects_dir) if only is None else None

    def _inputs_digest(self) -> str:
        root, projects_dir, only = find_content_root(self.content_dir)
        yml, misnamed = self.project_files or ([], [])  # each sorted by text_order
        files = [os.fspath(f) for f in only] if only else \
            sorted([*yml, *misnamed], key=text_order) if misnamed else yml
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr((self.settings, os.environ.get("SOURCE_DATE_EPOCH"),
                            str(root.absolute()), str(Path.cwd()))).encode())
        digest.update(self.code().encode() + b"\0" + self.site_yml() + b"\0")
        _add_files(digest, [MKDOCS_YML, HOOK, REQUIREMENTS, PACKAGE_LOCK, *THEME_DIR.rglob("*")])
        digest.update("".join(f"{display_path(p, self.cwd)}\0"
                              f"{self.digest(p) if p.endswith('.yml') else '-'}"
                              for p in files).encode())  # one update: 5 ms at 2,000 files
        return digest.hexdigest()

    def scouted(self) -> tuple[Any, ...]:
        """What :meth:`inputs_digest` and :meth:`save_stamps` found, for :meth:`take_scouted`
        in another process (see :mod:`.scout`)."""
        return self.project_files, self._stamped, self._stamps_at, self._inputs

    def take_scouted(self, found: tuple[Any, ...]) -> None:
        """Be as if :meth:`inputs_digest` and :meth:`save_stamps` had run here: the project
        files as listed (their names remembered, :func:`remember_listed`), each file's
        digest and stamp (saved already), the inputs' digest."""
        files, stamped, self._stamps_at, self._inputs = found
        self.__dict__["project_files"] = files
        if files is not None:
            remember_listed(find_content_root(self.content_dir)[1], files)
        self._stamped, self._stamps, self._trusted = stamped, dict(stamped), len(stamped)
        self.names.update({name: digest for name, (_, digest) in stamped.items()})

    # --- problem themes -----------------------------------------------------------------

    def _themes_key(self) -> str:
        """The classifier's code and jieba's version (its dictionary)."""
        return digest_bytes(code_version("core").encode() + b"\0" +
                            REQUIREMENTS.read_bytes())

    def restore_themes(self) -> None:
        """The memo of the last build, read when the check first needs it
        (:func:`generator.core.themes.remember_later`)."""
        self._themes, self._themes_exact = None, 0
        themes.remember_later(self._read_themes)

    def _read_themes(self) -> themes.Memo | None:
        record = load_record(self.out_dir / THEMES)
        if isinstance(record, dict) and record.get("key") == self._themes_key():
            self._themes = record["memo"]
            self._themes_exact = record.get("exact", 0)
            return self._themes
        return None

    def save_themes(self, content: Content) -> None:
        """Kept as it is when it holds what it would be written with (an edit that leaves
        the problems' texts: rewriting it took 0.1 s of an edit at 10,000 projects).

        After an edit, only the heads whose texts this build holds are read (the files
        checked, the pages rendered; the others' are in the memo read, :mod:`generator.
        core.heads`): their texts are added to it, and those of files gone or changed stay
        until the texts added since it last held only current ones grow many
        (:data:`THEMES_STALE`; then every text is read). A text's themes are the same
        whichever memo gives them: a stale one costs room only.

        Not read at all when no text of this build needed it (:func:`generator.core.
        themes.pending`): every text this build holds was then told by the check cache's
        earlier heads of the same files (:func:`~generator.core.themes.seed`), which the
        memo holds since the builds that checked them."""
        if themes.pending() and (self.out_dir / THEMES).is_file():
            return
        themes.read_now()
        restored = self._themes
        projects = content.projects
        memo: themes.Memo | None = None
        if restored is not None:
            added, keywords = themes.known(p for p in projects if holds_texts(p))
            if added.items() <= restored[0].items() and keywords == restored[1]:
                return
            memo = ({**restored[0], **added}, keywords)
            if len(memo[0]) > self._themes_exact + max(THEMES_STALE, self._themes_exact // 20):
                memo = None
        exact = memo is None
        if memo is None:
            memo = themes.known(projects)
        if memo != restored:
            count = len(memo[0]) if exact else self._themes_exact
            save_record(self.out_dir / THEMES,
                        {"key": self._themes_key(), "memo": memo, "exact": count})
            self._themes, self._themes_exact = memo, count

    # --- the published site -------------------------------------------------------------

    def current_site(self, site_dir: Path) -> tuple[Content, int, int, str] | None:
        """When every input is that of the published site: its content summary (no
        projects), result count, 部门整体 count among them (issue 43) and epoch; else None."""
        record = self.read_published()
        if not isinstance(record, dict) or not site_dir.is_dir():
            return None
        try:
            if record.get("inputs") != self.inputs_key(site_dir):
                return None
        except OSError:
            return None
        return record["content"], record["count"], record.get("wholes", 0), record["epoch"]

    def read_published(self) -> Any:
        """The published site's record, read once for :meth:`current_site` and
        :meth:`published` (early, by :mod:`.scout`)."""
        if self._published is None:
            self._published = load_record(self.out_dir / PUBLISHED)
        return self._published

    def page_count(self) -> int:
        record = load_record(self.out_dir / PUBLISHED)
        return record.get("page_count", 0) if isinstance(record, dict) else 0

    def published(self) -> Published | None:
        """What the published site was made from, as its record says (kept until
        :meth:`forget_published`)."""
        record = self._published if self._published is not None else \
            load_record(self.out_dir / PUBLISHED)
        self._published = None
        if not isinstance(record, dict) or record.get("format") != PUBLISHED_FORMAT:
            return None  # another version's record: as if none
        return record.get("published")

    def forget_published(self) -> None:
        """Before the site is replaced: until :meth:`save_published`, no record vouches for
        it (the site folder's inode alone would not: the spare comes back as a later site)."""
        (self.out_dir / PUBLISHED).unlink(missing_ok=True)

    def save_published(self, published: Published, site_dir: Path, content: Content,
                       epoch: str) -> None:
        summary = Content(content.root, content.config, [], content.problems, content.files)
        save_record(self.out_dir / PUBLISHED, {
            "format": PUBLISHED_FORMAT, "inputs": self.inputs_key(site_dir),
            "published": published,
            "content": summary, "count": len(content.projects), "epoch": epoch,
            "wholes": sum(p.kind == WHOLE for p in content.projects),
            "page_count": len(published.pages) + len(published.assets)})

    # --- docs/ --------------------------------------------------------------------------

    def take_pages(self) -> dict[str, tuple[str, str]]:
        """Each docs file's fingerprint and digest, as the last build recorded them; sets
        ``self.listed`` and ``self.pages_inputs`` (:meth:`.PagesRecord.take`)."""
        pages, self.listed, self.pages_inputs = self._pages_record.take(self.render_key())
        return pages

    def vouch_pages(self, previous: dict[str, tuple[str, str]], unchanged: set[str]
                    ) -> None:
        self._pages_record.vouch(self.render_key(), previous, unchanged)

    def save_pages(self, pages: dict[str, tuple[str, str]], inputs: Any = None,
                   touched: Iterable[str] | None = None) -> None:
        """``inputs``: what the fingerprints were made from
        (:func:`generator.publish.fingerprints.fingerprint_inputs`); ``touched``: the
        entries this build wrote or compared, the others :meth:`take_pages`'s (None: all)."""
        self.pages = pages
        self._pages_record.save(self.render_key(), pages, inputs,
                                pages if touched is None else touched)

    def docs_digests(self) -> dict[str, str]:
        return {path: digest for path, (_, digest) in self.pages.items()}

    # --- downloads/ ---------------------------------------------------------------------

    def downloads_key(self, epoch: str) -> str:
        names = "\n".join(f"{n}\0{d}" for n, d in sorted(self.names.items()))
        return digest_bytes(b"\0".join([self.code().encode(), self.site_yml(),
                                        epoch.encode(), names.encode()]))

    def downloads_current(self, key: str, folder: Path) -> bool:
        path = self.out_dir / DOWNLOADS
        try:
            current = path.read_text(encoding="utf-8") == key and folder.is_dir()
        except FileNotFoundError:
            return False
        if not current:
            path.unlink(missing_ok=True)
        return current

    def save_downloads(self, key: str) -> None:
        (self.out_dir / DOWNLOADS).write_text(key, encoding="utf-8")

    def download_files(self, epoch: str) -> FileKeys:
        """The keys of the files of ``downloads/`` made from some projects only, as the last
        build that finished them recorded them; none when the code, the settings or the
        time changed (see :meth:`FileKeys.plan`)."""
        base = digest_bytes(b"\0".join([self.code().encode(), self.site_yml(),
                                        epoch.encode()]))
        previous = load_record(self.out_dir / DOWNLOAD_FILES)
        files = previous["files"] if isinstance(previous, dict) and \
            previous.get("base") == base else {}
        return FileKeys(self.out_dir, self.names, base, files)
