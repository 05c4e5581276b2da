"""Analyse > Uncertainty histograms: a Monte Carlo over the uncertainty ranges, run off the
GUI thread with a progress dialog whose Cancel stops it between chunks; the results as four
histograms and the probability that serving overtakes training within the horizon."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from whatif.engine.uncertainty import CancelledError, monte_carlo

from ..background import BackgroundTask
from ..formatting import duration, usd
from .histogram_plot import HistogramPlot
from .ranges_dialog import range_text

SAMPLES = 20_000
"""Draws a run takes by default (about a second)."""
MOST_SAMPLES = 2_000_000
"""Most draws the window runs (about 20 s; the command line takes more)."""
PANELS = (
    ("lifecycle.horizon_cost_usd", "Total cost over the horizon", usd),
    ("inference.cost_per_1k_queries_usd", "Cost per 1,000 queries", usd),
    ("inference.latency_p99_s", "p99 latency", duration),
    ("lifecycle.crossover_month", "Month serving overtakes training", lambda m: f"{m:.3g} mo"),
)
"""Each histogram: the output, its title, how its values are written."""


class _Progress(QObject):
    """Carries (done, total) from the worker thread to the GUI thread."""

    moved = Signal(int, int)


class MonteCarloDialog(QDialog):
    """Samples, Run, the probability line and the histograms of the latest run."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Uncertainty histograms (Monte Carlo)")
        self.resize(980, 700)
        self.window = window
        self.result = None
        self.samples = QSpinBox()
        self.samples.setObjectName("mc_samples")
        self.samples.setRange(100, MOST_SAMPLES)
        self.samples.setSingleStep(10_000)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setValue(SAMPLES)
        self.run_button = QPushButton("&Run")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.probability = QLabel("Run to see how likely serving overtakes training.")
        self.probability.setObjectName("mc_probability")
        font = self.probability.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.probability.setFont(font)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.plots = {
            key: HistogramPlot(title, fmt, money=fmt is usd) for key, title, fmt in PANELS
        }
        grid = QGridLayout()
        for i, plot in enumerate(self.plots.values()):
            grid.addWidget(plot, i // 2, i % 2)
        form = QFormLayout()
        form.addRow("Samples", self.samples)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.probability)
        layout.addWidget(self.status)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.task = BackgroundTask(self)
        self.task.done.connect(self._on_done)
        self.task.error.connect(self._on_error)
        self._carrier = _Progress(self)
        self._carrier.moved.connect(self._on_moved)
        self._cancel = threading.Event()
        self.progress: QProgressDialog | None = None

    def run(self) -> None:
        """Start a run of the chosen sample count on the current scenario and ranges."""
        state = self.window.state
        scenario, ranges = state.scenario, dict(state.uncertainty_ranges)
        samples = self.samples.value()
        self._cancel = threading.Event()
        cancel, carrier = self._cancel, self._carrier

        def on_progress(done: int, total: int) -> None:
            carrier.moved.emit(done, total)
            if cancel.is_set():
                raise CancelledError(f"{done:,} of {total:,}")

        self.progress = QProgressDialog("Running the Monte Carlo…", "Cancel", 0, samples, self)
        self.progress.setObjectName("mc_progress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(cancel.set)
        self.run_button.setEnabled(False)
        self.status.setText(f"Running {samples:,} samples…")
        self.task.submit(
            lambda: monte_carlo(
                scenario, ranges=ranges, samples=samples, progress=on_progress, keep_inputs=False
            )
        )

    def _on_moved(self, done: int, total: int) -> None:
        if self.progress is not None and not self._cancel.is_set():
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.run_button.setEnabled(True)
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _on_error(self, message: str) -> None:
        self._finish()
        if message.startswith("CancelledError"):
            done = message.partition(": ")[2]
            self.status.setText(f"Cancelled after {done} samples; the last results stay.")
        else:
            self.status.setText(f"The Monte Carlo stopped: {message}")

    def _on_done(self, result) -> None:
        self._finish()
        self.result = result
        horizon = float(self.window.state.scenario.economics.horizon_months)
        self.probability.setText(
            f"P(serving overtakes training within the {horizon:g}-month horizon) = "
            f"{result.p_overtake * 100:.1f}%"
        )
        self.status.setText(
            f"{result.samples:,} samples over: "
            + ", ".join(_names(self.window.state.uncertainty_ranges))
            + ". Lines mark P10, P50 and P90."
        )
        for key, plot in self.plots.items():
            edges, counts = result.histograms[key]
            plot.show_data(edges, counts, result.bands[key])

    def done(self, code: int) -> None:
        """Closing stops a run in progress and waits for it (no thread outlives the dialog)."""
        self._cancel.set()
        self.task.wait(10_000)
        super().done(code)


def _names(ranges: dict) -> list[str]:
    return [range_text(key, dist) for key, dist in ranges.items()]
