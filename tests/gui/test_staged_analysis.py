"""A knob move is answered in stages: the cards first, then one chart per event-loop pass.

Every stage is short enough for a frame (the figures are in ``make bench``); these tests
hold what the stages must show: the new point on the cards before any chart is redrawn,
every chart equal to a whole analysis once they are all done, every chart redrawn during a
drag that never stops, and a reader of the analysis never getting an older one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers import SCENARIO_DIR, open_window
from whatif.gui.analysis import PARTS, analyse
from whatif.gui.formatting import usd
from whatif.gui.plots.steady_range import SteadyRange

CHARTS = [p for p in PARTS if p != "uncertainty"]
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _curve(window, chart="retraining"):
    return window.plots.plots[chart].total.getData()[1].copy()


def test_the_cards_show_the_new_point_before_any_chart_is_redrawn(qtbot):
    window = open_window(qtbot)
    before = _curve(window)
    seen = []

    def on_stage(analysis, part):
        seen.append((part, window.kpis.cards["lifetime_cost"].value.text(), _curve(window)))

    window.state.progressed.connect(on_stage)
    window.volume_knob.slider.setFocus()
    with qtbot.waitSignal(window.state.analysed, timeout=10000) as done:
        qtbot.keyClick(window.volume_knob.slider, Qt.Key.Key_PageUp)
    after = done.args[0]

    parts = [part for part, _, _ in seen]
    assert parts == ["point", *CHARTS]  # one part a pass, in the grid's order
    new_cost = usd(float(after.results.lifecycle.horizon_cost_usd))
    assert seen[0][1] == new_cost  # the cards answered first...
    np.testing.assert_array_equal(seen[0][2], before)  # ...while the chart still waited
    assert not np.array_equal(_curve(window), before)  # a volume change moves this curve


def test_after_the_stages_every_chart_holds_what_a_whole_analysis_gives(qtbot):
    window = open_window(qtbot)
    for knob, key in (
        (window.volume_knob, Qt.Key.Key_PageUp),
        (window.pruning_knob, Qt.Key.Key_PageUp),
        (window.retraining_knob, Qt.Key.Key_Right),
    ):
        knob.slider.setFocus()
        with qtbot.waitSignal(window.state.analysed, timeout=10000) as done:
            qtbot.keyClick(knob.slider, key)
        staged = done.args[0]
        assert staged.stale == frozenset()
        whole = analyse(window.state.scenario)
        for name in ("volume", "pruning", "retraining", "load", "heatmap", "timeline"):
            for column, values in getattr(whole, name).items():
                np.testing.assert_array_equal(
                    getattr(staged, name)[column], values, err_msg=f"{name}.{column}"
                )
        for dotted, values in whole.results.items():
            np.testing.assert_array_equal(staged.results.get(dotted), values, err_msg=dotted)


def test_a_drag_that_never_stops_still_redraws_every_chart(qtbot):
    window = open_window(qtbot)
    slider = window.pruning_knob.slider
    slider.setValue(0)
    qtbot.waitUntil(lambda: window.state.settled, timeout=10000)
    redrawn = []
    window.state.progressed.connect(lambda _a, part: redrawn.append(part))
    slider.setFocus()
    for _ in range(60):  # a step on every pass of the event loop: the stages never catch up
        qtbot.keyClick(slider, Qt.Key.Key_Right)
        QApplication.processEvents()
    counts = {part: redrawn.count(part) for part in ["point", *CHARTS]}
    assert counts["point"] >= 20, counts  # the cards follow the hand...
    assert min(counts[c] for c in CHARTS) >= 3, counts  # ...and every chart keeps up in turn
    with qtbot.waitSignal(window.state.analysed, timeout=10000) as done:
        pass
    assert done.args[0].scenario is window.state.scenario
    assert float(window.state.scenario.pruning.ratio) == window.pruning_knob.value()


def test_pinning_right_after_a_move_pins_the_new_scenario_whole(qtbot):
    window = open_window(qtbot)
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.volume_knob.slider.setFocus()
    qtbot.keyClick(window.volume_knob.slider, Qt.Key.Key_PageUp)
    moved = window.state.scenario
    assert not window.state.settled  # its stages have not run yet
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_K, ctrl_shift)  # Analyse > Pin this scenario
    assert len(window.pins) == 1
    pinned = window.pins[0].analysis
    assert pinned.scenario is moved
    assert pinned.stale == frozenset()
    np.testing.assert_array_equal(
        pinned.volume["total_usd_per_year"], analyse(moved).volume["total_usd_per_year"]
    )


def test_a_stage_the_engine_refuses_keeps_the_last_analysis_and_says_why(qtbot, monkeypatch):
    from whatif import engine
    from whatif.engine import sweeps

    window = open_window(qtbot)
    kept = window.state.analysis
    shown = _curve(window)

    def refuse(*_args, **_kwargs):
        raise engine.InputError([engine.LoadError("sweep", 0, "pruning.ratio", "out of range")])

    monkeypatch.setattr(sweeps, "point_and_sweeps", refuse)
    window.volume_knob.slider.setFocus()
    with qtbot.waitSignal(window.state.error, timeout=10000) as said:
        qtbot.keyClick(window.volume_knob.slider, Qt.Key.Key_PageUp)
    assert "out of range" in said.args[0]
    assert window.state.settled  # no stage left spinning
    np.testing.assert_array_equal(_curve(window), shown)  # the chart keeps what it showed
    monkeypatch.undo()
    assert window.state.analysis is kept  # the last complete analysis, not a partial one


def _ranges(window):
    """Every chart's steady axis ranges, by chart and axis."""
    return {
        f"{name}.{attr}": value.current
        for name, plot in window.plots.plots.items()
        for attr, value in vars(plot).items()
        if isinstance(value, SteadyRange)
    }


def test_a_demo_opened_between_stages_fits_the_axes_to_its_own_data(qtbot):
    window = open_window(qtbot)  # the chatbot demo: a 36-month horizon
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.volume_knob.slider.setFocus()
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(window.volume_knob.slider, Qt.Key.Key_PageUp)
    with qtbot.waitSignal(window.state.progressed, check_params_cb=lambda _a, p: p == "point"):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: clean
    assert not window.state.settled  # the charts of the undone move wait for their passes
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL_ALT)  # Demos > 2: the recommender, 24 months
    check = analyse(window.state.scenario)
    np.testing.assert_array_equal(_curve(window, "cumulative"), check.timeline["total_usd"])
    fresh = open_window(qtbot, SCENARIO_DIR / "recommender.yaml")
    assert _ranges(window) == _ranges(fresh)  # not fitted to the chatbot's months first


def test_a_demo_opened_with_the_bands_on_fits_the_axes_to_its_own_bands(qtbot):
    window = open_window(qtbot, SCENARIO_DIR / "image_generator.yaml")
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.volume_knob.slider.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_U, ctrl_shift)  # Analyse > Uncertainty bands
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_6, CTRL_ALT)  # Demos > 6: the pharma model
    analysis = window.state.analysis
    assert analysis.uncertainty is not None
    shown = _ranges(window)
    window.plots.reset_ranges()
    window.plots.update_from(analysis)  # the axes its own data and bands ask for
    assert shown == _ranges(window)  # not also the image generator's P90 first
