"""Where the window keeps its layout, look and last scenario (QSettings), and whether the
per-user folder for settings, autosave and profiles can be used at all."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "whatif"
APPLICATION = "whatif-ai-economics"


def config_dir() -> Path:
    """The per-user folder: ``$WHATIF_CONFIG_DIR`` when set (tests, portable installs),
    else the platform's (``~/.config/whatif-ai-economics`` on Linux)."""
    return Path(os.environ.get("WHATIF_CONFIG_DIR") or platformdirs.user_config_dir(APPLICATION))


def config_problem() -> str | None:
    """Why the per-user folder cannot be used (it is a file, a symlink loop, cannot be
    created or written), as one line; None when it can. Creates the folder if missing."""
    root = config_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{root} is not a folder"
    except OSError as exc:
        return f"{root} cannot be created ({exc.strerror or exc})"
    if not root.is_dir():
        return f"{root} is not a folder"
    if not os.access(root, os.W_OK | os.X_OK):
        return f"{root} is not writable"
    return None


def app_settings() -> QSettings:
    """The settings store: an INI file under ``$WHATIF_CONFIG_DIR`` when that is set, else
    the platform's native place. When the per-user folder cannot be used
    (:func:`config_problem`), an INI file inside it that can be neither read nor written:
    the window runs with defaults and keeps nothing."""
    problem = config_problem()  # (creates the folder when it can)
    if problem or os.environ.get("WHATIF_CONFIG_DIR"):
        return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def byte_array(value) -> QByteArray | None:
    """A stored ``QByteArray`` (a saved geometry or state), or None for anything else a
    hand-edited or corrupt settings file may hold (text, a number, a size)."""
    if isinstance(value, QByteArray):
        return value
    if isinstance(value, (bytes, bytearray)):
        return QByteArray(bytes(value))
    return None


def text_value(value) -> str | None:
    """A stored text, or None for anything else."""
    return value if isinstance(value, str) and value else None
