"""Cumulative cost over the horizon: training steps against the serving ramp."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..formatting import crossover_text, usd
from .base import TradeoffPlot
from .clear_label import place_clear
from .marker import Marker
from .steady_range import SteadyRange


class CumulativeCostPlot(TradeoffPlot):
    title_text = "Cumulative cost over the horizon"
    legend_corner = "left"

    def __init__(self, parent=None):
        super().__init__("cumulative_cost_plot", parent)
        self.set_axes(
            "Month", None, "Cumulative cost", "USD", x_formatter=lambda m: f"month {m:.1f}"
        )
        self.training = self.add_curve("Training (episodic)", usd)
        self.inference = self.add_curve("Inference (continuous)", usd)
        self.total = self.add_curve("Total", usd, style=Qt.PenStyle.DashLine, width=1.5)
        self.crossover = Marker("o", 11)
        self.getPlotItem().vb.addItem(self.crossover, ignoreBounds=True)
        self.crossover_label = pg.TextItem(anchor=(0.5, 1.3))
        self.p10 = pg.PlotCurveItem()
        self.p90 = pg.PlotCurveItem()
        self.band = pg.FillBetweenItem(self.p10, self.p90)
        self.band.setZValue(-10)
        self.p50 = pg.PlotCurveItem()
        # The legend's key for the band: an empty filled curve (a legend cannot draw a
        # FillBetweenItem itself).
        self.band_key = pg.PlotDataItem([], [], fillLevel=0.0)
        for item in (self.p10, self.p90, self.band, self.p50):
            self.getPlotItem().addItem(item)
            item.hide()
        vb = self.getPlotItem().vb
        self.x_range = SteadyRange(vb, "x")
        self.y_range = SteadyRange(vb, "y", include_zero=True)
        self.getPlotItem().addItem(self.crossover_label, ignoreBounds=True)
        vb.sigResized.connect(self._place_crossover_label)
        vb.sigRangeChanged.connect(self._place_crossover_label)

    def _place_crossover_label(self, *_signal_args) -> None:
        """The crossover's label beside its marker where no curve crosses it (in pixels, so
        again when the chart's size or range changes)."""
        if self.crossover.point is not None:
            curves = [self.training, self.inference, self.total, self.p10, self.p50, self.p90]
            place_clear(self.crossover_label, self.getPlotItem().vb, [self.crossover.point], curves)

    def overlay_series(self, analysis):
        t = analysis.timeline
        return [("total", t["month"], t["total_usd"])]

    def style_curves(self, theme) -> None:
        self.training.setPen(self.pen(theme.training))
        self.inference.setPen(self.pen(theme.inference))
        self.total.setPen(self.pen(theme.total, 1.5, Qt.PenStyle.DashLine))
        self.crossover.set_style(theme.marker, theme.plot_background)
        colour = pg.mkColor(theme.total)
        colour.setAlpha(45)
        self.band.setBrush(pg.mkBrush(colour))
        self.band_key.setBrush(pg.mkBrush(colour))
        self.band_key.setPen(pg.mkPen(theme.total, width=1))
        edge = pg.mkColor(theme.total)
        edge.setAlpha(90)
        self.p10.setPen(pg.mkPen(edge, width=1))
        self.p90.setPen(pg.mkPen(edge, width=1))
        self.p50.setPen(self.pen(theme.total, 1.2, Qt.PenStyle.DotLine))
        self.crossover_label.setColor(theme.marker)

    def _show_band(self, mc) -> None:
        """P10-P90 of the cumulative total as a shaded band, P50 dotted (Monte Carlo)."""
        visible = mc is not None
        if not visible and self.band.isVisible():
            self.y_range.current = None  # the bands went: fit the curves afresh, not P90
        for item in (self.p10, self.p90, self.band, self.p50):
            item.setVisible(visible)
        listed = any(sample.item is self.band_key for sample, _ in self.legend.items)
        if visible and not listed:
            self.legend.addItem(self.band_key, "P10-P90 total (Monte Carlo)")
        elif not visible and listed:
            self.legend.removeItem(self.band_key)
        if visible:
            low, mid, high = mc.timeline
            self.p10.setData(mc.months, low)
            self.p90.setData(mc.months, high)
            self.p50.setData(mc.months, mid)
            self.y_range.fit(high)

    def update_from(self, analysis) -> None:
        t = analysis.timeline
        self.training.setData(t["month"], t["training_usd"])
        self.inference.setData(t["month"], t["inference_usd"])
        self.total.setData(t["month"], t["total_usd"])
        self.x_range.fit(t["month"])
        self._show_band(analysis.uncertainty)
        self.y_range.fit(t["total_usd"], t["training_usd"])
        month = float(analysis.results.lifecycle.crossover_month)
        if math.isfinite(month):
            at = float(np.interp(month, t["month"], t["inference_usd"]))
            self.crossover.set_point(month, at)
            self.crossover_label.setText(f"crossover: {crossover_text(month)}")
            self.crossover_label.show()
            self._place_crossover_label()
        else:
            self.crossover.clear()
            self.crossover_label.setText("")
            self.crossover_label.hide()
