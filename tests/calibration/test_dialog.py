"""Edit > Calibrate profile… driven as a user would: the menu action, files added, Fit,
the parity chart and the error table, then Save, which the window uses at once (Undo goes
back in one step)."""

import pytest
from PySide6.QtCore import Qt

from tests.helpers import ROOT
from whatif import engine

TRT = ROOT / "resources" / "measurements" / "trtllm_llama31.csv"


def open_dialog(window, qtbot):
    action = next(a for a in window.edit_menu.actions() if a.text() == "&Calibrate profile…")
    assert action.shortcut().toString() == "Ctrl+Shift+B"
    action.trigger()
    dialog = window.calibrate_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_fit_shows_parity_and_errors_then_save_uses_it(window, qtbot):
    dialog = open_dialog(window, qtbot)
    assert dialog.profile.currentData() == window.state.scenario.inference.hardware
    dialog.profile.setCurrentIndex(dialog.profile.findData("h100-sxm"))
    dialog.add_files([TRT])
    qtbot.mouseClick(dialog.fit_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 17
    assert dialog.table.item(0, 0).text() == "Llama 3.1 8B TP1 128/128"
    assert dialog.table.item(0, 2).text() == "28,837"
    assert dialog.table.item(0, 3).text().endswith("%")
    x, y = dialog.plot.after.getData()  # log axes: log10 of measured and predicted
    assert len(x) == 17 and len(dialog.plot.before.getData()[0]) == 17
    first = dialog.result.points[0]
    assert (10 ** x[0], 10 ** y[0]) == pytest.approx((first.measured, first.after))
    assert "fitted to 17 runs" in dialog.summary.text()
    assert "4 runs on other hardware skipped" in dialog.summary.text()
    assert dialog.save_button.isEnabled()
    before = window.state.scenario
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state.scenario.inference.hardware == "h100-sxm-calibrated")
    path = engine.user_profile_dir() / "h100-sxm-calibrated.yaml"
    assert path.is_file()
    profile = window.state.profiles["h100-sxm-calibrated"]
    assert profile.efficiency.inference_compute == pytest.approx(
        dialog.result.parameters[0].after, rel=2e-3
    )
    assert window.state.undo_stack.undoText() == "Use calibrated profile h100-sxm-calibrated"
    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: window.state.scenario.inference.hardware == before.inference.hardware)
    assert "h100-sxm-calibrated" in window.state.profiles  # the saved profile stays


def test_a_bad_file_is_said_in_the_dialog_and_nothing_can_be_saved(window, qtbot, tmp_path):
    bad = tmp_path / "runs.csv"
    bad.write_text("hardware,devices,speed\nh100-sxm,1,3\n")
    dialog = open_dialog(window, qtbot)
    dialog.add_files([bad])
    assert f"{bad}:1: speed: unknown column" in dialog.summary.text()
    assert dialog.table.rowCount() == 0 and not dialog.save_button.isEnabled()
    dialog.file_list.setCurrentRow(0)
    dialog.remove_selected()
    assert dialog.files == [] and "Add benchmark result files" in dialog.summary.text()
