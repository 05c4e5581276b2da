"""Faults: autosave and restore after a crash, kill tests for every write path, and a long
random session whose end state equals a fresh load of what it saved."""

import random
import textwrap

import pytest

from tests.helpers import (
    PROFILE_DIR,
    SCENARIO_DIR,
    kill_after_writes,
    open_window,
    random_edit,
    start_writer,
)
from whatif import engine
from whatif.gui import autosave

CHATBOT = SCENARIO_DIR / "chatbot.yaml"


def make_window(qtbot):
    return open_window(qtbot, CHATBOT, size=(1400, 900))


def pending_recoveries():
    """How many recovery files an instance starting now would be offered (locks released)."""
    found = autosave.orphans()
    for recovery in found:
        recovery.release()
    return len(found)


def test_unsaved_edits_are_autosaved_and_offered_back_after_a_crash(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    window = make_window(qtbot)
    window.volume_knob.slider.setValue(800)
    qtbot.waitUntil(window.autosave_session.pending, timeout=5000)
    edited = window.state.scenario
    window.persist_settings = False  # "crash": the window goes without a normal close
    window.state.undo_stack.setClean()
    window.close()
    assert pending_recoveries() == 1
    again = make_window(qtbot)
    assert again.offer_restore(ask=lambda: True)
    assert again.state.scenario == edited
    assert not again.state.undo_stack.isClean()  # restored edits are unsaved edits
    again.undo_action.trigger()
    assert again.state.scenario == engine.load_scenario(CHATBOT, again.state.profiles)


def test_saving_or_declining_clears_the_autosave(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    window = make_window(qtbot)
    window.pruning_knob.slider.setValue(40)
    qtbot.waitUntil(window.autosave_session.pending, timeout=5000)
    window.save_to(str(tmp_path / "mine.yaml"))
    assert not window.autosave_session.pending()
    window.pruning_knob.slider.setValue(50)
    qtbot.waitUntil(window.autosave_session.pending, timeout=5000)
    window.persist_settings = False
    window.state.undo_stack.setClean()
    window.close()  # a crash leaves it
    again = make_window(qtbot)
    assert not again.offer_restore(ask=lambda: False)
    assert pending_recoveries() == 0  # declined: gone


WRITERS = {
    "scenario": """
        from whatif.engine import load_scenario
        from whatif.engine.scenario_io import save_scenario
        s = load_scenario(sys.argv[2])
        import dataclasses
        def write(n):  # 400 kB: a text field holds at most 10,000 characters, so 40 sources
            big = {f"k{i}": ("AB"[n % 2]) * 10000 for i in range(40)}
            s2 = s.override({"description": ("AB"[n % 2]) * 10000})
            save_scenario(dataclasses.replace(s2, sources=big), path)
    """,
    "profile": """
        from whatif.engine.profile_store import ProfileStore
        from whatif.engine.profile_text import set_field
        from pathlib import Path
        store = ProfileStore(user_dir=Path(path).parent)
        base = Path(sys.argv[3]).read_text()
        def write(n):  # 400 kB: a name holds at most 200 characters, a comment any
            ch = "AB"[n % 2]
            text = f"# {ch * 400000}\\n" + set_field(base, "name", ch * 200)
            store.save_text(Path(path), text)
    """,
    "export": """
        from whatif.engine.atomic_write import atomic_write_bytes
        def write(n):
            atomic_write_bytes(path, ("AB"[n % 2]).encode() * 4000000)
    """,
}


@pytest.mark.parametrize("kind", sorted(WRITERS))
@pytest.mark.parametrize("writes", [1, 2, 3])
def test_every_write_path_killed_half_way_leaves_old_or_new_whole(tmp_path, kind, writes):
    target = tmp_path / ("t4.yaml" if kind == "profile" else f"out.{kind}")
    script = (
        "import sys\npath = sys.argv[1]\n"
        + textwrap.dedent(WRITERS[kind])
        + "\nn = 0\nwhile True:\n    n += 1\n    write(n)\n"
        + "    print('written', flush=True)\n"  # one whole version is on disk
    )
    process = start_writer(script, target, CHATBOT, PROFILE_DIR / "t4.yaml")
    kill_after_writes(process, writes)  # killed during write number writes + 1
    assert target.exists()  # the first write was complete before the kill
    data = target.read_text()
    if kind == "export":
        assert len(data) == 4000000 and set(data) in ({"A"}, {"B"})
    elif kind == "scenario":
        loaded = engine.load_scenario(target)
        text = loaded.description + "".join(loaded.sources.values())
        assert set(text) in ({"A"}, {"B"}) and len(text) == 410000
    else:
        profiles, errors = engine.load_profiles(tmp_path)
        name = profiles["t4"].name
        assert errors == [] and len(name) == 200 and set(name) in ({"A"}, {"B"})
        assert data.startswith(f"# {name[0] * 400000}\n")


@pytest.mark.slow
def test_a_long_random_session_ends_equal_to_a_fresh_load_of_what_it_saved(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path / "cfg"))
    window = make_window(qtbot)
    rng = random.Random(7)
    typed = ["0", "-1", "1e99", "auto", "abc", "", "0.5", "3", "2.5M", "1e12", "weekly", "7"]
    saved = tmp_path / "session.yaml"
    for step in range(3000):
        action = rng.randrange(10)
        if action == 7 and step % 50 == 0:
            assert window.save_to(str(saved))
            assert window.open_path(str(saved))
        elif action == 8 and step % 200 == 0:
            window.export_menu.write_report(str(tmp_path / "r.html"))
        else:
            random_edit(window, rng, typed, "slider" if action <= 2 else None)
        if step % 25 == 0:
            qtbot.wait(0)
    assert window.save_to(str(saved))
    fresh = engine.load_scenario(saved, window.state.profiles)
    assert fresh == window.state.scenario
    window.state.recompute()
    assert window.state.analysis.scenario == fresh
