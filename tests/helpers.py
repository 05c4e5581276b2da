"""Shared test helpers: the shipped profiles and demo scenarios, loaded once."""

from __future__ import annotations

import subprocess
import sys
import threading
from functools import cache
from pathlib import Path

from whatif import engine

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


EDITS = ("slider", "knob field", "assumption", "chooser", "undo", "redo", "structure")
"""The kinds of edit :func:`random_edit` makes."""


def random_edit(window, rng, typed, kind=None) -> None:
    """One edit a restless user makes on ``window``: a knob's slider or typed field, an
    assumption typed (one of ``typed``), a chooser, undo, redo, or the pruning structure;
    ``kind`` (one of :data:`EDITS`) or a random one."""
    kind = kind or rng.choice(EDITS)
    knobs = [window.volume_knob, window.retraining_knob, window.pruning_knob]
    editors = window.assumptions.editors
    if kind == "slider":
        knob = rng.choice(knobs)
        knob.slider.setValue(rng.randint(0, knob.positions))
    elif kind == "knob field":
        knob = rng.choice(knobs)
        knob.field.setText(rng.choice(typed))
        knob.field.editingFinished.emit()
    elif kind == "assumption":
        editor = editors[rng.choice([k for k, e in editors.items() if hasattr(e, "setText")])]
        editor.setText(rng.choice(typed))
        editor.editingFinished.emit()
    elif kind == "chooser":
        combo = editors[rng.choice([k for k, e in editors.items() if hasattr(e, "findData")])]
        index = rng.randrange(combo.count())
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    elif kind == "undo":
        window.undo_action.trigger()
    elif kind == "redo":
        window.redo_action.trigger()
    else:
        window.pruning_knob.structure.setCurrentIndex(rng.randrange(3))


def open_window(qtbot, path=SCENARIO_DIR / "chatbot.yaml", size=(1600, 1000), show=True):
    """A main window on ``path`` (the chatbot demo), closed cleanly when the test ends.

    pytest-qt closes registered widgets before fixture teardown: the undo stack is marked
    clean first, so the close does not stop to ask about unsaved changes.
    """
    from whatif.gui.app import create_window

    window = create_window(path)
    qtbot.addWidget(window, before_close_func=lambda w: w.state.undo_stack.setClean())
    window.resize(*size)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


WRITTEN = "written"
"""The line a writer subprocess prints (and flushes) after each complete write."""


def start_writer(script, *args):
    """Run ``script`` (Python source) in a child process with its stdout piped to us."""
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def kill_after_writes(process, writes, timeout=120.0):
    """Block until the child has reported ``writes`` complete writes, then kill it at once,
    while it is busy with the next one. A timer kills it after ``timeout`` seconds whatever
    happens (the read then sees end-of-file and the assertion fails instead of hanging)."""
    guard = threading.Timer(timeout, process.kill)
    guard.start()
    try:
        lines = [process.stdout.readline().strip() for _ in range(writes)]
    finally:
        process.kill()
        guard.cancel()
        process.wait()
        process.stdout.close()
    assert lines == [WRITTEN] * writes, f"the writer did not finish {writes} writes: {lines}"
    assert process.returncode != 0  # it was killed, not finished


def select_profile(manager, pid):
    """Select profile ``pid`` in the profile manager's list, as a click on it would."""
    for i in range(manager.list.topLevelItemCount()):
        item = manager.list.topLevelItem(i)
        if item.text(0) == pid:
            manager.list.setCurrentItem(item)
            return
    raise AssertionError(pid)


def open_profile_manager(qtbot, store):
    """Profiles > Manage on ``store``, shown, closed without asking when the test ends."""
    from whatif.gui.profiles.profile_manager import ProfileManager

    manager = ProfileManager(store)
    qtbot.addWidget(manager, before_close_func=lambda w: w._set_text(w.saved_text))
    manager.show()
    return manager
