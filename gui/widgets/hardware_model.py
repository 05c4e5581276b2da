"""The hardware comparison's rows as a Qt table model: one list of rows, formatted once,
sorted in Python, drawn by the view for the visible cells only (2,000 profiles redraw in
milliseconds; QTableWidget items with resize-to-contents took minutes)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

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

WARNED = ("cost_per_1k_queries_usd", "latency_p99_s")
"""Columns drawn in the warning colour when the profile misses the SLO, saturates or does
not fit."""


@dataclass(frozen=True)
class Row:
    """One profile's cells: the text shown and the key it sorts by, per column."""

    texts: tuple[str, ...]
    keys: tuple
    name: str
    current: bool
    serving_ok: bool


def make_row(row: dict, serving_id: str, training_id: str) -> Row:
    """The cells of one ``engine.sweeps.hardware_comparison`` row; the profiles in use are
    marked (``◀ serving``, ``◀ training``)."""
    texts, keys = [], []
    for key, _, fmt in COLUMNS:
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
        texts.append(text)
        keys.append(sort_key)
    return Row(
        tuple(texts),
        tuple(keys),
        row.get("name", ""),
        row["id"] in (serving_id, training_id),
        row.get("serving_ok") is not False,
    )


def _sort_key(column: int):
    """Numbers by value before text (missing values, infinite, last); text by itself."""

    def key(row: Row):
        value = row.keys[column]
        if isinstance(value, float | int) and not isinstance(value, bool):
            return (0, value, "")
        return (1, 0.0, str(value))

    return key


class HardwareModel(QAbstractTableModel):
    """Rows of the hardware comparison, sortable by any column."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.sorted_by = (2, Qt.SortOrder.AscendingOrder)
        self.highlight = QColor("#fff3bf")
        self.warning = QColor("#c92a2a")
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[dict], serving_id: str, training_id: str) -> None:
        """Replace every row (one model reset), kept in the current sort order."""
        self.beginResetModel()
        self.rows = [make_row(r, serving_id, training_id) for r in rows]
        self._sort_rows()
        self.endResetModel()

    def set_colours(self, highlight: str, warning: str) -> None:
        """The background of the profiles in use and the colour of a missed target."""
        self.highlight, self.warning = QColor(highlight), QColor(warning)
        if self.rows:
            last = self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # QAbstractTableModel ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == Qt.ItemDataRole.UserRole:
            return row.keys[column]
        warned = COLUMNS[column][0] in WARNED and not row.serving_ok
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Misses the SLO, saturates, or does not fit" if warned else row.name
        if role == Qt.ItemDataRole.FontRole and row.current:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.current:
            return QBrush(self.highlight)
        if role == Qt.ItemDataRole.ForegroundRole and warned:
            return QBrush(self.warning)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sorted_by = (column, order)
        self._sort_rows()
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column, order = self.sorted_by
        descending = order == Qt.SortOrder.DescendingOrder
        self.rows.sort(key=_sort_key(column), reverse=descending)
