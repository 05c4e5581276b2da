"""Nothing the user does in the window writes into the folders shipped with the program
(issue 15, broken #2: the first start's Ctrl+S rewrote the bundled chatbot demo)."""

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from tests.helpers import PROFILE_DIR, ROOT, SCENARIO_DIR
from whatif import engine
from whatif.gui.export import export_menu
from whatif.gui.settings import app_settings

SHIPPED = (ROOT / "resources", PROFILE_DIR)


def snapshot():
    """Every file in the shipped folders: path -> (mtime [ns], SHA-256)."""
    return {
        path: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for folder in SHIPPED
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """A home folder of its own, with a documents folder (QStandardPaths reads $HOME)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home / "Documents"


def start(qtbot, path=None):
    """The window as `make run` / `whatif [open PATH]` builds it."""
    from whatif.gui.app import create_window

    window = create_window(path)
    qtbot.addWidget(window, before_close_func=lambda w: w.state.undo_stack.setClean())
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def press(qtbot, window, key):
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records where it proposed, answers."""

    def __init__(self, answer=None):
        self.proposed, self.answer = [], answer

    def __call__(self, parent, caption, proposed, *rest, **kw):
        self.proposed.append(proposed)
        answer = self.answer(proposed) if self.answer else ""
        return answer, ""


def test_first_start_ctrl_s_asks_where_and_writes_a_clean_file_in_documents(
    qtbot, documents, monkeypatch
):
    shipped = (SCENARIO_DIR / "chatbot.yaml").read_text()
    window = start(qtbot)
    assert window.state.path == ""  # the demo opens untitled
    dialog = SaveDialog(lambda proposed: str(documents / "mine.yaml"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    window.volume_knob.field.setText("2M")
    window.volume_knob.field.editingFinished.emit()
    press(qtbot, window, Qt.Key.Key_S)
    assert dialog.proposed == [str(documents)]
    assert (SCENARIO_DIR / "chatbot.yaml").read_text() == shipped
    text = (documents / "mine.yaml").read_text()
    assert "  queries_per_day: 2e6\n" in text and "  params: 6.74e9\n" in text
    assert "epochs" not in text and "training_samples" not in text
    assert window.state.path == str(documents / "mine.yaml")


def test_no_action_of_the_window_writes_into_the_shipped_folders(qtbot, documents, monkeypatch):
    before = snapshot()
    refused = []
    # A stale "last scenario" pointing at a demo opens untitled too.
    app_settings().setValue("scenario/last", str(SCENARIO_DIR / "recommender.yaml"))
    window = start(qtbot)
    assert window.state.path == "" and window.state.scenario.name.startswith("E-commerce")
    monkeypatch.setattr(window, "show_error", lambda title, text: refused.append(text))
    # Ctrl+S: asks where (cancelled); every proposal is in the documents folder.
    dialog = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    window.volume_knob.field.setText("3M")
    window.volume_knob.field.editingFinished.emit()
    press(qtbot, window, Qt.Key.Key_S)
    # Export everything, each dialog accepted as proposed.
    accepted = SaveDialog(lambda proposed: proposed)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", accepted)
    monkeypatch.setattr(export_menu.ChartsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.export_menu.export_charts()
    window.export_menu.export_results()
    press(qtbot, window, Qt.Key.Key_P)  # the report
    assert dialog.proposed == [str(documents)]
    assert all(p.startswith(str(documents)) for p in accepted.proposed) and accepted.proposed
    assert any(p.suffix == ".pdf" for p in documents.iterdir())  # the report went there
    assert any(p.suffix == ".png" for p in documents.iterdir())  # the charts went there too
    # `whatif open` of a demo, and a save aimed straight at a shipped folder.
    other = start(qtbot, SCENARIO_DIR / "chatbot.yaml")
    monkeypatch.setattr(other, "show_error", lambda title, text: refused.append(text))
    assert other.state.path == ""
    assert not other.save_to(str(SCENARIO_DIR / "chatbot.yaml"))
    assert not other.save_to(str(PROFILE_DIR / "mine.yaml"))
    assert len(refused) == 2 and "ships with whatif" in refused[0]
    assert snapshot() == before
    assert engine.load_scenario(SCENARIO_DIR / "chatbot.yaml").inference.queries_per_day == 5e5
