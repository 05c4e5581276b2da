"""Moving a knob never re-lays out the panel beside it (which repainted every assumption
field on most pruning moves and cost the first repaint a frame)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers import open_window


def test_dragging_2_4_pruning_past_half_keeps_the_panel_still(qtbot):
    window = open_window(qtbot)  # the chatbot demo prunes 2:4
    knob = window.pruning_knob
    assert knob.structure.currentText() == "2:4"
    panel = window.assumptions
    knob.slider.setFocus()
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(knob.slider, Qt.Key.Key_PageUp)  # 10%: within what 2:4 removes
    assert knob.hint.isVisible() and not knob.hint.isEnabled()  # said, greyed
    where = panel.mapTo(window, panel.rect().topLeft()), knob.height()
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(knob.slider, Qt.Key.Key_End)  # 90%: more than 2:4 can remove
    assert knob.hint.isVisible() and knob.hint.isEnabled()  # the hint says so plainly...
    assert (panel.mapTo(window, panel.rect().topLeft()), knob.height()) == where  # ...in place


def test_the_read_out_keeps_its_width_at_every_position(qtbot):
    window = open_window(qtbot)
    for knob in (window.volume_knob, window.retraining_knob, window.pruning_knob):
        knob.slider.setFocus()
        knob.slider.setValue(knob.positions // 2)  # somewhere inside: every key moves it
        qtbot.waitUntil(lambda: window.state.settled, timeout=10000)
        widths = set()
        for key in (Qt.Key.Key_End, Qt.Key.Key_Home, Qt.Key.Key_PageUp, Qt.Key.Key_End):
            with qtbot.waitSignal(window.state.analysed, timeout=10000):
                qtbot.keyClick(knob.slider, key)
            widths.add(knob.readout.width())
            assert knob.readout.fontMetrics().horizontalAdvance(knob.readout.text()) <= min(widths)
        assert len(widths) == 1, (knob.title.text(), widths)
