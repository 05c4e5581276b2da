"""The window's single source of truth: the current Scenario, its undo history, and the
latest Analysis. Widgets write changes here; views listen to ``analysed``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from whatif import engine
from whatif.engine.demos import is_bundled
from whatif.engine.uncertainty import DEFAULT_RANGES

from .analysis import PARTS, Analysis, analyse, first_stage, next_stage
from .places import documents_folder
from .undo import ScenarioChange

UNDO_LIMIT = 2000
"""Undo steps kept; a slider drag is one step, so this is hours of editing, and memory
stays bounded for a window left open for days."""


class AnalysisState(QObject):
    """Holds the scenario; analyses it stage by stage, one short stage per event-loop pass.

    A change (a knob moved) is analysed first at its own point, in a few milliseconds, and
    announced with ``progressed(analysis, "point")``; then each part of :data:`PARTS` (a
    chart, the uncertainty bands) is redone and announced in a pass of its own, so no pass
    holds the window longer than a frame and the knob, the cards and each chart answer as
    soon as their own work is done. A further change during the stages starts again at its
    point, then goes on with the parts that waited longest, so a continuous drag still
    redraws every chart in turn. ``analysed`` announces the whole analysis once every part
    is current. :meth:`recompute` and :attr:`analysis` do it all at once, and so does the
    pass after :meth:`load` (another file opened).

    Signals:
        scenario_changed(Scenario): right after the scenario is replaced (widgets re-sync).
        progressed(Analysis, str): a stage is done: ``"point"`` (results and timeline) or a
            part's name; the analysis holds the parts not yet redone as they were.
        analysed(Analysis): after the engine has evaluated the latest scenario.
        error(str): a change was refused (the message says which key and why).
        loaded(Scenario): another scenario was opened (views may drop what they kept).
    """

    scenario_changed = Signal(object)
    progressed = Signal(object, str)
    analysed = Signal(object)
    error = Signal(str)
    loaded = Signal(object)

    def __init__(self, scenario: engine.Scenario, parent: QObject | None = None):
        super().__init__(parent)
        self._scenario = scenario
        self._analysis: Analysis | None = None
        self._profiles = scenario.profiles
        self.uncertainty = False  # Monte Carlo bands in every analysis when on
        self.uncertainty_ranges = dict(DEFAULT_RANGES)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self._advance)
        self._live: Analysis | None = None  # being built stage by stage
        self._todo: list[str] = []  # parts of _live still to redo and redraw
        self._just_pointed = False  # the last stage was a point: parts go next
        self._whole = False  # the next pass analyses whole (another file was opened)
        self.path: str = scenario.path or ""

    @property
    def scenario(self) -> engine.Scenario:
        return self._scenario

    @property
    def settled(self) -> bool:
        """Whether the analysis of the current scenario is complete (no stage waiting)."""
        return not self._pending.isActive()

    @property
    def analysis(self) -> Analysis | None:
        """The analysis of the current scenario, finished now if its stages are still
        running (None until the first analysis, or when the engine refused the scenario)."""
        if self._pending.isActive() and self._analysis is not None:
            return self.recompute()
        return self._analysis

    @property
    def folder(self) -> str:
        """Where file dialogs start: the current file's folder, else (untitled, or a file
        shipped with the program) the user's documents folder."""
        if self.path and not self.path.startswith("<") and not is_bundled(self.path):
            return str(Path(self.path).parent)
        return documents_folder()

    @property
    def profiles(self):
        return self._scenario.profiles

    def set_values(self, changes: dict, text: str = "", merge_token=None) -> bool:
        """Apply ``{"section.key": value}`` as one undoable step; False if refused."""
        try:
            after = self._scenario.override(changes)
        except engine.InputError as exc:
            self.error.emit(exc.brief())
            return False
        if after == self._scenario and after.name == self._scenario.name:
            return True
        label = text or "Change " + ", ".join(k.split(".")[-1].replace("_", " ") for k in changes)
        self.undo_stack.push(ScenarioChange(self, self._scenario, after, label, merge_token))
        return True

    def apply(self, scenario: engine.Scenario, text: str) -> None:
        """Replace the scenario as one undoable step (restoring edits, applying a plan)."""
        if scenario != self._scenario:
            self.undo_stack.push(ScenarioChange(self, self._scenario, scenario, text))

    def load(self, scenario: engine.Scenario, path: str = "") -> None:
        """Start over on ``scenario`` (a file opened): clears the undo history."""
        self._profiles = scenario.profiles
        self.undo_stack.clear()
        self.path = path
        # Another file is analysed whole in the next pass, not in stages: a stage would draw
        # a part of the closed file (a waiting chart, the bands the point stage carries over)
        # after the views dropped their axes on ``loaded``, fitting them to the old data.
        self._whole = True
        self.loaded.emit(scenario)
        self.replace_scenario(scenario)
        self.undo_stack.setClean()

    def set_profiles(self, profiles) -> None:
        """Use another profile set (profiles were edited) for this and every later scenario."""
        self._profiles = profiles
        self.replace_scenario(self._scenario)

    def replace_scenario(self, scenario: engine.Scenario) -> None:
        """Swap the scenario (used by undo commands) and schedule one recompute.

        A scenario from before a profile edit (undo) is moved onto the current profiles.
        """
        if self._profiles is not None and scenario.profiles is not self._profiles:
            try:
                scenario = scenario.with_profiles(self._profiles)
            except engine.InputError as exc:
                self.error.emit(exc.brief())
        self._scenario = scenario
        self.scenario_changed.emit(scenario)
        self._pending.start()

    def recompute(self) -> Analysis | None:
        """Evaluate the current scenario now and announce it.

        Should the engine refuse (a value only a sweep around it pushes out of range),
        the views keep the last analysis and ``error`` says why; nothing escapes the slot.
        """
        self._pending.stop()
        previous = self._live or self._analysis
        self._live, self._todo, self._whole = None, [], False
        try:
            self._analysis = analyse(
                self._scenario, previous, self.uncertainty, self.uncertainty_ranges
            )
        except engine.InputError as exc:
            self.error.emit(exc.brief())
            return self._analysis
        self.analysed.emit(self._analysis)
        return self._analysis

    def _advance(self) -> None:
        """One stage: the current scenario's point when it changed (unless the last stage
        was a point and parts wait: they get a pass first), else the next part."""
        previous = self._live or self._analysis
        if previous is None or self._whole:  # the first analysis, another file: done whole
            self.recompute()
            return
        changed = previous.scenario is not self._scenario
        if not changed and self._live is None:  # the same scenario again: redo it whole
            self.recompute()
            return
        try:
            if changed and not (self._live is not None and self._just_pointed and self._todo):
                self._start_stages(previous)
            else:
                self._redo_next_part()
        except engine.InputError as exc:
            self.error.emit(exc.brief())
            self._live, self._todo = None, []
            return
        if self._todo or self._live.scenario is not self._scenario:
            self._pending.start()
            return
        self._analysis, self._live = self._live, None
        self.analysed.emit(self._analysis)

    def _start_stages(self, previous: Analysis) -> None:
        live = first_stage(self._scenario, previous, self.uncertainty)
        parts = [p for p in PARTS if p != "uncertainty" or self.uncertainty]
        waiting = [p for p in self._todo if p in parts]  # they waited longest: first
        self._todo = waiting + [p for p in parts if p not in waiting]
        self._live, self._just_pointed = live, True
        self.progressed.emit(live, "point")

    def _redo_next_part(self) -> None:
        part = self._todo.pop(0)
        self._live = next_stage(self._live, part, self.uncertainty_ranges)
        self._just_pointed = False
        self.progressed.emit(self._live, part)
