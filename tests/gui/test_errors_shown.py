"""Issue 15 item 11: refused values say why and what is allowed, on screen (not only in a
tooltip); a valid value clears the outline; ranges refuse low > high; the profile form names
and outlines the field; New profile does not carry the H100's comments and sources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from tests.helpers import PROFILE_DIR, open_profile_manager
from whatif.engine.profile_store import ProfileStore


def _type(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_knob_error_is_visible_with_the_allowed_range_and_clears(qtbot, window):
    knob = window.pruning_knob
    _type(qtbot, knob.field, "95%")
    assert knob.error.isVisible()
    assert "Allowed: 0 to 90%" in knob.error.text()
    assert "border" in knob.field.styleSheet()
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, knob.field, "30%")
    assert not knob.error.isVisible() and knob.field.styleSheet() == ""


def test_assumption_error_is_visible_with_the_range_and_clears(qtbot, window):
    editor = window.assumptions.editors["model.layers"]
    error = window.assumptions.errors["model.layers"]
    _type(qtbot, editor, "-4")
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert "Allowed: 1 to 10,000" in error.text()
    assert "model.layers" not in window.statusBar().currentMessage()
    assert "border" in editor.styleSheet()
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, editor, "40")
    assert not error.isVisible() and "c92a2a" not in editor.styleSheet()
    _type(qtbot, editor, "lots")
    assert error.isVisible() and "Not a number" in error.text()
    _type(qtbot, editor, "40")  # the value in force again
    assert not error.isVisible() and "c92a2a" not in editor.styleSheet()


def test_uncertainty_ranges_refuse_low_above_high(qtbot, window):
    dialog = window.show_ranges()
    row = next(r for r in dialog.rows if r.key == "inference.queries_per_day")
    row.edits[0].setText("3")
    row.edits[1].setText("2")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "above the high end" in dialog.message.text()
    assert window.state.uncertainty_ranges["inference.queries_per_day"] == (0.5, 2.0)
    assert "c92a2a" in row.edits[0].styleSheet()  # the bad box is outlined
    row.edits[0].setText("0.5")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


@pytest.fixture
def manager(qtbot, tmp_path):
    return open_profile_manager(qtbot, ProfileStore(PROFILE_DIR, tmp_path / "user"))


def _toolbar_action(manager, text):
    from PySide6.QtWidgets import QToolBar

    bar = manager.findChild(QToolBar)
    return next(a for a in bar.actions() if a.text() == text)


def test_profile_form_names_and_outlines_the_field(manager, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("my-npu", True))
    _toolbar_action(manager, "New").trigger()
    text = manager.text.toPlainText()
    manager.text.setPlainText(text.replace("memory_gb: 80", "memory_gb: -80", 1))
    assert not manager.validate()
    status = manager.status.text()
    assert status.startswith("Device memory: ") and "YAML line" in status
    assert "c92a2a" in manager.form.editors["memory_gb"].styleSheet()
    manager.text.setPlainText(text)
    assert manager.validate()
    assert manager.form.editors["memory_gb"].styleSheet() == ""


def test_new_profile_does_not_copy_the_h100s_comments_and_sources(manager, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("my-npu", True))
    _toolbar_action(manager, "New").trigger()
    text = manager.text.toPlainText()
    assert manager.path.stem == "my-npu" and "id: my-npu" in text
    assert "Hopper" not in text and "NVLink" not in text and "Llama 3" not in text
    assert "HGX" not in text and "datasheet" not in text
    assert manager.validate()
