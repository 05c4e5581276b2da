"""Plain ``whatif`` starts whatever the per-user folder holds (issue 16, the app refuses to
start #7, #8, #9): a corrupt settings file, a last scenario that no longer loads, a config
folder that is a file, a symlink loop or cannot be created. Each test runs the command
line's ``main()`` up to the event loop, as ``whatif`` does."""

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from tests.helpers import SCENARIO_DIR
from whatif.gui.cli import main

CHATBOT = SCENARIO_DIR / "chatbot.yaml"


def start(qtbot, monkeypatch, argv=()):
    """``whatif [argv]`` until the event loop would run: (exit status, the window shown)."""
    from whatif.gui import app

    made = []
    real = app.create_window

    def create_window(*args, **kwargs):
        window = real(*args, **kwargs)
        qtbot.addWidget(window, before_close_func=lambda w: w.state.undo_stack.setClean())
        made.append(window)
        return window

    monkeypatch.setattr(app, "create_window", create_window)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)  # the event loop
    status = main(list(argv))
    assert len(made) <= 1
    window = made[0] if made else None
    assert window is None or window.isVisible()
    return status, window


@pytest.mark.parametrize(
    "ini",
    [
        "[window]\ngeometry=hello\n",
        "[window]\ngeometry=@ByteArray(\n",
        "[window]\nstate=5\n",
        "[window]\ngeometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3)\nstate=@Size(3 4)\n",
        "[look]\ntheme=@Size(1 2)\n[scenario]\nlast=@Size(1 2)\n",
        "[scenario]\nrecent=@Size(1 2)\n",
        "[scenario]\nrecent=5\n",
    ],
)
def test_a_corrupt_settings_file_starts_the_window_and_open_recent_works(
    qtbot, tmp_path, monkeypatch, ini
):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.ini").write_text(ini)
    status, window = start(qtbot, monkeypatch)
    assert status == 0 and window is not None
    window.recent_menu.aboutToShow.emit()  # File > Open recent
    assert [a.text() for a in window.recent_menu.actions()] == ["No recent scenarios"]
    mine = tmp_path / "mine.yaml"
    mine.write_text(CHATBOT.read_text())
    assert window.open_path(str(mine))  # the list is written over the bad value
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == ["mine.yaml"]
    window.close()  # a normal close writes good values back


def test_a_last_scenario_that_no_longer_loads_starts_on_the_demo_and_says_why(
    qtbot, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path / "config"))
    mine = tmp_path / "mine.yaml"
    mine.write_text(CHATBOT.read_text())
    status, window = start(qtbot, monkeypatch, ["open", str(mine)])
    assert status == 0 and window.state.path == str(mine)
    window.close()  # remembers mine.yaml as the last scenario
    # Meanwhile the profile it serves on is renamed (the scenario no longer loads).
    mine.write_text(CHATBOT.read_text().replace("hardware: h100", "hardware: h100-renamed"))
    status, window = start(qtbot, monkeypatch)
    assert status == 0
    assert window.file.source == str(CHATBOT) and window.state.scenario.name.startswith("LLM")
    message = window.statusBar().currentMessage()
    assert "last scenario no longer loads" in message and "mine.yaml" in message
    assert "h100-renamed" in message
    err = capsys.readouterr().err
    assert "last scenario no longer loads" in err and "h100-renamed" in err


def _file(folder):
    folder.write_text("not a folder")


def _loop(folder):
    folder.symlink_to(folder)


def _under_a_file(folder):
    folder.parent.rmdir()
    folder.parent.write_text("")


@pytest.mark.parametrize("make", [_file, _loop, _under_a_file])
@pytest.mark.parametrize("variable", ["WHATIF_CONFIG_DIR", "XDG_CONFIG_HOME"])
def test_an_unusable_config_folder_runs_without_persistence_and_says_so(
    qtbot, tmp_path, monkeypatch, capsys, make, variable
):
    folder = tmp_path / "home" / "whatif-ai-economics"  # the platform's name on Linux
    folder.parent.mkdir()
    make(folder)
    if variable == "XDG_CONFIG_HOME":  # no WHATIF_CONFIG_DIR: the platform's folder
        monkeypatch.delenv("WHATIF_CONFIG_DIR")
        monkeypatch.setenv("XDG_CONFIG_HOME", str(folder.parent))
    else:
        monkeypatch.setenv("WHATIF_CONFIG_DIR", str(folder))
    status, window = start(qtbot, monkeypatch)
    assert status == 0 and window is not None
    assert f"not kept this session: {folder}" in capsys.readouterr().err
    mark = window.statusBar().findChild(QLabel, "noPersistence")
    assert mark is not None and mark.isVisible()
    window.volume_knob.slider.setValue(700)
    window._write_autosave()  # the autosave timer's slot
    assert not window.autosave_session.pending()
    assert "Autosave failed" not in window.statusBar().currentMessage()
    window.state.undo_stack.setClean()
    window.close()  # a normal close (settings written nowhere): no exception
