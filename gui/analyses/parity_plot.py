"""Measured against predicted, on log axes: one marker per measured figure before the fit
(hollow) and after it (filled), the line of perfect agreement and a ±20% band."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..number_text import compact
from ..theme import Theme

BAND = 0.2
"""The shaded agreement band: predicted within ±20% of measured."""


class ParityPlot(pg.PlotWidget):
    """``show_points(measured, before, after)`` draws the figures (any positive units)."""

    def __init__(self, theme: Theme):
        super().__init__()
        self.setObjectName("parity_plot")
        self.setMenuEnabled(False)
        self.setMinimumSize(280, 260)
        item = self.getPlotItem()
        item.setLogMode(x=True, y=True)
        item.setLabel("bottom", "Measured (each figure in its own unit)")
        item.setLabel("left", "Predicted")
        item.showGrid(x=True, y=True, alpha=0.2)
        for axis in ("left", "bottom"):
            item.getAxis(axis).enableAutoSIPrefix(False)
        self.legend = item.addLegend(offset=(10, 10))
        self.diagonal = item.plot([], [], name="predicted = measured")
        self.upper = item.plot([], [], name=f"±{BAND:.0%}")
        self.lower = item.plot([], [])
        self.before = pg.ScatterPlotItem(size=9, name="before the fit")
        self.after = pg.ScatterPlotItem(size=9, name="after the fit")
        item.addItem(self.before)
        item.addItem(self.after)
        self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.plot_background)
        item = self.getPlotItem()
        for axis in ("left", "bottom"):
            item.getAxis(axis).setPen(theme.plot_foreground)
            item.getAxis(axis).setTextPen(theme.plot_foreground)
        self.legend.setLabelTextColor(theme.plot_foreground)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=theme.plot_foreground)
        self.diagonal.setPen(pg.mkPen(theme.plot_foreground, width=1.5))
        band = pg.mkPen(theme.muted, width=1, style=Qt.PenStyle.DashLine)
        self.upper.setPen(band)
        self.lower.setPen(band)
        self.before.setPen(pg.mkPen(theme.muted, width=1.5))
        self.before.setBrush(pg.mkBrush(None))
        self.after.setPen(pg.mkPen(theme.training, width=1))
        self.after.setBrush(pg.mkBrush(theme.training))

    def show_points(self, measured, before, after) -> None:
        """Markers at (measured, predicted); log axes take log10 coordinates."""

        def logs(values):
            return [math.log10(v) for v in values]

        x = logs(measured)
        self.before.setData(x, logs(before))
        self.after.setData(x, logs(after))
        values = [*measured, *before, *after]
        if not values:
            for curve in (self.diagonal, self.upper, self.lower):
                curve.setData([], [])
            return
        lo, hi = min(values) / 1.5, max(values) * 1.5
        ends = [lo, hi]
        self.diagonal.setData(ends, ends)
        self.upper.setData(ends, [v * (1 + BAND) for v in ends])
        self.lower.setData(ends, [v * (1 - BAND) for v in ends])
        ticks = decade_ticks(lo, hi)
        for axis in ("left", "bottom"):
            self.getPlotItem().getAxis(axis).setTicks(ticks)
        self.getPlotItem().setRange(
            xRange=(math.log10(lo), math.log10(hi)),
            yRange=(math.log10(lo), math.log10(hi)),
            padding=0,
        )


def decade_ticks(lo: float, hi: float):
    """Major ticks at powers of ten, minor at 2 and 5 times them, labelled compactly
    (1k, 20k), in log10 view coordinates; minor labels only when few decades show."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    major, minor = [], []
    for k in range(first, last + 1):
        for m in (1, 2, 5):
            value = m * 10.0**k
            if lo <= value <= hi:
                label = compact(value, 3)
                (major if m == 1 else minor).append((math.log10(value), label))
    if last - first > 3:
        minor = [(x, "") for x, _ in minor]
    return [major, minor]
