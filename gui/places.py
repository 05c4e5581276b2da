"""Where the window proposes to put the user's files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> str:
    """The user's documents folder (QStandardPaths), else the home folder: the start of a
    Save as or Export dialog for an untitled scenario, never the program's own folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())
