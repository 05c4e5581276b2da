"""Run in a fresh process by run_bench.py: time to the first painted window, or memory after
a minute of slider use. Prints one JSON line."""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time

START = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402

from whatif.gui.app import create_window, ensure_app  # noqa: E402


class FirstPaint(QObject):
    def __init__(self):
        super().__init__()
        self.painted = False

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def peak_rss_mb() -> float:
    """Peak resident memory of this process image [MB] (VmHWM: unlike ru_maxrss it is not
    inherited from the process that started us)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    mode = sys.argv[1]
    scenario = sys.argv[2]
    app = ensure_app(offscreen=True)
    window = create_window(scenario)
    window.persist_settings = False
    window.resize(1600, 1000)
    watcher = FirstPaint()
    window.plots.plots["heatmap"].viewport().installEventFilter(watcher)
    window.show()
    while not watcher.painted:
        app.processEvents()
    first_paint = time.perf_counter() - START
    rss_start = peak_rss_mb()
    out = {"first_paint_s": first_paint, "rss_start_mb": rss_start}
    if mode == "memory":
        seconds = float(sys.argv[3])
        rng = random.Random(1)
        knobs = [window.volume_knob, window.retraining_knob, window.pruning_knob]
        moves = 0
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            knob = rng.choice(knobs)
            knob.slider.setValue(rng.randint(0, knob.positions))
            app.processEvents()
            moves += 1
        window.state.undo_stack.setClean()
        out.update(moves=moves, peak_rss_mb=peak_rss_mb())
    window.state.undo_stack.setClean()
    window.close()
    # Deleted before the interpreter exits: left to Python's teardown, the window's Qt
    # objects crashed the process (SIGSEGV) in 2-3 runs of 20, after the figures printed.
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
