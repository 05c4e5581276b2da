"""Desktop integration: the application icon, and the Linux desktop entry and AppStream
metainfo that ``whatif --install-desktop-entry`` copies into the user's XDG data folder.

The three files ship in ``resources/`` under the application id, so a distribution package
can install them as they are; here only the desktop entry's ``Exec`` line changes, to the
command that started this program (a pipx or pip script, ``python -m whatif``, or the
bundle's executable), since ``whatif`` need not be on the desktop's PATH.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from whatif.engine.atomic_write import atomic_write_text
from whatif.engine.shipped import resource_path

APP_ID = "io.github.whatif_ai_economics.WhatIf"
"""Reverse-DNS application id: the desktop entry, icon and metainfo file names."""


def icon_path() -> Path:
    """The application icon (SVG)."""
    return resource_path(f"{APP_ID}.svg")


def data_home() -> Path:
    """``$XDG_DATA_HOME``, else ``~/.local/share`` (the XDG base directory default)."""
    root = os.environ.get("XDG_DATA_HOME", "")
    return Path(root) if os.path.isabs(root) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command line that starts this program again."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script and script.name == "whatif" and script.is_file():
        return [str(script.resolve())]
    return [str(Path(sys.executable).absolute()), "-m", "whatif"]


def exec_line(command: list[str]) -> str:
    """``command`` as a desktop entry's ``Exec`` value (quoting and escaping rules of the
    Desktop Entry Specification: reserved characters in double quotes, ``%`` doubled)."""
    words = []
    for word in command:
        word = word.replace("%", "%%")
        if re.search(r"[\s\"'\\><~|&;$*?#()`]", word):
            word = '"' + re.sub(r'(["`$\\])', r"\\\1", word) + '"'
        words.append(word.replace("\\", "\\\\"))  # the string escape of the file format
    return " ".join(words)


def install_desktop_entry(root: Path | None = None) -> list[Path]:
    """Write the desktop entry, icon and metainfo under ``root`` (the XDG data home);
    returns the files written. Running it again replaces them (e.g. after moving the
    program)."""
    root = root or data_home()
    entry = resource_path(f"{APP_ID}.desktop").read_text(encoding="utf-8")
    entry = re.sub(r"(?m)^Exec=.*$", lambda _: "Exec=" + exec_line(launch_command()), entry)
    targets = {
        root / "applications" / f"{APP_ID}.desktop": entry,
        root / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": icon_path().read_text(
            encoding="utf-8"
        ),
        root / "metainfo" / f"{APP_ID}.metainfo.xml": resource_path(
            f"{APP_ID}.metainfo.xml"
        ).read_text(encoding="utf-8"),
    }
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    return list(targets)
