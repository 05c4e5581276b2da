"""Axis ranges hold still while data moves inside them, and snap to round bounds."""

import pyqtgraph as pg
import pytest

from whatif.gui.plots.steady_range import SteadyRange, nice_bounds


@pytest.mark.parametrize(
    ("lo", "hi", "log", "expected"),
    [
        (0.0, 463_000.0, False, (0.0, 500_000.0)),
        (88.4, 100.0, False, (88.0, 100.0)),
        (4.2, 8.9, True, (4, 9)),
        (5.0, 5.0, True, (5, 6)),
    ],
)
def test_nice_bounds(lo, hi, log, expected):
    assert nice_bounds(lo, hi, log) == pytest.approx(expected)


def test_range_holds_until_data_leaves_or_shrinks(qtbot):
    view = pg.ViewBox()
    steady = SteadyRange(view, "y")
    steady.fit([0.0, 463.0])
    first = steady.current
    steady.fit([0.0, 470.0])  # still inside: nothing moves
    assert steady.current == first
    steady.fit([0.0, 700.0])  # leaves: grows to round bounds
    assert steady.current == (0.0, 700.0)
    steady.fit([0.0, 100.0])  # under a third of the span: shrinks
    assert steady.current == (0.0, 100.0)


def test_log_axis_ignores_zeros_and_nan(qtbot):
    steady = SteadyRange(pg.ViewBox(), "y", log=True)
    steady.fit([0.0, float("nan"), 1e3, 5e7])
    assert steady.current == (3, 8)
