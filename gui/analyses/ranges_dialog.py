"""Analyse > Uncertainty ranges: what the Monte Carlo bands assume, editable."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from whatif.engine.scenario import spec_for
from whatif.engine.uncertainty import ADDITIVE, DEFAULT_RANGES

from ..number_text import parse_number


def _label(key: str) -> str:
    return spec_for(key).label or key


def range_text(key: str, low: float, high: float) -> str:
    """One range as people read it: ``"query volume x0.5 to x2"``, ``"monthly growth
    -2% to +2%"`` (not the raw key and bare factors)."""
    name = _label(key)
    name = name[0].lower() + name[1:] if name[:2] != name[:2].upper() else name
    if key in ADDITIVE:
        return f"{name} {low * 100:+g}% to {high * 100:+g}%"
    return f"{name} ×{low:g} to ×{high:g}"


class RangesDialog(QDialog):
    """One row per uncertain input: low and high (factors; amounts for growth)."""

    def __init__(self, ranges: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Uncertainty ranges")
        self.resize(560, 330)
        self.keys = list(DEFAULT_RANGES)
        self.table = QTableWidget(len(self.keys), 4)
        self.table.setObjectName("ranges_table")
        self.table.setHorizontalHeaderLabels(["Input", "Low", "High", "Kind"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, key in enumerate(self.keys):
            low, high = ranges.get(key, (0.0, 0.0) if key in ADDITIVE else (1.0, 1.0))
            name = QTableWidgetItem(_label(key))
            name.setToolTip(key)
            kind = QTableWidgetItem("amount (+/-)" if key in ADDITIVE else "factor (x)")
            for item in (name, kind):
                item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(f"{low:g}"))
            self.table.setItem(row, 2, QTableWidgetItem(f"{high:g}"))
            self.table.setItem(row, 3, kind)
        self.message = QLabel(
            "Factors multiply the scenario's value (0.5 to 2 = half to double, "
            "drawn log-uniformly); growth moves by an amount. 1 to 1 (or 0 "
            "to 0) fixes an input."
        )
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.ranges = dict(ranges)

    def read(self) -> dict | None:
        """The ranges typed, or None (and a message) if a cell is not a valid number."""
        out = {}
        for row, key in enumerate(self.keys):
            low = parse_number(self.table.item(row, 1).text())
            high = parse_number(self.table.item(row, 2).text())
            bad = low is None or high is None or (key not in ADDITIVE and (low <= 0 or high <= 0))
            if bad:
                self.message.setText(
                    f"{_label(key)}: give two numbers"
                    + ("" if key in ADDITIVE else " above 0 (factors)")
                )
                self.message.setStyleSheet("color: #c92a2a;")
                return None
            if low > high:
                self.message.setText(
                    f"{_label(key)}: the low end ({low:g}) is above the high end ({high:g})"
                )
                self.message.setStyleSheet("color: #c92a2a;")
                self.table.setCurrentCell(row, 1)
                return None
            out[key] = (low, high)
        return out

    def _on_accepted(self) -> None:
        ranges = self.read()
        if ranges is not None:
            self.ranges = ranges
            self.accept()
