"""``jxgk init DIR``: a new site folder that ``check`` and ``build`` accept as it is.

Staff who installed the wheel have no checkout to copy from: the folder gets ``content/``
with a commented ``site.yml`` and one real, complete project (a published evaluation with
its indicator table) to model theirs on. Nothing that exists is ever overwritten.
"""

from __future__ import annotations

from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter_site"


class StarterError(Exception):
    """The folder cannot be made; the message says why and what to do instead."""


def starter_files() -> dict[str, bytes]:
    """The starter site's files by their path under the new folder (POSIX form)."""
    return {path.relative_to(STARTER).as_posix(): path.read_bytes()
            for path in sorted(STARTER.rglob("*")) if path.is_file()}


def create_site(folder: Path) -> list[Path]:
    """Write the starter site into ``folder`` (new, or an empty folder); the files written."""
    if folder.exists() and not folder.is_dir():
        raise StarterError(f"「{folder}」已存在且不是文件夹：请换一个新的文件夹名")
    if folder.is_dir() and any(folder.iterdir()):
        raise StarterError(f"文件夹「{folder}」已存在且不是空的：为免覆盖其中的文件，"
                           "请换一个新的文件夹名，或先清空它")
    written = []
    for rel, data in starter_files().items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as out:  # never replaces a file
            out.write(data)
        written.append(target)
    return written
