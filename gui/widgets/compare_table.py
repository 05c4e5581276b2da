"""The Compare tab: the current scenario beside the pinned ones, differences highlighted."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ..comparison import comparison_rows, differences


class CompareTable(QTableWidget):
    """Rows of KPIs and inputs; columns Current, A, B, ..., then each pin's difference from
    the current scenario (A - current) for the KPIs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("compare_table")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.highlight = "#fff3bf"

    def show_comparison(self, current, pins) -> None:
        sections = comparison_rows(current, pins)
        labels = ["", "Current", *(p.title for p in pins)]
        labels += [f"{p.label} − current" for p in pins]
        deltas = [differences(current, p) for p in pins]
        self.setColumnCount(len(labels))
        self.setHorizontalHeaderLabels(labels)
        rows = sum(1 + len(r) for _, r in sections)
        self.setRowCount(rows)
        bold = QFont()
        bold.setBold(True)
        row = 0
        for heading, items in sections:
            head = QTableWidgetItem(heading)
            head.setFont(bold)
            self.setItem(row, 0, head)
            row += 1
            for name, values, differs in items:
                self.setItem(row, 0, QTableWidgetItem(name))
                for col, value in enumerate(values, start=1):
                    cell = QTableWidgetItem(value)
                    if differs and col > 1 and value != values[0]:
                        cell.setBackground(QBrush(QColor(self.highlight)))
                        cell.setToolTip(f"Current: {values[0]}")
                    self.setItem(row, col, cell)
                if heading == "KPIs":
                    for col, delta in enumerate(deltas, start=len(values) + 1):
                        self.setItem(row, col, QTableWidgetItem(delta.get(name, "")))
                row += 1

    def apply_theme(self, theme) -> None:
        self.highlight = theme.highlight_row
