"""A knob move redoes only the engine work its charts need, and gets the same numbers."""

import itertools

import numpy as np
import pytest
from PySide6.QtCore import Qt

from whatif import engine
from whatif.engine import sweeps
from whatif.engine.demos import list_demos
from whatif.gui.analysis import analyse


@pytest.mark.parametrize("path", [d.path for d in list_demos()], ids=lambda p: p.stem)
def test_the_point_evaluated_with_its_sweeps_equals_the_point_alone(path):
    profiles, _ = engine.load_profiles()
    scenario = engine.load_scenario(path, profiles)
    alone = engine.evaluate(scenario)
    together = analyse(scenario).results
    assert together.shape == ()
    for key, value in alone.items():
        np.testing.assert_array_equal(together.get(key), value, err_msg=key)


def _move(qtbot, window, knob, position):
    with qtbot.waitSignal(window.state.analysed, timeout=5000):
        knob.slider.setValue(position)
    return window.state.analysis


def test_the_latency_curve_is_kept_while_the_volume_moves_within_the_same_fleet(qtbot, window):
    knob = window.volume_knob
    knob.slider.setFocus()
    start = knob.slider.value()
    before = window.state.analysis
    with qtbot.waitSignal(window.state.analysed, timeout=5000):
        qtbot.keyClick(knob.slider, Qt.Key.Key_Right)  # the smallest step a user can make
    after = window.state.analysis
    assert knob.slider.value() == start + 1
    same_fleet = float(after.results.inference.replicas) == float(before.results.inference.replicas)
    assert same_fleet  # the chatbot serves one step more traffic on the same replicas
    assert after.load is before.load  # not recomputed: the very same arrays
    fresh = sweeps.load_sweep(after.scenario, after.results)
    for key, value in fresh.items():
        np.testing.assert_array_equal(after.load[key], value, err_msg=key)


def test_a_volume_that_changes_the_fleet_redraws_the_latency_curve(qtbot, window):
    knob = window.volume_knob
    before = _move(qtbot, window, knob, 200)
    after = _move(qtbot, window, knob, 900)
    assert float(after.results.inference.replicas) != float(before.results.inference.replicas)
    assert after.load is not before.load
    fresh = sweeps.load_sweep(after.scenario, after.results)
    np.testing.assert_array_equal(after.load["latency_p99_s"], fresh["latency_p99_s"])
    curve_x, _ = window.plots.plots["latency"].p99.getData()
    np.testing.assert_array_equal(curve_x, fresh["peak_qps"])


def test_axis_labels_follow_their_range_but_are_laid_out_only_when_they_change(qtbot, window):
    axes = [
        plot.getPlotItem().getAxis(side)
        for plot in window.plots.plots.values()
        for side in ("left", "bottom", "right")
    ]
    layouts = [[] for _ in axes]
    for axis, log in zip(axes, layouts, strict=True):
        real = axis.label.setHtml
        axis.label.setHtml = lambda text, real=real, log=log: (log.append(text), real(text))
    knob = window.volume_knob
    for position in (100, 900, 101, 899, 500, 501, 502):
        _move(qtbot, window, knob, position)
        for axis in axes:  # each label says what its current range and SI prefix say
            if axis.labelText:
                assert axis.label.toPlainText() in axis.labelString()
                assert axis.labelUnitPrefix in axis.labelString()
    redone = [(a, b) for log in layouts for a, b in itertools.pairwise(log) if a == b]
    assert not redone  # no label laid out again with the text it already showed
    assert any(layouts)  # the ranges moved enough to change some prefix


def test_knob_moves_never_resize_the_charts(qtbot, window):
    """The cards above the charts keep their height while the hand moves (a detail one line
    shorter keeps its room), so no knob move re-lays out the six charts."""
    plots = list(window.plots.plots.values())
    sizes = [plot.size() for plot in plots]
    knob = window.volume_knob
    for position in (0, 1000, 37, 640, 990, 3, 500, 871, 120):
        _move(qtbot, window, knob, position)
        assert [plot.size() for plot in plots] == sizes, position
