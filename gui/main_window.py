"""The main window: knobs and assumptions on the left, KPI cards on top, the tradeoff
charts and the hardware table in the centre. It computes nothing itself: widgets write to
the AnalysisState, the engine evaluates, views redraw."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from whatif import engine
from whatif.engine.architecture import transformer_shape
from whatif.engine.demos import demo_path, is_bundled, list_demos
from whatif.engine.scenario import spec_for
from whatif.engine.scenario_io import read_scenario, save_scenario
from whatif.engine.sweeps import hardware_comparison

from . import autosave
from .analyses.ranges_dialog import range_text
from .analysis import Analysis
from .background import BackgroundTask
from .comparison import LABELS, Pin
from .export.export_menu import ExportMenu
from .help_dialog import HelpDialog
from .plots.grid import PlotGrid
from .presentation import Presentation
from .recent_files import recent_files, remember
from .scenario_file import ScenarioFile
from .settings import app_settings, byte_array
from .state import AnalysisState
from .theme import THEMES, apply_theme
from .widgets.assumptions_panel import AssumptionsPanel
from .widgets.compare_table import CompareTable
from .widgets.hardware_table import HardwareTable
from .widgets.knobs import PruningKnob, QueryVolumeKnob, RetrainingKnob
from .widgets.kpi_cards import KpiRow

SHAPE_KEYS = ("model.layers", "model.hidden_size", "model.kv_heads")
"""The transformer shape, derived from the parameters unless the user types it."""

HARDWARE_TABLE_DELAY_MS = 200
"""The table evaluates every profile twice; it waits for the hand to rest this long."""


def _words(dotted: str) -> str:
    """``"model.hidden_size"`` -> ``"hidden size"`` (an undo step's label)."""
    return dotted.split(".")[-1].replace("_", " ")


class MainWindow(QMainWindow):
    """The analyzer's window over one :class:`AnalysisState`."""

    def __init__(self, scenario: engine.Scenario, profile_errors=(), theme: str = "light"):
        super().__init__()
        self.setObjectName("main_window")
        self.state = AnalysisState(scenario, self)
        self.profile_errors = list(profile_errors)
        self.theme_name = theme if theme in THEMES else "light"
        self.persist_settings = True
        self._user_shape: set[str] = set()  # shape keys the user typed since the last load
        self.file = ScenarioFile(self)  # where a save goes, and what the file held
        self.file.changed_on_disk.connect(self._on_changed_on_disk)
        self.autosave_session = autosave.Session()  # this instance's own recovery file
        self.set_file(scenario.path or "", None)
        self._build_knobs()
        self._build_centre()
        self._build_actions()
        self._table_timer = QTimer(self)
        self._table_timer.setSingleShot(True)
        self._table_timer.setInterval(HARDWARE_TABLE_DELAY_MS)
        self._table_timer.timeout.connect(self._refresh_hardware_table)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(autosave.DELAY_MS)
        self._autosave_timer.timeout.connect(self._write_autosave)
        self.state.scenario_changed.connect(lambda _s: self._autosave_timer.start())
        self._table_task = BackgroundTask(self)
        self._table_task.done.connect(self._on_hardware_rows)
        self._table_task.busy_changed.connect(self._on_table_busy)
        self._table_task.error.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.state.scenario_changed.connect(self._on_scenario_changed)
        self.state.analysed.connect(self._on_analysed)
        self.state.error.connect(self._on_state_error)
        self.state.undo_stack.cleanChanged.connect(self._update_title)
        self.state.loaded.connect(lambda _s: self.plots.reset_ranges())
        self.state.loaded.connect(lambda _s: self._user_shape.clear())
        self.apply_theme(self.theme_name)
        self._on_scenario_changed(scenario)
        self.state.recompute()
        self.resize(1400, 900)
        if self.profile_errors:
            self.statusBar().showMessage(
                f"{len(self.profile_errors)} hardware profile problem(s); see Help > Profile "
                "problems",
                15000,
            )

    # Building -----------------------------------------------------------------------------
    def _build_knobs(self) -> None:
        self.volume_knob = QueryVolumeKnob()
        self.retraining_knob = RetrainingKnob()
        self.pruning_knob = PruningKnob()
        self.assumptions = AssumptionsPanel(self.state.profiles)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 8)
        for knob in (self.volume_knob, self.retraining_knob, self.pruning_knob):
            layout.addWidget(knob)
        heading = QLabel("<b>Assumptions</b>")
        heading.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.assumptions)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(330)
        dock = QDockWidget("Knobs and assumptions", self)
        dock.setObjectName("knobs_dock")
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable  # View > Knobs brings it back
        )
        dock.setWidget(scroll)
        for edit in scroll.findChildren(QLineEdit):
            edit.installEventFilter(self)  # Ctrl+Z in a field just applied undoes the change
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.knobs_dock = dock
        self.volume_knob.value_changed.connect(
            lambda v, t: self._set({"inference.queries_per_day": v}, "Change query volume", t)
        )
        self.retraining_knob.value_changed.connect(
            lambda v, t: self._set({"training.retrains_per_year": v}, "Change retraining", t)
        )
        self.pruning_knob.value_changed.connect(
            lambda v, t: self._set({"pruning.ratio": v}, "Change pruning ratio", t)
        )
        self.pruning_knob.structure_changed.connect(self._on_structure_changed)
        self.assumptions.changed.connect(self._on_assumption_changed)

    def _build_centre(self) -> None:
        self.kpis = KpiRow()
        self.plots = PlotGrid()
        self.hardware_table = HardwareTable()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("centre_tabs")
        self.tabs.addTab(self.plots, "Tradeoffs")
        self.tabs.addTab(self.hardware_table, "Hardware comparison")
        self.compare_table = CompareTable()
        self.tabs.addTab(self.compare_table, "Compare")
        self.pins: list[Pin] = []
        self.tabs.currentChanged.connect(lambda _i: self._table_timer.start())
        self.tabs.currentChanged.connect(lambda _i: self._refresh_compare())
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.kpis)
        layout.addWidget(self.tabs, 1)
        self.centre_layout = layout  # presentation mode adds its caption band below the tabs
        self.setCentralWidget(centre)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Ctrl+Z / Ctrl+Shift+Z in a knob or assumption field whose own typing has nothing
        to undo (the value was applied, or nothing was typed) go to the scenario's undo
        stack instead of being swallowed by the field."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo)
            if (undo and not watched.isUndoAvailable()) or (redo and not watched.isRedoAvailable()):
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    def _action(self, text, shortcut, slot, menu, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # its shortcut works while the menu bar is hidden (presenting)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action(
            "&Open scenario…", QKeySequence.StandardKey.Open, self.open_dialog, file_menu
        )
        self.save_action = self._action(
            "&Save scenario", QKeySequence.StandardKey.Save, self.save, file_menu
        )
        self.save_as_action = self._action(
            "Save scenario &as…", QKeySequence.StandardKey.SaveAs, self.save_as_dialog, file_menu
        )
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.export_menu = ExportMenu(self, file_menu.addMenu("&Export"))
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, file_menu)
        demos = self.demos_menu = bar.addMenu("&Demos")
        for index, demo in enumerate(list_demos(), start=1):
            self._action(
                f"&{index} {demo.title}",
                f"Ctrl+Alt+{index}",
                lambda _=False, name=demo.name: self.open_demo(name),
                demos,
            )
        edit = self.edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.state.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.state.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self._action("Hardware &profiles…", "Ctrl+Shift+P", self.show_profiles, edit)
        self.calibrate_action = self._action(
            "&Calibrate profile…", "Ctrl+Shift+B", self.show_calibrate, edit
        )
        view = bar.addMenu("&View")
        self.dark_action = self._action(
            "&Dark look", "Ctrl+Shift+D", self._on_dark_toggled, view, checkable=True
        )
        self._action(
            "Focus &query volume", "Alt+1", lambda: self.volume_knob.slider.setFocus(), view
        )
        self._action(
            "Focus &retraining", "Alt+2", lambda: self.retraining_knob.slider.setFocus(), view
        )
        self._action("Focus &pruning", "Alt+3", lambda: self.pruning_knob.slider.setFocus(), view)
        self._action("&Tradeoff charts", "Ctrl+1", lambda: self.tabs.setCurrentIndex(0), view)
        self._action("&Hardware comparison", "Ctrl+2", lambda: self.tabs.setCurrentIndex(1), view)
        self._action(
            "&Compare pinned scenarios", "Ctrl+3", lambda: self.tabs.setCurrentIndex(2), view
        )
        view.addAction(self.knobs_dock.toggleViewAction())
        view.addSeparator()
        self._action("&Presentation mode", "F5", self._on_presentation_triggered, view)
        analyse = bar.addMenu("&Analyse")
        self._action("&Optimise…", "Ctrl+Shift+O", self.show_optimize, analyse)
        self._action("&Sensitivity (tornado)…", "Ctrl+Shift+T", self.show_tornado, analyse)
        self._action("Si&ze the model…", "Ctrl+Shift+M", self.show_sizing, analyse)
        self.uncertainty_action = self._action(
            "&Uncertainty bands (Monte Carlo)",
            "Ctrl+Shift+U",
            self._on_uncertainty_toggled,
            analyse,
            checkable=True,
        )
        self._action("Uncertainty &ranges…", None, self.show_ranges, analyse)
        analyse.addSeparator()
        self._action("&Pin this scenario for comparison", "Ctrl+Shift+K", self.pin_current, analyse)
        self.rename_pin_menu = analyse.addMenu("Re&name pinned scenario")
        self.rename_pin_menu.aboutToShow.connect(
            lambda: self._fill_pin_menu(self.rename_pin_menu, self.rename_pin)
        )
        self.remove_pin_menu = analyse.addMenu("Remo&ve pinned scenario")
        self.remove_pin_menu.aboutToShow.connect(
            lambda: self._fill_pin_menu(self.remove_pin_menu, self.remove_pin)
        )
        self._action("&Clear pinned scenarios", None, self.clear_pins, analyse)
        help_menu = bar.addMenu("&Help")
        self._action(
            "&Formulas and sources",
            QKeySequence.StandardKey.HelpContents,
            self.show_help,
            help_menu,
        )
        self._action("&Profile problems", None, self.show_profile_problems, help_menu)

    # State -> views -----------------------------------------------------------------------
    def _set(self, changes: dict, text: str, token=None) -> None:
        self.state.set_values(changes, text, token)

    def _on_structure_changed(self, structure: str) -> None:
        if not self.state.set_values({"pruning.structure": structure}, "Change sparsity structure"):
            self.pruning_knob.set_structure(self.state.scenario.pruning.structure)

    def _on_assumption_changed(self, changes: dict) -> None:
        key = next(iter(changes))
        derived = self._derive_shape(key)
        if not self.state.set_values({**changes, **derived}, "Change " + _words(key)):
            self.assumptions.revert(key, self.state.scenario)  # a chooser shows what holds
            return
        if key in SHAPE_KEYS:
            self._user_shape.add(key)
        self.statusBar().clearMessage()
        if derived:
            m = self.state.scenario.model
            layers, hidden, kv = transformer_shape(
                m.params if m.active_params is None else m.active_params,
                m.layers,
                m.hidden_size,
                m.kv_heads,
                m.head_dim,
            )
            self.statusBar().showMessage(
                f"Model shape derived from the new parameter count: {float(layers):.0f} layers, "
                f"hidden size {float(hidden):,.0f}, {float(kv):.0f} KV heads (type your own "
                "to keep them)",
                15000,
            )

    def _derive_shape(self, key: str) -> dict:
        """A new parameter count re-derives the transformer shape (in the same undo step)
        unless the user typed the shape in this window; a shape the user set stays, and
        the panel flags it when it no longer matches the parameters."""
        m = self.state.scenario.model
        if key not in ("model.params", "model.active_params") or m.kind != "llm":
            return {}
        if key == "model.params" and m.active_params is not None:
            return {}  # a mixture of experts: the shape follows the active parameters
        return {
            k: "auto"
            for k in SHAPE_KEYS
            if k not in self._user_shape and self.state.scenario.get(k) is not None
        }

    def _on_state_error(self, message: str) -> None:
        key, _, text = message.partition(": ")
        if key in self.assumptions.editors:
            self.assumptions.mark_invalid(key, text)
        if key in self.assumptions.editors:  # the field's label, not its key
            message = f"{spec_for(key).label or key}: {text}"
        self.statusBar().showMessage(f"Not applied: {message}", 10000)

    def _on_scenario_changed(self, scenario: engine.Scenario) -> None:
        self.volume_knob.set_value(float(scenario.inference.queries_per_day))
        self.retraining_knob.set_value(float(scenario.training.retrains_per_year))
        self.pruning_knob.set_value(float(scenario.pruning.ratio))
        self.pruning_knob.set_structure(scenario.pruning.structure)
        self.assumptions.sync(scenario)
        self._update_title()

    def _on_analysed(self, analysis: Analysis) -> None:
        self.kpis.update_from(analysis)
        self.plots.update_from(analysis)
        self._table_timer.start()
        self._refresh_compare()

    # Comparison ---------------------------------------------------------------------------
    def _on_uncertainty_toggled(self, checked: bool) -> None:
        """P10/P50/P90 of the lifetime cost on the cumulative chart and the KPI cards, from
        a seeded Monte Carlo over the uncertain inputs (engine/uncertainty.py)."""
        self.state.uncertainty = checked
        self.state.recompute()
        if checked:
            ranges = ", ".join(
                range_text(k, lo, hi) for k, (lo, hi) in self.state.uncertainty_ranges.items()
            )
            self.statusBar().showMessage(f"Uncertainty: {ranges}", 15000)

    def show_ranges(self):
        """Edit what the uncertainty bands assume; the bands turn on with the new ranges."""
        from .analyses.ranges_dialog import RangesDialog

        dialog = RangesDialog(self.state.uncertainty_ranges, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted():
            self.state.uncertainty_ranges = dialog.ranges
            if self.uncertainty_action.isChecked():
                self.state.recompute()
            else:
                self.uncertainty_action.trigger()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def pin_current(self, name: str | None = None) -> Pin | None:
        """Keep the current scenario as A, B, C... for overlays and the Compare tab."""
        if len(self.pins) >= len(LABELS):
            self.statusBar().showMessage(f"At most {len(LABELS)} pinned scenarios", 8000)
            return None
        if self.state.analysis is None:
            self.state.recompute()
        used = {p.label for p in self.pins}
        label = next(letter for letter in LABELS if letter not in used)
        pin = Pin(label, self.state.analysis, name or self.state.scenario.name or "")
        self.pins.append(pin)
        self.pins.sort(key=lambda p: p.label)
        self.plots.set_overlays(self.pins)
        self._refresh_compare()
        self.statusBar().showMessage(f"Pinned as {pin.label}; change the knobs to compare", 8000)
        return pin

    def remove_pin(self, label: str) -> None:
        """Drop one pinned scenario; the others keep their letters."""
        self.pins = [p for p in self.pins if p.label != label]
        self.plots.set_overlays(self.pins)
        self._refresh_compare()
        self.statusBar().showMessage(f"Removed pin {label}", 5000)

    def rename_pin(self, label: str, name: str | None = None):
        """Name a pinned scenario (shown in the Compare tab, the legends and the report);
        without ``name`` a dialog asks for it."""
        pin = next((p for p in self.pins if p.label == label), None)
        if pin is None:
            return None
        if name is not None:
            index = self.pins.index(pin)
            self.pins[index] = dataclasses.replace(pin, name=name.strip())
            self.plots.set_overlays(self.pins)
            self._refresh_compare()
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("rename_pin_dialog")
        dialog.setWindowTitle(f"Rename pin {label}")
        dialog.setLabelText(f"Name of pinned scenario {label}:")
        dialog.setTextValue(pin.name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda text: self.rename_pin(label, text))
        dialog.open()
        return dialog

    def _fill_pin_menu(self, menu, slot) -> None:
        menu.clear()
        for pin in self.pins:
            menu.addAction(pin.title.replace("&", "&&"), lambda label=pin.label: slot(label))
        if not self.pins:
            menu.addAction("(nothing pinned)").setEnabled(False)

    def clear_pins(self) -> None:
        self.pins = []
        self.plots.set_overlays([])
        self._refresh_compare()

    def _refresh_compare(self) -> None:
        if self.tabs.currentWidget() is self.compare_table and self.state.analysis is not None:
            self.compare_table.show_comparison(self.state.analysis, self.pins)

    def run_without_persistence(self, reason: str) -> None:
        """The per-user folder cannot be used: no autosave this session (settings go
        nowhere, see ``app_settings``); a lasting mark in the status bar says so."""
        self.autosave_session.enabled = False
        mark = QLabel("Not keeping settings or autosaves")
        mark.setObjectName("noPersistence")
        mark.setToolTip(reason)
        self.statusBar().addPermanentWidget(mark)

    def _write_autosave(self) -> None:
        """Keep unsaved edits in this instance's recovery file (gui/autosave.py); a clean
        scenario needs none."""
        if self.state.undo_stack.isClean():
            self.autosave_session.clear()
            return
        try:
            self.autosave_session.write(self.state.scenario, self.state.path, self.file.source)
        except OSError as exc:
            self.statusBar().showMessage(f"Autosave failed: {exc}", 10000)

    def offer_restore(self, ask=None) -> bool:
        """If an instance that is no longer running left unsaved edits, offer them back;
        True if restored. Only the newest is offered; others stay for the next start. A
        recovery file is deleted once restored or declined, never when it cannot be read."""
        found = autosave.orphans()
        if not found:
            return False
        recovery = found[0]
        for other in found[1:]:
            other.release()
        original = recovery.original
        if ask is None:

            def ask():
                return (
                    QMessageBox.question(
                        self,
                        "Restore unsaved edits?",
                        "The last session ended with unsaved changes"
                        + (f" to {Path(original).name}" if original else "")
                        + ". Restore them?",
                    )
                    == QMessageBox.StandardButton.Yes
                )

        if not ask():
            recovery.discard()
            return False
        try:
            restored = engine.load_scenario(recovery.yaml_path, self.state.profiles)
        except engine.InputError as exc:
            recovery.release()  # kept: perhaps a profile it needs comes back
            self.show_error("Cannot restore", str(exc))
            return False
        source = recovery.source or original
        try:
            base, text = read_scenario(source, self.state.profiles) if source else (None, None)
        except engine.InputError:
            base, text = None, None
        if base is not None:
            # The file as it is now is the clean state; the edits are one undoable step.
            self.state.load(base, "")
            self.set_file(original, text if source == original else None, source)
            self.state.apply(restored, "Restore unsaved edits")
        else:
            # The original no longer loads (gone, or broken since): the edits stand on their
            # own, still unsaved, and a save writes them to where they belong.
            self.state.load(restored, "")
            self.set_file(original, self._readable_text(original), original)
            self.state.undo_stack.resetClean()
        self._update_title()
        self._write_autosave()  # ours now, before the orphan goes
        recovery.discard()
        self.statusBar().showMessage("Restored the unsaved edits of the last session", 10000)
        return True

    @staticmethod
    def _readable_text(path: str) -> str | None:
        """The text of ``path`` if it can be read (a template for the next save), else None."""
        try:
            return Path(path).read_text(encoding="utf-8") if path else None
        except (OSError, ValueError):
            return None

    def _refresh_hardware_table(self) -> None:
        if self.tabs.currentWidget() is not self.hardware_table:
            return
        scenario = self.state.scenario
        self._table_task.submit(lambda: (scenario, hardware_comparison(scenario)))

    def _on_hardware_rows(self, payload) -> None:
        scenario, rows = payload
        self.hardware_table.set_rows(rows, scenario.inference.hardware, scenario.training.hardware)

    def _on_table_busy(self, busy: bool) -> None:
        index = self.tabs.indexOf(self.hardware_table)
        self.tabs.setTabText(index, "Hardware comparison" + (" (updating…)" if busy else ""))

    def _update_title(self, *_args) -> None:
        s = self.state.scenario
        name = s.name or (Path(self.state.path).stem if self.state.path else "Untitled")
        self.setWindowTitle(f"{name}[*] — whatif: training vs inference economics")
        self.setWindowModified(not self.state.undo_stack.isClean())

    # Look -----------------------------------------------------------------------------------
    def apply_theme(self, name: str) -> None:
        theme = THEMES[name]
        self.theme_name = name
        apply_theme(QApplication.instance(), theme)
        self.kpis.apply_theme(theme)
        self.plots.apply_theme(theme)
        self.hardware_table.apply_theme(theme)
        self.compare_table.apply_theme(theme)
        if hasattr(self, "dark_action"):
            self.dark_action.setChecked(name == "dark")
        if self.state.analysis is not None:
            self._on_analysed(self.state.analysis)

    def _on_dark_toggled(self, checked: bool) -> None:
        self.apply_theme("dark" if checked else "light")

    # Files ------------------------------------------------------------------------------------
    def set_file(self, path: str, text: str | None, source: str = "") -> None:
        """The window now shows file ``path`` ("" for untitled) as read or written (``text``;
        the template of the next save). A file shipped with the program (a demo) is shown
        untitled, so a save asks where and never changes it."""
        self.file.track(path, text, source)
        self.state.path = self.file.path
        if hasattr(self, "assumptions"):
            self._update_title()

    def open_path(self, path: str) -> bool:
        """Open a scenario file; on bad input, say what and where, and keep the current one."""
        try:
            scenario, text = read_scenario(path, self.state.profiles)
        except engine.InputError as exc:
            self.show_error("Cannot open scenario", str(exc))
            return False
        self.state.load(scenario, "")
        self.set_file(str(path), text)
        if self.state.path:
            remember(str(path))
        else:
            self.statusBar().showMessage(
                f"{Path(path).name} ships with whatif: it opened untitled, so saving asks "
                "where to keep your copy",
                10000,
            )
        return True

    def reload_from_disk(self) -> bool:
        """Take the file's version from disk as one undoable step (Undo brings back what the
        window held) and mark it clean; False, with the reason shown, if it does not load."""
        path = self.state.path
        try:
            scenario, text = read_scenario(path, self.state.profiles)
        except engine.InputError as exc:
            self.statusBar().showMessage(
                f"{Path(path).name} changed on disk but does not load: {exc.brief()}", 20000
            )
            return False
        self.state.apply(scenario, "Reload from disk")
        self.state.undo_stack.setClean()
        self.set_file(path, text)
        return True

    def _on_changed_on_disk(self, path: str) -> None:
        """Another program changed the open file. Clean: follow it (nothing is lost, Undo
        goes back), as editors do with unmodified documents. Unsaved edits: say so now;
        a save will ask whether to reload or overwrite."""
        name = Path(path).name
        if self.state.undo_stack.isClean():
            if self.reload_from_disk():
                self.statusBar().showMessage(
                    f"{name} was changed by another program and has been reloaded (Undo goes back)",
                    15000,
                )
            return
        self.statusBar().showMessage(
            f"{name} was changed by another program; saving will ask whether to reload it "
            "or overwrite it",
            30000,
        )

    def ask_conflict(self, path: str) -> str:
        """The file changed on disk since it was read or saved: "reload", "overwrite",
        "save_as" or "cancel". Tests replace this with a stub."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "File changed on disk",
            f"{Path(path).name} was changed by another program since you opened or saved it."
            "\n\nReload takes its version (Undo brings yours back); Overwrite replaces it "
            "with yours, losing its changes; Save as keeps both.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        buttons = {
            box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole): "reload",
            box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole): "overwrite",
            box.addButton("Save as…", QMessageBox.ButtonRole.ActionRole): "save_as",
        }
        box.exec()
        return buttons.get(box.clickedButton(), "cancel")

    def open_demo(self, name: str) -> bool:
        """Open a bundled demo untitled (Save asks where; the demo file is never changed)."""
        if not self.confirm_discard():
            return False
        path = demo_path(name)
        scenario = engine.load_scenario(path, self.state.profiles)
        self.state.load(scenario, "")
        self.set_file("", None, str(path))
        self.statusBar().showMessage(
            f"Demo: {scenario.name}. Save it under your own name to keep changes.", 10000
        )
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent_files()
        if not paths:
            action = self.recent_menu.addAction("No recent scenarios")
            action.setEnabled(False)
        for path in paths:
            self.recent_menu.addAction(
                Path(path).name, lambda p=path: self.confirm_discard() and self.open_path(p)
            ).setToolTip(path)

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Open scenario", self.state.folder, "Scenarios (*.yaml *.yml)"
        )
        if path:
            self.open_path(path)

    def save(self) -> bool:
        """Ctrl+S: write the open file; untitled (or a demo) asks where. If another program
        changed the file since it was read or saved, ask first (:meth:`ask_conflict`)."""
        path = self.state.path
        if not path or path.startswith("<") or is_bundled(path):
            return self.save_as_dialog()
        if self.file.changed():
            choice = self.ask_conflict(path)
            if choice == "reload":
                self.reload_from_disk()
                return False
            if choice == "save_as":
                return self.save_as_dialog()
            if choice != "overwrite":
                return False
        return self.save_to(path)

    def save_as_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save scenario", self.state.folder, "Scenarios (*.yaml)"
        )
        return self.save_to(path) if path else False

    def save_to(self, path: str) -> bool:
        """Write the scenario atomically to ``path`` and mark the window clean. The file it
        came from is the template (engine/scenario_io.py): only changed values are
        rewritten; an untitled scenario is written cleanly. Never into the program's own
        folders."""
        if is_bundled(path):
            self.show_error(
                "Cannot save scenario",
                f"{path}: this folder ships with whatif and is never written; "
                "save your copy elsewhere",
            )
            return False
        template = self.file.text if self.state.path else None
        try:
            text = save_scenario(self.state.scenario, path, template)
        except OSError as exc:
            self.show_error("Cannot save scenario", f"{path}: {exc.strerror or exc}")
            return False
        self.set_file(str(path), text)
        self.state.undo_stack.setClean()
        self.autosave_session.clear()
        remember(str(path))
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def confirm_discard(self) -> bool:
        """Ask before unsaved changes are dropped; True to go on."""
        if self.state.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "The scenario has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_error(self, title: str, text: str) -> None:
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        QMessageBox.warning(self, title, text)

    def _on_presentation_triggered(self, _checked: bool = False) -> None:
        """View > Presentation mode (F5). QAction.triggered passes ``checked``: it must
        never reach ``start_presentation`` as its speed (False froze the tour)."""
        self.start_presentation()

    def start_presentation(self, speed: float = 1.0) -> Presentation:
        """Full screen, a guided tour of the tradeoffs; Esc leaves (see gui/presentation.py).
        ``speed`` > 1 runs the tour faster (for tests). While a tour runs, it is returned."""
        current = getattr(self, "presentation", None)
        if current is not None and current.running:
            return current
        self.presentation = Presentation(self, speed=speed)
        self.presentation.start()
        return self.presentation

    def show_profiles(self):
        """The profile manager (one per window); saving there redraws this window."""
        if getattr(self, "profile_manager", None) is None:
            from .profiles.profile_manager import ProfileManager

            self.profile_manager = ProfileManager(parent=None)
            self.profile_manager.profiles_changed.connect(self.reload_profiles)
        self.profile_manager.show()
        self.profile_manager.raise_()
        return self.profile_manager

    def reload_profiles(self) -> None:
        """Load the profiles again and redraw. A profile in use that no longer loads (broken
        by an edit elsewhere) stays in use in its last valid version, and the window says so."""
        profiles, errors = engine.load_profiles()
        kept = []
        broken = {Path(e.file).resolve() for e in errors}
        for pid in {self.state.scenario.training.hardware, self.state.scenario.inference.hardware}:
            current = self.state.profiles.get(pid)
            if current is None:
                continue
            # Gone, or its file (say the user's override) now fails: keep what worked rather
            # than silently falling back to another version.
            if pid not in profiles or Path(current.path).resolve() in broken:
                profiles[pid] = current
                kept.append(pid)
        self.profile_errors = errors
        for combo_key in ("training.hardware", "inference.hardware"):
            self.assumptions.set_profiles(self.assumptions.editors[combo_key], profiles)
        self.state.set_profiles(profiles)
        if kept:
            self.statusBar().showMessage(
                f"Profile {', '.join(sorted(kept))} has problems now; still using its last "
                "valid version (see Help > Profile problems)",
                20000,
            )
        else:
            self.statusBar().showMessage("Hardware profiles reloaded", 5000)

    def show_calibrate(self):
        """Fit a profile to benchmark results; saving it switches the scenario to it."""
        from .analyses.calibrate_dialog import CalibrateDialog

        dialog = CalibrateDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.calibrate_dialog = dialog
        dialog.open()
        return dialog

    def show_optimize(self):
        from .analyses.optimize_dialog import OptimizeDialog

        dialog = OptimizeDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_tornado(self):
        from .analyses.tornado_dialog import TornadoDialog

        dialog = TornadoDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_sizing(self):
        from .analyses.sizing_dialog import SizingDialog

        dialog = SizingDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_help(self) -> None:
        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()

    def show_profile_problems(self) -> None:
        text = "\n".join(map(str, self.profile_errors)) or "All hardware profiles loaded."
        QMessageBox.information(self, "Hardware profile problems", text)

    # Settings -----------------------------------------------------------------------------
    def restore_layout(self) -> None:
        """The size, place and docks of the last session; anything else the settings file
        holds there (text, a number, truncated bytes) is ignored."""
        settings = app_settings()
        geometry = byte_array(settings.value("window/geometry"))
        if geometry is not None:
            self.restoreGeometry(geometry)  # (False, and nothing changes, on bad bytes)
        state = byte_array(settings.value("window/state"))
        if state is not None:
            self.restoreState(state)

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("look/theme", self.theme_name)
        if self.state.path and not self.state.path.startswith("<"):
            settings.setValue("scenario/last", self.state.path)
        settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        presentation = getattr(self, "presentation", None)
        if presentation is not None:
            presentation.stop()  # the user's scenario and layout, not the tour's, are kept
        if not self.confirm_discard():
            event.ignore()
            return
        self._autosave_timer.stop()
        if self.persist_settings:
            self.save_settings()
            self.autosave_session.clear()  # closed normally: the user chose about their edits
        else:
            self.autosave_session.release()  # (a crash in tests) the recovery file stays
        manager = getattr(self, "profile_manager", None)
        if manager is not None and not manager.close():
            event.ignore()
            return
        self._table_timer.stop()
        self._table_task.wait()
        event.accept()
