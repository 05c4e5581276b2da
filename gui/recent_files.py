"""The File > Open recent list, kept in the settings (newest first, existing files only)."""

from __future__ import annotations

from pathlib import Path

from .settings import app_settings

KEY = "scenario/recent"
LIMIT = 8


def recent_files() -> list[str]:
    """Recently opened or saved scenarios that still exist, newest first. Whatever else a
    hand-edited or corrupt settings file holds there (a size, a number) is ignored."""
    value = app_settings().value(KEY) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return [p for p in value if isinstance(p, str) and p and _is_file(p)][:LIMIT]


def _is_file(path: str) -> bool:
    try:
        return Path(path).is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def remember(path: str) -> None:
    """Put ``path`` at the top of the list."""
    resolved = str(Path(path).resolve())
    items = [resolved] + [p for p in recent_files() if p != resolved]
    settings = app_settings()
    settings.setValue(KEY, items[:LIMIT])
    settings.sync()
