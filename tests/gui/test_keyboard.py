"""Issue 15 item 10: the keyboard paths a user tries first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers import PROFILE_DIR
from whatif.engine.profile_store import ProfileStore
from whatif.gui.profiles.profile_manager import ProfileManager


def _type(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_ctrl_z_in_the_field_just_edited_undoes_the_change(qtbot, window):
    field = window.volume_knob.field
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, field, "2M")
    assert window.state.scenario.inference.queries_per_day == 2e6
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.scenario.inference.queries_per_day == 5e5
    editor = window.assumptions.editors["model.output_tokens"]
    _type(qtbot, editor, "300")
    assert window.state.scenario.model.output_tokens == 300
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.scenario.model.output_tokens == 250
    assert editor.text() == "250"


def test_view_menu_hides_and_shows_the_knobs(qtbot, window):
    action = window.knobs_dock.toggleViewAction()
    assert action.isEnabled()
    action.trigger()
    assert not window.knobs_dock.isVisible()
    action.trigger()
    assert window.knobs_dock.isVisible()


def test_profile_manager_closes_with_button_escape_and_ctrl_w(qtbot, tmp_path):
    store = ProfileStore(PROFILE_DIR, tmp_path / "user")
    for press in ("button", Qt.Key.Key_Escape, Qt.Key.Key_W):
        manager = ProfileManager(store)
        qtbot.addWidget(manager)
        manager.show()
        qtbot.waitExposed(manager)
        manager.activateWindow()
        manager.list.setFocus()
        if press == "button":
            from PySide6.QtWidgets import QToolBar

            bar = manager.findChild(QToolBar)
            qtbot.mouseClick(bar.widgetForAction(manager.close_action), Qt.MouseButton.LeftButton)
        elif press == Qt.Key.Key_W:
            qtbot.keyClick(manager.list, press, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(manager.list, press)
        assert not manager.isVisible(), press
