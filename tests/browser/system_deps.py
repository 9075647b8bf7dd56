"""The Debian packages the browser tests need: Chromium (Playwright cannot download its own
browser here) and CJK fonts (so Chinese text renders in layouts, screenshots and PDFs).

Standard library only, so ``make test`` can run it before anything else is installed::

    python3 -m tests.browser.system_deps            # exit 0 when installed, else say how; exit 1
    python3 -m tests.browser.system_deps --install  # as root: install what is missing with apt-get

The browser fixtures (``tests/browser/conftest.py``) fail with the same message when a package
is missing: a browser test never skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM_PATH = Path("/usr/bin/chromium")

#: Debian's package names, in the order they are installed.
SYSTEM_PACKAGES: tuple[str, ...] = ("chromium", "fonts-noto-cjk")


def is_root() -> bool:
    return os.geteuid() == 0


def install_command(root: bool | None = None) -> str:
    """The shell command that installs :data:`SYSTEM_PACKAGES` (with sudo when not root)."""
    sudo = "" if (is_root() if root is None else root) else "sudo "
    return f"{sudo}apt-get update && {sudo}apt-get install -y {' '.join(SYSTEM_PACKAGES)}"


def deb_installed(package: str) -> bool:
    """Whether Debian's ``package`` is installed (dpkg's status "install ok installed")."""
    if shutil.which("dpkg-query") is None:
        return False
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                            capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip() == "install ok installed"


def chromium_installed() -> bool:
    return CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK)


def missing_packages() -> list[str]:
    """The packages of :data:`SYSTEM_PACKAGES` not installed (Chromium: no executable binary)."""
    return [p for p in SYSTEM_PACKAGES
            if not (chromium_installed() if p == "chromium" else deb_installed(p))]


def missing_message(missing: list[str]) -> str:
    """Which packages are missing, and the exact command that installs them."""
    return (f"Debian package(s) not installed: {' '.join(missing)}. The browser tests need "
            f"{CHROMIUM_PATH} and CJK fonts; install them with:\n    {install_command()}")


def install() -> None:
    """``apt-get update && apt-get install -y`` the packages (as root, non-interactively)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", *SYSTEM_PACKAGES], check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    missing = missing_packages()
    if not missing:
        return 0
    if "--install" in args and is_root():
        print(f"installing {' '.join(missing)}: {install_command(root=True)}", flush=True)
        try:
            install()
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        missing = missing_packages()
        if not missing:
            return 0
    print(f"error: {missing_message(missing)}", file=sys.stderr)
    if "--install" in args and not is_root():
        print("(make test installs them itself only when run as root)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
