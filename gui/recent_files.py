"""The File > Open recent list, kept in the settings (newest first, existing files only)."""

from __future__ import annotations

from pathlib import Path

from .settings import app_settings

KEY = "scenario/recent"
LIMIT = 8


def recent_files() -> list[str]:
    """Recently opened or saved scenarios that still exist, newest first."""
    value = app_settings().value(KEY) or []
    if isinstance(value, str):
        value = [value]
    return [p for p in value if Path(p).is_file()][:LIMIT]


def remember(path: str) -> None:
    """Put ``path`` at the top of the list."""
    resolved = str(Path(path).resolve())
    items = [resolved] + [p for p in recent_files() if p != resolved]
    settings = app_settings()
    settings.setValue(KEY, items[:LIMIT])
    settings.sync()
