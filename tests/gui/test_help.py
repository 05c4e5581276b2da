"""Issue 15 item 14: help a new user can learn from, driven as a user drives it: F1, the
Help menu's actions, the About box's Copy button and the first-run guide's buttons."""

import numpy
import pyqtgraph
import PySide6
import pytest
from PySide6.QtCore import QPoint, QRect, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from tests.helpers import open_window
from whatif.engine.profiles import user_profile_dir
from whatif.gui.about_dialog import AboutDialog, installed_version
from whatif.gui.first_run_guide import SEEN_KEY, FirstRunGuide
from whatif.gui.help_content import GLOSSARY
from whatif.gui.help_dialog import HelpDialog
from whatif.gui.settings import app_settings
from whatif.gui.shortcuts import bound_actions

NATIVE = QKeySequence.SequenceFormat.NativeText


def press_f1(qtbot, window) -> HelpDialog:
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "help_dialog", None), HelpDialog))
    dialog = window.help_dialog
    qtbot.waitExposed(dialog)
    return dialog


def help_action(window, text) -> QAction:
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help")
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def page(dialog, title) -> str:
    return dialog.browsers[title].toPlainText()


def listed_shortcuts(dialog) -> set[tuple[str, str]]:
    """``(action, keys)`` read back from the Keyboard page's table (one cell per line)."""
    text = page(dialog, "Keyboard")
    cells = text.split("Keys\nDoes\nMenu\n", 1)[1].split("\nKeys inside widgets")[0]
    lines = cells.splitlines()
    rows = [lines[i : i + 3] for i in range(0, len(lines), 3)]
    return {(does, key) for keys, does, _menu in rows for key in keys.split(" or ")}


def test_f1_lists_every_shortcut_the_window_has(qtbot, window):
    dialog = press_f1(qtbot, window)
    listed = listed_shortcuts(dialog)
    bound = {
        (action.text().replace("&", "").rstrip("…. "), sequence.toString(NATIVE))
        for action in bound_actions(window)  # every action with a shortcut, wherever it is
        for sequence in action.shortcuts()
    }
    assert len(bound) >= 30
    assert listed == bound
    keys = {key for _, key in listed}
    for shown in ("F1", "F5", "Ctrl+3", "Ctrl+P", "Ctrl+Shift+T", "Ctrl+Shift+O"):
        assert shown in keys
    assert {"Ctrl+Shift+M", "Ctrl+Shift+U", "Ctrl+Shift+K", "Ctrl+Z"} <= keys


def test_the_list_follows_the_actions_so_it_cannot_drift(qtbot, window):
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    added = QAction("&Brand new view", window)
    added.setShortcut(QKeySequence("Ctrl+Alt+Shift+N"))
    menu.addAction(added)
    assert ("Brand new view", "Ctrl+Alt+Shift+N") in listed_shortcuts(press_f1(qtbot, window))


