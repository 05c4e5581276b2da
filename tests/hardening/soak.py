"""A restless user for soak runs: random actions on the main window, drawn from every kind
the window offers (knobs, typed values, choosers, undo/redo, tabs, theme, pins, demos,
saving and opening). Shared by the memory soak and by exploration scripts."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.helpers import random_edit

TYPED = ["0", "-1", "1e99", "auto", "abc", "", "0.5", "3", "2.5M", "1e12", "weekly", "7"]


def rss_mb() -> float:
    """Resident memory of this process now [MB] (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def hover(plot, rng: random.Random) -> None:
    """Move the pointer over ``plot`` somewhere (as a user reading a value would)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    size = plot.size()
    point = QPoint(rng.randrange(max(size.width(), 1)), rng.randrange(max(size.height(), 1)))
    QTest.mouseMove(plot.viewport() if hasattr(plot, "viewport") else plot, point)


def random_actions(window, rng: random.Random, count: int, saved: Path) -> None:
    """``count`` random actions on ``window``; events are processed every few actions, as
    a user's pauses would let them be."""
    demos = [a for a in window.demos_menu.actions() if a.text()]
    for step in range(count):
        action = rng.randrange(17)
        if action <= 7:
            random_edit(window, rng, TYPED, "slider" if action <= 3 else None)
        elif action == 8:
            window.tabs.setCurrentIndex(rng.randrange(window.tabs.count()))
        elif action == 9 and step % 20 == 0:
            window.dark_action.trigger()
        elif action == 10:
            if len(window.pins) >= 3 or rng.random() < 0.2:
                window.clear_pins()
            else:
                window.pin_current()
        elif action == 11 and step % 40 == 0:
            window.state.undo_stack.setClean()  # nothing to ask about
            rng.choice(demos).trigger()
        elif action == 12 and step % 50 == 0:
            window.save_to(str(saved))
            window.open_path(str(saved))
        elif action == 13 and step % 10 == 0:
            dialog = rng.choice(
                [window.show_optimize, window.show_tornado, window.show_sizing, window.show_ranges]
            )()
            QApplication.processEvents()
            dialog.close()
        elif action == 14 and step % 100 == 0:
            window.export_menu.write_report(str(saved.with_suffix(rng.choice([".html", ".pdf"]))))
        elif action == 15:
            plot = rng.choice(list(window.plots.plots.values()))
            hover(plot, rng)
        else:
            window.pruning_knob.structure.setCurrentIndex(rng.randrange(3))
        if step % 5 == 0:
            QApplication.processEvents()
