"""One row of Analyse > Uncertainty ranges: an input, its distribution and the parameters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from whatif.engine.distributions import EXCLUDED, KINDS, Distribution
from whatif.engine.fields import specs
from whatif.engine.scenario import SECTIONS, field_applies, spec_for

from ..number_text import parse_number

KIND_NAMES = {
    "factor": "× factor (log-uniform)",
    "shift": "+ amount (uniform)",
    "uniform": "Uniform",
    "loguniform": "Log-uniform",
    "triangular": "Triangular",
    "normal": "Normal (truncated)",
    "lognormal": "Lognormal (truncated)",
}
"""Each distribution as the chooser names it."""
ERROR_STYLE = "border: 1px solid #c92a2a;"


def input_label(key: str) -> str:
    """A field as people read it: its label and unit (``Parameters``, ``MFU``)."""
    spec = spec_for(key)
    name = spec.label or key
    return f"{name} [{spec.unit}]" if spec.unit and spec.unit not in ("x", "") else name


def uncertain_fields(model_kind: str) -> list[str]:
    """Every numeric field a distribution may replace for this kind of model, by label."""
    keys = [
        f"{section}.{name}"
        for section, cls in SECTIONS.items()
        for name, spec in specs(cls).items()
        if spec.kind in ("number", "integer")
    ]
    keys = [k for k in keys if k not in EXCLUDED and field_applies(k, model_kind)]
    return sorted(keys, key=lambda k: input_label(k).lower())


class RangeRow(QWidget):
    """Input chooser, distribution chooser, up to three named parameters, a remove button."""

    removed = Signal(object)

    def __init__(self, keys: list[str], key: str, dist: Distribution, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        self.field = QComboBox()
        self.field.setObjectName("range_input")
        for k in keys:
            self.field.addItem(input_label(k), k)
            self.field.setItemData(self.field.count() - 1, k, 3)  # tooltip: the file's key
        self.kind = QComboBox()
        self.kind.setObjectName("range_kind")
        for kind, name in KIND_NAMES.items():
            self.kind.addItem(name, kind)
            self.kind.setItemData(self.kind.count() - 1, KINDS[kind][1], 3)
        self.names = [QLabel() for _ in range(3)]
        self.edits = [QLineEdit() for _ in range(3)]
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this input")
        self.remove.setAccessibleName("Remove")
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field, 3)
        layout.addWidget(self.kind, 2)
        for name, edit in zip(self.names, self.edits, strict=True):
            edit.setMaximumWidth(90)
            layout.addWidget(name)
            layout.addWidget(edit, 1)
        layout.addWidget(self.remove)
        self.field.setCurrentIndex(max(self.field.findData(key), 0))
        self.kind.setCurrentIndex(self.kind.findData(dist.kind))
        self._show_params(dist.params)
        self.kind.currentIndexChanged.connect(lambda _: self._show_params(self._defaults()))
        self.field.currentIndexChanged.connect(lambda _: self._show_params(self._defaults()))

    @property
    def key(self) -> str:
        return self.field.currentData()

    def read(self) -> tuple[Distribution | None, str]:
        """This row's distribution, or None and a one-line reason (the bad box outlined)."""
        for edit in self.edits:
            edit.setStyleSheet("")
        kind = self.kind.currentData()
        values = []
        for i, name in enumerate(KINDS[kind][0]):
            value = parse_number(self.edits[i].text())
            if value is None:
                self.edits[i].setStyleSheet(ERROR_STYLE)
                return None, f"give a number for {name}"
            values.append(value)
        dist = Distribution(kind, tuple(values))
        problem = dist.problem(self.key)
        if problem:
            for edit in self.edits[: len(values)]:
                edit.setStyleSheet(ERROR_STYLE)
        return (None, problem) if problem else (dist, "")

    def _show_params(self, params) -> None:
        names = KINDS[self.kind.currentData()][0]
        for i, (label, edit) in enumerate(zip(self.names, self.edits, strict=True)):
            shown = i < len(names)
            label.setVisible(shown)
            edit.setVisible(shown)
            edit.setStyleSheet("")
            if shown:
                label.setText(names[i])
                edit.setText("" if params is None else f"{params[i]:.6g}")

    def _defaults(self):
        """Parameters to start from: around the scenario's value (blank if it is ``auto``)."""
        kind = self.kind.currentData()
        if kind == "factor":
            return (0.5, 2.0)
        if kind == "shift":
            return (0.0, 0.0)
        v = self.scenario.resolved(self.key)
        if v is None:
            return None
        spec = spec_for(self.key)
        near = tuple(float(x) for x in spec.clip([0.8 * v, v, 1.2 * v]))
        if kind == "triangular":
            return near
        if kind in ("uniform", "loguniform"):
            return (near[0], near[2])
        if kind == "normal":
            return (v, abs(v) * 0.1)
        return (v, 0.2) if v > 0 else None
