"""What pruning buys and what it takes: serving cost, p99 latency and accuracy against the
pruning ratio, each relative to the unpruned model."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..formatting import duration, percent, usd
from .base import TradeoffPlot
from .steady_range import SteadyRange


def _relative(values: np.ndarray) -> tuple[np.ndarray, float]:
    base = float(values[0])
    if not np.isfinite(base) or base <= 0:
        return np.full_like(values, np.nan), base
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(values), values / base * 100.0, np.nan), base


class PruningPlot(TradeoffPlot):
    title_text = "Pruning: cost, latency and accuracy"

    def __init__(self, parent=None):
        super().__init__("pruning_plot", parent)
        self._bases = {"cost": 1.0, "latency": 1.0, "accuracy": 1.0}
        self.set_axes(
            "Weights removed (%)",
            None,
            "% of the unpruned model",
            None,
            x_formatter=lambda r: f"pruning {r:.0f}%",
        )
        self.cost = self.add_curve("Serving cost", lambda y: self._fmt(y, "cost", usd))
        self.latency = self.add_curve("p99 latency", lambda y: self._fmt(y, "latency", duration))
        self.accuracy = self.add_curve("Accuracy", lambda y: self._fmt(y, "accuracy", percent))
        self.current = pg.InfiniteLine(angle=90, movable=False)
        self.current.setZValue(30)
        self.getPlotItem().addItem(self.current, ignoreBounds=True)
        self.getPlotItem().setXRange(0, 90, padding=0.02)
        self.getPlotItem().vb.enableAutoRange(axis="x", enable=False)
        self.y_range = SteadyRange(self.getPlotItem().vb, "y")

    def _fmt(self, relative: float, key: str, formatter) -> str:
        if not np.isfinite(relative):
            return "—"
        return f"{relative:.0f}% ({formatter(relative / 100.0 * self._bases[key])})"

    def overlay_series(self, analysis):
        p = analysis.pruning
        cost, _ = _relative(p["inference_usd_per_year"])
        return [("serving cost", p["ratio"] * 100.0, cost)]

    def style_curves(self, theme) -> None:
        self.cost.setPen(self.pen(theme.inference))
        self.latency.setPen(self.pen(theme.latency))
        self.accuracy.setPen(self.pen(theme.accuracy))
        self.current.setPen(pg.mkPen(theme.marker, width=1.5, style=Qt.PenStyle.DashLine))

    def update_from(self, analysis) -> None:
        p = analysis.pruning
        if self.is_new(p):
            cost, self._bases["cost"] = _relative(p["inference_usd_per_year"])
            latency, self._bases["latency"] = _relative(p["latency_p99_s"])
            accuracy, self._bases["accuracy"] = _relative(p["mean_accuracy"])
            x = p["ratio"] * 100.0
            self.cost.setData(x, cost)
            self.latency.setData(x, latency)
            self.accuracy.setData(x, accuracy)
            self.y_range.fit(cost, latency, accuracy)
        self.current.setPos(float(analysis.scenario.pruning.ratio) * 100.0)
