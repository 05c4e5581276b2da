"""Test session setup: headless Qt, an isolated user folder, and no network."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_folder(tmp_path, monkeypatch):
    """Each test gets an empty per-user config folder (no user profiles leak in)."""
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path / "user-config"))


@pytest.fixture(autouse=True)
def _no_first_run_guide(monkeypatch):
    """Every test's user folder is new, so every window would be a first start: the guide
    opens only in the tests that ask for it (they delete this variable)."""
    monkeypatch.setenv("WHATIF_FIRST_RUN_GUIDE", "0")


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    """Any attempt to open a network connection fails the test that made it."""
    real_connect = socket.socket.connect

    def refuse(self, address):
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)
        raise AssertionError(f"network access attempted: {address!r}")

    socket.socket.connect = refuse
    yield
    socket.socket.connect = real_connect


@pytest.fixture
def window(qtbot):
    """The main window on the chatbot demo, shown at 1600 x 1000."""
    from tests.helpers import open_window

    return open_window(qtbot)
