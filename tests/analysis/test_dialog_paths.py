"""Issue 15, items 7-9: the Analyse dialogs driven as a user drives them (the shortcut, the
keys, the clicks)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.formatting import usd

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_dialog(qtbot, window, key, kind):
    """Press the Analyse shortcut and return the dialog it opened."""
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, key, CTRL_SHIFT)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind))
    qtbot.waitExposed(dialog)
    return dialog


def type_value(qtbot, spin, text):
    """Select the spin box's text, type ``text`` (no Enter)."""
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_enter_searches_and_the_plan_is_applied_by_a_click(qtbot, window):
    from gui.analyses.optimize_dialog import OptimizeDialog

    dialog = open_dialog(qtbot, window, Qt.Key.Key_O, OptimizeDialog)
    assert not dialog.apply_button.isEnabled()  # no plan yet
    type_value(qtbot, dialog.floor, "80")
    qtbot.keyClick(dialog.floor, Qt.Key.Key_Return)  # Enter starts the search
    assert dialog.isVisible()
    assert dialog.plan is not None and dialog.apply_button.isEnabled()
    text = dialog.result.text()
    # The objective is named and today's figure is the card's plus the value lost.
    lifecycle = window.state.analysis.results.lifecycle
    card_cost = usd(float(lifecycle.horizon_cost_usd))
    lost = usd(float(lifecycle.horizon_quality_cost_usd))
    assert "Objective: lifetime cost plus the value lost to accuracy" in text
    assert f"now {card_cost} + {lost} lost" in text
    # ... and both numbers are on the lifetime-cost card.
    card = window.kpis.cards["lifetime_cost"]
    assert card.value.text() == card_cost
    assert f"plus {lost} of value lost to accuracy" in card.detail.text()
    with qtbot.waitSignal(window.state.analysed):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    shown = window.retraining_knob.field.text()
    assert len(shown.replace(".", "")) <= 3, shown  # 5.93, not 5.9301
    assert float(shown) == float(f"{dialog.plan.retrains_per_year:.3g}")


def test_a_new_floor_disables_apply_until_a_new_search(qtbot, window):
    from gui.analyses.optimize_dialog import OptimizeDialog

    dialog = open_dialog(qtbot, window, Qt.Key.Key_O, OptimizeDialog)
    qtbot.keyClick(dialog.floor, Qt.Key.Key_Return)
    assert dialog.apply_button.isEnabled()
    type_value(qtbot, dialog.floor, "99")
    assert not dialog.apply_button.isEnabled()  # the plan on show was for another floor
    qtbot.keyClick(dialog.floor, Qt.Key.Key_Return)
    assert "No plan" in dialog.result.text() and not dialog.apply_button.isEnabled()
    before = window.state.scenario
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    assert window.state.scenario == before
    assert dialog.isVisible()
