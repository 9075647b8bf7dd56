"""The installable application: the wheel, installed into a fresh virtualenv with make, node
and npm off PATH, makes the same site from the seeds as the checkout's generator.

SPEC §5 and issue 34: a desk with Python only runs ``pip install jxgk-….whl``, then
``jxgk init`` and ``jxgk build``. The wheel is built as ``make wheel`` builds it (hatchling,
pinned in requirements-dev.txt, no build isolation: no network for the backend); pip
installs the pinned dependencies as a user's pip would (the registry or pip's cache).
Both builds read the same content folder from the same working folder at the same
SOURCE_DATE_EPOCH, so every file of the two sites, the search index included, must be equal.
Then import, new, package and serve run through the same command in that venv.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from generator.publish.assets import VENDOR_FILES
from tests.conftest import SEEDS

REPO = SEEDS.parent
EPOCH = "1700000000"  # 2023-11-14: both builds date the site alike
HIDDEN = ("make", "node", "npm")  # what a staff desk lacks
TOOLS = ("rm", "find")  # what a Linux desk has and the build uses when found

pytestmark = pytest.mark.wheel


def run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 300
        ) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_wheel_installs_and_builds_the_same_site(tmp_path: Path) -> None:
    started = time.monotonic()
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-input", "--no-deps",
         "--no-build-isolation", "-q", "-w", dist, REPO], tmp_path, dict(os.environ))
    [wheel] = dist.glob("jxgk-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"jxgk = generator.cli:run" in entry_points
    bundled = "generator/bundled/"
    for rel, _ in VENDOR_FILES:
        assert bundled + "vendor/" + rel in names
    assert {bundled + "mkdocs.yml", bundled + "theme/main.html",
            bundled + "requirements.txt"} <= names
    assert not [n for n in names if "axe" in n or n.startswith(("tests/", "content/"))]

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path, dict(os.environ))
    bin_dir = venv / "bin"
    # pip as a user runs it: the registry (or pip's cache and configured wheel folders)
    pip_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run([bin_dir / "python", "-m", "pip", "install", "--no-input", "-q", wheel], tmp_path,
        pip_env, timeout=600)
    installed = time.monotonic()

    tools = tmp_path / "tools"
    tools.mkdir()
    for name in TOOLS:
        found = shutil.which(name)
        assert found is not None, f"{name} is missing on this machine"
        (tools / name).symlink_to(found)
    path = os.pathsep.join([str(bin_dir), str(tools)])
    assert [shutil.which(name, path=path) for name in HIDDEN] == [None] * len(HIDDEN)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": EPOCH,
           "TMPDIR": str(tmp_path)}
    where = run(["python", "-c", "import generator.publish.paths as p; "
                 "print(p.INSTALLED, p.NODE_MODULES)"], tmp_path, env).stdout.split()
    assert where == ["True", str(venv / "lib" / f"python{sys.version_info.major}."
                                 f"{sys.version_info.minor}" / "site-packages" / "generator"
                                 / "bundled" / "vendor")]

    site_root = tmp_path / "绩效 公开"  # a folder name with a space and Chinese
    told = run(["jxgk", "init", site_root], tmp_path, env).stdout
    assert f'（cd "{site_root}"）后运行 jxgk check 检查、jxgk build 生成网站' in told
    checked = run(["jxgk", "check", "--strict"], site_root, env)
    assert checked.stdout.strip() == "1 个项目，0 个错误，0 个警告"
    shutil.rmtree(site_root / "content")
    shutil.copytree(SEEDS, site_root / "content")
    built = run(["jxgk", "build"], site_root, env)
    assert f"网站已生成：{site_root / 'site'}" in built.stdout
    assert (site_root / "build").is_dir()  # build/ and site/ in the working folder
    finished = time.monotonic()

    ref = tmp_path / "ref"
    run([sys.executable, "-m", "generator", "build", "--content", "content",
         "--out", ref / "build", "--site", ref / "site"], site_root,
        {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": EPOCH})
    ours, theirs = tree(site_root / "site"), tree(ref / "site")
    assert len(theirs) > 150 and "pagefind/pagefind-entry.json" in theirs
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in theirs if ours[name] != theirs[name]]
    assert differing == []
    print(f"\nwheel {wheel.stat().st_size / 1024:.0f} KiB; build+venv+install "
          f"{installed - started:.1f} s; init+check+build {finished - installed:.1f} s")
    other_commands(site_root, env, tmp_path)


def other_commands(site_root: Path, env: dict[str, str], tmp_path: Path) -> None:
    """import, new, package and serve through the same command, in the installed venv."""
    imported = tmp_path / "imported" / "content"
    done = run(["jxgk", "import", "site/data/results.xlsx", "--content", imported], site_root,
               env)
    assert "下一步：jxgk check" in done.stdout
    checked = run(["jxgk", "check", imported], site_root, env)
    assert checked.stdout.splitlines()[-1].startswith("6 个项目，0 个错误")
    run(["jxgk", "new", "--id", "demo", "--year", "2020", "--content", imported], site_root,
        env)
    assert (imported / "projects" / "2020" / "demo.yml").is_file()

    run(["jxgk", "package", "--output", tmp_path / "site.zip"], site_root, env)
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert archive.testzip() is None
        echarts = archive.read("site/assets/vendor/echarts.min.js")
        assert b"<html" in archive.read("site/index.html")
    assert echarts == (REPO / "node_modules" / "echarts" / "dist" / "echarts.min.js").read_bytes()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["jxgk", "serve", "--addr", f"127.0.0.1:{port}"], cwd=site_root,
                              env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline, page = time.monotonic() + 90, ""
        while not page and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert "<title>财政支出项目绩效评价结果公开" in page, f"serve exited {server.poll()}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
