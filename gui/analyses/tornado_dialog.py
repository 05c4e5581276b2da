"""Analyse > Sensitivity: a tornado of lifetime cost when each assumption moves by ±P%."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from whatif.engine.evaluate import evaluate
from whatif.engine.scenario import spec_for
from whatif.engine.sensitivity import tornado

from ..formatting import usd
from ..number_text import compact

SHOWN = 12
"""Bars drawn: the most influential assumptions."""


class MoneyAxis(pg.AxisItem):
    """Ticks as money ($400k, $1.2M) while the tornado shows a cost; plain otherwise."""

    money = True

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        if not self.money:
            return super().tickStrings(values, scale, spacing)
        return [usd(v) for v in values]


def _label(key: str) -> str:
    return spec_for(key).label or key


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
        self.measure = QComboBox()
        self.measure.setObjectName("tornado_measure")
        self.measure.addItems(["Lifetime cost", "Crossover month"])
        self.measure.currentIndexChanged.connect(self.run)
        self.money_axis = MoneyAxis("bottom")
        self.plot = pg.PlotWidget(axisItems={"bottom": self.money_axis})
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
        form.addRow("Show", self.measure)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.bars = []
        self.run()

    def run(self) -> None:
        scenario = self.window.state.scenario
        base_cost, bars = tornado(scenario, float(self.percent.value()))
        by_crossover = self.measure.currentIndex() == 1
        horizon = float(scenario.economics.horizon_months)
        if by_crossover:
            # "Never" is drawn at the horizon's end: the crossover lies beyond it.
            def cap(month):
                return min(month, horizon)

            base = cap(float(evaluate(scenario).lifecycle.crossover_month))
            values = [(cap(b.low_crossover_month), cap(b.high_crossover_month)) for b in bars]
            order = sorted(range(len(bars)), key=lambda i: -abs(values[i][1] - values[i][0]))
            bars = [bars[i] for i in order]
            values = [values[i] for i in order]
        else:
            base = base_cost
            values = [(b.low_cost_usd, b.high_cost_usd) for b in bars]
        self.base, self.bars = base, bars[:SHOWN]
        values = values[:SHOWN]
        item = self.plot.getPlotItem()
        item.clear()
        item.setLabel(
            "bottom",
            "Crossover month (the horizon's end: never)" if by_crossover else "Lifetime cost (USD)",
        )
        n = len(self.bars)
        y = np.arange(n)[::-1].astype(float)
        lows = np.array([v[0] for v in values])
        highs = np.array([v[1] for v in values])
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
        self.money_axis.money = not by_crossover
        # Each bar end names the input's value there (as @RISK does): which way to move it.
        self.end_labels = []
        for yy, b, (low, high) in zip(y, self.bars, values, strict=True):
            for x, value in ((low, b.low_input), (high, b.high_input)):
                at_left = x <= base if low != high else value == b.low_input
                text = pg.TextItem(compact(value, 3, "B"), anchor=(1.0 if at_left else 0.0, 0.5))
                text.setColor("#495057")
                text.setPos(float(x), float(yy))
                item.addItem(text)
                self.end_labels.append(text)
        axis = item.getAxis("left")
        axis.setWidth(190)
        axis.setTicks([[(float(yy), _label(b.key)) for yy, b in zip(y, self.bars, strict=True)]])
        if n:
            span = max(right.max() - left.min(), abs(base) * 0.01, 1e-9)
            item.setXRange(  # room for the input labels at both ends
                min(left.min(), base) - 0.15 * span, max(right.max(), base) + 0.15 * span
            )
            item.setYRange(-0.7, n - 0.3)
        top = self.bars[0] if self.bars else None
        p = self.percent.value()
        if by_crossover:
            now = f"month {base:.1f}" if base < horizon else "never within the horizon"
            swing = f"{abs(values[0][1] - values[0][0]):.1f} months" if top else ""
            text = (
                f"Crossover now: {now}. Each bar spans the crossover month with the input "
                f"at -{p}% and at +{p}%: blue earlier, orange later. "
            )
        else:
            now, swing = usd(base), usd(top.impact_usd) if top else ""
            text = (
                f"Lifetime cost now {now}. Each bar spans the cost with the input at -{p}% "
                f"and at +{p}%: blue below today's cost, orange above; each end is labelled "
                "with the input's value there. "
            )
        self.summary.setText(
            text + (f"Most influential: {_label(top.key)} ({swing} swing)." if top else "")
        )
