"""GUI paths that raised tracebacks (issue 16, items 21 and 28): each now says what went
wrong in the window, in one line, and loses nothing."""

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.helpers import PROFILE_DIR, open_profile_manager, open_window
from tests.helpers import select_profile as select
from whatif.engine import atomic_write
from whatif.engine.profile_store import ProfileStore

ROOT = os.geteuid() == 0
"""chmod does not stop root from writing: those cases simulate the refusal as well."""


def user_folder() -> Path:
    return Path(os.environ["WHATIF_CONFIG_DIR"]) / "hardware_profiles"


def write_cheap_h100(pid: str = "cheap-h100") -> Path:
    """A user profile: the H100 at a tenth of the price (the optimiser's pick)."""
    text = (PROFILE_DIR / "h100-sxm.yaml").read_text()
    text = re.sub(r"(?m)^id: .*$", f"id: {pid}", text, count=1)
    text = re.sub(r"(?m)^  hourly_usd: .*$", "  hourly_usd: 0.3", text, count=1)
    folder = user_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pid}.yaml"
    path.write_text(text)
    return path


def warnings(monkeypatch) -> list[str]:
    """Every QMessageBox.warning shown from now on (title and text), answered OK."""
    shown = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *a, **k: shown.append(title + text)
    )
    return shown


def refuse_writes(monkeypatch, folder: Path):
    """Writes and removals inside ``folder`` fail as a read-only folder makes them fail."""
    real_write, real_replace = atomic_write.atomic_write_bytes, os.replace

    def denied(path):
        return PermissionError(13, "Permission denied", str(path))

    def write(path, *args, **kwargs):
        if Path(path).parent == folder:
            raise denied(path)
        return real_write(path, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):
        if Path(src).parent == folder:
            raise denied(src)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic_write, "atomic_write_bytes", write)
    monkeypatch.setattr(os, "replace", replace)


def read_only(monkeypatch, folder: Path, how: str):
    if how == "chmod":
        if ROOT:
            pytest.skip("root writes through chmod")
        folder.chmod(0o555)
        return
    refuse_writes(monkeypatch, folder)


def test_apply_after_the_plans_profile_was_deleted_says_so(qtbot, monkeypatch):
    from whatif.gui.analyses.optimize_dialog import OptimizeDialog

    path = write_cheap_h100()
    window = open_window(qtbot)
    optimise = next(a for a in window.findChildren(QAction) if a.text() == "&Optimise…")
    optimise.trigger()  # Analyse > Optimise…
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, OptimizeDialog) and w.parent() is window and w.isVisible()
    )
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.plan is not None and dialog.plan.hardware == "cheap-h100"
    ProfileStore().delete(path)  # deleted in the profile manager, say
    window.reload_profiles()
    before = window.state.scenario
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.apply_button.isEnabled()
    assert "can no longer be applied" in dialog.result.text()
    assert "unknown hardware profile 'cheap-h100'" in dialog.result.text()
    assert window.state.scenario is before


@pytest.fixture
def manager(qtbot):
    return open_profile_manager(qtbot, ProfileStore())


@pytest.mark.parametrize("how", ["chmod", "refused"])
def test_save_in_a_read_only_folder_keeps_the_edits_and_says_why(qtbot, manager, monkeypatch, how):
    path = write_cheap_h100()
    manager.refresh_list()
    select(manager, "cheap-h100")
    edited = manager.text.toPlainText().replace("tdp_w: 700", "tdp_w: 650")
    manager.text.setPlainText(edited)
    shown = warnings(monkeypatch)
    read_only(monkeypatch, path.parent, how)
    try:
        manager.save_action.trigger()
    finally:
        path.parent.chmod(0o755)
    assert len(shown) == 1 and shown[0].startswith("Not saved")
    assert str(path) in shown[0] and "cannot write: Permission denied" in shown[0]
    assert manager.text.toPlainText() == edited and manager.is_dirty()
    assert "tdp_w: 700" in path.read_text()  # the file on disk is whole, as it was


@pytest.mark.parametrize("how", ["chmod", "refused"])
def test_delete_in_a_read_only_folder_says_why_and_keeps_the_file(qtbot, manager, monkeypatch, how):
    path = write_cheap_h100()
    manager.refresh_list()
    select(manager, "cheap-h100")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = warnings(monkeypatch)
    read_only(monkeypatch, path.parent, how)
    try:
        manager.delete_action.trigger()
    finally:
        path.parent.chmod(0o755)
    assert len(shown) == 1 and "cannot write: Permission denied" in shown[0]
    assert path.is_file() and manager.path == path


@pytest.mark.parametrize(
    ("pid", "why"),
    [
        ("a\\0b", "YAML: control characters are not allowed"),  # NUL: refused by the parser
        ("x" * 300, "too long (300 characters; at most 200)"),
        ("../escape", "'../escape' is not a valid id"),
        ("My-GPU", "'My-GPU' is not a valid id"),
    ],
)
def test_import_refuses_an_id_the_ui_refuses_with_one_line(
    qtbot, manager, monkeypatch, tmp_path, pid, why
):
    source = tmp_path / "theirs.yaml"
    text = (PROFILE_DIR / "t4.yaml").read_text()
    source.write_text(re.sub(r"(?m)^id: .*$", f'id: "{pid}"', text, count=1))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), "Profiles (*.yaml)")
    )
    shown = warnings(monkeypatch)
    import_action = next(
        a for a in manager.findChildren(type(manager.save_action)) if a.text() == "Import…"
    )
    import_action.trigger()
    assert len(shown) == 1 and f"{source}:2: " in shown[0] and why in shown[0]
    assert "shipped profiles are read-only" not in shown[0]
    assert not user_folder().exists() or list(user_folder().iterdir()) == []


def test_a_new_profile_id_is_checked_by_the_same_rule(qtbot, manager, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("../escape", True))
    shown = warnings(monkeypatch)
    new_action = next(
        a for a in manager.findChildren(type(manager.save_action)) if a.text() == "New"
    )
    new_action.trigger()
    assert shown == [
        "Not donenew profile: id: '../escape' is not a valid id: use lower-case "
        "letters, digits, '.', '-' and '_', starting with a letter or digit"
    ]


@pytest.mark.parametrize("how", ["chmod", "refused"])
def test_closing_the_window_with_a_read_only_config_folder(qtbot, monkeypatch, how):
    window = open_window(qtbot)
    window.volume_knob.slider.setValue(700)
    qtbot.waitUntil(window.autosave_session.pending, timeout=5000)
    folder = Path(os.environ["WHATIF_CONFIG_DIR"])
    if how == "refused":
        real_unlink = Path.unlink

        def unlink(self, *args, **kwargs):
            if self.parent == folder:
                raise PermissionError(13, "Permission denied", str(self))
            return real_unlink(self, *args, **kwargs)

        monkeypatch.setattr(Path, "unlink", unlink)
    read_only(monkeypatch, folder, "chmod" if how == "chmod" else "refused")
    try:
        window.state.undo_stack.setClean()
        window.close()  # no exception escapes closeEvent (pytest-qt would fail the test)
    finally:
        folder.chmod(0o755)
    assert not window.isVisible()
    assert window.autosave_session.yaml_path.is_file()  # kept: offered at the next start
