"""Where the window keeps its layout, look and last scenario (QSettings)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "whatif"
APPLICATION = "whatif-ai-economics"


def app_settings() -> QSettings:
    """The settings store: an INI file under ``$WHATIF_CONFIG_DIR`` when that is set
    (tests, portable installs), else the platform's native place."""
    root = os.environ.get("WHATIF_CONFIG_DIR")
    if root:
        Path(root).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(root) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)
