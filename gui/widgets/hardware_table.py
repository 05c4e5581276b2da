"""Every loaded profile evaluated on the current scenario, as serving and as training
hardware: sortable, with the current choices highlighted."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ..formatting import duration, number, si, usd

COLUMNS = (
    ("id", "Profile", str),
    ("kind", "Kind", str),
    ("cost_per_1k_queries_usd", "Serving $/1k queries", usd),
    ("serving_usd_per_year", "Serving $/year", usd),
    ("latency_p99_s", "p99 latency", duration),
    ("serving_devices", "Serving devices", number),
    ("tokens_per_s_per_device", "Output/s per device", lambda v: si(v, "")),
    ("serving_energy_wh_per_query", "Wh per query", number),
    ("training_run_usd", "Training run $", usd),
    ("training_days", "Training days", lambda v: f"{v:.1f}"),
    ("training_co2_kg", "Training tCO2e", lambda v: number(v / 1000)),
    ("lifetime_usd", "Lifetime $ (training on it)", usd),
    ("note", "Notes", str),
)


class SortableItem(QTableWidgetItem):
    """A cell that sorts by its number (missing values last), shows formatted text."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.key = key

    def __lt__(self, other):
        a, b = self.key, getattr(other, "key", None)
        if isinstance(a, float | int) and isinstance(b, float | int):
            return a < b
        return str(a) < str(b)


class HardwareTable(QTableWidget):
    """Rows from ``engine.sweeps.hardware_comparison``."""

    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("hardware_table")
        self.setHorizontalHeaderLabels([title for _, title, _ in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setSortingEnabled(True)
        self.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.highlight = "#fff3bf"
        self.warning = "#c92a2a"

    def set_rows(self, rows: list[dict], serving_id: str, training_id: str) -> None:
        sorting = self.isSortingEnabled()
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows):
            current = row["id"] in (serving_id, training_id)
            for c, (key, _, fmt) in enumerate(COLUMNS):
                value = row.get(key)
                if value is None:
                    text, sort_key = "—", math.inf
                elif isinstance(value, float):
                    text = fmt(value) if math.isfinite(value) else "saturated"
                    sort_key = value if math.isfinite(value) else math.inf
                else:
                    text, sort_key = fmt(value), value
                if key == "id":
                    roles = [
                        name
                        for name, pid in (("serving", serving_id), ("training", training_id))
                        if pid == value
                    ]
                    text = value + (f"  ◀ {' + '.join(roles)}" if roles else "")
                item = SortableItem(text, sort_key)
                item.setToolTip(row.get("name", ""))
                if current:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor(self.highlight)))
                if (
                    key in ("cost_per_1k_queries_usd", "latency_p99_s")
                    and row.get("serving_ok") is False
                ):
                    item.setForeground(QBrush(QColor(self.warning)))
                    item.setToolTip("Misses the SLO, saturates, or does not fit")
                self.setItem(r, c, item)
        self.setSortingEnabled(sorting)

    def apply_theme(self, theme) -> None:
        self.highlight = theme.highlight_row
        self.warning = theme.warning
