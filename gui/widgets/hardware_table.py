"""Every loaded profile evaluated on the current scenario, as serving and as training
hardware: sortable, with the current choices highlighted (rows: gui/widgets/hardware_model.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .hardware_model import COLUMNS, HardwareModel

SIZING_ROWS = 100
"""Rows measured when the columns are fitted to their contents (Qt's default, every row,
made each redraw grow with the number of profiles)."""


class HardwareTable(QTableView):
    """Rows from ``engine.sweeps.hardware_comparison``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("hardware_table")
        self.table_model = HardwareModel(self)
        self.setModel(self.table_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(SIZING_ROWS)
        header.setStretchLastSection(True)
        self.setSortingEnabled(True)
        self.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self._sized = False

    def set_rows(self, rows: list[dict], serving_id: str, training_id: str) -> None:
        """Show ``rows`` (one model reset); the columns fit their contents the first time."""
        self.table_model.set_rows(rows, serving_id, training_id)
        if not self._sized and rows:
            self.resizeColumnsToContents()
            self._sized = True

    def row_count(self) -> int:
        """Rows shown."""
        return self.table_model.rowCount()

    def column_count(self) -> int:
        """Columns shown."""
        return len(COLUMNS)

    def text(self, row: int, column: int) -> str:
        """The text of a cell as shown (in the current sort order)."""
        return self.table_model.rows[row].texts[column]

    def sort_key(self, row: int, column: int):
        """The value a cell sorts by (its number; infinity when missing or saturated)."""
        return self.table_model.rows[row].keys[column]

    def apply_theme(self, theme) -> None:
        self.table_model.set_colours(theme.highlight_row, theme.warning)
