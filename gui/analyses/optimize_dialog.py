"""Analyse > Optimise: the cheapest plan that meets the SLO and an accuracy floor, with
one click to apply it (an undoable step)."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from whatif import engine
from whatif.engine.optimize import optimize

from ..formatting import duration, percent, usd
from ..widgets.knobs import retrain_label


class OptimizeDialog(QDialog):
    """Run the optimiser on the window's scenario; Apply moves the three knobs there."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Optimise")
        self.window = window
        self.plan = None
        self.floor = QDoubleSpinBox()
        self.floor.setObjectName("accuracy_floor")
        self.floor.setRange(0.0, 100.0)
        self.floor.setSuffix(" %")
        self.floor.setDecimals(1)
        current = float(window.state.analysis.results.quality.mean_accuracy) * 100
        self.floor.setValue(round(current - 2.0, 1))
        self.floor.setToolTip("Lowest mean accuracy a plan may have")
        run = QPushButton("Find the best plan")
        run.setObjectName("optimize_run")
        run.setDefault(True)  # Enter in the floor starts the search
        run.clicked.connect(self.run)
        self.run_button = run
        self.result = QLabel(
            "Looks for the retraining cadence, pruning ratio and serving "
            "hardware with the lowest lifetime cost (plus the value lost to "
            "accuracy, if priced) that meet the latency SLO and the floor."
        )
        self.result.setObjectName("optimize_result")
        self.result.setWordWrap(True)
        self.result.setMinimumWidth(520)
        self.result.setMinimumHeight(110)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("optimize_apply")
        self.apply_button.setAutoDefault(False)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.floor.valueChanged.connect(self._forget_plan)
        self.buttons.rejected.connect(self.reject)
        self.finished.connect(lambda _r: self.window.plots.show_plan(None))
        form = QFormLayout()
        form.addRow("Accuracy floor", self.floor)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(run)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)

    def _forget_plan(self) -> None:
        """A new floor makes the plan on show stale: nothing to apply until a new search."""
        if self.plan is not None:
            self.plan = None
            self.apply_button.setEnabled(False)
            self.window.plots.show_plan(None)
            self.result.setText("The floor changed: press Enter to search again.")

    def run(self) -> None:
        scenario = self.window.state.scenario
        self.plan = optimize(scenario, self.floor.value() / 100.0)
        if self.plan is None:
            self.result.setText(
                "No plan meets the SLO with that accuracy floor. Lower the "
                "floor, relax the SLO, or allow more serving hardware."
            )
            self.apply_button.setEnabled(False)
            self.window.plots.show_plan(None)
            return
        p = self.plan
        if p.use_api:
            self.window.plots.show_plan(None)
            best = (
                f"the best self-hosted plan ({usd(p.self_hosted_cost_usd)})"
                if math.isfinite(p.self_hosted_cost_usd)
                else "any self-hosted plan (none meets the targets and the floor)"
            )
            self.result.setText(
                f"<b>Use the API.</b> Its bill over the horizon, {usd(p.horizon_cost_usd)}, is "
                f"below {best} and today's {usd(p.current_cost_usd)}. Nothing to apply: "
                "raise the volume or lower the serving cost to make self-hosting pay."
            )
            self.apply_button.setEnabled(False)
            return
        self.window.plots.show_plan(p)
        name = scenario.profiles[p.hardware].name
        now = self.window.state.analysis.results.lifecycle
        priced = float(scenario.quality.value_per_point_per_1k_queries) > 0
        if priced:
            what = "Objective: lifetime cost plus the value lost to accuracy"
            today = (
                f"now {usd(float(now.horizon_cost_usd))} + "
                f"{usd(float(now.horizon_quality_cost_usd))} lost = {usd(p.current_cost_usd)}"
            )
        else:
            what = "Objective: lifetime cost"
            today = f"now {usd(p.current_cost_usd)}"
        self.result.setText(
            f"<b>Serve on {name}</b>, retrain <b>{retrain_label(p.retrains_per_year)}</b>, "
            f"prune <b>{percent(p.pruning_ratio, 0)}</b>.<br>"
            f"{what}: {usd(p.horizon_cost_usd)} against {today} "
            f"(saves {usd(p.saving_usd)}); mean accuracy {percent(p.mean_accuracy)}; p99 "
            f"{duration(p.latency_p99_s)}.<br><span style='color:gray'>{p.feasible:,} of "
            f"{p.candidates:,} candidate plans were feasible.</span>"
        )
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        if self.plan is None:
            return
        state = self.window.state
        try:
            planned = state.scenario.override(self.plan.changes())
        except engine.InputError as exc:  # its profile was deleted or broken since the search
            self._forget_plan()
            self.result.setText(
                f"This plan can no longer be applied ({exc.brief()}). Press Enter to search "
                "again with the profiles loaded now."
            )
            return
        state.apply(planned, "Apply optimised plan")
        self.accept()
