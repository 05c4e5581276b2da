"""The first window of a session draws its curves antialiased, as every later one does.

Curves take pyqtgraph's option when they are made; the window's charts were made before its
look was applied, so the first window (the one a user sees) drew them jagged. A fresh
process is the only place where a window is the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import ROOT

FIRST_WINDOW = """
import json
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from whatif.gui.app import create_window, ensure_app
app = ensure_app(offscreen=True)
window = create_window()
flags = [
    item.opts["antialias"]
    for plot in window.plots.plots.values()
    for item in plot.getPlotItem().items
    if isinstance(item, pg.PlotCurveItem)
]
window.state.undo_stack.setClean()
window.close()
window.deleteLater()  # before the interpreter's teardown, which can crash on a live window
app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
print(json.dumps(flags))
"""


def test_the_first_window_of_a_session_draws_its_curves_antialiased(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WHATIF_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    flags = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(flags) >= 15  # every chart's curves
    assert all(flags)
