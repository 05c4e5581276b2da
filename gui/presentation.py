"""Presentation mode: full screen, the knobs move by themselves through a guided tour with
captions that explain each tradeoff as it appears. Space pauses, arrows (or a clicker's
Page Up / Page Down) step, Esc leaves, whichever widget has the keyboard focus.

The tour drives the same AnalysisState the hand does, without touching the undo history,
and puts the user's scenario back when it ends; the window's set-up is gui/presentation_stage.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy

from whatif import engine

from .presentation_stage import Stage

FRAME_MS = 40
"""One animation frame [ms] (25 frames per second)."""

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}
"""Step keys: the arrows, and what a presentation clicker sends."""


@dataclass(frozen=True)
class Step:
    """One stop of the tour: a caption, fixed settings, and at most one animated knob."""

    title: str
    text: str
    settings: dict = field(default_factory=dict)
    animate: str = ""  # dotted key of the knob that moves
    start: float = 0.0
    end: float = 0.0
    log: bool = False  # move on a log scale (query volume)
    choices: tuple = ()  # or step through these values (hardware)
    seconds: float = 7.0


def default_tour(scenario: engine.Scenario) -> list[Step]:
    """The tour over the article's tradeoffs, starting from ``scenario``'s own settings."""
    volume = float(scenario.inference.queries_per_day) or 1e6
    serving = [
        pid
        for pid in ("h100-sxm", "a100-80gb", "l4", "t4", "tpu-v5e", "mi300x", "xeon-8480")
        if pid in scenario.profiles
    ]
    return [
        Step(
            "Training is episodic, inference is continuous",
            "Training cost arrives in steps: the first run, then each retrain. Serving cost "
            "grows every day the model answers queries. Watch where the two lines cross.",
            settings={"training.retrains_per_year": 4.0, "pruning.ratio": 0.0},
            seconds=6.0,
        ),
        Step(
            "Volume makes inference dominate",
            "As daily queries grow from ten thousand to a hundred million, serving overtakes "
            "training ever sooner; past the break-even volume it dominates the lifetime cost.",
            animate="inference.queries_per_day",
            start=1e4,
            end=1e8,
            log=True,
            seconds=8.0,
        ),
        Step(
            "Retraining fights drift, at a price",
            "A model loses accuracy as the world drifts. Retraining more often keeps it fresh "
            "but adds training runs; with a value on accuracy there is a best cadence.",
            settings={"inference.queries_per_day": volume},
            animate="training.retrains_per_year",
            start=0.0,
            end=52.0,
            seconds=8.0,
        ),
        Step(
            "Pruning cuts serving cost, until accuracy falls",
            "Removing weights shrinks what each query streams, but only as far as the "
            "hardware exploits the sparsity, and accuracy falls steeply past a knee.",
            settings={"training.retrains_per_year": 4.0, "pruning.structure": "2:4"},
            animate="pruning.ratio",
            start=0.0,
            end=0.9,
            seconds=8.0,
        ),
        Step(
            "Hardware changes the picture",
            "The same model on other serving hardware: GPUs, TPUs and CPUs differ in peak "
            "compute, memory bandwidth, price and power, so cost and latency move.",
            settings={"pruning.ratio": 0.0},
            animate="inference.hardware",
            choices=tuple(serving),
            seconds=2.0 * max(len(serving), 1),
        ),
    ]


class Presentation(QObject):
    """Runs a tour on ``window``; ``finished`` fires when it ends or the user leaves."""

    finished = Signal()

    def __init__(self, window, steps: list[Step] | None = None, speed: float = 1.0):
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.original = self.state.scenario
        self.steps = steps or default_tour(self.original)
        self.speed = speed
        self.index = -1
        self.paused = False
        self._elapsed_ms = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_frame)
        self.caption = QLabel()
        self.caption.setObjectName("presentation_caption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.caption.setStyleSheet(
            "QLabel { background: rgb(20, 24, 32); color: white; padding: 10px 22px; "
            "border-radius: 8px; font-size: 17px; }"
        )
        self.caption.hide()
        self.stage = Stage(window, self.caption)
        self.running = False

    # Control ------------------------------------------------------------------------------
    def start(self) -> None:
        self.running = True
        # On the application, not the window: the focused widget (a slider, a field) would
        # take the arrows and Space before the window saw them.
        QApplication.instance().installEventFilter(self)
        self.stage.enter()
        self.go_to(0)
        self._timer.start()

    def stop(self) -> None:
        """Leave: the user's scenario comes back, and the window as it was."""
        if not self.running:
            return
        self.running = False
        self._timer.stop()
        self.index = -1
        QApplication.instance().removeEventFilter(self)
        self.state.replace_scenario(self.original)
        self.stage.leave()
        self.caption.deleteLater()
        self.finished.emit()

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._show_caption()

    def go_to(self, index: int) -> None:
        if index >= len(self.steps):
            self.stop()
            return
        self.index = max(index, 0)
        self._elapsed_ms = 0.0
        self._clock.start()
        step = self.steps[self.index]
        changes = dict(step.settings)
        if step.animate:
            changes[step.animate] = self._value_at(step, 0.0)
        self._apply(changes)
        self._show_caption()

    # Frames -------------------------------------------------------------------------------
    def _on_frame(self) -> None:
        elapsed = self._clock.restart()
        if self.paused or self.index < 0:
            return
        self._elapsed_ms += elapsed * self.speed
        step = self.steps[self.index]
        progress = self._elapsed_ms / (step.seconds * 1000.0)
        if progress >= 1.0:
            if step.animate:  # every sweep ends on its end value, however few frames ran
                self._apply({step.animate: self._value_at(step, 1.0)})
            self.go_to(self.index + 1)
            return
        if step.animate:
            self._apply({step.animate: self._value_at(step, progress)})

    @staticmethod
    def _value_at(step: Step, progress: float):
        if step.choices:
            return step.choices[min(int(progress * len(step.choices)), len(step.choices) - 1)]
        eased = 0.5 - 0.5 * math.cos(math.pi * min(max(progress, 0.0), 1.0))
        if step.log:
            lo, hi = math.log10(step.start), math.log10(step.end)
            return float(f"{10 ** (lo + (hi - lo) * eased):.3g}")
        return round(step.start + (step.end - step.start) * eased, 3)

    def _apply(self, changes: dict) -> None:
        try:
            scenario = self.state.scenario.override(changes)
        except engine.InputError:
            return  # a stop this scenario cannot take (e.g. an unpriced profile): skip it
        if scenario != self.state.scenario:  # a choice step holds one value for many frames
            self.state.replace_scenario(scenario)

    def _show_caption(self) -> None:
        step = self.steps[self.index]
        hint = "Space: pause · ← →: step · Esc: leave"
        state = " (paused)" if self.paused else ""
        self.caption.setText(
            f"<p><b>{self.index + 1}/{len(self.steps)} · {step.title}{state}</b></p>"
            f"<p>{step.text}</p><p style='font-size:12px; color:#bbb'>{hint}</p>"
        )

    # Keys -----------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        """Every key press of the application while presenting: the tour's keys act, and
        the widget that has the focus never sees them."""
        if event.type() != QEvent.Type.KeyPress or not self.running:
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.stop()
        elif key == Qt.Key.Key_Space:
            self.toggle_pause()
        elif key in NEXT_KEYS:
            self.go_to(self.index + 1)
        elif key in PREVIOUS_KEYS:
            self.go_to(self.index - 1)
        else:
            return False
        return True
