"""Undo/redo of scenario changes: each command swaps one whole Scenario for another."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

MERGE_ID = 1


class ScenarioChange(QUndoCommand):
    """Replace the state's scenario ``before`` -> ``after``.

    Commands that carry the same ``merge_token`` (one slider drag) merge into one undo step
    that goes back to where the drag started.
    """

    def __init__(self, state, before, after, text: str, merge_token=None):
        super().__init__(text)
        self._state = state
        self.before = before
        self.after = after
        self.merge_token = merge_token

    def id(self) -> int:
        return MERGE_ID if self.merge_token is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, ScenarioChange) or other.merge_token is None:
            return False
        if other.merge_token is not self.merge_token:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._state.replace_scenario(self.after)

    def undo(self) -> None:
        self._state.replace_scenario(self.before)
