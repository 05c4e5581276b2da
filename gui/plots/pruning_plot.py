"""What pruning buys and what it takes: serving cost, p99 latency and accuracy against the
pruning ratio, each relative to the unpruned model."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..formatting import duration, percent, usd
from .base import TradeoffPlot
from .steady_range import SteadyRange

P99_NAME = "p99 latency"

RISE_SHOWN = 1.05
"""A p99 this far above the unpruned model's [x] gets a note saying why (a rise of a few
percent is within what the chart's scale shows as flat)."""

WHY_P99_RISES = (
    "Pruning saves compute; the fleet spends the saving on cost, not speed. The operating "
    "point fills the latency target's budget (bigger batches), and the peak needs fewer "
    "replicas, whose queue runs hotter. So p99 can rise with pruning while staying within "
    "the target, and serving cost falls."
)
"""The pruning chart's tooltip."""


def p99_rise_note(pruning: dict[str, np.ndarray]) -> str:
    """Why p99 rises along the pruning sweep, where it does (else empty): fewer replicas
    (a hotter queue) or a bigger operating batch, at the ratio where p99 peaks."""
    latency = np.asarray(pruning["latency_p99_s"], dtype=float)
    base = float(latency[0])
    if not np.isfinite(base) or base <= 0 or not np.any(np.isfinite(latency)):
        return ""
    top = int(np.nanargmax(latency))
    rise = float(latency[top]) / base
    if rise < RISE_SHOWN:
        return ""
    head = f"p99 up to {rise * 100:.0f}% at {pruning['ratio'][top] * 100:.0f}% pruned:"
    replicas, batch = pruning["replicas"], pruning["batch"]
    if float(replicas[top]) < float(replicas[0]):
        return (
            f"{head} the saving buys {float(replicas[top]):.0f} replicas, not "
            f"{float(replicas[0]):.0f}, and their queue runs hotter"
        )
    if float(batch[top]) > float(batch[0]):
        return f"{head} the saving buys bigger batches, which take longer"
    return f"{head} the saving goes into cost, not speed"


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
        self.latency = self.add_curve(P99_NAME, self._fmt_latency)
        self.accuracy = self.add_curve("Accuracy", lambda y: self._fmt(y, "accuracy", percent))
        self.current = pg.InfiniteLine(angle=90, movable=False)
        self.current.setZValue(30)
        self.getPlotItem().addItem(self.current, ignoreBounds=True)
        self.getPlotItem().setXRange(0, 90, padding=0.02)
        self.getPlotItem().vb.enableAutoRange(axis="x", enable=False)
        self.y_range = SteadyRange(self.getPlotItem().vb, "y")
        self.rise_note = ""  # why p99 rises along this sweep ("" where it does not)
        self.setToolTip(WHY_P99_RISES)

    def _fmt_latency(self, relative: float) -> str:
        text = self._fmt(relative, "latency", duration)
        if self.rise_note and np.isfinite(relative) and relative > 100.5:
            return f"{text}: {self.rise_note.split(': ', 1)[1]}"
        return text

    def _fmt(self, relative: float, key: str, formatter) -> str:
        if not np.isfinite(relative):
            return "—"
        return f"{relative:.0f}% ({formatter(relative / 100.0 * self._bases[key])})"

    def overlay_series(self, analysis):
        p = analysis.pruning
        cost, _ = _relative(p["inference_usd_per_year"])
        return [("serving cost", p["ratio"] * 100.0, cost)]

    def show_rise_note(self, note: str) -> None:
        """Say why p99 rises: the cause in the legend (where the eye already is, covering no
        data), the whole sentence in the tooltip and the p99 read-out."""
        if note == self.rise_note:
            return
        self.rise_note = note
        name = P99_NAME  # with a cause, short enough for a 1100 px window's narrow chart
        if "replicas" in note:
            name = "p99 (fewer replicas)"
        elif "batches" in note:
            name = "p99 (bigger batches)"
        elif note:
            name = "p99 (cost, not speed)"
        for sample, label in self.legend.items:
            if sample.item is self.latency:
                label.setText(name)
        self.legend.refit(force=True)  # a longer name may need fewer columns to stay whole
        self.setToolTip(f"{note}.\n\n{WHY_P99_RISES}" if note else WHY_P99_RISES)

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
            self.show_rise_note(p99_rise_note(p))
        self.current.setPos(float(analysis.scenario.pruning.ratio) * 100.0)
