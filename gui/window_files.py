"""The main window's scenario files: opening, saving (a round-trip edit of the file it came
from), the lost-update check, the per-instance recovery file and its restore. A mixin of
:class:`MainWindow` (gui/main_window.py), which owns ``state``, ``file`` and
``autosave_session``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from whatif import engine
from whatif.engine.demos import demo_path, is_bundled
from whatif.engine.scenario_io import read_scenario, save_scenario

from . import autosave
from .recent_files import recent_files, remember


class ScenarioFilesMixin:
    """Open, save, watch and recover the window's scenario file."""

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
