"""Autosave of unsaved scenario edits, so a crash loses nothing.

While the scenario has unsaved changes, it is written (atomically) a moment after each
change to ``autosave.yaml`` in the settings folder, with the file it came from beside it.
Saving, or closing normally, removes it; finding one at start means the last session ended
without either, and the window offers to restore it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from engine.atomic_write import atomic_write_text
from engine.scenario_io import scenario_yaml

DELAY_MS = 1500
"""How long after the last change the autosave is written [ms]."""


def autosave_dir() -> Path:
    root = os.environ.get("WHATIF_CONFIG_DIR") or platformdirs.user_config_dir(
        "whatif-ai-economics"
    )
    return Path(root)


def write_autosave(scenario, original_path: str) -> Path:
    folder = autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / "autosave.json", json.dumps({"path": original_path or ""}))
    path = folder / "autosave.yaml"
    atomic_write_text(path, scenario_yaml(scenario))
    return path


def pending_autosave() -> tuple[Path, str] | None:
    """``(autosave file, the scenario file it belongs to)`` if the last session left one."""
    folder = autosave_dir()
    path = folder / "autosave.yaml"
    if not path.is_file():
        return None
    try:
        original = json.loads((folder / "autosave.json").read_text()).get("path", "")
    except (OSError, ValueError):
        original = ""
    return path, original


def clear_autosave() -> None:
    folder = autosave_dir()
    for name in ("autosave.yaml", "autosave.json"):
        (folder / name).unlink(missing_ok=True)
