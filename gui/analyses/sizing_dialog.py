"""Analyse > Size the model: lifetime cost against parameter count at fixed quality, with the
Chinchilla-optimal and the lifetime-optimal points marked."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from engine.sizing import chinchilla_loss, size_model

from ..formatting import si, usd
from ..number_text import compact


class SizingDialog(QDialog):
    """Runs ``engine.sizing.size_model`` on the window's scenario at a chosen target loss."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Size the model")
        self.resize(820, 600)
        self.window = window
        m = window.state.scenario.model
        self.loss = QDoubleSpinBox()
        self.loss.setObjectName("target_loss")
        self.loss.setDecimals(3)
        self.loss.setRange(1.70, 4.0)
        self.loss.setSingleStep(0.01)
        self.loss.setValue(round(float(chinchilla_loss(m.params, m.training_tokens)), 3))
        self.loss.setToolTip(
            "Target pre-training loss (Chinchilla fit, nats/token); lower is "
            "better. Default: the loss of the scenario's own N and D."
        )
        self.loss.valueChanged.connect(self.run)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("sizing_plot")
        self.plot.setMenuEnabled(False)
        item = self.plot.getPlotItem()
        item.setLogMode(x=True, y=True)
        item.setLabel("bottom", "Parameters")
        item.setLabel("left", "Lifetime cost (USD)")
        item.showGrid(x=True, y=True, alpha=0.2)
        item.getAxis("bottom").enableAutoSIPrefix(False)
        item.getAxis("left").enableAutoSIPrefix(False)
        item.addLegend(offset=(10, 10))
        self.curve = item.plot([], [], pen=pg.mkPen("#1f6fd1", width=2), name="lifetime cost")
        self.chinchilla = pg.ScatterPlotItem(
            size=12, symbol="d", brush="#8e44ad", name="Chinchilla-optimal (training only)"
        )
        self.best = pg.ScatterPlotItem(
            size=14, symbol="star", brush="#d6336c", name="lifetime-optimal"
        )
        item.addItem(self.chinchilla)
        item.addItem(self.best)
        self.summary = QLabel()
        self.summary.setObjectName("sizing_summary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Target loss", self.loss)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.sizing = None
        self.run()

    def run(self) -> None:
        z = size_model(self.window.state.scenario, self.loss.value())
        self.sizing = z
        ok = np.isfinite(z.lifetime_cost_usd)
        self.curve.setData(z.params[ok], z.lifetime_cost_usd[ok])
        c, b = z.chinchilla_index, z.cost_optimal_index
        for marker, index in ((self.chinchilla, c), (self.best, b)):
            cost = z.lifetime_cost_usd[index]
            marker.setData(
                [math.log10(z.params[index])],
                [math.log10(cost)] if np.isfinite(cost) and cost > 0 else [],
            )
        chin, best = z.point(c), z.point(b)

        def billions(value):
            return compact(value, 3, "B")

        self.summary.setText(
            f"At loss {z.target_loss:.3f} and {si(z.inference_tokens, 'tokens')} served over "
            f"the horizon: the Chinchilla-optimal model has {billions(chin['params'])} "
            f"parameters on {billions(chin['training_tokens'])} tokens "
            f"({usd(chin['lifetime_cost_usd'])} lifetime); the lifetime-optimal one has "
            f"{billions(best['params'])} on {billions(best['training_tokens'])} tokens "
            f"({best['tokens_per_param']:.0f} per parameter), "
            f"{usd(best['lifetime_cost_usd'])}. Heavy inference favours smaller models trained "
            "longer (Sardana et al. 2024)."
        )
