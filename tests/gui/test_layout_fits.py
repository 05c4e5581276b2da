"""The window at 1100 x 700 and up (issue 15 item 12): nothing cut, no legend over data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt

from tests.helpers import open_window

SIZES = [(1100, 700), (1280, 800), (1920, 1080)]


def visible_scene_rect(plot) -> QRectF:
    """What the chart's view shows, in scene coordinates."""
    return plot.mapToScene(plot.viewport().rect()).boundingRect()


def inside(outer: QRectF, inner: QRectF, slack: float = 0.5) -> bool:
    return outer.adjusted(-slack, -slack, slack, slack).contains(inner)


@pytest.mark.parametrize("size", SIZES)
def test_no_chart_text_is_cut_and_no_legend_covers_data(qtbot, size):
    window = open_window(qtbot, size=size)
    assert window.size().width() == size[0]  # the window does fit the size
    qtbot.waitUntil(lambda: charts_fit(window, size), timeout=5000)


def charts_fit(window, size) -> None:
    """Raise AssertionError naming the first cut text or legend over data."""
    for name, plot in window.plots.plots.items():
        shown = visible_scene_rect(plot)
        title = plot.getPlotItem().titleLabel.item.sceneBoundingRect()
        assert inside(shown, title), f"{name} at {size}: title {title} cut by {shown}"
        data = plot.getPlotItem().vb.sceneBoundingRect()
        for _sample, label in plot.legend.items:
            text = label.item.sceneBoundingRect()
            assert inside(shown, text), f"{name} at {size}: '{label.text}' cut by {shown}"
            assert not text.intersects(data), f"{name} at {size}: '{label.text}' over the data"
        if plot.legend.items:
            legend = plot.legend.sceneBoundingRect()
            assert not legend.intersects(data), f"{name} at {size}: legend {legend} over {data}"


@pytest.mark.parametrize("size", SIZES)
def test_the_knob_panel_shows_its_read_outs_and_fields_whole(qtbot, size):
    window = open_window(qtbot, size=size)
    assert window.size().width() == size[0]
    qtbot.waitUntil(lambda: panel_fits(window, size), timeout=5000)


def panel_fits(window, size) -> None:
    """Raise AssertionError naming the first knob-panel widget cut at the right."""
    scroll = window.knobs_dock.widget()
    viewport = scroll.viewport()
    shown = QRect(QPoint(0, 0), viewport.size())
    knobs = (window.volume_knob, window.retraining_knob, window.pruning_knob)
    widgets = [w for k in knobs for w in (k.readout, k.field, k.slider)]
    widgets += [window.pruning_knob.structure, *window.assumptions.editors.values()]
    for widget in widgets:
        if not widget.isVisibleTo(window):
            continue
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        assert right <= shown.right() + 1, f"{widget.objectName()} cut at {size}: {right}"
    readout = window.volume_knob.readout
    assert readout.width() >= readout.sizeHint().width()  # "500k/day", not "500k/d"


def test_the_y_axis_shrinks_back_when_the_uncertainty_bands_go_off(qtbot):
    window = open_window(qtbot, size=(1280, 800))
    plot = window.plots.plots["cumulative"]
    before = plot.y_range.current
    with qtbot.waitSignal(window.state.analysed, timeout=20000):
        window.uncertainty_action.trigger()  # Analyse > Uncertainty bands: on
    qtbot.waitUntil(lambda: plot.band.isVisible(), timeout=20000)
    widened = plot.y_range.current
    assert widened[1] > before[1]  # P90 reaches above the central curves
    with qtbot.waitSignal(window.state.analysed, timeout=20000):
        window.uncertainty_action.trigger()  # off again
    qtbot.waitUntil(lambda: not plot.band.isVisible())
    assert plot.y_range.current == before
    assert plot.getPlotItem().vb.viewRange()[1][1] < widened[1]


def test_two_four_pruning_says_it_stops_at_half(qtbot):
    window = open_window(qtbot, size=(1280, 800))
    knob = window.pruning_knob
    knob.structure.setCurrentText("2:4")  # what picking 2:4 in the box does
    qtbot.waitUntil(lambda: window.state.scenario.pruning.structure == "2:4")
    knob.field.setFocus()
    knob.field.selectAll()
    qtbot.keyClicks(knob.field, "90%")
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(knob.field, Qt.Key.Key_Return)
    assert knob.hint.isVisible() and knob.hint.isEnabled() and "at most 50%" in knob.hint.text()
    knob.structure.setCurrentText("unstructured")
    qtbot.waitUntil(lambda: not knob.hint.isVisible())
