"""Special files and alias bombs (issue 16 #11, #12): a FIFO or a link to a device named
*.yaml is refused at once with file: reason; every parse goes through the safe loader."""

import os
import threading

import pytest

from tests.helpers import PROFILE_DIR
from whatif import engine
from whatif.engine.profile_text import set_field

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def _finishes(fn, seconds=10.0):
    """Run ``fn`` in a thread; True if it returned (a hang would block the test forever)."""
    done = threading.Event()
    errors = []

    def run():
        try:
            fn()
        except Exception as exc:  # the outcome is checked by the caller
            errors.append(exc)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(seconds), errors


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_among_the_profiles_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "t4.yaml").write_text((PROFILE_DIR / "t4.yaml").read_text())
    finished, errors = _finishes(lambda: engine.load_profiles(tmp_path))
    assert finished and not errors
    profiles, problems = engine.load_profiles(tmp_path)
    assert "t4" in profiles
    assert any("pipe.yaml" in p.file and "not a regular file" in p.message for p in problems)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_as_the_scenario_is_refused_at_once(tmp_path):
    link = tmp_path / "endless.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(engine.InputError, match="not a regular file"):
        engine.load_scenario(link)


def test_an_alias_bomb_profile_is_refused_by_every_parser():
    with pytest.raises(engine.InputError, match="alias"):
        set_field(BOMB, "name", "x")


def test_the_profile_manager_opens_beside_an_alias_bomb(qtbot, tmp_path, monkeypatch):
    from whatif.gui.profiles.profile_manager import ProfileManager

    folder = tmp_path / "user-config" / "hardware_profiles"
    folder.mkdir(parents=True)
    (folder / "aaa.yaml").write_text(BOMB)  # sorts first: the manager shows it on opening
    manager = ProfileManager()
    qtbot.addWidget(manager)
    manager.text.setPlainText(BOMB)
    assert manager.validate() is False  # refused with a reason, nothing expanded
