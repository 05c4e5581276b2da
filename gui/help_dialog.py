"""Help > Formulas and sources: the model, its formulas and where each comes from."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from .model_text import MODEL_HTML

HELP_HTML = (
    MODEL_HTML
    + """<h3>Keyboard</h3>
<p>Alt+1/2/3 focus the knobs (arrows and Page Up/Down move them); Ctrl+Z / Ctrl+Shift+Z undo
and redo; Ctrl+1 / Ctrl+2 switch charts and hardware table; Ctrl+Shift+D the dark look.</p>
"""
)


class HelpDialog(QDialog):
    """A scrollable page of the model's formulas and sources."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Formulas and sources")
        self.resize(720, 640)
        browser = QTextBrowser()
        browser.setHtml(HELP_HTML)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
