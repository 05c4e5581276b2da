"""Goal seek from a KPI card (right-click > Goal seek…): which value of one input makes the
card's result hit a target, in the card's unit; Apply sets the input as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from whatif.engine.goal_seek import goal_seek, plain, result_unit
from whatif.engine.scenario import field_applies, spec_for
from whatif.engine.sensitivity import ASSUMPTIONS, OUTPUTS

from ..formatting import input_text
from ..number_text import parse_number

CARD_RESULTS = {
    "lifetime_cost": "lifecycle.horizon_cost_usd",
    "share": "lifecycle.crossover_month",
    "cost_per_1k": "inference.cost_per_1k_queries_usd",
    "latency": "inference.latency_p99_s",  # TTFT p99 for an LLM: see card_result
    "energy": "lifecycle.horizon_energy_kwh",
    "accuracy": "quality.mean_accuracy",
}
"""The result each KPI card offers to goal-seek."""

DISPLAY = {"USD": ("USD", 1.0), "s": ("ms", 1e3), "fraction": ("%", 100.0)}
"""Engine unit -> (the unit people type in, its factor); others are typed as they are."""

SIGNIFICANT = 6
"""Digits of an applied value: within the goal's 0.1% and readable in the field."""


def card_result(card: str, kind: str) -> str:
    """The result key card ``card`` stands for (an LLM's latency card shows TTFT p99)."""
    if card == "latency" and kind == "llm":
        return "inference.ttft_p99_s"
    return CARD_RESULTS[card]


def display_unit(result_key: str) -> tuple[str, float]:
    """``(unit typed, factor from the engine's unit)`` for a result."""
    unit = result_unit(result_key)
    return DISPLAY.get(unit, (unit, 1.0))


def varied_inputs(kind: str) -> list[str]:
    """The inputs goal seek may vary, for a model of ``kind``."""
    return [key for key in ASSUMPTIONS if field_applies(key, kind)]


class GoalSeekDialog(QDialog):
    """Target value (the card's unit) and the input to vary; Seek, then Apply."""

    def __init__(self, window, result_key: str):
        super().__init__(window)
        self.window = window
        self.result_key = result_key
        self.answer = None
        name = dict(OUTPUTS).get(result_key, result_key)
        self.setWindowTitle(f"Goal seek: {name}")
        self.unit, self.factor = display_unit(result_key)
        today = float(window.state.analysis.results.get(result_key))
        self.target = QLineEdit(f"{today * self.factor:.4g}")
        self.target.setObjectName("goal_target")
        self.target.setToolTip(f"The value to reach, in {self.unit}")
        self.vary = QComboBox()
        self.vary.setObjectName("goal_vary")
        scenario = window.state.scenario
        for key in varied_inputs(scenario.model.kind):
            self.vary.addItem(spec_for(key).label or key, key)
        self.vary.setCurrentIndex(max(self.vary.findData("inference.queries_per_day"), 0))
        self.seek_button = QPushButton("Seek")
        self.seek_button.setObjectName("goal_seek_run")
        self.seek_button.setDefault(True)  # Enter in the target seeks
        self.seek_button.clicked.connect(self.seek)
        self.result = QLabel(f"{name} now: {plain(today, result_unit(result_key))}.")
        self.result.setObjectName("goal_result")
        self.result.setWordWrap(True)
        self.result.setMinimumWidth(460)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("goal_apply")
        self.apply_button.setAutoDefault(False)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(f"Make {name.lower()} ({self.unit})", self.target)
        form.addRow("by changing", self.vary)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.seek_button)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self.target.textEdited.connect(self._forget)
        self.vary.currentIndexChanged.connect(self._forget)

    @property
    def vary_key(self) -> str:
        return self.vary.currentData()

    def _forget(self, *_args) -> None:
        """A changed question: the last answer no longer applies."""
        self.answer = None
        self.apply_button.setEnabled(False)

    def target_value(self) -> float | None:
        """The typed target in the engine's unit, or None when it is not a number."""
        text = self.target.text().strip()
        if self.unit == "%":
            text = text.removesuffix("%")
        value = parse_number(text, (self.unit, "$"))
        return None if value is None else value / self.factor

    def seek(self) -> None:
        target = self.target_value()
        if target is None:
            self._forget()
            self.result.setText(f"Type the value to reach, in {self.unit}.")
            return
        try:
            answer = goal_seek(self.window.state.scenario, self.result_key, target, self.vary_key)
        except ValueError as exc:
            self._forget()
            self.result.setText(str(exc))
            return
        self.answer = answer
        self.apply_button.setEnabled(answer.value is not None)
        unit = result_unit(self.result_key)
        if answer.value is None:
            self.result.setText(f"Out of reach: {answer.reason}.")
            return
        spec = spec_for(self.vary_key)
        found = f"{spec.label} = {input_text(answer.value, spec.unit)}"
        if answer.reached:
            self.result.setText(f"<b>{found}</b> gives {plain(answer.achieved, unit)}.")
        else:
            self.result.setText(f"<b>{found}</b> comes closest: {answer.reason}.")

    def apply(self) -> None:
        """Set the input to the value found: one undo step."""
        if self.answer is None or self.answer.value is None:
            return
        value = float(f"{self.answer.value:.{SIGNIFICANT}g}")
        label = spec_for(self.vary_key).label or self.vary_key
        self.window.state.set_values({self.vary_key: value}, f"Goal seek {label.lower()}")
        self.accept()
