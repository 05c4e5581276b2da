"""Hover read-outs, driven by real mouse events: they follow the pointer, go when it leaves,
never outlive the data they read (a demo switch), and never cover a legend."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.helpers import open_window
from whatif.gui.formatting import duration

LEGEND_PLOTS = ("cumulative", "volume", "pruning", "retraining", "latency")


@pytest.fixture
def window(qtbot):
    return open_in_the_clear(qtbot)


def open_in_the_clear(qtbot, size=(1600, 1000)):
    """The chatbot window, shown right of every other visible top-level window: QTest
    moves the pointer with QCursor::setPos, and the offscreen platform gives the move to the
    first window under that point, which may be another test's (the export tests keep
    charts shown)."""
    window = open_window(qtbot, size=size, show=False)
    others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    window.move(max((w.frameGeometry().right() for w in others), default=0) + 20, 0)
    with qtbot.waitExposed(window):  # a context manager: it waits on leaving the block
        window.show()
    return window


def point_over_data(plot, fx=0.5, fy=0.5):
    """A viewport point at fractions (fx, fy) of the plot's data area."""
    area = plot.getPlotItem().vb.sceneBoundingRect()
    scene = area.topLeft() + type(area.topLeft())(fx * area.width(), fy * area.height())
    return plot.mapFromScene(scene)


def hover_over(qtbot, plot, fx=0.5, fy=0.5):
    """Move the real pointer over the plot's data area and wait for the read-out; returns
    the pointer's scene position."""
    point = point_over_data(plot, fx, fy)
    QTest.mouseMove(plot.viewport(), point)
    qtbot.waitUntil(plot.hover.isVisible, timeout=2000)
    return plot.mapToScene(point)


def move_out(plot, window):
    """Move the pointer off the chart, onto the KPI cards. The offscreen platform delivers
    QTest's moves to the target widget without the Leave a real pointer causes, so the
    chart is also sent the Leave event Qt sends it when the pointer leaves it."""
    QTest.mouseMove(window.kpis, QPoint(10, 10))
    QApplication.sendEvent(plot, QEvent(QEvent.Type.Leave))


@pytest.mark.parametrize("name", ["cumulative", "latency", "heatmap"])
def test_the_readout_goes_when_the_pointer_leaves_the_chart(qtbot, window, name):
    plot = window.plots.plots[name]
    hover_over(qtbot, plot)
    assert plot.hover.textItem.toPlainText()
    move_out(plot, window)
    qtbot.waitUntil(lambda: not plot.hover.isVisible(), timeout=2000)
    assert not plot.cursor.isVisible()
    assert plot.legend.isVisible() == (name != "heatmap")  # a legend that made way is back


@pytest.mark.parametrize("size", [(1100, 700), (1600, 1000)])
def test_the_readout_never_covers_the_legend(qtbot, size):
    window = open_in_the_clear(qtbot, size=size)
    for name in LEGEND_PLOTS:
        plot = window.plots.plots[name]
        for fx in (0.1, 0.5, 0.9):
            hover_over(qtbot, plot, fx, 0.5)
            hover = plot.hover.sceneBoundingRect()
            legend = plot.legend.sceneBoundingRect()
            # Beside the legend, or (no corner clear in a small chart) in its place.
            covered = plot.legend.isVisible() and hover.intersects(legend)
            assert not covered, f"{name} at {size}: {hover} over {legend}"
            area = plot.getPlotItem().vb.sceneBoundingRect()
            if not plot.legend.isVisible():  # a short chart: over the legend row, made way
                area = area.united(legend)
            assert area.contains(hover), f"{name} at {size}: {hover} out of {area}"


def test_a_demo_switch_recomputes_the_readout_under_the_pointer(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.state.analysed):
        qtbot.keyClick(  # Demos > 6: the weekly-retrained pharmaceutical model
            window,
            Qt.Key.Key_6,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    plot = window.plots.plots["latency"]
    pointer = hover_over(qtbot, plot, 0.3, 0.5)
    pharma = plot.hover.textItem.toPlainText()
    with qtbot.waitSignal(window.state.analysed):
        qtbot.keyClick(  # Demos > 1: the chatbot
            window,
            Qt.Key.Key_1,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    assert window.state.scenario.name == "LLM customer-support chatbot"
    # The pointer has not moved: the read-out now reads the chatbot's curve under it.
    assert plot.hover.isVisible()
    shown = plot.hover.textItem.toPlainText()
    assert shown != pharma
    vb = plot.getPlotItem().vb
    x = vb.mapSceneToView(pointer).x()
    xs = plot.p50.xData
    i = int(np.argmin(np.abs(xs - x)))
    assert f"p50: {duration(float(plot.p50.yData[i]))}" in shown.splitlines()


def test_in_a_small_chart_the_legend_makes_way_and_comes_back(qtbot):
    window = open_in_the_clear(qtbot, size=(1100, 700))
    plot = window.plots.plots["retraining"]  # four legend rows in a small chart
    hover_over(qtbot, plot)
    hover, legend = plot.hover.sceneBoundingRect(), plot.legend.sceneBoundingRect()
    assert not (plot.legend.isVisible() and hover.intersects(legend))
    move_out(plot, window)
    qtbot.waitUntil(lambda: not plot.hover.isVisible(), timeout=2000)
    assert plot.legend.isVisible()
