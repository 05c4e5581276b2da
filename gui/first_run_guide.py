"""The first-run guide: three short steps that point at the three knobs (query volume,
retraining frequency, pruning ratio), each outlined on the window while its step shows.

Shown once, on the window's first start (remembered in the settings), again from Help >
Show the first-run guide again; Esc, Skip or Done closes it. Never modal: the window stays
usable behind it. ``WHATIF_FIRST_RUN_GUIDE=0`` turns the automatic showing off (the test
suite does, so that only the tests that ask for the guide see it)."""

from __future__ import annotations

import os

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from .settings import app_settings

SEEN_KEY = "help/first_run_guide_seen"
ENVIRONMENT = "WHATIF_FIRST_RUN_GUIDE"

STEPS = (
    (
        "volume_knob",
        "1 of 3: Query volume",
        "How many queries the model serves per day, 10 to 10 billion on a log scale. Serving "
        "cost grows with it and training does not, so this knob moves the crossover: the "
        "month serving's running cost passes training's. Try 10x more and watch the "
        "<i>Training vs inference</i> card.",
    ),
    (
        "retraining_knob",
        "2 of 3: Retraining frequency",
        "How often the model is retrained, never to weekly. Each retrain pays for training "
        "again; a fresh model loses less accuracy to drift. The retraining chart marks the "
        "cadence with the lowest cost.",
    ),
    (
        "pruning_knob",
        "3 of 3: Pruning ratio",
        "The share of weights removed. Serving gets cheaper and faster where the hardware "
        "realises the sparsity; accuracy falls past a knee (see the pruning chart and the "
        "<i>Mean accuracy</i> card). Press F1 for the full help, glossary and shortcuts.",
    ),
)
"""(the window's knob attribute, title, text) for each step."""


def wanted() -> bool:
    """Whether the guide should open on this start: not seen yet, and not turned off."""
    if os.environ.get(ENVIRONMENT, "1").strip() == "0":
        return False
    return not app_settings().value(SEEN_KEY, False, type=bool)


def remember_seen() -> None:
    settings = app_settings()
    settings.setValue(SEEN_KEY, True)
    settings.sync()


class FirstRunGuide(QDialog):
    """Back / Next / Done over :data:`STEPS`, with the current knob outlined."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("first_run_guide")
        self.setWindowTitle("Getting started")
        self.setModal(False)
        self.window = window
        self.step = 0
        self.title = QLabel()
        self.title.setObjectName("guide_title")
        self.text = QLabel()
        self.text.setObjectName("guide_text")
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(360)
        self.back_button = QPushButton("&Back")
        self.back_button.setObjectName("guide_back")
        self.back_button.clicked.connect(lambda: self.go(self.step - 1))
        self.next_button = QPushButton("&Next")
        self.next_button.setObjectName("guide_next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.skip_button = QPushButton("&Skip")
        self.skip_button.setObjectName("guide_skip")
        self.skip_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.outline = QFrame(window)
        self.outline.setObjectName("guide_outline")
        self.outline.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.outline.setStyleSheet(
            "#guide_outline { border: 3px solid #d6336c; border-radius: 6px; "
            "background: transparent; }"
        )
        self.finished.connect(self._on_finished)
        self.go(0)

    @property
    def knob(self):
        """The knob the current step points at."""
        return getattr(self.window, STEPS[self.step][0])

    def go(self, step: int) -> None:
        """Show step ``step`` (0-based), outline its knob and sit beside it."""
        self.step = max(0, min(step, len(STEPS) - 1))
        _, title, text = STEPS[self.step]
        self.title.setText(f"<b>{title}</b>")
        self.text.setText(text)
        self.back_button.setEnabled(self.step > 0)
        self.next_button.setText("&Done" if self.step == len(STEPS) - 1 else "&Next")
        knob = self.knob
        corner = knob.mapTo(self.window, QPoint(0, 0))
        self.outline.setGeometry(QRect(corner, knob.size()).adjusted(-4, -4, 4, 4))
        self.outline.show()
        self.outline.raise_()
        self.move(self.window.mapToGlobal(corner + QPoint(knob.width() + 24, 0)))

    def _on_next_clicked(self) -> None:
        if self.step == len(STEPS) - 1:
            self.accept()
        else:
            self.go(self.step + 1)

    def _on_finished(self, _result: int) -> None:
        """Closed by Done, Skip or Esc: the outline goes and the guide is not shown again."""
        self.outline.hide()
        self.outline.deleteLater()
        if getattr(self.window, "persist_settings", True):
            remember_seen()
