"""Recovery files with two instances, a crash, a broken original and a corrupt sidecar
(issue 16, data loss #1, #3, and refuses to start #6)."""

import json

import pytest

from tests.helpers import SCENARIO_DIR, WRITTEN, open_window, start_writer
from whatif import engine

CHATBOT = SCENARIO_DIR / "chatbot.yaml"


def never(*_args):
    raise AssertionError("offered a recovery file it should not have")


def crash(window):
    """The window goes without a normal close (its recovery file stays, its lock goes)."""
    window.persist_settings = False
    window.state.undo_stack.setClean()
    window.close()


def recovery_files(folder):
    return sorted(p.name for p in folder.glob("autosave*.yaml"))


def test_two_instances_never_touch_each_others_recovery_file(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    mine = tmp_path / "mine.yaml"
    mine.write_text(CHATBOT.read_text())
    first = open_window(qtbot, mine, show=False)
    first.volume_knob.slider.setValue(800)
    qtbot.waitUntil(first.autosave_session.pending, timeout=5000)
    edited = first.state.scenario
    # A second instance starts while the first runs: the first's edits are not "last
    # session's", so nothing is offered (and nothing can be declined away).
    second = open_window(qtbot, CHATBOT, show=False)
    assert not second.offer_restore(ask=never)
    assert second.open_path(str(mine))
    second.close()  # closed normally
    assert recovery_files(tmp_path) == [first.autosave_session.yaml_path.name]
    crash(first)
    third = open_window(qtbot, CHATBOT, show=False)
    assert third.offer_restore(ask=lambda: True)
    assert third.state.scenario == edited and third.state.path == str(mine)
    qtbot.waitUntil(lambda: recovery_files(tmp_path) == [third.autosave_session.yaml_path.name])


CHILD = """
import sys
from PySide6.QtWidgets import QApplication
from whatif.gui.app import create_window
app = QApplication([])
window = create_window(sys.argv[1])
window.volume_knob.field.setText("2M")
window.volume_knob.field.editingFinished.emit()
window._write_autosave()
print("written", flush=True)
app.exec()
"""


def test_the_recovery_file_of_a_killed_instance_is_offered_once_it_is_dead(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    mine = tmp_path / "mine.yaml"
    mine.write_text(CHATBOT.read_text())
    child = start_writer(CHILD, mine)
    try:
        assert child.stdout.readline().strip() == WRITTEN
        window = open_window(qtbot, CHATBOT, show=False)
        assert not window.offer_restore(ask=never)  # its owner is alive
        window.close()
        assert len(recovery_files(tmp_path)) == 1  # a normal close left it alone
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    again = open_window(qtbot, CHATBOT, show=False)
    assert again.offer_restore(ask=lambda: True)
    assert again.state.scenario.inference.queries_per_day == 2e6
    assert again.state.path == str(mine) and again.isWindowModified()


def test_edits_to_a_file_that_no_longer_loads_are_restored_on_their_own(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    mine = tmp_path / "mine.yaml"
    mine.write_text(CHATBOT.read_text())
    window = open_window(qtbot, mine, show=False)
    window.pruning_knob.slider.setValue(40)
    qtbot.waitUntil(window.autosave_session.pending, timeout=5000)
    edited = window.state.scenario
    crash(window)
    mine.write_text("inference:\n  hardware: gone\n")  # broken meanwhile
    again = open_window(qtbot, CHATBOT, show=False)
    assert again.offer_restore(ask=lambda: True)
    assert again.state.scenario == edited
    assert again.state.path == str(mine) and not again.state.undo_stack.isClean()
    assert recovery_files(tmp_path) == [again.autosave_session.yaml_path.name]
    again.save_action.trigger()  # Ctrl+S puts the edits where they belong
    assert engine.load_scenario(mine, again.state.profiles) == edited


def test_a_recovery_file_that_cannot_be_restored_is_kept(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    (tmp_path / "autosave-1-dead.yaml").write_text("inference:\n  hardware: not-yet-here\n")
    (tmp_path / "autosave-1-dead.json").write_text(json.dumps({"path": ""}))
    window = open_window(qtbot, CHATBOT, show=False)
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, text: shown.append(title))
    assert not window.offer_restore(ask=lambda: True)
    assert shown == ["Cannot restore"]
    window.close()  # a normal close
    assert recovery_files(tmp_path) == ["autosave-1-dead.yaml"]


@pytest.mark.parametrize("meta", ["[]", "null", '{"path": 5}', '{"path": ["a"]}', "{", ""])
@pytest.mark.parametrize("name", ["autosave", "autosave-4194304-0f0f0f0f"])
def test_a_corrupt_sidecar_beside_a_valid_recovery_file_is_no_crash(
    qtbot, tmp_path, monkeypatch, meta, name
):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    edited = engine.load_scenario(CHATBOT).override({"inference.queries_per_day": 3e6})
    from whatif.engine.scenario_io import scenario_yaml

    (tmp_path / f"{name}.yaml").write_text(scenario_yaml(edited))
    (tmp_path / f"{name}.json").write_text(meta)
    window = open_window(qtbot, CHATBOT, show=False)
    assert window.offer_restore(ask=lambda: True)
    assert window.state.scenario == edited
    assert window.state.path == ""  # it is not known whose edits they were: untitled
    assert not window.state.undo_stack.isClean()
    assert recovery_files(tmp_path) == [window.autosave_session.yaml_path.name]
