"""A shard's pages cut for Pagefind, and its folder of pages brought to them, in a process of
its own.

Why a process: in the build's, the downloads thread holds the interpreter lock nearly all
the time, and a thread doing file operations waits for it again after each one (up to the
switch interval, 5 ms): 1,000 project pages cut beside a busy thread took 51 s, alone 0.5 s.
In a clean build the Pagefind runs waited for their pages until the downloads were done.

    python -m generator.publish.pagefind_cut   # (tree folder, cuts folder, stamps, pages) in,
                                             # the pages' stamps out: pickles, on stdin/stdout
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from generator.core.problems import BuildError
from generator.publish.files import killed_with_build
from generator.publish.pagefind_input import Cuts
from generator.publish.pagefind_reuse import seed
from generator.publish.paths import with_root
from generator.publish.spare import Tree


def cut_shard(folder: Path, cuts: Cuts, pages: list[tuple[str, str]],
              seeded: tuple[Path, Path] | None = None, here: bool = False) -> None:
    """Bring ``folder`` to the cuts of ``pages`` ((site-relative, where its bytes are)),
    cutting those not cut before; ``cuts`` learns their stamps. ``seeded``: (the published
    bundle, the run's output folder) for :func:`.pagefind_reuse.seed`, done here too (700
    links made in a thread beside the downloads' took 0.25 s of an edit's rebuild).
    ``here``: in this process (an edit's delta, of few pages: the process's start-up took
    0.3–0.7 s of each edit at 2,000 projects, the cutting a few milliseconds)."""
    stamps = {rel: cuts.stamps[rel] for rel, _ in pages if rel in cuts.stamps}
    if here:
        if seeded is not None:
            seed(*seeded)
        cuts.stamps.update(_cut_here(folder, cuts.folder, stamps, pages))
        return
    env = {**with_root(os.environ), "PYTHONIOENCODING": "utf-8"}  # as stderr is read
    done = subprocess.run([sys.executable, "-m", __name__], env=env,
                          capture_output=True,
                          input=pickle.dumps((folder, cuts.folder, stamps, pages, seeded)),
                          preexec_fn=killed_with_build(), check=False)
    if done.returncode != 0:
        raise BuildError("为搜索准备页面失败：\n" + done.stderr.decode("utf-8", "replace"))
    cuts.stamps.update(pickle.loads(done.stdout))


def _cut_here(folder: Path, cuts_folder: Path, stamps: dict[str, tuple[int, ...]],
              pages: list[tuple[str, str]]) -> dict[str, tuple[int, ...]]:
    cuts = Cuts(cuts_folder, stamps=stamps)
    folder.mkdir(parents=True, exist_ok=True)
    tree = Tree(folder)
    tree.place({rel: cuts.cut(rel, page) for rel, page in pages})
    tree.prune()
    return cuts.stamps


def main() -> None:
    folder, cuts_folder, stamps, pages, seeded = pickle.loads(sys.stdin.buffer.read())
    if seeded is not None:
        seed(*seeded)
    sys.stdout.buffer.write(pickle.dumps(_cut_here(folder, cuts_folder, stamps, pages)))


if __name__ == "__main__":
    main()
