"""Issue 15 item 10: whatever the keyboard reaches by Tab shows a 2 px ring in the look's
highlight colour, in the light and the dark look."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from whatif.gui.analyses.optimize_dialog import OptimizeDialog


def tab_to(qtbot, window, wanted, presses: int = 200):
    """Press Tab (sent to whichever widget has the focus, as typed) until ``wanted(widget)``
    holds for the focused widget; return that widget."""
    for _ in range(presses):
        focused = QApplication.focusWidget()
        if focused is not None and wanted(focused):
            return focused
        qtbot.keyClick(focused or window, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the widget")


def near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= (
        tolerance
    )


def ring_rows(widget) -> int:
    """How many of the top 4 pixel rows, at the middle of the widget's width, are in its
    highlight colour (the ring's thickness there, in px)."""
    image = widget.grab().toImage()
    ring = widget.palette().color(QPalette.ColorRole.Highlight)
    x = image.width() // 2
    return sum(near(image.pixelColor(x, y), ring) for y in range(4))


def show_window(qtbot, window, look: str):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    if look == "dark":
        window.dark_action.trigger()  # View > Dark look
    assert window.theme_name == look


@pytest.mark.parametrize("look", ["light", "dark"])
def test_a_slider_reached_by_tab_shows_a_2px_ring(qtbot, window, look):
    show_window(qtbot, window, look)
    slider = window.volume_knob.slider
    assert ring_rows(slider) == 0
    tab_to(qtbot, window, lambda w: w is slider)
    assert ring_rows(slider) >= 2
    qtbot.keyClick(slider, Qt.Key.Key_Tab)
    assert not slider.hasFocus()
    assert ring_rows(slider) == 0


@pytest.mark.parametrize("look", ["light", "dark"])
def test_a_section_header_reached_by_tab_shows_a_2px_ring(qtbot, window, look):
    show_window(qtbot, window, look)
    headers = {s.header for s in window.assumptions.sections.values()}
    header = tab_to(qtbot, window, lambda w: w in headers)
    assert ring_rows(header) >= 2
    qtbot.keyClick(header, Qt.Key.Key_Tab)
    assert not header.hasFocus()
    assert ring_rows(header) == 0


@pytest.mark.parametrize("look", ["light", "dark"])
def test_a_dialog_button_reached_by_tab_shows_a_2px_ring(qtbot, window, look):
    show_window(qtbot, window, look)
    optimise = next(a for a in window.findChildren(QAction) if a.text() == "&Optimise…")
    optimise.trigger()  # Analyse > Optimise…
    dialog = window.findChild(OptimizeDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    button = tab_to(qtbot, dialog, lambda w: isinstance(w, QPushButton))
    assert ring_rows(button) >= 2
    qtbot.keyClick(button, Qt.Key.Key_Tab)
    assert not button.hasFocus()
    assert ring_rows(button) < 2  # (Fusion outlines the default button 1 px in the dark look)
    dialog.close()