def test_the_chart_guide_explains_every_chart_and_the_glossary_the_terms(qtbot, window):
    dialog = press_f1(qtbot, window)
    charts = page(dialog, "Reading the charts")
    titles = [plot.title_text for plot in window.plots.plots.values()]
    assert "Time to first token vs offered load" in titles  # the chatbot's latency chart
    window.open_demo("recommender")  # a generic model: end-to-end latency
    titles += [plot.title_text for plot in window.plots.plots.values()]
    for title in titles:  # each chart's own title heads its section
        words = title.replace(" (current fleet)", "").replace("Time to first token", "")
        assert words.strip() in charts, title
    assert "time to first token" in charts
    for word in ("crossover", "break-even", "you are here", "p10-p90", "capacity", "optimum"):
        assert word in charts.lower()
    glossary = page(dialog, "Glossary")
    terms = [term for term, _ in GLOSSARY]
    assert terms == sorted(terms, key=str.lower)
    for term in (
        "MFU",
        "SLO",
        "TTFT",
        "TPOT",
        "PUE",
        "Crossover",
        "Break-even",
        "Goodput",
        "KV cache",
        "MoE",
        "Continuous batching",
        "P10 / P50 / P90",
        "TCO",
    ):
        assert term in glossary, term
    assert "6 x N x D / (devices x peak x MFU)" in glossary  # as engine/training.py computes
    assert "TTFT + (output tokens - 1) x TPOT" in glossary  # as results.service_time_s
    assert "MFU" in page(dialog, "Formulas and sources")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_about_shows_versions_and_places_and_copies_them(qtbot, window):
    help_action(window, "About").trigger()
    dialog = window.about_dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    text = dialog.text.toPlainText()
    for needed in (
        f"whatif {installed_version()}",
        f"Qt {qVersion()}",
        f"PySide6 {PySide6.__version__}",
        f"pyqtgraph {pyqtgraph.__version__}",
        f"numpy {numpy.__version__}",
        "Licence: MIT",
        str(user_profile_dir()),
        app_settings().fileName(),
    ):
        assert needed in text, needed
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text
    assert dialog.text.isReadOnly()


def test_no_guide_in_tests_unless_asked(qtbot, window):
    QApplication.processEvents()
    QApplication.processEvents()
    assert getattr(window, "first_run_guide", None) is None


def _outlines(guide, knob) -> bool:
    corner = knob.mapTo(guide.window, QPoint(0, 0))
    return guide.outline.isVisible() and guide.outline.geometry().contains(
        QRect(corner, knob.size())
    )


def test_first_start_shows_the_guide_once_and_its_buttons_walk_the_knobs(qtbot, monkeypatch):
    monkeypatch.delenv("WHATIF_FIRST_RUN_GUIDE")
    window = open_window(qtbot)  # the real start: create_window, then show
    qtbot.waitUntil(lambda: isinstance(getattr(window, "first_run_guide", None), FirstRunGuide))
    guide = window.first_run_guide
    qtbot.waitExposed(guide)
    assert not guide.isModal()
    assert "Query volume" in guide.title.text() and _outlines(guide, window.volume_knob)
    assert not guide.back_button.isEnabled()
    qtbot.mouseClick(guide.next_button, Qt.MouseButton.LeftButton)
    assert "Retraining frequency" in guide.title.text()
    assert _outlines(guide, window.retraining_knob)
    qtbot.mouseClick(guide.next_button, Qt.MouseButton.LeftButton)
    assert "Pruning ratio" in guide.title.text() and guide.next_button.text() == "&Done"
    qtbot.mouseClick(guide.back_button, Qt.MouseButton.LeftButton)
    assert "Retraining frequency" in guide.title.text()
    guide.activateWindow()
    qtbot.keyClick(guide, Qt.Key.Key_Escape)  # Esc dismisses it
    qtbot.waitUntil(lambda: not guide.isVisible())
    assert app_settings().value(SEEN_KEY, False, type=bool)
    # Remembered: the next start does not show it again...
    second = open_window(qtbot)
    QApplication.processEvents()
    QApplication.processEvents()
    assert getattr(second, "first_run_guide", None) is None
    # ...until Help asks for it.
    help_action(second, "Show the first-run guide again").trigger()
    again = second.first_run_guide
    qtbot.waitExposed(again)
    assert "Query volume" in again.title.text()
    for _ in range(3):
        qtbot.mouseClick(again.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible())


@pytest.mark.parametrize("button", ["guide_skip"])
def test_skip_also_remembers(qtbot, monkeypatch, button):
    monkeypatch.delenv("WHATIF_FIRST_RUN_GUIDE")
    window = open_window(qtbot)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "first_run_guide", None), FirstRunGuide))
    guide = window.first_run_guide
    qtbot.mouseClick(guide.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not guide.isVisible())
    assert app_settings().value(SEEN_KEY, False, type=bool)
