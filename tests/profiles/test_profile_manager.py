"""The profile manager window: form and text in sync, comments kept, live validation with
line marks, saves redraw the main window, outside changes reload (or ask when dirty)."""

import re

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.helpers import PROFILE_DIR, open_profile_manager, open_window
from tests.helpers import select_profile as select
from whatif.engine.profile_store import ProfileStore


@pytest.fixture
def manager(qtbot, tmp_path):
    return open_profile_manager(qtbot, ProfileStore(PROFILE_DIR, tmp_path / "user"))


def edit_copy_of(manager, pid):
    select(manager, pid)
    assert manager.read_only
    manager.edit_copy()
    assert not manager.read_only and manager.path.parent == manager.store.user_dir


def test_form_edits_change_the_text_and_keep_comments(manager):
    edit_copy_of(manager, "h100-sxm")
    editor = manager.form.editors["price.hourly_usd"]
    editor.setText("2.1")
    editor.editingFinished.emit()
    lines = [ln for ln in manager.text.toPlainText().splitlines() if "hourly_usd" in ln]
    assert lines == ["  hourly_usd: 2.1                # typical GPU-cloud on-demand"]
    assert manager.text.toPlainText().startswith("# NVIDIA H100 SXM5")
    assert manager.is_dirty()


def test_text_edits_update_the_form(manager, qtbot):
    edit_copy_of(manager, "l4")
    manager.text.setPlainText(manager.text.toPlainText().replace("tdp_w: 72", "tdp_w: 75"))
    qtbot.waitUntil(lambda: manager.form.editors["tdp_w"].text() == "75")
    assert manager.status.text().startswith("Valid")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "memory_bandwidth_gbps: 300",
            "memory_bandwidth_gbps: -300",
            "Memory bandwidth: must be greater than 0",
        ),
        ("memory_gb: 24", "memory_gb: lots", "Device memory: must be a number"),
        ("tdp_w: 72", "tdp_w: 72\nwarp_drive: 1", "warp_drive: unknown key"),
        ("kind: gpu", "kind: [gpu", "YAML syntax"),
        ("idle_w:", "idle_watts:", "idle_watts: unknown key"),
    ],
)
def test_live_validation_names_the_field_and_marks_the_line(manager, old, new, expected):
    edit_copy_of(manager, "l4")
    text = manager.text.toPlainText()
    assert old in text
    manager.text.setPlainText(text.replace(old, new, 1))
    assert not manager.validate()
    assert expected in manager.status.text()
    assert not manager.status.text().startswith("line")  # the field first, not "line 13"
    line = int(re.search(r"YAML line (\d+)", manager.status.text()).group(1))
    assert line >= 1
    marks = manager.text.extraSelections()
    assert marks and marks[0].cursor.blockNumber() + 1 == line


def test_missing_field_and_duplicate_id(manager):
    edit_copy_of(manager, "l4")
    text = manager.text.toPlainText()
    manager.text.setPlainText(
        "\n".join(ln for ln in text.splitlines() if not ln.startswith("memory_gb"))
    )
    assert not manager.validate()
    assert "Device memory: missing required key" in manager.status.text()
    manager.text.setPlainText(text)
    manager.save()
    duplicate = manager.store.user_dir / "other.yaml"
    duplicate.write_text(text)  # a second user file with the id l4
    with pytest.raises(Exception, match="duplicate id 'l4'"):
        manager.store.save_text(manager.path, text)


def test_saving_redraws_the_main_window(qtbot):
    window = open_window(qtbot, show=False)
    manager = window.show_profiles()
    qtbot.addWidget(manager, before_close_func=lambda m: m._set_text(m.saved_text))
    edit_copy_of(manager, "h100-sxm")
    before = window.kpis.cards["cost_per_1k"].value.text()
    editor = manager.form.editors["price.hourly_usd"]
    editor.setText("1.5")
    editor.editingFinished.emit()
    with qtbot.waitSignal(window.state.analysed):
        assert manager.save()
    assert window.state.scenario.inference_profile.price.hourly_usd == 1.5
    assert window.kpis.cards["cost_per_1k"].value.text() != before


def test_a_profile_in_use_that_turns_invalid_keeps_its_last_valid_version(qtbot):
    window = open_window(qtbot, show=False)
    manager = window.show_profiles()
    qtbot.addWidget(manager, before_close_func=lambda m: m._set_text(m.saved_text))
    edit_copy_of(manager, "h100-sxm")
    manager.save()
    path = manager.path
    path.write_text(path.read_text().replace("tdp_w: 700", "tdp_w: -1"))  # broken elsewhere
    window.reload_profiles()
    assert window.state.scenario.inference.hardware == "h100-sxm"
    assert window.state.scenario.inference_profile.tdp_w == 700
    assert window.state.scenario.inference_profile.path == str(path)  # the user's, not shipped
    assert "last valid version" in window.statusBar().currentMessage()


def test_outside_change_reloads_a_clean_profile(manager, qtbot):
    edit_copy_of(manager, "t4")
    path = manager.path
    path.write_text(path.read_text().replace("tdp_w: 70", "tdp_w: 71"))
    qtbot.waitUntil(lambda: "tdp_w: 71" in manager.text.toPlainText(), timeout=5000)
    assert not manager.is_dirty()


def test_outside_change_while_dirty_asks_and_keeps_the_users_edits(manager, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No
    )
    edit_copy_of(manager, "t4")
    path = manager.path
    editor = manager.form.editors["idle_w"]
    editor.setText("12")
    editor.editingFinished.emit()
    mine = manager.text.toPlainText()
    path.write_text(path.read_text().replace("tdp_w: 70", "tdp_w: 71"))
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "unsaved edits" in asked[0]
    assert manager.text.toPlainText() == mine  # kept; nothing overwritten silently
    assert "tdp_w: 71" in path.read_text()  # and the other program's file is untouched


def test_closing_with_unsaved_edits_asks(manager, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel,
    )
    edit_copy_of(manager, "t4")
    editor = manager.form.editors["idle_w"]
    editor.setText("12")
    editor.editingFinished.emit()
    assert not manager.close()  # cancelled: the window stays, the edits too
    assert asked and "Save your changes to t4" in asked[0]
    assert manager.is_dirty()


def test_a_save_tells_the_window_once_and_a_file_from_outside_is_picked_up(manager, qtbot):
    edit_copy_of(manager, "t4")
    told = []
    manager.profiles_changed.connect(lambda: told.append(1))
    manager._set_text(manager.text.toPlainText().replace("tdp_w: 70", "tdp_w: 72"))
    assert manager.save()
    assert told == [1]
    # The folder watcher fires for our own write; it must not reload and tell again.
    manager._on_folder_changed(str(manager.store.user_dir))
    assert told == [1]
    # Another program drops a new profile into the folder: it is listed and announced.
    text = (PROFILE_DIR / "t4.yaml").read_text().replace("id: t4\n", "id: t4-lab\n")
    (manager.store.user_dir / "t4-lab.yaml").write_text(text)
    qtbot.waitUntil(lambda: told == [1, 1], timeout=5000)
    listed = [manager.list.topLevelItem(i).text(0) for i in range(manager.list.topLevelItemCount())]
    assert "t4-lab" in listed
