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
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from whatif import engine
from whatif.engine.architecture import transformer_shape
from whatif.engine.demos import list_demos
from whatif.engine.scenario import spec_for
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
from .scenario_file import ScenarioFile
from .settings import app_settings, byte_array
from .state import AnalysisState
from .theme import THEMES, apply_theme
from .uncertainty_settings import store_ranges, stored_ranges
from .widgets.assumptions_panel import AssumptionsPanel
from .widgets.compare_table import CompareTable
from .widgets.fitting_scroll import FittingScrollArea
from .widgets.hardware_table import HardwareTable
from .widgets.knobs import PruningKnob, QueryVolumeKnob, RetrainingKnob
from .widgets.kpi_cards import KpiRow
from .window_files import ScenarioFilesMixin

SHAPE_KEYS = ("model.layers", "model.hidden_size", "model.kv_heads")
"""The transformer shape, derived from the parameters unless the user types it."""

HARDWARE_TABLE_DELAY_MS = 200
"""The table evaluates every profile twice; it waits for the hand to rest this long."""


def _words(dotted: str) -> str:
    """``"model.hidden_size"`` -> ``"hidden size"`` (an undo step's label)."""
    return dotted.split(".")[-1].replace("_", " ")


class MainWindow(ScenarioFilesMixin, QMainWindow):
    """The analyzer's window over one :class:`AnalysisState`."""

    def __init__(self, scenario: engine.Scenario, profile_errors=(), theme: str = "light"):
        super().__init__()
        self.setObjectName("main_window")
        self.state = AnalysisState(scenario, self)
        self.state.uncertainty_ranges = stored_ranges() or self.state.uncertainty_ranges
        self.profile_errors = list(profile_errors)
        self.theme_name = theme if theme in THEMES else "light"
        self.persist_settings = True
        self.offer_first_run_guide = True  # on the first show, when nothing says it was seen
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
        self._shown: Analysis | None = None  # what the cards and charts show
        self.state.progressed.connect(self._on_progressed)
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
        scroll = FittingScrollArea(panel)
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
        self.kpis.goal_seek_requested.connect(self.show_goal_seek)
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
        self._action(
            "Uncertainty &histograms (Monte Carlo)…", "Ctrl+Shift+H", self.show_monte_carlo, analyse
        )
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
            "&Help: shortcuts, charts, glossary, formulas",
            QKeySequence.StandardKey.HelpContents,
            self.show_help,
            help_menu,
        )
        self._action("Show the first-run &guide again", None, self.show_first_run_guide, help_menu)
        self._action("&Profile problems", None, self.show_profile_problems, help_menu)
        help_menu.addSeparator()
        self._action("&About whatif", None, self.show_about, help_menu)

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

    def _on_progressed(self, analysis: Analysis, part: str) -> None:
        """Show one stage of an analysis: the cards after its point, else that part."""
        if part == "point":
            self.kpis.update_from(analysis)
            # Drawn now: left to the event loop, the repaint could wait behind the next
            # stage (it did on pruning moves, whose cards re-lay out: +1-2 ms).
            self.kpis.repaint()
        elif part == "uncertainty":
            self.kpis.update_from(analysis)
            self.plots.update_part("cumulative", analysis)
        else:
            self.plots.update_part(part, analysis)
        self._shown = analysis

    def _on_analysed(self, analysis: Analysis) -> None:
        if analysis is not self._shown:  # not already shown stage by stage
            self.kpis.update_from(analysis)
            self.plots.update_from(analysis)
        self._shown = analysis
        self._table_timer.start()
        self._refresh_compare()

    # Comparison ---------------------------------------------------------------------------
    def _on_uncertainty_toggled(self, checked: bool) -> None:
        """P10/P50/P90 of the lifetime cost on the cumulative chart and the KPI cards, from
        a seeded Monte Carlo over the uncertain inputs (engine/uncertainty.py)."""
        self.state.uncertainty = checked
        self.state.recompute()
        if checked:
            ranges = ", ".join(range_text(k, d) for k, d in self.state.uncertainty_ranges.items())
            self.statusBar().showMessage(f"Uncertainty: {ranges}", 15000)

    def show_ranges(self):
        """Edit what the uncertainty bands assume; the bands turn on with the new ranges."""
        from .analyses.ranges_dialog import RangesDialog

        dialog = RangesDialog(self.state.uncertainty_ranges, self.state.scenario, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted():
            self.state.uncertainty_ranges = dialog.ranges
            store_ranges(dialog.ranges)  # kept for the next session
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

    def show_monte_carlo(self):
        from .analyses.monte_carlo_dialog import MonteCarloDialog

        dialog = MonteCarloDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_tornado(self):
        from .analyses.tornado_dialog import TornadoDialog

        dialog = TornadoDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_goal_seek(self, card: str):
        """Goal seek on the result of KPI card ``card`` (its context menu)."""
        from .analyses.goal_seek_dialog import GoalSeekDialog, card_result

        if self.state.analysis is None:
            self.state.recompute()
        result = card_result(card, self.state.scenario.model.kind)
        dialog = GoalSeekDialog(self, result)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.goal_seek_dialog = dialog
        dialog.open()
        return dialog

    def show_sizing(self):
        from .analyses.sizing_dialog import SizingDialog

        dialog = SizingDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_help(self, _checked: bool = False) -> HelpDialog:
        """Help (F1): start here, keyboard, charts, glossary, formulas; never modal."""
        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_dialog = dialog
        dialog.show()
        return dialog

    def show_about(self, _checked: bool = False):
        """Help > About: versions, licence and where things are kept; copyable."""
        from .about_dialog import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dialog
        dialog.open()
        return dialog

    def show_first_run_guide(self, _checked: bool = False):
        """The three-step guide to the knobs (Help > Show the first-run guide again)."""
        from .first_run_guide import FirstRunGuide

        current = getattr(self, "first_run_guide", None)
        if current is not None and current.isVisible():
            current.go(0)
            return current
        guide = FirstRunGuide(self)
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.first_run_guide = guide
        guide.show()
        return guide

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """On the first start (nothing remembered yet), the first-run guide opens once the
        window is on screen."""
        super().showEvent(event)
        if self.offer_first_run_guide:
            self.offer_first_run_guide = False
            from .first_run_guide import wanted

            if wanted():
                QTimer.singleShot(0, self.show_first_run_guide)

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
