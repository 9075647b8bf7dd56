"""A check of every file in a process of its own, so that the build holds only what an
edit's build holds: the heads as the check cache keeps them.

Why: checking every file leaves the build process holding far more than the check's
result. Each head comes back from a checking worker with its texts unpacked and an
instance dictionary of its own; jieba's dictionary, the parser's and the allocator's
leftovers stay. The build process then carries all of it through generate, MkDocs, the
downloads and Pagefind (issue 45 item 4: 100,000 projects in 3 GiB). Measured at 10,000
projects (``python -m tests.bench.treemem``): 357 MiB after a clean check against 117 MiB
after reading the same heads from the check cache. So when the cache holds no current heads
blob (a clean build, another checker's cache, a build killed before its blob) and there
are many files, a forked process checks them all and fills the cache
(:class:`~generator.publish.cache.CheckCache`), and the build then reads the heads from it
as an edit does.

What the forked check does is what the build would have done (read, save the cache, the
files' stamps and the themes' memo), so the build's own check that follows finds every file
in the cache and reports the same problems. Where it cannot fork (Windows, or
:mod:`generator.base.portable` forced), or the forked check fails in any way, the build
checks in its own process as before: slower for memory, never different.

:func:`checked` is the build's whole check, apart or not (and what
``python -m tests.bench.checkbench`` measures alone).
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path

from generator.base.heap import frozen
from generator.base.parallel import PARALLEL_FROM, can_fork, get_context
from generator.base.stages import stage
from generator.content.discovery import Content, read_content
from generator.publish.cache import CHECK_CACHE, CheckCache
from generator.publish.state import BuildState

APART_FROM = PARALLEL_FROM  # files: below this, a process of its own costs more than it saves


def wanted(cache: CheckCache, files: int) -> bool:
    """Whether the check should run apart: ``files`` project files, the cache loaded."""
    with stage("check.load"):
        cache.read()  # what the build's own check does first anyway
    return files >= APART_FROM and not cache.blob_current and can_fork()


def check_apart(content_dir: Path, state: BuildState, cache: CheckCache) -> bool:
    """Check every file in a forked process that fills ``cache``'s folder (see the module's
    docstring); whether it did. The caller then reads the content with a new cache."""
    with stage("check.apart"):
        process = get_context("fork").Process(target=_check, args=(content_dir, state, cache))
        process.start()
        process.join()
        return process.exitcode == 0


def _check(content_dir: Path, state: BuildState, cache: CheckCache) -> None:
    """In the forked process: the build's check, its results saved; nothing handed back.
    The cache opens a connection of its own here (it keeps one a process and thread)."""
    try:
        content = read_content(content_dir, cache=cache, digest=state.check_digest,
                               listed=state.project_files)
        cache.save()
        state.save_stamps()
        state.save_themes(content)
    except BaseException:  # noqa: BLE001 - the build checks again and says what is wrong
        os._exit(1)
    os._exit(0)  # not the parent's exit handlers (its build lock, its threads)


def checked(content_dir: Path, out_dir: Path, state: BuildState, held: ExitStack,
            cache: CheckCache | None = None) -> Content:
    """The build's check (``held``: what lasts until the build ends): apart where that is
    wanted, then every file read through the check cache (``cache``: the build's, read
    already by :mod:`.scout`), which is saved."""
    # the heads the cache gives (every project's) live as long as the build: left out of
    # collections, which walked them three times while the check made its sets and lists
    # (a 100,000-project edit's check.read 5.1 s, 2.7–2.9 s frozen: ``python -m
    # tests.bench.checkbench``), frozen as they are read (``collector_paused``)
    held.enter_context(frozen())
    if cache is None:
        cache = CheckCache(out_dir / CHECK_CACHE, state.check_key())
    state.restore_themes()  # a text classified before is not segmented again
    files = state.project_files
    if files is not None and wanted(cache, len(files[0])) and \
            check_apart(content_dir, state, cache):
        cache.close()  # then read as an edit reads it: the heads as the cache keeps them
        cache = CheckCache(out_dir / CHECK_CACHE, state.check_key())
        state.restore_themes()
    held.callback(cache.close)
    with stage("check.read"):
        cache.read()
        content = read_content(content_dir, cache=cache, digest=state.check_digest,
                               listed=state.project_files)
    with stage("check.save"):
        cache.save()
        state.save_stamps()
    return content
