"""tests/browser/system_deps.py: what ``make test`` checks and installs before the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import system_deps
from tests.browser.system_deps import install_command, main, missing_message

APT = "apt-get update && apt-get install -y chromium fonts-noto-cjk"
SUDO_APT = "sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    """Pretend packages are missing and whether we are root; record apt-get runs."""
    state = {"missing": ["chromium", "fonts-noto-cjk"], "root": False, "installs": 0,
             "install_fixes": True}

    def install() -> None:
        state["installs"] += 1
        if state["install_fixes"]:
            state["missing"] = []

    monkeypatch.setattr(system_deps, "missing_packages", lambda: list(state["missing"]))
    monkeypatch.setattr(system_deps, "is_root", lambda: state["root"])
    monkeypatch.setattr(system_deps, "install", install)
    return state


def test_the_install_command_is_exact() -> None:
    assert install_command(root=True) == APT
    assert install_command(root=False) == SUDO_APT


def test_nothing_missing_nothing_done(fake, capsys: pytest.CaptureFixture[str]) -> None:
    fake["missing"] = []
    assert main(["--install"]) == 0 and fake["installs"] == 0
    assert capsys.readouterr() == ("", "")


def test_not_root_fails_with_the_command(fake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--install"]) == 1 and fake["installs"] == 0
    err = capsys.readouterr().err
    assert "chromium fonts-noto-cjk" in err and SUDO_APT in err


def test_root_installs_what_is_missing(fake, capsys: pytest.CaptureFixture[str]) -> None:
    fake["root"] = True
    assert main(["--install"]) == 0 and fake["installs"] == 1
    assert APT in capsys.readouterr().out


def test_root_install_that_installs_nothing_fails(fake, capsys) -> None:
    fake["root"], fake["install_fixes"] = True, False
    assert main(["--install"]) == 1 and fake["installs"] == 1
    assert APT in capsys.readouterr().err


def test_check_only_never_installs(fake) -> None:
    fake["root"] = True
    assert main([]) == 1 and fake["installs"] == 0


def test_missing_chromium_is_a_binary_that_cannot_run(tmp_path: Path, monkeypatch) -> None:
    fake_chromium = tmp_path / "chromium"
    monkeypatch.setattr(system_deps, "CHROMIUM_PATH", fake_chromium)
    monkeypatch.setattr(system_deps, "deb_installed", lambda package: True)
    assert system_deps.missing_packages() == ["chromium"]
    fake_chromium.write_text("#!/bin/sh\n", encoding="utf-8")
    assert system_deps.missing_packages() == ["chromium"]
    os.chmod(fake_chromium, 0o755)
    assert system_deps.missing_packages() == []


def test_fonts_are_checked_with_dpkg() -> None:
    assert system_deps.deb_installed("dpkg")  # Debian: dpkg itself is always installed
    assert not system_deps.deb_installed("pe-site-no-such-package")


def test_the_message_names_packages_and_command() -> None:
    message = missing_message(["fonts-noto-cjk"])
    assert "fonts-noto-cjk" in message and install_command() in message
