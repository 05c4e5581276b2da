"""The three main knobs: a slider and a typed field kept in sync, with a unit.

A knob reports ``value_changed(value, merge_token)``: every step of one slider drag carries
the same token, so the whole drag is one undo step.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSlider,
    QWidget,
)

from whatif.engine.pruning import TWO_FOUR_RATIO
from whatif.engine.sweeps import PRUNING_MAX, RETRAIN_STEPS, VOLUME_RANGE

from ..formatting import si
from ..number_text import parse_cadence, parse_number


class Knob(QWidget):
    """Slider + field + unit. Subclasses map slider positions to values and format them."""

    value_changed = Signal(float, object)
    positions = 1000
    units: tuple[str, ...] = ()
    """Words the field accepts after the number (its unit)."""
    allowed = ""
    """What the field accepts, in words (shown under a refused value)."""

    def __init__(self, title: str, unit: str, tooltip: str, object_name: str, parent=None):
        super().__init__(parent)
        self._value = math.nan
        self._token = None
        self._shown_text = ""
        self._tooltip = tooltip
        self.title = QLabel(f"<b>{title}</b>")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(object_name)
        self.slider.setRange(0, self.positions)
        self.slider.setToolTip(tooltip)
        self.slider.setAccessibleName(title)
        self.field = QLineEdit()
        self.field.setObjectName(object_name.replace("_slider", "_field"))
        self.field.setToolTip(tooltip)
        self.field.setAccessibleName(f"{title} value")
        self.field.setMaximumWidth(96)
        self.unit = QLabel(unit)
        self.unit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.readout = QLabel()
        self.readout.setObjectName(object_name.replace("_slider", "_readout"))
        self.error = QLabel()
        self.error.setObjectName(object_name.replace("_slider", "_error"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.title, 0, 0, 1, 2)
        layout.addWidget(self.readout, 0, 2, 1, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.slider, 1, 0, 1, 3)
        layout.addWidget(self.field, 2, 0)
        layout.addWidget(self.unit, 2, 1, 1, 2)
        layout.addWidget(self.error, 3, 0, 1, 3)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.slider.sliderPressed.connect(self._on_slider_pressed)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.field.editingFinished.connect(self._on_field_edited)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._reserve_readout_width()  # once the subclass can map positions, and the font is set
        super().showEvent(event)

    def _reserve_readout_width(self) -> None:
        """Room for the widest read-out any position gives, so a move never re-lays out the
        knob panel (which repainted every assumption field beside it on ~1 move in 4)."""
        metrics = self.readout.fontMetrics()
        step = max(1, self.positions // 200)
        widest = max(
            metrics.horizontalAdvance(self.readout_text(self.from_position(p)))
            for p in range(0, self.positions + 1, step)
        )
        self.readout.setMinimumWidth(widest + metrics.averageCharWidth())
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # Mapping, overridden by each knob -------------------------------------------------
    def to_position(self, value: float) -> int:
        raise NotImplementedError

    def from_position(self, position: int) -> float:
        raise NotImplementedError

    def field_text(self, value: float) -> str:
        return f"{value:g}"

    def readout_text(self, value: float) -> str:
        return self.field_text(value)

    def parse(self, text: str) -> float | None:
        return parse_number(text, self.units)

    # Behaviour ------------------------------------------------------------------------
    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting (the state is the source of truth)."""
        self._value = float(value)
        self.slider.blockSignals(True)
        self.slider.setValue(self.to_position(self._value))
        self.slider.blockSignals(False)
        self._show_text(self.field_text(self._value))
        self.readout.setText(self.readout_text(self._value))

    def _on_slider_pressed(self) -> None:
        self._token = object()

    def _on_slider_released(self) -> None:
        self._token = None

    def _on_slider_changed(self, position: int) -> None:
        value = self.from_position(position)
        self._value = value
        self._show_text(self.field_text(value))
        self.readout.setText(self.readout_text(value))
        self.value_changed.emit(value, self._token)

    def _show_text(self, text: str) -> None:
        self._shown_text = text
        self.field.setText(text)
        if self.field.styleSheet():  # a refused entry was flagged: clear the flag (setting
            self.field.setStyleSheet("")  # a style sheet re-polishes and re-lays out the
            self.field.setToolTip(self._tooltip)  # field, even an empty one: not every move)
        self.error.hide()

    def _on_field_edited(self) -> None:
        if self.field.text() == self._shown_text:
            return  # focus left an untouched field: its rounded text is not a new value
        value = self.parse(self.field.text())
        if value is None or not self.accepts(value):
            message = f"Not a valid value: {self.field.text()!r}." + (
                f" Allowed: {self.allowed}." if self.allowed else ""
            )
            self.field.setStyleSheet("border: 2px solid #c92a2a;")
            self.field.setToolTip(f"{message}\n\n{self._tooltip}")
            self.error.setText(message)
            self.error.show()
            return
        if value == self._value:
            self._show_text(self.field_text(value))
            return
        self.set_value(value)
        self.value_changed.emit(value, None)

    def accepts(self, value: float) -> bool:
        return True


class QueryVolumeKnob(Knob):
    """Daily query volume on a log scale, 10 to 10^10 per day."""

    def __init__(self, parent=None):
        super().__init__(
            "Query volume",
            "queries/day",
            "Mean number of queries served per day (log scale, 10 to 10^10). "
            "Type e.g. 2.5M or 3e7.",
            "query_volume_slider",
            parent,
        )
        self._lo, self._hi = np.log10(VOLUME_RANGE[0]), np.log10(VOLUME_RANGE[1])

    def to_position(self, value: float) -> int:
        if value <= 0:
            return 0
        frac = (np.log10(value) - self._lo) / (self._hi - self._lo)
        return math.floor(min(max(float(frac), 0.0), 1.0) * self.positions + 0.5)

    def from_position(self, position: int) -> float:
        exponent = self._lo + (self._hi - self._lo) * position / self.positions
        return float(f"{10**exponent:.3g}")

    def field_text(self, value: float) -> str:
        return si(value, "", 3).replace(" ", "")

    def readout_text(self, value: float) -> str:
        return si(value, "/day", 3).replace(" /day", "/day")

    allowed = "0 to 1T queries/day, e.g. 2.5M or 3e7"

    def accepts(self, value: float) -> bool:
        return 0 <= value <= 1e12


