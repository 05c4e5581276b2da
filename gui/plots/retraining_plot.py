"""Retraining frequency against yearly cost and mean accuracy, with the optimum marked."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from whatif.engine.sweeps import RETRAIN_STEPS

from ..formatting import usd
from ..widgets.knobs import retrain_label
from .base import TradeoffPlot
from .clear_label import place_clear
from .dual_axis import RightAxis
from .marker import Marker
from .steady_range import SteadyRange

STEP_POSITIONS = np.arange(len(RETRAIN_STEPS), dtype=float)


def to_axis(per_year):
    """Retrains per year -> position on the knob's scale (never ... weekly), interpolated."""
    return np.interp(per_year, RETRAIN_STEPS, STEP_POSITIONS)


def from_axis(position):
    return np.interp(position, STEP_POSITIONS, RETRAIN_STEPS)


class RetrainingAxis(pg.AxisItem):
    """Ticks at the knob's stops, labelled as cadences."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [_short(float(from_axis(v))) for v in values]

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph's names
        ticks = [p for p in STEP_POSITIONS if minVal - 1e-9 <= p <= maxVal + 1e-9]
        every = max(1, int(np.ceil(len(ticks) * 45 / max(size, 1))))
        return [(1.0, ticks[::every])]


def _short(per_year: float) -> str:
    labels = {
        0.0: "never",
        0.25: "4y",
        0.5: "2y",
        1: "1y",
        2: "6mo",
        3: "4mo",
        4: "3mo",
        6: "2mo",
        8: "6w",
        12: "1mo",
        26: "2w",
        52: "1w",
    }
    return labels.get(round(per_year, 2), f"{per_year:g}/y")


def _compact(per_year: float) -> str:
    """A short cadence for a label inside the chart: ``never``, ``every 1.8 mo``, ``weekly``."""
    if per_year <= 0:
        return "never"
    months = 12.0 / per_year
    if months < 1:
        return f"every {52.0 / per_year:.1f} wk"
    return f"every {months:.1f} mo" if months < 24 else f"every {months / 12:.1f} y"


def optimum_text(data) -> str:
    """The cadence of the cheapest point, or ``beyond weekly`` when the cost still falls at
    the chart's weekly end (the optimum lies past it; the marker sits on the end)."""
    freqs = data["retrains_per_year"]
    curve = data["total_with_quality_usd_per_year"]
    best = int(np.argmin(np.abs(freqs - data["best_retrains_per_year"])))
    if best == len(freqs) - 1 and len(freqs) > 1 and curve[-1] < curve[-2]:
        return "beyond weekly"
    return _compact(float(freqs[best]))


class RetrainingPlot(TradeoffPlot):
    title_text = "Retraining: cost and accuracy"
    legend_corner = "left"

    def __init__(self, parent=None):
        super().__init__("retraining_plot", parent)
        self.getPlotItem().setAxisItems({"bottom": RetrainingAxis("bottom")})
        self.set_axes(
            "Retraining cadence",
            None,
            "Yearly cost",
            "USD",
            x_formatter=lambda x: retrain_label(float(from_axis(x))),
        )
        self.training = self.add_curve("Training", usd)
        self.total = self.add_curve("Training + serving", usd)
        self.with_quality = self.add_curve("+ value lost to drift", usd, style=Qt.PenStyle.DashLine)
        self.right = RightAxis(self.getPlotItem(), "Mean accuracy (%)", None)
        self.accuracy = pg.PlotCurveItem(connect="finite")
        self.right.add(self.accuracy, "Mean accuracy (right)")
        self._readouts.append(("Mean accuracy", self.accuracy, lambda y: f"{y:.1f}%"))
        self.optimum = Marker("d", 12)
        self.optimum_label = pg.TextItem(anchor=(0.5, 1.4))
        self.current = pg.InfiniteLine(angle=90, movable=False)
        vb = self.getPlotItem().vb
        self.x_range = SteadyRange(vb, "x")
        self.y_range = SteadyRange(vb, "y", include_zero=True)
        self.accuracy_range = SteadyRange(self.right.view, "y")
        for item in (self.optimum, self.optimum_label, self.current):
            item.setZValue(30)
            self.getPlotItem().addItem(item, ignoreBounds=True)
        vb.sigResized.connect(self._place_optimum_label)
        vb.sigRangeChanged.connect(self._place_optimum_label)

    def _place_optimum_label(self, *_signal_args) -> None:
        """The optimum's label beside its marker where no curve crosses it (in pixels, so
        again when the chart's size or range changes)."""
        if self.optimum.point is not None:
            curves = [self.training, self.total, self.with_quality, self.accuracy]
            place_clear(self.optimum_label, self.getPlotItem().vb, [self.optimum.point], curves)

    def overlay_series(self, analysis):
        d = analysis.retraining
        return [("total", to_axis(d["retrains_per_year"]), d["total_with_quality_usd_per_year"])]

    def views(self):
        return [self.getPlotItem().vb, self.right.view]

    def style_curves(self, theme) -> None:
        self.training.setPen(self.pen(theme.training))
        self.total.setPen(self.pen(theme.total))
        self.with_quality.setPen(self.pen(theme.quality, 2, Qt.PenStyle.DashLine))
        self.accuracy.setPen(self.pen(theme.accuracy, 2, Qt.PenStyle.DotLine))
        self.optimum.set_style(theme.marker, theme.plot_background)
        self.optimum_label.setColor(theme.marker)
        self.current.setPen(pg.mkPen(theme.muted, width=1.5, style=Qt.PenStyle.DashLine))
        axis = self.getPlotItem().getAxis("right")
        axis.setPen(theme.plot_foreground)
        axis.setTextPen(theme.plot_foreground)

    def update_from(self, analysis) -> None:
        d = analysis.retraining
        if self.is_new(d):
            x = to_axis(d["retrains_per_year"])
            self.training.setData(x, d["training_usd_per_year"])
            self.total.setData(x, d["total_usd_per_year"])
            self.with_quality.setData(x, d["total_with_quality_usd_per_year"])
            self.accuracy.setData(x, d["mean_accuracy"] * 100.0)
            self.x_range.fit(x)
            self.y_range.fit(
                d["training_usd_per_year"],
                d["total_usd_per_year"],
                d["total_with_quality_usd_per_year"],
            )
            self.accuracy_range.fit(d["mean_accuracy"] * 100.0)
            best = int(np.argmin(np.abs(d["retrains_per_year"] - d["best_retrains_per_year"])))
            curve = d["total_with_quality_usd_per_year"]
            self.optimum.set_point(float(x[best]), float(curve[best]))
            # Two short lines: a narrow chart (1100 px window) cut one long line at its edge.
            self.optimum_label.setText(f"optimum:\n{optimum_text(d)}")
            self._place_optimum_label()
        self.current.setPos(float(to_axis(float(analysis.scenario.training.retrains_per_year))))
