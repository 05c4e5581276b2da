"""Edit > Calibrate profile…: choose benchmark result files, fit a profile's efficiencies
(engine.calibrate), see measured against predicted and each figure's error, and save the
fit as a user profile that the window uses at once (one undoable step)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from whatif.engine.calibrate import calibrate
from whatif.engine.calibrated_profile import calibrated_id, calibrated_profile_text
from whatif.engine.errors import InputError
from whatif.engine.measurement_formats import read_measurement_file
from whatif.engine.measurements import RunDefaults, complete
from whatif.engine.precision import PRECISIONS
from whatif.engine.profile_store import ProfileStore

from ..number_text import compact, parse_number
from ..theme import THEMES
from .parity_plot import ParityPlot

METRIC_LABELS = {
    "output_tokens_per_s": "output tokens/s",
    "ttft_ms": "TTFT (ms)",
    "tpot_ms": "TPOT (ms)",
    "training_tokens_per_s": "training tokens/s",
}
FILE_FILTER = "Benchmark results (*.json *.jsonl *.csv);;All files (*)"


class CalibrateDialog(QDialog):
    """Fits the chosen profile to the chosen files; Save puts the result to use."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("calibrate_dialog")
        self.setWindowTitle("Calibrate profile")
        self.resize(1100, 720)
        self.window = window
        self.files: list[str] = []
        self.result = None
        scenario = window.state.scenario
        self.profile = QComboBox()
        self.profile.setObjectName("calibrate_profile")
        for pid in sorted(window.state.profiles):
            self.profile.addItem(f"{window.state.profiles[pid].name} ({pid})", pid)
        self.profile.setCurrentIndex(self.profile.findData(scenario.inference.hardware))
        self.file_list = QListWidget()
        self.file_list.setObjectName("calibrate_files")
        self.file_list.setMaximumHeight(64)
        add = QPushButton("Add files…")
        add.clicked.connect(self.choose_files)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        self.devices = QDoubleSpinBox()
        self.devices.setObjectName("calibrate_devices")
        self.devices.setDecimals(0)
        self.devices.setRange(1, 65536)
        self.devices.setToolTip("Devices the runs used, where a file does not say")
        self.params = QLineEdit(compact(float(scenario.model.params), 3, "B"))
        self.params.setObjectName("calibrate_params")
        self.params.setToolTip("Model parameters where a file does not say (e.g. 8B, 70e9)")
        self.precision = QComboBox()
        self.precision.addItems(PRECISIONS)
        self.precision.setCurrentText(scenario.model.precision)
        self.precision.setToolTip("Weight precision of the runs where a file does not say")
        fit = QPushButton("Fit")
        fit.setObjectName("calibrate_fit")
        fit.clicked.connect(self.run)
        self.fit_button = fit
        form = QFormLayout()
        form.addRow("Profile", self.profile)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        form.addRow("Files", self.file_list)
        form.addRow("", _wrap(buttons_row))
        settings = QHBoxLayout()
        for label, widget in (
            ("Devices", self.devices),
            ("Parameters", self.params),
            ("Precision", self.precision),
        ):
            settings.addWidget(QLabel(label))
            settings.addWidget(widget)
        settings.addStretch(1)
        settings.addWidget(fit)
        form.addRow("If a file does not say", _wrap(settings))
        self.plot = ParityPlot(THEMES[window.theme_name])
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("calibrate_points")
        self.table.setHorizontalHeaderLabels(
            ["Run", "Figure", "Measured", "Error before", "Error after"]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = QLabel(
            "Add vLLM (vllm bench serve --save-result), GenAI-Perf or AIPerf JSON exports, or "
            "CSV files, then Fit."
        )
        self.summary.setObjectName("calibrate_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.table, 1)
        split = QSplitter()
        split.addWidget(self.plot)
        split.addWidget(right)
        split.setSizes([480, 620])
        split.setStretchFactor(1, 2)  # narrow windows give the table the room
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(
            "Save as user profile and use it", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("calibrate_save")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_and_use)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    # Files --------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Benchmark results", self.window.state.folder, FILE_FILTER
        )
        if paths:
            self.add_files(paths)

    def add_files(self, paths) -> None:
        """Add files (each once) and fit."""
        for path in map(str, paths):
            if path not in self.files:
                self.files.append(path)
                self.file_list.addItem(Path(path).name)
                self.file_list.item(self.file_list.count() - 1).setToolTip(path)
        self.run()

    def remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            row = self.file_list.row(item)
            self.file_list.takeItem(row)
            del self.files[row]
        self.run()

    # Fit ----------------------------------------------------------------------------------
    def defaults(self) -> RunDefaults:
        scenario = self.window.state.scenario
        m = scenario.model
        return RunDefaults(
            hardware=self.profile.currentData(),
            devices=self.devices.value(),
            params=parse_number(self.params.text()),
            precision=self.precision.currentText(),
            prompt_tokens=float(m.prompt_tokens),
            output_tokens=float(m.output_tokens),
        )

    def run(self) -> None:
        """Fit the chosen profile to the files; say what is wrong instead where it fails."""
        self.result = None
        self.save_button.setEnabled(False)
        if not self.files:
            self._show([], "Add benchmark result files, then Fit.")
            return
        state = self.window.state
        try:
            runs, defaults = [], self.defaults()
            for path in self.files:
                found, _kind = read_measurement_file(path)
                runs.extend(complete(m, defaults) for m in found)
            profile = state.profiles[self.profile.currentData()]
            self.result = calibrate(profile, runs, state.scenario)
        except InputError as exc:
            self._show(
                [], "<b>Cannot fit:</b><br>" + "<br>".join(_escape(str(e)) for e in exc.errors)
            )
            return
        self._show(self.result.points, self._summary_html())
        self.save_button.setEnabled(any(p.fitted for p in self.result.parameters))

    def _summary_html(self) -> str:
        r = self.result
        rows = "".join(
            f"<tr><td>{p.name}</td><td align=right>{p.before:.4g}</td>"
            f"<td align=right><b>{p.after:.4g}</b></td><td align=right>"
            f"{'—' if p.uncertainty is None else '± ' + format(p.uncertainty, '.2g')}</td>"
            f"<td>{p.unit}{'; ' + p.note if p.note else ''}</td></tr>"
            for p in r.parameters
        )
        warnings = "".join(f"<br>⚠ {_escape(w)}" for w in r.warnings)
        skipped = f"<br>{len(r.skipped)} runs on other hardware skipped." if r.skipped else ""
        return (
            f"<b>{r.original.name}</b> fitted to {len(r.runs)} runs: RMS error "
            f"{r.rms_log_error('before'):.1%} before, <b>{r.rms_log_error('after'):.1%}</b> after."
            f"<table cellspacing=6><tr><th align=left>parameter</th><th>before</th><th>after</th>"
            f"<th>1 sigma</th><th></th></tr>{rows}</table>{skipped}{warnings}"
        )

    def _show(self, points, html: str) -> None:
        self.summary.setText(html)
        self.plot.show_points(
            [p.measured for p in points], [p.before for p in points], [p.after for p in points]
        )
        self.table.setRowCount(len(points))
        theme = THEMES[self.window.theme_name]
        for row, p in enumerate(points):
            cells = [
                p.run.name(),
                METRIC_LABELS[p.metric],
                f"{p.measured:,.0f}" if p.measured >= 100 else f"{p.measured:.3g}",
                f"{p.error_before:+.1%}",
                f"{p.error_after:+.1%}",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(p.run.source)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 4 and abs(p.error_after) > 0.2:
                    item.setForeground(_colour(theme.warning))
                self.table.setItem(row, column, item)

    # Save ---------------------------------------------------------------------------------
    def save_and_use(self) -> bool:
        """Write the calibrated profile to the user folder, reload, and switch the scenario's
        hardware to it as one undoable step."""
        if self.result is None:
            return False
        store = ProfileStore()
        new_id = calibrated_id(self.result.original.id)
        try:
            text = calibrated_profile_text(self.result, self.files, new_id)
            path = store.save_text(store.user_path_for(new_id), text)
        except (InputError, OSError) as exc:
            self.window.show_error("Cannot save the calibrated profile", str(exc))
            return False
        del path
        self.window.reload_profiles()
        s = self.window.state.scenario
        changes = {"inference.hardware": new_id}
        fitted_training = any(p.name == "train_mfu" and p.fitted for p in self.result.parameters)
        if fitted_training and s.training.hardware == self.result.original.id:
            changes["training.hardware"] = new_id
        self.window.state.set_values(changes, f"Use calibrated profile {new_id}")
        self.window.statusBar().showMessage(
            f"Saved {new_id} in your profile folder; the scenario now uses it (Undo goes back)",
            10000,
        )
        self.accept()
        return True


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _colour(hex_colour: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(hex_colour))
