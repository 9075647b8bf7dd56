"""Read a whole content folder: discover, load, check and score every file.

One pass builds one context (Pelican's habit): the pages, charts and exports all read the
resulting :class:`Content`, never the files. Files are independent, so with many of them
the work is spread over the machine's cores.
"""

from __future__ import annotations

import os
import re
from bisect import insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

from generator.base.parallel import goes_parallel, share, streamed
from generator.content.ids import case_clashes, id_problem
from generator.content.loader import load_file
from generator.content.names import check_names
from generator.content.project import read_project
from generator.content.site_config import read_site
from generator.core import themes
from generator.core.checks import check_across, check_project
from generator.core.collisions import check_outputs
from generator.core.model import Project, ProjectHead, SiteConfig
from generator.core.order import natural
from generator.core.problems import Problem, Problems
from generator.core.scoring import score_project

PROJECTS_DIR = "projects"
SITE_FILE = "site.yml"
CHECK_BATCH = 2000  # files checked before their results are stored and only heads kept
CHECK_CHUNK = 50  # files a forked worker checks at a time, streamed (see _stored)
SEED_MOST = 200  # files checked: below this, their earlier heads tell their texts' themes
NO_MARKS: dict[str, tuple[int, int]] = {}  # shared by every checked indicator; never written


@dataclass
class Content:
    """``projects``: the projects' heads when read through a cache (whole projects
    otherwise); :meth:`full` gives a whole project either way."""

    root: Path
    config: SiteConfig
    projects: list[ProjectHead] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # project files read, including those that failed
    cache: ResultCache | None = field(default=None, repr=False, compare=False)

    def full(self, project: ProjectHead) -> Project:
        """The whole project of a head (one read of the cache), or the project itself."""
        if isinstance(project, Project):
            return project
        whole = self.cache.full(project.file) if self.cache is not None else None
        if whole is None:
            raise LookupError(f"{project.file}：检查结果缓存中没有该项目，请删除构建文件夹后重试")
        return whole

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class ResultCache(Protocol):
    """Checked results kept between builds (:class:`generator.publish.cache.CheckCache`):
    ``get`` returns what ``put`` stored for the same file name and bytes digest, else None."""

    def get(self, name: str, digest: str) -> Any | None: ...

    def stored(self, result: Any) -> Any:
        """The result as it is stored (made in the process that checked the file)."""

    def put(self, name: str, digest: str, stored: Any) -> Any:
        """Store a result given by ``stored``; returns what the build holds of it (the
        project's head)."""

    def full(self, name: str) -> Project | None: ...

    def earlier(self, name: str) -> ProjectHead | None:
        """The head stored for this file name whatever its bytes, if any."""

    def before(self, name: str) -> ProjectHead | None:
        """The head a file read anew this run had before (its earlier bytes'), if known."""

    # the heads of an earlier run in the content's order (those it gave unchanged are
    # in that order still), or None; and this run's order, told once sorted
    in_order: list[ProjectHead] | None

    def sorted_as(self, heads: list[ProjectHead]) -> None: ...


def display_path(path: str | Path, cwd: str | None = None) -> str:
    """The path as messages name it: relative to the working folder when under it. String
    operations (pathlib took 4 s of a 10,000-project rebuild): abspath, not resolve, so a
    symlink is named as itself, not as its target. Remembered by path and working folder: a
    build names each file five times (abspath took 0.1 s of an edit at 2,000 files).
    ``cwd``: ``os.getcwd()``, asked once by a loop over every file (a system call each)."""
    key = (os.fspath(path), os.getcwd() if cwd is None else cwd)
    name = _NAMES.get(key)
    if name is None:
        if len(_NAMES) >= NAMES_MOST:
            _NAMES.clear()
        name = _NAMES[key] = _display_path(*key)
    return name


NAMES_MOST = 200_000  # remembered display paths (a long-running preview's bound)
_NAMES: dict[tuple[str, str], str] = {}
_ABSOLUTE: dict[tuple[str, str], str] = {}  # (path, working folder) -> its absolute path
_IDS: dict[tuple[str, str], str] = {}  # (path, projects folder) -> project id


def absolute_path(path: str | Path, cwd: str | None = None) -> str:
    """:func:`os.path.abspath` of a path, remembered for the files a listing named
    (:func:`_name_under`): a build asks for every file's (its checked result is stored by
    it), which took 5 ms of an edit's check at 2,000 files. ``cwd``: see display_path."""
    text = os.fspath(path)
    known = _ABSOLUTE.get((text, os.getcwd() if cwd is None else cwd))
    return known if known is not None else os.path.abspath(text)


