"""The file behind the window: where the scenario was read from, the exact text read or last
written (the template of the next save, engine/scenario_io.py), and whether another program
has changed the file since.

A change on disk is noticed two ways: a QFileSystemWatcher on the file announces it as it
happens (``changed_on_disk``), and :meth:`ScenarioFile.changed` compares the file's bytes
with what was read or written, which is what a save asks before it writes (a lost update
otherwise: two windows on one file, each saving its own change over the other's).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from whatif.engine.demos import is_bundled


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ScenarioFile(QObject):
    """Signals:
    changed_on_disk(str): the file now holds something other than what was read or written.
    """

    changed_on_disk = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.path = ""  # the file a save writes to; "" when untitled
        self.source = ""  # the file the scenario was read from (a demo, for an untitled one)
        self.text: str | None = None  # the file's text as read or written: the save template
        self._digest: str | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)

    def track(self, path: str, text: str | None, source: str = "") -> None:
        """The window now shows ``path`` ("" for untitled) as ``text`` (None: nothing read).

        A bundled file (a demo) is never a save target: it is tracked as untitled, with
        the demo as its ``source``.
        """
        path = str(path or "")
        if path and is_bundled(path):
            source, path, text = path, "", None
        self.path = path
        self.source = str(source or path)
        self.text = text
        self._digest = _digest(text.encode("utf-8")) if text is not None else None
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        if path and Path(path).is_file():
            self._watcher.addPath(path)

    def disk_bytes(self) -> bytes | None:
        """The file's bytes now, or None when it is gone or unreadable."""
        try:
            return Path(self.path).read_bytes() if self.path else None
        except OSError:
            return None

    def changed(self) -> bool:
        """Whether the file now holds something other than what was read or written (a file
        that is gone is not a conflict: saving puts it back)."""
        if not self.path or self._digest is None:
            return False
        data = self.disk_bytes()
        return data is not None and _digest(data) != self._digest

    def _on_file_changed(self, path: str) -> None:
        # An atomic replace (ours or another editor's) swaps the file; watch the new one.
        if Path(path).is_file() and path not in self._watcher.files():
            self._watcher.addPath(path)
        if path == self.path and self.changed():
            self.changed_on_disk.emit(path)