def retrain_label(per_year: float) -> str:
    """``4`` -> ``"every 3 months"``; ``0`` -> ``"never"``; ``52`` -> ``"weekly"``."""
    if per_year <= 0:
        return "never"
    if abs(per_year - 52) < 0.5:
        return "weekly"
    if abs(per_year - 26) < 0.5:
        return "every 2 weeks"
    if abs(per_year - 365) < 1:
        return "daily"
    months = 12.0 / per_year
    if months >= 12 and abs(months / 12 - round(months / 12)) < 0.05:
        years = round(months / 12)
        return "yearly" if years == 1 else f"every {years} years"
    if abs(months - round(months)) < 0.05:
        return "monthly" if round(months) == 1 else f"every {round(months)} months"
    if months < 1:
        weeks = 52.0 / per_year
        return f"every {weeks:.1f} weeks" if weeks >= 1 else f"every {365.0 / per_year:.1f} days"
    return f"every {months:.1f} months"


class RetrainingKnob(Knob):
    """Retraining frequency: the slider stops at never, every 4 years ... weekly."""

    positions = len(RETRAIN_STEPS) - 1

    def __init__(self, parent=None):
        super().__init__(
            "Retraining frequency",
            "retrains/year",
            "How often the model is retrained to fight drift (never to weekly). "
            "Each retrain costs the scenario's retrain fraction of a full run.",
            "retraining_slider",
            parent,
        )
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)

    def to_position(self, value: float) -> int:
        return int(np.argmin(np.abs(RETRAIN_STEPS - value)))

    def from_position(self, position: int) -> float:
        return float(RETRAIN_STEPS[position])

    def field_text(self, value: float) -> str:
        return f"{value:.3g}"  # an optimised plan's 5.9301 reads 5.93

    def readout_text(self, value: float) -> str:
        return retrain_label(value)

    def parse(self, text: str) -> float | None:
        return parse_cadence(text)

    allowed = "0 (never) to 365 retrains/year, or words like 'weekly', 'every 3 months'"

    def accepts(self, value: float) -> bool:
        return 0 <= value <= 365


TWO_FOUR_HINT = (
    "2:4 removes at most 50% (two of every four weights): above that the engine counts "
    "50%, so cost, latency and accuracy stay as at 50%."
)


class PruningKnob(Knob):
    """Pruning ratio 0 to 0.9, with the sparsity structure chooser beside it."""

    positions = 90
    structure_changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(
            "Pruning ratio",
            "removed",
            "Fraction of weights removed after each (re)training (0 to 0.9). "
            "What it saves depends on the structure and the serving hardware.",
            "pruning_slider",
            parent,
        )
        self.structure = QComboBox()
        self.structure.setObjectName("pruning_structure")
        self.structure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.structure.setMinimumContentsLength(9)
        self.structure.addItems(["unstructured", "2:4", "channel"])
        self.structure.setToolTip(
            "unstructured: any weights (GPUs rarely speed up); 2:4: two of "
            "every four (50% at most, sparse tensor cores); channel: whole "
            "channels/heads (a smaller dense model)"
        )
        self.layout().addWidget(self.structure, 2, 2)
        self.hint = QLabel(TWO_FOUR_HINT)
        self.hint.setObjectName("pruning_hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.layout().addWidget(self.hint, 4, 0, 1, 3)
        self.structure.currentTextChanged.connect(self.structure_changed)
        self.structure.currentTextChanged.connect(lambda _s: self._show_hint())
        self.slider.valueChanged.connect(lambda _p: self._show_hint())

    def set_structure(self, structure: str) -> None:
        self.structure.blockSignals(True)
        self.structure.setCurrentText(structure)
        self.structure.blockSignals(False)
        self._show_hint()

    def set_value(self, value: float) -> None:
        super().set_value(value)
        self._show_hint()

    def _show_hint(self) -> None:
        """Say what 2:4 can remove, plainly once it is asked for more."""
        two_four = self.structure.currentText() == "2:4"
        # Shown whenever 2:4 is chosen (greyed until the ratio passes 50%): showing it only
        # past 50% made the knob taller mid-drag, shifting and repainting the whole panel.
        self.hint.setVisible(two_four)
        self.hint.setEnabled(two_four and self._value > TWO_FOUR_RATIO + 1e-9)

    def to_position(self, value: float) -> int:
        return math.floor(min(max(float(value), 0.0), PRUNING_MAX) * 100 + 0.5)

    def from_position(self, position: int) -> float:
        return position / 100.0

    def field_text(self, value: float) -> str:
        return f"{value:.2f}"

    def readout_text(self, value: float) -> str:
        return f"{value * 100:.0f}%"

    units = ("removed", "of weights removed")

    def parse(self, text: str) -> float | None:
        value = parse_number(text, self.units)
        if value is not None and "%" not in text and value >= 1:
            value /= 100.0  # "30" (or "1") typed means percent
        return value

    @property
    def allowed(self) -> str:
        return f"0 to {PRUNING_MAX:.0%} of the weights, e.g. 0.3 or 30%"

    def accepts(self, value: float) -> bool:
        return 0 <= value <= PRUNING_MAX
