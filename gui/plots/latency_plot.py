"""Latency of the current fleet against offered load: end-to-end p50 and p99 and the p99
time to first token, with the targets and the capacity."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..formatting import duration, si
from .base import TradeoffPlot
from .marker import Marker
from .steady_range import SteadyRange


class LatencyPlot(TradeoffPlot):
    title_text = "Latency vs offered load (current fleet)"

    def __init__(self, parent=None):
        super().__init__("latency_plot", parent)
        self.set_axes(
            "Peak load", "queries/s", "Latency", "s", x_formatter=lambda q: si(q, "queries/s")
        )
        self.p50 = self.add_curve("p50", duration)
        self.p99 = self.add_curve("p99", duration)
        self.ttft = self.add_curve("TTFT p99", duration)
        self.slo = pg.InfiniteLine(
            angle=0,
            movable=False,
            label="end-to-end target",
            labelOpts={"position": 0.08, "anchors": [(0, 1), (0, 1)]},
        )
        self.ttft_target = pg.InfiniteLine(
            angle=0,
            movable=False,
            label="TTFT target",
            labelOpts={"position": 0.55, "anchors": [(0, 1), (0, 1)]},
        )
        self.capacity = pg.InfiniteLine(angle=90, movable=False)
        self.capacity_label = pg.TextItem("capacity", anchor=(1.05, 0))
        self.slo_note = pg.TextItem("", anchor=(-0.05, 0))
        self.slo_note.hide()
        self.here = Marker("star", 12)
        for item in (
            self.slo,
            self.ttft_target,
            self.capacity,
            self.capacity_label,
            self.slo_note,
            self.here,
        ):
            item.setZValue(30)
            self.getPlotItem().addItem(item, ignoreBounds=True)
        vb = self.getPlotItem().vb
        self.x_range = SteadyRange(vb, "x")
        self.y_range = SteadyRange(vb, "y", include_zero=True)

    def overlay_series(self, analysis):
        d = analysis.load
        return [("p99", d["peak_qps"], d["latency_p99_s"])]

    def style_curves(self, theme) -> None:
        self.p50.setPen(self.pen(theme.training))
        self.p99.setPen(self.pen(theme.latency))
        self.ttft.setPen(self.pen(theme.muted, style=Qt.PenStyle.DashLine))
        for line in (self.slo, self.ttft_target):
            line.setPen(pg.mkPen(theme.warning, width=1.5, style=Qt.PenStyle.DashLine))
            line.label.setColor(theme.warning)
        self.slo_note.setColor(theme.warning)
        self.capacity.setPen(pg.mkPen(theme.muted, width=1, style=Qt.PenStyle.DotLine))
        self.capacity_label.setColor(theme.muted)
        self.here.set_style(theme.marker, theme.plot_background)

    def update_from(self, analysis) -> None:
        d = analysis.load
        x = d["peak_qps"]
        p50 = np.where(np.isfinite(d["latency_p50_s"]), d["latency_p50_s"], np.nan)
        p99 = np.where(np.isfinite(d["latency_p99_s"]), d["latency_p99_s"], np.nan)
        self.p50.setData(x, p50)
        self.p99.setData(x, p99)
        s = analysis.scenario
        llm = s.model.kind == "llm"
        ttft = np.where(np.isfinite(d["ttft_p99_s"]), d["ttft_p99_s"], np.nan)
        self.ttft.setData(x, ttft if llm else np.full_like(x, np.nan))
        targets = []
        for line, value in (
            (self.slo, s.inference.latency_slo_ms),
            (self.ttft_target, s.inference.ttft_slo_ms if llm else None),
        ):
            line.setVisible(value is not None)
            if value is not None:
                line.setPos(float(value) / 1000.0)
                targets.append(float(value) / 1000.0)
        capacity = float(d["capacity_qps"])
        self.capacity.setPos(capacity)
        r = analysis.results
        peak = float(r.inference.peak_qps)
        here = float(r.inference.latency_p99_s)
        if math.isfinite(here):
            self.here.set_point(peak, here)
        else:
            self.here.clear()
        finite = p99[np.isfinite(p99)]
        base = float(finite.min()) if finite.size else (max(targets) if targets else 1.0)
        slo = max(targets) if targets else 0.0
        if slo <= 8.0 * base:  # the targets and the curve fit one scale
            top = max(1.25 * slo, 2.0 * base)
            self.slo_note.hide()
        else:  # a lax target far above: show the curve, say where the target is
            top = 4.0 * base
            self.slo_note.setText(f"target {duration(slo)} is above this chart")
            self.slo_note.setPos(0.0, top)
            self.slo_note.show()
        self.y_range.fit([0.0, top])
        self.capacity_label.setPos(capacity, top)
        self.x_range.fit([0.0, max(float(x[-1]), 1e-9)])
