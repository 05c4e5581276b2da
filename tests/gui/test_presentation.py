"""Presentation mode: a full tour runs and ends cleanly; keys pause, step and leave."""

from itertools import pairwise

from PySide6.QtCore import Qt

from gui.presentation import default_tour


def test_a_full_tour_runs_and_puts_the_scenario_back(qtbot, window):
    original = window.state.scenario
    seen = set()
    window.state.scenario_changed.connect(
        lambda s: seen.add((s.inference.hardware, round(float(s.pruning.ratio), 1)))
    )
    shown = []
    window.state.scenario_changed.connect(shown.append)
    presentation = window.start_presentation(speed=40.0)
    assert window.isFullScreen()
    assert presentation.caption.isVisible() and "1/5" in presentation.caption.text()
    with qtbot.waitSignal(presentation.finished, timeout=20000):
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
