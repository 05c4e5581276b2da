"""Run an engine call off the GUI thread and deliver its result back on it.

The engine is pure numpy, so a call can run in Qt's thread pool; only the newest request's
result is delivered, so a fast hand never sees a stale table.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Carrier(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], object], carrier: _Carrier):
        super().__init__()
        self.ticket, self.fn, self.carrier = ticket, fn, carrier

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the GUI thread, never lost
            self.carrier.failed.emit(self.ticket, f"{type(exc).__name__}: {exc}")
            return
        self.carrier.finished.emit(self.ticket, result)


class BackgroundTask(QObject):
    """``submit(fn)`` runs ``fn`` in the pool; ``done(result)`` fires for the newest one."""

    done = Signal(object)
    error = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ticket = 0
        self._carrier = _Carrier()
        self._carrier.finished.connect(self._on_finished)
        self._carrier.failed.connect(self._on_failed)
        self.pool = QThreadPool.globalInstance()

    def submit(self, fn: Callable[[], object]) -> None:
        self._ticket += 1
        self.busy_changed.emit(True)
        self.pool.start(_Job(self._ticket, fn, self._carrier))

    def _on_finished(self, ticket: int, result: object) -> None:
        if ticket == self._ticket:
            self.busy_changed.emit(False)
            self.done.emit(result)

    def _on_failed(self, ticket: int, message: str) -> None:
        if ticket == self._ticket:
            self.busy_changed.emit(False)
            self.error.emit(message)

    def wait(self, msecs: int = 5000) -> bool:
        """Block until every submitted job has finished (used when closing)."""
        return self.pool.waitForDone(msecs)
