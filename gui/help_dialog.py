"""Help (F1): start here, every keyboard shortcut (read from the window's own actions), how
to read each chart, a glossary, and the model's formulas and sources, one tab each."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout

from .help_content import START_HTML, charts_html, glossary_html
from .model_text import MODEL_HTML
from .shortcuts import shortcuts_html

PAGES = ("Start here", "Keyboard", "Reading the charts", "Glossary", "Formulas and sources")
"""The tabs, in order (``HelpDialog.show_page`` takes one of these)."""


class HelpDialog(QDialog):
    """Tabs of help pages for ``window``; Esc or Close leaves."""

    def __init__(self, window=None):
        super().__init__(window)
        self.setObjectName("help_dialog")
        self.setWindowTitle("whatif help")
        self.resize(760, 680)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("help_tabs")
        pages = (
            START_HTML,
            shortcuts_html(window) if window is not None else "",
            charts_html(),
            glossary_html(),
            MODEL_HTML,
        )
        self.browsers: dict[str, QTextBrowser] = {}
        for title, html in zip(PAGES, pages, strict=True):
            browser = QTextBrowser()
            browser.setObjectName("help_" + title.split()[0].lower())
            browser.setOpenExternalLinks(False)  # offline: no link leaves the program
            browser.setHtml(html)
            self.tabs.addTab(browser, title)
            self.browsers[title] = browser
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def show_page(self, title: str) -> None:
        """Bring tab ``title`` (one of :data:`PAGES`) to the front."""
        self.tabs.setCurrentIndex(PAGES.index(title))
