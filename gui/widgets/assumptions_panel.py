"""Every assumption of the scenario, grouped and collapsible, built from the engine's specs.

Labels, units, ranges and tooltips come from the FieldSpecs in ``engine/scenario.py``, so
the panel can never drift from what the engine accepts.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from whatif import engine
from whatif.engine.architecture import shape_mismatch, shape_params
from whatif.engine.fields import FieldSpec
from whatif.engine.scenario import field_applies, spec_for

from ..formatting import number
from ..number_text import compact, is_auto, parse_number
from .collapsible import CollapsibleSection

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Model",
        (
            "model.kind",
            "model.pretraining",
            "model.params",
            "model.active_params",
            "model.experts",
            "model.experts_per_token",
            "model.training_tokens",
            "model.precision",
            "model.kv_precision",
            "model.kv_bytes_per_token",
            "model.prompt_tokens",
            "model.output_tokens",
            "model.layers",
            "model.hidden_size",
            "model.kv_heads",
            "model.head_dim",
            "model.forward_flops_per_query",
            "model.forward_flops_per_sample",
            "model.activation_bytes_per_query",
            "model.training_samples",
            "model.epochs",
        ),
    ),
    (
        "Training",
        (
            "training.hardware",
            "training.devices",
            "training.mfu",
            "training.precision",
            "training.goodput",
            "training.dev_overhead",
            "training.retrain_method",
            "training.retrain_tokens",
            "training.retrain_fraction",
        ),
    ),
    (
        "Serving",
        (
            "inference.hardware",
            "inference.monthly_growth",
            "inference.peak_to_mean",
            "inference.ttft_slo_ms",
            "inference.tpot_slo_ms",
            "inference.latency_slo_ms",
            "inference.target_utilization",
            "inference.provisioning",
            "inference.batch",
            "inference.max_batch",
            "inference.max_batched_tokens",
            "inference.slo_service_fraction",
            "inference.prefix_cache_hit",
            "inference.speculative_tokens",
            "inference.draft_params",
            "inference.service_cv",
            "inference.min_replicas",
            "inference.cold_start_minutes",
            "inference.replicas",
            "inference.max_replicas",
            "inference.usable_memory_fraction",
        ),
    ),
    (
        "Pruning and quality",
        (
            "pruning.recovery_fraction",
            "quality.baseline_accuracy",
            "quality.pruning_sensitivity",
            "quality.recovery_gain",
            "quality.drift_per_month",
            "quality.value_per_point_per_1k_queries",
        ),
    ),
    (
        "Economics",
        (
            "economics.horizon_months",
            "economics.pricing",
            "economics.training_usd_per_device_hour",
            "economics.serving_usd_per_device_hour",
            "economics.api_usd_per_million_input_tokens",
            "economics.api_usd_per_million_output_tokens",
            "economics.spot_serving",
            "economics.spot_preemption_overhead",
            "economics.electricity_usd_per_kwh",
            "economics.hosting_usd_per_kw_month",
            "economics.operations_usd_per_device_year",
            "economics.cost_of_capital",
            "economics.pue",
            "economics.grid_kgco2_per_kwh",
        ),
    ),
)
"""The panel's groups; the three knobs (volume, retraining, pruning ratio and structure)
live above it."""

SHAPE_WARNING_COLOUR = "#e8a317"
"""Amber: a value that holds but probably is not what was meant."""
HARDWARE_KEYS = {"training.hardware", "inference.hardware"}
_UNSET = object()
COUNT_UNITS = {
    "fraction",
    "fraction/month",
    "x",
    "",
    "parameters",
    "tokens",
    "layers",
    "heads",
    "queries",
    "devices",
    "replicas",
    "samples",
    "epochs",
}
"""Units the label already says (a count of the thing named); others are shown."""


def editable(value: float, billions: str = "G") -> str:
    """A value as people type it: whole numbers below a million in full (``4096``, not
    ``4.096k``; ``12288`` is not rounded to ``12.29k``), larger ones compactly (``6.74B``)
    unless that would round them."""
    if value == round(value) and abs(value) < 1e6:
        return f"{value:.0f}"
    text = compact(value, 4, billions)
    if parse_number(text) != value and abs(value) >= 1e6:
        text = compact(value, 12, billions)  # exact: a re-edit never rounds the value
    return text


def allowed_text(spec: FieldSpec) -> str:
    """The range a field accepts, in words: ``"above 0 and at most 1"``, ``"1 to 10,000"``."""
    unit = f" {spec.unit}" if spec.unit and spec.unit not in COUNT_UNITS else ""
    low = None if spec.lo is None else number(spec.lo, 4)
    high = None if spec.hi is None else number(spec.hi, 4)
    words = ""
    if low is not None and high is not None and not spec.lo_exclusive:
        words = f"{low} to {high}{unit}"
    elif low is not None and high is not None:
        words = f"above {low} and at most {high}{unit}"
    elif low is not None:
        words = f"{'above' if spec.lo_exclusive else 'at least'} {low}{unit}"
    elif high is not None:
        words = f"at most {high}{unit}"
    if spec.auto and words:
        words += f", or '{spec.none_word}'"
    return words


def tooltip_for(spec: FieldSpec) -> str:
    parts = [spec.doc + "."]
    if spec.unit:
        parts.append(f"Unit: {spec.unit}.")
    if spec.lo is not None or spec.hi is not None:
        low = "" if spec.lo is None else f"{'>' if spec.lo_exclusive else '≥'} {spec.lo:g}"
        high = "" if spec.hi is None else f"≤ {spec.hi:g}"
        parts.append("Range: " + ", ".join(p for p in (low, high) if p) + ".")
    if spec.auto and spec.none_word == "none":
        parts.append("Type 'none' for no target.")
    elif spec.auto:
        parts.append("Type 'auto' to derive it.")
    return " ".join(parts)


class AssumptionsPanel(QWidget):
    """Grouped editors; emits ``changed({"section.key": value})`` when the user edits one."""

    changed = Signal(dict)

    def __init__(self, profiles, parent=None):
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.errors: dict[str, QLabel] = {}
        """A red line under each editor saying why a typed value was refused."""
        self.sections: dict[str, CollapsibleSection] = {}
        self._shown: dict[str, object] = {}
        self._invalid: set[str] = set()
        self._refused: dict[str, str] = {}
        self._generic: bool | None = None
        self.shape_warning: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, keys in GROUPS:
            body = QWidget()
            form = QFormLayout(body)
            form.setContentsMargins(8, 0, 0, 4)
            # A long label and its field share a line where the panel is wide enough, else
            # the field goes under its label: nothing is cut in a narrow panel.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for dotted in keys:
                editor = self._make_editor(dotted, profiles)
                spec = spec_for(dotted)
                label = QLabel(
                    spec.label
                    + (f" [{spec.unit}]" if spec.unit and spec.unit not in COUNT_UNITS else "")
                )
                label.setToolTip(tooltip_for(spec))
                editor.setToolTip(tooltip_for(spec))
                form.addRow(label, editor)
                error = QLabel()
                error.setObjectName(dotted.replace(".", "_") + "_error")
                error.setWordWrap(True)
                error.setStyleSheet("color: #c92a2a;")
                error.hide()
                form.addRow(error)
                self.errors[dotted] = error
                self.rows[dotted] = (label, editor)
            section = CollapsibleSection(title, body, expanded=title in ("Serving", "Model"))
            self.sections[title] = section
            layout.addWidget(section)
        layout.addStretch(1)

    def _make_editor(self, dotted: str, profiles) -> QWidget:
        spec = spec_for(dotted)
        if dotted in HARDWARE_KEYS:
            combo = QComboBox()
            combo.setObjectName(dotted.replace(".", "_"))
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            self.set_profiles(combo, profiles)
            combo.activated.connect(lambda _i, c=combo, k=dotted: self._emit(k, c.currentData()))
            editor = combo
        elif spec.kind == "choice":
            combo = QComboBox()
            combo.setObjectName(dotted.replace(".", "_"))
            combo.addItems(spec.choices)
            combo.activated.connect(lambda _i, c=combo, k=dotted: self._emit(k, c.currentText()))
            editor = combo
        else:
            edit = QLineEdit()
            edit.setObjectName(dotted.replace(".", "_"))
            edit.setMinimumWidth(90)
            edit.editingFinished.connect(lambda e=edit, k=dotted: self._on_number_edited(k, e))
            editor = edit
        self.editors[dotted] = editor
        return editor

    @staticmethod
    def set_profiles(combo: QComboBox, profiles) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for pid in sorted(profiles):
            combo.addItem(f"{profiles[pid].name} ({pid})", pid)
        if current is not None:
            combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _emit(self, dotted: str, value) -> None:
        self.changed.emit({dotted: value})

    def _on_number_edited(self, dotted: str, edit: QLineEdit) -> None:
        text = edit.text()
        if text == edit.property("shown"):
            if dotted in self._invalid:  # typed back to the value in force: all is well
                self._clear_invalid(dotted)
            return  # focus left an untouched field
        if self._refused.get(dotted) == text:
            return  # already refused, and the reason is on show
        spec = spec_for(dotted)
        if spec.auto and (is_auto(text) or spec.is_none_word(text) or not text.strip()):
            value = spec.none_word
        else:
            value = parse_number(text, (spec.unit,))
            if value is None:
                self._refused[dotted] = text
                unit = f" in {spec.unit}" if spec.unit else ""
                self.mark_invalid(dotted, f"Not a number{unit}: {text!r}")
                return
        self._refused[dotted] = text  # forgotten again when the value is applied
        self.changed.emit({dotted: value})

    def mark_invalid(self, dotted: str, message: str) -> None:
        """Show that the value typed for ``dotted`` was refused, and why."""
        editor = self.editors.get(dotted)
        if editor is not None:
            allowed = allowed_text(spec_for(dotted))
            shown = message.rstrip(".") + "." + (f" Allowed: {allowed}." if allowed else "")
            editor.setStyleSheet("border: 2px solid #c92a2a;")
            editor.setToolTip(f"{shown}\n\n{tooltip_for(spec_for(dotted))}")
            self.errors[dotted].setText(shown)
            self.errors[dotted].show()
            self._invalid.add(dotted)

    def _clear_invalid(self, dotted: str) -> None:
        editor = self.editors[dotted]
        editor.setStyleSheet("")
        editor.setToolTip(tooltip_for(spec_for(dotted)))
        self.errors[dotted].hide()
        editor.setProperty("shape_flag", "")  # the shape check outlines it again if due
        self._invalid.discard(dotted)
        self._refused.pop(dotted, None)

    def _flag_shape(self, scenario: engine.Scenario) -> None:
        """Outline the layers and hidden size in amber when they describe a model far from
        the parameter count (say 32 x 4096 kept for 70B), and say so in their tooltips."""
        m = scenario.model
        active = m.params if m.active_params is None else m.active_params
        ratio = None
        if m.kind == "llm" and np.ndim(active) == 0 and np.ndim(m.layers or 0) == 0:
            ratio = shape_mismatch(active, m.layers, m.hidden_size)
        self.shape_warning = None
        if ratio is not None:
            self.shape_warning = (
                f"{m.layers:g} layers x hidden {m.hidden_size:,.0f} make a "
                f"{compact(float(shape_params(m.layers, m.hidden_size)), 3, 'B')}-parameter "
                f"model (12 L d²), not {compact(float(active), 3, 'B')}: the KV cache and "
                "attention cost use this shape. Type auto to derive it from the parameters."
            )
        for dotted in ("model.layers", "model.hidden_size"):
            if dotted in self._invalid:
                continue
            editor = self.editors[dotted]
            tip = tooltip_for(spec_for(dotted))
            if (editor.property("shape_flag") or None) == self.shape_warning:
                continue  # runs on every slider step: touch nothing that holds
            editor.setProperty("shape_flag", self.shape_warning or "")
            if self.shape_warning is None:
                editor.setStyleSheet("")
                editor.setToolTip(tip)
            else:
                editor.setStyleSheet(f"border: 2px solid {SHAPE_WARNING_COLOUR};")
                editor.setToolTip(f"Shape mismatch: {self.shape_warning}\n\n{tip}")

    def revert(self, dotted: str, scenario: engine.Scenario) -> None:
        """Show ``scenario``'s value again in a chooser whose choice was refused."""
        editor = self.editors.get(dotted)
        if isinstance(editor, QComboBox):
            self._shown.pop(dotted, None)
            self.sync(scenario)

    def sync(self, scenario: engine.Scenario) -> None:
        """Show ``scenario``'s values without emitting anything.

        Only editors whose value changed are touched: this runs on every slider step, and
        restyling or re-texting forty editors would cost more than the whole evaluation.
        """
        generic = scenario.model.kind == "generic"
        for dotted, editor in self.editors.items():
            value = scenario.get(dotted)
            if self._shown.get(dotted, _UNSET) == value and dotted not in self._invalid:
                continue
            self._shown[dotted] = value
            self._refused.pop(dotted, None)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                index = (
                    editor.findData(value) if dotted in HARDWARE_KEYS else editor.findText(value)
                )
                editor.setCurrentIndex(max(index, 0))
            else:
                unit = spec_for(dotted).unit
                billions = "B" if unit in ("parameters", "tokens", "samples") else "G"
                shown_none = spec_for(dotted).none_word
                text = shown_none if value is None else editable(float(value), billions)
                editor.setText(text)
                editor.setProperty("shown", text)
                editor.setCursorPosition(0)
            if dotted in self._invalid:
                self._clear_invalid(dotted)
            editor.blockSignals(False)
        self._flag_shape(scenario)
        if generic != self._generic:
            self._generic = generic
            for dotted, (label, editor) in self.rows.items():
                hidden = not field_applies(dotted, "generic" if generic else "llm")
                label.setVisible(not hidden)
                editor.setVisible(not hidden)
                if hidden:
                    self.errors[dotted].hide()
