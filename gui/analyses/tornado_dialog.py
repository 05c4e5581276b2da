"""Analyse > Sensitivity: a tornado of lifetime cost when each assumption moves by ±P%."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout

from engine.fields import spec_of
from engine.scenario import SECTIONS
from engine.sensitivity import tornado

from ..formatting import usd

SHOWN = 12
"""Bars drawn: the most influential assumptions."""


def _label(key: str) -> str:
    section, name = key.split(".")
    return spec_of(SECTIONS[section], name).label or key


class TornadoDialog(QDialog):
    """Bars from the cost at -P% to the cost at +P%, around the current lifetime cost."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Sensitivity of lifetime cost")
        self.resize(820, 560)
        self.window = window
        self.percent = QSpinBox()
        self.percent.setObjectName("tornado_percent")
        self.percent.setRange(1, 90)
        self.percent.setValue(20)
        self.percent.setSuffix(" %")
        self.percent.valueChanged.connect(self.run)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("tornado_plot")
        self.plot.setMenuEnabled(False)
        self.plot.getPlotItem().setLabel("bottom", "Lifetime cost (USD)")
        self.plot.getPlotItem().showGrid(x=True, alpha=0.2)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Move each assumption by ±", self.percent)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.bars = []
        self.run()

    def run(self) -> None:
        base, bars = tornado(self.window.state.scenario, float(self.percent.value()))
        self.base, self.bars = base, bars[:SHOWN]
        item = self.plot.getPlotItem()
        item.clear()
        n = len(self.bars)
        y = np.arange(n)[::-1].astype(float)
        lows = np.array([b.low_cost_usd for b in self.bars])
        highs = np.array([b.high_cost_usd for b in self.bars])
        left, right = np.minimum(lows, highs), np.maximum(lows, highs)
        down = pg.BarGraphItem(
            x0=np.minimum(left, base), x1=np.full(n, base), y=y, height=0.6, brush="#1f6fd1"
        )
        up = pg.BarGraphItem(
            x0=np.full(n, base), x1=np.maximum(right, base), y=y, height=0.6, brush="#e8590c"
        )
        item.addItem(down)
        item.addItem(up)
        item.addItem(pg.InfiniteLine(base, angle=90, pen=pg.mkPen("#2b2f38", width=1.5)))
        axis = item.getAxis("left")
        axis.setWidth(190)
        axis.setTicks([[(float(yy), _label(b.key)) for yy, b in zip(y, self.bars, strict=True)]])
        if n:
            span = max(right.max() - left.min(), base * 0.01)
            item.setXRange(left.min() - 0.05 * span, right.max() + 0.05 * span)
            item.setYRange(-0.7, n - 0.3)
        top = self.bars[0] if self.bars else None
        self.summary.setText(
            f"Lifetime cost now {usd(base)}. Each bar spans the cost with the input at "
            f"-{self.percent.value()}% and at +{self.percent.value()}%: blue below today's "
            "cost, orange above. "
            + (f"Most influential: {_label(top.key)} ({usd(top.impact_usd)} swing)." if top else "")
        )
