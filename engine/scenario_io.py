"""Saving scenarios: YAML with a schema version, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from .scenario import Scenario


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text, sections in their documented order."""
    return yaml.safe_dump(scenario.to_dict(), sort_keys=False, allow_unicode=True, width=100)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, whole.

    A temporary file in the same folder is written, flushed and fsynced, then renamed over
    the target (atomic on POSIX and Windows); the folder is fsynced where supported.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` to ``path`` as YAML, atomically."""
    atomic_write_text(path, scenario_yaml(scenario))
