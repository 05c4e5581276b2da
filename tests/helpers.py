"""Shared test helpers: the shipped profiles and demo scenarios, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import engine

ROOT = Path(__file__).resolve().parent.parent
PROFILE_DIR = ROOT / "hardware_profiles"
SCENARIO_DIR = ROOT / "resources" / "scenarios"


@cache
def shipped_profiles():
    profiles, errors = engine.load_profiles(PROFILE_DIR)
    assert errors == []
    return profiles


def scenario(**changes):
    """The default scenario over the shipped profiles, with dotted-key changes."""
    base = engine.default_scenario(shipped_profiles())
    return base.override(changes) if changes else base


def demo(name="chatbot"):
    return engine.load_scenario(SCENARIO_DIR / f"{name}.yaml", shipped_profiles())


def scalar(results, dotted):
    return float(results.get(dotted))


def open_window(qtbot, path=SCENARIO_DIR / "chatbot.yaml", size=(1600, 1000), show=True):
    """A main window on ``path`` (the chatbot demo), closed cleanly when the test ends.

    pytest-qt closes registered widgets before fixture teardown: the undo stack is marked
    clean first, so the close does not stop to ask about unsaved changes.
    """
    from gui.app import create_window

    window = create_window(path)
    qtbot.addWidget(window, before_close_func=lambda w: w.state.undo_stack.setClean())
    window.resize(*size)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window
