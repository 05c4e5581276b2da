"""The open file changed by someone else: two windows on one scenario must not lose either's
update silently (issue 16, data loss #2); and a save from the window edits the user's file
in place, keeping its comments (issue 16, data loss #4)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.helpers import SCENARIO_DIR, open_window
from whatif import engine

CHATBOT = SCENARIO_DIR / "chatbot.yaml"


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(CHATBOT.read_text())
    return path


def ctrl_s(qtbot, window):
    """Press Ctrl+S in ``window`` (made the active one: shortcuts go to the active window)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def two_windows_with_a_saved_and_an_unsaved_change(qtbot, mine):
    a = open_window(qtbot, mine)
    b = open_window(qtbot, mine)
    a.volume_knob.field.setText("2M")
    a.volume_knob.field.editingFinished.emit()
    ctrl_s(qtbot, a)
    assert a.state.undo_stack.isClean()
    b.pruning_knob.field.setText("30")
    b.pruning_knob.field.editingFinished.emit()
    assert b.state.scenario.pruning.ratio == 0.3
    return a, b


@pytest.mark.parametrize("choice", ["overwrite", "reload", "cancel", "save_as"])
def test_saving_over_a_file_changed_on_disk_asks_first(qtbot, mine, tmp_path, monkeypatch, choice):
    _a, b = two_windows_with_a_saved_and_an_unsaved_change(qtbot, mine)
    asked = []
    b.ask_conflict = lambda path: asked.append(path) or choice
    elsewhere = tmp_path / "elsewhere.yaml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(elsewhere), ""))
    ctrl_s(qtbot, b)
    assert asked == [str(mine)]
    on_disk = engine.load_scenario(mine, b.state.profiles)
    if choice == "overwrite":
        assert on_disk == b.state.scenario and b.state.undo_stack.isClean()
    else:
        assert on_disk.inference.queries_per_day == 2e6 and on_disk.pruning.ratio == 0.0
    if choice == "reload":
        assert b.state.scenario == on_disk and b.state.undo_stack.isClean()
        b.undo_action.trigger()  # the edits the window held are one Undo away
        assert b.state.scenario.pruning.ratio == 0.3
    if choice == "cancel":
        assert b.state.scenario.pruning.ratio == 0.3 and not b.state.undo_stack.isClean()
    if choice == "save_as":
        assert engine.load_scenario(elsewhere, b.state.profiles) == b.state.scenario
        assert b.state.path == str(elsewhere)


def test_no_question_when_the_file_is_as_it_was_read(qtbot, mine):
    window = open_window(qtbot, mine)
    window.ask_conflict = lambda path: pytest.fail("asked although nothing changed on disk")
    window.pruning_knob.field.setText("30")
    window.pruning_knob.field.editingFinished.emit()
    ctrl_s(qtbot, window)
    window.pruning_knob.field.setText("40")
    window.pruning_knob.field.editingFinished.emit()
    ctrl_s(qtbot, window)  # its own last save is not someone else's change
    assert engine.load_scenario(mine, window.state.profiles).pruning.ratio == 0.4


def test_a_clean_window_follows_the_file_and_undo_goes_back(qtbot, mine):
    a, b = open_window(qtbot, mine), open_window(qtbot, mine)
    before = b.state.scenario
    a.volume_knob.field.setText("2M")
    a.volume_knob.field.editingFinished.emit()
    ctrl_s(qtbot, a)
    qtbot.waitUntil(lambda: b.state.scenario.inference.queries_per_day == 2e6, timeout=5000)
    assert b.state.undo_stack.isClean()
    assert "reloaded" in b.statusBar().currentMessage()
    b.undo_action.trigger()
    assert b.state.scenario == before


def test_a_window_with_unsaved_edits_says_the_file_changed(qtbot, mine):
    _a, b = two_windows_with_a_saved_and_an_unsaved_change(qtbot, mine)
    qtbot.waitUntil(lambda: "changed by another program" in b.statusBar().currentMessage())
    assert b.state.scenario.pruning.ratio == 0.3  # nothing of the user's was replaced


def test_ctrl_s_changes_only_the_edited_line_of_the_users_file(qtbot, mine):
    text = mine.read_text()
    window = open_window(qtbot, mine)
    window.volume_knob.field.setText("2M")
    window.volume_knob.field.editingFinished.emit()
    ctrl_s(qtbot, window)
    assert mine.read_text() == text.replace(
        "  queries_per_day: 500000\n", "  queries_per_day: 2e6\n"
    )
    assert "# LLM customer-support chatbot" in mine.read_text()
