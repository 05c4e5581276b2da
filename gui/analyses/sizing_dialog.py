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

from whatif.engine.sizing import chinchilla_loss, size_model

from ..formatting import usd
from ..number_text import compact


class ParamsAxis(pg.AxisItem):
    """A log axis of parameter counts labelled at whole decades: 100M, 1B, 10B, 100B, 1T
    (pyqtgraph's minor log labels overprinted each other)."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph's names
        decades = [float(d) for d in range(math.ceil(minVal), math.floor(maxVal) + 1)]
        return [(1.0, decades)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [compact(10.0**v, 3, "B") for v in values]


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
        self._own_loss = round(float(chinchilla_loss(m.params, m.training_tokens)), 3)
        self.loss.setValue(self._own_loss)
        self.loss.setToolTip(
            "Target pre-training loss (Chinchilla fit, nats/token); lower is "
            "better. Default: the loss of the scenario's own N and D."
        )
        self.loss.valueChanged.connect(self.run)
        self.plot = pg.PlotWidget(axisItems={"bottom": ParamsAxis("bottom")})
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
        self.current = pg.ScatterPlotItem(
            size=12, symbol="o", brush="#f08c00", name="this scenario's model"
        )
        item.addItem(self.chinchilla)
        item.addItem(self.best)
        item.addItem(self.current)
        self.summary = QLabel()
        self.summary.setObjectName("sizing_summary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.apply_button = buttons.addButton(
            "Use the lifetime-optimal model", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("sizing_apply")
        self.apply_button.setToolTip(
            "Set the scenario's parameters and training tokens to the lifetime-optimal "
            "point (the shape is derived from them); one undo step"
        )
        self.apply_button.clicked.connect(self.apply)
        for button in buttons.buttons():
            button.setAutoDefault(False)  # Enter in the loss field must not apply
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
        # The untouched field shows the scenario's own loss rounded to 3 digits; the exact
        # loss (what ``whatif size`` uses by default) is meant, not the rounding.
        target = None if self.loss.value() == self._own_loss else self.loss.value()
        z = size_model(self.window.state.scenario, target)
        self.sizing = z
        self.apply_button.setEnabled(z.feasible)
        if not z.feasible:
            self.curve.setData([], [])
            for marker in (self.chinchilla, self.best, self.current):
                marker.setData([], [])
            self.summary.setText(f"Refused: {z.refusal}. Raise the target loss.")
            return
        if z.current_cost_usd > 0 and np.isfinite(z.current_cost_usd):
            self.current.setData([math.log10(z.current_params)], [math.log10(z.current_cost_usd)])
        else:
            self.current.setData([], [])
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
            f"At loss {z.target_loss:.3f} and {billions(z.inference_tokens)} tokens served over "
            f"the horizon: the Chinchilla-optimal model has {billions(chin['params'])} "
            f"parameters on {billions(chin['training_tokens'])} tokens "
            f"({usd(chin['lifetime_cost_usd'])} lifetime); the lifetime-optimal one has "
            f"{billions(best['params'])} on {billions(best['training_tokens'])} tokens "
            f"({best['tokens_per_param']:.0f} per parameter), "
            f"{usd(best['lifetime_cost_usd'])}. This scenario's model: "
            f"{billions(z.current_params)} on {billions(z.current_tokens)} tokens (loss "
            f"{z.current_loss:.3f}), {usd(z.current_cost_usd)} lifetime with its own shape. "
            "Heavy inference favours smaller models trained longer (Sardana et al. 2024)."
        )

    def apply(self) -> None:
        """Adopt the lifetime-optimal N and D as one undoable step."""
        z = self.sizing
        if z is None or not z.feasible:
            return
        self.window.state.set_values(
            z.changes(z.cost_optimal_index), "Use the lifetime-optimal model size"
        )
        self.accept()
