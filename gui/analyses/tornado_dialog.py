"""Analyse > Sensitivity: a tornado of any result (lifetime cost, cost per 1,000 queries,
p99 latency, energy, mean accuracy, crossover month) when each assumption moves by ±P%."""

from __future__ import annotations

import math

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

from whatif.engine.results import RESULT_FIELDS
from whatif.engine.scenario import spec_for
from whatif.engine.sensitivity import CROSSOVER, OUTPUTS, output_unit, tornado

from ..formatting import format_result
from ..number_text import compact

SHOWN = 12
"""Bars drawn: the most influential assumptions."""

LLM_ONLY_OUTPUTS = ("inference.ttft_p99_s",)


class ResultAxis(pg.AxisItem):
    """Ticks in the shown result's unit: money ($400k), time (120 ms), energy (0.35 Wh),
    a percentage (81.2%) or months (7.5)."""

    unit = "USD"

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        if self.unit == "months":
            return [f"{v:.3g}" for v in values]
        return [format_result(float(v), self.unit) for v in values]


def _label(key: str) -> str:
    return spec_for(key).label or key


def _result_label(output: str) -> str:
    """``"inference.latency_p99_s"`` -> ``"p99 latency (end to end)"``."""
    named = dict(OUTPUTS)
    if output in named:
        return named[output]
    section, _, key = output.partition(".")
    return RESULT_FIELDS[section][key][1]


class TornadoDialog(QDialog):
    """Bars from the result at -P% to the result at +P% of each input, around today's value:
    blue where the result falls below today's value, orange where it rises above it."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Sensitivity")
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
        llm = window.state.scenario.model.kind == "llm"
        for key, label in OUTPUTS:
            if llm or key not in LLM_ONLY_OUTPUTS:
                self.measure.addItem(label, key)
        self.measure.currentIndexChanged.connect(self.run)
        self.result_axis = ResultAxis("bottom")
        self.result_axis.enableAutoSIPrefix(False)  # the ticks carry the unit themselves
        self.plot = pg.PlotWidget(axisItems={"bottom": self.result_axis})
        self.plot.setObjectName("tornado_plot")
        self.plot.setMenuEnabled(False)
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

    @property
    def output(self) -> str:
        """The result key shown (``"lifecycle.horizon_cost_usd"``...)."""
        return self.measure.currentData()

    def run(self) -> None:
        scenario = self.window.state.scenario
        output, unit = self.output, output_unit(self.output)
        base, bars = tornado(scenario, float(self.percent.value()), output)
        if output == CROSSOVER:
            # "Never" is drawn at the horizon's end: the crossover lies beyond it.
            horizon = float(scenario.economics.horizon_months)
            base = min(base, horizon)
            values = [(min(b.low, horizon), min(b.high, horizon)) for b in bars]
        else:
            values = [(b.low, b.high) for b in bars]
        self.base, self.bars = base, bars[:SHOWN]
        values = values[:SHOWN]
        item = self.plot.getPlotItem()
        item.clear()
        name = _result_label(output)
        item.setLabel(
            "bottom", name + (" (the horizon's end: never)" if output == CROSSOVER else "")
        )
        self.result_axis.unit = unit
        n = len(self.bars)
        y = np.arange(n)[::-1].astype(float)
        lows = np.array([v[0] for v in values], dtype=float)
        highs = np.array([v[1] for v in values], dtype=float)
        # A saturated queue has no latency: its end is drawn at the chart's edge.
        finite = np.concatenate([lows, highs, [base]])
        finite = finite[np.isfinite(finite)]
        edge = (finite.max() if finite.size else 1.0) * 1.5 + 1e-12
        lows, highs = np.nan_to_num(lows, posinf=edge), np.nan_to_num(highs, posinf=edge)
        left, right = np.minimum(lows, highs), np.maximum(lows, highs)
        down = pg.BarGraphItem(
            x0=np.minimum(left, base), x1=np.full(n, base), y=y, height=0.6, brush="#1f6fd1"
        )
        up = pg.BarGraphItem(
            x0=np.full(n, base), x1=np.maximum(right, base), y=y, height=0.6, brush="#e8590c"
        )
        self.below, self.above = down, up
        item.addItem(down)
        item.addItem(up)
        item.addItem(pg.InfiniteLine(base, angle=90, pen=pg.mkPen("#2b2f38", width=1.5)))
        # Each bar end names the input's value there (as @RISK does): which way to move it.
        self.end_labels = []
        for yy, b, low, high in zip(y, self.bars, lows, highs, strict=True):
            ends = ((low, b.low_input), (high, b.high_input))
            one_side = (low - base) * (high - base) > 0
            for x, value in ends:
                at_left = x <= base if low != high else value == b.low_input
                if one_side and abs(x - base) < abs(low + high - x - base):
                    # Both ends on one side: the nearer input labels the bar's inner end
                    # (at today's line), so the two labels never overprint.
                    x, at_left = base, x > base
                text = pg.TextItem(compact(value, 3, "B"), anchor=(1.0 if at_left else 0.0, 0.5))
                text.setColor("#495057")
                text.setPos(float(x), float(yy))
                item.addItem(text)
                self.end_labels.append(text)
        axis = item.getAxis("left")
        axis.setWidth(190)
        axis.setTicks([[(float(yy), _label(b.key)) for yy, b in zip(y, self.bars, strict=True)]])
        if n:
            span = max(right.max() - left.min(), abs(base) * 0.01, 1e-12)
            item.setXRange(  # room for the input labels at both ends
                min(left.min(), base) - 0.15 * span, max(right.max(), base) + 0.15 * span
            )
            item.setYRange(-0.7, n - 0.3)
        self.summary.setText(self._summary(name, unit, base, values))

    def _summary(self, name: str, unit: str, base: float, values) -> str:
        p = self.percent.value()
        top = self.bars[0] if self.bars else None
        if self.output == CROSSOVER:
            horizon = float(self.window.state.scenario.economics.horizon_months)
            now = f"month {base:.1f}" if base < horizon else "never within the horizon"
            swing = f"{abs(values[0][1] - values[0][0]):.1f} months" if top else ""
            text = (
                f"Crossover now: {now}. Each bar spans the crossover month with the input "
                f"at -{p}% and at +{p}%: blue earlier, orange later. "
            )
        else:
            now = format_result(base, unit)
            swing = _swing_text(top.impact, unit) if top else ""
            text = (
                f"{name} now {now}. Each bar spans it with the input at -{p}% and at +{p}%: "
                "blue below today's value, orange above; each end is labelled with the "
                "input's value there. "
            )
        return text + (f"Most influential: {_label(top.key)} ({swing} swing)." if top else "")


def _swing_text(impact: float, unit: str) -> str:
    """A swing in the result's unit; a fraction's swing in percentage points."""
    if not math.isfinite(impact):
        return "to saturation"
    if unit == "fraction":
        return f"{impact * 100:.2g} points"
    return format_result(impact, unit)
