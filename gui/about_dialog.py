"""Help > About: the version, the libraries it runs on, its licence, and where it keeps
profiles, settings and unsaved edits; selectable, with a Copy button for bug reports."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import numpy
import pyqtgraph
import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

import whatif
from whatif import __version__
from whatif.engine.profiles import user_profile_dir

from .autosave import autosave_dir
from .settings import app_settings

DISTRIBUTION = "whatif-ai-economics"
"""The installed distribution's name (pyproject's ``project.name``)."""


def installed_version() -> str:
    """The version in the package metadata; the source tree's when not installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__


def licence() -> str:
    """The licence named in the package metadata (MIT)."""
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "MIT"
    return meta.get("License-Expression") or meta.get("License") or "MIT"


def about_lines() -> list[str]:
    """The About facts, one per line, as plain text."""
    return [
        f"whatif {installed_version()}: training vs inference economics of AI models",
        f"Licence: {licence()}",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}, pyqtgraph {pyqtgraph.__version__}, "
        f"numpy {numpy.__version__}",
        f"Your hardware profiles: {user_profile_dir()}",
        f"Settings: {app_settings().fileName()}",
        f"Unsaved edits (recovery): {autosave_dir()}",
        f"Program: {Path(whatif.__file__).parent}",
    ]


class AboutDialog(QDialog):
    """The facts in a read-only, selectable text box; Copy puts them on the clipboard."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle("About whatif")
        self.text = QPlainTextEdit("\n".join(about_lines()))
        self.text.setObjectName("about_text")
        self.text.setReadOnly(True)
        self.text.setMinimumSize(620, 190)
        note = QLabel("Runs offline: nothing is downloaded, nothing is sent.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("about_copy")
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put the About text on the clipboard (for a bug report)."""
        QApplication.clipboard().setText(self.text.toPlainText())