def _display_path(path: str, cwd: str) -> str:
    absolute = os.path.abspath(path)  # relative to cwd: the working folder now
    if absolute == cwd:
        return "."
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return absolute[len(prefix):] if absolute.startswith(prefix) else path


def project_files(projects_dir: Path) -> tuple[list[str], list[str]]:
    """The project files (``*.yml``) and those misnamed ``*.yaml``, each sorted as paths
    (one walk of the folder: rglob took a second per pattern at 10,000 files). A folder
    so named is listed too, as rglob lists it: reading it reports it.

    Strings, not paths, each named for messages as it is listed (:func:`_name_under`):
    making 10,000 paths, sorting them by their parts and naming each with ``abspath`` took
    0.8 s and 0.4 s of an edit's rebuild at 10,000 projects (a machine under load). Their
    absolute paths and project ids are remembered with their names.

    One :func:`os.scandir` a folder, each path as the entry gives it (what os.walk and
    a join per file gave, in half the time: 3 ms of every build at 2,000 files); folders
    are entered as os.walk enters them (not through a link)."""
    yml: list[str] = []
    yaml: list[str] = []
    folders = [os.fspath(projects_dir)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                for entry in listing:
                    name = entry.name
                    if name.endswith(".yml"):
                        yml.append(entry.path)
                    elif name.endswith(".yaml"):
                        yaml.append(entry.path)
                    try:
                        inside = entry.is_dir() and not entry.is_symlink()
                    except OSError:  # as os.walk: not entered
                        inside = False
                    if inside:
                        folders.append(entry.path)
        except OSError:  # a folder that cannot be read: as os.walk, left out
            continue
    yml.sort(key=text_order)
    yaml.sort(key=text_order)
    _name_under(os.fspath(projects_dir), yml)
    _name_under(os.fspath(projects_dir), yaml)
    return yml, yaml


def remember_listed(projects_dir: Path, listed: tuple[list[str], list[str]]) -> None:
    """Remember the names of what :func:`project_files` listed in another process (its
    lists as it gave them), as if it had listed them here."""
    for paths in listed:
        _name_under(os.fspath(projects_dir), paths)


def _name_under(folder: str, paths: list[str]) -> None:
    """Remember the message name of each path listed under ``folder`` (as
    :func:`os.walk` joins it: the folder, a separator and names that are neither ``.`` nor
    ``..``): the folder's absolute path is made once and each file's is that and its
    names, which is what :func:`os.path.abspath` would give it."""
    cwd = os.getcwd()
    absolute = os.path.abspath(folder)
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    start = len(folder) if folder.endswith(os.sep) else len(folder) + 1
    under = absolute if absolute.endswith(os.sep) else absolute + os.sep
    if len(_NAMES) + len(paths) > NAMES_MOST:
        _NAMES.clear()
        _ABSOLUTE.clear()
        _IDS.clear()
    for path in paths:
        if not path.startswith(folder):  # not as os.walk joins: named one by one
            continue
        full = under + path[start:]
        _NAMES[(path, cwd)] = "." if full == cwd else \
            full[len(prefix):] if full.startswith(prefix) else path
        _ABSOLUTE[(path, cwd)] = full
        if path.endswith(".yml") and not path.endswith(os.sep + ".yml"):  # as project_id
            _IDS[(path, folder)] = path[start:-4].replace(os.sep, "/")


def path_order(path: Path) -> tuple[str, ...]:
    """The order pathlib sorts paths in (by their parts, case-folded where the OS folds
    case), computed once a path: sorting 10,000 with pathlib's own comparison took 0.3 s
    of every build, twice."""
    return tuple(os.path.normcase(part) for part in path.parts)


def text_order(path: str) -> str:
    """:func:`path_order` of paths as text under one folder: case-folded where the OS
    folds case, each separator a NUL (in no name, before every character), so the string
    compares as the tuple of its names would (100,000 paths: 0.73 s by tuples, 0.13 s)."""
    return os.path.normcase(path).replace(os.sep, "\0")


def project_id(path: str | Path, projects_dir: Path) -> str:
    """The path under the projects folder without ``.yml``, with ``/``. String operations
    for a file listed under that folder (pathlib took 0.1 s a build at 2,000 files)."""
    text, folder = os.fspath(path), os.fspath(projects_dir)
    known = _IDS.get((text, folder))  # listed by project_files
    if known is not None:
        return known
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    name = os.path.basename(text)
    if text.startswith(prefix) and name.endswith(".yml") and name != ".yml" \
            and os.path.isabs(text) == os.path.isabs(folder) and ".." not in text.split(os.sep):
        return text[len(prefix):-4].replace(os.sep, "/")
    return Path(path).absolute().relative_to(projects_dir.absolute()).with_suffix("").as_posix()


def process_file(path: Path, projects_dir: Path, config: SiteConfig, classify: bool = False
                 ) -> tuple[Project | None, list[Problem]]:
    """Load, read, score and check one file; never raises for bad content. ``classify``:
    its problems' themes too (for a build, which keeps them with the result)."""
    display = display_path(path)
    problems = Problems(display)
    pid = project_id(path, projects_dir)
    refused = id_problem(pid)
    if refused is not None:
        problems.error(refused[0], refused[1], None, None)
    resolved = path.resolve()
    if not resolved.is_relative_to(projects_dir.resolve()):
        problems.error("outside-content",
                       "该文件是指向项目文件夹之外的链接：请把文件复制到 content/projects/ 下")
        return None, problems.items
    before = len(problems)
    data = load_file(path, display, problems)
    if len(problems) > before:  # unreadable; an empty file (None) is reported by read_project
        return None, problems.items
    project = read_project(data, pid, display, problems, config)
    if project is not None:
        score_project(project, config)
        check_project(project, config, problems)
    if problems.has_errors():
        return None, problems.items
    assert project is not None, "read_project reports an error whenever it returns None"
    if classify:
        themes.classify(project)
    for node in project.walk():  # positions serve the checks only: ~25 % of a project's size
        node.marks = NO_MARKS
    return project, problems.items


def find_content_root(path: Path) -> tuple[Path, Path, list[Path] | None]:
    """PATH is a content folder or one project file: (content root, projects dir, files).
    Anything that is not a folder is taken as a file (a pipe given by name is then
    reported as not a file, not as a missing folder)."""
    if os.path.lexists(path) and not path.is_dir():
        for parent in path.absolute().parents:
            if parent.name == PROJECTS_DIR:
                return parent.parent, parent, [path]
        return path.parent, path.absolute().parent, [path]
    return path, path / PROJECTS_DIR, None


def read_content(path: Path, workers: int | None = None, cache: ResultCache | None = None,
                 digest: Any = None, listed: tuple[list[str], list[str]] | None = None
                 ) -> Content:
    """Everything a build needs, with all problems of all files.

    ``cache`` with ``digest`` (a file's path -> the digest of its bytes): a file whose name
    and bytes are in the cache is not read again; the others are, and go into it.
    ``listed``: :func:`project_files` of the projects folder, if the build listed it
    already (one walk a build)."""
    root, projects_dir, only = find_content_root(path)
    problems = Problems()
    site_file = root / SITE_FILE
    config = SiteConfig()
    if os.path.lexists(site_file):  # a pipe or a folder so named is reported, not skipped
        site_problems = Problems(display_path(site_file))
        data = load_file(site_file, site_problems.file, site_problems)
        config = read_site(data, site_problems)
        problems.extend(site_problems)
    if only is not None:
        files = [os.fspath(f) for f in only]
    elif not root.is_dir():
        problems.error("content-not-found",
                       f"找不到内容文件夹「{root}」：请确认路径", file=str(root))
        return Content(root, config, [], problems.items)
    else:
        files, misnamed = project_files(projects_dir) if listed is None else listed
        for odd in misnamed:
            problems.warning("wrong-extension",
                             "扩展名 .yaml 的文件不会被读取：请改为 .yml", file=display_path(odd))
    by_id = {project_id(f, projects_dir): f for f in files}
    for clash in case_clashes(by_id):
        names = "、".join(display_path(by_id[pid]) for pid in clash)
        for pid in clash:
            problems.error("id-case-clash",
                           f"文件名只差大小写：{names}。在 Windows、macOS 和不区分大小写的网站"
                           "服务器上它们是同一个文件，一个网页会覆盖另一个：请把其中一个改名",
                           file=display_path(by_id[pid]))
    results = _cached_run(files, projects_dir, config, workers, cache, digest) \
        if cache is not None else _run(files, projects_dir, config, workers)
    projects: list[ProjectHead] = []
    for project, file_problems in results:
        problems.extend(file_problems)
        if project is not None:
            projects.append(project)
    check_across(projects, problems)
    check_outputs(projects, config, problems)
    check_names(projects, config, problems)
    projects = _content_sorted(projects, cache)
    return Content(root, config, projects, problems.sorted(), files=len(files), cache=cache)


def _content_sorted(projects: list[ProjectHead], cache: ResultCache | None
                    ) -> list[ProjectHead]:
    """The projects in the content's order. Through a cache that gives the order of an
    earlier run (:attr:`ResultCache.in_order`): its heads that this run holds, in that
    order, and each other one put in its place by bisection (its key and those of the
    few it is compared with), not every head's key made and sorted (at 2,000 projects
    10–15 ms of an edit's check). The keys are a total order (the id last): the same list
    either way."""
    key = _content_order()
    earlier = cache.in_order if cache is not None else None
    if earlier:
        here = {id(project) for project in projects}
        ordered = [project for project in earlier if id(project) in here]
        if len(ordered) * 2 >= len(projects):  # else most are new: sorted as they come
            kept = {id(project) for project in ordered}
            for project in sorted((p for p in projects if id(p) not in kept), key=key):
                insort(ordered, project, key=key)
            projects = ordered
        else:
            projects.sort(key=key)
    else:
        projects.sort(key=key)
    if cache is not None:
        cache.sorted_as(projects)
    return projects


def _content_order() -> Callable[[ProjectHead], tuple[Any, ...]]:
    """The content's order (year, newest first; authority; ``order``; name; id), each
    authority's :func:`natural` key made once and a name without digits keyed without
    splitting it (what :func:`natural` gives it): at 10,000 projects the keys took 0.15 s of
    every build."""
    authorities: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def key(project: ProjectHead) -> tuple[Any, ...]:
        authority = authorities.get(project.authority)
        if authority is None:
            authority = authorities[project.authority] = natural(project.authority)
        name = project.name
        return (-project.year, authority, project.order or 10**9,
                natural(name) if _DIGIT.search(name) else ((1, 0, name),), project.id)

    return key


_DIGIT = re.compile(r"\d")  # what generator.core.order splits on


def _process_files(state: tuple[Path, SiteConfig], paths: Sequence[str]
                   ) -> list[tuple[Project | None, list[Problem]]]:
    projects_dir, config = state
    return [process_file(Path(p), projects_dir, config) for p in paths]


def _run(files: list[str], projects_dir: Path, config: SiteConfig, workers: int | None
         ) -> list[tuple[Project | None, list[Problem]]]:
    """This process and the workers each read an equal share of the files."""
    parts = share(_process_files, (projects_dir, config), files, workers=workers)
    return [result for part in parts for result in part]


def _store_files(state: tuple[Path, SiteConfig, ResultCache], paths: Sequence[str]
                 ) -> list[Any]:
    projects_dir, config, cache = state
    return [cache.stored(process_file(Path(p), projects_dir, config, classify=True))
            for p in paths]


def _cached_run(files: list[str], projects_dir: Path, config: SiteConfig,
                workers: int | None, cache: ResultCache, digest: Any
                ) -> list[tuple[ProjectHead | None, list[Problem]]]:
    """The cached results, and the others checked (each stored as it comes back, and only
    its head kept: a clean build never holds all whole projects, :func:`_stored`). For the
    build, which reads through the cache: with their problems' themes."""
    results: list[tuple[ProjectHead | None, list[Problem]] | None] = []
    missing: list[int] = []
    keys: list[tuple[str, str]] = []
    cwd = os.getcwd()
    for index, path in enumerate(files):
        name = display_path(path, cwd)
        try:
            key = (name, digest(path))
        except OSError:  # reported by process_file
            key = (name, "")
        keys.append(key)
        hit = cache.get(*key) if key[1] else None
        results.append(hit)
        if hit is None:
            missing.append(index)
    if goes_parallel(len(missing), workers, fork_only=True):
        themes.warm()  # once here, not in the workers of every batch
    elif len(missing) < SEED_MOST:  # an edit's few files: their texts known, no memo read
        for index in missing:
            earlier = cache.earlier(keys[index][0])
            if earlier is not None and \
                    len(earlier.problem_themes) == len(earlier.problems_found):
                themes.seed(earlier.problems_found, earlier.problem_themes)
    for index, stored in zip(missing, _stored(files, missing, (projects_dir, config, cache),
                                              workers), strict=True):
        results[index] = cache.put(*keys[index], stored)  # an unread file's: never a hit
    return [r for r in results if r is not None]


def _stored(files: list[str], missing: list[int], state: tuple[Path, SiteConfig, ResultCache],
            workers: int | None) -> Iterable[Any]:
    """Each missing file checked, as the cache stores it, in order: streamed from forked
    workers while the caller stores them (:func:`.streamed`), else in batches."""
    named = [files[i] for i in missing]
    if goes_parallel(len(named), workers, fork_only=True):
        return chain.from_iterable(streamed(_store_files, state, named, CHECK_CHUNK, workers))
    return (stored for start in range(0, len(named), CHECK_BATCH) for part in
            share(_store_files, state, named[start:start + CHECK_BATCH], workers=workers)
            for stored in part)
