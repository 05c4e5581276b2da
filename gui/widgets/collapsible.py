"""A titled section whose body folds away when its header is clicked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget


class CollapsibleSection(QWidget):
    """Header button with an arrow; ``body`` is shown or hidden."""

    def __init__(self, title: str, body: QWidget, expanded: bool = True, parent=None):
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(expanded)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._style_header()
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body = body
        body.setVisible(expanded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(body)
        self.header.toggled.connect(self._on_header_toggled)

    def _style_header(self) -> None:
        """Bold and borderless in the current look's text colour, with a 2 px focus ring in
        its highlight colour (Space folds the section: the ring says which one).

        A style sheet's ``palette(...)`` is resolved once, when it is set: the colours are
        written in again on every palette change (a change of look), or the header would
        keep the old look's text colour (dark on dark after switching to the dark look).
        """
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText).name()
        ring = palette.color(QPalette.ColorRole.Highlight).name()
        self.header.setStyleSheet(
            f"QToolButton {{ border: 2px solid transparent; border-radius: 3px; "
            f"font-weight: bold; color: {text}; }}"
            f"QToolButton:focus {{ border-color: {ring}; }}"
        )

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_header()

    def _on_header_toggled(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)
