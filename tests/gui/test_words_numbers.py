"""Issue 15 item 13: words and numbers as people write them, and pins with names, removed one
at a time, with a difference column; each through the user's own path."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from whatif.gui.formatting import count, input_text, number, si

E_NOTATION = re.compile(r"\de[+-]\d")


def _type(qtbot, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _menu_action(menu, text):
    menu.aboutToShow.emit()
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def test_plain_words_and_numbers():
    assert count(1, "device") == "1 device" and count(3, "replica") == "3 replicas"
    assert number(15800) == "15,800" and "e" not in number(1.58e4)
    assert si(575e9, "tokens") == "575B tokens"
    assert input_text(5e6, "queries/day") == "5M queries/day"


def test_one_serving_device_is_singular(qtbot, window):
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, window.volume_knob.field, "100")
    detail = window.kpis.cards["cost_per_1k"].detail.text()
    assert "on 1 device" in detail and "1 devices" not in detail


def test_hardware_table_has_no_e_notation(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    table = window.hardware_table
    qtbot.waitUntil(lambda: table.row_count() > 0, timeout=20000)
    columns = range(table.column_count())
    cells = [table.text(r, c) for r in range(table.row_count()) for c in columns]
    assert not [c for c in cells if E_NOTATION.search(c)]


def test_uncertainty_status_names_inputs_not_keys(qtbot, window):
    qtbot.keyClick(
        window,
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    message = window.statusBar().currentMessage()
    assert "queries_per_day" not in message and "_" not in message
    assert "×0.5 to ×2" in message


def test_panel_shows_whole_numbers_whole(window):
    hidden = window.assumptions.editors["model.hidden_size"]
    assert hidden.text() == "4096"
    tokens = window.assumptions.editors["model.training_tokens"]
    assert "G" not in tokens.text()


def test_compare_inputs_have_no_e_notation(qtbot, window):
    pin_key = (
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClick(window, *pin_key)
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, window.volume_knob.field, "5M")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    table = window.compare_table
    texts = [
        table.item(r, c).text()
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if table.item(r, c)
    ]
    assert not [t for t in texts if E_NOTATION.search(t)]
    assert "5M queries/day" in texts and "500k queries/day" in texts


def test_pins_are_named_removed_one_at_a_time_and_differenced(qtbot, window):
    pin_key = (
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.keyClick(window, *pin_key)
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, window.volume_knob.field, "2M")
    qtbot.keyClick(window, *pin_key)
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        _type(qtbot, window.volume_knob.field, "8M")
    assert [p.label for p in window.pins] == ["A", "B"]
    _menu_action(window.rename_pin_menu, "B:").trigger()
    dialog = window.findChild(QInputDialog, "rename_pin_dialog")
    dialog.setTextValue("Two million a day")
    dialog.accept()
    assert window.pins[1].name == "Two million a day"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    table = window.compare_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert "B: Two million a day" in headers
    assert "A − current" in headers and "B − current" in headers
    delta = headers.index("B − current")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount()) if table.item(r, 0)}
    assert table.item(rows["Lifetime cost"], delta).text().startswith("-$")  # 2M costs less
    _menu_action(window.remove_pin_menu, "A:").trigger()
    assert [p.label for p in window.pins] == ["B"]
    assert len(window.plots.plots["volume"]._overlays) == 1
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert not any(h.startswith("A") for h in headers)
    qtbot.keyClick(window, *pin_key)
    assert [p.label for p in window.pins] == ["A", "B"]  # the free letter is used again
