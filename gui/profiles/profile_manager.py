"""Edit hardware profiles with nothing lost: a list of shipped and user profiles, a form and
the YAML text kept in sync, live validation that marks the offending line, saves that are
atomic with a backup, and files changed outside the app reloaded live (asking when the user
has unsaved edits to the same profile)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QKeySequence,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from whatif import engine
from whatif.engine.profile_store import ProfileStore
from whatif.engine.profile_text import profile_from_text, set_field
from whatif.engine.yaml_source import parse_yaml_text

from .profile_form import ProfileForm
from .yaml_highlighter import YamlHighlighter

COLUMNS = ("Profile", "Kind", "bf16/fp16 TFLOP/s", "Memory GB", "GB/s", "$/h", "Where")
VALIDATE_DELAY_MS = 250


class ProfileManager(QMainWindow):
    """``profiles_changed`` fires after every save, delete, import or outside change."""

    profiles_changed = Signal()

    def __init__(self, store: ProfileStore | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("profile_manager")
        self.setWindowTitle("Hardware profiles")
        self.resize(1100, 720)
        self.store = store or ProfileStore()
        self.path: Path | None = None
        self.saved_text = ""
        self.read_only = True
        self.list = QTreeWidget()
        self.list.setObjectName("profile_list")
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.list.currentItemChanged.connect(self._on_selection_changed)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("profile_status")
        self.status.setWordWrap(True)
        self.form = ProfileForm()
        self.form.field_edited.connect(self._on_form_edited)
        self.text = QPlainTextEdit()
        self.text.setObjectName("profile_text")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        self.highlighter = YamlHighlighter(self.text.document())
        self.text.textChanged.connect(self._on_text_changed)
        self.tabs = QTabWidget()
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.tabs.addTab(scroll, "Form")
        self.tabs.addTab(self.text, "YAML")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([480, 620])
        self.setCentralWidget(splitter)
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self.validate)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_folder_changed)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._build_toolbar()
        self.refresh_list()

    # Building -----------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Profiles")
        self.addToolBar(bar)
        self.save_action = bar.addAction("Save", self.save)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.copy_action = bar.addAction("Edit a copy", self.edit_copy)
        self.revert_action = bar.addAction("Back to shipped", self.revert_to_shipped)
        bar.addSeparator()
        bar.addAction("New", self.new_profile)
        bar.addAction("Duplicate", self.duplicate)
        self.rename_action = bar.addAction("Rename id", self.rename)
        self.delete_action = bar.addAction("Delete", self.delete)
        bar.addSeparator()
        bar.addAction("Import…", self.import_file)
        bar.addAction("Open folder", self.open_folder)
        bar.addSeparator()
        self.close_action = bar.addAction("Close", self.close)
        self.close_action.setShortcuts(QKeySequence.StandardKey.Close)  # Ctrl+W, Ctrl+F4
        self.close_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    # List -----------------------------------------------------------------------------------
    def refresh_list(self, select: str | None = None) -> None:
        """Re-read the folders; keep (or move to) the selected profile."""
        self._listed_folders = self._folder_state()
        current = select or (
            self.list.currentItem().data(0, Qt.ItemDataRole.UserRole)
            if self.list.currentItem()
            else None
        )
        profiles, errors = self.store.load()
        self.errors = errors
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        shipped = self.store.shipped()
        for pid, profile in sorted(profiles.items()):
            half = profile.peak_tflops.get("bf16", profile.peak_tflops.get("fp16"))
            hourly = profile.price.hourly_usd
            where = (
                "yours"
                + (" (overrides shipped)" if pid in shipped and profile.origin == "user" else "")
                if profile.origin == "user"
                else "shipped (read-only)"
            )
            item = QTreeWidgetItem(
                [
                    pid,
                    profile.kind,
                    f"{half:g}" if half else "—",
                    f"{profile.memory_gb:g}",
                    f"{profile.memory_bandwidth_gbps:g}",
                    f"{hourly:.2f}" if hourly else "—",
                    where,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(profile.path))
            item.setToolTip(0, f"{profile.name}\n{profile.path}")
            self.list.addTopLevelItem(item)
            if current in (str(profile.path), pid):
                chosen = item
        for error in errors:  # broken files stay visible, so they can be fixed
            path = Path(error.file)
            if self.list.findItems(path.stem, Qt.MatchFlag.MatchExactly):
                continue
            item = QTreeWidgetItem([path.stem, "", "", "", "", "", "⚠ invalid"])
            item.setData(0, Qt.ItemDataRole.UserRole, str(path))
            item.setForeground(6, QColor("#c92a2a"))
            item.setToolTip(0, str(error))
            self.list.addTopLevelItem(item)
            if current == str(path):
                chosen = item
        self.list.blockSignals(False)
        for column in range(len(COLUMNS)):
            self.list.resizeColumnToContents(column)
        self._watch()
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        elif self.list.topLevelItemCount() and self.path is None:
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def _watch(self) -> None:
        self.store.user_dir.mkdir(parents=True, exist_ok=True)
        paths = [str(self.store.user_dir), str(self.store.shipped_dir)]
        if self.path is not None and self.path.exists():
            paths.append(str(self.path))
        stale = [p for p in self.watcher.files() + self.watcher.directories() if p not in paths]
        if stale:
            self.watcher.removePaths(stale)
        fresh = [p for p in paths if p not in self.watcher.files() + self.watcher.directories()]
        if fresh:
            self.watcher.addPaths(fresh)

    def _on_selection_changed(self, item, previous) -> None:
        if item is None:
            return
        path = Path(item.data(0, Qt.ItemDataRole.UserRole))
        if path == self.path:
            return
        if not self.confirm_discard():
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self.open_path(path)

    # Editing --------------------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        """Show the file ``path``; shipped files are read-only until copied."""
        self.path = Path(path)
        self.read_only = self.path.resolve().parent != self.store.user_dir.resolve()
        self.saved_text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        self._set_text(self.saved_text)
        self.text.setReadOnly(self.read_only)
        self.form.set_read_only(self.read_only)
        kind = "shipped, read-only: use Edit a copy to change it" if self.read_only else "yours"
        self.title.setText(f"<b>{self.path.stem}</b> — {self.path} ({kind})")
        self.copy_action.setEnabled(self.read_only)
        self.rename_action.setEnabled(not self.read_only)
        self.delete_action.setEnabled(not self.read_only)
        shipped = self.store.shipped_path(self.path.stem)
        self.revert_action.setEnabled(not self.read_only and shipped is not None)
        self._watch()
        self.validate()

    def _set_text(self, text: str) -> None:
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)
        self._update_dirty()

    def _on_text_changed(self) -> None:
        self._update_dirty()
        self._validate_timer.start()

    def _on_form_edited(self, dotted: str, value) -> None:
        if self.read_only:
            return
        try:
            text = set_field(self.text.toPlainText(), dotted, value)
        except engine.InputError as exc:
            self._show_problems(exc.errors)
            return
        cursor_line = self.text.textCursor().blockNumber()
        self._set_text(text)
        block = self.text.document().findBlockByNumber(cursor_line)
        self.text.setTextCursor(QTextCursor(block))
        self.validate()

    def is_dirty(self) -> bool:
        return self.text.toPlainText() != self.saved_text

    def _update_dirty(self) -> None:
        self.setWindowModified(self.is_dirty())
        self.setWindowTitle("Hardware profiles[*]")
        self.save_action.setEnabled(not self.read_only and self.is_dirty())

    # Validation -------------------------------------------------------------------------------
    def validate(self) -> bool:
        """Check the text now: update the form, or mark the offending line and say why."""
        self._validate_timer.stop()
        text = self.text.toPlainText()
        try:  # the project's safe loader: no aliases, so no alias bomb to expand
            data = parse_yaml_text(text, "profile").data
        except engine.InputError:
            data = None
        if isinstance(data, dict):
            self.form.show_data(data)
        try:
            profile_from_text(text, str(self.path or "profile"))
        except engine.InputError as exc:
            self._show_problems(exc.errors)
            return False
        self.text.setExtraSelections([])
        self.form.mark_problems([])
        self.status.setStyleSheet("color: #2b8a3e;")
        self.status.setText("Valid." + (" Unsaved changes." if self.is_dirty() else ""))
        return True

    def _show_problems(self, errors) -> None:
        self.status.setStyleSheet("color: #c92a2a;")
        self.form.mark_problems(errors)
        lines = [
            f"{self.form.field_name(e.key) + ': ' if e.key else ''}{e.message}"
            + (f" (YAML line {e.line})" if e.line > 0 else "")
            for e in errors
        ]
        self.status.setText("\n".join(lines))
        marks = []
        for error in errors:
            if error.line <= 0:
                continue
            block = self.text.document().findBlockByNumber(error.line - 1)
            mark = QTextEdit.ExtraSelection()
            mark.format.setBackground(QColor(255, 80, 80, 70))
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            mark.format.setToolTip(error.message)
            mark.cursor = QTextCursor(block)
            marks.append(mark)
        self.text.setExtraSelections(marks)

    # Actions ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Validate and write the text (atomic, previous version kept as .bak)."""
        if self.read_only or self.path is None:
            return False
        text = self.text.toPlainText()
        try:
            self.store.save_text(self.path, text)
        except engine.InputError as exc:  # problems in the text, or the folder refused it
            self._show_problems(exc.errors)
            lines = any(e.line > 0 for e in exc.errors)
            lead = "The profile has problems:\n" if lines else "Your edits are still here.\n"
            QMessageBox.warning(self, "Not saved", lead + str(exc))
            return False
        self.saved_text = text
        self._update_dirty()
        self.validate()
        self.refresh_list(select=str(self.path))
        self.profiles_changed.emit()
        return True

    def edit_copy(self) -> None:
        if self.path is None or not self.read_only:
            return
        pid = self.path.stem
        self._after(self._run(lambda: self.store.copy_to_user(pid)))

    def revert_to_shipped(self) -> None:
        if self.path is None or self.read_only:
            return
        if (
            QMessageBox.question(
                self,
                "Back to the shipped profile",
                f"Remove your version of {self.path.stem}? It is kept as {self.path.name}.bak.",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        pid, path = self.path.stem, self.path
        if not self._run(lambda: self.store.revert_to_shipped(path) or path):
            return
        self.path = None
        self.saved_text = self.text.toPlainText()
        self.refresh_list(select=pid)
        self.profiles_changed.emit()

    def _ask_id(self, title: str, default: str) -> str | None:
        new_id, ok = QInputDialog.getText(
            self, title, "Profile id (lower case, e.g. my-gpu):", text=default
        )
        return new_id.strip() if ok and new_id.strip() else None

    def _run(self, action) -> Path | None:
        """``action()``'s result, or None after showing why it could not be done (bad
        input, or a folder that refused the write: one line, nothing changed)."""
        try:
            return action()
        except engine.InputError as exc:
            QMessageBox.warning(self, "Not done", str(exc))
            return None

    def _after(self, path: Path | None) -> None:
        if path is not None:
            self.refresh_list(select=str(path))
            self.open_path(path)
            self.profiles_changed.emit()

    def new_profile(self) -> None:
        if not self.confirm_discard():
            return
        new_id = self._ask_id("New profile", "my-device")
        if new_id:
            self._after(self._run(lambda: self.store.new_from_template(new_id)))

    def duplicate(self) -> None:
        if self.path is None or not self.confirm_discard():
            return
        new_id = self._ask_id("Duplicate profile", f"{self.path.stem}-copy")
        if new_id:
            source = self.path
            self._after(self._run(lambda: self.store.duplicate(source, new_id)))

    def rename(self) -> None:
        if self.path is None or self.read_only or not self.confirm_discard():
            return
        new_id = self._ask_id("Rename profile", self.path.stem)
        if new_id and new_id != self.path.stem:
            source = self.path
            self._after(self._run(lambda: self.store.rename(source, new_id)))

    def delete(self) -> None:
        if self.path is None or self.read_only:
            return
        if (
            QMessageBox.question(
                self,
                "Delete profile",
                f"Delete your profile {self.path.stem}? The file is kept as {self.path.name}.bak.",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        path = self.path
        if not self._run(lambda: self.store.delete(path) or path):
            return  # the folder refused: the profile and the edits stay as they were
        self.path = None
        self.saved_text = self.text.toPlainText()
        self.refresh_list()
        self.profiles_changed.emit()

    def import_file(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self, "Import a profile", str(Path.home()), "Profiles (*.yaml *.yml)"
        )
        if source:
            self._after(self._run(lambda: self.store.import_file(Path(source))))

    def open_folder(self) -> None:
        self.store.user_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.store.user_dir)))

    # Outside changes --------------------------------------------------------------------------
    def _folder_state(self) -> dict[Path, tuple[int, int]]:
        """Each profile file in both folders: path -> (mtime [ns], size [bytes])."""
        state = {}
        for folder in (self.store.shipped_dir, self.store.user_dir):
            for path in [*folder.glob("*.yaml"), *folder.glob("*.yml")]:
                try:
                    info = path.stat()
                except OSError:  # removed while we looked
                    continue
                state[path] = (info.st_mtime_ns, info.st_size)
        return state

    def _on_folder_changed(self, _folder: str) -> None:
        """Reload when another program changed the folder (not when our own save did,
        which has already refreshed the list and told the window)."""
        if self._folder_state() == self._listed_folders:
            return
        self.refresh_list()
        self.profiles_changed.emit()

    def _on_file_changed(self, path: str) -> None:
        if self.path is None or Path(path) != self.path:
            return
        disk = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        if disk == self.saved_text:
            return
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Changed outside the app",
                f"{self.path.name} was changed by another program, and you have unsaved "
                "edits here. Load the file from disk (your edits are lost)? Choose No to "
                "keep your edits; saving them will replace the file.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.saved_text = disk  # the file on disk is now what a save replaces
                self._update_dirty()
                self._watch()
                return
        self.saved_text = disk
        self._set_text(disk)
        self.validate()
        self._watch()  # editors that replace files drop the watch on the old inode
        self.profiles_changed.emit()

    def confirm_discard(self) -> bool:
        """Ask before unsaved edits are dropped; True to go on."""
        if self.read_only or not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved profile",
            f"Save your changes to {self.path.stem}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Esc (and Ctrl+W, should the shortcut not have taken it) closes the manager, as
        it closes a dialog (asking first if edits are unsaved);
        a widget that uses Esc itself gets it first."""
        if event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.confirm_discard():
            event.accept()
        else:
            event.ignore()
