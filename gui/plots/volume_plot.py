"""Yearly cost against query volume (log-log): where serving overtakes training."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..formatting import si, usd
from .base import TradeoffPlot
from .clear_label import LABEL_OVERLAP, place_clear
from .marker import Marker
from .steady_range import SteadyRange


class VolumePlot(TradeoffPlot):
    title_text = "Yearly cost vs query volume"
    legend_corner = "left"

    def __init__(self, parent=None):
        super().__init__("volume_plot", parent)
        self.set_axes(
            "Query volume (queries/day)",
            None,
            "Yearly cost (USD/year)",
            None,
            x_formatter=lambda q: si(q, "queries/day"),
        )
        self.getPlotItem().setLogMode(x=True, y=True)
        self.training = self.add_curve("Training", usd)
        self.inference = self.add_curve("Inference", usd)
        self.total = self.add_curve("Total", usd, style=Qt.PenStyle.DashLine, width=1.5)
        self.api = self.add_curve("API", usd, style=Qt.PenStyle.DashDotLine, width=1.5)
        self.break_even = pg.InfiniteLine(angle=90, movable=False)
        self.break_even_label = pg.TextItem(anchor=(-0.05, 1))
        self.self_host = pg.InfiniteLine(angle=90, movable=False)
        self.self_host_label = pg.TextItem(anchor=(-0.05, 0))
        self.here = Marker("star", 12)
        self.here_label = pg.TextItem("you are here", anchor=(0.5, -0.4))
        vb = self.getPlotItem().vb
        self.x_range = SteadyRange(vb, "x", log=True)
        self.y_range = SteadyRange(vb, "y", log=True)
        self._self_host_x: float | None = None  # where the labelled lines are [log10 /day]
        self._break_even_x: float | None = None
        vb.sigResized.connect(self._place_labels)
        vb.sigRangeChanged.connect(self._place_labels)
        for item in (
            self.break_even,
            self.break_even_label,
            self.self_host,
            self.self_host_label,
            self.here,
            self.here_label,
        ):
            self.getPlotItem().addItem(item, ignoreBounds=True)
            item.setZValue(30)

    def overlay_series(self, analysis):
        v = analysis.volume
        return [("total", v["queries_per_day"], v["total_usd_per_year"])]

    def style_curves(self, theme) -> None:
        self.training.setPen(self.pen(theme.training))
        self.inference.setPen(self.pen(theme.inference))
        self.total.setPen(self.pen(theme.total, 1.5, Qt.PenStyle.DashLine))
        self.break_even.setPen(pg.mkPen(theme.muted, width=1, style=Qt.PenStyle.DashLine))
        self.break_even_label.setColor(theme.muted)
        self.api.setPen(self.pen(theme.warning, 1.5, Qt.PenStyle.DashDotLine))
        self.self_host.setPen(pg.mkPen(theme.warning, width=1, style=Qt.PenStyle.DotLine))
        self.self_host_label.setColor(theme.warning)
        self.here.set_style(theme.marker, theme.plot_background)
        self.here_label.setColor(theme.marker)

    def update_from(self, analysis) -> None:
        v = analysis.volume
        q = v["queries_per_day"]
        if self.is_new(v):
            self.set_curve(self.training, q, v["training_usd_per_year"])
            self.set_curve(self.inference, q, v["inference_usd_per_year"])
            self.set_curve(self.total, q, v["total_usd_per_year"])
            api = v["api_usd_per_year"]
            compared = bool(np.all(np.isfinite(api)))
            shown = np.where(api > 0, api, np.nan) if compared else np.full_like(q, np.nan)
            self.set_curve(self.api, q, shown)
            listed = any(sample.item is self.api for sample, _ in self.legend.items)
            if compared and not listed:  # the legend names the API only when there is one
                self.legend.addItem(self.api, "API")
            elif listed and not compared:
                self.legend.removeItem(self.api)
            self.x_range.fit(q)
            self.y_range.fit(
                v["training_usd_per_year"], v["inference_usd_per_year"], v["total_usd_per_year"]
            )
        r = analysis.results
        be = float(r.lifecycle.break_even_queries_per_day)
        self._break_even_x = math.log10(be) if math.isfinite(be) and be > 0 else None
        if self._break_even_x is not None:
            self.break_even.setPos(self._break_even_x)
            self.break_even.show()
            self.break_even_label.setText(f"break-even\n{si(be, '/day')}")
            self.break_even.setToolTip(f"break-even {si(be, '/day')}")  # if the label is left out
            self.break_even_label.show()
        else:
            self.break_even.hide()
            self.break_even_label.hide()
        self._show_self_host(analysis, q)
        volume = float(analysis.scenario.inference.queries_per_day)
        total = float(r.training.yearly_cost_usd + r.inference.yearly_cost_usd)
        if volume > 0 and total > 0:
            self.here.set_point(math.log10(volume), math.log10(total))
            self.here_label.show()
        else:
            self.here.clear()
            self.here_label.hide()
        self._place_labels()

    def _place_labels(self, *_signal_args) -> None:
        """Put "you are here" beside its marker where no curve crosses it, then
        "self-hosting pays" and "break-even" beside their lines (at the top, then lower) where
        they cross the fewest curves and cover no label placed before; again when the chart's
        size or range changes (the free side is found in screen pixels). A line's label that
        could only cover another (two lines close together in a small chart) is left out."""
        vb = self.getPlotItem().vb
        curves = [self.training, self.inference, self.total, self.api]
        taken = []
        if self.here.point is not None:
            taken.append(place_clear(self.here_label, vb, [self.here.point], curves)[0])
        (_, _), (bottom, top) = vb.viewRange()
        heights = [top - (top - bottom) * f for f in (0.15, 0.35, 0.55, 0.75, 0.9)]
        for label, x in (
            (self.self_host_label, self._self_host_x),
            (self.break_even_label, self._break_even_x),
        ):
            if x is None:
                continue
            box, crossed = place_clear(label, vb, [(x, y) for y in heights], curves, taken)
            label.setVisible(crossed < LABEL_OVERLAP)
            if label.isVisible():
                taken.append(box)

    def _show_self_host(self, analysis, q) -> None:
        """Where training and serving your own model starts to cost less than the API."""
        pays = float(analysis.results.lifecycle.self_host_break_even_queries_per_day)
        if not (math.isfinite(pays) and q[0] <= pays <= q[-1]):
            self.self_host.hide()
            self.self_host_label.hide()
            self._self_host_x = None
            return
        x = math.log10(pays)
        self.self_host.setPos(x)
        self.self_host.show()
        self._self_host_x = x
        self.self_host_label.setText(f"self-hosting pays\nfrom {si(pays, '/day')}")
        self.self_host.setToolTip(f"self-hosting pays from {si(pays, '/day')}")
        self.self_host_label.show()
