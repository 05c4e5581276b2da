"""Autosave of unsaved scenario edits, so a crash loses nothing; one recovery file per
running instance, so two windows never touch each other's.

While a window has unsaved changes, its :class:`Session` writes them (atomically) a moment
after each change to ``autosave-<pid>-<token>.yaml`` in the settings folder, with a
``.json`` beside it naming the file they belong to, and holds ``autosave-<...>.lock``
(a QLockFile) for as long as the instance runs. Saving, or closing normally, removes the
instance's own files and nothing else.

At start, :func:`orphans` lists the recovery files whose owner is gone: the lock can be
taken because its process no longer runs (QLockFile checks the PID). A live instance's
file is never offered, never deleted. A recovery file is deleted only once it has been
restored or the user declined it; one that cannot be read stays for the next start.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from whatif.engine.atomic_write import atomic_write_text
from whatif.engine.scenario_io import scenario_yaml

from .settings import config_dir

DELAY_MS = 1500
"""How long after the last change the autosave is written [ms]."""

PREFIX = "autosave-"
LEGACY = "autosave"
"""The single ``autosave.yaml``/``.json`` of versions before per-instance files."""


def autosave_dir() -> Path:
    return config_dir()


def _lock(path: Path) -> QLockFile | None:
    """The lock at ``path`` if it can be taken now (free, or left by a dead process)."""
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a live owner keeps its lock however long it runs
    return lock if lock.tryLock(0) else None


class Session:
    """This instance's recovery file."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else autosave_dir()
        self.name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self._lock: QLockFile | None = None
        self.enabled = True  # False when the settings folder cannot be used: keep nothing

    @property
    def yaml_path(self) -> Path:
        return self.folder / f"{self.name}.yaml"

    @property
    def json_path(self) -> Path:
        return self.folder / f"{self.name}.json"

    def write(self, scenario, original_path: str, source_path: str = "") -> Path | None:
        """Keep ``scenario`` (unsaved edits of ``original_path``, "" when untitled, read
        from ``source_path``, e.g. a demo) until :meth:`clear`; None when disabled."""
        if not self.enabled:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            self._lock = _lock(self.folder / f"{self.name}.lock")
        meta = {"path": original_path or "", "source": source_path or ""}
        atomic_write_text(self.json_path, json.dumps(meta))
        atomic_write_text(self.yaml_path, scenario_yaml(scenario))
        return self.yaml_path

    def pending(self) -> bool:
        """Whether this instance has a recovery file on disk."""
        return self.yaml_path.is_file()

    def clear(self) -> None:
        """Remove this instance's files (saved, or closed normally); a file that cannot be
        removed (a read-only or unusable folder) stays, and is offered at the next start."""
        for path in (self.yaml_path, self.json_path):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        """Let go of the lock, leaving any recovery file for the next start."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


@dataclass
class Recovery:
    """A recovery file whose owner is gone; its lock is held until discarded or released."""

    yaml_path: Path
    json_path: Path
    original: str  # the file the edits belong to ("" if untitled)
    source: str  # the file the scenario was read from (a demo for an untitled one)
    lock: QLockFile

    def discard(self) -> None:
        """Delete it: restored, or declined."""
        self.yaml_path.unlink(missing_ok=True)
        self.json_path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        """Leave it on disk for the next start."""
        self.lock.unlock()


def orphans(folder: Path | None = None) -> list[Recovery]:
    """Recovery files left by instances that are no longer running, newest first."""
    folder = Path(folder) if folder else autosave_dir()
    if not folder.is_dir():
        return []
    candidates = sorted(
        [*folder.glob(f"{PREFIX}*.yaml"), folder / f"{LEGACY}.yaml"],
        key=_mtime,
        reverse=True,
    )
    found = []
    for path in candidates:
        if not path.is_file():
            continue
        lock = _lock(path.with_suffix(".lock"))
        if lock is None:
            continue  # its instance is running: not ours to offer or touch
        original, source = _read_meta(path.with_suffix(".json"))
        found.append(Recovery(path, path.with_suffix(".json"), original, source, lock))
    return found


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _read_meta(path: Path) -> tuple[str, str]:
    """``(original, source)`` from the ``.json`` beside a recovery file; anything missing,
    unreadable or of the wrong type reads as "" (the edits are still offered, untitled)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", ""
    if not isinstance(meta, dict):
        return "", ""
    original, source = meta.get("path"), meta.get("source")
    original = original if isinstance(original, str) else ""
    source = source if isinstance(source, str) else ""
    return original, source
