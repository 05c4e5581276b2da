"""Analyse > Uncertainty ranges: what the Monte Carlo assumes, one row per uncertain input.

Any numeric scenario field may be added with a distribution (engine/distributions.py); the
six defaults are factors (and growth an amount), as before.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from whatif.engine.distributions import Distribution, as_distribution
from whatif.engine.scenario import spec_for

from .range_row import RangeRow, uncertain_fields


def _label(key: str) -> str:
    return spec_for(key).label or key


def range_text(key: str, dist) -> str:
    """One range as people read it: ``"query volume ×0.5 to ×2"``, ``"monthly growth
    -2% to +2%"``, ``"MFU triangular 0.3, 0.4, 0.5"`` (not the raw key and bare numbers)."""
    dist = as_distribution(key, dist)
    name = _label(key)
    name = name[0].lower() + name[1:] if name[:2] != name[:2].upper() else name
    low, high = dist.params[0], dist.params[-1]
    if dist.kind == "shift" and key == "inference.monthly_growth":
        return f"{name} {low * 100:+g}% to {high * 100:+g}%"
    if dist.kind == "shift":
        return f"{name} {low:+g} to {high:+g}"
    if dist.kind == "factor":
        return f"{name} ×{low:g} to ×{high:g}"
    return f"{name} {dist.kind} {', '.join(f'{p:g}' for p in dist.params)}"


class RangesDialog(QDialog):
    """Rows of (input, distribution, parameters); Add input, remove a row, OK checks each."""

    def __init__(self, ranges: dict, scenario, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Uncertainty ranges")
        self.resize(900, 420)
        self.scenario = scenario
        self.keys = uncertain_fields(str(scenario.model.kind))
        self.rows: list[RangeRow] = []
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        outer = QVBoxLayout(holder)
        outer.addLayout(self.body)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.add_button = QPushButton("&Add input")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.message = QLabel(
            "× factor multiplies the scenario's value (0.5 to 2 = half to double, "
            "log-uniform) and + amount adds to it, so both follow the knobs; the other "
            "distributions replace the value, in its own unit (normal and lognormal stay "
            "inside the input's valid range). 1 to 1 (or 0 to 0) fixes an input."
        )
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for key, value in ranges.items():
            if key in self.keys:
                self.add_row(key, as_distribution(key, value))
        self.ranges = dict(ranges)

    def add_row(self, key: str | None = None, dist: Distribution | None = None) -> RangeRow:
        """A new row: ``key`` (default: the first input not yet listed) as a ×0.5-2 factor."""
        used = {row.key for row in self.rows}
        key = key or next((k for k in self.keys if k not in used), self.keys[0])
        row = RangeRow(self.keys, key, dist or Distribution.plain(key, 0.5, 2.0), self.scenario)
        row.removed.connect(self._on_row_removed)
        self.rows.append(row)
        self.body.addWidget(row)
        return row

    def read(self) -> dict | None:
        """The distributions typed, or None (and a message) if a row is not valid."""
        out = {}
        for row in self.rows:
            dist, problem = row.read()
            if dist is None or row.key in out:
                problem = problem or "listed twice: keep one row per input"
                self.message.setText(f"{_label(row.key)}: {problem}")
                self.message.setStyleSheet("color: #c92a2a;")
                row.field.setFocus()
                return None
            out[row.key] = dist
        return out

    def _on_add_clicked(self) -> None:
        self.add_row().field.setFocus()

    def _on_row_removed(self, row: RangeRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()

    def _on_accepted(self) -> None:
        ranges = self.read()
        if ranges is not None:
            self.ranges = ranges
            self.accept()
