"""The window with many user profiles (issue 16, items 10 and 16): start, reload, and the
hardware comparison table drawn on the GUI thread.

    QT_QPA_PLATFORM=offscreen python bench/profile_scale.py N [N ...]

For each N, writes N user profiles (bench/many_profiles.py) into a temporary config folder
and prints: the window's start (profiles loaded, window built and shown) [s], a profile
reload (Edit profiles > save) [s], and the table filled with the N + 15 rows and painted,
then redrawn with them (as after each scenario change) [s].
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys, time
start = time.perf_counter()
from PySide6.QtWidgets import QApplication
from whatif.engine.sweeps import hardware_comparison
from whatif.gui.app import create_window
window = create_window(sys.argv[1])
window.resize(1400, 900)
window.show()
QApplication.processEvents()
started = time.perf_counter() - start
t = time.perf_counter()
window.reload_profiles()
QApplication.processEvents()
reload_s = time.perf_counter() - t
scenario = window.state.scenario
rows = hardware_comparison(scenario)
window.tabs.setCurrentWidget(window.hardware_table)
QApplication.processEvents()
times = []
for _ in range(2):  # the first fill, then a redraw (each scenario change redraws)
    t = time.perf_counter()
    window.hardware_table.set_rows(rows, scenario.inference.hardware, scenario.training.hardware)
    QApplication.processEvents()
    window.hardware_table.viewport().repaint()
    times.append(time.perf_counter() - t)
print(f"{len(rows)} profiles: start {started:.2f} s, reload {reload_s:.2f} s, "
      f"table fill {times[0]:.3f} s, redraw {times[1]:.3f} s", flush=True)
window.state.undo_stack.setClean()
window.persist_settings = False
"""


def measure(count: int) -> str:
    """One line of figures for ``count`` user profiles (a fresh process)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from many_profiles import write_profiles

    with tempfile.TemporaryDirectory() as config:
        write_profiles(count, Path(config))
        env = dict(os.environ, WHATIF_CONFIG_DIR=config, QT_QPA_PLATFORM="offscreen")
        scenario = str(ROOT / "resources" / "scenarios" / "chatbot.yaml")
        out = subprocess.run(
            [sys.executable, "-c", CHILD, scenario],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()


if __name__ == "__main__":
    for n in sys.argv[1:] or ["0", "100", "300"]:
        started = time.perf_counter()
        print(measure(int(n)), flush=True)
