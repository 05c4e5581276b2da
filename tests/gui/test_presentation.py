"""Presentation mode: F5 starts a tour that moves, whatever has the focus the keys pause, step
and leave, and leaving puts back the scenario and the window."""

from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from whatif.gui.presentation import default_tour


def test_a_full_tour_runs_and_puts_the_scenario_back(qtbot, window):
    original = window.state.scenario
    seen = set()
    window.state.scenario_changed.connect(
        lambda s: seen.add((s.inference.hardware, round(float(s.pruning.ratio), 1)))
    )
    shown = []
    window.state.scenario_changed.connect(shown.append)
    presentation = window.start_presentation(speed=20.0)  # time-based: a busy CI drops frames
    assert window.isFullScreen()
    assert presentation.caption.isVisible() and "1/5" in presentation.caption.text()
    with qtbot.waitSignal(presentation.finished, timeout=40000):
        pass
    assert window.state.scenario == original
    assert not window.isFullScreen()
    assert len({hw for hw, _ in seen}) >= 4  # the hardware step visited several profiles
    assert {0.0, 0.9} <= {ratio for _, ratio in seen}  # the pruning knob swept its range
    assert window.state.undo_stack.count() == 0  # the tour is not an edit
    # A frame that changes nothing (a hardware stop held for many frames) recomputes nothing.
    assert all(a != b for a, b in pairwise(shown))


def test_keys_pause_step_and_leave(qtbot, window):
    presentation = window.start_presentation(speed=1.0)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert presentation.paused and "(paused)" in presentation.caption.text()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert presentation.index == 1
    assert "Volume makes inference dominate" in presentation.caption.text()
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert presentation.index == 0
    with qtbot.waitSignal(presentation.finished):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen()


def test_the_tour_covers_the_articles_tradeoffs(window):
    titles = " ".join(step.title for step in default_tour(window.state.scenario)).lower()
    for topic in ("episodic", "volume", "retraining", "pruning", "hardware"):
        assert topic in titles


def press_f5(qtbot, window):
    """F5 as typed on the active window (the View menu's shortcut); returns the tour."""
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presentation is not None and window.presentation.index == 0
    return window.presentation


def focused(window):
    """The widget keys go to: the focus widget, else the window."""
    return QApplication.focusWidget() or window


def test_f5_runs_the_tour_and_the_knobs_move(qtbot, window):
    window.volume_knob.slider.setFocus()  # a fresh start: the knob panel has the focus
    presentation = press_f5(qtbot, window)
    assert window.isFullScreen()
    assert window.knobs_dock.isHidden() and window.menuBar().isHidden()
    assert "1/5" in presentation.caption.text()
    # The caption is a band under the charts, not a box over them.
    caption = presentation.caption.geometry()
    charts = window.tabs.geometry()
    assert presentation.caption.isVisible() and caption.top() >= charts.bottom()
    volumes = []
    window.state.scenario_changed.connect(
        lambda s: volumes.append(float(s.inference.queries_per_day))
    )
    # At real speed: the first stop holds, then the volume knob sweeps up from 10k/day.
    qtbot.waitUntil(lambda: len({v for v in volumes if v > 1e4}) >= 3, timeout=15000)
    assert presentation.index == 1 and "2/5" in presentation.caption.text()
    assert volumes == sorted(volumes)  # the sweep only goes up
    with qtbot.waitSignal(presentation.finished):
        qtbot.keyClick(focused(window), Qt.Key.Key_Escape)


@pytest.mark.parametrize("target", ["focused", "slider", "knob field", "assumption field"])
def test_keys_step_whatever_has_the_focus(qtbot, window, target):
    presentation = press_f5(qtbot, window)
    widget = {
        "focused": focused(window),
        "slider": window.volume_knob.slider,
        "knob field": window.volume_knob.field,
        "assumption field": window.assumptions.editors["inference.batch"],
    }[target]
    widget.setFocus()
    text = getattr(widget, "text", lambda: None)()
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert presentation.index == 1
    qtbot.keyClick(widget, Qt.Key.Key_PageDown)  # a presentation clicker
    assert presentation.index == 2
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    assert presentation.index == 1
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert presentation.paused
    if text is not None and target == "assumption field":
        assert widget.text() == text  # the keys never reached the field
    with qtbot.waitSignal(presentation.finished):
        qtbot.keyClick(widget, Qt.Key.Key_Escape)


@pytest.mark.parametrize("dock_shown", [True, False])
def test_esc_puts_back_the_scenario_and_the_window(qtbot, window, dock_shown):
    window.knobs_dock.setVisible(dock_shown)
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.knobs_dock.isVisible() == dock_shown)
    original = window.state.scenario
    dock = window.knobs_dock.geometry()
    size = window.size()
    bars = window.menuBar().isVisible(), window.statusBar().isVisible()
    presentation = press_f5(qtbot, window)
    assert window.tabs.currentWidget() is window.plots
    qtbot.keyClick(focused(window), Qt.Key.Key_Right)
    assert window.state.scenario != original
    with qtbot.waitSignal(presentation.finished):
        qtbot.keyClick(focused(window), Qt.Key.Key_Escape)
    assert window.state.scenario == original
    qtbot.waitUntil(lambda: not window.isFullScreen() and window.size() == size)
    assert window.knobs_dock.isVisible() == dock_shown
    if dock_shown:
        qtbot.waitUntil(lambda: window.knobs_dock.geometry() == dock)
    assert (window.menuBar().isVisible(), window.statusBar().isVisible()) == bars
    assert window.menuBar().isVisible()
    assert window.tabs.tabBar().isVisible() and window.tabs.currentIndex() == 1
    assert window.state.undo_stack.count() == 0


def test_ctrl_p_asks_for_a_report_while_presenting(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[1]), ("", ""))[1]
    )
    press_f5(qtbot, window)
    assert not window.menuBar().isVisible()
    qtbot.keyClick(focused(window), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Save report"]
    qtbot.keyClick(focused(window), Qt.Key.Key_Escape)
