"""Latency of the current fleet against offered load, with its target and the capacity: the
time to first token for an LLM with a TTFT target (the latency users feel and practitioners
state), else the end-to-end latency."""

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
        self.slo = pg.InfiniteLine(
            angle=0,
            movable=False,
            label="target",
            labelOpts={"position": 0.08, "anchors": [(0, 1), (0, 1)]},
        )
        self.capacity = pg.InfiniteLine(angle=90, movable=False)
        self.capacity_label = pg.TextItem("capacity", anchor=(1.05, 0))
        self.slo_note = pg.TextItem("", anchor=(-0.05, 0))
        self.slo_note.hide()
        self.here = Marker("star", 12)
        for item in (self.slo, self.capacity, self.capacity_label, self.slo_note, self.here):
            item.setZValue(30)
            self.getPlotItem().addItem(item, ignoreBounds=True)
        vb = self.getPlotItem().vb
        self.x_range = SteadyRange(vb, "x")
        self.y_range = SteadyRange(vb, "y", include_zero=True)

    @staticmethod
    def measure(scenario) -> tuple[str, str, object]:
        """(result prefix, title, target in ms or None): TTFT for an LLM with a TTFT target,
        end-to-end otherwise."""
        s = scenario.inference
        if scenario.model.kind == "llm" and s.ttft_slo_ms is not None:
            return "ttft", "Time to first token vs offered load", s.ttft_slo_ms
        return "latency", "Latency vs offered load (current fleet)", s.latency_slo_ms

    def overlay_series(self, analysis):
        d = analysis.load
        prefix = self.measure(analysis.scenario)[0]
        return [("p99", d["peak_qps"], d[f"{prefix}_p99_s"])]

    def style_curves(self, theme) -> None:
        self.p50.setPen(self.pen(theme.training))
        self.p99.setPen(self.pen(theme.latency))
        self.slo.setPen(pg.mkPen(theme.warning, width=1.5, style=Qt.PenStyle.DashLine))
        self.slo.label.setColor(theme.warning)
        self.slo_note.setColor(theme.warning)
        self.capacity.setPen(pg.mkPen(theme.muted, width=1, style=Qt.PenStyle.DotLine))
        self.capacity_label.setColor(theme.muted)
        self.here.set_style(theme.marker, theme.plot_background)

    def update_from(self, analysis) -> None:
        d = analysis.load
        x = d["peak_qps"]
        prefix, title, target_ms = self.measure(analysis.scenario)
        if title != self.title_text:
            self.set_title(title, None if self.theme is None else self.theme.plot_foreground)
        p99 = np.where(np.isfinite(d[f"{prefix}_p99_s"]), d[f"{prefix}_p99_s"], np.nan)
        new_data = self.is_new(d)  # (records d as drawn: call it every time)
        if new_data or prefix != getattr(self, "_drawn_prefix", None):
            self._drawn_prefix = prefix  # same fleet, same curve: only the marker moves
            p50 = np.where(np.isfinite(d[f"{prefix}_p50_s"]), d[f"{prefix}_p50_s"], np.nan)
            self.p50.setData(x, p50)
            self.p99.setData(x, p99)
        self.slo.setVisible(target_ms is not None)
        slo = 0.0 if target_ms is None else float(target_ms) / 1000.0
        self.slo.setPos(slo)
        capacity = float(d["capacity_qps"])
        self.capacity.setPos(capacity)
        r = analysis.results
        peak = float(r.inference.peak_qps)
        here = float(r.get(f"inference.{prefix}_p99_s"))
        if math.isfinite(here):
            self.here.set_point(peak, here)
        else:
            self.here.clear()
        finite = p99[np.isfinite(p99)]
        base = float(finite.min()) if finite.size else max(slo, 1e-3)
        if slo <= 8.0 * base:  # the targets and the curve fit one scale
            top = max(1.25 * slo, 2.0 * base)
            self.slo_note.hide()
        else:  # a lax target far above: show the curve, say where the target is
            top = 4.0 * base
            # Two short lines: one ("target 2 s is above this chart") ran out of the
            # chart's right edge in a 1100 px window.
            self.slo_note.setText(f"target {duration(slo)} is\nabove this chart")
            # Below the top line, where the capacity label sits, so the two never overlap.
            self.slo_note.setPos(0.0, 0.8 * top)
            self.slo_note.show()
        self.y_range.fit([0.0, top])
        self.capacity_label.setPos(capacity, top)
        self.x_range.fit([0.0, max(float(x[-1]), 1e-9)])
