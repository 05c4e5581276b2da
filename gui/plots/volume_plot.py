"""Yearly cost against query volume (log-log): where serving overtakes training."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..formatting import si, usd
from .base import TradeoffPlot
from .clear_label import place_clear
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
        vb.sigResized.connect(lambda *_: self._place_here_label())
        vb.sigRangeChanged.connect(lambda *_: self._place_here_label())
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
        if math.isfinite(be) and be > 0:
            self.break_even.setPos(math.log10(be))
            self.break_even.show()
            # Half-way up the curves: clear of the legend (top left) and of the markers.
            low = float(np.min(v["training_usd_per_year"]))
            high = float(np.max(v["total_usd_per_year"]))
            middle = (math.log10(max(low, 1e-9)) + math.log10(max(high, 1e-9))) / 2.0
            self.place_label(
                self.break_even_label,
                math.log10(be),
                middle,
                math.log10(q[0]),
                math.log10(q[-1]),
                above=False,
            )
            self.break_even_label.setText(f"break-even\n{si(be, '/day')}")
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
            self._place_here_label()
        else:
            self.here.clear()
            self.here_label.hide()

    def _place_here_label(self) -> None:
        """ "you are here" beside its marker where no curve crosses it (placed again when the
        chart's size or range changes: the free side is found in screen pixels)."""
        if self.here.point is None or not self.here_label.isVisible():
            return
        curves = [self.training, self.inference, self.total, self.api]
        place_clear(self.here_label, self.getPlotItem().vb, *self.here.point, curves)

    def _show_self_host(self, analysis, q) -> None:
        """Where training and serving your own model starts to cost less than the API."""
        pays = float(analysis.results.lifecycle.self_host_break_even_queries_per_day)
        if not (math.isfinite(pays) and q[0] <= pays <= q[-1]):
            self.self_host.hide()
            self.self_host_label.hide()
            return
        x = math.log10(pays)
        self.self_host.setPos(x)
        self.self_host.show()
        top = float(np.max(analysis.volume["total_usd_per_year"]))
        self.place_label(
            self.self_host_label,
            x,
            math.log10(max(top, 1e-9)),
            math.log10(q[0]),
            math.log10(q[-1]),
            above=False,
        )
        self.self_host_label.setText(f"self-hosting pays\nfrom {si(pays, '/day')}")
        self.self_host_label.show()
