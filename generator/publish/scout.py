"""A rebuild's first look at the content in a forked process, while the build reads the
check cache: the two longest steps before an edit's check, one after the other before.

Reads: the content folder (each project file listed and stat'ed, the changed ones read
and digested: :meth:`.state.BuildState.inputs_digest`) in the child, which also saves the
files' stamps; hands the parent what that gave (:meth:`.state.BuildState.scouted`: the
listing, each file's stamp and digest, the inputs' digest), which it takes as if it had
done the work itself. Meanwhile the parent reads every head from the check cache
(:meth:`.cache.CheckCache.read`), which the check that follows needs whatever changed,
then, while the child has not answered, the published site's record and the listings'
(:mod:`.listings`), which an edit reads next.

Why: at 100,000 projects the look took 1.4–1.6 s and reading the heads 1.0–1.4 s of every
edit before anything else could start (docs/dev/performance.md). When nothing changed the
heads are read for nothing, on the other core. Where it cannot fork, for a small site
(:data:`SCOUT_FROM`), or when the child fails in any way, the build looks itself
(:meth:`.state.BuildState.current_site`), which raises what is wrong as before.
"""

from __future__ import annotations

import os
from functools import partial
from typing import Any

from generator.base.apart import Apart
from generator.base.parallel import can_fork
from generator.publish.cache import CHECK_CACHE, CheckCache
from generator.publish.listings import listings
from generator.publish.state import STAMPS, BuildState

# project files the last build stamped, told by the size of its stamps record (about 140
# bytes a file): below it, forking costs more than it saves
SCOUT_FROM = 2000 * 140


def scouted(state: BuildState) -> CheckCache | None:
    """When it is worth it, look at the content apart while the check cache is read here:
    the state then holds what the look found (unless it failed), and the cache is given
    back, read. Else None, and nothing is done."""
    try:
        worth = os.stat(state.out_dir / STAMPS).st_size >= SCOUT_FROM
    except OSError:
        worth = False
    if not worth or not can_fork():
        return None
    scout: Apart[tuple[Any, ...]] = Apart(partial(_look, state))
    cache = CheckCache(state.out_dir / CHECK_CACHE, state.check_key())
    cache.read()
    for read in (state.read_published, partial(listings, state)):  # while it has not
        if scout.ready():  # answered: what an edit reads next (0.2 and 0.4 s at 100,000)
            break
        read()
    ok, found = scout.join()
    if ok and found is not None:
        state.take_scouted(found)
    return cache


def _look(state: BuildState) -> tuple[Any, ...]:
    """In the child: what the build does first (the inputs' digest, which
    :meth:`BuildState.current_site` reads, then the stamps saved). Not the site folder's
    part of the key: the build stats that itself (the folder may be gone)."""
    state.inputs_digest()
    state.save_stamps()
    return state.scouted()
